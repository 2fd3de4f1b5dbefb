"""The attempt state machine: start/resume, saves and versions, flags, submit, time up, expiry."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from exams import clock, services
from exams.models import Attempt, AttemptItem
from tests.factories import UserFactory, positions


def first_keys(item: AttemptItem, n: int = 1) -> list[str]:
    return [c["key"] for c in item.choices[:n]]


def save(attempt, slot, keys, version=None, **kwargs):
    item = attempt.items.get(slot=slot)
    return services.save_answer(
        attempt_id=attempt.pk,
        user=attempt.user,
        slot=slot,
        positions=positions(item, keys),
        version=item.version if version is None else version,
        **kwargs,
    )


def test_starting_again_resumes_the_attempt_in_progress(user, quick, bank):
    first, created = services.attempt_start(user=user, blueprint=quick)
    again, created_again = services.attempt_start(user=user, blueprint=quick)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Attempt.objects.filter(user=user).count() == 1


def test_one_attempt_in_progress_per_blueprint_is_enforced_by_the_database(attempt):
    from django.db import IntegrityError, transaction

    duplicate = Attempt(
        user=attempt.user,
        blueprint=attempt.blueprint,
        seed=1,
        title="x",
        question_count=20,
        duration_minutes=30,
        pass_mark=750,
        deadline=attempt.deadline,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_esl_accommodation_adds_thirty_minutes(quick, bank):
    candidate = UserFactory(esl_extra_time=True)
    attempt, _ = services.attempt_start(user=candidate, blueprint=quick)
    assert attempt.extra_minutes == 30
    assert attempt.deadline - attempt.started_at == timedelta(minutes=60)


def test_saving_bumps_the_version_and_counts_answers(attempt):
    item = attempt.items.get(slot=1)
    result = save(attempt, 1, first_keys(item))
    assert (result.version, result.answered_count) == (1, 1)
    item.refresh_from_db()
    assert item.selected == first_keys(item)
    assert item.answered_at is not None
    cleared = save(attempt, 1, [])
    assert (cleared.version, cleared.answered_count) == (2, 0)


def test_a_stale_save_is_refused_and_keeps_the_newer_answer(attempt):
    item = attempt.items.get(slot=2)
    keys = [c["key"] for c in item.choices]
    save(attempt, 2, [keys[0]], version=0)  # tab A
    with pytest.raises(services.StaleAnswer) as caught:
        save(attempt, 2, [keys[1]], version=0)  # tab B, loaded before A saved
    assert caught.value.status == 409
    assert caught.value.item.selected == [keys[0]]
    item.refresh_from_db()
    assert (item.selected, item.version) == ([keys[0]], 1)


def test_a_retry_of_a_save_that_already_landed_is_accepted(attempt):
    item = attempt.items.get(slot=3)
    keys = first_keys(item)
    save(attempt, 3, keys, version=0)
    again = save(attempt, 3, keys, version=0)  # the reply was lost; the browser retries
    assert again.version == 1


def _another_tab_saves_first(monkeypatch, attempt, slot, keys):
    """Between the save's read and its UPDATE, another tab stores `keys` in the slot."""
    update = services._guarded_save

    def racing_update(item, **kwargs):
        AttemptItem.objects.filter(attempt=attempt, slot=slot).update(
            selected=keys, version=item.version + 1, answered_at=timezone.now()
        )
        return update(item, **kwargs)

    monkeypatch.setattr(services, "_guarded_save", racing_update)


def test_a_save_that_loses_the_race_to_another_tab_is_stale(attempt, monkeypatch):
    item = attempt.items.filter(type="single").first()
    theirs, mine = first_keys(item), [item.choices[1]["key"]]
    _another_tab_saves_first(monkeypatch, attempt, item.slot, theirs)
    with pytest.raises(services.StaleAnswer):
        save(attempt, item.slot, mine, version=0)
    item.refresh_from_db()
    assert (item.selected, item.version) == (theirs, 1)


def test_a_save_that_loses_the_race_to_the_same_answer_is_accepted(attempt, monkeypatch):
    item = attempt.items.filter(type="single").first()
    keys = first_keys(item)
    _another_tab_saves_first(monkeypatch, attempt, item.slot, keys)
    result = save(attempt, item.slot, keys, version=0)
    assert result.selected == keys
    item.refresh_from_db()
    assert (item.selected, item.version) == (keys, 1)


@pytest.mark.parametrize(
    ("make_keys", "message"),
    [
        (lambda item, other: [other.choices[0]["key"]], "does not belong to this question"),
        (lambda item, other: ["999999999"], "does not belong to this question"),
        (lambda item, other: [c["key"] for c in item.choices[:2]], "Choose only one"),
        (lambda item, other: [item.choices[0]["key"]] * 2, "sent twice"),
    ],
)
def test_tampered_answers_are_refused_and_nothing_is_saved(attempt, make_keys, message):
    single = attempt.items.filter(type="single").first()
    other = attempt.items.exclude(pk=single.pk).first()
    with pytest.raises(services.InvalidAnswer, match=message):
        save(attempt, single.slot, make_keys(single, other))
    single.refresh_from_db()
    assert (single.selected, single.version) == ([], 0)


def test_multiple_response_refuses_more_than_asked(attempt):
    item = attempt.items.filter(type="multiple").first()
    keys = [c["key"] for c in item.choices[: item.choose + 1]]
    with pytest.raises(services.InvalidAnswer, match=f"at most {item.choose}"):
        save(attempt, item.slot, keys)
    assert save(attempt, item.slot, keys[: item.choose]).version == 1


def test_a_slot_that_does_not_exist_is_not_found(attempt):
    with pytest.raises(services.NotFound):
        services.save_answer(
            attempt_id=attempt.pk, user=attempt.user, slot=999, positions=[], version=0
        )


def test_another_users_attempt_is_not_found(attempt):
    stranger = UserFactory()
    with pytest.raises(services.NotFound):
        services.save_answer(attempt_id=attempt.pk, user=stranger, slot=1, positions=[], version=0)
    with pytest.raises(services.NotFound):
        services.submit(attempt_id=attempt.pk, user=stranger)


def test_saves_within_the_grace_are_kept_and_later_ones_refused(attempt):
    item = attempt.items.get(slot=1)
    in_grace = attempt.deadline + clock.SAVE_GRACE - timedelta(seconds=1)
    save(attempt, 1, first_keys(item), now=in_grace)
    late = attempt.deadline + clock.SAVE_GRACE + timedelta(seconds=1)
    other = attempt.items.get(slot=2)
    with pytest.raises(services.AttemptFinished, match="after the exam ended"):
        save(attempt, 2, first_keys(other), now=late)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.EXPIRED
    assert attempt.finished_at == attempt.deadline
    other.refresh_from_db()
    assert other.selected == []
    assert attempt.items.get(slot=1).selected == first_keys(item)


def test_flags_toggle_and_are_refused_after_the_end(attempt):
    item = services.set_flag(attempt_id=attempt.pk, user=attempt.user, slot=4, flagged=True)
    assert item.flagged and attempt.items.get(slot=4).flagged
    services.set_flag(attempt_id=attempt.pk, user=attempt.user, slot=4, flagged=False)
    assert not attempt.items.get(slot=4).flagged
    services.submit(attempt_id=attempt.pk, user=attempt.user)
    with pytest.raises(services.AttemptFinished):
        services.set_flag(attempt_id=attempt.pk, user=attempt.user, slot=4, flagged=True)


def test_submit_scores_once_and_a_second_submit_changes_nothing(attempt):
    for item in attempt.items.all()[:5]:
        save(attempt, item.slot, sorted(item.correct_keys()))
    done = services.submit(attempt_id=attempt.pk, user=attempt.user)
    assert done.status == Attempt.Status.SUBMITTED
    assert (done.correct_count, done.scaled_score, done.passed) == (5, 325, False)
    finished_at = done.finished_at
    again = services.submit(
        attempt_id=attempt.pk, user=attempt.user, now=timezone.now() + timedelta(minutes=5)
    )
    assert (again.finished_at, again.scaled_score) == (finished_at, 325)
    with pytest.raises(services.AttemptFinished):
        save(attempt, 6, [])


def test_a_forged_time_up_before_the_deadline_is_ignored(attempt):
    early = attempt.deadline - timedelta(minutes=10)
    result = services.time_up(attempt_id=attempt.pk, user=attempt.user, now=early)
    assert result.status == Attempt.Status.IN_PROGRESS
    at_zero = services.time_up(attempt_id=attempt.pk, user=attempt.user, now=attempt.deadline)
    assert at_zero.status == Attempt.Status.EXPIRED
    assert at_zero.finished_at == attempt.deadline


def test_submitting_after_the_grace_counts_as_expired_at_the_deadline(attempt):
    late = attempt.deadline + timedelta(hours=2)
    done = services.submit(attempt_id=attempt.pk, user=attempt.user, now=late)
    assert (done.status, done.finished_at) == (Attempt.Status.EXPIRED, attempt.deadline)


def test_expire_command_finishes_abandoned_attempts_at_their_deadline(attempt, quick, capsys):
    item = attempt.items.get(slot=1)
    save(attempt, 1, sorted(item.correct_keys()))
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - timedelta(hours=2),
        deadline=timezone.now() - timedelta(hours=1, minutes=30),
    )
    running, _ = services.attempt_start(user=UserFactory(), blueprint=quick)
    call_command("expire_attempts")
    assert "Expired 1 attempt(s)." in capsys.readouterr().out
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.EXPIRED
    assert attempt.finished_at == attempt.deadline
    assert attempt.correct_count == 1
    running.refresh_from_db()
    assert running.status == Attempt.Status.IN_PROGRESS
    call_command("expire_attempts")
    assert "Expired 0 attempt(s)." in capsys.readouterr().out


def test_one_broken_attempt_does_not_stop_the_expiry_of_the_rest(attempt, quick, monkeypatch):
    other, _ = services.attempt_start(user=UserFactory(), blueprint=quick)
    past = timezone.now() - timedelta(hours=1)
    Attempt.objects.update(deadline=past)
    real_finalise = services.finalise

    def flaky(target, **kwargs):
        if target.pk == attempt.pk:
            raise RuntimeError("corrupt attempt")
        return real_finalise(target, **kwargs)

    monkeypatch.setattr(services, "finalise", flaky)
    assert services.expire_overdue() == (1, 1)
    other.refresh_from_db()
    assert other.status == Attempt.Status.EXPIRED


def test_starting_a_new_exam_finalises_an_overdue_one_first(attempt, quick):
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(hours=1))
    fresh, created = services.attempt_start(user=attempt.user, blueprint=quick)
    assert created and fresh.pk != attempt.pk
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.EXPIRED
