"""Before computing: the title, season, seasons and panel a computation names exist in the store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.definitions.params import nearest
from showmeter.errors import InputError, UsageError
from showmeter.schema import SeasonKey
from showmeter.store import fetch

if TYPE_CHECKING:
    import duckdb

    from showmeter.definitions.params import Params

__all__ = ["check_references"]


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
            f"no title {title!r} in the store",
            remedy=(f"Did you mean {close!r}? " if (close := nearest(title, titles)) else "")
            + f"Titles: {', '.join(titles[:20]) or 'none'}.",
        )
    if season is not None and not any(
        key.season == season and (title is None or key.title == title) for key in seasons
    ):
        raise UsageError(
            f"no season {season}" + (f" of {title!r}" if title else "") + " in the store"
        )
    for name, value in p.items():
        if isinstance(value, SeasonKey) and value not in seasons:
            close = nearest(str(value), [str(key) for key in seasons])
            raise UsageError(
                f"parameter {name!r}: no season {value} in the store",
                remedy=f"Did you mean {close!r}?" if close else "Write it as title:season.",
            )
    _check_panel(con, p)


def _check_panel(con: duckdb.DuckDBPyConnection, p: Params) -> None:
    panel = p.get_value("panel")
    if panel is None:
        return
    unit = p.text("unit")
    present = fetch(con, "SELECT DISTINCT panel, unit FROM panels ORDER BY 1, 2")
    if (panel, unit) not in present:
        listed = ", ".join(f"{name} ({kind})" for name, kind in present) or "none"
        raise UsageError(
            f"the store has no panel {panel!r} of {unit} units",
            remedy=f"Panels in the store: {listed}. Set panel and unit to one of them.",
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
            remedy="A unit has one weight per panel: fix the panel file and ingest again.",
        )
