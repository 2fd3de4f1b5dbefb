"""The server's clock rules for an attempt: deadline, save grace, and when time is up."""

from datetime import datetime, timedelta

# A save sent just before the deadline may arrive a little after it.
SAVE_GRACE = timedelta(seconds=15)
# A browser's "time is up" is believed this close to the deadline, never earlier.
TIME_UP_TOLERANCE = timedelta(seconds=2)
ESL_EXTRA_MINUTES = 30


def deadline_for(started_at: datetime, duration_minutes: int, extra_minutes: int = 0) -> datetime:
    """When the attempt ends: start + duration + any accommodation."""
    return started_at + timedelta(minutes=duration_minutes + extra_minutes)


def accepts_saves(deadline: datetime, now: datetime) -> bool:
    """Answers are accepted until the deadline plus a small grace for the network."""
    return now <= deadline + SAVE_GRACE


def is_overdue(deadline: datetime, now: datetime) -> bool:
    """Past the deadline and its grace: the attempt must be finalised."""
    return not accepts_saves(deadline, now)


def time_is_up(deadline: datetime, now: datetime) -> bool:
    """Whether a browser's "time is up" can be believed (a forged early one cannot)."""
    return now >= deadline - TIME_UP_TOLERANCE
