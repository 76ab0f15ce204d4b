"""Before computing: the title, season, seasons and panel a computation names exist.

They are looked up in the store's tables; computing from files, those tables hold the catalog
and the panel files (:func:`reading_files` says so, and the messages name them).
"""

from __future__ import annotations

import contextlib
import os
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from showmeter.definitions.params import nearest
from showmeter.errors import InputError, UsageError
from showmeter.schema import SeasonKey
from showmeter.store import fetch

if TYPE_CHECKING:
    from collections.abc import Iterator

    import duckdb

    from showmeter.definitions.params import Params

__all__ = ["check_references", "missing_hint", "reading_files", "season_source"]


@dataclass(frozen=True)
class _Files:
    """Where the titles and panels of a computation from files come from."""

    catalog: str
    panels: bool


_FILES: ContextVar[_Files | None] = ContextVar("showmeter_references_files", default=None)


@contextlib.contextmanager
def reading_files(catalog: str | os.PathLike[str] | None, *, panels: bool) -> Iterator[None]:
    """Within it, the checks' messages name the catalog file and the panel files, not a store.

    Args:
        catalog: The catalog file the computation's titles and seasons come from.
        panels: Whether panel files were given.
    """
    token = _FILES.set(_Files(os.fspath(catalog or "the catalog"), panels))
    try:
        yield
    finally:
        _FILES.reset(token)


def season_source() -> str:
    """Where the seasons come from: ``the store``, or within :func:`reading_files` the catalog."""
    files = _FILES.get()
    return "the store" if files is None else f"the catalog {files.catalog}"


def missing_hint() -> str:
    """Within :func:`reading_files`, a remedy's sentence to add a season to the catalog file."""
    files = _FILES.get()
    if files is None:
        return ""
    return f" Or add it to the catalog ({files.catalog}) if it is missing there."


def check_references(
    con: duckdb.DuckDBPyConnection, p: Params, title: str | None, season: int | None
) -> None:
    """Fail early on a title, season, reference or panel that the store lacks.

    Args:
        con: The store's connection.
        p: The computation's resolved parameters (a season parameter, ``panel`` and ``unit``).
        title: The title whose rows the computation keeps, if one.
        season: The season whose rows it keeps, if one.

    Raises:
        UsageError: No such title, season, referenced season, or panel of the unit kind (the
            message suggests the nearest or lists what exists).
        InputError: The panel lists a unit twice.
    """
    seasons = {
        SeasonKey(str(t), int(s)) for t, s in fetch(con, "SELECT title, season FROM seasons")
    }
    titles = sorted({key.title for key in seasons})
    if title is not None and title not in titles:
        raise UsageError(
            f"no title {title!r} in {season_source()}",
            remedy=(f"Did you mean {close!r}? " if (close := nearest(title, titles)) else "")
            + f"Titles: {', '.join(titles[:20]) or 'none'}."
            + missing_hint(),
        )
    if season is not None and not any(
        key.season == season and (title is None or key.title == title) for key in seasons
    ):
        numbers = sorted({key.season for key in seasons if title is None or key.title == title})
        raise UsageError(
            f"no season {season}" + (f" of {title!r}" if title else "") + f" in {season_source()}",
            remedy=f"Seasons: {', '.join(map(str, numbers[:20])) or 'none'}." + missing_hint(),
        )
    for name, value in p.items():
        if isinstance(value, SeasonKey) and value not in seasons:
            close = nearest(str(value), [str(key) for key in seasons])
            raise UsageError(
                f"parameter {name!r}: no season {value} in {season_source()}",
                remedy=(f"Did you mean {close!r}?" if close else "Write it as title:season.")
                + missing_hint(),
            )
    _check_panel(con, p)


def _check_panel(con: duckdb.DuckDBPyConnection, p: Params) -> None:
    panel = p.get_value("panel")
    if panel is None:
        return
    unit = p.text("unit")
    files = _FILES.get()
    if files is not None and not files.panels:
        raise UsageError(
            f"no panel {panel!r}: no panel files were given",
            remedy="Give the panel files (--panel FILE, panels= in Python), or leave out the "
            "panel parameter to count every unit with weight 1.",
        )
    present = fetch(con, "SELECT DISTINCT panel, unit FROM panels ORDER BY 1, 2")
    if (panel, unit) not in present:
        listed = ", ".join(f"{name} ({kind})" for name, kind in present) or "none"
        held = "the store" if files is None else "the panel files"
        raise UsageError(
            f"{held} {'has' if files is None else 'have'} no panel {panel!r} of {unit} units",
            remedy=f"Panels in {held}: {listed}. Set panel and unit to one of them.",
        )
    twice = fetch(
        con,
        "SELECT unit_id FROM panels WHERE panel = ? AND unit = ? "
        "GROUP BY unit_id HAVING count(*) > 1 LIMIT 1",
        panel,
        unit,
    )
    if twice:
        raise InputError(
            f"panel {panel!r} lists the {unit} {twice[0][0]!r} more than once",
            remedy="A unit has one weight per panel: fix the panel file"
            + (" and ingest again." if files is None else "."),
        )
