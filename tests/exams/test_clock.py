"""The server's clock rules."""

from datetime import UTC, datetime, timedelta

from exams import clock

START = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def test_deadline_includes_the_accommodation():
    assert clock.deadline_for(START, 180) == START + timedelta(minutes=180)
    assert clock.deadline_for(START, 180, 30) == START + timedelta(minutes=210)


def test_saves_are_accepted_until_the_grace_runs_out():
    deadline = START + timedelta(minutes=30)
    assert clock.accepts_saves(deadline, deadline + clock.SAVE_GRACE)
    assert not clock.accepts_saves(deadline, deadline + clock.SAVE_GRACE + timedelta(seconds=1))
    assert clock.is_overdue(deadline, deadline + timedelta(minutes=1))


def test_time_up_is_believed_only_at_the_deadline():
    deadline = START + timedelta(minutes=30)
    assert not clock.time_is_up(deadline, deadline - timedelta(minutes=5))
    assert not clock.time_is_up(deadline, deadline - timedelta(seconds=3))
    assert clock.time_is_up(deadline, deadline - timedelta(seconds=1))
    assert clock.time_is_up(deadline, deadline + timedelta(seconds=1))
