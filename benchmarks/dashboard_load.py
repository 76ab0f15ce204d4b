"""Load on the dashboard: warm season-page latency, concurrent clients, then heavy queries.

Starts ``showmeter serve`` on a free port in a child process, warms every page of the mix
(the first computation of a season page runs every figure of its report), measures the warm
season page (median of 20 requests in a row), then runs concurrent clients (50 by default) for
30 seconds over a mix of pages and API calls, and prints the count, the answers by status and
the latency percentiles. Meanwhile a prober asks ``/api/health`` ten times a second (its p50
and p95 are printed) and the server's resident memory is sampled (its peak is printed).

With ``--heavy N`` (at most :data:`MAX_HEAVY`), a second phase sends N different heavy
computations at once (rankings of every season by market, each with other parameters, so that
none is cached), each client once, and prints how they were answered (200, 503 with
``Retry-After`` beyond the queue, 504 past ``--query-timeout``), the health latency while they
ran and the peak memory. Everything stays on 127.0.0.1::

    python -m benchmarks.dashboard_load --store showmeter-demo/demo.duckdb
    python -m benchmarks.dashboard_load --store showmeter-demo/demo.duckdb --clients 0 \\
        --heavy 45 --query-timeout 10 --memory-limit 2GB

This is a measurement, not a test: it asserts nothing, and exits 1 only if a request failed
(a transport error, or an answer other than 200 in the mix; 503 and 504 are how the heavy
phase is meant to be answered).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

SEASON = "/season/the-defenders/1"

MIX = (
    SEASON,
    SEASON + "?market=US",
    SEASON + "?window=7",
    "/",
    "/compare?season=the-defenders:1&season=daredevil:2",
    "/rankings?metric=binge_racers&market=KR",
    "/api/compute/reach?title=the-defenders&season=1",
    "/api/compute/rank?metric=binge_racers&by_market=true",
    "/api/metrics",
    "/api/titles",
    "/metrics/reach",
    "/static/dashboard.css",
)
"""What the clients ask for, in turn (each client starts at a different place)."""


MAX_HEAVY = 100
"""The most heavy computations sent at once."""


def heavy_path(number: int) -> str:
    """A heavy computation, different for each ``number``: every season ranked by market
    (by time to complete, completers or binge racers: each unit's completions of every
    episode of every season)."""
    varied = (
        f"time_to_complete&window_days={20 + number}",
        f"completers&window_days={20 + number}",
        f"binge_racers&window_hours={6 + number}",
    )[number % 3]
    return f"/api/compute/rank?by_market=true&metric={varied}"


@dataclass
class Tally:
    """Latencies (seconds), answers by status and errors of a run."""

    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1

    def answered(self, status: int) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1


class Watch:
    """The server's health latency (probed every 0.1 s) and its peak resident memory."""

    def __init__(self, base: str, pid: int) -> None:
        import threading

        self.base = base
        self.pid = pid
        self.health: list[float] = []
        self.failed = 0
        self.peak_rss = 0
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._probe, daemon=True),
            threading.Thread(target=self._memory, daemon=True),
        ]

    def __enter__(self) -> Watch:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def _probe(self) -> None:
        import httpx

        with httpx.Client(base_url=self.base, timeout=60) as client:
            while not self._stop.wait(0.1):
                began = time.perf_counter()
                try:
                    ok = client.get("/api/health").status_code == 200
                except httpx.HTTPError:
                    ok = False
                self.health.append(time.perf_counter() - began)
                self.failed += 0 if ok else 1

    def _memory(self) -> None:
        import psutil

        process = psutil.Process(self.pid)
        while not self._stop.wait(0.05):
            try:
                self.peak_rss = max(self.peak_rss, process.memory_info().rss)
            except psutil.Error:
                return

    def report(self) -> None:
        h = self.health
        print(
            f"  /api/health while it ran: {len(h)} probes, p50 {_ms(_percentile(h, 0.5))}, "
            f"p95 {_ms(_percentile(h, 0.95))}, max {_ms(max(h) if h else float('nan'))}, "
            f"{self.failed} failed"
        )
        print(f"  server's peak RSS: {self.peak_rss / 2**20:.0f} MiB")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(
    store: Path, port: int, timeout: float, before: list[str], after: list[str]
) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "showmeter", *before, "serve", "--store", str(store),
        "--port", str(port), "--query-timeout", str(timeout), *after,
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_up(base: str, child: subprocess.Popen[bytes], patience: float = 120) -> None:
    import httpx

    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        if child.poll() is not None:
            error = child.stderr.read().decode() if child.stderr else ""
            raise SystemExit(f"the server stopped: {error}")
        try:
            if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server did not answer within {patience:.0f} s")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _ms(seconds: float) -> str:
    return f"{1000 * seconds:8.1f} ms"


def warm(base: str) -> None:
    """Ask for every page of the mix once, so that the load runs on warm caches."""
    import httpx

    with httpx.Client(base_url=base, timeout=1800) as client:
        for path in MIX:
            began = time.perf_counter()
            answer = client.get(path)
            print(f"  warm {path:<60} {answer.status_code}  {time.perf_counter() - began:6.1f} s")
            if answer.status_code != 200:
                raise SystemExit(f"warming {path} failed: {answer.status_code} {answer.text[:300]}")


def season_latency(base: str, repeats: int = 20) -> list[float]:
    """The warm season page's latency, ``repeats`` requests in a row."""
    import httpx

    found = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for _ in range(repeats):
            began = time.perf_counter()
            answer = client.get(SEASON)
            found.append(time.perf_counter() - began)
            if answer.status_code != 200:
                raise SystemExit(f"the season page failed: {answer.status_code}")
    return found


async def _client(base: str, start: int, until: float, tally: Tally) -> None:
    import httpx

    turn = start
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        while time.perf_counter() < until:
            path = MIX[turn % len(MIX)]
            turn += 1
            began = time.perf_counter()
            try:
                answer = await client.get(path)
                await answer.aread()
            except httpx.HTTPError as error:
                tally.error(f"{type(error).__name__} on {path}")
                continue
            tally.latencies.append(time.perf_counter() - began)
            tally.answered(answer.status_code)
            if answer.status_code != 200:
                tally.error(f"HTTP {answer.status_code} on {path}")


async def _heavy_one(base: str, number: int, tally: Tally) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        began = time.perf_counter()
        try:
            answer = await client.get(heavy_path(number))
            await answer.aread()
        except httpx.HTTPError as error:
            tally.error(f"{type(error).__name__} on a heavy query")
            return
        tally.latencies.append(time.perf_counter() - began)
        tally.answered(answer.status_code)
        if answer.status_code not in (200, 503, 504):
            tally.error(f"HTTP {answer.status_code} on {heavy_path(number)}")


async def heavy(base: str, count: int) -> Tally:
    """``count`` different heavy computations asked at once, each once."""
    tally = Tally()
    await asyncio.gather(*(_heavy_one(base, n, tally) for n in range(min(count, MAX_HEAVY))))
    return tally


def _print_tally(tally: Tally, title: str) -> None:
    done = tally.latencies
    answers = ", ".join(f"{n} × {status}" for status, n in sorted(tally.statuses.items()))
    print(f"{title}: {len(done)} answers ({answers}), {sum(tally.errors.values())} errors")
    for name, share in (("p50", 0.5), ("p90", 0.9), ("p99", 0.99)):
        print(f"  {name} {_ms(_percentile(done, share))}")
    print(f"  max {_ms(max(done) if done else float('nan'))}")
    for what, count in sorted(tally.errors.items()):
        print(f"  error: {what} × {count}")


async def load(base: str, clients: int, seconds: float) -> Tally:
    """``clients`` concurrent clients asking for the mix for ``seconds``."""
    tally = Tally()
    until = time.perf_counter() + seconds
    await asyncio.gather(*(_client(base, i, until, tally) for i in range(clients)))
    return tally


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its numbers."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="a demo store")
    parser.add_argument("--clients", type=int, default=50, help="0: no mixed load")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--query-timeout", type=float, default=600.0)
    parser.add_argument("--heavy", type=int, default=0, help=f"at most {MAX_HEAVY}")
    parser.add_argument("--computations", type=int, default=None)
    parser.add_argument("--queue", type=int, default=None)
    parser.add_argument("--memory-limit", default=None, help="showmeter --memory-limit")
    args = parser.parse_args(argv)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    before = ["--memory-limit", args.memory_limit] if args.memory_limit else []
    after = []
    for name in ("computations", "queue"):
        if getattr(args, name) is not None:
            after += [f"--{name}", str(getattr(args, name))]
    child = _start(args.store, port, args.query_timeout, before, after)
    failed = False
    try:
        _wait_up(base, child)
        shown = " ".join([*before, "serve", "--query-timeout", str(args.query_timeout), *after])
        print(f"dashboard on {base} over {args.store} ({os.cpu_count()} cores): {shown}")
        if args.clients:
            began = time.perf_counter()
            warm(base)
            print(f"warmed the mix in {time.perf_counter() - began:.1f} s")
            warm_season = season_latency(base)
            median = statistics.median(warm_season)
            slowest = _ms(max(warm_season))
            print(f"warm season page, 20 in a row: median {_ms(median)}, max {slowest}")
            with Watch(base, child.pid) as watch:
                tally = asyncio.run(load(base, args.clients, args.seconds))
            _print_tally(tally, f"{args.clients} clients for {args.seconds:.0f} s")
            watch.report()
            failed = failed or bool(tally.errors)
        if args.heavy:
            began = time.perf_counter()
            with Watch(base, child.pid) as watch:
                tally = asyncio.run(heavy(base, args.heavy))
            took = time.perf_counter() - began
            sent = min(args.heavy, MAX_HEAVY)
            _print_tally(tally, f"{sent} heavy queries at once ({took:.1f} s)")
            watch.report()
            failed = failed or bool(tally.errors)
        return 1 if failed else 0
    finally:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()


if __name__ == "__main__":
    sys.exit(main())
