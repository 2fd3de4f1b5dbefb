"""The attempt state machine, table-driven: every state × action × time, pure and through the
services against the database (what the candidate sees, what is stored, how it ends)."""

from datetime import UTC, datetime, timedelta

import pytest

from exams import lifecycle, services
from exams.lifecycle import Action, Phase
from exams.models import Attempt

DEADLINE = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
TIMES = {
    "before": timedelta(minutes=-10),
    "grace": timedelta(seconds=5),  # past the deadline, within the save grace
    "after": timedelta(minutes=1),  # past the deadline and its grace
}
STATES = ("in_progress", "submitted", "expired")
LATE, DONE = lifecycle.LATE_MESSAGE, lifecycle.FINISHED_MESSAGE

# (action, time) → (proceed, finish as, finished at "now"/"deadline", refusal) while running.
RUNNING = {
    ("view", "before"): (True, None, None, ""),
    ("save", "before"): (True, None, None, ""),
    ("flag", "before"): (True, None, None, ""),
    ("submit", "before"): (False, "submitted", "now", ""),
    ("time_up", "before"): (True, None, None, ""),  # a countdown that ran ahead: ignored
    ("expire", "before"): (False, None, None, ""),
    ("view", "grace"): (True, None, None, ""),
    ("save", "grace"): (True, None, None, ""),
    ("flag", "grace"): (True, None, None, ""),
    ("submit", "grace"): (False, "submitted", "deadline", ""),
    ("time_up", "grace"): (False, "expired", "deadline", ""),
    ("expire", "grace"): (False, None, None, ""),  # a late save may still arrive
    ("view", "after"): (False, "expired", "deadline", ""),
    ("save", "after"): (False, "expired", "deadline", LATE),
    ("flag", "after"): (False, "expired", "deadline", LATE),
    ("submit", "after"): (False, "expired", "deadline", ""),
    ("time_up", "after"): (False, "expired", "deadline", ""),
    ("expire", "after"): (False, "expired", "deadline", ""),
}


def expected(state: str, action: str, time: str) -> lifecycle.Outcome:
    if state != "in_progress":  # finished: nothing happens, writes are refused
        return lifecycle.Outcome(False, refusal=DONE if action in ("save", "flag") else "")
    proceed, finish_as, at, refusal = RUNNING[(action, time)]
    now = DEADLINE + TIMES[time]
    finished_at = {None: None, "now": now, "deadline": DEADLINE}[at]
    return lifecycle.Outcome(proceed, finish_as, finished_at, refusal)


CASES = [(s, a.value, t) for s in STATES for a in Action for t in TIMES]


def test_the_table_covers_every_state_action_and_time():
    assert len(CASES) == 3 * 6 * 3
    assert {(a, t) for _, a, t in CASES} == set(RUNNING)


@pytest.mark.parametrize(("state", "action", "time"), CASES)
def test_decide(state, action, time):
    now = DEADLINE + TIMES[time]
    outcome = lifecycle.decide(Action(action), status=state, deadline=DEADLINE, now=now)
    assert outcome == expected(state, action, time)


def test_phases():
    def at(time, status="in_progress"):
        return lifecycle.phase(status, DEADLINE, DEADLINE + TIMES[time])

    assert [at(t) for t in TIMES] == [Phase.RUNNING, Phase.GRACE, Phase.OVER]
    assert (
        {at(t, "submitted") for t in TIMES} == {at(t, "expired") for t in TIMES} == {Phase.FINISHED}
    )


def test_a_browser_time_up_is_believed_only_in_the_last_seconds():
    early = lifecycle.decide(
        Action.TIME_UP, status="in_progress", deadline=DEADLINE, now=DEADLINE - timedelta(seconds=1)
    )
    assert early.finish_as == "expired"


# --- the same table through the services and the database ------------------------------------


def act(action: str, attempt: Attempt, now):
    """Do `action` as the candidate (or the expiry job) would, at `now`."""
    item = attempt.items.get(slot=1)
    common = {"attempt_id": attempt.pk, "user": attempt.user, "now": now}
    if action == "view":
        return services.open_question(slot=1, **common)
    if action == "save":
        return services.save_answer(slot=1, positions=[1], version=item.version, **common)
    if action == "flag":
        return services.set_flag(slot=1, flagged=True, **common)
    if action == "submit":
        return services.submit(**common)
    if action == "time_up":
        return services.time_up(**common)
    return services.expire_overdue(now=now, user=attempt.user)


@pytest.mark.parametrize(("state", "action", "time"), CASES)
def test_services_follow_the_table(attempt, state, action, time):
    now = DEADLINE + TIMES[time]
    if state != "in_progress":
        services.finalise(attempt, status=state, finished_at=attempt.started_at)
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=DEADLINE - timedelta(minutes=30), deadline=DEADLINE
    )
    attempt.refresh_from_db()
    before = Attempt.objects.get(pk=attempt.pk)
    want = expected(state, action, time)

    refused = None
    try:
        act(action, attempt, now)
    except services.AttemptFinished as error:
        refused = error.message

    after = Attempt.objects.get(pk=attempt.pk)
    item = after.items.get(slot=1)
    if want.finish_as:
        assert (after.status, after.finished_at) == (want.finish_as, want.finished_at)
        assert after.scaled_score is not None
    else:
        assert (after.status, after.finished_at) == (before.status, before.finished_at)
    writes = action in ("save", "flag")
    if writes:
        stored = bool(item.selected) if action == "save" else item.flagged
        assert stored is want.proceed
    if writes and not want.proceed:
        assert refused == want.refusal
    elif action == "view":
        assert (refused is None) is want.proceed
    else:
        assert refused is None
