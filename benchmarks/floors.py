"""``python -m benchmarks.floors``: the lower bounds under two of #6's targets, side by side.

Two targets were missed (ingest at 2 M rows/s; the launch report at 50 M in 15 s). This
measures, in one run on the same world, what any implementation of the same contract must
at least do, next to what showmeter does:

Ingest (every session file of the world, into a fresh store file each time):

- ``bare_insert``: DuckDB's ``INSERT INTO viewing BY NAME SELECT * FROM read_parquet(...)``:
  one write, no rule checked, no duplicate found. The floor of any load into the store.
- ``read_and_rules``: the staging query of ``showmeter ingest`` (every rule, the content hash)
  over every file, counted, nothing written. The floor of a load that validates.
- ``stage_in_memory`` and ``stage_on_disk``: the same query written to an in-memory database
  and to a database file (what a load stages before it classifies duplicates).
- ``showmeter_ingest``: the whole load, with the time of each phase.

Report (the store of the world, every season, 28 days):

- ``completions_hand_sql``: a hand-written DuckDB query of what the rank of completers, the
  time to complete of every season and the funnel need: each account's completion of each
  episode (running sum per (account, episode) from the launch in the account's market).
- ``completions_showmeter``: the same relation as showmeter compiles it.

Example::

    python -m benchmarks.floors --size 10M
"""

from __future__ import annotations

import argparse
import contextlib
import json
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.data import parse_size, prepare, size_label

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

HAND_COMPLETIONS = """
WITH s AS (
  SELECT v.title, v.season, v.episode, v.account_id AS unit_id, v.market, v.started_at,
         v.seconds_watched, l.launch_at
  FROM viewing v JOIN launches l USING (title, season, market)
  WHERE v.account_id IS NOT NULL AND v.started_at >= l.launch_at
), unit_launch AS (  -- the launch in the market of the account's first session from a launch on
  SELECT title, season, unit_id, arg_min(launch_at, (started_at, market)) AS unit_launch_at
  FROM s GROUP BY ALL
), counted AS (
  SELECT s.title, s.season, s.episode, s.unit_id, s.started_at, s.seconds_watched,
         u.unit_launch_at, 0.9 * e.runtime_s AS threshold
  FROM s JOIN unit_launch u USING (title, season, unit_id)
         JOIN episodes e USING (title, season, episode)
  WHERE s.started_at >= u.unit_launch_at AND s.started_at < u.unit_launch_at + INTERVAL 28 DAY
), running AS (
  SELECT *, sum(seconds_watched) OVER (
    PARTITION BY title, season, unit_id, episode ORDER BY started_at, seconds_watched
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS through
  FROM counted
)
SELECT count(*) AS completions FROM running
WHERE through >= threshold AND through - seconds_watched < threshold
"""


@contextlib.contextmanager
def _clock(results: dict[str, Any], name: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    results[name] = round(time.perf_counter() - start, 2)


def _fresh_store(folder: Path, name: str) -> Any:
    from showmeter.store import Store

    path = folder / f"{name}.duckdb"
    path.unlink(missing_ok=True)
    return Store(path)


def _staging_queries(connection: Any, catalog: Any, files: list[Path]) -> list[str]:
    """Prepare ``connection`` as a load's staging database; the staging query of each file."""
    from showmeter.intake.catalog_tables import write_catalog
    from showmeter.intake.load import parquet_staged_sql
    from showmeter.intake.rules import KINDS
    from showmeter.schema import CATALOG_TABLES, duckdb_tables
    from showmeter.store import create_tables

    kind = KINDS["viewing"]
    create_tables(connection, duckdb_tables(CATALOG_TABLES))
    write_catalog(connection, catalog)
    for statement in kind.setup:
        connection.execute(statement).fetchall()
    wanted = list(kind.known_columns)
    return [parquet_staged_sql(kind, path, wanted, None, i)[0] for i, path in enumerate(files)]


def ingest_floors(world: Any, folder: Path) -> dict[str, Any]:
    """Time the ingest floors and showmeter's load of the world's session files."""
    import duckdb

    import showmeter.intake.load as load
    from showmeter.catalog import load_catalog

    catalog = load_catalog(Path(world.catalog))
    files = sorted(Path(world.folder).glob("sessions/*.parquet"))
    results: dict[str, Any] = {}
    store = _fresh_store(folder, "bare")
    try:
        listed = ", ".join(f"'{f}'" for f in files)
        with _clock(results, "bare_insert"):
            store.connection.execute(
                f"INSERT INTO viewing BY NAME SELECT * FROM read_parquet([{listed}])"
            ).fetchall()
    finally:
        store.close()
    for name, target in (
        ("read_and_rules", None),
        ("stage_in_memory", ":memory:"),
        ("stage_on_disk", str(folder / "stage.duckdb")),
    ):
        Path(folder / "stage.duckdb").unlink(missing_ok=True)
        connection = duckdb.connect(target or ":memory:")
        try:
            connection.execute("SET TimeZone = 'UTC'").fetchall()
            queries = _staging_queries(connection, catalog, files)
            with _clock(results, name):
                for i, query in enumerate(queries):
                    if target is None:
                        connection.execute(f"SELECT count(*), sum(_content) FROM ({query})")
                    elif i == 0:
                        connection.execute(f"CREATE TABLE staged AS {query}")
                    else:
                        connection.execute(f"INSERT INTO staged {query}")
                    connection.fetchall()
        finally:
            connection.close()
    Path(folder / "stage.duckdb").unlink(missing_ok=True)
    phases: dict[str, float] = {}

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                phases[name] = round(phases.get(name, 0.0) + time.perf_counter() - start, 2)

        return run

    phase_of = {"_stage_kind": "stage", "settle": "settle", "commit_kind": "commit"}
    originals = {name: getattr(load, name) for name in phase_of}
    for name, phase in phase_of.items():
        setattr(load, name, timed(phase, originals[name]))
    store = _fresh_store(folder, "showmeter")
    try:
        with _clock(results, "showmeter_ingest"):
            load.ingest(store, catalog, [("viewing", str(f)) for f in files])
    finally:
        for name, original in originals.items():
            setattr(load, name, original)
        store.close()
    results["showmeter_ingest_phases"] = phases
    results["sessions"] = world.sessions
    return results


def report_floors(world: Any) -> dict[str, Any]:
    """Time every season's 28-day completions: by hand in DuckDB SQL, and as showmeter's."""
    import duckdb
    import ibis

    from showmeter.definitions import completion
    from showmeter.definitions.tables import CanonicalTables
    from showmeter.definitions.windows import Scope, sessions

    tables = CanonicalTables()
    scope = Scope("account", None, None, None, "market", False)
    done = completion.completions(tables, sessions(tables, scope, hours=672, per_unit=True), 0.9)
    showmeter_sql = ibis.to_sql(done.aggregate(completions=done.count()), dialect="duckdb")
    results: dict[str, Any] = {}
    connection = duckdb.connect(world.store, read_only=True)
    try:
        connection.execute("SET TimeZone = 'UTC'").fetchall()
        for name, query in (
            ("completions_hand_sql", HAND_COMPLETIONS),
            ("completions_showmeter", str(showmeter_sql)),
        ):
            with _clock(results, name):
                results[f"{name}_rows"] = connection.execute(query).fetchall()[0][0]
    finally:
        connection.close()
    if results["completions_hand_sql_rows"] != results["completions_showmeter_rows"]:
        raise SystemExit(f"the two completions disagree: {results}")
    return results


def main(argv: list[str] | None = None) -> None:
    """Measure the floors on one world and print them as JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.floors", description=__doc__)
    parser.add_argument("--size", default="10M", help="sessions in the world (default 10M)")
    parser.add_argument("--seed", type=int, default=1, help="the simulation seed (default 1)")
    parser.add_argument("--work", default="/tmp/showmeter-bench", help="the harness's folder")
    args = parser.parse_args(argv)
    world, _ = prepare(parse_size(args.size), args.seed, args.work)
    with tempfile.TemporaryDirectory(prefix="showmeter-floors-", dir=args.work) as scratch:
        measured = {"size": size_label(world.sessions), **ingest_floors(world, Path(scratch))}
    measured.update(report_floors(world))
    print(json.dumps(measured, indent=1))


if __name__ == "__main__":
    main()
