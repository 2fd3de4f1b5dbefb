"""The attempt state machine: what time it is for an attempt, and what each action does then.

Pure: every caller (the question page, save, flag, submit, the browser's time-up, the
dashboard and the expiry command) asks `decide()` and does what it says, so a late flag is
treated exactly like a late save and no caller keeps its own idea of "overdue".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from exams import clock

IN_PROGRESS, SUBMITTED, EXPIRED = "in_progress", "submitted", "expired"


class Phase(StrEnum):
    RUNNING = "running"  # before the deadline
    GRACE = "grace"  # past the deadline, within the grace a late network reply gets
    OVER = "over"  # past the deadline and its grace, but not yet finished in the database
    FINISHED = "finished"  # submitted or expired


class Action(StrEnum):
    VIEW = "view"  # open a question, the review or the end screen
    SAVE = "save"  # store an answer
    FLAG = "flag"  # mark or unmark for review
    SUBMIT = "submit"  # the candidate ends the exam
    TIME_UP = "time_up"  # the browser's countdown reached zero
    EXPIRE = "expire"  # the dashboard or the expiry command sweeps overdue attempts


WRITES = (Action.SAVE, Action.FLAG)
FINISHED_MESSAGE = "This exam has already ended; answers can no longer change."
LATE_MESSAGE = "Time is up: this change arrived after the exam ended and was not saved."


@dataclass(frozen=True)
class Outcome:
    """What to do: finish the attempt first (as `finish_as`, at `finished_at`), then either do
    the action (`proceed`) or refuse it with `refusal`; neither means "show the result"."""

    proceed: bool
    finish_as: str | None = None
    finished_at: datetime | None = None
    refusal: str = ""


def phase(status: str, deadline: datetime, now: datetime) -> Phase:
    """Where an attempt stands at `now`."""
    if status != IN_PROGRESS:
        return Phase.FINISHED
    if now < deadline:
        return Phase.RUNNING
    if clock.accepts_saves(deadline, now):
        return Phase.GRACE
    return Phase.OVER


def decide(action: Action, *, status: str, deadline: datetime, now: datetime) -> Outcome:
    """The one rule for every action at every time; see tests/exams/test_lifecycle.py."""
    current = phase(status, deadline, now)
    if current is Phase.FINISHED:
        return Outcome(proceed=False, refusal=FINISHED_MESSAGE if action in WRITES else "")
    if current is Phase.OVER:
        refusal = LATE_MESSAGE if action in WRITES else ""
        return Outcome(False, finish_as=EXPIRED, finished_at=deadline, refusal=refusal)
    if action is Action.SUBMIT:
        return Outcome(False, finish_as=SUBMITTED, finished_at=min(now, deadline))
    if action is Action.TIME_UP:
        if clock.time_is_up(deadline, now):
            return Outcome(False, finish_as=EXPIRED, finished_at=deadline)
        return Outcome(proceed=True)  # a countdown that ran ahead: resync, nothing ends
    if action is Action.EXPIRE:
        return Outcome(proceed=False)  # within the grace a late save may still arrive
    return Outcome(proceed=True)
