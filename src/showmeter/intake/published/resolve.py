"""Which title and season a published figure is: by the catalog, or by the names alone.

With a catalog, a row resolves as the Netflix viewing adapter resolves its rows: the show by
name (or id) among the catalog's series or films, the season by its label, else by the number
the rules of :mod:`~showmeter.intake.published.labels` read. A row that does not resolve is
quarantined (``unresolved_title``) with what was parsed.

Without a catalog, the titles and seasons the files name are added to the store: the title
is the store's title of that name when there is one, else the slug of ``show_title``; the
season is the number the rules read (a row whose season cannot be read is quarantined as
``unreadable_season``). A new title is ``original`` false (the files do not say), of kind
``film`` or ``series`` by its category, in English when its category says ``(English)``; a
new season has no episodes, and the runtime of its latest figure with one (0 without).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from showmeter.intake.adapters.names import CatalogNames, name_key
from showmeter.intake.published.labels import Named, read_season, slug

if TYPE_CHECKING:
    import duckdb

    from showmeter.catalog import Catalog
    from showmeter.intake.published.rows import Figure

__all__ = ["Resolved", "Resolver", "Unresolved"]


@dataclass(frozen=True)
class Resolved:
    """The title and season of a figure."""

    title: str
    season: int


@dataclass(frozen=True)
class Unresolved:
    """Why a figure resolves to no season: its reason, and what was parsed."""

    reason: str
    parsed: dict[str, Any]


class Resolver:
    """Resolves figures, against a catalog or the store's titles.

    Args:
        connection: The store, for the titles it holds already (without a catalog).
        catalog: The catalog, or None.
    """

    def __init__(self, connection: duckdb.DuckDBPyConnection, catalog: Catalog | None) -> None:
        self.catalog = catalog
        self._names = CatalogNames(catalog) if catalog is not None else None
        self._known: dict[tuple[str, str], str] = {}
        self.new_titles: dict[str, dict[str, Any]] = {}
        self.new_seasons: dict[tuple[str, int], dict[str, Any]] = {}
        self._seasons: set[tuple[str, int]] = set()
        if catalog is None:
            for title, name, kind in connection.execute(
                "SELECT title, name, kind FROM titles"
            ).fetchall():
                for key in {name_key(title), name_key(name or title)}:
                    self._known.setdefault((key, kind), title)
            self._seasons = {
                (str(t), int(s))
                for t, s in connection.execute("SELECT title, season FROM seasons").fetchall()
            }

    def resolve(self, figure: Figure) -> Resolved | Unresolved:
        """The season of a figure, or why it has none."""
        if figure.season is not None:
            named = Named(figure.show, slug(figure.show), figure.season, "title")
        else:
            named = read_season(figure.show, figure.season_title, film=figure.film)
        parsed = {"show": named.show, "slug": named.slug, "season": named.season}
        if named.season is None:
            return Unresolved("unreadable_season", {**parsed, "why": named.rule})
        if self._names is not None:
            return self._by_catalog(figure, named, parsed)
        if not named.slug:
            return Unresolved("unreadable_season", {**parsed, "why": "no letter in the name"})
        kind = "film" if figure.film else "series"
        title = self._known.get((name_key(named.show), kind), named.slug)
        self._add(title, kind, named, figure)
        return Resolved(title, named.season)

    def _by_catalog(
        self, figure: Figure, named: Named, parsed: dict[str, Any]
    ) -> Resolved | Unresolved:
        assert self._names is not None
        kind = "film" if figure.film else "series"
        titles = self._names.titles(named.show, kind)
        if len(titles) != 1:
            why = f"{len(titles)} catalog {kind} titles are named {named.show!r}"
            return Unresolved("unresolved_title", {**parsed, "why": why})
        title = titles[0]
        if figure.film:
            return Resolved(title.title, title.seasons[0].season)
        labelled = self._names.season_by_label(title, figure.label) if figure.label else None
        season = labelled or title.season(named.season or 0)
        if season is None:
            why = f"{title.title!r} has no season {named.season} nor one labelled {figure.label!r}"
            return Unresolved("unresolved_title", {**parsed, "why": why})
        return Resolved(title.title, season.season)

    def _add(self, title: str, kind: str, named: Named, figure: Figure) -> None:
        """Remember a title and season the store does not hold yet."""
        assert named.season is not None
        if (name_key(named.show), kind) not in self._known and title not in self.new_titles:
            english = "(english)" in figure.category.casefold()
            self.new_titles[title] = {
                "title": title,
                "name": named.show,
                "kind": kind,
                "original": False,
                "language": "en" if english else None,
                "category": None,
            }
        key = (title, named.season)
        if key in self._seasons:
            return
        season = self.new_seasons.setdefault(
            key,
            {
                "title": title,
                "season": named.season,
                "label": figure.label or None,
                "episodes": 0,
                "runtime_s": 0.0,
                "launch_at": None,
                "_latest": None,
            },
        )
        if figure.runtime_h is None:
            return
        when = figure.week or figure.period_end or date.min
        if season["_latest"] is None or when >= season["_latest"]:
            season["runtime_s"] = figure.runtime_h * 3600
            season["_latest"] = when
