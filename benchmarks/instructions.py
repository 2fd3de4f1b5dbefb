"""CPU instructions per exam request, counted by valgrind: a number that holds still.

    .venv/bin/python benchmarks/instructions.py [--requests 100] [--out FILE]

Each endpoint is called in-process through the WSGI application (Django, its middleware and
SQLite; no HTTP server and no load client) under `valgrind --tool=callgrind`, once with only
the warm-up requests and once with N more; the difference over N is what one request costs.
The count repeats to within a fraction of a percent on one machine whatever else the machine
is doing, where requests/s here drift by a quarter from one minute to the next and differ by
CPU maker (`make bench` measured the same commit's question page at 0.36× the trivial view on
an Intel Xeon and 0.30× on an AMD EPYC). Compare commits with this; `make bench` says how the
served app holds up. Needs valgrind (Debian: `apt-get install valgrind`). Nothing is served
and nothing is sent over the network.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import datetime as dt
import gzip
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import PY, ROOT, machine, run_django, server_env  # noqa: E402

WARM_UP = 5
ENDPOINTS = {
    "trivial": "trivial view (/livez)",
    "page": "question page",
    "panel": "navigate (htmx panel)",
    "save": "save answer",
    "flag": "flag",
}
VERSION = re.compile(rb'name="version" value="(\d+)"')


def drive(endpoint: str, count: int, candidate_path: str) -> None:
    """Inside valgrind: warm up, then make `count` requests of one kind as one candidate."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from config.wsgi import application

    candidate = json.loads(Path(candidate_path).read_text())[0]
    attempt, slots = candidate["attempt"], sorted(candidate["items"], key=int)
    cookie = f"sessionid={candidate['session']}; csrftoken={candidate['csrf']}"
    versions = dict.fromkeys(slots, 0)
    flags = dict.fromkeys(slots, False)

    def call(method: str, path: str, data: bytes = b"", htmx: bool = False) -> bytes:
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": cookie,
            "HTTP_ACCEPT_ENCODING": "gzip",
            "HTTP_X_CSRFTOKEN": candidate["csrf"],
            "REMOTE_ADDR": "127.0.0.1",
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "CONTENT_LENGTH": str(len(data)),
            "wsgi.input": io.BytesIO(data),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
        }
        if htmx:
            environ["HTTP_HX_REQUEST"] = "true"
        reply = []
        body = b"".join(application(environ, lambda *started: reply.extend(started)))
        status, headers = reply[0], dict(reply[1])
        if not status.startswith("200"):
            raise SystemExit(f"{method} {path}: {status}")
        return gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body

    def one(number: int) -> None:
        slot = slots[number % len(slots)]
        question = f"/exams/attempt/{attempt}/q/{slot}/"
        if endpoint == "trivial":
            call("GET", "/livez")
        elif endpoint in ("page", "panel"):
            call("GET", question, htmx=endpoint == "panel")
        elif endpoint == "save":
            item = candidate["items"][slot]
            keys = item["keys"][number % 2 : number % 2 + item["choose"]]
            chosen = (f"choice={item['keys'].index(k) + 1}" for k in keys)  # shown positions
            form = "&".join([f"version={versions[slot]}", *chosen])
            reply = call("POST", question + "answer/", form.encode(), htmx=True)
            versions[slot] = int(VERSION.search(reply).group(1))
        elif endpoint == "flag":
            flags[slot] = not flags[slot]
            call("POST", question + "flag/", f"flagged={int(flags[slot])}".encode(), htmx=True)

    for number in range(WARM_UP + count):
        one(number)


def counted(env: dict, endpoint: str, count: int, candidates: Path) -> int:
    """Instructions callgrind counted for the warm-up plus `count` requests, on a copy of the
    seeded database of its own (runs go two at a time, and one's saves and flags would
    change what another's pages draw)."""
    database = Path(env["SQLITE_PATH"])
    own = database.with_stem(f"{database.stem}-{endpoint}-{count}")
    shutil.copyfile(database, own)
    result = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            PY,
            __file__,
            "drive",
            endpoint,
            str(count),
            str(candidates),
        ],
        cwd=ROOT,
        env={**env, "SQLITE_PATH": str(own)},
        capture_output=True,
        text=True,
        timeout=900,
    )
    found = re.search(r"Collected : (\d+)", result.stderr)
    if result.returncode or not found:
        raise RuntimeError(f"{endpoint} under valgrind failed:\n{result.stderr[-3000:]}")
    return int(found.group(1))


def measure(requests: int, endpoints: list[str]) -> dict[str, float]:
    """Million instructions per request of each endpoint, on a fresh SQLite database."""
    with tempfile.TemporaryDirectory(prefix="instructions-") as tmp:
        workdir = Path(tmp)
        env = {
            **server_env(workdir, {"SQLITE_PATH": str(workdir / "bench.sqlite3")}),
            # The same hash seed in every run, so dict and set layouts (and their costs) repeat.
            "PYTHONHASHSEED": "0",
        }
        env.pop("COUNT_SQL")
        print("migrate, collectstatic, import the bank, seed a candidate", flush=True)
        run_django(env, "manage.py", "migrate", "--noinput", "-v0")
        run_django(env, "manage.py", "collectstatic", "--noinput", "-v0")
        run_django(env, "manage.py", "import_questions", "questions/bank")
        candidates = workdir / "candidates.json"
        run_django(env, "benchmarks/django_side.py", "seed", "1", str(candidates))
        # Everything into the main file, so a copy of that file is the whole database.
        with contextlib.closing(sqlite3.connect(env["SQLITE_PATH"])) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        runs = [(endpoint, count) for endpoint in endpoints for count in (0, requests)]
        print(f"{len(runs)} runs under valgrind, {requests} requests each", flush=True)
        with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
            totals = dict(
                zip(
                    runs,
                    pool.map(lambda run: counted(env, *run, candidates), runs),
                    strict=True,
                )
            )
    return {
        endpoint: (totals[endpoint, requests] - totals[endpoint, 0]) / requests / 1e6
        for endpoint in endpoints
    }


def markdown(info: dict, millions: dict[str, float], requests: int) -> str:
    trivial = millions.get("trivial")
    lines = [
        f"# Instructions per request — {info['date']}",
        "",
        f"Machine: {info['cpus']} CPUs ({info['cpu_model']}). Python {info['python']}, "
        f"Django {info['django']}, SQLite, DEBUG off. Commit {info['commit']}.",
        "",
        f"Counted by valgrind (callgrind) in-process: {requests} requests of each kind after "
        f"{WARM_UP} to warm up, minus the warm-up alone. No HTTP server or load client is in "
        "these numbers; gunicorn adds a fixed cost per request on top (see `make bench`).",
        "",
        "| endpoint | million instructions per request | × the trivial view's |",
        "|---|---:|---:|",
    ]
    for endpoint, label in ENDPOINTS.items():
        if endpoint in millions:
            times = f"{millions[endpoint] / trivial:.1f}" if trivial else "–"
            lines.append(f"| {label} | {millions[endpoint]:.2f} | {times} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument(
        "--endpoints",
        default=",".join(ENDPOINTS),
        help=f"comma-separated, of: {', '.join(ENDPOINTS)} (default: all)",
    )
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    endpoints = args.endpoints.split(",")
    if unknown := set(endpoints) - set(ENDPOINTS):
        parser.error(f"unknown endpoints: {', '.join(sorted(unknown))}")
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt-get install valgrind).", file=sys.stderr)
        return 2
    millions = measure(args.requests, endpoints)
    text = markdown(machine(), millions, args.requests)
    out = args.out or ROOT / "benchmarks" / "results" / (
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d-%H%M}-instructions.md"
    )
    out.write_text(text)
    print(text)
    print(f"Written to {out}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["drive"]:
        drive(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        raise SystemExit(main())
