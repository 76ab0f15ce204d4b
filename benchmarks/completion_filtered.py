"""The completion family of one season under the dashboard's market and device controls.

On a loaded store (opened read-only), the season with the most sessions: the completion
figures of the season page (binge racers, completers, time to complete, the funnel, the binge
race), each computed for that season alone (``showmeter.engines.compute`` with its title and
season: the way the per-unit progress serves a market or device filter,
:mod:`showmeter.definitions.preaggregate_filters`), under each filter: the busiest market,
the second busiest, a small one (the fifth), two markets at once, and the device ``mobile``.
Each filter is computed twice in one fresh process: ``cold`` with an empty cache of compiled
SQL (the expressions built and compiled), then ``warm`` (the SQL cached: DuckDB's part
alone). ``--before SRC`` runs
the same with another checkout's showmeter first, each way in its own child process;
``after`` is this checkout as it is, ``after_on`` with ``SHOWMETER_FILTERED_PROGRESS=on``. Wall and
CPU seconds (the process's, DuckDB's threads included); the rows of both ways must be equal.

Run ``python -m benchmarks.completion_filtered --store S [--before OTHER/src]``; it prints
JSON with the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.snapshot import checkout_env, json_child

__all__ = ["main", "measure"]

METRICS = ("binge_racers", "completers", "time_to_complete", "episode_funnel", "binge_race")


def _filters(store: Path) -> dict[str, dict[str, object]]:
    """The filters measured, named, from the store's markets by sessions."""
    import duckdb

    with duckdb.connect(str(store), read_only=True) as con:
        rows = con.execute("SELECT market FROM viewing GROUP BY 1 ORDER BY count(*) DESC, 1")
        markets = [str(r[0]) for r in rows.fetchall()]
    return {
        f"market {markets[0]}": {"markets": markets[0]},
        f"market {markets[1]}": {"markets": markets[1]},
        f"market {markets[4]}": {"markets": markets[4]},
        f"markets {markets[1]},{markets[2]}": {"markets": f"{markets[1]},{markets[2]}"},
        "device mobile": {"devices": "mobile"},
    }


def measure(store: Path) -> dict[str, Any]:
    """Each filter's batch, cold then warm, in this process (an empty SQL cache of its own)."""
    import duckdb

    from showmeter.engines import compute

    with duckdb.connect(str(store), read_only=True) as con:
        title, season = con.execute(
            "SELECT title, season FROM viewing GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1"
        ).fetchall()[0]
    found: dict[str, Any] = {"season": f"{title}:{season}"}
    with tempfile.TemporaryDirectory(prefix="showmeter-bench-cache-") as folder:
        os.environ["SHOWMETER_CACHE_DIR"] = folder
        for name, params in _filters(store).items():
            for way in ("cold", "warm"):
                with duckdb.connect(str(store), read_only=True) as con:
                    wall, cpu = time.perf_counter(), time.process_time()
                    results = [
                        compute(m, params, source=con, title=title, season=int(season))
                        for m in METRICS
                    ]
                    found[f"{name} {way}"] = round(time.perf_counter() - wall, 3)
                    found[f"{name} {way} cpu"] = round(time.process_time() - cpu, 3)
            found[f"{name} rows"] = [sorted(map(repr, r.rows)) for r in results]
            found[f"{name} read"] = [r.computed_from for r in results]
    return found


def _child(store: Path, source: Path | None, switched: bool = False) -> dict[str, Any]:
    """:func:`measure` in a child process (with another checkout's showmeter, if given).

    ``switched``: with ``SHOWMETER_FILTERED_PROGRESS=on`` (the per-unit progress serves the
    filters: :mod:`showmeter.definitions.preaggregate_filters`).
    """
    env = dict(os.environ)
    env.pop("SHOWMETER_FILTERED_PROGRESS", None)
    if switched:
        env["SHOWMETER_FILTERED_PROGRESS"] = "on"
    found: dict[str, Any] = json_child(
        "benchmarks.completion_filtered",
        ["--store", str(store), "--one"],
        checkout_env(source, env),
    )
    return found


def main(argv: list[str] | None = None) -> None:
    """Measure each way on one store and print JSON."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.completion_filtered", description=__doc__
    )
    parser.add_argument("--store", type=Path, required=True, help="a loaded store")
    parser.add_argument("--before", type=Path, help="another checkout's src, measured first")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.store)))
        return
    results: dict[str, Any] = {"load_average": os.getloadavg()}
    if args.before is not None:
        results["before"] = _child(args.store, args.before)
    results["after"] = _child(args.store, None)
    results["after_on"] = _child(args.store, None, switched=True)
    keys = [k for k in results["after"] if k.endswith(" rows")]
    others = [way for way in ("before", "after_on") if way in results]
    results["rows_equal"] = all(
        results[way][k] == results["after"][k] for way in others for k in keys
    )
    for way in ("before", "after", "after_on"):
        for key in [k for k in results.get(way, {}) if k.endswith(" rows")]:
            del results[way][key]
    results["load_average_after"] = os.getloadavg()
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
