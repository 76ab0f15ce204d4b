"""The dashboard's first visit to a season page and a control change, side by side in one run.

For each way measured, a fresh dashboard (``showmeter.web.create_app``, in process through
Starlette's test client, so the time is the server's and no network's) is asked, in order:

- ``first_visit``: ``/season/the-defenders/1`` on an empty cache (every figure of the page);
- ``market_KR``: the same page with the market control set to KR (``?market=KR``);
- ``window_7``: the page with the window control set to 7 days (``?window=7``).

The ways: ``preaggregates`` (the store's pre-aggregations read where they cover a figure);
``sessions`` (``SHOWMETER_PREAGGREGATES=off``: every figure from the sessions; ``--sessions``);
``before`` (``--before SRC``: the same as ``preaggregates`` with the showmeter package of
another checkout, e.g. the main branch's ``src``, in a child process); ``browser`` (each step
as a browser's navigation, ``Sec-Fetch-Dest: document``: ``<step>_frame`` is the time to the
first answer, the page's frame with its progress, and ``<step>`` the time until the progress
says ready, asked every 0.25 s).

Run ``python -m benchmarks.dashboard_first_visit --store showmeter-demo/demo.duckdb [--before
../main/src] [--sessions]`` (a store made by ``showmeter demo``); it prints JSON with the load
average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["main", "measure"]

PAGE = "/season/the-defenders/1"
STEPS = (
    ("first_visit", PAGE),
    ("market_KR", PAGE + "?market=KR"),
    ("window_7", PAGE + "?window=7"),
)
BROWSER = {"sec-fetch-dest": "document", "accept": "text/html"}


def measure(store: Path, switch: str | None, browser: bool = False) -> dict[str, Any]:
    """Seconds of each step on a fresh dashboard (``switch``: the pre-aggregations' switch)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from showmeter.web import create_app
    from showmeter.web.limits import Limits

    if switch is not None:
        os.environ["SHOWMETER_PREAGGREGATES"] = switch
    try:
        app = create_app(store, limits=Limits(query_timeout=3600.0))
        found: dict[str, Any] = {}
        with TestClient(app, base_url="http://127.0.0.1") as client:
            for name, url in STEPS:
                start = time.perf_counter()
                answer = client.get(url, headers=BROWSER if browser else None)
                found[f"{name}_frame" if browser else name] = round(time.perf_counter() - start, 2)
                found[f"{name}_status"] = answer.status_code
                if browser:
                    found[name] = _ready(client, url, start)
        return found
    finally:
        os.environ.pop("SHOWMETER_PREAGGREGATES", None)


def _ready(client: Any, url: str, start: float) -> float:
    """Seconds from ``start`` until the page's progress says ready (or failed)."""
    path, _, query = url.partition("?")
    progress = f"{path}/progress" + (f"?{query}" if query else "")
    while True:
        state = client.get(progress).json()
        if state["ready"] or state["error"]:
            return round(time.perf_counter() - start, 2)
        time.sleep(0.25)


def _before(store: Path, source: Path) -> dict[str, Any]:
    """:func:`measure` with the pre-aggregations, run with another checkout's showmeter."""
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(source.resolve()), str(root)])}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.dashboard_first_visit", "--store", str(store), "--one"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def main(argv: list[str] | None = None) -> None:
    """Measure each way on one store and print JSON."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.dashboard_first_visit", description=__doc__
    )
    parser.add_argument("--store", type=Path, required=True, help="a demo store")
    parser.add_argument("--before", type=Path, help="another checkout's src, measured first")
    parser.add_argument("--sessions", action="store_true", help="also every figure from sessions")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:  # the child of --before: one way, as JSON
        print(json.dumps(measure(args.store, None)))
        return
    results: dict[str, Any] = {"load_average": os.getloadavg()}
    if args.before is not None:
        results["before"] = _before(args.store, args.before)
        results["before"]["source"] = str(args.before)
    results["preaggregates"] = measure(args.store, None)
    results["browser"] = measure(args.store, None, browser=True)
    if args.sessions:
        results["sessions"] = measure(args.store, "off")
    results["load_average_after"] = os.getloadavg()
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
