"""Hand-written SQL for the few statements every exam request runs, typed as the ORM types them.

Building a query with the ORM costs several times running it on these small indexed tables
(measured on SQLite: 170–480 µs to build and load against 20–45 µs to run), and on the exam
screen that was over a third of each request. Only the hot paths use this module: the
session and user behind every signed-in request, and the exam screen's reads and writes.
Everything else uses the ORM.

Columns are named through the model fields, so the SELECT list and the conversion of its values
(datetimes from SQLite text, JSON, booleans) can never disagree, on SQLite or PostgreSQL.
"""

from __future__ import annotations

from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Field, Model


def fields(model: type[Model], *names: str) -> tuple[Field, ...]:
    """The model's fields by attribute name ("attempt_id" for a foreign key), in the model's
    order, which is the order instance() needs its values in."""
    found = tuple(f for f in model._meta.concrete_fields if f.attname in names)
    if len(found) != len(set(names)):
        unknown = set(names) - {f.attname for f in found}
        raise ValueError(f"{model.__name__} has no field(s) {', '.join(sorted(unknown))}")
    return found


def columns(alias: str, selected: tuple[Field, ...]) -> str:
    """The SELECT list for `selected`, each column qualified by the table alias."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(f.column)}" for f in selected)


@lru_cache(maxsize=64)
def _converters(selected: tuple[Field, ...], wrapper) -> list[tuple[int, list, object]]:
    """Per column: what the backend and the field do to a value read from the database."""
    found = []
    for position, field in enumerate(selected):
        col = field.cached_col
        convert = wrapper.ops.get_db_converters(col) + col.get_db_converters(wrapper)
        if convert:
            found.append((position, convert, col))
    return found


def fetch(sql: str, params: list, selected: tuple[Field, ...]) -> list:
    """Rows of `sql` whose first columns are `selected` (typed); any after them come as read."""
    wrapper = connections[DEFAULT_DB_ALIAS]
    with wrapper.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    converters = _converters(selected, wrapper)
    if not converters:
        return rows
    typed = []
    for row in rows:
        row = list(row)
        for position, convert, col in converters:
            value = row[position]
            for converter in convert:
                value = converter(value, col, wrapper)
            row[position] = value
        typed.append(row)
    return typed


def execute(sql: str, params: list) -> int:
    """Run a write; the number of rows it changed."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@lru_cache(maxsize=128)
def _field(model: type[Model], name: str) -> Field:
    return fields(model, name)[0]


def db_value(model: type[Model], name: str, value):
    """A Python value as the database takes it for that field (datetimes, JSON …)."""
    return _field(model, name).get_db_prep_save(value, connection)


def instance(model: type[Model], selected: tuple[Field, ...], values: list) -> Model:
    """A model instance from typed values; fields not selected are deferred, as with only()."""
    return model.from_db(connection.alias, [f.attname for f in selected], values)
