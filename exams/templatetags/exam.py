"""Small display helpers for the exam screens."""

from django import template

register = template.Library()


@register.filter
def clock(seconds: int) -> str:
    """Seconds as H:MM:SS, the way the countdown shows them."""
    seconds = max(0, int(seconds or 0))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


@register.filter
def letter(index: int) -> str:
    """0 → A, 1 → B …: option letters as printed on the exam."""
    return chr(ord("A") + int(index))


@register.filter
def duration(value) -> str:
    """A timedelta (or seconds) as H:MM:SS."""
    if value is None:
        return "—"
    seconds = value.total_seconds() if hasattr(value, "total_seconds") else value
    return clock(int(seconds))
