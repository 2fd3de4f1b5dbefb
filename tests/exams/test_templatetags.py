"""The exam screen's display filters."""

from datetime import timedelta

from exams.templatetags.exam import clock, duration, letter


def test_clock_shows_hours_minutes_seconds_and_never_goes_negative():
    assert clock(3 * 3600 + 5 * 60 + 7) == "3:05:07"
    assert clock(-5) == "0:00:00"
    assert clock(None) == "0:00:00"


def test_letters_follow_the_options():
    assert [letter(i) for i in range(6)] == list("ABCDEF")


def test_duration_takes_a_timedelta_or_nothing():
    assert duration(timedelta(minutes=90, seconds=1)) == "1:30:01"
    assert duration(None) == "—"
