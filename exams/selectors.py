"""Read-side queries for the exam screens and the dashboard."""

from typing import Literal, NamedTuple

from django.db import connection
from django.utils import timezone

from config import rawsql
from exams import reports
from exams.models import Attempt, AttemptItem, Blueprint


class SlotState(NamedTuple):
    """One navigator cell: enough to draw it, nothing about the key."""

    slot: int
    answered: bool
    flagged: bool


# What the exam screen and the answer and flag requests need of a slot and of its attempt;
# every other field is deferred (reading one would cost a query, which the SQL-count tests see).
_ITEM = rawsql.fields(
    AttemptItem,
    *("id", "attempt_id", "slot", "type", "choose", "stem_html", "choices", "selected"),
    *("flagged", "version", "answered_at"),
)
_ATTEMPT = rawsql.fields(
    Attempt,
    *("id", "user_id", "status", "title", "question_count", "deadline", "pass_mark"),
    *("current_slot", "current_since", "seconds_by_slot"),
)
_EXAM_ITEM_SQL_TEMPLATE = f"""
    SELECT {rawsql.columns("i", _ITEM)}, {rawsql.columns("a", _ATTEMPT)}, {{extra}}
      FROM exams_attemptitem i JOIN exams_attempt a ON a.id = i.attempt_id
     WHERE i.attempt_id = %s AND a.user_id = %s AND i.slot = %s"""
_ANSWERED_COUNT = """(SELECT COUNT(*) FROM exams_attemptitem answered
                       WHERE answered.attempt_id = a.id AND answered.answered_at IS NOT NULL)"""
# The navigator as one string, a digit per slot in slot order: answered + 2 × flagged. Slots
# run 1..question_count without gaps (assembly numbers them so), so position n is slot n.
# SQLite 3.40 has no ORDER BY inside an aggregate; it concatenates an ordered subquery's rows
# in that order (tests.exams.test_selectors checks it against the per-row query).
_STATES_BY_VENDOR = {
    "sqlite": """(SELECT group_concat(digit, '') FROM (
        SELECT (s.answered_at IS NOT NULL) + 2 * s.flagged AS digit FROM exams_attemptitem s
         WHERE s.attempt_id = %s ORDER BY s.slot))""",
    "postgresql": """(SELECT string_agg(
        ((s.answered_at IS NOT NULL)::int + 2 * s.flagged::int)::text, '' ORDER BY s.slot)
        FROM exams_attemptitem s WHERE s.attempt_id = %s)""",
}
# What else comes with the item, by what the request shows: the answered count (a save's
# reply), nothing (a flag's reply shows no count), or the whole navigator (the question page).
_EXAM_ITEM_SQL = {
    "answered": _EXAM_ITEM_SQL_TEMPLATE.format(extra=_ANSWERED_COUNT),
    "nothing": _EXAM_ITEM_SQL_TEMPLATE.format(extra="NULL"),
}
_EXAM_ITEM_WITH_STATES_SQL = {
    vendor: _EXAM_ITEM_SQL_TEMPLATE.format(extra=states)
    for vendor, states in _STATES_BY_VENDOR.items()
}
_DIGIT_STATE = {"0": (False, False), "1": (True, False), "2": (False, True), "3": (True, True)}


def exam_item(
    *, attempt_id: int, user, slot: int, also: Literal["answered", "states", "nothing"] = "answered"
) -> AttemptItem | None:
    """One slot of the user's attempt (None if it is not theirs), in one query, with
    `.attempt` loaded and, as asked, `.answered` (how many slots of the attempt are answered)
    or `.states` (the navigator: slot_states() without a second query)."""
    if also == "states":
        sql = _EXAM_ITEM_WITH_STATES_SQL[connection.vendor]
        params = [attempt_id, attempt_id, user.pk, slot]  # the navigator's subquery comes first
    else:
        sql, params = _EXAM_ITEM_SQL[also], [attempt_id, user.pk, slot]
    rows = rawsql.fetch(sql, params, _ITEM + _ATTEMPT)
    if not rows:
        return None
    row, split = rows[0], len(_ITEM)
    item = rawsql.instance(AttemptItem, _ITEM, row[:split])
    item.attempt = rawsql.instance(Attempt, _ATTEMPT, row[split:-1])
    if also == "states":
        item.states = [
            SlotState(number, *_DIGIT_STATE[digit]) for number, digit in enumerate(row[-1], 1)
        ]
    elif also == "answered":
        item.answered = row[-1]
    return item


_SLOT_STATES_SQL = """
    SELECT slot, answered_at IS NOT NULL, flagged FROM exams_attemptitem
     WHERE attempt_id = %s ORDER BY slot"""


def slot_states(attempt: Attempt) -> list[SlotState]:
    """Answered/flagged state of every slot, in one query whatever the number answered.

    The flags come as the database gives them (SQLite: 1/0, PostgreSQL: true/false): both
    test and count the same, and converting 150 values cost more than the query.
    """
    return list(map(SlotState._make, rawsql.fetch(_SLOT_STATES_SQL, [attempt.pk], ())))


def offered_blueprints():
    return Blueprint.objects.filter(is_active=True).select_related("guide")


def dashboard(user) -> dict:
    """What the candidate's home page shows: exams to start, and attempts in progress or done."""
    now = timezone.now()
    in_progress = list(
        Attempt.objects.filter(user=user, status=Attempt.Status.IN_PROGRESS)
        .select_related("blueprint")
        .order_by("deadline")
    )
    for attempt in in_progress:
        attempt.left = attempt.seconds_left(now)
    finished = list(
        Attempt.objects.filter(user=user)
        .exclude(status=Attempt.Status.IN_PROGRESS)
        .order_by("-started_at")[:20]
    )
    running_blueprints = {a.blueprint_id: a for a in in_progress}
    blueprints = list(offered_blueprints())
    for blueprint in blueprints:
        blueprint.running = running_blueprints.get(blueprint.pk)
    return {
        "blueprints": blueprints,
        "in_progress": in_progress,
        "finished": finished,
        **reports.history(finished),
    }
