"""Titles and season numbers from the names Netflix publishes.

Netflix names a season in words: ``show_title`` is the show (``Stranger Things``) and
``season_title`` the season as marketed (``Stranger Things 4``, ``Bridgerton: Season 3``,
``Money Heist: Part 5``, ``Beef: Limited Series``, ``N/A``). The engagement reports write both
in one ``Title`` (``Squid Game: Season 1 // 오징어 게임: 시즌 1``). The rules, in order:

1. A name's original-language form after `` // `` is left out (it stays in the label).
2. A film (a ``Films`` category or the ``Film`` sheet) is season 0, whatever its label.
3. ``N/A`` or an empty season title: season 1 (Netflix writes ``N/A`` for the first season of
   some series and for specials; a catalog tells them apart).
4. The suffix is what follows ``<show>:`` (or the last ``:``), else the whole label.
5. ``Season N`` or ``Series N`` anywhere in the suffix: N.
6. ``Limited Series``, ``Miniseries``, ``Mini-Series``: 1.
7. ``Part N``, ``Volume N``, ``Vol. N`` (N in digits, Roman numerals or words to ten): N.
8. ``<Show> N`` (``Stranger Things 2``) or a bare number: N.
9. A date ``Month D, YYYY`` (a live title, listed once per weekly episode, such as
   ``WWE Raw: June 16, 2025``): season YYYY, so every episode of a year is one season.
10. Anything else cannot be read: the row is quarantined (``unreadable_season``) with what
    was parsed.

A title's id is the :func:`slug` of its show name: lower case, accents removed, apostrophes
dropped, every other run of non-letters a hyphen (``Marvel's Daredevil`` → ``marvels-daredevil``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Named", "original_stripped", "read_season", "slug", "split_title"]

NOT_AVAILABLE = "N/A"

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_ROMAN = {
    "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
}  # fmt: skip
_NUMBER = r"(\d+|[ivx]+|one|two|three|four|five|six|seven|eight|nine|ten)"
_SEASON = re.compile(rf"\b(?:season|series)\s+{_NUMBER}\b", re.IGNORECASE)
_LIMITED = re.compile(r"^\s*(?:limited\s+series|mini-?series)\s*$", re.IGNORECASE)
_PART = re.compile(rf"^\s*(?:part|volume|vol\.)\s+{_NUMBER}\s*$", re.IGNORECASE)
_BARE = re.compile(r"^\s*(\d+)\s*$")
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DATE = re.compile(rf"\b(?:{_MONTHS})\s+\d{{1,2}},\s+(\d{{4}})\b", re.IGNORECASE)


@dataclass(frozen=True)
class Named:
    """A season as read from published names.

    Attributes:
        show: The show's name, without its original-language form.
        slug: The title id made from it.
        season: The season's number (0 for a film), or None when it cannot be read.
        rule: The rule that read it (``film``, ``n/a``, ``season``, ``limited``, ``part``,
            ``numbered``, ``live``), or why it could not be read.
    """

    show: str
    slug: str
    season: int | None
    rule: str


def original_stripped(name: str) -> str:
    """A name without the original-language form Netflix appends after `` // ``."""
    return name.split(" // ", 1)[0].strip()


def slug(name: str) -> str:
    """The title id of a show's name.

    Args:
        name: The name as published.

    Returns:
        ``"Love, Death & Robots"`` gives ``"love-death-and-robots"``; letters of other
        scripts are kept (``"오징어 게임"`` gives ``"오징어-게임"``).
    """
    text = unicodedata.normalize("NFKD", original_stripped(name).replace("&", " and "))
    text = "".join(c for c in text if not unicodedata.combining(c) and c not in "'’‘`")
    text = unicodedata.normalize("NFC", text)  # Hangul and other scripts recomposed
    out = re.sub(r"[^\w]+|_+", "-", text.casefold())
    return out.strip("-")


def _number(text: str) -> int:
    lowered = text.lower()
    if lowered.isdigit():
        return int(lowered)
    return _WORDS.get(lowered) or _ROMAN[lowered]


def read_season(show_title: str, season_title: str | None, *, film: bool) -> Named:
    """The season that a ``show_title`` and a ``season_title`` name (see the module's rules).

    Args:
        show_title: The show's name as published.
        season_title: The season's name as published (``N/A`` or empty: none).
        film: Whether the row is a film's.

    Returns:
        The show, its slug and the season number (None with the reason when unreadable).
    """
    show = original_stripped(show_title)
    name = slug(show)
    label = original_stripped(season_title or "")
    if film:
        return Named(show, name, 0, "film")
    if not label or label.upper() == NOT_AVAILABLE:
        return Named(show, name, 1, "n/a")
    suffix = label
    if label.casefold().startswith(show.casefold() + ":"):
        suffix = label[len(show) + 1 :]
    elif ":" in label:
        suffix = label.rsplit(":", 1)[1]
    found = _season_of(suffix)
    if found is None and label.casefold().startswith(show.casefold() + " "):
        found = _season_of(label[len(show) :], numbered=True)
    if found is None:
        found = _season_of(label, numbered=False)
    if found is None:
        return Named(show, name, None, f"no season number in {label!r} (suffix {suffix.strip()!r})")
    return Named(show, name, found[0], found[1])


def _season_of(text: str, *, numbered: bool = True) -> tuple[int, str] | None:
    """The season number a suffix names, and the rule that read it."""
    for pattern, rule in ((_SEASON, "season"), (_PART, "part")):
        match = pattern.search(text)
        if match:
            return _number(match.group(1)), rule
    if _LIMITED.match(text):
        return 1, "limited"
    if numbered and (match := _BARE.match(text)):
        return int(match.group(1)), "numbered"
    if match := _DATE.search(text):
        return int(match.group(1)), "live"
    return None


def split_title(title: str, *, film: bool | None) -> tuple[str, Named]:
    """The show and season of an engagement report's ``Title``.

    ``Squid Game: Season 1 // 오징어 게임: 시즌 1`` is season 1 of ``Squid Game``: the title is
    cut at the last ``:`` after which the rules read a season. Without one, a film's title is
    the show (season 0) and a series' title is season 1 (the ``N/A`` rule).

    Args:
        title: The ``Title`` as published.
        film: Whether the sheet holds films (``Film``), series (``TV``), or both (None: a
            title is a series' season when a season can be read from it, else a film).

    Returns:
        ``(category, named)``: ``Film`` or ``TV`` and the season read.
    """
    name = original_stripped(title)
    if film is not True:
        cuts = [m.start() for m in re.finditer(":", name)]
        for cut in reversed(cuts):
            show, suffix = name[:cut].strip(), name[cut + 1 :]
            found = _season_of(suffix)
            if show and found is not None:
                return "TV", Named(show, slug(show), found[0], found[1])
    if film is None or film:
        return "Film", Named(name, slug(name), 0, "film")
    return "TV", Named(name, slug(name), 1, "n/a")
