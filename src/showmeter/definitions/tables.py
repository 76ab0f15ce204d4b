"""The canonical tables as Ibis tables that metric expressions are built on.

Metrics never connect to anything: they build expressions over *unbound* Ibis tables named
after the canonical tables of :mod:`showmeter.schema`, with the same columns and types. An
engine compiles the expression to its SQL dialect and runs it where tables of those names
exist. The Ibis schemas and the store's DDL are generated from the same declaration, so the two
cannot drift apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter import schema
from showmeter.errors import InternalError

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = ["CanonicalTables", "canonical_table"]


def canonical_table(name: str) -> ir.Table:
    """The unbound Ibis table of a canonical table.

    Args:
        name: A table of :data:`showmeter.schema.TABLES`, e.g. ``"viewing"``.

    Returns:
        An unbound table with the columns and types of the store's table.

    Raises:
        InternalError: No canonical table has that name.
    """
    import ibis

    if name not in schema.TABLES:
        raise InternalError(f"{name!r} is not a canonical table")
    return ibis.table(schema.ibis_types(name), name=name)


class CanonicalTables:
    """The canonical tables a metric reads, each built once per expression.

    Every metric builder receives one of these. Each property is the unbound table of the
    same name; see :mod:`showmeter.schema` for the columns.
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
