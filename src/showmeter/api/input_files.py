"""The input files of the API's verbs: their paths, the adapters' options, where they are read.

:mod:`showmeter.api` checks its arguments with these and opens the files with them: in place
(on DuckDB or on Spark), into a memory store (published figures), or loaded into a store.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from showmeter.errors import UsageError

if TYPE_CHECKING:
    from showmeter.engines import Engine
    from showmeter.intake.in_place import InPlace
    from showmeter.intake.summary import FileSummary
    from showmeter.results import LoadSummary
    from showmeter.schema import SeasonKey
    from showmeter.store import Store

__all__ = [
    "Files",
    "IngestProgress",
    "adapter_options",
    "engine_name",
    "in_place",
    "inputs",
    "load",
    "named_files",
    "panels_argument",
    "season_key",
    "spark_in_place",
    "summarize",
]

Files = str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None
"""One input: a path (a file, a directory or a glob), a list of them, or none."""

IngestProgress = Callable[[str, int, int], None]
"""Called as ``progress(file, done, total)`` after each batch of a file."""

_INCLUDABLE = ("supplemental", "autoplay", "watch")


def engine_name(engine: str | Engine) -> str:
    """The name of ``engine`` (a name, a URL or an engine)."""
    from showmeter.engines import engine_from

    return engine_from(engine).name


def summarize(summary: LoadSummary, strict: bool) -> LoadSummary:
    """The load's summary, or its refusal raised."""
    refused = summary.refusal(strict=strict)
    if refused is not None:
        raise refused
    return summary


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


def panels_argument(panels: Files, panel: Files) -> Files:
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


def inputs(events: Files, panel: Files, reviews: Files, signals: Files) -> list[tuple[str, str]]:
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


def named_files(
    catalog: str | os.PathLike[str] | None, pairs: list[tuple[str, str]], source: str
) -> contextlib.AbstractContextManager[None]:
    """Computing from files: the reference checks' messages name the catalog and panel files."""
    from showmeter.engines.references import reading_files
    from showmeter.intake.published import PUBLISHED_SOURCES

    if source in PUBLISHED_SOURCES or catalog is None:  # titles from the published files too
        return contextlib.nullcontext()
    return reading_files(catalog, panels=any(kind == "panels" for kind, _ in pairs))


def adapter_options(
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


def spark_in_place(
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
def in_place(
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
            files = load(memory, catalog, pairs, source, options, assume_tz, None, None)
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


def load(
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
    """The files loaded into ``store`` (with its pre-aggregations kept when ``aggregates``)."""
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
