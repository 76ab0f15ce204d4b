"""CPU seconds of computing in place from Parquet against the hand query, before and after.

On a shared machine wall times follow the other jobs; the CPU seconds a computation spends
(all its threads, :func:`time.process_time`) change much less. For each metric, in one run,
each in a fresh process whose imports are not timed:

- ``hand``: the hand-written DuckDB query over ``read_parquet`` (``benchmarks.implementations
  .sql_text``), as ``duckdb_sql`` runs it;
- ``before``: ``showmeter.compute(metric, catalog=..., events=[glob])`` with the showmeter
  source given by ``--before`` (e.g. a snapshot of an older commit);
- ``after``: the same with the showmeter this interpreter imports.

Usage: ``python -m benchmarks.inplace_cpu --world WORK/worlds/n10000000-s1 [--before SRC]``;
prints one JSON line per cell (cpu, wall, peak RSS, load average).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

METRICS = ("binge_racers", "weekly_reach", "average_minute_audience")


def _child(impl: str, metric: str, world: Path) -> None:
    import resource

    import duckdb
    import pyarrow.parquet  # noqa: F401  (imports are not timed)

    import showmeter
    import showmeter.engines
    import showmeter.intake.in_place
    from benchmarks.implementations.sql_text import DUCKDB, metric_sql

    sessions = str(world / "world" / "sessions" / "*.parquet")
    tables = {"viewing": f"read_parquet('{sessions}')"}
    for name in ("launches", "episodes", "seasons"):
        tables[name] = f"read_parquet('{world / 'catalog' / name}.parquet')"
    cpu, wall = time.process_time(), time.perf_counter()
    if impl == "hand":
        sql = metric_sql(metric, DUCKDB, tables, None)
        rows = duckdb.connect().sql(sql).to_arrow_table().num_rows
    else:
        catalog = str(world / "world" / "catalog.yaml")
        rows = showmeter.compute(metric, catalog=catalog, events=[sessions]).to_arrow().num_rows
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cell = {"impl": impl, "metric": metric, "cpu_s": round(cpu, 2), "wall_s": round(wall, 1)}
    cell |= {"rows": rows, "peak_rss_mib": round(peak), "load": round(os.getloadavg()[0], 1)}
    print(json.dumps(cell), flush=True)


def main() -> None:
    """Run every cell, each in its own process."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--world", required=True, type=Path, help="a world folder of benchmarks")
    parser.add_argument("--before", help="the older showmeter source folder (holds showmeter/)")
    parser.add_argument("--metrics", default=",".join(METRICS))
    parser.add_argument("--child", nargs=2, metavar=("IMPL", "METRIC"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], args.child[1], args.world)
        return
    root = str(Path(__file__).resolve().parent.parent)
    here = os.environ.get("PYTHONPATH", "")
    for metric in args.metrics.split(","):
        impls = [("hand", here), ("after", here)]
        if args.before:
            impls.insert(1, ("before", args.before))
        for impl, path in impls:
            env = os.environ | {"PYTHONPATH": os.pathsep.join(p for p in (path, root) if p)}
            argv = [sys.executable, "-m", "benchmarks.inplace_cpu", "--world", str(args.world)]
            subprocess.run([*argv, "--child", impl, metric], env=env, check=True)


if __name__ == "__main__":
    main()
