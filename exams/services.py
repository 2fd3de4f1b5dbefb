"""State changes of an attempt: start, open a question, save, flag, submit, time up, expire.

What time it is for an attempt, and what each action does then, is exams.lifecycle's to say;
this module does it. Every transition is guarded in the database (a conditional UPDATE on
status, a version check on the item), never by check-then-act in Python, so double submits and
races end in one result.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from exams import clock, lifecycle, selectors
from exams.assembly import assemble
from exams.finishing import finalise, record_view
from exams.lifecycle import Action
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


@dataclass(frozen=True)
class QuestionScreen:
    """What the question page shows: the item (with its attempt) and the navigator."""

    attempt: Attempt
    item: AttemptItem
    states: list[selectors.SlotState]


def open_question(
    *, attempt_id: int, user, slot: int, now: datetime | None = None
) -> QuestionScreen:
    """The candidate opens one question: time on screen moves to it. Raises AttemptFinished
    once the attempt is over (it is finished first if its time ran out)."""
    now = now or timezone.now()
    item = _own_item(attempt_id, user, slot)
    _require(item.attempt, Action.VIEW, now)
    record_view(item.attempt, slot, now)
    return QuestionScreen(item.attempt, item, selectors.slot_states(attempt_id))


def open_attempt(*, attempt_id: int, user, now: datetime | None = None) -> Attempt:
    """The user's attempt as it stands now: finished first if its time ran out."""
    attempt = _own_attempt(attempt_id, user)
    _settle(attempt, Action.VIEW, now or timezone.now())
    return attempt


def save_answer(
    *,
    attempt_id: int,
    user,
    slot: int,
    positions: list[int],
    version: int,
    now: datetime | None = None,
) -> AttemptItem:
    """Store the candidate's choice for one slot, if it is current and in time.

    `positions` are the chosen options' places as shown (1 is the first): the page never
    carries an option's id, which would tell the order the author wrote them in. Returns the
    item as saved, with `.attempt` and `.answered_count`.
    """
    now = now or timezone.now()
    item = _own_item(attempt_id, user, slot)
    _require(item.attempt, Action.SAVE, now)
    keys = _keys_at(item, positions)
    if version != item.version:
        if sorted(keys) == sorted(item.selected):
            return item  # a retry of a save whose reply was lost: already stored
        raise StaleAnswer(STALE_MESSAGE, item)
    answered_at = now if keys else None
    if not _guarded_save(item, keys=keys, version=version, answered_at=answered_at):
        # Lost a race since the read: the attempt ended, or another tab saved this slot.
        current = _own_item(attempt_id, user, slot)
        _require(current.attempt, Action.SAVE, now)
        if sorted(keys) == sorted(current.selected):
            return current
        raise StaleAnswer(STALE_MESSAGE, current)
    item.answered_count += bool(keys) - (item.answered_at is not None)
    item.selected, item.version, item.answered_at = keys, version + 1, answered_at
    return item


def set_flag(
    *, attempt_id: int, user, slot: int, flagged: bool, now: datetime | None = None
) -> AttemptItem:
    """Mark or unmark a question for review (idempotent); refused when a save would be."""
    now = now or timezone.now()
    item = _own_item(attempt_id, user, slot)
    _require(item.attempt, Action.FLAG, now)
    running = Attempt.objects.filter(pk=item.attempt_id, status=Attempt.Status.IN_PROGRESS)
    if not AttemptItem.objects.filter(pk=item.pk, attempt__in=running).update(flagged=flagged):
        raise AttemptFinished(lifecycle.FINISHED_MESSAGE)
    item.flagged = flagged
    return item


def submit(*, attempt_id: int, user, now: datetime | None = None) -> Attempt:
    """End the exam at the candidate's request; submitting twice changes nothing."""
    attempt = _own_attempt(attempt_id, user)
    _settle(attempt, Action.SUBMIT, now or timezone.now())
    return attempt


def time_up(*, attempt_id: int, user, now: datetime | None = None) -> Attempt:
    """The browser says time is up: believed only at the deadline, ignored before it."""
    attempt = _own_attempt(attempt_id, user)
    _settle(attempt, Action.TIME_UP, now or timezone.now())
    return attempt


def expire_overdue(*, now: datetime | None = None, user=None) -> tuple[int, int]:
    """Finish every attempt whose time is over, at its deadline. Returns (expired, failed).

    The query only narrows the search; lifecycle.decide has the last word on each attempt.
    One broken attempt is logged and skipped; it does not stop the rest.
    """
    now = now or timezone.now()
    overdue = Attempt.objects.filter(
        status=Attempt.Status.IN_PROGRESS, deadline__lt=now - clock.SAVE_GRACE
    )
    if user is not None:
        overdue = overdue.filter(user=user)
    expired = failed = 0
    for attempt in overdue.only("pk", "deadline", "status"):
        outcome = _decide(attempt, Action.EXPIRE, now)
        if not outcome.finish_as:
            continue
        try:
            if finalise(attempt, status=outcome.finish_as, finished_at=outcome.finished_at):
                expired += 1
        except Exception:
            failed += 1
            logger.exception("Could not finalise overdue attempt %s", attempt.pk)
    return expired, failed


# --- helpers --------------------------------------------------------------------------------


def _decide(attempt: Attempt, action: Action, now: datetime) -> lifecycle.Outcome:
    return lifecycle.decide(action, status=attempt.status, deadline=attempt.deadline, now=now)


def _settle(attempt: Attempt, action: Action, now: datetime) -> lifecycle.Outcome:
    """Ask the state machine about `action` now, and finish the attempt if it says so."""
    outcome = _decide(attempt, action, now)
    if outcome.finish_as:
        finalise(attempt, status=outcome.finish_as, finished_at=outcome.finished_at)
        attempt.refresh_from_db()
    return outcome


def _require(attempt: Attempt, action: Action, now: datetime) -> None:
    """Settle the attempt; raise AttemptFinished unless `action` may go ahead."""
    outcome = _settle(attempt, action, now)
    if not outcome.proceed:
        raise AttemptFinished(outcome.refusal or lifecycle.FINISHED_MESSAGE)


def _own_attempt(attempt_id: int, user) -> Attempt:
    attempt = Attempt.objects.filter(pk=attempt_id, user=user).first()
    if attempt is None:
        raise NotFound("No such exam.")
    return attempt


def _own_item(attempt_id: int, user, slot: int) -> AttemptItem:
    item = selectors.exam_item(attempt_id=attempt_id, user=user, slot=slot)
    if item is None:
        raise NotFound("No such exam question.")
    return item


# The one hand-written statement of the exam engine (docs/performance.md): the answer is
# stored only if the version is the one the page had and the attempt is still in progress.
# On PostgreSQL the attempt row is read FOR SHARE, so a racing submit (which updates that row)
# either waits for this save and grades it, or makes this save find the attempt finished and
# change nothing; SQLite gets the same order from its single writer. The ORM cannot put a row
# lock inside an UPDATE's subquery.
GUARDED_SAVE_SQL = """
    UPDATE exams_attemptitem SET selected = %s, answered_at = %s, version = version + 1
     WHERE id = %s AND version = %s AND attempt_id IN (
           SELECT id FROM exams_attempt WHERE id = %s AND status = 'in_progress'{lock})"""


def _guarded_save(item: AttemptItem, *, keys: list[str], version: int, answered_at) -> bool:
    """Run GUARDED_SAVE_SQL; True if the answer was stored."""
    lock = " FOR SHARE" if connection.features.has_select_for_update else ""
    field = AttemptItem._meta.get_field
    params = [
        field("selected").get_db_prep_save(keys, connection),
        field("answered_at").get_db_prep_save(answered_at, connection),
        item.pk,
        version,
        item.attempt_id,
    ]
    with connection.cursor() as cursor:
        cursor.execute(GUARDED_SAVE_SQL.format(lock=lock), params)
        return cursor.rowcount == 1


def _keys_at(item: AttemptItem, positions: list[int]) -> list[str]:
    """The keys of the options shown at `positions`, checked against the question's rules."""
    if len(set(positions)) != len(positions):
        raise InvalidAnswer("The same option was sent twice.")
    if not all(1 <= position <= len(item.choices) for position in positions):
        raise InvalidAnswer("That option does not belong to this question.")
    keys = [item.choices[position - 1]["key"] for position in positions]
    if len(keys) > item.choose:
        if item.choose == 1:
            raise InvalidAnswer("Choose only one option for this question.")
        raise InvalidAnswer(f"Choose at most {item.choose} options for this question.")
    return keys


STALE_MESSAGE = (
    "This answer was changed elsewhere (another tab or window) since this page loaded. "
    "The latest saved answer is shown."
)
