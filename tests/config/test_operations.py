"""Operations: health endpoints, the request log, and a real gunicorn serving the app."""

import gzip
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import DatabaseError

from config.middleware import loggable_path

ROOT = Path(__file__).resolve().parents[2]


def test_livez_touches_nothing(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/livez")
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_healthz_is_ok_when_migrated(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "pending_migrations": 0}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_reports_pending_migrations(client, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [object()] * 2)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["pending_migrations"] == 2


@pytest.mark.django_db
def test_healthz_reports_an_unreachable_database(client, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    def broken(self, targets):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(MigrationExecutor, "migration_plan", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_reset_tokens_never_reach_the_log():
    path = "/accounts/password/reset/MQ/cz1abc-0123456789abcdef/"
    assert loggable_path(path) == "/accounts/password/reset/<redacted>/"
    assert loggable_path("/exams/attempt/3/q/4/") == "/exams/attempt/3/q/4/"


@pytest.mark.django_db
def test_one_log_line_per_request_without_query_strings(client, user, caplog):
    client.force_login(user)
    with caplog.at_level(logging.INFO, logger="requests"):
        client.get("/?secret=hunter2", HTTP_HX_REQUEST="true")
        client.get("/static/css/site.css")
        client.get("/healthz")
    lines = [r.getMessage() for r in caplog.records if r.name == "requests"]
    assert len(lines) == 1
    assert re.fullmatch(rf"GET / 200 [0-9.]+ms user={user.pk} htmx", lines[0])
    assert "hunter2" not in lines[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def gunicorn_server(tmp_path_factory):
    """The app as `make serve` runs it: DEBUG off, collectstatic, migrate, gunicorn."""
    workdir = tmp_path_factory.mktemp("serve")
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "0",
        "SECRET_KEY": "serve-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATIC_ROOT": str(workdir / "static"),
        "WEB_CONCURRENCY": "2",
    }
    if not os.environ.get("DATABASE_URL"):
        env["SQLITE_PATH"] = str(workdir / "db.sqlite3")
    else:
        pytest.skip("the served-process test uses its own SQLite file")
    manage = [sys.executable, "manage.py"]
    for args in (["collectstatic", "--noinput", "-v0"], ["migrate", "--noinput", "-v0"]):
        subprocess.run(manage + args, cwd=ROOT, env=env, check=True, timeout=300)
    port = free_port()
    env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "-c",
            "config/gunicorn.conf.py",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/livez", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base
    process.terminate()
    output, _ = process.communicate(timeout=30)
    assert "Traceback" not in output, output


def test_gunicorn_serves_pages_health_and_compressed_static(gunicorn_server):
    health = urllib.request.urlopen(gunicorn_server + "/healthz", timeout=5)
    assert health.status == 200
    request = urllib.request.Request(gunicorn_server + "/", headers={"Accept-Encoding": "gzip"})
    page = urllib.request.urlopen(request, timeout=5)
    assert page.headers["Content-Encoding"] == "gzip"
    html = gzip.decompress(page.read()).decode()
    assert "Rehearse the real exam" in html
    css = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', html)
    assert css, "hashed static file names in production"
    asset = urllib.request.urlopen(
        urllib.request.Request(gunicorn_server + css.group(1), headers={"Accept-Encoding": "gzip"}),
        timeout=5,
    )
    assert asset.headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in asset.headers["Cache-Control"]
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
