"""Where a load's CPU goes, statement by statement (issue #18's load targets).

On a world made by the harness (``--world``, the folder holding ``world/`` or the world
itself), split as ``benchmarks.preaggregates`` splits it (~10/11 of the sessions, then the
other ~1/11), this times ``showmeter.ingest`` of the first part into a fresh store and then of
the second into it, and every DuckDB statement each load runs: the process's CPU seconds
(every DuckDB thread) and wall seconds of each, summed per kind of statement (staging the rows,
settling them, inserting them, each pre-aggregation's build or refresh). What is left over
(the load's CPU less its statements') is Python: reading the catalog, building and compiling
the pre-aggregations' expressions (none when the cache of compiled SQL holds them).

With ``--src OTHER/src`` the same is measured with another checkout's ``showmeter`` (run it
once per tree, one after the other, to compare two versions side by side), e.g.::

    git archive e261e82 src | tar -x -C /tmp/before
    python -m benchmarks.load_profile --world W --src /tmp/before/src
    python -m benchmarks.load_profile --world W

It prints the table and, with ``--json FILE``, writes the figures there.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["STEPS", "main", "profile", "step", "steps"]

_LABEL = re.compile(
    r'(CREATE OR REPLACE TABLE main\."?\w+"?|CREATE OR REPLACE TEMP TABLE \w+'
    r'|INSERT INTO [\w."]+|DELETE FROM [\w."]+|UPDATE [\w."]+|CREATE TABLE [\w."]+|\w+)'
)


def _label(sql: str) -> str:
    text = " ".join(sql.split())
    found = _LABEL.match(text)
    return (found.group(1) if found else text[:40])[:70]


class _Timed:
    """A DuckDB connection whose statements are timed (``execute`` and the fetch after it)."""

    def __init__(self, connection: Any, log: list[list[Any]]) -> None:
        self._connection = connection
        self._log = log

    def execute(self, sql: str, *args: Any) -> Any:
        cpu, wall = time.process_time(), time.perf_counter()
        result = self._connection.execute(sql, *args)
        entry = [sql, time.process_time() - cpu, time.perf_counter() - wall]
        self._log.append(entry)
        return _Fetched(result, entry)

    def cursor(self) -> _Timed:
        return _Timed(self._connection.cursor(), self._log)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


class _Fetched:
    def __init__(self, result: Any, entry: list[Any]) -> None:
        self._result, self._entry = result, entry

    def _timed(self, name: str) -> Any:
        cpu, wall = time.process_time(), time.perf_counter()
        out = getattr(self._result, name)()
        self._entry[1] += time.process_time() - cpu
        self._entry[2] += time.perf_counter() - wall
        return out

    def fetchall(self) -> Any:
        return self._timed("fetchall")

    def fetchone(self) -> Any:
        return self._timed("fetchone")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._result, name)


def profile(world: Path, folder: Path, split: str = "random") -> dict[str, Any]:
    """Time the two loads of ``world`` into a store in ``folder``, statement by statement.

    ``split`` is how the sessions are split (``benchmarks.preaggregates._split``).
    """
    import showmeter
    import showmeter.store.database as database
    from benchmarks.preaggregates import _split

    log: list[list[Any]] = []
    connect = database.connect
    database.connect = lambda *a, **k: _Timed(connect(*a, **k), log)  # type: ignore[assignment]
    files = sorted(world.glob("sessions/*.parquet"))
    first, second = _split(files, folder, split)
    store = folder / "store.duckdb"
    results: dict[str, Any] = {
        "showmeter": showmeter.__file__,
        "split": split,
        "load_average": os.getloadavg(),
    }
    try:
        for name, path in (("first", first), ("second", second)):
            log.clear()
            cpu, wall = time.process_time(), time.perf_counter()
            showmeter.ingest(store, catalog=str(world / "catalog.yaml"), events=str(path))
            phases: dict[str, list[float]] = {}
            for sql, spent, waited in log:
                phase = phases.setdefault(_label(sql), [0, 0.0, 0.0])
                phase[0] += 1
                phase[1] += spent
                phase[2] += waited
            results[name] = {
                "cpu": round(time.process_time() - cpu, 2),
                "wall": round(time.perf_counter() - wall, 2),
                "statements_cpu": round(sum(e[1] for e in log), 2),
                "phases": {
                    k: [int(v[0]), round(v[1], 2), round(v[2], 2)]
                    for k, v in sorted(phases.items(), key=lambda kv: -kv[1][1])
                },
            }
    finally:
        database.connect = connect  # type: ignore[assignment]
    results["load_average_after"] = os.getloadavg()
    return results


STEPS = (
    ("staging + rules", ("INSERT INTO stage_", "CREATE")),
    ("rows into the store", ("INSERT INTO main.viewing", "INSERT INTO main.quarantine")),
    ("per-unit progress", ('main."agg_unit_progress',)),
    ("per-day rows", ('main."agg_unit_days',)),
    ("season figures", ('main."agg_season_', "TEMP TABLE showmeter_shared_")),
    ("refresh's own tables", ("TEMP TABLE showmeter_",)),
    ("commit, checkpoint", ("COMMIT", "CHECKPOINT")),
)
"""Each step of a load and the prefixes or parts of its statements' labels, first match wins
(``CREATE`` alone: the staging's tables); the rest is bookkeeping (the catalog, the record)."""


def step(label: str) -> str:
    """The step of a load a statement's label belongs to (:data:`STEPS`, else ``other``)."""
    for name, parts in STEPS:
        if any(label == part if part == "CREATE" else part in label for part in parts):
            return name
    return "other statements"


def steps(load: dict[str, Any]) -> dict[str, float]:
    """A load's CPU seconds per step (:func:`step`), and ``Python`` (the load's CPU less its
    statements')."""
    found: dict[str, float] = {}
    for label, (_, cpu, _) in load["phases"].items():
        found[step(label)] = found.get(step(label), 0.0) + cpu
    found["Python"] = load["cpu"] - load["statements_cpu"]
    return {k: round(v, 2) for k, v in found.items()}


def table(results: dict[str, Any], top: int = 20) -> str:
    """The steps of each load, then its phases, the most CPU first."""
    lines = [
        f"showmeter from {results['showmeter']}; load average {results['load_average'][0]:.1f}"
    ]
    for name in ("first", "second"):
        load = results[name]
        lines.append(
            f"{name} load: CPU {load['cpu']:.2f} s (statements {load['statements_cpu']:.2f}, "
            f"Python {load['cpu'] - load['statements_cpu']:.2f}), wall {load['wall']:.2f} s"
        )
        lines.append("  by step: " + ", ".join(f"{k} {v:.2f}" for k, v in steps(load).items()))
        for label, (n, cpu, wall) in list(load["phases"].items())[:top]:
            lines.append(f"  {cpu:7.2f} CPU {wall:7.2f} wall  x{n:<3} {label}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Profile the two loads; print the table (and write JSON with ``--json``)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load_profile", description=__doc__)
    parser.add_argument("--world", required=True, help="a world's folder (with catalog.yaml)")
    parser.add_argument("--src", default=None, help="another checkout's src folder to measure")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    parser.add_argument("--work", default=None, help="scratch folder (default: the system's)")
    parser.add_argument(
        "--split", choices=("random", "time"), default="random", help="as benchmarks.preaggregates"
    )
    args = parser.parse_args(argv)
    if args.src is not None:
        sys.path.insert(0, str(Path(args.src).resolve()))
        for name in [m for m in sys.modules if m == "showmeter" or m.startswith("showmeter.")]:
            del sys.modules[name]
    world = Path(args.world)
    if not (world / "catalog.yaml").exists():
        world = world / "world"
    with tempfile.TemporaryDirectory(prefix="showmeter-loadprof-", dir=args.work) as scratch:
        results = profile(world, Path(scratch), args.split)
    print(table(results))
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
