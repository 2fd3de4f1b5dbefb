"""Assembling an attempt: the split, spread, unseen first, reproducible, frozen."""

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from exams import services
from exams.assembly import Candidate, NotEnoughQuestions, choose_questions
from exams.models import Attempt, AttemptItem
from questions.models import Question
from tests.factories import QuestionFactory, UserFactory, make_bank

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def pool(domain_tasks: dict[int, dict[str, int]], seen: dict[int, datetime] | None = None):
    """Candidates: {domain: {task: count}}; ids are sequential; `seen` maps id → last given."""
    seen = seen or {}
    out, qid = [], 0
    for domain, tasks in domain_tasks.items():
        for task, count in tasks.items():
            for _ in range(count):
                qid += 1
                out.append(Candidate(qid, domain, task, seen.get(qid)))
    return out


def test_split_is_exact_and_nothing_repeats():
    candidates = pool({1: {"1.1": 10, "1.2": 10}, 2: {"2.1": 10}})
    ids = choose_questions(candidates, {1: 7, 2: 4}, random.Random(1))
    assert len(ids) == len(set(ids)) == 11
    by_id = {c.question_id: c for c in candidates}
    assert Counter(by_id[i].domain for i in ids) == {1: 7, 2: 4}


def test_a_domain_is_spread_across_its_task_statements():
    candidates = pool({1: {"1.1": 20, "1.2": 20, "1.3": 20, "1.4": 20}})
    ids = choose_questions(candidates, {1: 17}, random.Random(7))
    by_id = {c.question_id: c for c in candidates}
    spread = Counter(by_id[i].task for i in ids)
    assert sorted(spread.values()) == [4, 4, 4, 5]


def test_unseen_questions_come_first_then_the_least_recently_given():
    seen = {i: T0 + timedelta(days=i) for i in range(1, 9)}  # ids 1–8 seen, 1 the oldest
    candidates = pool({1: {"1.1": 10}}, seen)
    assert sorted(choose_questions(candidates, {1: 2}, random.Random(3))) == [9, 10]
    assert sorted(choose_questions(candidates, {1: 4}, random.Random(3))) == [1, 2, 9, 10]


def test_shortfall_names_the_domain_and_never_borrows():
    candidates = pool({1: {"1.1": 3}, 2: {"2.1": 50}})
    with pytest.raises(NotEnoughQuestions) as caught:
        choose_questions(candidates, {1: 5, 2: 4}, random.Random(0))
    (short,) = caught.value.shortfalls
    assert (short.domain, short.needed, short.available) == (1, 5, 3)


def test_same_seed_same_draw_and_order():
    candidates = pool({1: {"1.1": 30, "1.2": 30}, 2: {"2.1": 30}})
    first = choose_questions(candidates, {1: 10, 2: 5}, random.Random(99))
    assert first == choose_questions(list(reversed(candidates)), {1: 10, 2: 5}, random.Random(99))
    assert first != choose_questions(candidates, {1: 10, 2: 5}, random.Random(100))


def test_full_mock_follows_the_exam_split(user, full_mock, bank):
    attempt, created = services.attempt_start(user=user, blueprint=full_mock, seed=5)
    assert created
    items = list(attempt.items.all())
    assert [i.slot for i in items] == list(range(1, 76))
    assert Counter(i.domain_number for i in items) == {1: 17, 2: 13, 3: 11, 4: 11, 5: 10, 6: 13}
    assert len({i.question_id for i in items}) == 75
    assert attempt.deadline - attempt.started_at == timedelta(minutes=180)


def test_choice_order_is_shuffled_per_attempt_and_reproducible(guide, quick, bank):
    a, _ = services.attempt_start(user=UserFactory(), blueprint=quick, seed=11)
    b, _ = services.attempt_start(user=UserFactory(), blueprint=quick, seed=11)
    c, _ = services.attempt_start(user=UserFactory(), blueprint=quick, seed=12)
    orders = lambda attempt: [[ch["key"] for ch in i.choices] for i in attempt.items.all()]  # noqa: E731
    assert orders(a) == orders(b)
    assert orders(a) != orders(c)
    stored = {
        q.pk: [str(ch.pk) for ch in q.choices.all()]
        for q in Question.objects.prefetch_related("choices")
    }
    shown = {i.question_id: [ch["key"] for ch in i.choices] for i in a.items.all()}
    assert any(shown[qid] != stored[qid] for qid in shown), "some choice order differs"


def test_next_attempt_prefers_questions_not_seen_before(user, quick, guide):
    make_bank(per_task=3)  # 57 questions; quick practice takes 20
    first, _ = services.attempt_start(user=user, blueprint=quick, seed=1)
    services.submit(attempt_id=first.pk, user=user)
    second, _ = services.attempt_start(user=user, blueprint=quick, seed=2)
    seen = set(first.items.values_list("question_id", flat=True))
    again = set(second.items.values_list("question_id", flat=True))
    assert not seen & again


def test_starting_with_a_thin_bank_explains_the_shortfall(user, quick, guide):
    QuestionFactory.create_batch(2, task="3.1")
    with pytest.raises(NotEnoughQuestions) as caught:
        services.attempt_start(user=user, blueprint=quick)
    message = str(caught.value)
    assert "Domain 3 (Resilient Cloud Solutions) needs 3 published questions" in message
    assert "1 short" in message
    assert not Attempt.objects.exists()


def test_the_snapshot_survives_edits_retirement_and_deletion(attempt):
    item = attempt.items.get(slot=1)
    before = (item.stem_html, item.choices, item.explanation_html, item.references)
    question = item.question
    question.stem = "Completely rewritten stem"
    question.save()
    question.choices.update(is_correct=False, text="changed")
    question.status = Question.Status.RETIRED
    question.save()
    item.refresh_from_db()
    assert (item.stem_html, item.choices, item.explanation_html, item.references) == before
    question.delete()
    item.refresh_from_db()
    assert item.question_id is None
    assert (item.stem_html, item.choices) == before[:2]
    assert AttemptItem.objects.filter(attempt=attempt).count() == 20


def test_drafts_and_retired_questions_are_never_drawn(user, quick, guide):
    make_bank(per_task=3)
    Question.objects.filter(task_statement__code="1.1").update(status=Question.Status.DRAFT)
    attempt, _ = services.attempt_start(user=user, blueprint=quick, seed=3)
    assert not attempt.items.filter(task_code="1.1").exists()


def test_starting_a_full_mock_costs_a_fixed_number_of_queries(
    user, full_mock, bank, django_assert_max_num_queries
):
    # overdue check, running attempt, blueprint weights, history, candidates, questions,
    # choices, references, insert attempt, insert items (+ savepoints): never one per question
    with django_assert_max_num_queries(14):
        attempt, _ = services.attempt_start(user=user, blueprint=full_mock, seed=3)
    assert attempt.items.count() == 75
