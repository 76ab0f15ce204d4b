"""Group an export's Netflix titles into films and series, with the whole export in view.

A title on its own often has several readings (see
:mod:`~showmeter.intake.adapters.netflix_titles`); the other titles of the same export
settle most of them. :func:`group_titles` chooses one reading per distinct title, for
``catalog draft``:

1. A title with a season marker or a ``(Word K)`` suffix, in any language Netflix writes, is
   an episode of a series, read as :func:`~.netflix_titles.parse_title` reads it first.
2. A title without one is an episode of a series named elsewhere in the export when it
   begins with that series' name (``Show: Episode``, or ``Show: Season name: Episode``).
3. A title ``P: X`` whose prefix ``P`` is itself watched as a film is a film of its own, a
   sequel (``The Mummy: Tomb of the Dragon Emperor`` next to ``The Mummy``): a film never
   takes episodes, and a series and a film of the same name stay two titles.
4. Titles that share all but their last ``: `` part are episodes of one show (the middle
   parts a named season: ``Ancient Apocalypse: The Americas: Chapter VI``).
5. Anything else is a film.

An episode written once with its ``(Word K)`` and once without (the simple export rarely has
one) takes K both times, so both name one catalog episode.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from showmeter.intake.adapters.names import name_key
from showmeter.intake.adapters.netflix_markers import clean_title
from showmeter.intake.adapters.netflix_titles import TitleReading, parse_title

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["group_titles"]

_SPLIT = re.compile(r":\s+")


def group_titles(raws: Iterable[str]) -> dict[str, TitleReading]:
    """The reading of each title of one export.

    Args:
        raws: The export's titles as written, in the order first watched (repeats allowed).

    Returns:
        Each distinct non-blank title -> its reading: a film (``film`` true, ``show`` the
        cleaned title) or an episode of a series.
    """
    chosen: dict[str, TitleReading] = {}
    unmarked: list[str] = []
    for raw in dict.fromkeys(raws):
        readings = parse_title(raw)
        if not readings:
            continue
        if readings[0].film:
            unmarked.append(raw)
        else:
            chosen[raw] = readings[0]
    series = {name_key(r.show) for r in chosen.values()}
    films = {name_key(clean_title(raw)) for raw in unmarked}
    prefixes: dict[str, int] = {}
    for raw in unmarked:
        parts = _parts(raw)
        if len(parts) > 1:
            key = name_key(": ".join(parts[:-1]))
            prefixes[key] = prefixes.get(key, 0) + 1
    for raw in unmarked:
        chosen[raw] = _unmarked(_parts(raw), series, films, prefixes)
        if not chosen[raw].film:
            series.add(name_key(chosen[raw].show))
    return _numbers_shared(chosen)


def _unmarked(
    parts: list[str], series: set[str], films: set[str], prefixes: dict[str, int]
) -> TitleReading:
    """The reading of a title without a marker (rules 2 to 5 of the module)."""
    known = next(
        (n for n in range(len(parts) - 1, 0, -1) if name_key(": ".join(parts[:n])) in series),
        None,
    )
    if known is not None:
        label = parts[known] if len(parts) - known > 1 else None
        episode = ": ".join(parts[known + 1 :] if label else parts[known:])
        return TitleReading(": ".join(parts[:known]), False, None, label, None, episode)
    sequel = any(name_key(": ".join(parts[:n])) in films for n in range(1, len(parts)))
    if not sequel and len(parts) > 1 and prefixes.get(name_key(": ".join(parts[:-1])), 0) > 1:
        label = ": ".join(parts[1:-1]) or None
        return TitleReading(parts[0], False, None, label, None, parts[-1])
    return TitleReading(": ".join(parts), film=True)


def _numbers_shared(chosen: dict[str, TitleReading]) -> dict[str, TitleReading]:
    """Give an episode written without its ``(Word K)`` the K written elsewhere."""
    numbers: dict[tuple[str, str, str], set[int]] = {}
    for reading in chosen.values():
        if not reading.film and reading.episode is not None:
            numbers.setdefault(_episode_key(reading), set()).add(reading.episode)
    for raw, reading in chosen.items():
        if reading.film or reading.episode is not None:
            continue
        known = numbers.get(_episode_key(reading), set())
        if len(known) == 1:
            chosen[raw] = replace(reading, episode=next(iter(known)))
    return chosen


def _episode_key(reading: TitleReading) -> tuple[str, str, str]:
    season = f"#{reading.season}" if reading.season else name_key(reading.season_label or "")
    return name_key(reading.show), season, name_key(reading.episode_title or "")


def _parts(raw: str) -> list[str]:
    return [part.strip() for part in _SPLIT.split(clean_title(raw))]
