"""Races with real threads on a real database (file SQLite, or PostgreSQL via DATABASE_URL).

Whatever the interleaving: exactly one finished attempt, one score, and every answer that was
reported saved is counted in it.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from exams import scoring, services
from exams.models import Attempt, AttemptItem
from tests.factories import UserFactory, make_bank, positions

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(*jobs):
    """Run callables in threads released at the same moment; return their results/exceptions."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def runner(index, job):
        try:
            barrier.wait(timeout=10)
            results[index] = job()
        except Exception as exc:  # noqa: BLE001 — the test inspects what each thread got
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def racing_attempt(guide, blueprints):
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("concurrency needs a file database")
    make_bank(per_task=2)
    user = UserFactory()
    attempt, _ = services.attempt_start(user=user, blueprint=blueprints["Quick practice"], seed=8)
    return attempt


def recount(attempt) -> int:
    return sum(
        scoring.grade_item(i.selected, sorted(i.correct_keys()))
        for i in AttemptItem.objects.filter(attempt=attempt)
    )


def test_double_submit_yields_one_finished_attempt(racing_attempt):
    user = racing_attempt.user
    results = run_together(
        *[lambda: services.submit(attempt_id=racing_attempt.pk, user=user) for _ in range(4)]
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    racing_attempt.refresh_from_db()
    assert racing_attempt.status == Attempt.Status.SUBMITTED
    assert {r.finished_at for r in results} == {racing_attempt.finished_at}
    assert racing_attempt.scaled_score == 100


def test_submit_racing_autosaves_counts_exactly_the_saved_answers(racing_attempt):
    user = racing_attempt.user
    items = list(racing_attempt.items.all())

    def saver(item):
        return lambda: services.save_answer(
            attempt_id=racing_attempt.pk,
            user=user,
            slot=item.slot,
            positions=positions(item, item.correct_keys()),
            version=0,
        )

    jobs = [saver(item) for item in items[:12]]
    jobs.insert(6, lambda: services.submit(attempt_id=racing_attempt.pk, user=user))
    results = run_together(*jobs)
    unexpected = [
        r
        for r in results
        if isinstance(r, Exception) and not isinstance(r, services.AttemptFinished)
    ]
    assert unexpected == []
    racing_attempt.refresh_from_db()
    assert racing_attempt.status == Attempt.Status.SUBMITTED
    saved = [r for r in results if isinstance(r, AttemptItem)]
    refused = [r for r in results if isinstance(r, services.AttemptFinished)]
    assert len(saved) + len(refused) == 12
    assert racing_attempt.correct_count == recount(racing_attempt) == len(saved)
    for result in saved:
        stored = AttemptItem.objects.get(pk=result.pk)
        assert stored.selected == result.selected


def test_submit_racing_the_expiry_job_scores_once(racing_attempt):
    user = racing_attempt.user
    item = racing_attempt.items.get(slot=1)
    services.save_answer(
        attempt_id=racing_attempt.pk,
        user=user,
        slot=1,
        positions=positions(item, item.correct_keys()),
        version=0,
    )
    Attempt.objects.filter(pk=racing_attempt.pk).update(
        deadline=timezone.now() - timedelta(minutes=5)
    )
    results = run_together(
        lambda: services.submit(attempt_id=racing_attempt.pk, user=user),
        lambda: services.expire_overdue(),
        lambda: services.expire_overdue(),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    racing_attempt.refresh_from_db()
    assert racing_attempt.status == Attempt.Status.EXPIRED
    assert racing_attempt.finished_at == racing_attempt.deadline
    assert racing_attempt.correct_count == 1
    assert sum(r[0] for r in results[1:]) <= 1


def test_concurrent_starts_create_one_attempt(guide, blueprints):
    make_bank(per_task=2)
    user = UserFactory()
    quick = blueprints["Quick practice"]
    results = run_together(
        *[lambda: services.attempt_start(user=user, blueprint=quick) for _ in range(3)]
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Attempt.objects.filter(user=user).count() == 1
    assert len({attempt.pk for attempt, _ in results}) == 1
    assert AttemptItem.objects.filter(attempt__user=user).count() == 20


def test_a_save_that_reaches_the_database_during_a_submit_waits_and_is_refused(
    racing_attempt, monkeypatch
):
    """The submit has ended the attempt but not committed when the save (which read the
    attempt as running) writes: the save must wait for the submit and then change nothing,
    so no answer is ever reported saved yet left out of the score."""
    user = racing_attempt.user
    item = racing_attempt.items.get(slot=2)
    grading, release = threading.Event(), threading.Event()
    breakdown = scoring.breakdown

    def slow_breakdown(graded):
        grading.set()
        assert release.wait(timeout=10)
        return breakdown(graded)

    monkeypatch.setattr(scoring, "breakdown", slow_breakdown)
    outcome: dict = {}

    def submit():
        outcome["submit"] = services.submit(attempt_id=racing_attempt.pk, user=user)
        connections.close_all()

    def save():
        try:
            outcome["save"] = services.save_answer(
                attempt_id=racing_attempt.pk,
                user=user,
                slot=2,
                positions=positions(item, item.correct_keys()),
                version=0,
            )
        except services.ExamError as exc:
            outcome["save"] = exc
        finally:
            connections.close_all()

    submitter = threading.Thread(target=submit)
    submitter.start()
    assert grading.wait(timeout=10)  # the attempt row is updated, the items already read
    saver = threading.Thread(target=save)
    saver.start()
    saver.join(timeout=0.5)
    assert saver.is_alive(), f"the save did not wait for the submit: {outcome.get('save')}"
    release.set()
    submitter.join(timeout=10)
    saver.join(timeout=10)
    assert isinstance(outcome["save"], services.AttemptFinished)
    assert AttemptItem.objects.get(pk=item.pk).selected == []
    racing_attempt.refresh_from_db()
    assert racing_attempt.status == Attempt.Status.SUBMITTED
    assert racing_attempt.correct_count == 0
