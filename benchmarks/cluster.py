"""``python -m benchmarks.cluster``: the metrics on a real Spark standalone cluster, in place.

On a master and two workers (each its own JVM) started by ``tests/spark_cluster.py``'s
:func:`start` (or an existing master, ``--master``), for each world size and metric, side by
side in one run: hand-written Spark SQL over the simulated Parquet (``spark_sql_cluster``)
and ``showmeter compute --engine spark://… --catalog C --events PARQUET``
(``showmeter_cluster``), each in a fresh child process with its own application, the two
interleaved metric by metric; then the launch report on the cluster (``report_cluster``).
Every child reads Spark's own stage metrics (shuffle bytes, executor run time) from the
driver's REST API after each run (:mod:`benchmarks.cluster_stats`). Each result is checked
against hand-written DuckDB SQL over the same files (and so against the other).

The section "Spark cluster" of RESULTS.md is generated from the run (:mod:`benchmarks.cluster_md`),
with the estimates for 1 B and 10 B sessions.

Examples::

    python -m benchmarks.cluster --sizes 200k --runs 1 --no-report      # a quick check
    python -m benchmarks.cluster --sizes 10M --runs 3
    python -m benchmarks.cluster --sizes 50M --runs 1 --metrics binge_racers --no-report
    python -m benchmarks.cluster --from-json /tmp/showmeter-clusterbench/cluster-*.json
    python -m benchmarks.cluster --sizes 2M --runs 1 --no-report --before /tmp/old/src

With ``--before SRC``, each metric is also computed by an older showmeter (``SRC`` holds its
``showmeter/`` package), as ``showmeter_before``, between the hand query and this tree: the
three side by side in one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.cluster_md import render, write_section
from benchmarks.data import _export_catalog, _simulate, parse_size, size_label
from benchmarks.measure import run_process
from benchmarks.results_md import machine
from benchmarks.snapshot import activate, fingerprint, freeze, git_head, source_folder
from benchmarks.world import METRICS, World

__all__ = ["CLUSTER_CONF", "main"]

CLUSTER_CONF = {
    "spark.executor.cores": "1",
    "spark.cores.max": "2",
    "spark.ui.enabled": "true",
}
"""Settings every application of the run gets (with ``spark.executor.memory`` from
``--executor-memory`` and a free ``spark.ui.port``): one 1-core executor per worker, the
driver's UI on so that its REST API serves the stage metrics; the rest is showmeter's own
defaults (``spark.sql.shuffle.partitions=4``, adaptive execution on)."""

IMPLS = ("spark_sql_cluster", "showmeter_cluster")
"""The two implementations of each metric, in the order they run."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks.cluster", description=__doc__)
    p.add_argument("--sizes", default="10M", help="comma list of sessions per world (10M)")
    p.add_argument("--runs", type=int, default=3, help="timed runs per child (default 3)")
    p.add_argument(
        "--metrics",
        help=f"comma list among {', '.join(METRICS)} (default: all; none: the report only)",
    )
    p.add_argument(
        "--report",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also time the launch report on the cluster (one run per size; default yes)",
    )
    p.add_argument("--report-sizes", help="sizes of the report (default: every size)")
    p.add_argument("--master", help="an existing standalone master (default: start a cluster)")
    p.add_argument(
        "--executor-memory",
        default="3g",
        help="spark.executor.memory, which each started worker also offers (default 3g: "
        "what a user gives two executors on a 24 GiB machine shared with other work; "
        "the test cluster's 1g held neither the plain cache nor the tally at 10 M)",
    )
    p.add_argument("--work", default="/tmp/showmeter-clusterbench", help="worlds and results")
    p.add_argument("--seed", type=int, default=1, help="simulation seed (default 1)")
    p.add_argument("--timeout", type=float, default=3600, help="seconds per child")
    p.add_argument(
        "--output",
        default=str(Path(__file__).with_name("RESULTS.md")),
        help="the RESULTS.md whose cluster section is written",
    )
    p.add_argument("--note", action="append", default=[], help="a line for the notes")
    p.add_argument("--from-json", metavar="FILE", help="only write the section from a run's JSON")
    p.add_argument(
        "--before",
        metavar="SRC",
        action="append",
        default=[],
        help="also time an older showmeter (a folder holding showmeter/, e.g. "
        "`git archive COMMIT src | tar -x -C DIR` then DIR/src) as showmeter_before "
        "(a second --before as showmeter_before_2, ...), between the hand query and this tree",
    )
    p.add_argument(
        "--before-note",
        action="append",
        default=[],
        help="what each --before is (for RESULTS.md), in the same order",
    )
    return p


def _log(text: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {text}", flush=True)


def _world(size: int, seed: int, work: Path) -> tuple[World, dict[str, Any]]:
    """The simulated files of ``size`` sessions (simulated once, then reused; no store)."""
    root = work / "worlds" / f"n{size}-s{seed}"
    root.mkdir(parents=True, exist_ok=True)
    meta: dict[str, Any] = {}
    if not (root / "world" / "catalog.yaml").exists():
        meta["simulate_seconds"] = _simulate(size, seed, root / "world", _log)
    provisional = World(size, seed, str(root), ("", 0), ("", 0))
    reference, report_season = _export_catalog(provisional)
    files = sorted((root / "world" / "sessions").glob("*.parquet"))
    meta["parquet_bytes"] = sum(f.stat().st_size for f in files)
    meta["parquet_files"] = len(files)
    return World(size, seed, str(root), reference, report_season), meta


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start_cluster(work: Path, memory: str) -> Any:
    """Start a master and two workers (no Connect server) with tests/spark_cluster.py.

    Each worker offers ``memory`` (the executors' ``spark.executor.memory``) and 2 cores.
    """
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "tests" / "spark_cluster.py"
    spec = importlib.util.spec_from_file_location("spark_cluster", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folder = Path(tempfile.mkdtemp(prefix="cluster-", dir=work))
    return module.start(folder, workers=2, connect=False, worker_memory=memory)


def _child(spec: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Run one child; its JSON report with wall-clock, RSS and the load around it."""
    argv = [sys.executable, "-m", "benchmarks.cluster_child", json.dumps(spec)]
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ)
    first = [spec["source"]] if spec.get("source") else []  # an older showmeter, before any
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [*first, str(root), env.get("PYTHONPATH")]))
    env.setdefault("PYTHONWARNINGS", "ignore")
    load_before = os.getloadavg()
    run = run_process(argv, timeout=timeout, env=env, cwd=root)
    report: dict[str, Any] = {}
    for line in reversed(run.stdout.splitlines()):
        if line.startswith("{"):
            report = json.loads(line)
            break
    if run.killed:
        report["error"] = run.killed
    elif not report or (not run.ok and not report.get("error")):
        tail = run.stderr.strip().splitlines()[-1:] or [f"exit status {run.returncode}"]
        report["error"] = tail[0][:300]
    report.update(
        impl=spec.get("label", spec["impl"]),
        metric=spec["metric"],
        size=spec["world"]["sessions"],
        process_seconds=run.seconds,
        driver_peak_rss=run.peak_rss,
        load_before=load_before,
        load_after=os.getloadavg(),
    )
    return report


def _hand_duckdb(world: World, metric: str, path: Path) -> None:
    """The hand-written DuckDB SQL over the same files: the reference of the agreement check."""
    import pyarrow.parquet as pq

    from benchmarks.implementations import duckdb_sql

    state = duckdb_sql.setup(world, "parquet")
    pq.write_table(duckdb_sql.run(state, metric), path)


def _agree(reference: Path, result: Path, metric: str) -> tuple[bool | None, str]:
    import pyarrow.parquet as pq

    from benchmarks.compare import agree

    if not reference.exists() or not result.exists():
        return None, "no result to compare"
    outcome = agree(pq.read_table(reference), pq.read_table(result), metric)
    return outcome.ok, outcome.detail


def _line(cell: dict[str, Any]) -> str:
    label = f"{size_label(cell['size']):>5} {cell['metric']:24} {cell['impl']:18}"
    if cell.get("error"):
        return f"{label} FAILED: {cell['error']}"
    times = ", ".join(f"{t:.2f}" for t in cell["times"])
    shuffle = sum(s["shuffleWriteBytes"] for s in cell.get("stages", [])[-1:]) / 2**20
    agrees = {None: "", True: "agrees", False: f"DISAGREES: {cell.get('detail')}"}
    return (
        f"{label} [{times}] s, shuffle written {shuffle:.0f} MiB, load "
        f"{cell['load_before'][0]:.1f}->{cell['load_after'][0]:.1f} "
        f"{agrees[cell.get('agrees')]}"
    )


def _run(args: argparse.Namespace, argv: list[str] | None, raw: Path) -> dict[str, Any]:
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    report_sizes = (
        [parse_size(s) for s in args.report_sizes.split(",")] if args.report_sizes else sizes
    )
    metrics = [m.strip() for m in args.metrics.split(",")] if args.metrics else list(METRICS)
    metrics = [] if metrics == ["none"] else metrics
    source = source_folder()
    snapshot, stamp = freeze(work)
    activate(snapshot)
    _log(f"showmeter source {source} frozen as {snapshot} (fingerprint {stamp})")
    before = machine()
    cluster = None if args.master else _start_cluster(work, args.executor_memory)
    master = args.master or cluster.master
    _log(f"cluster: {master}" + (f" (logs in {cluster.folder})" if cluster else ""))
    conf = {
        **CLUSTER_CONF,
        "spark.executor.memory": args.executor_memory,
        "spark.ui.port": str(_free_port()),
    }
    cells: list[dict[str, Any]] = []
    meta: dict[str, Any] = {}
    impls: list[tuple[str, str, str | None]] = [(impl, impl, None) for impl in IMPLS]
    labels = ["showmeter_before" + (f"_{i + 1}" if i else "") for i in range(len(args.before))]
    for i, (label, src) in enumerate(zip(labels, args.before, strict=True)):
        impls.insert(1 + i, ("showmeter_cluster", label, str(Path(src).resolve())))
    command = "python -m benchmarks.cluster " + " ".join(
        shlex.quote(a) for a in (argv or sys.argv[1:])
    )
    payload = {
        "command": command.strip(),
        "showmeter": {"fingerprint": stamp, "git_head": git_head(source)},
        "taken_at": f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        "machine_before": before,
        "master": master,
        "conf": conf,
        "workers": (
            f"the cluster at {args.master} (its workers not started here; executors asked "
            f"for {args.executor_memory})"
            if args.master
            else f"2 workers, each its own JVM: 2 cores and {args.executor_memory} offered, "
            "daemon heap 256m"
        ),
        "runs": args.runs,
        "meta": meta,
        "cells": cells,
        "notes": list(args.note),
    }
    for i, (label, src) in enumerate(zip(labels, args.before, strict=True)):
        what = args.before_note[i] if i < len(args.before_note) else "an older tree"
        payload["notes"].append(
            f"`{label}`: the same computation by the showmeter source in `{src}` ({what})."
        )
    if labels:
        payload["notes"].append("`showmeter_cluster`: this tree.")

    def save() -> None:  # after every cell, so that an interrupted run keeps what it measured
        payload["machine_after"] = machine()
        raw.write_text(json.dumps(payload, indent=1, default=str))

    try:
        with tempfile.TemporaryDirectory(prefix="cluster-results-", dir=work) as folder:
            for size in sizes:
                world, meta[str(size)] = _world(size, args.seed, work)
                for metric in metrics:
                    reference = Path(folder) / f"{size}-{metric}-duckdb_sql.parquet"
                    _hand_duckdb(world, metric, reference)
                    for impl, label, src in impls:
                        path = Path(folder) / f"{size}-{metric}-{label}.parquet"
                        spec = {"impl": impl, "metric": metric, "runs": args.runs}
                        spec |= {"label": label, "source": src}
                        spec |= {"world": world.to_dict(), "master": master, "conf": conf}
                        cell = _child(spec | {"result": str(path)}, args.timeout)
                        if not cell.get("error"):
                            cell["agrees"], cell["detail"] = _agree(reference, path, metric)
                        cells.append(cell)
                        save()
                        _log(_line(cell))
                if args.report and size in report_sizes:
                    spec = {"impl": "report_cluster", "metric": "report", "runs": 1}
                    spec |= {"world": world.to_dict(), "master": master, "conf": conf}
                    cell = _child(spec | {"result": None}, args.timeout)
                    cells.append(cell)
                    save()
                    _log(_line(cell))
    finally:
        if cluster is not None:
            cluster.stop()
    if fingerprint(source) != stamp:
        payload["notes"].append(
            f"showmeter's source changed during the run; every figure is of the snapshot {stamp}."
        )
    save()
    return payload


def main(argv: list[str] | None = None) -> int:
    """Run the cluster benchmark (or render an earlier run); return the exit status."""
    args = _parser().parse_args(argv)
    if args.from_json:
        payload = json.loads(Path(args.from_json).read_text())
        payload["notes"] = [*payload.get("notes", []), *args.note]
    else:
        Path(args.work).mkdir(parents=True, exist_ok=True)
        raw = Path(args.work) / f"cluster-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
        _log(f"results (after every cell) in {raw}")
        payload = _run(args, argv, raw)
    write_section(Path(args.output), render(payload))
    _log(f"wrote the cluster section of {args.output}")
    failed = [c for c in payload["cells"] if c.get("error") or c.get("agrees") is False]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
