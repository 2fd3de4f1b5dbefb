"""The PostgreSQL backend's per-request health check: no round trip, and still catches a
connection the server has ended."""

import time

import psycopg
import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL backend; this run uses " + connection.vendor)


def test_a_healthy_connection_passes_without_a_statement(monkeypatch):
    connection.ensure_connection()
    assert connection.health_check_enabled

    def no_statements(*args, **kwargs):
        raise AssertionError("the health check sent a statement")

    monkeypatch.setattr(connection.connection, "cursor", no_statements)
    monkeypatch.setattr(connection.connection, "execute", no_statements)
    assert connection.is_usable()


def test_a_connection_the_server_ended_is_replaced_before_the_next_query():
    connection.ensure_connection()
    old_pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    admin_params = {k: v for k, v in params.items() if k in {"dbname", "user", "host", "port"}}
    with psycopg.connect(**admin_params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [old_pid])
    deadline = time.monotonic() + 5
    while connection.is_usable() and time.monotonic() < deadline:
        time.sleep(0.05)  # the server's goodbye arrives asynchronously
    assert not connection.is_usable()

    # What Django does before a request's first query: check, close, and reconnect.
    connection.health_check_done = False
    connection.close_if_health_check_failed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != old_pid
