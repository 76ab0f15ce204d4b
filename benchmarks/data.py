"""Benchmark data: simulate a world and ingest it into a store, once per (size, seed).

Everything lives under ``WORK/worlds/n{size}-s{seed}/``:

- ``world/``: ``showmeter simulate --world synthetic --titles 50`` output (catalog.yaml,
  sessions/part-*.parquet, panels, reviews, signals);
- ``store.duckdb``: ``showmeter ingest`` of the whole world into a fresh store, timed in a
  child process with its peak RSS (the ingest target: rows/s from Parquet, validation
  included);
- ``catalog/{launches,episodes,seasons}.parquet``: the catalog flattened by showmeter's own
  loader (``showmeter.catalog.load_catalog`` then ``showmeter.intake.catalog_tables
  .catalog_rows``, the code ingest uses to expand ``*`` launches per market and to resolve
  local launch times). Every Parquet-based baseline joins these small tables; the store-based
  baselines read the store's tables of the same names. They are derived from the catalog
  file, not from the store;
- ``meta.json``: the simulation and ingest measurements.

A world is reused when its files exist. Its store is ingested again when showmeter's ingest
code (:data:`benchmarks.snapshot.INGEST_PARTS`) changed since it was built, or with
``refresh=True``: showmeter's ingest and store layout are being optimised, so a cached store
and its ingest time would otherwise describe an older version.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from benchmarks.measure import run_process
from benchmarks.snapshot import INGEST_PARTS, fingerprint
from benchmarks.world import World

__all__ = ["SHOWMETER", "parse_size", "prepare", "size_label"]

SHOWMETER = str(Path(sys.executable).with_name("showmeter"))
"""The ``showmeter`` executable of this interpreter's environment."""


def parse_size(text: str) -> int:
    """``10M`` → 10 000 000; also ``200k``, ``1B`` and plain integers."""
    text = text.strip().upper().replace("_", "")
    factor = {"K": 1_000, "M": 1_000_000, "B": 1_000_000_000, "G": 1_000_000_000}.get(text[-1:])
    if factor:
        return int(float(text[:-1]) * factor)
    return int(text)


def size_label(n: int) -> str:
    """10 000 000 → ``10M``; 200 000 → ``200k``."""
    for factor, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "k")):
        if n >= factor and n % (factor // 10 or 1) == 0:
            value = n / factor
            return f"{value:g}{suffix}"
    return str(n)


def _simulate(size: int, seed: int, folder: Path, log: Any) -> float:
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    argv = [SHOWMETER, "simulate", "--world", "synthetic", "--sessions", str(size)]
    argv += ["--titles", "50", "--output", str(tmp), "--seed", str(seed), "--quiet"]
    log(f"simulate {size_label(size)} sessions → {folder}")
    run = run_process(argv)
    if not run.ok:
        raise RuntimeError(f"showmeter simulate failed ({run.returncode}): {run.stderr}")
    tmp.rename(folder)
    return run.seconds


def _ingest(world: World, log: Any, files_per_load: int | None = None) -> dict[str, Any]:
    """Ingest the world into a fresh store: one load, or one load per ``files_per_load`` files.

    Several loads bound the scratch disk a load needs (its staging copy and the spill of its
    duplicate check), which a billion sessions in one load exceed on a small disk; every load
    after the first checks its rows against the store as a re-load would.
    """
    store = Path(world.store)
    tmp = store.with_name("store.tmp.duckdb")
    for path in (store, tmp, Path(f"{store}.wal"), Path(f"{tmp}.wal")):
        path.unlink(missing_ok=True)
    folder = world.folder
    files = sorted(str(f) for f in (folder / "sessions").glob("*.parquet"))
    groups = (
        [files[i : i + files_per_load] for i in range(0, len(files), files_per_load)]
        if files_per_load
        else [[world.sessions_glob]]
    )
    log(f"ingest {size_label(world.sessions)} sessions into a fresh store in {len(groups)} load(s)")
    seconds, peak, summaries, argvs = 0.0, 0, [], []
    for number, group in enumerate(groups, start=1):
        argv = [SHOWMETER, "ingest", "--store", str(tmp), "--catalog", world.catalog]
        for events in group:
            argv += ["--events", events]
        if number == 1:
            argv += ["--panel", str(folder / "panels.parquet"), "--reviews"]
            argv += [str(folder / "reviews.csv"), "--signals", str(folder / "signals.parquet")]
        argv += ["--format", "json", "--quiet"]
        run = run_process(argv)
        if not run.ok:
            raise RuntimeError(f"showmeter ingest failed ({run.returncode}): {run.stderr}")
        seconds += run.seconds
        peak = max(peak, run.peak_rss)
        summaries += json.loads(run.stdout)
        argvs.append(" ".join(argv))
        if len(groups) > 1:
            log(
                f"  load {number}/{len(groups)}: {run.seconds:.0f} s, peak RSS "
                f"{run.peak_rss / 2**30:.2f} GiB"
            )
    tmp.rename(store)
    viewing = [s for s in summaries if s.get("kind") == "viewing"]
    read = sum(int(s["read"]) for s in summaries)
    return {
        "seconds": seconds,
        "peak_rss": peak,
        "rows_read": read,
        "sessions_read": sum(int(s["read"]) for s in viewing),
        "sessions_loaded": sum(int(s["loaded"]) for s in viewing),
        "quarantined": sum(int(s["quarantined"]) for s in summaries),
        "duplicates": sum(int(s["duplicates"]) for s in summaries),
        "rows_per_second": read / seconds if seconds else None,
        "loads": len(groups),
        "argv": argvs[0] if len(argvs) == 1 else argvs,
        "memory_limit": os.environ.get("SHOWMETER_MEMORY_LIMIT"),
    }


def _export_catalog(world: World) -> tuple[tuple[str, int], tuple[str, int]]:
    """Write the catalog tables as Parquet; return (reference, report season)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from showmeter.catalog import load_catalog
    from showmeter.intake.catalog_tables import catalog_rows

    catalog = load_catalog(world.catalog)
    rows = catalog_rows(catalog)
    ts = pa.timestamp("us", tz="UTC")
    schemas = {
        "launches": pa.schema(
            [
                ("title", pa.string()),
                ("season", pa.int32()),
                ("market", pa.string()),
                ("launch_at", ts),
            ]
        ),
        "episodes": pa.schema(
            [
                ("title", pa.string()),
                ("season", pa.int32()),
                ("episode", pa.int32()),
                ("runtime_s", pa.float64()),
            ]
        ),
        "seasons": pa.schema(
            [
                ("title", pa.string()),
                ("season", pa.int32()),
                ("episodes", pa.int32()),
                ("runtime_s", pa.float64()),
                ("launch_at", ts),
            ]
        ),
    }
    folder = Path(world.table("launches")).parent
    folder.mkdir(parents=True, exist_ok=True)
    for name, schema in schemas.items():
        picked = [{k: row[k] for k in schema.names} for row in rows[name]]
        pq.write_table(pa.Table.from_pylist(picked, schema=schema), world.table(name))
    seasons = [(t.title, s.season) for t in catalog.titles for s in t.seasons]
    return seasons[0], seasons[1]


def prepare(
    size: int,
    seed: int,
    work: str | Path,
    *,
    refresh: bool = False,
    log: Any = print,
    files_per_load: int | None = None,
) -> tuple[World, dict[str, Any]]:
    """The world of ``size`` sessions: simulated and ingested once, then reused.

    Args:
        size: Viewing sessions to simulate.
        seed: The simulation seed.
        work: The harness's work folder.
        refresh: Ingest again even if a store exists.
        log: Where progress lines go.
        files_per_load: Ingest this many session files per load (``None``: one load).

    Returns:
        The world, and its measurements (``simulate_seconds``, ``ingest``: seconds, peak RSS,
        rows read, rows/s, quarantined and duplicate rows).
    """
    root = Path(work) / "worlds" / f"n{size}-s{seed}"
    root.mkdir(parents=True, exist_ok=True)
    meta_path = root / "meta.json"
    meta: dict[str, Any] = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    folder = root / "world"
    if not (folder / "catalog.yaml").exists():
        meta = {"simulate_seconds": _simulate(size, seed, folder, log)}
    provisional = World(size, seed, str(root), ("", 0), ("", 0))
    reference, report_season = _export_catalog(provisional)
    world = World(size, seed, str(root), reference, report_season)
    built_by = fingerprint(parts=INGEST_PARTS)
    stale = meta.get("ingest", {}).get("showmeter_ingest_fingerprint") != built_by
    if stale and "ingest" in meta and not refresh:
        log(f"{size_label(size)}: showmeter's ingest changed since the store was built; again")
    if refresh or stale or not Path(world.store).exists():
        meta["ingest"] = _ingest(world, log, files_per_load)
        meta["ingest"]["showmeter_ingest_fingerprint"] = built_by
    meta_path.write_text(json.dumps(meta, indent=1))
    return world, meta
