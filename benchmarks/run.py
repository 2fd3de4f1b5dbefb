"""Benchmark the app as it is served: gunicorn (2 sync workers, DEBUG off) on 127.0.0.1, on a
fresh SQLite file and then on the local PostgreSQL, with real exam traffic.

    make bench                                  # both databases, default durations
    .venv/bin/python benchmarks/run.py --only sqlite --seconds 5

Writes benchmarks/results/<date>.md and prints it. Every request goes to 127.0.0.1; every
phase is bounded in time; every process started here is stopped here.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import json
import os
import platform
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import Client, Stats, run_for  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
RESULTS = ROOT / "benchmarks" / "results"
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")

# The ratios to the trivial view are reported, not targets: they moved by a third between two
# CPU makers for the same commit. Capacity (benchmarks/capacity.py) is the operator's figure.
TARGETS = {
    "sql_page": 4,
    "sql_save": 3,
    "sql_flag": 3,
    "sql_report": 10,
    "assembly_10k_ms": 100.0,
    "first_page_kb": 40.0,
}


# --- processes ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(workdir: Path, db_env: dict) -> dict:
    """The environment of the app under test: production settings (DEBUG off) on plain HTTP
    at 127.0.0.1, this run's database and static files, and SQL counted per response."""
    return {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "SQLITE_PATH", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        },
        **db_env,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "s" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATIC_ROOT": str(workdir / "static"),
        "CACHE_DIR": str(workdir / "cache"),
        "COUNT_SQL": "1",
        "REQUEST_LOG_LEVEL": "WARNING",
    }


def run_django(env: dict, *args: str, timeout: int = 900) -> str:
    result = subprocess.run(
        [PY, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


class Server:
    """gunicorn with 2 sync workers (or, with as_served, the workers and recycling `make serve`
    sets); its log goes to a file the report can search."""

    def __init__(self, env: dict, workdir: Path, as_served: bool = False):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / f"gunicorn-{self.port}.log"
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        if not as_served:
            # Worker recycling (config/gunicorn.conf.py: every ~2,000 requests) is off while
            # measuring: at these rates it would restart each worker every few seconds and
            # charge its start-up to whatever endpoint happened to be running.
            self.env.update(WEB_CONCURRENCY="2", GUNICORN_MAX_REQUESTS="0")
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                *("config.wsgi", "-c", "config/gunicorn.conf.py", "--no-control-socket"),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        client = Client(self.base)
        for _ in range(200):
            with contextlib.suppress(OSError):
                if client.request("GET", "/livez").status == 200:
                    return self
            time.sleep(0.05)
        self.__exit__()
        raise RuntimeError("gunicorn did not start; see " + str(self.log_path))

    def workers(self) -> list[int]:
        """PIDs of the worker processes (children of the master)."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.process.pid:
                    pids.append(int(stat.parent.name))
        return pids

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def _cpu_seconds(pids) -> dict[int, float]:
    """user + system CPU seconds of each of these processes so far (gone ones are left out)."""
    seconds = {}
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            seconds[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


def _spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two readings; a process born in between counts from zero."""
    return sum(end - before.get(pid, 0.0) for pid, end in after.items())


def _database_pids() -> list[int]:
    """Every PostgreSQL server process on this machine (none for SQLite, which is in-process)."""
    pids = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        with contextlib.suppress(OSError):
            if comm.read_text().strip() == "postgres":
                pids.append(int(comm.parent.name))
    return pids


def measured(server: Server, phase: Callable[[], Stats]) -> Stats:
    """Run a phase and charge the CPU it used to the server's workers, the database and this
    load client (which shares the machine's cores), so each request's cost can be read."""
    workers_before, db_before = _cpu_seconds(server.workers()), _cpu_seconds(_database_pids())
    client_before = time.process_time()
    stats = phase()
    stats.cpu = {
        "workers": _spent(workers_before, _cpu_seconds(server.workers())),
        # Database connections made during the phase (a worker's first request) count too.
        "database": _spent(db_before, _cpu_seconds(_database_pids())),
        "client": time.process_time() - client_before,
    }
    return stats


@contextlib.contextmanager
def database(kind: str, workdir: Path):
    """A fresh database: a SQLite file, or a new PostgreSQL database dropped afterwards."""
    if kind == "sqlite":
        yield {"SQLITE_PATH": str(workdir / "bench.sqlite3")}, f"SQLite {sqlite3.sqlite_version}"
        return
    import psycopg

    name = f"bench_{os.getpid()}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        version = admin.execute("SHOW server_version").fetchone()[0]
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"DATABASE_URL": PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name}, f"PostgreSQL {version}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- scenarios ----------------------------------------------------------------------------------


def candidate_client(base: str, candidate: dict) -> Client:
    return Client(
        base,
        {"sessionid": candidate["session"], "csrftoken": candidate["csrf"]},
        csrf=candidate["csrf"],
    )


class Candidate:
    """A seeded candidate as the load sees it: a client, an attempt, item versions."""

    def __init__(self, base: str, data: dict):
        self.client = candidate_client(base, data)
        self.attempt = data["attempt"]
        self.items = data["items"]
        self.versions = {slot: 0 for slot in self.items}
        self.acked: dict[str, list[str]] = {}
        self.flags = {slot: False for slot in self.items}

    def random_answer(self, rng: random.Random) -> tuple[str, list[str]]:
        slot = rng.choice(list(self.items))
        item = self.items[slot]
        return slot, rng.sample(item["keys"], item["choose"])

    def save(self, slot: str, keys: list[str], retry_until: float = 0.0):
        """POST an answer like the exam page does; retry on a dropped connection or a 5xx.

        Returns (response or None, retries).
        """
        path = f"/exams/attempt/{self.attempt}/q/{slot}/answer/"
        shown = self.items[slot]["keys"]  # the options in the order the page shows them
        data = {"version": self.versions[slot], "choice": [shown.index(k) + 1 for k in keys]}
        delay, retries, response = 0.05, 0, None
        while True:
            try:
                response = self.client.request("POST", path, data, htmx=True)
                if response.status < 500:
                    break
            except OSError:
                response = None
            if time.monotonic() > retry_until:
                break
            retries += 1
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
        if response is not None and response.status == 200:
            self.versions[slot] += 1
            self.acked[slot] = keys
        return response, retries


def endpoint_phases(
    server: Server, candidates: list[dict], seconds: float, in_flight: int, rounds: int
) -> dict[str, Stats]:
    """Each endpoint for `seconds` in all, in `rounds` slices taken in turn with the trivial
    view's, so a drift in the machine's speed during the run (seen here: ±25 % between
    minutes) reaches the endpoints and their ceiling alike instead of skewing the ratios."""
    base = server.base
    rng = random.Random(1)
    groups = [[Candidate(base, c) for c in candidates[i::in_flight]] for i in range(in_flight)]

    def trivial(client: Client):
        def work(stats: Stats):
            response = client.request("GET", "/livez")
            stats.record(response, response.status == 200)

        return work

    def page(group: list[Candidate], htmx: bool):
        def work(stats: Stats):
            c = rng.choice(group)
            slot = rng.choice(list(c.items))
            response = c.client.request("GET", f"/exams/attempt/{c.attempt}/q/{slot}/", htmx=htmx)
            stats.record(response, response.status == 200, f"{response.status}")

        return work

    def save(group: list[Candidate]):
        def work(stats: Stats):
            c = rng.choice(group)
            slot, keys = c.random_answer(rng)
            response, _ = c.save(slot, keys)
            stats.record(
                response,
                response is not None and response.status == 200,
                f"{response.status if response else 'no reply'}",
            )

        return work

    def flag(group: list[Candidate]):
        def work(stats: Stats):
            c = rng.choice(group)
            slot = rng.choice(list(c.items))
            c.flags[slot] = not c.flags[slot]
            response = c.client.request(
                "POST",
                f"/exams/attempt/{c.attempt}/q/{slot}/flag/",
                {"flagged": "1" if c.flags[slot] else "0"},
                htmx=True,
            )
            stats.record(response, response.status == 200, f"{response.status}")

        return work

    phases = {
        "trivial view (/livez)": lambda: [trivial(Client(base)) for _ in range(in_flight)],
        "question page": lambda: [page(g, False) for g in groups],
        "navigate (htmx panel)": lambda: [page(g, True) for g in groups],
        "save answer": lambda: [save(g) for g in groups],
        "flag": lambda: [flag(g) for g in groups],
    }
    results = {name: Stats(name) for name in phases}
    for _ in range(rounds):
        for name, workers in phases.items():
            traffic = functools.partial(run_for, name, seconds / rounds, workers())
            results[name].merge(measured(server, traffic))
    return results


def submit_all(base: str, candidates: list[dict], in_flight: int) -> Stats:
    """End every seeded attempt (the last step of the traffic)."""
    queue = list(candidates)
    lock = threading.Lock()
    stats = Stats("submit")

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                data = queue.pop()
            client = candidate_client(base, data)
            response = client.request("POST", f"/exams/attempt/{data['attempt']}/end/", {})
            with lock:
                stats.record(response, response.status in (200, 302), f"{response.status}")

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(in_flight)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    stats.seconds = time.monotonic() - started
    return stats


def first_page_bytes(base: str, candidate: dict) -> dict:
    """Bytes over the wire for a cold first exam page: the HTML and every asset it loads."""
    client = candidate_client(base, candidate)
    response = client.request("GET", f"/exams/attempt/{candidate['attempt']}/q/1/")
    html = response.body
    if response.headers.get("content-encoding") == "gzip":
        html = gzip.decompress(html)
    assets = re.findall(rb'(?:src|href)="(/static/[^"]+)"', html)
    total = len(response.body)
    for asset in assets:
        total += len(client.request("GET", asset.decode()).body)
    return {
        "html_bytes": len(response.body),
        "html_raw_bytes": len(html),
        "total_bytes": total,
        "assets": len(assets),
    }


def report_sql(base: str, candidate: dict) -> dict:
    client = candidate_client(base, candidate)
    attempt = candidate["attempt"]
    report = client.request("GET", f"/exams/attempt/{attempt}/result/")
    review = client.request("GET", f"/exams/attempt/{attempt}/answers/40/?show=all")
    return {
        "report": int(report.headers.get("x-sql-count", -1)),
        "review": int(review.headers.get("x-sql-count", -1)),
        "report_status": report.status,
        "review_status": review.status,
    }


def concurrency(server: Server, env: dict, workdir: Path, count: int, save_seconds: float) -> dict:
    """`count` candidates saving every few seconds, then all submitting within 3 seconds."""
    path = workdir / f"crowd-{count}.json"
    run_django(env, "benchmarks/django_side.py", "seed", str(count), str(path))
    crowd = [Candidate(server.base, c) for c in json.loads(path.read_text())]
    errors: list[str] = []
    saves = 0
    lock = threading.Lock()
    submit_at = time.monotonic() + save_seconds + 5

    def candidate_loop(index: int, c: Candidate):
        nonlocal saves
        rng = random.Random(index)
        time.sleep(rng.uniform(0, 3))
        while time.monotonic() < submit_at - 3:
            slot, keys = c.random_answer(rng)
            response, _ = c.save(slot, keys)
            with lock:
                saves += 1
                if response is None or response.status != 200:
                    errors.append(f"save {response.status if response else 'no reply'}")
            time.sleep(rng.uniform(1, 4))
        time.sleep(max(0.0, submit_at - time.monotonic()) + rng.uniform(0, 3))
        response = c.client.request("POST", f"/exams/attempt/{c.attempt}/end/", {})
        if response.status not in (200, 302):
            with lock:
                errors.append(f"submit {response.status}")

    threads = [threading.Thread(target=candidate_loop, args=(i, c)) for i, c in enumerate(crowd)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=save_seconds + 120)
    acked = {str(c.attempt): c.acked for c in crowd}
    acked_path = workdir / f"acked-{count}.json"
    acked_path.write_text(json.dumps(acked))
    verdict = json.loads(run_django(env, "benchmarks/django_side.py", "verify", str(acked_path)))
    return {
        "candidates": count,
        "saves": saves,
        "errors": len(errors),
        "error_samples": errors[:5],
        **verdict,
        "locked": server.log().count("database is locked"),
    }


def fault(server: Server, env: dict, workdir: Path, seconds: float) -> dict:
    """Kill one worker in the middle of save traffic; clients retry; nothing may be lost."""
    path = workdir / "fault.json"
    run_django(env, "benchmarks/django_side.py", "seed", "8", str(path))
    group = [Candidate(server.base, c) for c in json.loads(path.read_text())]
    stop = time.monotonic() + seconds
    retries = 0
    failures = 0
    lock = threading.Lock()

    def loop(index: int, c: Candidate):
        nonlocal retries, failures
        rng = random.Random(100 + index)
        while time.monotonic() < stop:
            slot, keys = c.random_answer(rng)
            response, tries = c.save(slot, keys, retry_until=time.monotonic() + 15)
            with lock:
                retries += tries
                if response is None or response.status != 200:
                    failures += 1

    threads = [threading.Thread(target=loop, args=(i, c)) for i, c in enumerate(group)]
    for thread in threads:
        thread.start()
    time.sleep(seconds / 3)
    victims = server.workers()
    killed = victims[0] if victims else None
    if killed:
        os.kill(killed, signal.SIGKILL)
    for thread in threads:
        thread.join(timeout=seconds + 60)
    acked_path = workdir / "fault-acked.json"
    acked_path.write_text(json.dumps({str(c.attempt): c.acked for c in group}))
    verdict = json.loads(run_django(env, "benchmarks/django_side.py", "verify", str(acked_path)))
    return {
        "killed_worker": killed,
        "retries": retries,
        "failed_saves": failures,
        "lost": verdict["lost"],
        "checked": verdict["checked"],
        "workers_after": len(server.workers()),
    }


# --- the run ------------------------------------------------------------------------------------


def bench_backend(kind: str, args) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bench-{kind}-") as tmp:
        workdir = Path(tmp)
        with database(kind, workdir) as (db_env, db_version):
            env = server_env(workdir, db_env)
            print(f"[{kind}] migrate, collectstatic, import the bank", flush=True)
            run_django(env, "manage.py", "migrate", "--noinput", "-v0")
            run_django(env, "manage.py", "collectstatic", "--noinput", "-v0")
            run_django(env, "manage.py", "import_questions", "questions/bank")
            seeded = workdir / "candidates.json"
            run_django(env, "benchmarks/django_side.py", "seed", str(args.candidates), str(seeded))
            candidates = json.loads(seeded.read_text())
            result: dict = {"database": db_version}
            with Server(env, workdir) as server:
                print(f"[{kind}] endpoints, {args.seconds:.0f} s each", flush=True)
                result["endpoints"] = endpoint_phases(
                    server, candidates, args.seconds, args.in_flight, args.rounds
                )
                result["first_page"] = first_page_bytes(server.base, candidates[0])
                result["endpoints"]["submit"] = measured(
                    server, lambda: submit_all(server.base, candidates, args.in_flight)
                )
                result["report_sql"] = report_sql(server.base, candidates[0])
                crowd = args.crowd_pg if kind == "postgres" else args.crowd_sqlite
                print(f"[{kind}] {crowd} candidates saving, then submitting together", flush=True)
                result["concurrency"] = concurrency(server, env, workdir, crowd, args.crowd_seconds)
                print(f"[{kind}] killing a worker mid-traffic", flush=True)
                result["fault"] = fault(server, env, workdir, args.fault_seconds)
                result["server_errors"] = server.log().count("Traceback")
            print(f"[{kind}] assembly from banks of {args.bank_sizes}", flush=True)
            result["assembly"] = json.loads(
                run_django(env, "benchmarks/django_side.py", "assembly", args.bank_sizes)
            )
            return result


def machine() -> dict:
    meminfo = Path("/proc/meminfo").read_text()
    total_kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
    versions = subprocess.run(
        [
            PY,
            "-c",
            "import django, gunicorn, psycopg; "
            "print(django.get_version(), gunicorn.__version__, psycopg.__version__)",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.split()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "memory_gib": round(total_kb / 1024 / 1024, 1),
        "cpu_model": next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        ),
        "python": platform.python_version(),
        "django": versions[0] if versions else "?",
        "gunicorn": versions[1] if len(versions) > 1 else "?",
        "psycopg": versions[2] if len(versions) > 2 else "?",
        "commit": commit,
    }


def check(value: float, target: float, higher_is_better: bool) -> str:
    ok = value >= target if higher_is_better else value <= target
    return "✅" if ok else "❌"


def markdown(info: dict, results: dict[str, dict], args) -> str:
    lines = [
        f"# Benchmark results — {info['date']}",
        "",
        f"Machine: {info['cpus']} CPUs ({info['cpu_model']}), {info['memory_gib']} GiB. "
        f"Python {info['python']}, Django {info['django']}, gunicorn {info['gunicorn']} "
        f"(2 sync workers, DEBUG off), psycopg {info['psycopg']}. Commit {info['commit']}.",
        "",
        f"Load: {args.in_flight} requests in flight from a Python client on the same machine "
        f"(client and server share the cores), {args.seconds:.0f} s per endpoint in "
        f"{args.rounds} slices taken in turn with the other endpoints', "
        f"{args.candidates} signed-in candidates with full mocks in progress; worker recycling "
        "off while measuring. Ratios compare each endpoint with the trivial view measured in "
        "the same rounds. CPU per request is read from /proc for the gunicorn workers, the "
        "PostgreSQL server processes (SQLite runs inside the workers) and the load client.",
    ]
    for kind, result in results.items():
        endpoints = result["endpoints"]
        trivial = endpoints["trivial view (/livez)"].rps or 1
        lines += [
            "",
            f"## {kind}: {result['database']}",
            "",
            "| endpoint | req/s | × trivial | p50 ms | p99 ms | errors | SQL/request "
            "| CPU ms/request: workers · database · load client |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, stats in endpoints.items():
            lines.append(
                f"| {name} | {stats.rps:,.0f} | {stats.rps / trivial:.2f} | "
                f"{stats.percentile(50):.1f} | {stats.percentile(99):.1f} | {stats.errors} | "
                f"{stats.sql_per_request:.1f} (max {stats.sql_max}) | "
                f"{stats.cpu_ms_per_request('workers'):.2f} · "
                f"{stats.cpu_ms_per_request('database'):.2f} · "
                f"{stats.cpu_ms_per_request('client'):.2f} |"
            )
            if stats.error_samples:
                lines.append(f"| ↳ errors seen | {', '.join(stats.error_samples)} ||||||| ")
        page = endpoints["question page"]
        save = endpoints["save answer"]
        flag = endpoints["flag"]
        first = result["first_page"]
        sql = result["report_sql"]
        assembly = {a["size"]: a for a in result["assembly"]}
        ten_k = assembly.get(10000, {}).get("median_ms", float("nan"))
        lines += [
            "",
            "| target | measured | |",
            "|---|---:|---|",
            f"| question page × trivial (reported) | {page.rps / trivial:.2f}× | |",
            f"| answer save × trivial (reported) | {save.rps / trivial:.2f}× | |",
            f"| answer save p99 at {args.in_flight} in flight (reported) | "
            f"{save.percentile(99):.1f} ms | |",
            f"| ≤ {TARGETS['sql_page']} SQL per question page | {page.sql_max} | "
            f"{check(page.sql_max, TARGETS['sql_page'], False)} |",
            f"| ≤ {TARGETS['sql_save']} SQL per save | {save.sql_max} | "
            f"{check(save.sql_max, TARGETS['sql_save'], False)} |",
            f"| ≤ {TARGETS['sql_flag']} SQL per flag | {flag.sql_max} | "
            f"{check(flag.sql_max, TARGETS['sql_flag'], False)} |",
            f"| ≤ {TARGETS['sql_report']} SQL for the report / a review page (75 items) | "
            f"{sql['report']} / {sql['review']} | "
            f"{check(max(sql['report'], sql['review']), TARGETS['sql_report'], False)} |",
            f"| assembly < {TARGETS['assembly_10k_ms']:.0f} ms from 10,000 questions | "
            f"{ten_k:.0f} ms | {check(ten_k, TARGETS['assembly_10k_ms'], False)} |",
            f"| first exam page < {TARGETS['first_page_kb']:.0f} KB over the wire | "
            f"{first['total_bytes'] / 1024:.1f} KB (HTML {first['html_bytes'] / 1024:.1f} KB "
            f"gzip of {first['html_raw_bytes'] / 1024:.1f} KB, {first['assets']} assets) | "
            f"{check(first['total_bytes'] / 1024, TARGETS['first_page_kb'], False)} |",
            "",
            "Exam assembly (start a 75-question attempt, 7 starts each, history growing):",
            "",
            "| bank size | median ms | worst ms | (building the synthetic bank took) |",
            "|---:|---:|---:|---:|",
        ]
        for size, a in sorted(assembly.items()):
            lines.append(
                f"| {size:,} | {a['median_ms']:.0f} | {a['max_ms']:.0f} | {a['build_s']:.0f} s |"
            )
        crowd = result["concurrency"]
        flt = result["fault"]
        lines += [
            "",
            f"Concurrency: {crowd['candidates']} candidates saving every 1–4 s, then all "
            f"submitting within 3 s: {crowd['saves']} saves, {crowd['errors']} errors, "
            f"{crowd['locked']} 'database is locked', {crowd['lost']} of {crowd['checked']} "
            f"acknowledged answers missing afterwards, "
            f"{crowd['finished_attempts']}/{crowd['attempts']} attempts finished "
            f"{'✅' if not (crowd['errors'] or crowd['locked'] or crowd['lost']) else '❌'}",
            "",
            f"Fault: worker {flt['killed_worker']} killed with SIGKILL during save traffic; "
            f"{flt['retries']} retries by the clients, {flt['failed_saves']} saves gave up, "
            f"{flt['lost']} of {flt['checked']} acknowledged answers missing, "
            f"{flt['workers_after']} workers running afterwards "
            f"{'✅' if not (flt['lost'] or flt['failed_saves']) else '❌'}",
            "",
            f"Tracebacks in the server log: {result['server_errors']}",
        ]
    return "\n".join(lines) + "\n"


def _new_results_path(kinds: list[str]) -> Path:
    """benchmarks/results/<date>-<kinds>.md; a second run that day (on another machine, say)
    gets the time as well instead of overwriting the first."""
    now = dt.datetime.now(dt.UTC)
    path = RESULTS / f"{now:%Y-%m-%d}-{'-'.join(kinds)}.md"
    return path if not path.exists() else path.with_stem(f"{now:%Y-%m-%d-%H%M}-{'-'.join(kinds)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--in-flight", type=int, default=4)
    parser.add_argument(
        "--rounds", type=int, default=4, help="slices each endpoint's time is split into"
    )
    parser.add_argument("--candidates", type=int, default=24)
    parser.add_argument("--crowd-sqlite", type=int, default=40)
    parser.add_argument("--crowd-pg", type=int, default=150)
    parser.add_argument("--crowd-seconds", type=float, default=20.0)
    parser.add_argument("--fault-seconds", type=float, default=9.0)
    parser.add_argument("--bank-sizes", default="1000,10000,100000")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    kinds = [args.only] if args.only else ["sqlite", "postgres"]
    results = {kind: bench_backend(kind, args) for kind in kinds}
    text = markdown(machine(), results, args)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = args.out or _new_results_path(kinds)
    out.write_text(text)
    print(text)
    print(f"Written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
