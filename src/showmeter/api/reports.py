"""The report of :func:`showmeter.api.report`: its scope checked, its figures built.

From a store (a file or a lake), or from files read in place on DuckDB or on Spark.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from showmeter.api.input_files import in_place, named_files, season_key, spark_in_place
from showmeter.errors import UsageError

if TYPE_CHECKING:
    from showmeter.engines import Engine
    from showmeter.reporting import Report, Scope
    from showmeter.schema import SeasonKey

__all__ = ["REPORT_BASIS", "ReportProgress", "built_report", "check_basis", "report_scope"]

ReportProgress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)``; stages ``figures``, ``charts``."""

REPORT_BASIS = ("unit", "panel", "devices", "markets", "anchor", "min_seconds", "completion")
"""The parameters :func:`~showmeter.api.report` gives every viewing metric of the report."""

_OWN = {
    "reference": "--reference TITLE:SEASON",
    "peers": "--peer TITLE:SEASON (repeatable)",
    "engine": "--engine NAME",
    "demand_market": "--demand-market MARKET",
    "output": "--output FOLDER",
    "spark_conf": "--spark-conf KEY=VALUE",
}
"""The report's own arguments that are not metric parameters, and how the CLI gives them."""


def check_basis(basis: Mapping[str, object]) -> None:
    """Check that every name of ``basis`` is a parameter of :data:`REPORT_BASIS`.

    Args:
        basis: The parameters given to every viewing metric (``--set NAME=VALUE``).

    Raises:
        UsageError: A name the report does not give every viewing metric (the report's own
            ``reference``, ``peers``, ``engine``, ``demand_market``, ``output`` and
            ``spark_conf`` are named with their options).
    """
    for name in basis:
        if name in _OWN:
            raise UsageError(
                f"{name!r} is an argument of the report, not a parameter of its metrics",
                remedy=f"Give it as {_OWN[name]} ({name}= in Python).",
            )
        if name not in REPORT_BASIS:
            raise UsageError(
                f"{name!r} is not a parameter the report gives every viewing metric",
                remedy=f"Use one of {', '.join(REPORT_BASIS)}; for other parameters compute "
                "the metric itself (`showmeter compute METRIC --set ...`).",
            )


def report_scope(
    season: str | SeasonKey,
    reference: str | SeasonKey | None,
    peers: Sequence[str | SeasonKey],
    basis: Mapping[str, object],
    demand_market: str,
    output: str | os.PathLike[str] | None,
) -> Scope:
    """The report's scope, its arguments checked (see :func:`~showmeter.api.report`).

    Raises:
        UsageError: A parameter that is not of :data:`REPORT_BASIS`, an output that is a file,
            or a season that is not ``title:season``.
    """
    from showmeter.reporting import Scope

    check_basis(basis)
    if output is not None and Path(output).exists() and not Path(output).is_dir():
        raise UsageError(
            "the report's output is a file, not a folder",
            file=os.fspath(output),
            remedy="Give a folder for report.html and report.json (created when missing).",
        )
    return Scope(
        season_key(season, "season"),
        season_key(reference, "reference") if reference is not None else None,
        tuple(season_key(peer, "peers") for peer in peers),
        dict(basis),
        demand_market.upper(),
    )


def built_report(
    scope: Scope,
    *,
    store: str | os.PathLike[str] | None,
    catalog: str | os.PathLike[str] | None,
    pairs: list[tuple[str, str]],
    assume_tz: str | None,
    rejects: str | os.PathLike[str] | None,
    chosen: Engine,
    progress: ReportProgress | None,
) -> Report:
    """The report of ``scope``: from a store (a file or a lake), or from the input files.

    Raises:
        UsageError: Both a store and input files (or rejects), or a season, reference or peer
            that the store (or the catalog) lacks.
    """
    from showmeter.reporting import build_report

    if store is not None and (pairs or rejects is not None):
        raise UsageError(
            "give either a store or input files, not both",
            remedy="Ingest the files into the store first, or leave out the store.",
        )
    from showmeter.store.lake_store import LakeStore, lake_path

    if store is not None and (root := lake_path(store)) is not None:
        with LakeStore(root) as lake:
            return build_report(lake, scope, engine=chosen, progress=progress)
    if store is not None or not pairs:
        return build_report(
            os.fspath(store if store is not None else "showmeter.duckdb"),
            scope,
            engine=chosen,
            progress=progress,
        )
    if (on_spark := spark_in_place(chosen, "canonical", catalog)) is not None:
        from showmeter.catalog import load_catalog
        from showmeter.engines.spark_in_place_report import open_for_report

        with (
            named_files(catalog, pairs, "canonical"),
            open_for_report(
                load_catalog(Path(os.fspath(catalog or ""))),
                pairs,
                on_spark,
                assume_tz=assume_tz,
                rejects=None if rejects is None else os.fspath(rejects),
            ) as (files, files_engine),
        ):  # the files read on Spark, every figure computed there
            return build_report(files, scope, engine=files_engine, progress=progress)
    with (
        named_files(catalog, pairs, "canonical"),
        in_place(catalog, pairs, "canonical", {}, assume_tz) as opened,
    ):
        if rejects is not None:
            opened.write_rejects(rejects)
        return opened.computed(
            lambda: build_report(opened.store, scope, engine=chosen, progress=progress)
        )
