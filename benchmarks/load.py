"""A small, bounded HTTP load client for 127.0.0.1: threads, fixed duration, percentiles."""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

ALLOWED_HOSTS = {"127.0.0.1", "localhost", "::1"}


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str]
    seconds: float


class Client:
    """One simulated browser: its own cookies and connection, like a candidate's tab."""

    def __init__(self, base: str, cookies: dict[str, str] | None = None, csrf: str = ""):
        parts = urlsplit(base)
        if parts.hostname not in ALLOWED_HOSTS:
            raise ValueError("Load is only ever sent to this machine (127.0.0.1).")
        self.host, self.port = parts.hostname, parts.port
        self.cookies = dict(cookies or {})
        self.csrf = csrf
        self.connection: http.client.HTTPConnection | None = None

    def _headers(self, htmx: bool, extra: dict | None) -> dict:
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Accept-Encoding": "gzip",
        }
        if htmx:
            headers["HX-Request"] = "true"
        if self.csrf:
            headers["X-CSRFToken"] = self.csrf
        headers.update(extra or {})
        return headers

    def request(
        self,
        method: str,
        path: str,
        data: dict | list | None = None,
        htmx: bool = False,
        headers: dict | None = None,
        timeout: float = 10.0,
    ) -> Response:
        body = None
        extra = dict(headers or {})
        if data is not None:
            body = urlencode(data, doseq=True)
            extra["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            self.connection.request(method, path, body=body, headers=self._headers(htmx, extra))
            raw = self.connection.getresponse()
            payload = raw.read()
        except (http.client.HTTPException, OSError) as exc:
            # No silent retry here: the caller decides, and counts it (a killed worker
            # must show up as retries in the fault scenario).
            self.close()
            raise ConnectionError(str(exc)) from exc
        response_headers = {k.lower(): v for k, v in raw.getheaders()}
        if response_headers.get("connection", "").lower() == "close":
            self.close()
        return Response(raw.status, payload, response_headers, time.perf_counter() - started)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


@dataclass
class Stats:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    sql: list[int] = field(default_factory=list)
    seconds: float = 0.0
    error_samples: list[str] = field(default_factory=list)
    # CPU seconds spent during the run, by who spent them ("workers", "database", "client").
    cpu: dict[str, float] = field(default_factory=dict)

    def merge(self, other: Stats) -> None:
        """Add another slice of the same traffic: its requests, time and CPU."""
        self.latencies.extend(other.latencies)
        self.sql.extend(other.sql)
        self.errors += other.errors
        self.error_samples.extend(other.error_samples[: 5 - len(self.error_samples)])
        self.seconds += other.seconds
        for who, spent in other.cpu.items():
            self.cpu[who] = self.cpu.get(who, 0.0) + spent

    def record(self, response: Response | None, ok: bool, note: str = "") -> None:
        if response is not None:
            self.latencies.append(response.seconds)
            if "x-sql-count" in response.headers:
                self.sql.append(int(response.headers["x-sql-count"]))
        if not ok:
            self.errors += 1
            if len(self.error_samples) < 5:
                self.error_samples.append(note or (str(response.status) if response else "?"))

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
        return ordered[index] * 1000

    @property
    def sql_per_request(self) -> float:
        return statistics.mean(self.sql) if self.sql else 0.0

    @property
    def sql_max(self) -> int:
        return max(self.sql) if self.sql else 0

    def cpu_ms_per_request(self, who: str) -> float:
        return self.cpu.get(who, 0.0) * 1000 / self.count if self.count else 0.0


def run_for(name: str, seconds: float, workers: list[Callable[[Stats], None]]) -> Stats:
    """Run each worker callable in its own thread, over and over, for `seconds`."""
    stats = Stats(name)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def loop(work):
        local = Stats(name)
        while time.monotonic() < deadline:
            work(local)
        with lock:
            stats.latencies.extend(local.latencies)
            stats.sql.extend(local.sql)
            stats.errors += local.errors
            stats.error_samples.extend(local.error_samples[: 5 - len(stats.error_samples)])

    threads = [threading.Thread(target=loop, args=(w,)) for w in workers]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    stats.seconds = time.monotonic() - started
    return stats
