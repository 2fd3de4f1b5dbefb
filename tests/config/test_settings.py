"""Settings that must hold: SQLite tuned for concurrency, production safety, a strict CSP."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "-production-secret-key-for-the-check-" + "y" * 20,
    "ALLOWED_HOSTS": "mock.example.com",
}


def run_manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    # Test-only variables (the browser tests allow async-unsafe ORM use) must not leak in.
    dropped = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_sqlite_pragmas_are_in_effect():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite-only settings; this run uses " + connection.vendor)
    with connection.cursor() as cursor:
        pragmas = {}
        for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout"):
            cursor.execute(f"PRAGMA {name}")
            pragmas[name] = cursor.fetchone()[0]
    assert pragmas == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "synchronous": 1,  # NORMAL
        "busy_timeout": 20000,
    }
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_deploy_checks_are_clean_in_production():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", env={"DEBUG": "0", "ALLOWED_HOSTS": "mock.example.com"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def _settings_in_a_fresh_process(code: str, argv: tuple = (), **env) -> str:
    """Run `code` after Django's setup in a new process, with sys.argv[1:] = argv."""
    setup = f"import sys; sys.argv[1:] = {list(argv)!r}; import django; django.setup(); "
    result = subprocess.run(
        [sys.executable, "-c", setup + code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_development_server_never_keeps_connections_open():
    """runserver starts a thread per request; kept connections would exhaust PostgreSQL."""
    code = "from django.conf import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    url = {"DATABASE_URL": "postgres://u@127.0.0.1:5432/db"}
    assert _settings_in_a_fresh_process(code, **url) == "300"
    assert _settings_in_a_fresh_process(code, argv=("runserver",), **url) == "0"


def test_postgresql_connections_prepare_repeated_statements_unless_told_not_to():
    """docs/performance.md: server-side binding, prepared from a statement's 5th run."""
    code = (
        "from django.conf import settings; o = settings.DATABASES['default']['OPTIONS']; "
        "print(o.get('server_side_binding'), o.get('prepare_threshold'))"
    )
    url = "postgres://u@127.0.0.1:5432/db"
    assert _settings_in_a_fresh_process(code, DATABASE_URL=url) == "True 5"
    off = _settings_in_a_fresh_process(code, DATABASE_URL=url, DB_PREPARED_STATEMENTS="0")
    assert off == "None None"


def test_database_url_selects_postgresql():
    code = (
        "from django.conf import settings; from django.db import connection; "
        "print(connection.vendor, settings.DATABASES['default']['ENGINE'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": "postgres://u@127.0.0.1:5432/db",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["postgresql", "django.db.backends.postgresql"], result.stderr


@pytest.mark.django_db
def test_pages_carry_a_strict_csp_and_nonced_scripts(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    page = response.content.decode()
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts, "htmx is loaded"
    assert all(f'nonce="{nonce}"' in tag for tag in scripts)
    assert "htmx-2.min.js" in page
    assert "style=" not in page
    assert "//cdn" not in page and "unpkg" not in page


@pytest.mark.django_db
def test_htmx_is_served_from_our_own_static_files(client):
    page = client.get("/").content.decode()
    src = re.search(r'<script[^>]+src="([^"]+htmx[^"]+)"', page).group(1)
    assert src.startswith("/static/")
    response = client.get(src)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"htmx" in body


@pytest.mark.django_db
def test_csrf_failures_are_explained(user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    plain = client.post("/accounts/logout/")
    assert plain.status_code == 403
    assert "This page is out of date" in plain.content.decode()
    htmx = client.post("/accounts/logout/", HTTP_HX_REQUEST="true")
    assert htmx.status_code == 403
    assert htmx["Content-Type"].startswith("text/plain")
    assert htmx.content.decode().startswith("This page is out of date")
