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

import contextlib
import os
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from showmeter.errors import UsageError

if TYPE_CHECKING:
    from showmeter.definitions import Metric
    from showmeter.engines import Engine
    from showmeter.intake.in_place import InPlace
    from showmeter.intake.summary import FileSummary
    from showmeter.reporting import Report
    from showmeter.results import LoadSummary, Result
    from showmeter.schema import SeasonKey
    from showmeter.store import Store

__all__ = ["REPORT_BASIS", "Files", "compute", "ingest", "metrics", "report"]

Files = str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None
"""One input: a path (a file, a directory or a glob), a list of them, or none."""

IngestProgress = Callable[[str, int, int], None]
"""Called as ``progress(file, done, total)`` after each batch of a file."""

ReportProgress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)``; stages ``figures``, ``charts``."""

REPORT_BASIS = ("unit", "panel", "devices", "markets", "anchor", "min_seconds", "completion")
"""The parameters :func:`report` gives every viewing metric of the report."""

_INCLUDABLE = ("supplemental", "autoplay", "watch")


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

    pairs = _inputs(events, _panels_argument(panels, panel), reviews, signals)
    options = _adapter_options(account, profile, date_format, market, include)
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
        return _summarize(LoadSummary(os.fspath(store), files), strict)
    if spark_conf or (engine != "duckdb" and _engine_name(engine) != "duckdb"):
        raise UsageError(
            "a store file is loaded on DuckDB; --engine is for a lake",
            remedy="Leave out --engine, or load a lake: --store lake:PATH (docs/lake.md).",
        )
    with Store(os.fspath(store)) as opened:
        files = _load(
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
    return _summarize(LoadSummary(os.fspath(store), files), strict)


def _engine_name(engine: str | Engine) -> str:
    from showmeter.engines import engine_from

    return engine_from(engine).name


def _summarize(summary: LoadSummary, strict: bool) -> LoadSummary:
    """The load's summary, or its refusal raised."""
    refused = summary.refusal(strict=strict)
    if refused is not None:
        raise refused
    return summary


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
    pairs = _inputs(events, panels, reviews, signals)
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
    options = _adapter_options(account, profile, date_format, market, include)
    chosen = _spark_in_place(engine, source, catalog)
    named = _named_files(catalog, pairs, source)
    if chosen is not None:
        from showmeter.catalog import load_catalog
        from showmeter.engines.spark_in_place import compute_on_spark

        with named:
            return compute_on_spark(
                metric,
                given,
                catalog=load_catalog(Path(os.fspath(catalog or ""))),
                inputs=pairs,
                engine=chosen,
                assume_tz=assume_tz,
                title=title,
                season=season,
                rejects=None if rejects is None else os.fspath(rejects),
            )
    with named, _in_place(catalog, pairs, source, options, assume_tz) as opened:
        if rejects is not None:
            opened.write_rejects(rejects)
        return opened.computed(
            lambda: compute_metric(
                metric,
                given,
                source=opened.store.connection,
                engine=engine,
                title=title,
                season=season,
                inputs=[file.to_dict() for file in opened.files],
            )
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
    from showmeter.engines import engine_from
    from showmeter.reporting import Scope, build_report, write_report

    for name in basis:
        if name not in REPORT_BASIS:
            raise UsageError(
                f"{name!r} is not a parameter the report gives every viewing metric",
                remedy=f"Use one of {', '.join(REPORT_BASIS)}; for other parameters compute "
                "the metric itself (`showmeter compute METRIC --set ...`).",
            )
    if output is not None and Path(output).exists() and not Path(output).is_dir():
        raise UsageError(
            "the report's output is a file, not a folder",
            file=os.fspath(output),
            remedy="Give a folder for report.html and report.json (created when missing).",
        )
    scope = Scope(
        season_key(season, "season"),
        season_key(reference, "reference") if reference is not None else None,
        tuple(season_key(peer, "peers") for peer in peers),
        dict(basis),
        demand_market.upper(),
    )
    chosen = engine_from(engine, spark_conf)
    pairs = _inputs(events, panels, reviews, signals)
    if store is not None and (pairs or rejects is not None):
        raise UsageError(
            "give either a store or input files, not both",
            remedy="Ingest the files into the store first, or leave out the store.",
        )
    from showmeter.store.lake_store import LakeStore, lake_path

    if store is not None and (root := lake_path(store)) is not None:
        with LakeStore(root) as lake:
            built = build_report(lake, scope, engine=chosen, progress=progress)
    elif store is not None or not pairs:
        built = build_report(
            os.fspath(store if store is not None else "showmeter.duckdb"),
            scope,
            engine=chosen,
            progress=progress,
        )
    elif (on_spark := _spark_in_place(chosen, "canonical", catalog)) is not None:
        from showmeter.catalog import load_catalog
        from showmeter.engines.spark_in_place_report import open_for_report

        with (
            _named_files(catalog, pairs, "canonical"),
            open_for_report(
                load_catalog(Path(os.fspath(catalog or ""))),
                pairs,
                on_spark,
                assume_tz=assume_tz,
                rejects=None if rejects is None else os.fspath(rejects),
            ) as (files, files_engine),
        ):  # the files read on Spark, every figure computed there
            built = build_report(files, scope, engine=files_engine, progress=progress)
    else:
        with (
            _named_files(catalog, pairs, "canonical"),
            _in_place(catalog, pairs, "canonical", {}, assume_tz) as opened,
        ):
            if rejects is not None:
                opened.write_rejects(rejects)
            built = opened.computed(
                lambda: build_report(opened.store, scope, engine=chosen, progress=progress)
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


def season_key(value: str | SeasonKey, argument: str) -> SeasonKey:
    """A season given as ``title:season`` text, or a season key, as a season key.

    Args:
        value: The season.
        argument: The argument's name, for the error.

    Returns:
        The season key.

    Raises:
        UsageError: The text is not ``title:season``.
    """
    from showmeter.definitions.params import SeasonRef
    from showmeter.schema import SeasonKey

    if isinstance(value, SeasonKey):
        return value
    try:
        return SeasonRef().parse(value)
    except ValueError:
        raise UsageError(
            f"{argument} takes a season as title:season",
            value=value,
            remedy="Write for example the-defenders:1 (a film is title:0).",
        ) from None


def _panels_argument(panels: Files, panel: Files) -> Files:
    """``panels``, or the deprecated ``panel`` with a warning (``panels`` everywhere now)."""
    if panel is None:
        return panels
    if panels is not None:
        raise UsageError(
            "ingest got both panels and panel",
            remedy="Give the panel files once, as panels= (panel= is its deprecated spelling).",
        )
    warnings.warn(
        "ingest(panel=...) is deprecated: write ingest(panels=...), as compute() and report() "
        "spell it (panel, singular, is the metric parameter naming a panel)",
        DeprecationWarning,
        stacklevel=3,
    )
    return panel


def _paths(files: Files) -> list[str]:
    if files is None:
        return []
    if isinstance(files, str | os.PathLike):
        return [os.fspath(files)]
    return [os.fspath(file) for file in files]


def _inputs(events: Files, panel: Files, reviews: Files, signals: Files) -> list[tuple[str, str]]:
    """The ``(kind, path)`` pairs of the input arguments."""
    pairs: list[tuple[str, str]] = []
    for kind, files in (
        ("viewing", events),
        ("panels", panel),
        ("reviews", reviews),
        ("signals", signals),
    ):
        pairs.extend((kind, path) for path in _paths(files))
    return pairs


def _named_files(
    catalog: str | os.PathLike[str] | None, pairs: list[tuple[str, str]], source: str
) -> contextlib.AbstractContextManager[None]:
    """Computing from files: the reference checks' messages name the catalog and panel files."""
    from showmeter.engines.references import reading_files
    from showmeter.intake.published import PUBLISHED_SOURCES

    if source in PUBLISHED_SOURCES or catalog is None:  # titles from the published files too
        return contextlib.nullcontext()
    return reading_files(catalog, panels=any(kind == "panels" for kind, _ in pairs))


def _adapter_options(
    account: str | None,
    profile: str | None,
    date_format: str | None,
    market: str | None,
    include: Sequence[str],
) -> dict[str, str]:
    """The options given to the adapter of ``source``: only those set."""
    options = {
        name: value
        for name, value in (
            ("account", account),
            ("profile", profile),
            ("date_format", date_format),
            ("market", market),
        )
        if value is not None
    }
    for item in [include] if isinstance(include, str) else include:
        if item not in _INCLUDABLE:
            raise UsageError(
                "include takes supplemental, autoplay or watch",
                value=item,
                remedy="Write for example --include autoplay (include=['autoplay'] in Python).",
            )
        options[f"include_{item}"] = "true"
    return options


def _spark_in_place(
    engine: str | Engine, source: str, catalog: str | os.PathLike[str] | None
) -> Engine | None:
    """The Spark engine that reads the files in place, when ``engine`` is one."""
    from showmeter.engines import SparkEngine, engine_from

    chosen = engine_from(engine)
    if not isinstance(chosen, SparkEngine):
        return None
    if source != "canonical":
        raise UsageError(
            f"on Spark, files are read in place in the canonical form, not --source {source}",
            remedy="Compute on DuckDB (leave out --engine), or ingest the export into a store "
            "first (showmeter ingest --source ...) and compute from it.",
        )
    if catalog is None:
        raise UsageError(
            "a catalog is required to load files",
            remedy="Give the catalog of titles, seasons and episodes (--catalog FILE).",
        )
    return chosen


@contextlib.contextmanager
def _in_place(
    catalog: str | os.PathLike[str] | None,
    pairs: list[tuple[str, str]],
    source: str,
    options: dict[str, str],
    assume_tz: str | None,
) -> Iterator[InPlace]:
    """The input files open in place; published figures are loaded into a memory store."""
    from showmeter.catalog import load_catalog
    from showmeter.intake.in_place import InPlace, read_in_place
    from showmeter.intake.published import PUBLISHED_SOURCES
    from showmeter.store import Store

    if source in PUBLISHED_SOURCES:
        with Store() as memory:
            files = _load(memory, catalog, pairs, source, options, assume_tz, None, None)
            yield InPlace(memory, files)
        return
    if catalog is None:
        raise UsageError(
            "a catalog is required to load files",
            remedy="Give the catalog of titles, seasons and episodes (--catalog FILE).",
        )
    with read_in_place(
        load_catalog(Path(catalog)), pairs, assume_tz=assume_tz, source=source, options=options
    ) as opened:
        yield opened


def _load(
    store: Store,
    catalog: str | os.PathLike[str] | None,
    pairs: list[tuple[str, str]],
    source: str,
    options: dict[str, str],
    assume_tz: str | None,
    rejects: str | os.PathLike[str] | None,
    progress: IngestProgress | None,
    aggregates: Callable[[str, int, int], None] | bool = False,
) -> list[FileSummary]:
    from showmeter.catalog import load_catalog
    from showmeter.intake.load import ingest as load_files
    from showmeter.intake.published import PUBLISHED_SOURCES

    maintain = None
    if aggregates is not False:  # the store's pre-aggregations, kept in the load's transaction
        from showmeter.engines.preaggregates import maintainer

        maintain = maintainer(None if aggregates is True else aggregates)

    if catalog is None and source not in PUBLISHED_SOURCES:
        raise UsageError(
            "a catalog is required to load files",
            remedy="Give the catalog of titles, seasons and episodes (--catalog FILE).",
        )
    return load_files(
        store,
        None if catalog is None else load_catalog(Path(catalog)),
        pairs,
        assume_tz=assume_tz,
        source=source,
        rejects=None if rejects is None else Path(rejects),
        progress=progress,
        options=options,
        maintain=maintain,
    )
