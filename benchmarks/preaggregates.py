"""Pre-aggregations against their floors, side by side in one run (issue #18's targets).

On one world (``benchmarks.data.prepare``: the synthetic world of ``--size`` sessions), in this
order and in one process, so that a loaded machine slows every line alike and the ratios hold:

1. ``bare_ctas``: ``CREATE TABLE viewing AS SELECT * FROM read_parquet(every file)`` into a
   fresh DuckDB file — the floor of a load;
2. ``first_load``: ``showmeter.ingest`` of the first ~91 % of the sessions (those with
   a hash of account, profile, start, title and episode not divisible by 11) into a fresh
   store, pre-aggregations included;
3. ``second_load``: ``showmeter.ingest`` of the other ~9 % (10 % more sessions) into it, the
   pre-aggregations refreshed for the (unit, season) pairs and seasons it touches; and
   ``second_load_rows_only``: the same load into a copy of the first store through the load
   alone (``showmeter.intake.load.ingest`` without the hook), so the refresh's own cost shows;
4. ``hand_completions``: the hand-written DuckDB query of every season's 28-day completions
   (``benchmarks.floors.HAND_COMPLETIONS``) on the store;
5. ``report``: ``showmeter.report`` of one season with a reference (HTML and JSON written),
   reading the pre-aggregations; ``report_sessions``: the same with
   ``SHOWMETER_PREAGGREGATES=off`` (every figure from the sessions, as before them);
6. ``filtered``: the additive metrics of the season page (reach, hours viewed, views, daily
   and weekly reach, average minute audience) of one season with ``markets=`` the busiest
   market but one (the dashboard's market control), read from the per-day rows
   (``agg_unit_days``); ``filtered_sessions``: the same from the sessions. Each way is run
   once untimed first (the imports, the compiled SQL cached), then timed.

Each line is timed in wall seconds and in this process's CPU seconds (``_cpu``: every DuckDB
thread included), since on a shared machine the wall time says more about the neighbours.

Run ``python -m benchmarks.preaggregates --size 10M --results benchmarks/RESULTS.md`` to
print the figures as JSON and rewrite this benchmark's section of ``RESULTS.md`` (between its
markers) with the table and the machine's load average.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.data import parse_size, prepare, size_label
from benchmarks.floors import HAND_COMPLETIONS

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["main", "measure"]

BEGIN = "<!-- preaggregates:begin -->"
END = "<!-- preaggregates:end -->"
SEASON = "the-silent-meridian:1"
REFERENCE = "the-amber-harbor:1"
SEASON_KEY = ("the-silent-meridian", 1)
REFERENCE_KEY = ("the-amber-harbor", 1)


@contextlib.contextmanager
def _clock(results: dict[str, Any], name: str) -> Iterator[None]:
    start, cpu = time.perf_counter(), time.process_time()
    yield
    results[name] = round(time.perf_counter() - start, 2)
    results[f"{name}_cpu"] = round(time.process_time() - cpu, 2)


FILTERED = (
    "reach",
    "hours_viewed",
    "views",
    "daily_reach",
    "weekly_reach",
    "average_minute_audience",
)
"""The metrics timed with a market filter (those the per-day rows serve)."""


def _filtered(results: dict[str, Any], store: Path) -> None:
    """Time :data:`FILTERED` of the season with a market filter, both ways (item 6)."""
    import duckdb

    import showmeter

    con = duckdb.connect(str(store), read_only=True)
    try:
        market = con.execute(  # the second busiest: not the one most sessions are in
            "SELECT market FROM viewing GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1 OFFSET 1"
        ).fetchall()[0][0]
    finally:
        con.close()
    results["filtered_market"] = market
    title, season = SEASON_KEY
    sources: dict[str, str] = {}
    # each way once untimed (imports, the compiled SQL cached), then each way timed
    for timed in (False, True):
        for name, switch in (("filtered", None), ("filtered_sessions", "off")):
            if switch:
                os.environ["SHOWMETER_PREAGGREGATES"] = switch
            try:
                with _clock(results, name if timed else "warm_up"):
                    for metric in FILTERED:
                        done = showmeter.compute(
                            metric, store=store, title=title, season=season, markets=market
                        )
                        sources[f"{name}:{metric}"] = (done.computed_from or "")[:60]
            finally:
                os.environ.pop("SHOWMETER_PREAGGREGATES", None)
    results["filtered_sources"] = sources


SPLITS = ("random", "time")


def _split(files: list[Path], folder: Path, how: str = "random") -> tuple[Path, Path]:
    """The sessions as two Parquet files: ~10/11 of them, and the other ~1/11.

    Args:
        files: the world's session files.
        folder: where the two files are written.
        how: ``random``: the second part is the sessions whose hash of account, profile,
            start, title and episode is divisible by 11, spread over all time (every season
            touched: the worst case of a refresh); ``time``: the second part is the latest
            ~1/11 of the sessions by start instant (every session starting at or after the
            10/11 quantile of the starts), as data that arrives later would.

    Returns:
        The first part's file and the second's.

    Raises:
        ValueError: ``how`` is not one of ``SPLITS``.
    """
    import duckdb

    if how not in SPLITS:
        raise ValueError(f"unknown split {how!r}; use one of {', '.join(SPLITS)}")
    listed = ", ".join(f"'{f}'" for f in files)
    first, second = folder / "first.parquet", folder / "second.parquet"
    con = duckdb.connect()
    try:
        if how == "time":
            cut = con.execute(
                f"SELECT quantile_disc(started_at, 10 / 11) FROM read_parquet([{listed}])"
            ).fetchall()[0][0]
            tests = (("started_at < $cut", first), ("started_at >= $cut", second))
        else:
            key = "hash(account_id, profile_id, started_at, title, episode) % 11"
            tests = ((f"{key} <> 0", first), (f"{key} = 0", second))
        for test, path in tests:
            query = f"SELECT * FROM read_parquet([{listed}]) WHERE {test}"
            params = {"cut": cut} if how == "time" else {}
            con.execute(f"COPY ({query}) TO '{path}' (FORMAT parquet)", params).fetchall()
    finally:
        con.close()
    return first, second


def _rows(path: Path) -> int:
    import duckdb

    return int(duckdb.sql(f"SELECT count(*) FROM '{path}'").fetchall()[0][0])


def measure(
    world: Any, folder: Path, *, loads_only: bool = False, split: str = "random"
) -> dict[str, Any]:
    """Every line of the module's docstring, timed on ``world`` in ``folder``.

    With ``loads_only``, only the loads (1 to 3), not the queries and reports; ``split``
    is how the sessions are split into the two loads (``_split``).
    """
    import duckdb

    import showmeter
    from showmeter.catalog import load_catalog
    from showmeter.intake.load import ingest as load_rows
    from showmeter.store import Store

    files = sorted(Path(world.folder).glob("sessions/*.parquet"))
    results: dict[str, Any] = {"sessions": world.sessions, "load_average": os.getloadavg()}
    bare = folder / "bare.duckdb"
    con = duckdb.connect(str(bare))
    listed = ", ".join(f"'{f}'" for f in files)
    with _clock(results, "bare_ctas"):
        con.execute(f"CREATE TABLE viewing AS SELECT * FROM read_parquet([{listed}])").fetchall()
    con.close()
    bare.unlink()
    first, second = _split(files, folder, split)
    results["split"] = split
    results["first_rows"], results["second_rows"] = _rows(first), _rows(second)
    store = folder / "store.duckdb"
    with _clock(results, "first_load"):
        showmeter.ingest(store, catalog=world.catalog, events=str(first))
    copy = folder / "rows_only.duckdb"
    shutil.copy(store, copy)
    with _clock(results, "second_load"):
        showmeter.ingest(store, catalog=world.catalog, events=str(second))
    with Store(copy) as opened, _clock(results, "second_load_rows_only"):
        load_rows(opened, load_catalog(Path(world.catalog)), [("viewing", str(second))])
    copy.unlink()
    results["load_average_after"] = os.getloadavg()
    if loads_only:
        return results
    con = duckdb.connect(str(store), read_only=True)
    con.execute("SET TimeZone = 'UTC'").fetchall()
    with _clock(results, "hand_completions"):
        results["hand_completions_rows"] = con.execute(HAND_COMPLETIONS).fetchall()[0][0]
    con.close()
    for name, switch in (("report", None), ("report_sessions", "off")):
        if switch:
            os.environ["SHOWMETER_PREAGGREGATES"] = switch
        try:
            with _clock(results, name):
                showmeter.report(
                    SEASON, store=store, reference=REFERENCE, output=folder / f"out-{name}"
                )
        finally:
            os.environ.pop("SHOWMETER_PREAGGREGATES", None)
    _filtered(results, store)
    results["load_average_after"] = os.getloadavg()
    return results


def table(results: dict[str, Any]) -> str:
    """The results as a Markdown table with the targets' ratios."""
    n = results["sessions"]
    rate = results["first_rows"] / results["first_load"] / 1e6
    cpu = results.get("first_load_cpu", 0.0) / max(results.get("bare_ctas_cpu", 0.0), 0.01)
    second_cpu = results.get("second_load_cpu", 0.0)
    rows_only_cpu = results.get("second_load_rows_only_cpu", 0.0)
    second_ratio = second_cpu / max(results.get("first_load_cpu", 0.0), 0.01)
    lines = [
        f"Measured {results['when']} on the {size_label(n)}-session world, one process, "
        f"load average {results['load_average'][0]:.1f} before and "
        f"{results['load_average_after'][0]:.1f} after (2 cores): absolute times are slow "
        "under that load; the ratios come from one run. CPU: this process's CPU seconds.",
        "",
        "| what | seconds (CPU) | against | target |",
        "|---|---:|---|---|",
        f"| bare `CREATE TABLE … AS SELECT * FROM read_parquet` of every file | "
        f"{results['bare_ctas']:.2f} ({results.get('bare_ctas_cpu', 0.0):.2f}) | | |",
        f"| first load ({results['first_rows']:,} sessions, pre-aggregations included) | "
        f"{results['first_load']:.2f} ({results.get('first_load_cpu', 0.0):.2f}) | "
        f"{results['first_load'] / results['bare_ctas']:.2f}× bare CTAS of all "
        f"({cpu:.2f}× in CPU); {rate:.2f} M rows/s | ≤ 3× and ≥ 2 M rows/s |",
        f"| second load ({results['second_rows']:,} sessions more, pre-aggregations "
        f"refreshed) | {results['second_load']:.2f} ({second_cpu:.2f}) | "
        f"{results['second_load'] / results['first_load']:.2f}× the first load "
        f"({second_ratio:.2f}×"
        f" in CPU) for {results['second_rows'] / results['first_rows']:.2f}× its rows "
        "| in proportion |",
        f"| the same second load without the refresh | {results['second_load_rows_only']:.2f} "
        f"({rows_only_cpu:.2f}) "
        f"| refresh {results['second_load'] - results['second_load_rows_only']:.2f} s "
        f"({second_cpu - rows_only_cpu:.2f}"
        " CPU) | |",
    ]
    if "report" not in results:  # --loads-only
        return "\n".join(lines)
    lines += [
        f"| hand-written query of every season's 28-day completions "
        f"({results['hand_completions_rows']:,}) | {results['hand_completions']:.2f} | | |",
        f"| launch report of {SEASON} against {REFERENCE}, pre-aggregations read | "
        f"{results['report']:.2f} | {results['report'] / results['hand_completions']:.2f}× "
        "the hand query | ≤ 0.5× |",
        f"| the same report from the sessions (`SHOWMETER_PREAGGREGATES=off`) | "
        f"{results['report_sessions']:.2f} | "
        f"{results['report_sessions'] / results['hand_completions']:.2f}× the hand query | |",
        f"| {len(FILTERED)} additive metrics of {SEASON} with "
        f"`markets={results['filtered_market']}`, from `agg_unit_days` | "
        f"{results['filtered']:.2f} ({results['filtered_cpu']:.2f}) | "
        f"{results['filtered'] / results['filtered_sessions']:.2f}× the sessions "
        f"({results['filtered_cpu'] / max(results['filtered_sessions_cpu'], 0.01):.2f}× "
        "in CPU) | |",
        f"| the same from the sessions (`SHOWMETER_PREAGGREGATES=off`) | "
        f"{results['filtered_sessions']:.2f} ({results['filtered_sessions_cpu']:.2f}) | | |",
    ]
    return "\n".join(lines)


def write_section(path: Path, text: str) -> None:
    """Put ``text`` between this benchmark's markers in ``path`` (appended when absent)."""
    current = path.read_text() if path.exists() else ""
    block = f"{BEGIN}\n### Pre-aggregations (generated by `python -m benchmarks.preaggregates`)\n\n"
    block += f"{text}\n{END}"
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        current = head + block + rest.split(END, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(current)


def side_by_side(args: argparse.Namespace, argv: list[str]) -> str:
    """Run the loads of ``--before``'s tree, then of this one, each in a fresh process.

    Returns:
        A Markdown table of both runs' lines (wall and CPU seconds, and the ratios).
    """
    import subprocess

    given = [a for a in argv if not a.startswith("--before") and a != args.before]
    runs: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="showmeter-preagg-json-") as folder:
        for name, src in (("before", args.before), ("after", None)):
            out = Path(folder) / f"{name}.json"
            command = [sys.executable, "-m", "benchmarks.preaggregates", *given, "--loads-only"]
            command += ["--json", str(out)] + (["--src", str(src)] if src else [])
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            runs[name] = json.loads(out.read_text())
    lines = [
        "| | before | after |",
        "|---|---:|---:|",
        *(
            f"| {label} | " + " | ".join(f"{runs[n].get(key, 0.0):.2f}" for n in runs) + " |"
            for label, key in (
                ("bare CTAS, wall s", "bare_ctas"),
                ("bare CTAS, CPU s", "bare_ctas_cpu"),
                ("first load, wall s", "first_load"),
                ("first load, CPU s", "first_load_cpu"),
                ("second load (+10 %), wall s", "second_load"),
                ("second load (+10 %), CPU s", "second_load_cpu"),
                ("second load without the refresh, CPU s", "second_load_rows_only_cpu"),
            )
        ),
    ]
    for label, value in (
        ("first load ÷ bare CTAS, CPU", lambda r: r["first_load_cpu"] / r["bare_ctas_cpu"]),
        ("first load, M rows/s (wall)", lambda r: r["first_rows"] / r["first_load"] / 1e6),
        ("second load ÷ first load, CPU", lambda r: r["second_load_cpu"] / r["first_load_cpu"]),
    ):
        lines.append(f"| {label} | " + " | ".join(f"{value(runs[n]):.2f}" for n in runs) + " |")
    loads = " → ".join(
        f"{runs[n]['load_average'][0]:.1f} → {runs[n]['load_average_after'][0]:.1f}" for n in runs
    )
    lines.append(f"\nLoad average (1 min) before → after each run: {loads}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Measure on one world; print JSON; with ``--results``, rewrite the section there."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.preaggregates", description=__doc__)
    parser.add_argument("--size", default="10M", help="sessions in the world (default 10M)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", default="/tmp/showmeter-bench", help="the harness's folder")
    parser.add_argument("--results", type=Path, default=None, help="RESULTS.md to update")
    parser.add_argument(
        "--loads-only", action="store_true", help="time the loads only (items 1 to 3)"
    )
    parser.add_argument(
        "--world", default=None, help="a world's folder made by the harness (skips preparing)"
    )
    parser.add_argument("--src", default=None, help="another checkout's src folder to measure")
    parser.add_argument(
        "--before",
        default=None,
        help="another checkout's src folder: measure it, then this tree, each in its own "
        "process one after the other, and print the two side by side (loads only)",
    )
    parser.add_argument(
        "--split",
        choices=SPLITS,
        default="random",
        help="the second load: random (a hash-chosen ~1/11 over all time, the default) or "
        "time (the latest ~1/11 of the sessions by start)",
    )
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    args = parser.parse_args(argv)
    if args.before is not None:
        print(side_by_side(args, argv or sys.argv[1:]))
        return
    if args.src is not None:
        sys.path.insert(0, str(Path(args.src).resolve()))
        for name in [m for m in sys.modules if m == "showmeter" or m.startswith("showmeter.")]:
            del sys.modules[name]
    if args.world is not None:
        from benchmarks.world import World

        world = World(parse_size(args.size), args.seed, args.world, REFERENCE_KEY, SEASON_KEY)
    else:
        world, _ = prepare(parse_size(args.size), args.seed, args.work)
    with tempfile.TemporaryDirectory(prefix="showmeter-preagg-", dir=args.work) as scratch:
        results = measure(world, Path(scratch), loads_only=args.loads_only, split=args.split)
    results["when"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    import showmeter

    results["showmeter"] = showmeter.__file__
    print(json.dumps(results, indent=1))
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=1))
    if args.results is not None:
        write_section(args.results, table(results))


if __name__ == "__main__":
    main()
