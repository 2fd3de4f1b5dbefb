"""Read-side queries for the exam screens and the dashboard."""

from typing import NamedTuple

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
_EXAM_ITEM_SQL = f"""
    SELECT {rawsql.columns("i", _ITEM)}, {rawsql.columns("a", _ATTEMPT)}, {{answered}}
      FROM exams_attemptitem i JOIN exams_attempt a ON a.id = i.attempt_id
     WHERE i.attempt_id = %s AND a.user_id = %s AND i.slot = %s"""
_ANSWERED_COUNT = """(SELECT COUNT(*) FROM exams_attemptitem answered
                       WHERE answered.attempt_id = a.id AND answered.answered_at IS NOT NULL)"""
_EXAM_ITEM_WITH_COUNT_SQL = _EXAM_ITEM_SQL.format(answered=_ANSWERED_COUNT)
_EXAM_ITEM_WITHOUT_COUNT_SQL = _EXAM_ITEM_SQL.format(answered="NULL")


def exam_item(
    *, attempt_id: int, user, slot: int, count_answered: bool = True
) -> AttemptItem | None:
    """One slot of the user's attempt (None if it is not theirs), in one query, with
    `.attempt` loaded and, if asked, `.answered` = how many slots of the attempt are answered
    (the question page counts them from the navigator instead)."""
    sql = _EXAM_ITEM_WITH_COUNT_SQL if count_answered else _EXAM_ITEM_WITHOUT_COUNT_SQL
    rows = rawsql.fetch(sql, [attempt_id, user.pk, slot], _ITEM + _ATTEMPT)
    if not rows:
        return None
    row, split = rows[0], len(_ITEM)
    item = rawsql.instance(AttemptItem, _ITEM, row[:split])
    item.attempt = rawsql.instance(Attempt, _ATTEMPT, row[split:-1])
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
