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

Rules, in order of preference:

1. A segment after the first that is a *season marker* splits the title: what comes before is
   the show, what comes after is the episode. Markers: ``Season|Series|Part|Volume|Vol.|
   Book|Staffel|Temporada|Saison|Stagione|Seizoen|Teil|Parte N`` (N in digits, roman
   numerals or words, optionally followed by ``– Teil B``), ``Limited Series``,
   ``Miniseries``, ``The Complete Series`` (season 1), a bare number (``1``, ``1. Name``),
   and ``<Show> N`` (``Barbarians II``).
2. Without a marker: the whole title as a film; then ``Show: Season name: Episode``; then
   ``Show: Episode`` (the episode is then looked for in every season of the show).
3. The episode is found by the ``(Episode K)`` number, else by its name (also without a
   ``Chapter Nine:`` prefix), else by the number written in its title (``Chapter VIII``,
   ``Episode 6``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from showmeter.intake.adapters.names import CatalogNames, Found

if TYPE_CHECKING:
    from showmeter.catalog.models import Season, Title

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

_NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_ROMAN = re.compile(r"^(?=[MDCLXVI])M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}

_SEASON_WORDS = (
    r"Season|Series|Part|Volume|Vol\.|Book|Staffel|Temporada|Saison|Stagione|Seizoen|Teil|Parte"
)
_SEASON = re.compile(rf"^(?:{_SEASON_WORDS})\s+(?P<n>[^\s,–—-]+)(?:\s*[-–—,(].*)?$", re.I)
_WHOLE_SEASON = re.compile(
    r"^(?:Limited(?: Edition)? Series|Limited|Mini-?\s?Series|Miniserie|"
    r"(?:The )?Complete Series)$",
    re.I,
)
_BARE_NUMBER = re.compile(r"^(?P<n>\d{1,3})(?:\.\s+.*)?$")
_EPISODE_SUFFIX = re.compile(r"\s*\((?:Episode|Folge|Épisode|Episodio)\s+(?P<n>\d{1,4})\)$", re.I)
_EPISODE_WORD = re.compile(
    r"^(?:Episode|Chapter|Ep\.?|Folge|Capítulo|Chapitre|Episodio|Épisode)\s+(?P<n>[^\s:]+)"
    r"(?::\s+(?P<rest>.+))?$",
    re.I,
)
_SPLIT = re.compile(r":\s+")


def parse_number(token: str) -> int | None:
    """A number written in digits (``01``), roman numerals (``VIII``) or words (``Nine``).

    Args:
        token: The number as written.

    Returns:
        Its value, or None when the token is not a number from 0 to 9999.
    """
    token = token.strip().rstrip(".")
    if token.isascii() and token.isdigit():
        value = int(token)
        return value if value < 10_000 else None
    if _ROMAN.match(token):
        total = 0
        for symbol, following in zip(token, [*token[1:], ""], strict=True):
            value = _ROMAN_VALUES[symbol]
            total += -value if following and _ROMAN_VALUES[following] > value else value
        return total
    return _NUMBER_WORDS.get(token.casefold())


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
        match = _EPISODE_WORD.match(self.episode_title or "")
        return parse_number(match["n"]) if match else None

    @property
    def episode_names(self) -> list[str]:
        """Names to look the episode up by: as written, then without a ``Chapter N:`` prefix."""
        if not self.episode_title:
            return []
        match = _EPISODE_WORD.match(self.episode_title)
        rest = match["rest"] if match and match["rest"] else None
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
    text = " ".join(raw.split())
    if not text:
        return []
    suffix = _EPISODE_SUFFIX.search(text)
    episode = int(suffix["n"]) if suffix else None
    body = text[: suffix.start()].strip() if suffix else text
    segments = [s.strip() for s in _SPLIT.split(body)] if body else [text]
    readings: list[TitleReading] = []
    marked: set[int] = set()
    for index in range(1, min(len(segments), MAX_SEGMENTS)):
        show = ": ".join(segments[:index])
        season = _season_marker(segments[index], show)
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


def _season_marker(segment: str, show: str) -> int | None:
    """The season number a segment names, or None when it is not a season marker."""
    if _WHOLE_SEASON.match(segment):
        return 1
    for pattern in (_SEASON, _BARE_NUMBER):
        match = pattern.match(segment)
        if match:
            return parse_number(match["n"])
    if segment.casefold().startswith(show.casefold() + " "):
        return parse_number(segment[len(show) + 1 :])
    return None


@dataclass(frozen=True)
class Unresolved:
    """A title that names no catalog episode.

    Attributes:
        reading: The reading that came closest (the most likely one when none came close);
            None for a blank title.
        problem: Why it does not resolve, in words.
    """

    reading: TitleReading | None
    problem: str

    def as_dict(self) -> dict[str, object]:
        """The parse and the problem, for a quarantine record."""
        return {
            "parsed": self.reading.as_dict() if self.reading else None,
            "problem": self.problem,
        }


def resolve_title(names: CatalogNames, raw: str) -> Found | Unresolved:
    """The catalog episode a Netflix title names.

    Args:
        names: The catalog's names.
        raw: The title as Netflix wrote it.

    Returns:
        The episode of the first reading that names exactly one, else the closest reading and
        its problem.
    """
    readings = parse_title(raw)
    if not readings:
        return Unresolved(None, "the title is empty")
    best: tuple[int, Unresolved] | None = None
    for reading in readings:
        outcome = _resolve_reading(names, reading)
        if isinstance(outcome, Found):
            return outcome
        depth, problem = outcome
        if best is None or depth > best[0]:
            best = (depth, Unresolved(reading, problem))
    assert best is not None  # readings is not empty
    return best[1]


def _resolve_reading(names: CatalogNames, reading: TitleReading) -> Found | tuple[int, str]:
    """Resolve one reading; on failure, how far it got and why it stopped.

    How far: 0 no show, 1 the show (or a reading that names no season), 2 the season.
    """
    if reading.film:
        film = names.film(reading.show)
        return film if film is not None else (0, f"no catalog film is named {reading.show!r}")
    titles = names.titles(reading.show, "series")
    if len(titles) != 1:
        count = "no catalog series is" if not titles else f"{len(titles)} catalog series are"
        return 0, f"{count} named {reading.show!r}"
    title = titles[0]
    seasons = _seasons(names, title, reading)
    if isinstance(seasons, str):
        return 1, seasons
    only = seasons[0] if len(seasons) == 1 else None
    if reading.episode is not None and only is not None:
        numbered = only.episode(reading.episode)
        if numbered is not None:
            return names.found(title, only, numbered)
    for name in reading.episode_names:
        named = names.episode_by_name(seasons, name)
        if named is not None:
            return names.found(title, *named)
    in_title = reading.numbered_in_title
    by_number = only.episode(in_title) if in_title is not None and only is not None else None
    if by_number is not None and only is not None:
        return names.found(title, only, by_number)
    where = f"season {only.season}" if only is not None else "any season"
    wanted = [f"number {reading.episode}"] if reading.episode is not None else []
    wanted += [f"name {reading.episode_title!r}"] if reading.episode_title else []
    named_season = reading.season is not None or reading.season_label is not None
    return 2 if named_season else 1, (
        f"{where} of {title.title!r} has no episode with "
        f"{' or '.join(wanted) or 'a number or a name'}"
    )


def _seasons(names: CatalogNames, title: Title, reading: TitleReading) -> list[Season] | str:
    """The seasons a reading points to in ``title``, or why there are none."""
    if reading.season is not None:
        numbered = title.season(reading.season)
        if numbered is not None:
            return [numbered]
    if reading.season_label is not None:
        labelled = names.season_by_label(title, reading.season_label)
        if labelled is not None:
            return [labelled]
        if reading.season is None:
            return f"{title.title!r} has no season labelled {reading.season_label!r}"
    if reading.season is not None:
        return f"{title.title!r} has no season {reading.season} in the catalog"
    return list(title.seasons)


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
