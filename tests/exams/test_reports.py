"""Score report, review filters, CSV, time on screen, and history — over real attempts."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from exams import finishing, reports, scoring, services
from exams.models import Attempt, AttemptItem
from tests.factories import UserFactory, positions


def wrong_keys(item):
    return [next(c["key"] for c in item.choices if not c["correct"])]


@pytest.fixture
def finished(client, user, full_mock, bank):
    """A full mock: domain 1 all right, domain 3 all wrong, others: every other slot right,
    slot 75 unanswered, slots 2 and 3 flagged. The owner is signed in."""
    attempt, _ = services.attempt_start(user=user, blueprint=full_mock, seed=21)
    for item in attempt.items.order_by("slot"):
        if item.slot == 75:
            continue
        if item.domain_number == 1 or (item.domain_number != 3 and item.slot % 2 == 0):
            keys = sorted(item.correct_keys())
        else:
            keys = wrong_keys(item)
        services.save_answer(
            attempt_id=attempt.pk,
            user=user,
            slot=item.slot,
            positions=positions(item, keys),
            version=0,
        )
    for slot in (2, 3):
        services.set_flag(attempt_id=attempt.pk, user=user, slot=slot, flagged=True)
    services.submit(attempt_id=attempt.pk, user=user)
    attempt.refresh_from_db()
    client.force_login(user)
    return attempt


def expected_correct(attempt) -> int:
    return sum(
        1
        for i in attempt.items.all()
        if i.slot != 75 and (i.domain_number == 1 or (i.domain_number != 3 and i.slot % 2 == 0))
    )


def test_breakdown_totals_follow_the_split_and_sum_to_the_exam(finished):
    domains = finished.breakdown["domains"]
    assert [(d["number"], d["total"]) for d in domains] == [
        (1, 17),
        (2, 13),
        (3, 11),
        (4, 11),
        (5, 10),
        (6, 13),
    ]
    assert sum(d["total"] for d in domains) == 75
    assert sum(t["total"] for t in finished.breakdown["tasks"]) == 75
    assert domains[0]["correct"] == 17 and domains[2]["correct"] == 0
    assert (
        sum(d["correct"] for d in domains) == finished.correct_count == expected_correct(finished)
    )
    assert finished.scaled_score == scoring.scaled_score(finished.correct_count, 75)
    items = {i.slot: i for i in finished.items.all()}
    assert items[75].is_correct is False
    assert all(items[s].is_correct for s in items if items[s].domain_number == 1)


@pytest.mark.parametrize(
    ("correct", "total", "verdict"),
    [
        (13, 18, scoring.MEETS),
        (12, 18, scoring.NEEDS),
        (8, 11, scoring.MEETS),
        (7, 11, scoring.NEEDS),
        (0, 0, scoring.NEEDS),
    ],
)
def test_domain_classification_is_at_the_pass_share(correct, total, verdict):
    assert scoring.classify(correct, total, 750) == verdict


def test_the_report_shows_score_domains_and_review_links(client, finished):
    response = client.get(reverse("attempt_result", args=[finished.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="scaled-score">{finished.scaled_score}<' in page
    assert f"{finished.correct_count} / 75" in page
    assert "Meets competencies" in page and "Needs improvement" in page
    assert "approximation" in page
    context = response.context
    by_number = {d["number"]: d for d in context["domains"]}
    assert by_number[1]["verdict"] == scoring.MEETS and by_number[3]["verdict"] == scoring.NEEDS
    assert [t["code"] for t in by_number[1]["tasks"]] == ["1.1", "1.2", "1.3", "1.4"]
    counts = {link["key"]: link["count"] for link in context["links"]}
    assert counts == {
        "all": 75,
        "incorrect": 75 - finished.correct_count,
        "flagged": 2,
        "unanswered": 1,
    }
    assert "?show=incorrect&amp;domain=3" in page
    assert "?show=all&amp;task=1.4" in page
    assert reverse("attempt_csv", args=[finished.pk]) in page


def test_review_filter_goes_to_the_first_match_and_keeps_the_filter(client, finished):
    url = reverse("attempt_answers", args=[finished.pk])
    response = client.get(url, {"show": "incorrect", "domain": "3"})
    domain3 = list(finished.items.filter(domain_number=3).order_by("slot"))
    first = domain3[0].slot
    assert response["Location"] == (
        reverse("attempt_answer_detail", args=[finished.pk, first]) + "?show=incorrect&domain=3"
    )
    page = client.get(response["Location"])
    text = page.content.decode()
    assert f"Incorrect in domain 3, 1 of {len(domain3)}" in text
    assert page.context["next"].endswith(f"/answers/{domain3[1].slot}/?show=incorrect&domain=3")
    assert "previous" not in page.context
    last_url = reverse("attempt_answer_detail", args=[finished.pk, domain3[-1].slot])
    last = client.get(last_url + "?show=incorrect&domain=3")
    assert f"{len(domain3)} of {len(domain3)}" in last.content.decode()
    assert "next" not in last.context


def test_review_shows_choices_marks_rationales_explanation_and_links(client, finished):
    item = finished.items.get(slot=1)
    page = client.get(reverse("attempt_answer_detail", args=[finished.pk, 1])).content.decode()
    assert item.stem_html in page
    for choice in item.choices:
        assert choice["rationale"] in page
    assert page.count("Correct answer</span>") == len(sorted(item.correct_keys()))
    assert "Your answer</span>" in page
    assert item.explanation_html in page
    for reference in item.references:
        assert f'href="{reference["url"]}" target="_blank" rel="noopener noreferrer"' in page


def test_review_shows_the_frozen_question_after_the_bank_changes(client, finished):
    item = finished.items.get(slot=5)
    question = item.question
    question.stem = "Edited after the exam"
    question.explanation = "A new explanation"
    question.save()
    question.choices.update(rationale="rewritten", is_correct=False)
    page = client.get(reverse("attempt_answer_detail", args=[finished.pk, 5])).content.decode()
    assert "Edited after the exam" not in page and "rewritten" not in page
    assert item.stem_html in page
    assert page.count("Correct answer</span>") == len(sorted(item.correct_keys()))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"show": "everything"}, "Unknown filter"),
        ({"domain": "x"}, "domain must be a number"),
        ({"task": "1.x"}, "task statement must look like"),
    ],
)
def test_a_bad_review_filter_is_a_400_with_a_message(client, finished, params, message):
    response = client.get(reverse("attempt_answers", args=[finished.pk]), params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_empty_filter_says_so(client, finished):
    response = client.get(
        reverse("attempt_answers", args=[finished.pk]), {"show": "incorrect", "domain": "1"}
    )
    assert response.status_code == 200
    assert "no question matches" in response.content.decode()


def test_csv_has_one_row_per_question(client, finished):
    response = client.get(reverse("attempt_csv", args=[finished.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "slot",
        "domain",
        "task_statement",
        "question_id",
        "chosen",
        "correct",
        "result",
        "seconds",
        "flagged",
    ]
    body = {int(r[0]): r for r in rows[1:]}
    assert len(body) == 75
    assert body[75][4] == "" and body[75][6] == "unanswered"
    assert body[2][8] == "yes" and body[4][8] == "no"
    right = sum(1 for r in body.values() if r[6] == "right")
    assert right == finished.correct_count
    item = finished.items.get(slot=1)
    letters = "".join(chr(65 + i) for i, c in enumerate(item.choices) if c["correct"])
    assert body[1][5] == letters


def test_report_review_and_csv_are_for_the_owner_only(client, finished):
    client.force_login(UserFactory())
    for url in (
        reverse("attempt_result", args=[finished.pk]),
        reverse("attempt_csv", args=[finished.pk]),
        reverse("attempt_answers", args=[finished.pk]),
        reverse("attempt_answer_detail", args=[finished.pk, 1]),
    ):
        assert client.get(url).status_code == 404


def test_review_of_an_attempt_in_progress_goes_back_to_the_exam(client, attempt):
    client.force_login(attempt.user)
    resume = reverse("attempt_resume", args=[attempt.pk])
    for url in (
        reverse("attempt_answers", args=[attempt.pk]),
        reverse("attempt_answer_detail", args=[attempt.pk, 1]),
        reverse("attempt_csv", args=[attempt.pk]),
        reverse("attempt_result", args=[attempt.pk]),
    ):
        assert client.get(url)["Location"] == resume


def test_time_on_screen_is_recorded_as_the_candidate_navigates(attempt):
    t0 = attempt.started_at
    services.record_view(attempt, 1, now=t0 + timedelta(seconds=5))
    services.record_view(attempt, 2, now=t0 + timedelta(seconds=65))
    services.record_view(attempt, 1, now=t0 + timedelta(seconds=95))
    services.record_view(attempt, 3, now=t0 + timedelta(seconds=100))
    attempt.refresh_from_db()
    assert attempt.seconds_by_slot == {"1": 65, "2": 30}
    assert attempt.current_slot == 3
    services.submit(attempt_id=attempt.pk, user=attempt.user, now=t0 + timedelta(seconds=130))
    attempt.refresh_from_db()
    assert attempt.seconds_by_slot == {"1": 65, "2": 30, "3": 30}
    assert attempt.current_slot is None


def test_a_long_absence_is_capped(attempt):
    t0 = attempt.started_at
    services.record_view(attempt, 1, now=t0)
    services.record_view(attempt, 2, now=t0 + timedelta(minutes=25))
    attempt.refresh_from_db()
    assert attempt.seconds_by_slot == {"1": finishing.MAX_STRETCH_SECONDS}


def test_history_trend_and_weakest_domains(user, full_mock, bank, client):
    for seed in (1, 2):
        a, _ = services.attempt_start(user=user, blueprint=full_mock, seed=seed)
        for item in a.items.all():
            keys = sorted(item.correct_keys()) if item.domain_number != 5 else wrong_keys(item)
            services.save_answer(
                attempt_id=a.pk,
                user=user,
                slot=item.slot,
                positions=positions(item, keys),
                version=0,
            )
        services.submit(attempt_id=a.pk, user=user)
    client.force_login(user)
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert 'id="score-trend"' in page and 'id="domain-trend"' in page
    assert "Scaled score: " in page  # the chart's text description for screen readers
    weakest = response.context["weakest"]
    assert weakest[0]["number"] == 5 and weakest[0]["percent"] == 0
    assert "show=incorrect&amp;domain=5" in page
    chart = response.context["score_chart"]
    assert [p.value for p in chart.lines[0].points] == [880, 880]  # 65 of 75 right


def test_history_chart_geometry_is_clamped_and_ordered():
    from exams.charts import line_chart

    chart = line_chart(["a", "b", "c"], {"s": [100, None, 1000]}, vmin=100, vmax=1000, grid=[750])
    (line,) = chart.lines
    assert [p.label for p in line.points] == ["a", "c"]
    assert line.points[0].y > line.points[1].y  # higher score, higher on the chart
    assert line.points[0].x < line.points[1].x


def _finish_many(user, blueprint, count):
    for seed in range(count):
        a, _ = services.attempt_start(user=user, blueprint=blueprint, seed=100 + seed)
        services.submit(attempt_id=a.pk, user=user)


@pytest.mark.parametrize("finished_attempts", [1, 6])
def test_dashboard_sql_is_flat_in_attempts(
    client, user, quick, bank, finished_attempts, django_assert_num_queries
):
    _finish_many(user, quick, finished_attempts)
    client.force_login(user)
    # the user (the session is cached), overdue check, in progress, finished, blueprints
    with django_assert_num_queries(5):
        client.get(reverse("home"))


@pytest.mark.parametrize("blueprint_name", ["Quick practice", "DOP-C02 full mock"])
def test_report_and_review_sql_is_flat(
    client, user, blueprints, bank, blueprint_name, django_assert_num_queries
):
    attempt, _ = services.attempt_start(user=user, blueprint=blueprints[blueprint_name])
    services.submit(attempt_id=attempt.pk, user=user)
    client.force_login(user)
    # the user (the session is cached), attempt, light item rows — for 20 questions as for 75
    with django_assert_num_queries(3):
        client.get(reverse("attempt_result", args=[attempt.pk]))
    # the user, the attempt, the item, light item rows
    with django_assert_num_queries(4):
        client.get(reverse("attempt_answer_detail", args=[attempt.pk, 20]) + "?show=all")


def test_expired_attempt_report_says_time_ran_out(client, attempt):
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(hours=1))
    client.force_login(attempt.user)
    page = client.get(reverse("attempt_result", args=[attempt.pk]), follow=True)
    assert "Time ran out" in page.content.decode()
    assert AttemptItem.objects.filter(attempt=attempt, is_correct=False).count() == 20
    assert reports.item_states(Attempt.objects.get(pk=attempt.pk))[0].answered is False
