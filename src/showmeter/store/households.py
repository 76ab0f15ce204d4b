"""The parameter defaults a store's own data sets: a household's viewers are its profiles.

A store whose sessions all come from the exports of a household (``--source netflix``,
``netflix-simple``, ``tautulli``, ``jellyfin`` or ``trakt``) counts people by profile: the
four profiles of one Netflix account are four viewers, not one. The rule, documented in
docs/contracts.md ("The default unit of a household's store"):

- the default ``unit`` is ``profile`` when every load of viewing rows that loaded any row came
  from one of :data:`HOUSEHOLD_SOURCES` and every session of the store has a ``profile_id``;
- otherwise it stays ``account`` (a canonical store, the demo's, or a store mixing sources).

An explicit ``unit`` always wins. Results echo the unit in force (``unit=profile``), so a
figure is never read on another basis than the one it was computed on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.store.lookups import fetch

if TYPE_CHECKING:
    import duckdb

__all__ = ["HOUSEHOLD_SOURCES", "default_unit", "store_defaults"]

HOUSEHOLD_SOURCES = ("netflix", "netflix-simple", "tautulli", "jellyfin", "trakt")
"""The sources of a household's exports, whose viewers are profiles."""


def default_unit(connection: duckdb.DuckDBPyConnection) -> str:
    """The default ``unit`` of the metrics computed from a store (see the module's rule).

    Args:
        connection: The store's connection.

    Returns:
        ``profile`` for a household's store whose every session has a profile, else
        ``account``.
    """
    sources = {
        str(source)
        for (source,) in fetch(
            connection, "SELECT DISTINCT source FROM loads WHERE kind = 'viewing' AND loaded > 0"
        )
    }
    if not sources or not sources <= set(HOUSEHOLD_SOURCES):
        return "account"
    [(without,)] = fetch(connection, "SELECT count(*) FROM viewing WHERE profile_id IS NULL")
    return "profile" if without == 0 else "account"


def store_defaults(connection: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """The parameter defaults the store sets, by name: only those that differ from the usual.

    Args:
        connection: The store's connection.

    Returns:
        ``{"unit": "profile"}`` for a household's store (see :func:`default_unit`), else
        ``{}``.
    """
    unit = default_unit(connection)
    return {"unit": unit} if unit != "account" else {}
