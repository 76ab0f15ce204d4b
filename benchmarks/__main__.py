"""``python -m benchmarks``: time showmeter against hand-written baselines and write RESULTS.md.

Examples::

    python -m benchmarks --quick                     # 1M sessions, 1 run, no Spark
    python -m benchmarks                             # 10M and 50M, 3 runs, Spark included
    python -m benchmarks --sizes 10M --only duckdb_sql,polars_lazy --metrics binge_racers
    python -m benchmarks --billion --only showmeter_store --metrics report

The metrics on a two-worker Spark standalone cluster, read in place, against hand-written
Spark SQL there: ``python -m benchmarks.cluster`` (see :mod:`benchmarks.cluster`).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import shlex
import shutil
import sys
from pathlib import Path
from typing import Any

from benchmarks.data import parse_size, prepare, size_label
from benchmarks.implementations import IMPLEMENTATIONS, Implementation, by_name
from benchmarks.results_md import machine, write_results
from benchmarks.runner import Measurement, help_startup, run_grid
from benchmarks.snapshot import activate, fingerprint, freeze, git_head, source_folder
from benchmarks.targets import BILLION, evaluate
from benchmarks.world import METRICS

BILLION_MEMORY = "6GB"
"""DuckDB's memory cap for the 1B world (the target is a peak RSS under 8 GiB)."""
BILLION_FILES_PER_LOAD = 20
"""Session files (about 5.2 M sessions each) per load of the 1B world: about 105 M sessions,
whose staging copy and duplicate-check spill fit beside the store on this machine's disk."""

ALL_METRICS = (*METRICS, "report")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Time showmeter (DuckDB and Spark) against hand-written DuckDB SQL, Polars, "
        "pandas, chDB and Spark SQL; check they agree; write RESULTS.md.",
    )
    p.add_argument(
        "--sizes", help="comma list of sessions per world (default 10M,50M; 1M with --quick)"
    )
    p.add_argument("--runs", type=int, default=3, help="timed runs per child (default 3)")
    p.add_argument("--only", help="comma list of implementations (default: all)")
    p.add_argument("--metrics", help=f"comma list among {', '.join(ALL_METRICS)} (default: all)")
    p.add_argument(
        "--spark",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="include the Spark implementations (default: yes)",
    )
    p.add_argument(
        "--billion",
        action="store_true",
        help="also simulate and ingest 1B sessions and time the report on it",
    )
    p.add_argument(
        "--billion-only",
        action="store_true",
        help="only the 1B world (implies --billion; no 10M/50M grid)",
    )
    p.add_argument(
        "--memory-limit",
        help="cap DuckDB in every showmeter process (SHOWMETER_MEMORY_LIMIT), e.g. 6GB; "
        f"the 1B world's ingest and report use {BILLION_MEMORY} unless this is given",
    )
    p.add_argument("--work", default="/tmp/showmeter-bench", help="cache of worlds and stores")
    p.add_argument(
        "--output",
        default=str(Path(__file__).with_name("RESULTS.md")),
        help="where to write the results (default benchmarks/RESULTS.md)",
    )
    p.add_argument(
        "--quick", action="store_true", help="1 run, no Spark, 1M sessions unless --sizes"
    )
    p.add_argument("--seed", type=int, default=1, help="simulation seed (default 1)")
    p.add_argument(
        "--check", action="store_true", help="exit 1 when an implementation disagrees or fails"
    )
    p.add_argument("--refresh", action="store_true", help="ingest again even if a store exists")
    p.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="IMPL@SIZE",
        help="do not run this implementation at this size, e.g. pandas@50M "
        "(repeatable, or a comma list)",
    )
    p.add_argument("--timeout", type=float, default=1800, help="seconds per child (default 1800)")
    p.add_argument(
        "--rss-limit",
        type=float,
        default=16,
        help="GiB of RSS after which a child is killed (default 16; 0: none)",
    )
    p.add_argument(
        "--note",
        action="append",
        default=[],
        help="a line for the notes of RESULTS.md, e.g. why a cell was skipped (repeatable)",
    )
    p.add_argument(
        "--from-json",
        metavar="FILE",
        help="only write --output again from a previous run's results JSON (no runs)",
    )
    return p


def _implementations(args: argparse.Namespace, notes: list[str]) -> list[Implementation]:
    chosen = [by_name(n.strip()) for n in args.only.split(",")] if args.only else IMPLEMENTATIONS
    out = []
    java = shutil.which("java") or os.environ.get("JAVA_HOME")
    for impl in chosen:
        if impl.spark and not args.spark:
            continue
        missing = impl.missing()
        if impl.spark and not java:
            missing.append("java")
        if missing:
            notes.append(f"`{impl.name}` skipped: {', '.join(missing)} not installed.")
            continue
        out.append(impl)
    return out


def _skips(args: argparse.Namespace) -> set[tuple[str, int]]:
    out = set()
    for item in ",".join(args.skip).split(","):
        if item.strip():
            name, _, size = item.strip().partition("@")
            out.add((by_name(name).name, parse_size(size)))
    return out


def _log(text: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {text}", flush=True)


def _render(payload: dict[str, Any], output: str) -> None:
    """Evaluate the targets, print them, and write RESULTS.md from a run's results."""
    cells = [Measurement(**c) for c in payload["cells"]]
    meta = {int(k): v for k, v in payload["meta"].items()}
    help_times = payload.get("help_times")
    targets = evaluate(cells, meta, help_times)
    print("\nTargets:")
    for t in targets:
        print(f"  {t.name:45} {t.goal:35} {t.measured:60} {t.status}")
    before = payload.get("machine_before") or machine()
    write_results(
        output,
        cells=cells,
        meta=meta,
        targets=targets,
        help_times=help_times,
        settings=payload["settings"],
        before=before,
        after=payload.get("machine_after") or machine(),
        showmeter=payload.get("showmeter", {}),
        notes=payload.get("notes", []),
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit status."""
    args = _parser().parse_args(argv)
    if args.from_json:
        payload = json.loads(Path(args.from_json).read_text())
        payload["notes"] = [*payload.get("notes", []), *args.note]
        _render(payload, args.output)
        return 0
    if args.quick:
        args.sizes, args.runs, args.spark = args.sizes or "1M", 1, False
    args.sizes = args.sizes or "10M,50M"
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    if args.billion_only:
        args.billion, sizes = True, []
    if args.memory_limit:
        os.environ["SHOWMETER_MEMORY_LIMIT"] = args.memory_limit
    metrics = [m.strip() for m in args.metrics.split(",")] if args.metrics else list(ALL_METRICS)
    unknown = [m for m in metrics if m not in ALL_METRICS]
    if unknown:
        _parser().error(f"unknown metrics: {', '.join(unknown)}")
    notes: list[str] = list(args.note)
    impls = _implementations(args, notes)
    skip = _skips(args)
    notes += [f"`{name}` not run at {size_label(size)} (--skip)." for name, size in sorted(skip)]
    source = source_folder()
    snapshot, stamp = freeze(args.work)
    activate(snapshot)
    showmeter = {
        "fingerprint": stamp,
        "source": str(source),
        "git_head": git_head(source),
        "snapshot": str(snapshot),
        "taken_at": f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
    }
    _log(f"showmeter source {source} frozen as {snapshot} (fingerprint {stamp})")
    before = machine()
    _log(f"machine: {before['CPU']}; load {before['load average (1, 5, 15 min)']}")

    worlds, meta = [], {}
    for size in sizes:
        world, info = prepare(size, args.seed, args.work, refresh=args.refresh, log=_log)
        worlds.append(world)
        meta[size] = info
        ingest = info["ingest"]
        _log(
            f"{size_label(size)}: ingest {ingest['seconds']:.1f} s, "
            f"{ingest['rows_per_second'] / 1e6:.2f} M rows/s, "
            f"peak RSS {ingest['peak_rss'] / 2**30:.2f} GiB"
        )
    rss_limit = int(args.rss_limit * 2**30) if args.rss_limit else None
    cells: list[Measurement] = run_grid(
        worlds,
        impls,
        metrics,
        runs=args.runs,
        timeout=args.timeout,
        rss_limit=rss_limit,
        skip=skip,
        log=_log,
    )
    if args.billion:
        os.environ.setdefault("SHOWMETER_MEMORY_LIMIT", BILLION_MEMORY)
        _log(f"1B world: SHOWMETER_MEMORY_LIMIT={os.environ['SHOWMETER_MEMORY_LIMIT']}")
        world, info = prepare(
            BILLION,
            args.seed,
            args.work,
            refresh=args.refresh,
            log=_log,
            files_per_load=BILLION_FILES_PER_LOAD,
        )
        meta[BILLION] = info
        cells += run_grid(
            [world],
            [by_name("showmeter_store")],
            ["report"],
            runs=1,
            timeout=args.timeout,
            rss_limit=None,
            skip=set(),
            log=_log,
        )
    _log("showmeter --help start-up, 10 processes")
    help_times = help_startup(10)
    if fingerprint(source) != stamp:
        notes.append(
            f"showmeter's source at {source} changed during the run; every figure here is of "
            f"the snapshot {stamp} taken at the start."
        )
    command = "python -m benchmarks " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    payload = {
        "settings": {**vars(args), "command": command.strip()},
        "showmeter": showmeter,
        "machine_before": before,
        "machine_after": machine(),
        "notes": notes,
        "meta": {str(k): v for k, v in meta.items()},
        "cells": [dataclasses.asdict(c) for c in cells],
        "help_times": help_times,
    }
    raw = Path(args.work) / f"results-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    raw.write_text(json.dumps(payload, indent=1))
    _render(payload, args.output)
    _log(f"wrote {args.output} and {raw}")
    disagreements = [c for c in cells if c.agrees is False]
    failures = [c for c in cells if c.error]
    for c in disagreements:
        print(f"DISAGREES: {size_label(c.size)} {c.metric} {c.impl}: {c.detail}", file=sys.stderr)
    if args.check and (disagreements or failures):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
