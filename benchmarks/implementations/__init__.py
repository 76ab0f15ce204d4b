"""The implementations timed side by side, and how to load them.

Each implementation module has ``setup(world, variant) -> state`` (untimed: imports, Spark
session), ``run(state, metric) -> pyarrow.Table | None`` (timed; reads the data again on
every call) and ``close(state)``. A result has the metric's key columns and compared figures
(:data:`benchmarks.world.COMPARED`); ``report`` returns None.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
from typing import TYPE_CHECKING

from benchmarks.world import METRICS

if TYPE_CHECKING:
    from types import ModuleType

__all__ = ["IMPLEMENTATIONS", "Implementation", "by_name"]


@dataclasses.dataclass(frozen=True)
class Implementation:
    """One way of computing the metrics.

    Attributes:
        name: Its name in the CLI and the tables.
        module: The module under ``benchmarks.implementations``.
        variant: What the module runs (e.g. ``store`` or ``parquet``).
        description: One line for RESULTS.md.
        hand: A hand-written baseline (not showmeter).
        source: What it reads: ``store`` (the ingested DuckDB file) or ``parquet`` (the
            simulated files and the exported catalog tables).
        spark: Runs on Spark (skipped with ``--no-spark``).
        metrics: The metrics it computes.
        requires: Modules it needs (the implementation is skipped when one is missing).
    """

    name: str
    module: str
    variant: str
    description: str
    hand: bool
    source: str
    spark: bool = False
    metrics: tuple[str, ...] = METRICS
    requires: tuple[str, ...] = ()

    def load(self) -> ModuleType:
        """Import the implementation's module."""
        return importlib.import_module(f"benchmarks.implementations.{self.module}")

    def missing(self) -> list[str]:
        """The required modules that are not installed."""
        return [name for name in self.requires if importlib.util.find_spec(name) is None]


IMPLEMENTATIONS = (
    Implementation(
        "showmeter_store",
        "showmeter_duckdb",
        "store",
        "showmeter.engines.compute on DuckDB over the ingested store",
        hand=False,
        source="store",
        metrics=(*METRICS, "report"),
    ),
    Implementation(
        "showmeter_parquet",
        "showmeter_duckdb",
        "parquet",
        "showmeter straight from Parquet: ingest into an in-memory store, then compute",
        hand=False,
        source="parquet",
    ),
    Implementation(
        "showmeter_inplace",
        "showmeter_duckdb",
        "inplace",
        "showmeter.compute straight from the Parquet files, read in place (rules in the query)",
        hand=False,
        source="parquet",
    ),
    Implementation(
        "duckdb_sql_store",
        "duckdb_sql",
        "store",
        "hand DuckDB SQL over the store's canonical tables",
        hand=True,
        source="store",
    ),
    Implementation(
        "duckdb_sql",
        "duckdb_sql",
        "parquet",
        "hand DuckDB SQL over read_parquet",
        hand=True,
        source="parquet",
    ),
    Implementation(
        "polars_lazy",
        "polars_lazy",
        "parquet",
        "hand Polars lazy queries over scan_parquet",
        hand=True,
        source="parquet",
        requires=("polars",),
    ),
    Implementation(
        "pandas",
        "pandas_frames",
        "parquet",
        "pandas read_parquet (needed columns), merge, groupby",
        hand=True,
        source="parquet",
    ),
    Implementation(
        "chdb_sql",
        "chdb_sql",
        "parquet",
        "hand ClickHouse SQL in chDB over file(..., Parquet); windowFunnel for binge_racers",
        hand=True,
        source="parquet",
        requires=("chdb",),
    ),
    Implementation(
        "spark_sql",
        "spark_sql",
        "parquet",
        "hand Spark SQL over Parquet, local[2], showmeter's Spark settings",
        hand=True,
        source="parquet",
        spark=True,
        requires=("pyspark",),
    ),
    Implementation(
        "showmeter_spark",
        "showmeter_spark",
        "store",
        "showmeter.engines.compute(engine='spark') from the store, local[2]",
        hand=False,
        source="store",
        spark=True,
        requires=("pyspark",),
    ),
)
"""Every implementation, in the order of the results table."""


def by_name(name: str) -> Implementation:
    """The implementation called ``name``."""
    for implementation in IMPLEMENTATIONS:
        if implementation.name == name:
            return implementation
    known = ", ".join(i.name for i in IMPLEMENTATIONS)
    raise KeyError(f"unknown implementation {name!r}; known: {known}")
