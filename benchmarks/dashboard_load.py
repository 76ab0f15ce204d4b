"""Load on the dashboard: warm season-page latency, then concurrent clients on loopback.

Starts ``showmeter serve`` on a free port in a child process, warms every page of the mix
(the first computation of a season page runs every figure of its report), measures the warm
season page (median of 20 requests in a row), then runs concurrent clients (50 by default) for
30 seconds over a mix of pages and API calls, and prints the count, the errors and the latency
percentiles::

    python -m benchmarks.dashboard_load --store showmeter-demo/demo.duckdb

This is a measurement, not a test: it asserts nothing, and exits 1 only if a request failed.
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


@dataclass
class Tally:
    """Latencies (seconds) and errors of a run."""

    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(store: Path, port: int, timeout: float) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "showmeter", "serve", "--store", str(store),
        "--port", str(port), "--query-timeout", str(timeout),
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
            if answer.status_code != 200:
                tally.error(f"HTTP {answer.status_code} on {path}")


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
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--query-timeout", type=float, default=600.0)
    args = parser.parse_args(argv)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    child = _start(args.store, port, args.query_timeout)
    try:
        _wait_up(base, child)
        print(f"dashboard on {base} over {args.store} ({os.cpu_count()} cores)")
        began = time.perf_counter()
        warm(base)
        print(f"warmed the mix in {time.perf_counter() - began:.1f} s")
        warm_season = season_latency(base)
        median = statistics.median(warm_season)
        print(f"warm season page, 20 in a row: median {_ms(median)}, max {_ms(max(warm_season))}")
        tally = asyncio.run(load(base, args.clients, args.seconds))
        done = tally.latencies
        print(
            f"{args.clients} clients for {args.seconds:.0f} s: {len(done)} requests "
            f"({len(done) / args.seconds:.1f}/s), {sum(tally.errors.values())} errors"
        )
        for name, share in (("p50", 0.5), ("p90", 0.9), ("p99", 0.99)):
            print(f"  {name} {_ms(_percentile(done, share))}")
        print(f"  max {_ms(max(done) if done else float('nan'))}")
        for what, count in sorted(tally.errors.items()):
            print(f"  error: {what} × {count}")
        return 1 if tally.errors else 0
    finally:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()


if __name__ == "__main__":
    sys.exit(main())
