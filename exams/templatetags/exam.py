"""Small display helpers for the exam screens."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

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


@register.simple_tag
def navigator_cells(question_prefix: str, states, current_slot, oob=False):
    """The navigator's cells, built in one pass: this runs on every question page.

    Only integers and fixed words go into the markup besides the question URL prefix (see
    exams.links), which is escaped once; Django's per-value escaping of 75 cells cost more
    than the rest of the page.
    """
    prefix = escape(question_prefix)
    swap = ' hx-swap-oob="true"' if oob else ""
    cells = []
    for state in states:
        slot = int(state.slot)
        classes, label, current = "nav-cell", "", ""
        if state.answered:
            classes += " is-answered"
            label += " answered"
        if state.flagged:
            classes += " is-flagged"
            label += " flagged"
        if slot == current_slot:
            classes += " is-current"
            current = ' aria-current="page"'
        # A cell with no state is read by its number alone; the others say what it holds.
        label = f' aria-label="{slot}{label}"' if label else ""
        link = (
            f'<a id="nav-{slot}" href="{prefix}{slot}/" class="{classes}"{current}{label}{swap}>'
            f"{slot}</a>"
        )
        cells.append(link if oob else f"<li>{link}</li>")
    return mark_safe("".join(cells))  # noqa: S308 — integers, fixed words, one escaped URL


@register.simple_tag
def choice_inputs(item):
    """The options of the exam screen as labelled inputs, built in one pass (see
    navigator_cells): a template loop over them was 5 % of the page's instructions.

    Option text is the snapshot's HTML, sanitised when the question was saved (as |safe
    renders it elsewhere); keys are escaped; the rest is fixed words and letters.
    """
    selected = set(item.selected)
    input_type = "checkbox" if item.type == "multiple" else "radio"
    labels = []
    for index, choice in enumerate(item.shown_choices()):
        key = escape(choice["key"])
        checked = " checked" if choice["key"] in selected else ""
        labels.append(
            f'<label class="choice"><input type="{input_type}" name="choice" value="{key}"'
            f'{checked}><span class="choice-letter" aria-hidden="true">{letter(index)}</span>'
            f'<span class="choice-text prose">{choice["html"]}</span></label>'
        )
    return mark_safe("".join(labels))  # noqa: S308 — sanitised snapshot HTML, escaped keys
