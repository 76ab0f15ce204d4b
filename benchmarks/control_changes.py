"""A season page's control changes in one runner (as ``showmeter serve``'s), cold and warmed.

One fresh process per way computes The Defenders' page of a demo store in order: the default
page, then under market KR, a second market (US: the default page shows the US demand, so
some of its figures are cached already), a third (GB), the device mobile, a second device
(tv), and the window 7; each step's wall and CPU seconds (the process's, DuckDB's threads
included). ``cold``: an empty cache of compiled SQL; ``warm``: the cache another process filled
with :func:`showmeter.web.warm.warm_page` (as ``showmeter demo`` does). ``--before SRC`` runs
the same with another checkout's showmeter first.

Run ``python -m benchmarks.control_changes --store showmeter-demo/demo.duckdb [--before
OTHER/src] [--warm-only]``; it prints JSON with the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.snapshot import checkout_env, json_child

__all__ = ["main", "measure"]

STEPS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("first_visit", {}),
    ("market_KR", {"market": "KR"}),
    ("market_US", {"market": "US"}),
    ("market_GB", {"market": "GB"}),
    ("device_mobile", {"device": "mobile"}),
    ("device_tv", {"device": "tv"}),
    ("window_7", {"window": 7}),
)


def measure(store: Path) -> dict[str, list[float]]:
    """Wall and CPU seconds of each step, in this process (its cache as the environment says)."""
    from showmeter.launch.runner import Runner
    from showmeter.schema import SeasonKey
    from showmeter.web import season, warm

    warm.start()
    warm.ready()
    runner = Runner(store)
    found: dict[str, list[float]] = {}
    for name, controls in STEPS:
        start, cpu = time.perf_counter(), time.process_time()
        season.build(runner, SeasonKey("the-defenders", 1), season.Controls(**controls))
        found[name] = [round(time.perf_counter() - start, 2), round(time.process_time() - cpu, 2)]
    runner.close()
    return found


def _way(store: Path, source: Path | None, warmed: bool) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory(prefix="showmeter-bench-controls-") as folder:
        env = checkout_env(source, {**os.environ, "SHOWMETER_CACHE_DIR": folder})
        if warmed:
            code = (
                "import sys; from showmeter.web.warm import warm_page; "
                "warm_page(sys.argv[1], 'the-defenders', 1)"
            )
            subprocess.run([sys.executable, "-c", code, str(store)], check=True, env=env)
        found: dict[str, list[float]] = json_child(
            "benchmarks.control_changes", ["--store", str(store), "--one"], env
        )
    return found


def main(argv: list[str] | None = None) -> None:
    """Measure each way on one store and print JSON."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.control_changes", description=__doc__
    )
    parser.add_argument("--store", type=Path, required=True, help="a demo store")
    parser.add_argument("--before", type=Path, help="another checkout's src, measured first")
    parser.add_argument(
        "--warm-only", action="store_true", help="only the warmed ways (as after showmeter demo)"
    )
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.store)))
        return
    results: dict[str, Any] = {"load_average": os.getloadavg()}
    for label, source in (("before", args.before), ("after", None)):
        if label == "before" and source is None:
            continue
        for warmed in (True,) if args.warm_only else (False, True):
            key = f"{label}_{'warm' if warmed else 'cold'}"
            results[key] = _way(args.store, source, warmed)
            results[key + "_load"] = os.getloadavg()
    results["load_average_after"] = os.getloadavg()
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
