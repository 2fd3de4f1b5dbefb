"""Pick an attempt's questions: the blueprint's split, spread, unseen first, reproducible."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.db.models import Max

from exams.models import Attempt, AttemptItem
from questions.apportionment import apportion
from questions.markdown import render_markdown
from questions.models import Choice, Domain, Question, Reference


class Candidate(NamedTuple):
    """A published question that could be drawn, and when this candidate last got it (a named
    tuple: one is made per question in the bank; see docs/performance.md)."""

    question_id: int
    domain: int
    task: str
    last_given: datetime | None = None


@dataclass(frozen=True)
class Shortfall:
    domain: int
    name: str
    needed: int
    available: int

    def __str__(self) -> str:
        return (
            f"Domain {self.domain} ({self.name}) needs {self.needed} published questions but "
            f"the bank has {self.available}: {self.needed - self.available} short."
        )


class NotEnoughQuestions(Exception):
    """The bank cannot fill the blueprint's split; nothing is borrowed from other domains."""

    def __init__(self, shortfalls: list[Shortfall]):
        self.shortfalls = shortfalls
        super().__init__(" ".join(str(s) for s in shortfalls))


def choose_questions(
    candidates: Iterable[Candidate], quotas: dict[int, int], rng: random.Random
) -> list[int]:
    """Question ids for each domain's quota, in exam order. Raises NotEnoughQuestions.

    Within a domain, questions never given to this candidate come first, then the least
    recently given; within each of those tiers picks rotate across task statements so the
    domain is spread evenly. The final order is shuffled.
    """
    by_domain: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in sorted(candidates, key=lambda c: c.question_id):
        by_domain[candidate.domain].append(candidate)
    shortfalls = [
        Shortfall(domain, "", quota, len(by_domain[domain]))
        for domain, quota in sorted(quotas.items())
        if len(by_domain[domain]) < quota
    ]
    if shortfalls:
        raise NotEnoughQuestions(shortfalls)
    chosen: list[int] = []
    for domain, quota in sorted(quotas.items()):
        chosen.extend(_spread_pick(by_domain[domain], quota, rng))
    rng.shuffle(chosen)
    return chosen


def _spread_pick(pool: list[Candidate], quota: int, rng: random.Random) -> list[int]:
    """Pick `quota` ids: unseen before seen, rotating across task statements.

    Unseen questions are sampled per task statement (at most `quota` each), never shuffled
    wholesale, so the cost does not grow with the size of the bank.
    """
    unseen_by_task: dict[str, list[Candidate]] = defaultdict(list)
    seen: list[Candidate] = []
    for candidate in pool:
        if candidate.last_given is None:
            unseen_by_task[candidate.task].append(candidate)
        else:
            seen.append(candidate)
    tasks = sorted({c.task for c in pool})
    rng.shuffle(tasks)
    tie_break = {task: i for i, task in enumerate(tasks)}
    unseen = [
        c
        for task in tasks
        for c in rng.sample(unseen_by_task[task], min(quota, len(unseen_by_task[task])))
    ]
    rng.shuffle(seen)  # random among equals, then oldest first (sort is stable)
    seen.sort(key=lambda c: c.last_given)
    picked_per_task: dict[str, int] = defaultdict(int)
    picked: list[int] = []
    for tier in (unseen, seen):
        queues: dict[str, list[Candidate]] = defaultdict(list)
        for candidate in tier:
            queues[candidate.task].append(candidate)
        while len(picked) < quota and any(queues.values()):
            task = min(
                (t for t, q in queues.items() if q),
                key=lambda t: (picked_per_task[t], tie_break[t]),
            )
            picked.append(queues[task].pop(0).question_id)
            picked_per_task[task] += 1
    return picked


def assemble(attempt: Attempt) -> list[AttemptItem]:
    """Draw and freeze the attempt's items (unsaved): what is shown and what counts as correct."""
    rng = random.Random(attempt.seed)
    blueprint = attempt.blueprint
    quotas = apportion(attempt.question_count, blueprint.domain_weights())
    last_given = dict(
        AttemptItem.objects.filter(attempt__user_id=attempt.user_id, question__isnull=False)
        .values("question_id")
        .annotate(last=Max("attempt__started_at"))
        .values_list("question_id", "last")
    )
    # No ORDER BY: choose_questions orders by id itself, and sorting the whole bank by the
    # model's default ordering (a collated text sort) took most of this query on PostgreSQL.
    rows = (
        Question.objects.filter(
            status=Question.Status.PUBLISHED,
            task_statement__domain__guide_id=blueprint.guide_id,
            task_statement__domain__number__in=list(quotas),
        )
        .order_by()
        .values_list("id", "task_statement__domain__number", "task_statement__code")
    )
    candidates = [Candidate(qid, domain, task, last_given.get(qid)) for qid, domain, task in rows]
    try:
        ids = choose_questions(candidates, quotas, rng)
    except NotEnoughQuestions as exc:
        names = dict(
            Domain.objects.filter(guide_id=blueprint.guide_id).values_list("number", "name")
        )
        raise NotEnoughQuestions(
            [
                Shortfall(s.domain, names.get(s.domain, ""), s.needed, s.available)
                for s in exc.shortfalls
            ]
        ) from None
    return _freeze(attempt, ids, rng)


def _freeze(attempt: Attempt, ids: list[int], rng: random.Random) -> list[AttemptItem]:
    questions = Question.objects.filter(pk__in=ids).select_related("task_statement__domain")
    questions = {q.pk: q for q in questions}
    # Plain rows grouped by question, not prefetch_related: Django builds a queryset for each
    # of the 75 questions and each relation, which cost more than reading the rows.
    choices_of = _rows_by_question(
        Choice.objects.filter(question_id__in=ids).order_by("question_id", "order", "id"),
        "id",
        "text",
        "text_html",
        "is_correct",
        "rationale",
    )
    references_of = _rows_by_question(
        Reference.objects.filter(question_id__in=ids).order_by("question_id", "order", "id"),
        "title",
        "url",
    )
    items = []
    for slot, qid in enumerate(ids, start=1):
        question = questions[qid]
        choices = [
            {
                "key": str(choice["id"]),
                "html": choice["text_html"] or str(render_markdown(choice["text"])),
                "correct": choice["is_correct"],
                "rationale": choice["rationale"],
            }
            for choice in choices_of[qid]
        ]
        rng.shuffle(choices)
        task = question.task_statement
        items.append(
            AttemptItem(
                attempt=attempt,
                slot=slot,
                question=question,
                external_id=question.external_id,
                domain_number=task.domain.number,
                domain_name=task.domain.name,
                task_code=task.code,
                task_title=task.title,
                type=question.type,
                choose=question.choose,
                stem_html=question.stem_html or str(render_markdown(question.stem)),
                choices=choices,
                explanation_html=question.explanation_html
                or str(render_markdown(question.explanation)),
                references=references_of[qid],
            )
        )
    return items


def _rows_by_question(queryset, *names: str) -> dict[int, list[dict]]:
    """{question id: [{name: value}, …]} in the queryset's order."""
    grouped: dict[int, list[dict]] = defaultdict(list)
    for question_id, *values in queryset.values_list("question_id", *names):
        grouped[question_id].append(dict(zip(names, values, strict=True)))
    return grouped
