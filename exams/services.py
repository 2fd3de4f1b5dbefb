"""State changes of an attempt: start, save an answer, flag, submit, time up, expire.

Every transition is guarded in the database (a conditional UPDATE on status, a version check on
the item), never by check-then-act in Python, so double submits and races end in one result.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from config import rawsql
from exams import clock, scoring, selectors
from exams.assembly import assemble
from exams.models import Attempt, AttemptItem, Blueprint

logger = logging.getLogger(__name__)


class ExamError(Exception):
    """A refusal the candidate can understand; `status` is the HTTP status to answer with."""

    status = 400

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class InvalidAnswer(ExamError):
    status = 400


class NotFound(ExamError):
    status = 404


class AttemptFinished(ExamError):
    status = 409


class StaleAnswer(ExamError):
    """The answer changed since this page loaded (another tab, or a late retry)."""

    status = 409

    def __init__(self, message: str, item: AttemptItem):
        self.item = item
        super().__init__(message)


def attempt_start(
    *, user, blueprint: Blueprint, now: datetime | None = None, seed: int | None = None
) -> tuple[Attempt, bool]:
    """Start a mock, or return the one already in progress for this blueprint.

    Returns (attempt, created). Raises NotEnoughQuestions when the bank cannot fill the split.
    """
    now = now or timezone.now()
    expire_overdue(now=now, user=user)
    existing = Attempt.objects.filter(
        user=user, blueprint=blueprint, status=Attempt.Status.IN_PROGRESS
    ).first()
    if existing:
        return existing, False
    extra = clock.ESL_EXTRA_MINUTES if getattr(user, "esl_extra_time", False) else 0
    attempt = Attempt(
        user=user,
        blueprint=blueprint,
        seed=seed if seed is not None else secrets.randbits(62),
        title=blueprint.name,
        question_count=blueprint.question_count,
        duration_minutes=blueprint.duration_minutes,
        extra_minutes=extra,
        pass_mark=blueprint.pass_mark,
        started_at=now,
        deadline=clock.deadline_for(now, blueprint.duration_minutes, extra),
    )
    try:
        with transaction.atomic():
            attempt.save()
            AttemptItem.objects.bulk_create(assemble(attempt))
    except IntegrityError:
        # A concurrent request (a double click) started the same blueprint first: resume it.
        existing = Attempt.objects.filter(
            user=user, blueprint=blueprint, status=Attempt.Status.IN_PROGRESS
        ).first()
        if existing is None:
            raise
        return existing, False
    return attempt, True


@dataclass
class SaveResult:
    attempt: Attempt
    item: AttemptItem
    answered_count: int


def save_answer(
    *, attempt_id: int, user, slot: int, keys: list[str], version: int, now: datetime | None = None
) -> SaveResult:
    """Store the candidate's choice for one slot, if it is current and in time."""
    now = now or timezone.now()
    item = _own_item(attempt_id, user, slot)
    attempt = item.attempt
    if attempt.is_in_progress and clock.is_overdue(attempt.deadline, now):
        finalise(attempt, status=Attempt.Status.EXPIRED, finished_at=attempt.deadline)
        raise AttemptFinished(
            "Time is up: this answer arrived after the exam ended and was not saved."
        )
    _require_in_progress(attempt)
    _validate_keys(item, keys)
    if version != item.version:
        if sorted(keys) == sorted(item.selected):
            # A retry of a save whose reply was lost: already stored, nothing to do.
            return SaveResult(attempt, item, item.answered)
        raise StaleAnswer(_stale_message(), item)
    answered_at = now if keys else None
    stored = _update_running_item(
        item,
        "selected = %s, version = version + 1, answered_at = %s",
        [
            rawsql.db_value(AttemptItem, "selected", keys),
            rawsql.db_value(AttemptItem, "answered_at", answered_at),
        ],
        "version = %s",
        [version],
    )
    if not stored:
        # Lost a race since the read: the attempt ended, or another tab saved this slot.
        current = _own_item(attempt_id, user, slot)
        _require_in_progress(current.attempt)
        if sorted(keys) == sorted(current.selected):
            return SaveResult(current.attempt, current, current.answered)
        raise StaleAnswer(_stale_message(), current)
    answered = item.answered - (item.answered_at is not None) + bool(keys)
    item.selected, item.version, item.answered_at = keys, version + 1, answered_at
    return SaveResult(attempt, item, answered)


def set_flag(
    *, attempt_id: int, user, slot: int, flagged: bool, now: datetime | None = None
) -> AttemptItem:
    """Mark or unmark a question for review (idempotent)."""
    now = now or timezone.now()
    item = _own_item(attempt_id, user, slot, also="nothing")
    _require_in_progress(item.attempt)
    if clock.is_overdue(item.attempt.deadline, now):
        raise AttemptFinished("Time is up: the exam has ended.")
    flagged_value = rawsql.db_value(AttemptItem, "flagged", flagged)
    if not _update_running_item(item, "flagged = %s", [flagged_value]):
        raise AttemptFinished("This exam has already ended; answers can no longer change.")
    item.flagged = flagged
    return item


def submit(*, attempt_id: int, user, now: datetime | None = None) -> Attempt:
    """End the exam at the candidate's request; submitting twice changes nothing."""
    now = now or timezone.now()
    attempt = _own_attempt(attempt_id, user)
    if attempt.is_in_progress:
        if clock.is_overdue(attempt.deadline, now):
            finalise(attempt, status=Attempt.Status.EXPIRED, finished_at=attempt.deadline)
        else:
            finalise(
                attempt, status=Attempt.Status.SUBMITTED, finished_at=min(now, attempt.deadline)
            )
    attempt.refresh_from_db()
    return attempt


def time_up(*, attempt_id: int, user, now: datetime | None = None) -> Attempt:
    """The browser says time is up: believed only at the deadline, ignored before it."""
    now = now or timezone.now()
    attempt = _own_attempt(attempt_id, user)
    if attempt.is_in_progress and clock.time_is_up(attempt.deadline, now):
        finalise(attempt, status=Attempt.Status.EXPIRED, finished_at=attempt.deadline)
        attempt.refresh_from_db()
    return attempt


def finalise(attempt: Attempt, *, status: str, finished_at: datetime) -> bool:
    """Finish an attempt exactly once and store its score; False if it was already finished."""
    with transaction.atomic():
        won = Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.IN_PROGRESS).update(
            status=status, finished_at=finished_at
        )
        if not won:
            return False
        timing = Attempt.objects.values(
            "current_slot", "current_since", "seconds_by_slot", "pass_mark"
        ).get(pk=attempt.pk)
        rows = (
            AttemptItem.objects.filter(attempt_id=attempt.pk)
            .order_by("slot")
            .values_list(
                "pk",
                "selected",
                "choices",
                "domain_number",
                "domain_name",
                "task_code",
                "task_title",
            )
        )
        graded, right = [], []
        for pk, selected, choices, domain, domain_name, task, task_title in rows:
            ok = scoring.grade_item(selected, [c["key"] for c in choices if c["correct"]])
            graded.append(scoring.GradedItem(domain, domain_name, task, task_title, ok))
            if ok:
                right.append(pk)
        items = AttemptItem.objects.filter(attempt_id=attempt.pk)
        items.filter(pk__in=right).update(is_correct=True)
        items.exclude(pk__in=right).update(is_correct=False)
        correct = sum(g.correct for g in graded)
        scaled = scoring.scaled_score(correct, len(graded))
        Attempt.objects.filter(pk=attempt.pk).update(
            correct_count=correct,
            scaled_score=scaled,
            passed=scaled >= timing["pass_mark"],
            breakdown=scoring.breakdown(graded),
            seconds_by_slot=_add_time_on_screen(
                timing["seconds_by_slot"],
                timing["current_slot"],
                timing["current_since"],
                finished_at,
            ),
            current_slot=None,
            current_since=None,
        )
    return True


# A stretch on one question longer than this is counted as this long: a laptop left closed
# overnight is not time spent on the question.
MAX_STRETCH_SECONDS = 15 * 60


def _add_time_on_screen(
    seconds: dict, slot: int | None, since: datetime | None, until: datetime
) -> dict:
    """The per-slot seconds with the stretch since `since` added to `slot`."""
    seconds = dict(seconds or {})
    if slot is None or since is None:
        return seconds
    stretch = int(max(0.0, min((until - since).total_seconds(), MAX_STRETCH_SECONDS)))
    seconds[str(slot)] = seconds.get(str(slot), 0) + stretch
    return seconds


def record_view(attempt: Attempt, slot: int, now: datetime | None = None) -> None:
    """The candidate is now looking at `slot`: close the previous stretch, start a new one.

    One UPDATE, guarded on the attempt still running and on nobody else having moved the
    stretch since it was read (a lost race only loses a few seconds of timing, never answers).
    """
    now = min(now or timezone.now(), attempt.deadline)
    seconds = _add_time_on_screen(
        attempt.seconds_by_slot, attempt.current_slot, attempt.current_since, now
    )
    since = attempt.current_since
    rawsql.execute(
        "UPDATE exams_attempt SET current_slot = %s, current_since = %s, seconds_by_slot = %s"
        " WHERE id = %s AND status = %s AND "
        + ("current_since IS NULL" if since is None else "current_since = %s"),
        [
            slot,
            rawsql.db_value(Attempt, "current_since", now),
            rawsql.db_value(Attempt, "seconds_by_slot", seconds),
            attempt.pk,
            Attempt.Status.IN_PROGRESS,
            *([] if since is None else [rawsql.db_value(Attempt, "current_since", since)]),
        ],
    )
    attempt.current_slot, attempt.current_since, attempt.seconds_by_slot = slot, now, seconds


def expire_overdue(*, now: datetime | None = None, user=None) -> tuple[int, int]:
    """Finalise every attempt past its deadline, at the deadline. Returns (expired, failed).

    One broken attempt is logged and skipped; it does not stop the rest.
    """
    now = now or timezone.now()
    overdue = Attempt.objects.filter(
        status=Attempt.Status.IN_PROGRESS, deadline__lt=now - clock.SAVE_GRACE
    )
    if user is not None:
        overdue = overdue.filter(user=user)
    expired = failed = 0
    for attempt in overdue.only("pk", "deadline", "pass_mark", "status"):
        try:
            if finalise(attempt, status=Attempt.Status.EXPIRED, finished_at=attempt.deadline):
                expired += 1
        except Exception:
            failed += 1
            logger.exception("Could not finalise overdue attempt %s", attempt.pk)
    return expired, failed


def finalise_if_overdue(attempt: Attempt, now: datetime | None = None) -> Attempt:
    """On any request that touches an attempt: end it at its deadline if time ran out."""
    now = now or timezone.now()
    if attempt.is_in_progress and clock.is_overdue(attempt.deadline, now):
        finalise(attempt, status=Attempt.Status.EXPIRED, finished_at=attempt.deadline)
        attempt.refresh_from_db()
    return attempt


# --- helpers --------------------------------------------------------------------------------


def _own_attempt(attempt_id: int, user) -> Attempt:
    attempt = Attempt.objects.filter(pk=attempt_id, user=user).first()
    if attempt is None:
        raise NotFound("No such exam.")
    return attempt


def _own_item(attempt_id: int, user, slot: int, also="answered") -> AttemptItem:
    """One slot of the user's attempt, with its attempt and (unless also="nothing") the
    attempt's answered count."""
    item = selectors.exam_item(attempt_id=attempt_id, user=user, slot=slot, also=also)
    if item is None:
        raise NotFound("No such exam question.")
    return item


def _update_running_item(
    item: AttemptItem, assignments: str, values: list, condition: str = "", params=()
) -> bool:
    """One UPDATE of the item, made only while its attempt is still in progress.

    A single statement, so SQLite holds its write lock for microseconds, not for a request.
    On PostgreSQL the attempt row is read FOR SHARE: a concurrent submit (which updates that
    row) waits for this statement and then scores the new answer, or this statement waits
    for the submit and then finds the attempt finished and changes nothing. SQLite gets the
    same order from its single writer (finalise runs in one write transaction).
    """
    lock = " FOR SHARE" if connection.features.has_select_for_update else ""
    sql = (
        f"UPDATE exams_attemptitem SET {assignments} WHERE id = %s"
        f"{' AND ' + condition if condition else ''}"
        " AND attempt_id IN (SELECT id FROM exams_attempt WHERE id = %s AND status = %s"
        f"{lock})"
    )
    params = [*values, item.pk, *params, item.attempt_id, Attempt.Status.IN_PROGRESS]
    return rawsql.execute(sql, params) == 1


def _require_in_progress(attempt: Attempt) -> None:
    if not attempt.is_in_progress:
        raise AttemptFinished("This exam has already ended; answers can no longer change.")


def _validate_keys(item: AttemptItem, keys: list[str]) -> None:
    if len(set(keys)) != len(keys):
        raise InvalidAnswer("The same option was sent twice.")
    unknown = set(keys) - item.choice_keys()
    if unknown:
        raise InvalidAnswer("That option does not belong to this question.")
    if len(keys) > item.choose:
        if item.choose == 1:
            raise InvalidAnswer("Choose only one option for this question.")
        raise InvalidAnswer(f"Choose at most {item.choose} options for this question.")


def _stale_message() -> str:
    return (
        "This answer was changed elsewhere (another tab or window) since this page loaded. "
        "The latest saved answer is shown."
    )
