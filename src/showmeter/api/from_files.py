"""A metric computed straight from input files: read in place, on DuckDB or on Spark.

:func:`showmeter.api.compute` hands its files here once it has checked that it was given files
and no store (docs/in-place.md).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from showmeter.api.input_files import in_place, named_files, spark_in_place

if TYPE_CHECKING:
    from collections.abc import Mapping

    from showmeter.engines import Engine
    from showmeter.results import Result

__all__ = ["compute_from_files"]


def compute_from_files(
    metric: str,
    given: Mapping[str, object],
    *,
    engine: Engine,
    catalog: str | os.PathLike[str] | None,
    pairs: list[tuple[str, str]],
    source: str,
    options: dict[str, str],
    assume_tz: str | None,
    title: str | None,
    season: int | None,
    rejects: str | os.PathLike[str] | None,
) -> Result:
    """Compute one metric from files read in place (on Spark when ``engine`` is Spark).

    Args:
        metric: The metric's name.
        given: Its parameters.
        engine: The engine (a Spark engine reads the files itself).
        catalog: The catalog file.
        pairs: The input files, as ``(kind, path)``.
        source: The format of the viewing files.
        options: The adapters' options.
        assume_tz: IANA zone for timestamps without an offset.
        title: Keep only this title's rows.
        season: Keep only this season's rows.
        rejects: A folder to write the quarantined rows to, or ``None``.

    Returns:
        The result, its ``inputs`` the files read (with their quarantined rows counted).
    """
    from showmeter.engines import compute as compute_metric

    chosen = spark_in_place(engine, source, catalog)
    named = named_files(catalog, pairs, source)
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
    with named, in_place(catalog, pairs, source, options, assume_tz) as opened:
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
