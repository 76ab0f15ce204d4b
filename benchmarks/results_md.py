"""Write ``benchmarks/RESULTS.md``: machine, versions, method, results, ratios and targets."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import platform
import statistics
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.data import size_label
from benchmarks.implementations import IMPLEMENTATIONS
from benchmarks.runner import REFERENCE

if TYPE_CHECKING:
    from collections.abc import Sequence

    from benchmarks.runner import Measurement
    from benchmarks.targets import Target

__all__ = ["PACKAGES", "machine", "versions", "write_results"]

PACKAGES = (
    "showmeter",
    "duckdb",
    "ibis-framework",
    "sqlglot",
    "pyarrow",
    "pandas",
    "numpy",
    "polars",
    "polars-runtime-32",
    "chdb",
    "chdb-core",
    "pyspark",
    "py4j",
    "psutil",
)


def machine() -> dict[str, str]:
    """CPU model and count, memory, OS, Python and Java, and the load when asked."""
    import psutil

    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        java = subprocess.run(
            ["java", "-version"], capture_output=True, text=True, timeout=30, check=False
        ).stderr.splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        java = "not found"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "CPU": f"{model}; {psutil.cpu_count(logical=True)} logical cores "
        f"({psutil.cpu_count(logical=False)} physical)",
        "memory": f"{psutil.virtual_memory().total / 2**30:.1f} GiB, swap "
        f"{psutil.swap_memory().total / 2**30:.1f} GiB",
        "OS": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "Python": platform.python_version(),
        "Java": java,
        "load average (1, 5, 15 min)": load,
    }


def versions() -> dict[str, str]:
    """The installed version of every library involved."""
    out = {}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _mib(n: int) -> str:
    return f"{n / 2**20:,.0f}"


def _rate(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x / 1e6:.1f} M" if x >= 1e5 else f"{x / 1e3:.0f} k"


def _results_table(cells: Sequence[Measurement]) -> list[str]:
    lines = [
        "| N | metric | implementation | agrees | median s | runs (s) | rows/s | peak RSS MiB"
        " | × fastest |",
        "|---|---|---|---|---:|---|---:|---:|---:|",
    ]
    fastest: dict[tuple[int, str], float] = {}
    for m in cells:
        if m.median is not None:
            key = (m.size, m.metric)
            fastest[key] = min(fastest.get(key, m.median), m.median)
    for m in cells:
        agrees = {None: "—", True: "yes", False: f"**NO**: {m.detail}"}[m.agrees]
        if m.metric == "report":
            agrees = "n/a"
        elif m.impl == REFERENCE:
            agrees = "reference"
        label = size_label(m.size)
        if m.median is None:
            lines.append(
                f"| {label} | {m.metric} | {m.impl} | {agrees} | FAILED: {m.error} | | |"
                f" {_mib(m.peak_rss)} | |"
            )
            continue
        ratio = m.median / fastest[m.size, m.metric]
        name = f"**{m.impl}**" if ratio == 1.0 else m.impl
        runs = ", ".join(f"{t:.2f}" for t in m.times)
        lines.append(
            f"| {label} | {m.metric} | {name} | {agrees} | {m.median:.3f} | {runs} |"
            f" {_rate(m.rows_per_second)} | {_mib(m.peak_rss)} | {ratio:.2f} |"
        )
    return lines


def _ingest_table(meta: dict[int, dict[str, Any]]) -> list[str]:
    lines = [
        "| N | rows read (all files) | seconds | rows/s | peak RSS MiB | quarantined |"
        " duplicates | simulate s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sorted(meta):
        ingest = meta[size].get("ingest")
        if not ingest:
            continue
        simulate = meta[size].get("simulate_seconds")
        lines.append(
            f"| {size_label(size)} | {ingest['rows_read']:,} | {ingest['seconds']:.1f} |"
            f" {_rate(ingest['rows_per_second'])} | {_mib(ingest['peak_rss'])} |"
            f" {ingest['quarantined']:,} | {ingest['duplicates']:,} |"
            f" {'' if simulate is None else f'{simulate:.1f}'} |"
        )
    return lines


def write_results(
    path: str | Path,
    *,
    cells: Sequence[Measurement],
    meta: dict[int, dict[str, Any]],
    targets: Sequence[Target],
    help_times: Sequence[float] | None,
    settings: dict[str, Any],
    before: dict[str, str],
    after: dict[str, str],
    showmeter: dict[str, str],
    notes: Sequence[str] = (),
) -> None:
    """Write RESULTS.md.

    Args:
        path: The file.
        cells: The timed grid.
        meta: Per size, the simulation and ingest measurements.
        targets: The evaluated targets.
        help_times: ``showmeter --help`` timings.
        settings: The harness's options (echoed).
        before: :func:`machine` taken before the runs (its load average).
        after: :func:`machine` taken after the runs.
        showmeter: The source snapshot that was timed (fingerprint, git HEAD, when).
        notes: Extra lines for the caveats (skipped cells and why).
    """
    out = [
        "# showmeter benchmark results",
        "",
        f"Generated by `python -m benchmarks` on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC "
        f"with: `{settings.get('command', '')}`.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
    ]
    out += [f"| {k} | {v} |" for k, v in before.items() if not k.startswith("load")]
    out.append(
        f"| load average (1, 5, 15 min) | before: {before['load average (1, 5, 15 min)']};"
        f" after: {after['load average (1, 5, 15 min)']} |"
    )
    out += [
        "",
        "**Shared machine.** Other engineers ran jobs on this box while the benchmark ran (see"
        " the load averages above; 2 cores). Timings can be inflated by their load, and the"
        " run-to-run spread in the `runs` column shows how much.",
        "",
        "## Versions",
        "",
        "| package | version |",
        "|---|---|",
    ]
    for name, version in versions().items():
        if name == "showmeter" and showmeter:
            version += (
                f"; source snapshot `{showmeter['fingerprint']}` of `{showmeter['source']}`"
                f" taken {showmeter['taken_at']} (git HEAD {showmeter['git_head']} plus the"
                " uncommitted work of that moment)"
            )
        out.append(f"| {name} | {version} |")
    out += ["", "## Implementations", "", "| name | what it is | reads |", "|---|---|---|"]
    out += [f"| `{i.name}` | {i.description} | {i.source} |" for i in IMPLEMENTATIONS]
    out += ["", *METHOD, "", "## Ingest (`showmeter ingest` of the simulated world)", ""]
    out += _ingest_table(meta)
    if help_times:
        runs = ", ".join(f"{t:.3f}" for t in help_times)
        out += [
            "",
            f"`showmeter --help` start-up, 10 fresh processes: median "
            f"**{statistics.median(help_times):.3f} s** (runs: {runs}).",
        ]
    out += ["", "## Results", "", *RESULTS_HEADER, ""]
    out += _results_table(cells)
    out += ["", "## Targets", "", "| target | goal | measured | status |", "|---|---|---|---|"]
    out += [f"| {t.name} | {t.goal} | {t.measured} | {t.status} |" for t in targets]
    if notes:
        out += ["", "## Notes on this run", ""]
        out += [f"- {n}" for n in notes]
    Path(path).write_text("\n".join(out) + "\n", encoding="utf-8")


METHOD = [
    "## Method",
    "",
    "- **Data.** `showmeter simulate --world synthetic --titles 50 --seed 1 --sessions N`, then",
    "  `showmeter ingest` of the whole world (sessions, panels, reviews, signals) into a fresh",
    "  store, timed once per N in its own process (`benchmarks/data.py`). Worlds and stores are",
    "  cached by (N, seed) in the work folder; `--refresh` ingests again.",
    "- **Timing.** Each (implementation, N, metric) runs in a fresh child process",
    "  (`python -m benchmarks.child`): untimed setup (imports; the SparkSession for Spark), then",
    "  the timed runs, each reading its input again (the store file, or the Parquet files). The",
    "  table gives the median and every run. rows/s = N / median.",
    "- **Peak RSS** is the maximum of the child's `ru_maxrss` and the RSS summed over its process",
    "  tree, sampled every 10 ms with psutil (so Spark's JVM counts). It includes the",
    "  interpreter and the libraries, and the setup. The page cache was warm.",
    "- **× fastest** is per (N, metric), over every implementation in the table (Spark",
    "  included).",
    "- **Definitions.** Every implementation computes METRICS.md with showmeter's default",
    "  parameters: unit = account, anchor = market (L per market from the `launches` table),",
    "  half-open windows, min_seconds 120, completion 0.9; binge_racers: 24 h from the launch in",
    "  the unit's market, completion at the session where the cumulative seconds reach 0.9 ×",
    "  runtime; weekly_reach: weeks 1–4 with wow_change; average_minute_audience: 7 days, each",
    "  unit's seconds of an episode capped at its runtime / runtime; reach_index: 30 days,",
    "  normalization raw, reference = the first season of the catalog (the same for all).",
    "- **Launch instants.** The Parquet baselines join `catalog/launches.parquet` (and",
    "  `episodes`, `seasons`), written by the harness from `catalog.yaml` with showmeter's own",
    "  loader and `catalog_rows` (the code ingest uses to expand `*` launches per market). The",
    "  store baselines read the store's tables of the same names.",
    "- **Agreement.** Each result is compared with `showmeter_store`'s: rows sorted by their",
    "  keys, integers equal, doubles within 1e-9 relative. `agrees` shows the first differing",
    "  row when they differ; `--check` makes the harness exit non-zero on any difference.",
    "- **Spark.** Both Spark rows use showmeter's local SparkSession settings (`local[2]`,",
    "  driver memory 1g, 4 shuffle partitions, AQE). `showmeter_spark` reads the store and",
    "  copies the tables into Spark on every run (as showmeter's Spark engine does);",
    "  `spark_sql` reads the simulated Parquet directly.",
    "- **showmeter_parquet** is `compute` straight from files: every run ingests the sessions",
    "  (validation included) into an in-memory store and then computes, like",
    "  `showmeter compute --catalog … --events …`.",
]

RESULTS_HEADER = [
    "Median of the timed runs; **bold** = fastest for that N and metric. `report` is",
    "`build_report` + `write_report` of one season (with a reference season) from the store.",
]
