"""The exam tables stay cheap to update: saves and flags must not have to touch any index."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

# What saving an answer, flagging and recording time on screen change (services.py).
ITEM_COLUMNS_WRITTEN = {"selected", "version", "answered_at", "flagged"}
ATTEMPT_COLUMNS_WRITTEN = {"current_slot", "current_since", "seconds_by_slot"}


def _indexed_columns(table: str) -> dict[str, set[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {
        name: set(info["columns"])
        for name, info in constraints.items()
        if info["index"] or info["unique"] or info["primary_key"]
    }


@pytest.mark.parametrize(
    ("table", "written"),
    [("exams_attemptitem", ITEM_COLUMNS_WRITTEN), ("exams_attempt", ATTEMPT_COLUMNS_WRITTEN)],
)
def test_no_index_holds_a_column_every_exam_request_writes(table, written):
    offending = {
        name: columns & written
        for name, columns in _indexed_columns(table).items()
        if columns & written
    }
    assert offending == {}, f"indexes that would make each write touch them: {offending}"


def test_attempt_items_have_one_index_per_lookup():
    indexes = sorted(map(sorted, _indexed_columns("exams_attemptitem").values()))
    assert indexes == [["attempt_id", "slot"], ["id"], ["question_id"]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL storage setting")
def test_written_tables_leave_room_on_each_page_for_updated_rows():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class"
            " WHERE relname IN ('exams_attemptitem', 'exams_attempt') ORDER BY relname"
        )
        options = dict(cursor.fetchall())
    assert options == {
        "exams_attempt": ["fillfactor=80"],
        "exams_attemptitem": ["fillfactor=70"],
    }
