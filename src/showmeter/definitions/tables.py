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

    def __init__(
        self,
        *,
        title: str | None = None,
        season: int | None = None,
        aggregates: frozenset[str] = frozenset(),
        restrict: str | None = None,
    ) -> None:
        """Tables whose ``viewing`` holds every session, or only a title's or a season's.

        Args:
            title: Only the sessions of this title.
            season: Only the sessions of this season number.
            aggregates: The pre-aggregations the store holds up to date (see
                :mod:`showmeter.definitions.preaggregates`); metrics whose parameters they
                cover read them (:meth:`aggregate`) instead of the sessions.
            restrict: Only the sessions (and aggregate rows) whose keys are in the unbound
                table of this name: ``(title, season)``, or ``(title, season, account_id)``
                when the name ends in ``_units`` (``(title, season, C)`` when it ends in
                ``_units_C``, C a viewing column) (what a load touched; used to maintain the
                pre-aggregations).
        """
        self._tables: dict[str, ir.Table] = {}
        self._title = title
        self._season = season
        self.aggregates = aggregates
        self._restrict = restrict

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
        if self._title is None and self._season is None and self._restrict is None:
            return self.get("viewing")
        if "viewing/selected" not in self._tables:
            self._tables["viewing/selected"] = self._selected(self.get("viewing"))
        return self._tables["viewing/selected"]

    def _selected(self, rows: ir.Table) -> ir.Table:
        """``rows`` of the title, season and restriction these tables were made for."""
        if self._title is not None:
            rows = rows.filter(rows.title == self._title)
        if self._season is not None:
            rows = rows.filter(rows.season == self._season)
        if self._restrict is not None:
            import ibis

            if "_units" in self._restrict:  # ``…_units`` by account_id, ``…_units_<column>``
                column = self._restrict.partition("_units_")[2] or "account_id"
                keys = {"title": "string", "season": "int32", column: "string"}
                on = ["title", "season", column if column in rows.columns else "unit_id"]
                touched = ibis.table(keys, name=self._restrict)
                if on[2] == "unit_id":
                    touched = touched.rename(unit_id=column)
            else:
                touched = ibis.table({"title": "string", "season": "int32"}, name=self._restrict)
                on = ["title", "season"]
            rows = rows.semi_join(touched, on)
        return rows

    def aggregate(self, name: str, schema: dict[str, str]) -> ir.Table | None:
        """A pre-aggregation the store holds, as an unbound table; None when it has none.

        Args:
            name: The pre-aggregation's table name.
            schema: Its columns and Ibis types.

        Returns:
            Its rows (only the title's or season's, or the restriction's, when the tables
            were made so), or None when :attr:`aggregates` does not list it.
        """
        import ibis

        if name not in self.aggregates:
            return None
        key = f"aggregate/{name}"
        if key not in self._tables:
            self._tables[key] = self._selected(ibis.table(schema, name=name))
        return self._tables[key]

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
