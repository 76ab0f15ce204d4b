"""Netflix titles: read "Show: Season N: Episode Title (Episode K)" and its variants.

Netflix writes what was watched as one string. The common case is
``Breaking Bad: Season 5: Ozymandias (Episode 14)``, but the season may be a ``Series``
(UK), a ``Part``, a ``Volume``, a ``Book``, a ``Limited Series``, a roman numeral
(``Part II``), a number (``Wanderlust: 1: …``), the show's name with a number
(``Stranger Things 4``) or a plain name (``The Americas``); the show's own name may contain
colons (``Criminal: UK``); the ``(Episode K)`` suffix is often missing; and a film may have a
colon too (``Glass Onion: A Knives Out Mystery``).

So a title has several possible readings. :func:`parse_title` lists them, most likely first;
:func:`resolve_title` tries them in turn against the catalog, by names (see
:mod:`showmeter.intake.adapters.names`), and returns the first that names one catalog
episode, or, when none does, the most likely reading and why it failed.

Titles are in the profile's language (``Friends: 8. Sezon: Video (Bölüm 4)``); the words
of every language are in :mod:`~showmeter.intake.adapters.netflix_markers`, which also
normalises Unicode spaces. Rules, in order of preference:

1. A segment after the first that is a *season marker* splits the title: what comes before is
   the show, what comes after is the episode. Markers: a season, part, volume, book or
   collection word and its number in any language Netflix writes (``Season 2``,
   ``8. Sezon``, ``Część 3``, ``Staffel 2 – Teil B``), a whole-season name (``Limited
   Series``, ``Mini Dizi``: season 1), a bare number (``1``, ``1. Name``), and ``<Show> N``
   (``Barbarians II``).
2. Without a marker: the whole title as a film; then ``Show: Season name: Episode``; then
   ``Show: Episode`` (the episode is then looked for in every season of the show).
3. The episode is found by the ``(Word K)`` number, else by its name (also without a
   ``Chapter Nine:`` prefix), else by the number written in its title (``Chapter VIII``,
   ``Episode 6``, ``4. Bölüm``).

The ``(Word K)`` number is authoritative: a title with one resolves to an episode numbered K
or to none. Where the catalog disagrees (its episode of that name has another number; it
labels another season with the title's season marker), :class:`Found` carries a warning or
:class:`Unresolved` a conflict, which the adapters count
(:class:`~showmeter.intake.adapters.netflix_warnings.MarkerWarnings`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from showmeter.intake.adapters.names import CatalogNames, Found
from showmeter.intake.adapters.netflix_markers import (
    clean_title,
    episode_number_in_name,
    parse_number,
    season_number,
    split_episode_suffix,
)

if TYPE_CHECKING:
    from showmeter.catalog.models import Episode, Season, Title

__all__ = [
    "TitleReading",
    "TitleResolver",
    "Unresolved",
    "parse_number",
    "parse_title",
    "resolve_title",
]

MAX_SEGMENTS = 24
"""Titles with more ``: `` segments are read only as split at their first markers."""

_SPLIT = re.compile(r":\s+")


@dataclass(frozen=True)
class TitleReading:
    """One way to read a Netflix title.

    Attributes:
        show: The show's name; the film's, when ``film`` is true.
        film: True when the whole title is read as a film.
        season: The season's number when the title writes one (``Part II`` is 2, a
            ``Limited Series`` is 1); None otherwise.
        season_label: The season as written (``Part II``, ``The Americas``); None when the
            title names no season.
        episode: The number of the ``(Episode K)`` suffix, when present.
        episode_title: The episode as written (``Chapter Nine: The Piggyback``).
    """

    show: str
    film: bool = False
    season: int | None = None
    season_label: str | None = None
    episode: int | None = None
    episode_title: str | None = None

    @property
    def numbered_in_title(self) -> int | None:
        """The number the episode's title writes (``Chapter VIII`` is 8), if any."""
        return episode_number_in_name(self.episode_title or "")[0]

    @property
    def episode_names(self) -> list[str]:
        """Names to look the episode up by: as written, then without a ``Chapter N:`` prefix."""
        if not self.episode_title:
            return []
        rest = episode_number_in_name(self.episode_title)[1]
        return [self.episode_title, *([rest] if rest else [])]

    def as_dict(self) -> dict[str, object]:
        """The reading as plain values, for a quarantine record."""
        if self.film:
            return {"film": self.show}
        return {
            "show": self.show,
            "season": self.season,
            "season_label": self.season_label,
            "episode": self.episode if self.episode is not None else self.numbered_in_title,
            "episode_title": self.episode_title,
        }


def parse_title(raw: str) -> list[TitleReading]:
    """The readings of a Netflix title, most likely first.

    Never raises: any string gives a list, empty only for a blank one.

    Args:
        raw: The title as Netflix wrote it.

    Returns:
        The readings, without repeats.
    """
    text = clean_title(raw)
    if not text:
        return []
    body, episode = split_episode_suffix(text)
    segments = [s.strip() for s in _SPLIT.split(body)] if body else [text]
    readings: list[TitleReading] = []
    marked: set[int] = set()
    for index in range(1, min(len(segments), MAX_SEGMENTS)):
        show = ": ".join(segments[:index])
        season = season_number(segments[index], show)
        if season is None:
            continue
        marked.add(index)
        rest = ": ".join(segments[index + 1 :]) or None
        readings.append(TitleReading(show, False, season, segments[index], episode, rest))
    film = TitleReading(text, film=True)
    if not marked and episode is None:
        readings.append(film)
    last = min(len(segments), MAX_SEGMENTS)
    for index in range(1, last - 1):  # Show: Season name: Episode
        if index not in marked:
            show, label = ": ".join(segments[:index]), segments[index]
            rest = ": ".join(segments[index + 1 :])
            readings.append(TitleReading(show, False, None, label, episode, rest))
    for index in range(1, last):  # Show: Episode, in any season
        show, rest = ": ".join(segments[:index]), ": ".join(segments[index:])
        readings.append(TitleReading(show, False, None, None, episode, rest))
    if marked and episode is None:
        readings.append(film)
    if len(segments) == 1 and episode is not None:  # "Show (Episode 3)"
        readings.append(TitleReading(body or text, False, None, None, episode, None))
    return list(dict.fromkeys(readings))


@dataclass(frozen=True)
class Unresolved:
    """A title that names no catalog episode.

    Attributes:
        reading: The reading that came closest (the most likely one when none came close);
            None for a blank title.
        problem: Why it does not resolve, in words.
        conflict: True when the title's ``(Word K)`` and the catalog disagree: the episode
            its name finds has another number, and the catalog has no episode K there.
    """

    reading: TitleReading | None
    problem: str
    conflict: bool = False

    def as_dict(self) -> dict[str, object]:
        """The parse and the problem, for a quarantine record."""
        record: dict[str, object] = {
            "parsed": self.reading.as_dict() if self.reading else None,
            "problem": self.problem,
        }
        if self.conflict:
            record["conflict"] = "episode_marker"
        return record


_Miss = tuple[int, str, bool]
"""A reading that does not resolve: how far it got, why it stopped, and whether its
``(Word K)`` disagreed with the catalog."""


def resolve_title(names: CatalogNames, raw: str) -> Found | Unresolved:
    """The catalog episode a Netflix title names.

    The ``(Word K)`` number is authoritative: a title that ends with one resolves to an
    episode numbered K or to none, never to another number (an episode found by its name
    with another number is a conflict: loaded as K with a warning when the season has an
    episode K, left unresolved otherwise).

    Args:
        names: The catalog's names.
        raw: The title as Netflix wrote it.

    Returns:
        The episode of the first reading that names exactly one (with a ``warning`` when a
        marker and the catalog disagree), else the closest reading and its problem.
    """
    readings = parse_title(raw)
    if not readings:
        return Unresolved(None, "the title is empty")
    best: tuple[int, Unresolved] | None = None
    for reading in readings:
        outcome = _resolve_reading(names, reading)
        if isinstance(outcome, Found):
            return outcome
        depth, problem, conflict = outcome
        if best is None or depth > best[0]:
            best = (depth, Unresolved(reading, problem, conflict))
    assert best is not None  # readings is not empty
    return best[1]


def _resolve_reading(names: CatalogNames, reading: TitleReading) -> Found | _Miss:
    """Resolve one reading; on failure, how far it got and why it stopped.

    How far: 0 no show, 1 the show (or a reading that names no season), 2 the season.
    """
    if reading.film:
        film = names.film(reading.show)
        return (
            film if film is not None else (0, f"no catalog film is named {reading.show!r}", False)
        )
    titles = names.titles(reading.show, "series")
    if len(titles) != 1:
        count = "no catalog series is" if not titles else f"{len(titles)} catalog series are"
        return 0, f"{count} named {reading.show!r}", False
    title = titles[0]
    chosen = _seasons(names, title, reading)
    if isinstance(chosen, str):
        return 1, chosen, False
    seasons, warning = chosen
    depth = 2 if reading.season is not None or reading.season_label is not None else 1
    only = seasons[0] if len(seasons) == 1 else None
    named = _named(names, seasons, reading)
    if reading.episode is not None:
        return _by_marker(names, title, only, named, reading, warning, depth)
    if named is not None:
        return _warned(names.found(title, *named), warning)
    in_title = reading.numbered_in_title
    by_number = only.episode(in_title) if in_title is not None and only is not None else None
    if by_number is not None and only is not None:
        return _warned(names.found(title, only, by_number), warning)
    return depth, _missing(title, only, reading), False


def _by_marker(
    names: CatalogNames,
    title: Title,
    only: Season | None,
    named: tuple[Season, Episode] | None,
    reading: TitleReading,
    warning: str | None,
    depth: int,
) -> Found | _Miss:
    """Resolve a reading with a ``(Word K)`` number: to an episode numbered K, or to none."""
    number = reading.episode
    if named is not None and named[1].episode == number:
        return _warned(names.found(title, *named), warning)
    numbered = only.episode(number) if only is not None and number is not None else None
    if only is not None and numbered is not None:
        if named is not None:
            warning = (
                f"{title.title!r}: the title says episode {number}, but the catalog's episode "
                f"named {named[1].name!r} is episode {named[1].episode} of season "
                f"{named[0].season}; loaded as episode {number}"
            )
        return _warned(names.found(title, only, numbered), warning)
    if named is not None:
        where = f"season {only.season}" if only is not None else "its seasons"
        return (
            depth,
            (
                f"the title says episode {number}, but {where} of {title.title!r} has no episode "
                f"{number}, and its episode named {named[1].name!r} is episode {named[1].episode} "
                f"of season {named[0].season}; the number in the title wins: add episode {number} "
                "to the catalog or correct the episode's number"
            ),
            True,
        )
    return depth, _missing(title, only, reading), False


def _named(
    names: CatalogNames, seasons: list[Season], reading: TitleReading
) -> tuple[Season, Episode] | None:
    """The one episode of ``seasons`` the reading's episode title names, if any."""
    for name in reading.episode_names:
        named = names.episode_by_name(seasons, name)
        if named is not None:
            return named
    return None


def _warned(found: Found, warning: str | None) -> Found:
    return found if warning is None else replace(found, warning=warning)


def _missing(title: Title, only: Season | None, reading: TitleReading) -> str:
    where = f"season {only.season}" if only is not None else "any season"
    wanted = [f"number {reading.episode}"] if reading.episode is not None else []
    wanted += [f"name {reading.episode_title!r}"] if reading.episode_title else []
    return (
        f"{where} of {title.title!r} has no episode with "
        f"{' or '.join(wanted) or 'a number or a name'}"
    )


def _seasons(
    names: CatalogNames, title: Title, reading: TitleReading
) -> tuple[list[Season], str | None] | str:
    """The seasons a reading points to in ``title`` (and a warning), or why there are none.

    A season number the title writes wins over the catalog's labels; when the catalog labels
    another season with the title's marker, the row is loaded with a warning.
    """
    label = reading.season_label
    labelled = names.season_by_label(title, label) if label is not None else None
    if reading.season is not None:
        numbered = title.season(reading.season)
        if numbered is not None:
            if labelled is not None and labelled.season != numbered.season:
                return [numbered], (
                    f"{title.title!r}: the title says season {reading.season} ({label!r}), but "
                    f"the catalog labels season {labelled.season} {label!r}; loaded as season "
                    f"{reading.season}"
                )
            return [numbered], None
    if labelled is not None:
        if reading.season is not None:
            return [labelled], (
                f"{title.title!r}: the title says season {reading.season} ({label!r}); the "
                f"catalog has no season {reading.season} but labels season {labelled.season} "
                f"so; loaded as season {labelled.season}"
            )
        return [labelled], None
    if label is not None and reading.season is None:
        return f"{title.title!r} has no season labelled {label!r}"
    if reading.season is not None:
        return f"{title.title!r} has no season {reading.season} in the catalog"
    return list(title.seasons), None


class TitleResolver:
    """:func:`resolve_title` with a memory of the titles already resolved.

    An export repeats the same titles many times; each distinct title is parsed once. The
    memory is emptied when it holds :data:`CACHE_SIZE` titles, so it stays bounded.

    Args:
        names: The catalog's names.
    """

    CACHE_SIZE = 65_536

    def __init__(self, names: CatalogNames) -> None:
        self.names = names
        self._known: dict[str, Found | Unresolved] = {}

    def __call__(self, raw: str) -> Found | Unresolved:
        """The catalog episode ``raw`` names, or why it names none."""
        known = self._known.get(raw)
        if known is None:
            if len(self._known) >= self.CACHE_SIZE:
                self._known.clear()
            known = self._known[raw] = resolve_title(self.names, raw)
        return known
