"""Find catalog titles, seasons and episodes by the names other tools write.

Other tools name what was watched in words ("Marvel's The Defenders", "Limited Series",
"The H Word"); the catalog names them too (:attr:`Title.name`, :attr:`Season.label`,
:attr:`Episode.name`). Names are compared by their :func:`name_key`: without case, accents,
spaces or punctuation, with ``&`` read as ``and``. A title is also found by its id, so
``the-defenders`` finds the title whose id it is.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Iterable

    from showmeter.catalog.models import Catalog, Episode, Season, Title

__all__ = ["CatalogNames", "Found", "name_key"]

_T = TypeVar("_T")


@functools.lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """The form in which two names are compared.

    Kept for the last 65,536 names asked: an export and its catalog ask for the same names
    many times over.

    Args:
        text: A name as written.

    Returns:
        The name in lower case, without accents, spaces or punctuation, ``&`` as ``and``:
        ``"Love, Death & Robots"`` gives ``"lovedeathandrobots"``.
    """
    decomposed = unicodedata.normalize("NFKD", text.replace("&", " and "))
    return "".join(filter(str.isalnum, decomposed.casefold()))


@dataclass(frozen=True)
class Found:
    """A catalog episode that a row was resolved to.

    Attributes:
        title: The title's id.
        season: The season's number (0 for a film).
        episode: The episode's number.
        runtime_s: The episode's runtime in seconds.
        warning: Set when the row's own markers and the catalog disagreed on the way (the
            row is loaded as its markers say; see
            :class:`~showmeter.intake.adapters.netflix_warnings.MarkerWarnings`).
    """

    title: str
    season: int
    episode: int
    runtime_s: float
    warning: str | None = None


class CatalogNames:
    """The catalog's titles, seasons and episodes by name.

    Args:
        catalog: The catalog.
    """

    def __init__(self, catalog: Catalog) -> None:
        self._titles: dict[str, list[Title]] = {}
        for title in catalog.titles:
            for name in {title.title, title.name or title.title}:
                listed = self._titles.setdefault(name_key(name), [])
                if title not in listed:
                    listed.append(title)

    def titles(self, name: str, kind: str) -> list[Title]:
        """The titles of a kind (``series`` or ``film``) named ``name`` (or with that id)."""
        return [t for t in self._titles.get(name_key(name), []) if t.kind == kind]

    @staticmethod
    def season_by_label(title: Title, label: str) -> Season | None:
        """The season of ``title`` whose label is ``label``, when exactly one is."""
        key = name_key(label)
        return _only(s for s in title.seasons if s.label and name_key(s.label) == key)

    @staticmethod
    def episode_by_name(seasons: Iterable[Season], name: str) -> tuple[Season, Episode] | None:
        """The one episode of ``seasons`` named ``name``, with its season; None if not one."""
        key = name_key(name)
        if not key:
            return None
        return _only(
            (season, episode)
            for season in seasons
            for episode in season.episodes
            if episode.name and name_key(episode.name) == key
        )

    @staticmethod
    def found(title: Title, season: Season, episode: Episode) -> Found:
        """The :class:`Found` of a catalog episode."""
        return Found(title.title, season.season, episode.episode, episode.runtime_s)

    def film(self, name: str) -> Found | None:
        """The film named ``name``: its one season and its first episode."""
        films = self.titles(name, "film")
        if len(films) != 1:
            return None
        season = films[0].seasons[0]
        return self.found(films[0], season, season.episodes[0])

    def episode(
        self, show: str, season: int, episode: int | None, episode_name: str | None = None
    ) -> Found | str:
        """An episode by show name and numbers, else by its name within the season.

        Args:
            show: The show's name (or id).
            season: The season's number.
            episode: The episode's number, when known (0 or None: unknown).
            episode_name: The episode's name, used when the number is unknown or absent.

        Returns:
            The episode found, or why none was.
        """
        titles = self.titles(show, "series")
        if len(titles) != 1:
            return _no_title(show, len(titles))
        title = titles[0]
        found_season = title.season(season) if season else None
        if found_season is None and season:
            return f"{title.title!r} has no season {season} in the catalog"
        seasons = [found_season] if found_season is not None else list(title.seasons)
        if episode and found_season is not None:
            numbered = found_season.episode(episode)
            if numbered is not None:
                return self.found(title, found_season, numbered)
        if episode_name:
            named = self.episode_by_name(seasons, episode_name)
            if named is not None:
                return self.found(title, named[0], named[1])
        where = f"season {season} of {title.title!r}" if season else repr(title.title)
        wanted = [f"number {episode}"] if episode else []
        wanted += [f"name {episode_name!r}"] if episode_name else []
        return f"{where} has no episode with {' or '.join(wanted) or 'a number or a name'}"


def _no_title(name: str, count: int) -> str:
    if count == 0:
        return f"no catalog title is named {name!r}"
    return f"{count} catalog titles are named {name!r}"


def _only(items: Iterable[_T]) -> _T | None:
    """The one item of ``items``, or None when there are none or several."""
    found: list[_T] = []
    for item in items:
        found.append(item)
        if len(found) > 1:
            return None
    return found[0] if found else None
