"""Loading a lake (``showmeter ingest --store lake:PATH``) on the engine asked for.

On DuckDB (the default) the load is :func:`showmeter.intake.lake_load.ingest_lake`; on a Spark
engine (``spark``, ``spark://…``, ``sc://…``, ``yarn``…) it is
:func:`showmeter.engines.lake_spark.ingest_on_spark`. Both write the same layout and commit the
same way (:mod:`showmeter.store.lake`); see ``docs/lake.md``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from showmeter.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from showmeter.engines.base import Engine
    from showmeter.intake.summary import FileSummary
    from showmeter.store.lake import Pending

__all__ = ["ingest_into_lake"]


def ingest_into_lake(
    store: str,
    catalog: str | os.PathLike[str] | None,
    pairs: list[tuple[str, str]],
    *,
    source: str = "canonical",
    options: Mapping[str, str] | None = None,
    assume_tz: str | None = None,
    rejects: str | os.PathLike[str] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    engine: str | Engine = "duckdb",
    spark_conf: Mapping[str, str] | None = None,
    before_commit: Callable[[Pending], None] | None = None,
) -> list[FileSummary]:
    """Load files into the lake ``store`` names (``lake:PATH``), as one atomic load.

    Args:
        store: ``lake:PATH``.
        catalog: The catalog file (required).
        pairs: ``(kind, path)`` pairs.
        source: The adapter of the viewing files (DuckDB only; Spark loads canonical files).
        options: The adapter's options.
        assume_tz: IANA zone for naive timestamps.
        rejects: Also write the quarantined rows to this CSV file (DuckDB), or to this
            Parquet folder (Spark: new or empty, local or on a shared mount).
        progress: Called after each batch (DuckDB).
        engine: ``duckdb`` or a Spark engine.
        spark_conf: Spark settings.
        before_commit: Called just before the commit (tests inject a fault there).

    Returns:
        One summary per file.

    Raises:
        UsageError: No catalog, published figures, or an option the engine does not take.
    """
    from showmeter.catalog import load_catalog
    from showmeter.engines.choice import engine_from
    from showmeter.engines.spark_engine import SparkEngine
    from showmeter.intake.published import PUBLISHED_SOURCES
    from showmeter.store.lake import lake_path

    root = lake_path(store)
    assert root is not None
    if source in PUBLISHED_SOURCES:
        raise UsageError(
            f"a lake holds viewing, panels, reviews and signals; --source {source} loads "
            "published figures into a store file",
            remedy="Load them into a store: --store FILE.duckdb.",
        )
    if catalog is None:
        raise UsageError(
            "a catalog is required to load files",
            remedy="Give the catalog of titles, seasons and episodes (--catalog FILE).",
        )
    chosen = engine_from(engine, spark_conf)
    loaded = load_catalog(Path(os.fspath(catalog)))
    if isinstance(chosen, SparkEngine):
        from showmeter.engines.lake_spark import ingest_on_spark, refuse_source

        refuse_source(source)
        return ingest_on_spark(
            root,
            loaded,
            pairs,
            engine=chosen,
            assume_tz=assume_tz,
            rejects=None if rejects is None else os.fspath(rejects),
            before_commit=before_commit,
        )
    if chosen.name != "duckdb":
        raise UsageError(
            f"a lake is loaded on DuckDB or Spark, not {chosen.label}",
            remedy="Use --engine duckdb (the default), spark, spark://HOST:PORT or sc://HOST:PORT.",
        )
    from showmeter.intake.lake_load import ingest_lake

    return ingest_lake(
        root,
        loaded,
        pairs,
        assume_tz=assume_tz,
        source=source,
        rejects=None if rejects is None else Path(os.fspath(rejects)),
        progress=progress,
        options=options,
        before_commit=before_commit,
    )
