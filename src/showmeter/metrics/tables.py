"""The canonical tables as Ibis tables that metric expressions are built on.

Metrics never connect to anything: they build expressions over *unbound* Ibis tables named
after the canonical tables of :mod:`showmeter.ingest.schemas`, with the same columns and
types. An engine compiles the expression to its SQL dialect and runs it where tables of those
names exist. The schemas are read from the DuckDB DDL itself, so the two cannot drift apart.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from showmeter.errors import InternalError
from showmeter.ingest.schemas import TABLES

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = ["CanonicalTables", "canonical_table", "ibis_type"]

_DUCKDB_TO_IBIS = {
    "VARCHAR": "string",
    "INTEGER": "int32",
    "BIGINT": "int64",
    "DOUBLE": "float64",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMPTZ": "timestamp('UTC')",
}
_COLUMN = re.compile(r'^\s*"?(?P<name>\w+)"?\s+(?P<type>[A-Z]+)(?P<rest>[^,]*)', re.MULTILINE)


def ibis_type(duckdb_type: str, *, nullable: bool = True) -> str:
    """The Ibis type string of a DuckDB column type of the canonical DDL.

    Args:
        duckdb_type: A DuckDB type name as written in the DDL, e.g. ``TIMESTAMPTZ``.
        nullable: Whether the column accepts NULL.

    Returns:
        An Ibis type string, e.g. ``"!timestamp('UTC')"`` for a NOT NULL instant.

    Raises:
        InternalError: The DDL uses a type this module does not know.
    """
    try:
        name = _DUCKDB_TO_IBIS[duckdb_type]
    except KeyError:
        raise InternalError(f"unknown column type {duckdb_type!r} in the canonical DDL") from None
    return name if nullable else f"!{name}"


@functools.cache
def _schema(name: str) -> tuple[tuple[str, str], ...]:
    try:
        ddl = TABLES[name]
    except KeyError:
        raise InternalError(f"{name!r} is not a canonical table") from None
    columns = []
    for line in ddl.splitlines():
        text = line.split("--", 1)[0]
        match = _COLUMN.match(text)
        if match is None or match["name"] == "PRIMARY":
            continue
        nullable = "NOT NULL" not in match["rest"]
        columns.append((match["name"], ibis_type(match["type"], nullable=nullable)))
    return tuple(columns)


def canonical_table(name: str) -> ir.Table:
    """The unbound Ibis table of a canonical table.

    Args:
        name: A table of :data:`showmeter.ingest.schemas.TABLES`, e.g. ``"viewing"``.

    Returns:
        An unbound table with the columns and types of the store's table.
    """
    import ibis

    return ibis.table(dict(_schema(name)), name=name)


class CanonicalTables:
    """The canonical tables a metric reads, each built once per expression.

    Every metric builder receives one of these. Each property is the unbound table of the
    same name; see :mod:`showmeter.ingest.schemas` for the columns.
    """

    def __init__(self, *, title: str | None = None, season: int | None = None) -> None:
        """Tables whose ``viewing`` holds every session, or only a title's or a season's.

        Args:
            title: Only the sessions of this title.
            season: Only the sessions of this season number.
        """
        self._tables: dict[str, ir.Table] = {}
        self._title = title
        self._season = season

    def get(self, name: str) -> ir.Table:
        """The table called ``name``.

        Args:
            name: A canonical table name.

        Returns:
            Its unbound Ibis table (the same object on every call).
        """
        if name not in self._tables:
            self._tables[name] = canonical_table(name)
        return self._tables[name]

    @property
    def viewing(self) -> ir.Table:
        """Playback sessions (only the title's or season's, when the tables were made so)."""
        if self._title is None and self._season is None:
            return self.get("viewing")
        if "viewing/selected" not in self._tables:
            sessions = self.get("viewing")
            if self._title is not None:
                sessions = sessions.filter(sessions.title == self._title)
            if self._season is not None:
                sessions = sessions.filter(sessions.season == self._season)
            self._tables["viewing/selected"] = sessions
        return self._tables["viewing/selected"]

    @property
    def launches(self) -> ir.Table:
        """Launch instants, one row per (title, season, market)."""
        return self.get("launches")

    @property
    def seasons(self) -> ir.Table:
        """Seasons, with their episode count, runtime and earliest launch."""
        return self.get("seasons")

    @property
    def episodes(self) -> ir.Table:
        """Episodes and their runtimes."""
        return self.get("episodes")

    @property
    def panels(self) -> ir.Table:
        """Panel units and their weights."""
        return self.get("panels")

    @property
    def markets(self) -> ir.Table:
        """Markets, their time zones and populations."""
        return self.get("markets")

    @property
    def titles(self) -> ir.Table:
        """Titles: kind, whether an original, language, category."""
        return self.get("titles")

    @property
    def availability(self) -> ir.Table:
        """Availability windows, one row per (title, season, platform, market)."""
        return self.get("availability")

    @property
    def reviews(self) -> ir.Table:
        """Critic reviews, with ratings normalized to score_100 and score_10."""
        return self.get("reviews")

    @property
    def signals(self) -> ir.Table:
        """Demand signals per date, market, title and signal."""
        return self.get("signals")

    @property
    def signal_weights(self) -> ir.Table:
        """The weight of each demand signal."""
        return self.get("signal_weights")
