"""The public Python API: the verbs of the command line as functions.

>>> import showmeter
>>> summary = showmeter.ingest("launch.duckdb", catalog="catalog.yaml", events=["sessions/"])
>>> result = showmeter.compute("binge_racers", store="launch.duckdb", title="the-defenders")
>>> result.to_pandas()

Each function checks its arguments, opens what it needs, and closes it again; nothing stays
open between calls. The command line is a thin shell over these functions: ``showmeter
compute`` calls :func:`compute`, ``showmeter ingest`` :func:`ingest`, ``showmeter report``
:func:`report`, ``showmeter metrics`` :func:`metrics`. Errors are the CLI's
(:mod:`showmeter.errors`): cause, then remedy; each also subclasses the matching built-in
(``ValueError``, ``FileNotFoundError``, ``OSError``).

Heavy libraries are imported inside the functions, so ``import showmeter`` stays fast.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from showmeter.api.from_files import compute_from_files
from showmeter.api.input_files import (
    Files,
    IngestProgress,
    adapter_options,
    engine_name,
    inputs,
    load,
    panels_argument,
    season_key,
    summarize,
)
from showmeter.api.reports import REPORT_BASIS, ReportProgress
from showmeter.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from showmeter.definitions import Metric
    from showmeter.engines import Engine
    from showmeter.reporting import Report
    from showmeter.results import LoadSummary, Result
    from showmeter.schema import SeasonKey

__all__ = ["REPORT_BASIS", "Files", "compute", "ingest", "metrics", "report", "season_key"]


def ingest(
    store: str | os.PathLike[str],
    *,
    catalog: str | os.PathLike[str] | None = None,
    events: Files = None,
    panels: Files = None,
    reviews: Files = None,
    signals: Files = None,
    source: str = "canonical",
    account: str | None = None,
    profile: str | None = None,
    date_format: str | None = None,
    market: str | None = None,
    include: Sequence[str] = (),
    assume_tz: str | None = None,
    rejects: str | os.PathLike[str] | None = None,
    progress: IngestProgress | None = None,
    strict: bool = False,
    aggregates_progress: IngestProgress | None = None,
    engine: str | Engine = "duckdb",
    spark_conf: Mapping[str, str] | None = None,
    panel: Files = None,
) -> LoadSummary:
    """Load a catalog and input files into a store, in one transaction.

    Every row read is loaded, quarantined with a reason, or counted as a duplicate; loading
    the same files again changes nothing. A load that quarantines rows and puts none in the
    store is committed (its quarantine recorded), then raises
    :class:`~showmeter.results.LoadRefusedError` (a ``ValueError``) carrying the summary.

    Args:
        store: The store file (a DuckDB file, created when missing).
        catalog: The catalog (YAML or JSON); it replaces the store's catalog tables. Optional
            for the sources of published figures (``netflix-top10``, ``netflix-engagement``):
            without it, the titles and seasons their files name are added.
        events: Viewing sessions: a file, a directory or a glob (CSV, Parquet, JSON Lines),
            or a list of them; with ``netflix-top10`` or ``netflix-engagement``, their files.
        panels: Panel files: panel units and their weights (as in :func:`compute` and
            :func:`report`).
        reviews: Critic reviews.
        signals: Demand signals.
        source: The format of the viewing files: ``canonical`` or an adapter (``netflix``,
            ``netflix-simple``, ``tautulli``, ``jellyfin``, ``trakt``), or Netflix's published
            figures (``netflix-top10``, ``netflix-engagement``).
        account: The account an export belongs to (adapters).
        profile: The profile, where an export has none (adapters; default: the account).
        date_format: The date format of ``netflix-simple`` (detected when absent).
        market: The market of rows that have none (adapters).
        include: Rows an adapter leaves out by default that are kept instead:
            ``supplemental``, ``autoplay``, ``watch``.
        assume_tz: IANA zone for timestamps without an offset (else they are quarantined).
        rejects: Also write the quarantined rows of this load to this CSV file.
        progress: Called after each batch as ``progress(file, done, total)``, in bytes.
        strict: Raise :class:`~showmeter.results.LoadRefusedError` (after committing) when any
            row is quarantined.
        aggregates_progress: Called as ``progress(table, done, total)`` while the store's
            pre-aggregations are built whole (a store's first load, or one written before
            they existed); a load otherwise recomputes only the seasons and units it touched.
        engine: For a lake (``store="lake:PATH"``, see ``docs/lake.md``), the engine that
            loads it: ``duckdb`` (the default), ``spark``, ``spark://HOST:PORT``,
            ``sc://HOST:PORT``...; a store file is always loaded on DuckDB.
        spark_conf: Spark settings for a Spark engine (``--spark-conf KEY=VALUE``).
        panel: Deprecated spelling of ``panels`` (a ``DeprecationWarning``; it will be
            removed).

    Returns:
        The load's summary: per file and in total, read = loaded + quarantined + duplicates.

    Raises:
        LoadRefusedError: Rows were quarantined and none stored (or any, when ``strict``).
        InputError: A catalog or file that cannot be read, or lacks a required column.
        UsageError: An unknown source, option or time zone; ``panel`` and ``panels`` both.
    """
    from showmeter.results import LoadSummary
    from showmeter.store import Store
    from showmeter.store.lake import lake_path

    pairs = inputs(events, panels_argument(panels, panel), reviews, signals)
    options = adapter_options(account, profile, date_format, market, include)
    if lake_path(store) is not None:  # a lake: one atomic load of Parquet files (docs/lake.md)
        from showmeter.engines.lake import ingest_into_lake

        files = ingest_into_lake(
            os.fspath(store),
            catalog,
            pairs,
            source=source,
            options=options,
            assume_tz=assume_tz,
            rejects=rejects,
            progress=progress,
            engine=engine,
            spark_conf=spark_conf,
        )
        return summarize(LoadSummary(os.fspath(store), files), strict)
    if spark_conf or (engine != "duckdb" and engine_name(engine) != "duckdb"):
        raise UsageError(
            "a store file is loaded on DuckDB; --engine is for a lake",
            remedy="Leave out --engine, or load a lake: --store lake:PATH (docs/lake.md).",
        )
    with Store(os.fspath(store)) as opened:
        files = load(
            opened,
            catalog,
            pairs,
            source,
            options,
            assume_tz,
            rejects,
            progress,
            aggregates_progress or True,
        )
        from showmeter.intake.published import PUBLISHED_SOURCES

        if source in PUBLISHED_SOURCES:  # a load of published figures may add seasons
            from showmeter.engines.preaggregates import refresh

            with opened.transaction() as connection:
                refresh(connection, None, aggregates_progress)
    return summarize(LoadSummary(os.fspath(store), files), strict)


def compute(
    metric: str,
    /,
    *,
    store: str | os.PathLike[str] | None = None,
    catalog: str | os.PathLike[str] | None = None,
    events: Files = None,
    panels: Files = None,
    reviews: Files = None,
    signals: Files = None,
    source: str = "canonical",
    account: str | None = None,
    profile: str | None = None,
    date_format: str | None = None,
    market: str | None = None,
    include: Sequence[str] = (),
    assume_tz: str | None = None,
    engine: str | Engine = "duckdb",
    title: str | None = None,
    season: int | None = None,
    params: Mapping[str, object] | None = None,
    rejects: str | os.PathLike[str] | None = None,
    spark_conf: Mapping[str, str] | None = None,
    **parameters: object,
) -> Result:
    """Compute one metric from a store, or straight from files.

    From files, they are read in place (see ``docs/in-place.md``): the metric reads the rows
    that pass the rules of :func:`ingest`, applied as the files are read; bad rows are
    quarantined and counted in the result's ``inputs``, and nothing is written to a store.

    Args:
        metric: The metric's name (:func:`metrics` lists them).
        store: A store written by :func:`ingest`.
        catalog: The catalog, to compute straight from files.
        events: Viewing sessions, to compute straight from files.
        panels: Panel files. (``panel``, singular, is the metric parameter naming the panel
            whose units count.)
        reviews: Review files.
        signals: Demand signal files.
        source: The format of the viewing files (see :func:`ingest`).
        account: The account an export belongs to (adapters).
        profile: The profile, where an export has none (adapters; default: the account).
        date_format: The date format of ``netflix-simple``.
        market: The market of rows that have none (adapters).
        include: Rows an adapter leaves out by default that are kept instead.
        assume_tz: IANA zone for timestamps without an offset.
        engine: ``duckdb`` (the default), ``spark``, ``spark://HOST:PORT``,
            ``sc://HOST:PORT``, ``yarn``, ``k8s://...``, or an Ibis connection URL.
        title: Keep only this title's rows.
        season: Keep only this season's rows.
        params: The metric's parameters as a mapping (text as ``--set`` takes it, or typed
            values); for names that are not Python identifiers or clash with the arguments
            above, such as ``metric`` of ``rank``.
        rejects: From files: write the quarantined rows (kind, file, line, column, reason,
            value, record) to this folder as Parquet (a new or empty folder).
        spark_conf: Spark settings for a Spark engine (``--spark-conf KEY=VALUE``).
        **parameters: The metric's parameters as keywords, e.g. ``window_days=30``.

    Returns:
        The result: ``rows``, resolved ``params`` (on a household's store ``unit`` defaults
        to ``profile``), ``engine``, ``inputs`` (with a ``runtime_estimates`` entry when its
        figures use runtimes the catalog marks as estimates, ``seasons_without_launch`` when
        seasons without a launch were left out, and a store's ``approximate_viewing_times``:
        docs/contracts.md); it converts with
        ``to_pandas()``, ``to_arrow()``, ``to_polars()`` and ``to_dict()`` (the JSON of
        ``showmeter compute --format json``).

    Raises:
        UsageError: No data, both a store and files, or an unknown metric, parameter, title,
            season or engine.
        InputError: A store or file that cannot be read, or a metric measured from the
            launch (reach, binge racers...) of seasons that have no launch.
    """
    from showmeter.engines import compute as compute_metric
    from showmeter.engines import engine_from
    from showmeter.store.lake_store import open_store

    engine = engine_from(engine, spark_conf)
    given = {**(params or {}), **parameters}
    pairs = inputs(events, panels, reviews, signals)
    if store is not None and pairs:
        raise UsageError(
            "give either a store or input files, not both",
            remedy="Ingest the files into the store first, or leave out the store.",
        )
    if store is not None and rejects is not None:
        raise UsageError(
            "rejects is for computing straight from files",
            remedy="List a store's quarantined rows with `showmeter quarantine --store FILE`.",
        )
    if store is not None:
        with open_store(os.fspath(store)) as opened:
            return compute_metric(
                metric,
                given,
                source=opened.connection,
                engine=engine,
                title=title,
                season=season,
                inputs=[opened.describe()],
            )
    if not pairs:
        raise UsageError(
            "no data to compute from",
            remedy="Give a store (--store FILE), or a catalog with events "
            "(--catalog FILE --events FILE).",
        )
    return compute_from_files(
        metric,
        given,
        engine=engine,
        catalog=catalog,
        pairs=pairs,
        source=source,
        options=adapter_options(account, profile, date_format, market, include),
        assume_tz=assume_tz,
        title=title,
        season=season,
        rejects=rejects,
    )


def report(
    season: str | SeasonKey,
    *,
    store: str | os.PathLike[str] | None = None,
    catalog: str | os.PathLike[str] | None = None,
    events: Files = None,
    panels: Files = None,
    reviews: Files = None,
    signals: Files = None,
    assume_tz: str | None = None,
    rejects: str | os.PathLike[str] | None = None,
    reference: str | SeasonKey | None = None,
    peers: Sequence[str | SeasonKey] = (),
    output: str | os.PathLike[str] | None = None,
    demand_market: str = "ALL",
    engine: str | Engine = "duckdb",
    progress: ReportProgress | None = None,
    spark_conf: Mapping[str, str] | None = None,
    **basis: object,
) -> Report:
    """The launch report of a season: every figure, against a reference season.

    Args:
        season: The season, as ``title:season`` (``the-defenders:1``) or a season key.
        store: The store; or, instead, the files below, read in place with the rules of
            :func:`ingest` (on DuckDB, or on Spark with a Spark engine; see
            ``docs/in-place.md``).
        catalog: The catalog, to report straight from files.
        events: Viewing sessions, to report straight from files.
        panels: Panel files.
        reviews: Review files.
        signals: Demand signal files.
        assume_tz: IANA zone for timestamps without an offset in the files.
        rejects: From files: write the quarantined rows to this folder as Parquet.
        reference: The season the headline figures compare with.
        peers: Further seasons shown beside it in the comparisons.
        output: A folder to write ``report.html`` (one offline file) and ``report.json``
            into; ``None`` writes nothing.
        demand_market: The market of the demand figures (``ALL``: every market).
        engine: ``duckdb``, ``spark``, ``spark://HOST:PORT``, ``sc://HOST:PORT``, ``yarn``,
            ``k8s://...`` or an Ibis URL.
        progress: Called as ``progress(stage, done, total)`` as figures and charts are done.
        spark_conf: Spark settings for a Spark engine (``--spark-conf KEY=VALUE``).
        **basis: Parameters for every viewing metric of the report: ``unit``, ``panel``,
            ``devices``, ``markets``, ``anchor``, ``min_seconds``, ``completion``.

    Returns:
        The computed report.

    Raises:
        UsageError: A season, reference or peer that the store lacks, or a bad parameter.
        InputError: The store cannot be read, or a season it shows sessions of has no launch.
    """
    from showmeter.api.reports import built_report, report_scope
    from showmeter.engines import engine_from
    from showmeter.reporting import write_report

    scope = report_scope(season, reference, peers, basis, demand_market, output)
    chosen = engine_from(engine, spark_conf)
    pairs = inputs(events, panels, reviews, signals)
    built = built_report(
        scope,
        store=store,
        catalog=catalog,
        pairs=pairs,
        assume_tz=assume_tz,
        rejects=rejects,
        chosen=chosen,
        progress=progress,
    )
    if output is not None:
        write_report(built, os.fspath(output))
    return built


def metrics() -> list[Metric]:
    """Every registered metric: name, family, parameters, unit, definition and source.

    Returns:
        The definitions, in the registry's order (by family).
    """
    from showmeter.definitions import all_metrics

    return list(all_metrics())
