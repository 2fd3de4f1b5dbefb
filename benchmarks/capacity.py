"""Capacity, the operator's figure: N candidates acting like people, then all submitting at once.

python benchmarks/capacity.py                      # PostgreSQL 1,000 (one and two app servers),
                                                   # SQLite 100; writes benchmarks/results/
python benchmarks/capacity.py --only sqlite --steady 60 --sqlite 40     # a quicker look

Each candidate is a coroutine of one asyncio client (one process, so the client is not the
bottleneck; its CPU is reported): every 10–20 s it opens a question or saves an answer, as a
person reading a long scenario does, for --steady seconds; then every candidate ends the exam
within 10 s, as at a shared deadline. Afterwards the database is checked for every answer the
server acknowledged. gunicorn runs as `make serve` runs it (config/gunicorn.conf.py workers and
recycling, DEBUG off), on 127.0.0.1 only; every process started is stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import random
import resource
import runpy
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import (  # noqa: E402
    ROOT,
    Server,
    _database_pids,
    _spent,
    database,
    machine,
    run_django,
    server_env,
)

THINK = (10.0, 20.0)  # seconds between a candidate's actions
SUBMIT_WINDOW = 10.0  # every candidate ends the exam within this many seconds
TARGET_SAVE_P99_MS = 250.0
TIMEOUT = 30.0  # a request that takes longer counts as an error


@dataclass
class Tally:
    """Latencies and errors of one kind of request."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    samples: list[str] = field(default_factory=list)

    def add(self, seconds: float, ok: bool, note: str) -> None:
        self.latencies.append(seconds)
        if not ok:
            self.errors += 1
            if len(self.samples) < 5:
                self.samples.append(note)

    def p(self, percent: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))] * 1000


def _cpu_with_reaped_children(pids) -> dict[int, float]:
    """CPU seconds of each process so far, plus those of its children that have exited: a
    worker that gunicorn recycles (or a PostgreSQL backend that ends) is charged to its parent
    instead of vanishing from the count."""
    seconds = {}
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks = sum(int(fields[i]) for i in (11, 12, 13, 14))  # utime stime cutime cstime
            seconds[pid] = ticks / os.sysconf("SC_CLK_TCK")
    return seconds


def _gunicorn_pids(servers) -> list[int]:
    return [pid for s in servers for pid in (s.process.pid, *s.workers())]


async def http(port: int, method: str, path: str, cookies: str, csrf: str, data=None):
    """One HTTP/1.1 request to 127.0.0.1 on its own connection: (status, headers, seconds)."""
    body = urlencode(data, doseq=True).encode() if data is not None else b""
    head = [
        f"{method} {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        f"Cookie: {cookies}",
        f"X-CSRFToken: {csrf}",
        "HX-Request: true",
        "Accept-Encoding: gzip",
        "Connection: close",
        f"Content-Length: {len(body)}",
    ]
    if data is not None:
        head.append("Content-Type: application/x-www-form-urlencoded")
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await writer.drain()
        raw = await reader.read()
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
    status_line, _, rest = raw.partition(b"\r\n")
    headers = {}
    for line in rest.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, time.perf_counter() - started


class Candidate:
    """A seeded candidate: a session, an attempt, the versions of its items, what was acked."""

    def __init__(self, data: dict, port: int, rng: random.Random):
        self.port = port
        self.cookies = f"sessionid={data['session']}; csrftoken={data['csrf']}"
        self.csrf = data["csrf"]
        self.attempt = data["attempt"]
        self.items = data["items"]
        self.versions = dict.fromkeys(self.items, 0)
        self.acked: dict[str, list[str]] = {}
        self.rng = rng

    async def request(self, tally: Tally, method: str, path: str, data=None) -> int:
        try:
            status, _, seconds = await asyncio.wait_for(
                http(self.port, method, path, self.cookies, self.csrf, data), TIMEOUT
            )
        except (OSError, TimeoutError, IndexError, ValueError) as exc:
            tally.add(TIMEOUT, False, f"{method} {path}: {type(exc).__name__}")
            return 0
        tally.add(seconds, status < 400, f"{method} {path}: {status}")
        return status

    async def view(self, tally: Tally) -> None:
        slot = self.rng.choice(list(self.items))
        await self.request(tally, "GET", f"/exams/attempt/{self.attempt}/q/{slot}/")

    async def save(self, tally: Tally) -> None:
        slot = self.rng.choice(list(self.items))
        item = self.items[slot]
        keys = self.rng.sample(item["keys"], item["choose"])
        positions = [item["keys"].index(k) + 1 for k in keys]  # as the page shows them
        data = {"version": self.versions[slot], "choice": positions}
        path = f"/exams/attempt/{self.attempt}/q/{slot}/answer/"
        if await self.request(tally, "POST", path, data) == 200:
            self.versions[slot] += 1
            self.acked[slot] = keys

    async def submit(self, tally: Tally) -> bool:
        status = await self.request(tally, "POST", f"/exams/attempt/{self.attempt}/end/", {})
        return status == 200


async def crowd(candidates: list[Candidate], steady: float) -> dict:
    """The steady phase, then the submit burst; tallies per kind of request."""
    tallies = {"page": Tally(), "save": Tally(), "submit": Tally()}
    end_of_steady = time.monotonic() + steady

    async def person(candidate: Candidate) -> bool:
        await asyncio.sleep(candidate.rng.uniform(0, THINK[1]))  # not all arriving at once
        while time.monotonic() < end_of_steady:
            if candidate.rng.random() < 0.5:
                await candidate.view(tallies["page"])
            else:
                await candidate.save(tallies["save"])
            await asyncio.sleep(candidate.rng.uniform(*THINK))
        return True

    await asyncio.gather(*(person(c) for c in candidates))
    burst_started = time.monotonic()

    async def submit(candidate: Candidate) -> bool:
        await asyncio.sleep(candidate.rng.uniform(0, SUBMIT_WINDOW))
        return await candidate.submit(tallies["submit"])

    submitted = await asyncio.gather(*(submit(c) for c in candidates))
    return {
        "tallies": tallies,
        "submitted": sum(submitted),
        "burst_seconds": time.monotonic() - burst_started,
    }


def scenario(kind: str, count: int, instances: int, steady: float, workdir: Path) -> dict:
    """Seed `count` candidates, serve with `instances` app servers, drive, verify."""
    with database(kind, workdir) as (db_env, db_version):
        env = server_env(workdir, db_env)
        env.pop("COUNT_SQL", None)  # as served: no SQL counting
        print(f"[{kind} ×{instances}] migrate, import, seed {count} candidates", flush=True)
        run_django(env, "manage.py", "migrate", "--noinput")
        run_django(env, "manage.py", "import_questions", "questions/bank")
        run_django(env, "manage.py", "collectstatic", "--noinput")
        seeded = workdir / f"capacity-{kind}-{instances}.json"
        run_django(env, "benchmarks/django_side.py", "seed", str(count), str(seeded))
        data = json.loads(seeded.read_text())
        with contextlib.ExitStack() as stack:
            servers = [stack.enter_context(Server(env, workdir, as_served=True))]
            servers += [
                stack.enter_context(Server(env, workdir, as_served=True))
                for _ in range(instances - 1)
            ]
            rng = random.Random(f"{kind}-{count}-{instances}")
            candidates = [
                Candidate(d, servers[i % instances].port, random.Random(rng.random()))
                for i, d in enumerate(data)
            ]
            before = (
                _cpu_with_reaped_children(_gunicorn_pids(servers)),
                _cpu_with_reaped_children(_database_pids()),
            )
            client_before = resource.getrusage(resource.RUSAGE_SELF)
            print(f"[{kind} ×{instances}] {count} candidates for {steady:.0f} s", flush=True)
            started = time.monotonic()
            outcome = asyncio.run(crowd(candidates, steady))
            wall = time.monotonic() - started
            client_after = resource.getrusage(resource.RUSAGE_SELF)
            cpu = {
                "workers": _spent(before[0], _cpu_with_reaped_children(_gunicorn_pids(servers))),
                "database": _spent(before[1], _cpu_with_reaped_children(_database_pids())),
                "client": (client_after.ru_utime + client_after.ru_stime)
                - (client_before.ru_utime + client_before.ru_stime),
            }
            tracebacks = sum(s.log().count("Traceback") for s in servers)
        acked_path = workdir / f"acked-{kind}-{instances}.json"
        acked_path.write_text(json.dumps({str(c.attempt): c.acked for c in candidates}))
        verified = json.loads(
            run_django(env, "benchmarks/django_side.py", "verify", str(acked_path))
        )
    return {
        "kind": kind,
        "database": db_version,
        "candidates": count,
        "instances": instances,
        "steady_seconds": steady,
        "wall_seconds": wall,
        "cpu": cpu,
        "tracebacks": tracebacks,
        "verified": verified,
        **outcome,
    }


def passed(result: dict) -> bool:
    tallies = result["tallies"]
    return (
        sum(t.errors for t in tallies.values()) == 0
        and result["verified"]["lost"] == 0
        and tallies["save"].p(99) < TARGET_SAVE_P99_MS
        and result["submitted"] == result["candidates"]
        and result["verified"]["finished_attempts"] == result["verified"]["attempts"]
    )


def markdown(info: dict, results: list[dict]) -> str:
    lines = [
        f"# Capacity: candidates acting like people, then all submitting — {info['date']}",
        "",
        f"Machine: {info['cpu_model']}, {info['cpus']} CPUs, {info['memory_gib']} GiB; Python "
        f"{info['python']}, Django {info['django']}, psycopg {info['psycopg']}, gunicorn "
        f"{info['gunicorn']} as `make serve` runs it (config/gunicorn.conf.py: "
        f"{info['workers']} sync workers, recycling on). Commit {info['commit']}.",
        "",
        f"Each candidate opens a question or saves an answer every {THINK[0]:.0f}–{THINK[1]:.0f}"
        f" s; then all end the exam within {SUBMIT_WINDOW:.0f} s. Target: 0 errors, 0 "
        f"acknowledged answers missing, save p99 < {TARGET_SAVE_P99_MS:.0f} ms in the steady "
        "phase, every submit answered. CPU seconds over the steady phase and the burst, from "
        "/proc: gunicorn (masters, workers, and workers recycled meanwhile), the database "
        "server's processes, and the client (the one asyncio load process).",
        "",
        "| database | app servers | candidates | steady | page p50 / p99 ms | save p50 / p99 "
        "ms | submit p50 / p99 ms | requests | errors | acked answers checked · lost | "
        "submitted | CPU s: gunicorn · database · client | result |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        t = r["tallies"]
        requests = sum(len(x.latencies) for x in t.values())
        errors = sum(x.errors for x in t.values())
        lines.append(
            f"| {r['database']} | {r['instances']} | {r['candidates']} | "
            f"{r['steady_seconds']:.0f} s | {t['page'].p(50):.0f} / {t['page'].p(99):.0f} | "
            f"{t['save'].p(50):.0f} / {t['save'].p(99):.0f} | "
            f"{t['submit'].p(50):.0f} / {t['submit'].p(99):.0f} | {requests} | {errors} | "
            f"{r['verified']['checked']} · {r['verified']['lost']} | "
            f"{r['submitted']}/{r['candidates']} in {r['burst_seconds']:.1f} s | "
            f"{r['cpu']['workers']:.0f} · {r['cpu']['database']:.0f} · {r['cpu']['client']:.0f}"
            f" | {'✅' if passed(r) else '❌'} |"
        )
    samples = [s for r in results for t in r["tallies"].values() for s in t.samples]
    tracebacks = sum(r["tracebacks"] for r in results)
    lines += ["", f"Server tracebacks logged: {tracebacks}."]
    if samples:
        lines += ["", "Error samples: " + "; ".join(samples[:10])]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--postgres", type=int, default=1000, help="candidates on PostgreSQL")
    parser.add_argument("--sqlite", type=int, default=100, help="candidates on SQLite")
    parser.add_argument("--steady", type=float, default=180.0, help="seconds before the burst")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    # Stopped from outside, leave through the with-blocks: they stop gunicorn and drop the
    # benchmark's database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    info = machine()
    info["workers"] = runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))["workers"]
    plan = []
    if args.only != "sqlite":
        plan += [("postgres", args.postgres, 1), ("postgres", args.postgres, 2)]
    if args.only != "postgres":
        plan.append(("sqlite", args.sqlite, 1))
    results = []
    with tempfile.TemporaryDirectory(prefix="capacity-") as tmp:
        for kind, count, instances in plan:
            workdir = Path(tmp) / f"{kind}-{instances}"
            workdir.mkdir()
            results.append(scenario(kind, count, instances, args.steady, workdir))
            print(markdown(info, results[-1:]), flush=True)
    report = markdown(info, results)
    out = args.out or ROOT / "benchmarks" / "results" / (
        f"{dt.datetime.now():%Y-%m-%d-%H%M}-capacity.md"
    )
    out.write_text(report)
    print(report)
    print(f"Written to {out}")
    return 0 if all(passed(r) for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
