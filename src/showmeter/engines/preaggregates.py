"""Build and maintain a store's pre-aggregations through the engine, in a load's transaction.

The pre-aggregations are declared in :mod:`showmeter.definitions.preaggregates`, each an Ibis
expression over the canonical tables; this module compiles them to DuckDB SQL and keeps their
rows in tables of the store:

- :func:`build` (:mod:`showmeter.engines.preaggregate_build`) computes every pre-aggregation
  whole (a store's first load, an upgrade of a store written before they existed, or before
  one of them was declared, ``showmeter optimize``);
- :func:`refresh` (:mod:`showmeter.engines.preaggregate_refresh`) recomputes only what a load
  touched: the rows of each (unit, season) pair with a new session that can change them in
  the per-unit progress (:mod:`showmeter.engines.preaggregate_units`)
  and the per-day rows (:mod:`showmeter.definitions.preaggregate_days`), the counting season
  figures by the difference of the touched units' counts
  (:mod:`showmeter.engines.preaggregate_counts`), and every row of each season with a new
  session (or whose catalog entry changed) in the other season figures.

They are kept for the store's default unit (:func:`showmeter.store.households.default_unit`:
``account``, or ``profile`` for a household's store), so that a computation at the store's
defaults finds them; the table names say the unit when it is not ``account``
(:func:`~showmeter.definitions.preaggregates.unit_progress_table`,
:func:`~showmeter.definitions.preaggregates.season_figures`) and :attr:`Status.unit` gives it.

:data:`META` records each pre-aggregation's version (its declaration's and its metric's), and
:data:`DIGESTS` each season's catalog entry as the aggregates were computed from it;
:func:`available` gives the pre-aggregations a computation may read (none when the store's are
missing or were built by another version: then :func:`status` says why).
"""

from __future__ import annotations

import dataclasses
import os
from typing import TYPE_CHECKING

from showmeter.definitions import preaggregate_days as days
from showmeter.definitions import preaggregates as declared

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    import duckdb

__all__ = [
    "DIGESTS",
    "DIGEST_SQL",
    "LOADS_ROW",
    "META",
    "MIN_SESSIONS",
    "MIN_SESSIONS_VARIABLE",
    "UNIT_ROW",
    "Refreshed",
    "Status",
    "available",
    "build",
    "has_aggregates",
    "loads_count",
    "maintainer",
    "min_sessions",
    "refresh",
    "session_count",
    "status",
    "tables",
    "upgrade_store",
    "versions",
]

META = "showmeter_preaggregates"
"""The table recording each pre-aggregation: name, version, rows, when built."""

MIN_SESSIONS_VARIABLE = "SHOWMETER_PREAGGREGATE_MIN_SESSIONS"
"""The environment variable that sets :data:`MIN_SESSIONS`."""

MIN_SESSIONS = 100_000
"""A load builds the pre-aggregations of a store that has none only once it holds this many
sessions: a smaller store computes fast from its sessions, and its ~15 tables of at least a
block each (256 kB) would be most of its file. ``showmeter optimize`` builds them whatever the
size; once built, every load keeps them."""

DIGESTS = "showmeter_preaggregate_seasons"
"""Each season's catalog entry (its launches, episodes and runtimes), as a digest."""

DIGEST_SQL = """
    SELECT title, season, md5(string_agg(entry, '|' ORDER BY entry)) AS digest FROM (
      SELECT title, season, 's' || CAST(s AS VARCHAR) AS entry FROM seasons s
      UNION ALL SELECT title, season, 'e' || CAST(e AS VARCHAR) FROM episodes e
      UNION ALL SELECT title, season, 'l' || CAST(l AS VARCHAR) FROM launches l
    ) GROUP BY title, season
"""


def tables(unit: str = declared.DEFAULT_UNIT) -> list[str]:
    """Every pre-aggregation's table kept for ``unit``, in build order (per-unit rows first).

    The per-unit progress, the per-day rows (:mod:`showmeter.definitions.preaggregate_days`),
    then the season figures (those of additive metrics are computed from the per-day rows).

    Args:
        unit: The store's default unit (:attr:`Status.unit`): ``account``, or ``profile`` for
            a household's store (:mod:`showmeter.store.households`).
    """
    figures = declared.season_figures(unit)
    per_unit = [declared.unit_progress_table(unit), days.unit_days_table(unit)]
    return [*per_unit, *(f.table for f in figures)]


def versions(unit: str = declared.DEFAULT_UNIT) -> dict[str, str]:
    """Each pre-aggregation's version: its declaration's, and the metric's it keeps."""
    from showmeter import definitions

    progress = f"unit_progress.{declared.UNIT_PROGRESS_VERSION}"
    found = {
        declared.unit_progress_table(unit): progress,
        days.unit_days_table(unit): f"unit_days.{days.UNIT_DAYS_VERSION}",
    }
    for figure in declared.season_figures(unit):
        metric = definitions.get(figure.metric)
        found[figure.table] = f"{figure.metric}.{metric.version}+{progress}"
    return found


@dataclasses.dataclass(frozen=True)
class Status:
    """Whether a store's pre-aggregations can be read.

    Attributes:
        current: Every declared pre-aggregation is there, at its version, for the store's
            default unit.
        reason: Why not, when not (with the command that builds them).
        unit: The unit they are kept for: the store's default (``account``, or ``profile``
            for a household's store); :func:`tables` of it names them, and
            :func:`~showmeter.definitions.preaggregates.season_figures` of it gives the season
            figures a computation may find in its expression.
    """

    current: bool
    reason: str | None = None
    unit: str = declared.DEFAULT_UNIT


def status(
    con: duckdb.DuckDBPyConnection, *, loading: bool = False, any_unit: bool = False
) -> Status:
    """Whether the store's pre-aggregations are all there and of this version.

    Args:
        con: A connection to the store (read-only is enough: nothing is written).
        loading: Asked by the load being recorded (its rows and catalog are the ones to
            bring in: the last load may be missing, the catalog may differ).
        any_unit: The caller reads :attr:`Status.unit` and the tables :func:`tables` of it
            names. Otherwise pre-aggregations kept for another unit than ``account`` (a
            household's store) are reported as not current, so that a caller that knows only
            the account's tables reads the sessions.

    Returns:
        The status; its reason names ``showmeter optimize --store S`` when they are not.
    """
    from showmeter.store.households import default_unit

    present = has_aggregates(con)
    upgrade = "run `showmeter optimize --store S` (or any `showmeter ingest` into it) to build them"
    unit = default_unit(con)
    if not present:
        if session_count(con) < min_sessions():
            return Status(
                False,
                f"the store holds fewer than {min_sessions():,} sessions, so it keeps no "
                "pre-aggregations (`showmeter optimize --store S` builds them anyway)",
                unit,
            )
        return Status(
            False, f"the store has no pre-aggregations (written before them): {upgrade}", unit
        )
    stored = dict(con.execute(f"SELECT name, version FROM {META}").fetchall())
    built_for = stored.get(UNIT_ROW, declared.DEFAULT_UNIT)  # a store of before units: accounts
    if built_for != unit:
        return Status(
            False,
            f"the store's pre-aggregations count unit={built_for} but its default is now "
            f"unit={unit}: {upgrade}",
            unit,
        )
    stale = [name for name, version in versions(unit).items() if stored.get(name) != version]
    if stale:
        return Status(
            False,
            f"the store's pre-aggregations {', '.join(stale)} are out of date: {upgrade}",
            unit,
        )
    loads = int(loads_count(con))
    if stored.get(LOADS_ROW) not in ({str(loads), str(loads - 1)} if loading else {str(loads)}):
        return Status(
            False, f"loads were made without updating the pre-aggregations: {upgrade}", unit
        )
    if loading:
        return Status(True, unit=unit)
    if unit != declared.DEFAULT_UNIT and not any_unit:
        return Status(
            False,
            f"the store's pre-aggregations count unit={unit} (its default), which this "
            "computation's chooser does not read",
            unit,
        )
    changed = con.execute(
        f"SELECT count(*) FROM (({DIGEST_SQL}) EXCEPT (SELECT * FROM {DIGESTS}))"
    ).fetchall()[0][0]
    if changed:
        return Status(
            False, f"the catalog changed since the pre-aggregations were built: {upgrade}", unit
        )
    return Status(True, unit=unit)


LOADS_ROW = "_loads"
"""The row of :data:`META` that holds how many loads the pre-aggregations include."""

UNIT_ROW = "_unit"
"""The row of :data:`META` that holds the unit they count (absent: ``account``)."""


def loads_count(con: duckdb.DuckDBPyConnection) -> str:
    """How many loads the store holds, as :data:`META` records it."""
    return str(con.execute("SELECT count(DISTINCT load_id) FROM loads").fetchall()[0][0])


def min_sessions() -> int:
    """:data:`MIN_SESSIONS`, or ``$SHOWMETER_PREAGGREGATE_MIN_SESSIONS`` when set."""
    given = os.environ.get(MIN_SESSIONS_VARIABLE)
    return int(given) if given and given.isdigit() else MIN_SESSIONS


def session_count(con: duckdb.DuckDBPyConnection) -> int:
    """How many sessions the store holds."""
    return int(con.execute("SELECT count(*) FROM viewing").fetchall()[0][0])


def has_aggregates(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store has pre-aggregations (current or not)."""
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND table_name = ?",
            [META],
        ).fetchall()[0][0]
    )


def available(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """The pre-aggregations a computation may read on this store (none unless all are current)."""
    state = status(con, any_unit=True)
    return frozenset(tables(state.unit)) if state.current else frozenset()


@dataclasses.dataclass
class Refreshed:
    """What :func:`refresh` did.

    Attributes:
        whole: Every pre-aggregation was built whole (the store had none, or stale ones).
        units: (unit, season) pairs with a new session.
        seasons: Seasons whose figures were recomputed.
        seconds: Wall time.
        whole_units: Of :attr:`units`, the pairs whose per-unit progress was recomputed whole
            (a new first session, or no row kept, with a new session where a first is looked for);
            the others' only in the episodes whose new sessions count.
        episodes: (unit, season, episode) rows of the per-unit progress refreshed alone.
    """

    whole: bool = False
    units: int = 0
    seasons: int = 0
    seconds: float = 0.0
    whole_units: int = 0
    episodes: int = 0


def refresh(
    con: duckdb.DuckDBPyConnection,
    loaded_viewing: str | None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Refreshed:
    """Bring them up to date after a load, recomputing only what it touched.

    See :func:`showmeter.engines.preaggregate_refresh.refresh`.
    """
    from showmeter.engines.preaggregate_refresh import refresh as run

    return run(con, loaded_viewing, progress)


def maintainer(
    progress: Callable[[str, int, int], None] | None = None,
) -> Callable[[duckdb.DuckDBPyConnection, Mapping[str, str]], None]:
    """What a load calls in its transaction to keep the pre-aggregations in step.

    Args:
        progress: Called as ``progress(table, done, total)`` when they are built whole.

    Returns:
        A :data:`showmeter.intake.load.Maintain`: :func:`refresh` with the load's new sessions.
    """

    def maintain(con: duckdb.DuckDBPyConnection, loaded: Mapping[str, str]) -> None:
        refresh(con, loaded.get("viewing"), progress)

    return maintain


def build(
    con: duckdb.DuckDBPyConnection,
    progress: Callable[[str, int, int], None] | None = None,
    unit: str | None = None,
) -> dict[str, int]:
    """Compute every pre-aggregation whole: :func:`showmeter.engines.preaggregate_build.build`."""
    from showmeter.engines.preaggregate_build import build as run

    return run(con, progress, unit)


def upgrade_store(
    path: str,
    *,
    rebuild: bool = False,
    memory_limit: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, int] | None:
    """Build a store's pre-aggregations when missing or out of date (one transaction).

    See :func:`showmeter.engines.preaggregate_build.upgrade_store`.
    """
    from showmeter.engines.preaggregate_build import upgrade_store as run

    return run(path, rebuild=rebuild, memory_limit=memory_limit, progress=progress)
