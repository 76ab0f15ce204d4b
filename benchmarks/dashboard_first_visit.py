"""The dashboard's first visit to a season page and a control change, with and without the
store's pre-aggregations, side by side in one process.

For each way (pre-aggregations read; ``SHOWMETER_PREAGGREGATES=off``: every figure from the
sessions) a fresh dashboard (``showmeter.web.create_app``, in process through Starlette's
test client, so the time is the server's and no network's) is asked, in order:

- ``first_visit``: ``/season/the-defenders/1`` on an empty cache (every figure of the page);
- ``market_KR``: the same page with the market control set to KR (``?market=KR``);
- ``window_7``: the page with the window control set to 7 days (``?window=7``).

Run ``python -m benchmarks.dashboard_first_visit --store showmeter-demo/demo.duckdb`` (a store
made by ``showmeter demo``); it prints JSON with the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
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


def measure(store: Path, switch: str | None) -> dict[str, Any]:
    """Seconds of each step on a fresh dashboard (``switch``: the pre-aggregations' switch)."""
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
                answer = client.get(url)
                found[name] = round(time.perf_counter() - start, 2)
                found[f"{name}_status"] = answer.status_code
        return found
    finally:
        os.environ.pop("SHOWMETER_PREAGGREGATES", None)


def main(argv: list[str] | None = None) -> None:
    """Measure both ways on one store and print JSON."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.dashboard_first_visit", description=__doc__
    )
    parser.add_argument("--store", type=Path, required=True, help="a demo store")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {"load_average": os.getloadavg()}
    results["preaggregates"] = measure(args.store, None)
    results["sessions"] = measure(args.store, "off")
    results["load_average_after"] = os.getloadavg()
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
