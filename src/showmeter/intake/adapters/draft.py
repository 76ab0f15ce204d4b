"""Draft a catalog from a Netflix export, for the user to check and complete.

``showmeter catalog draft --source netflix ViewingActivity.csv`` lists the shows, seasons and
episodes an export names, as a catalog file (YAML). Each title string is read as
:mod:`~showmeter.intake.adapters.netflix_titles` reads it, with no catalog to choose among
readings, so the draft marks with ``# check`` every guess:

- titles are grouped into films and series as :mod:`~.netflix_groups` says: season markers
  and ``(Word K)`` suffixes in every language Netflix writes; a title without a marker is a
  film unless it begins with a series found elsewhere in the export or other titles share
  all of it but its last ``: `` part; a film never takes episodes (``The Mummy: Tomb of the
  Dragon Emperor`` stays a film of its own next to ``The Mummy``);
- a season named but not numbered (``The Americas``) gets the next free number;
- an episode without ``(Episode K)`` takes the number its name writes (``Chapter VIII``),
  else the next free number in the order the episodes were first watched;
- a runtime is estimated from the largest bookmark seen (``netflix`` only): at most the true
  runtime, as a viewer rarely stops at the very end; with no bookmark it is left for the
  user to fill in (the catalog does not load until every runtime is given).

Supplemental videos (trailers, hooks) are skipped. Launches and availability are left for
the user to add.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from showmeter.errors import UsageError
from showmeter.intake import encoding
from showmeter.intake.adapters import files, netflix
from showmeter.intake.adapters.names import name_key
from showmeter.intake.adapters.netflix_groups import group_titles

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from showmeter.intake.adapters.netflix_titles import TitleReading

__all__ = ["SOURCES", "draft_catalog"]

SOURCES = ("netflix", "netflix-simple")
"""The sources a catalog can be drafted from."""


@dataclass
class _Sighting:
    """What the export says of one title string: when first watched, the largest bookmark."""

    first: int
    bookmark: int = 0


@dataclass
class _Episode:
    number: int | None
    name: str | None
    first: int
    bookmark: int = 0
    note: str = ""


@dataclass
class _Season:
    number: int | None
    label: str | None
    first: int
    assumed: bool = False
    episodes: dict[str, _Episode] = field(default_factory=dict)


@dataclass
class _Show:
    name: str
    first: int
    film: bool = False
    bookmark: int = 0
    seasons: dict[str, _Season] = field(default_factory=dict)


def draft_catalog(source: str, path: Path) -> str:
    """A catalog skeleton from an export.

    Args:
        source: ``netflix`` (``ViewingActivity.csv``) or ``netflix-simple``
            (``NetflixViewingHistory.csv``).
        path: The export file.

    Returns:
        The catalog as YAML text, with comments marking guesses and estimates.

    Raises:
        UsageError: The source is not one a catalog can be drafted from.
        InputError: The file cannot be read or lacks a required column.
    """
    if source not in SOURCES:
        raise UsageError(
            f"cannot draft a catalog from --source {source}",
            expected=f"one of {', '.join(SOURCES)}",
            remedy="Other sources number their seasons and episodes; write their catalog "
            "from the shows' episode lists.",
        )
    sightings: dict[str, _Sighting] = {}
    for order, (title, bookmark) in enumerate(_titles(source, path)):
        seen = sightings.setdefault(title, _Sighting(first=order))
        seen.bookmark = max(seen.bookmark, bookmark)
    shows = _shows(sightings)
    return _render(shows, source, path.name)


def _titles(source: str, path: Path) -> Iterator[tuple[str, int]]:
    """``(title, bookmark seconds)`` of every viewing row, earliest first."""
    required = netflix.REQUIRED if source == "netflix" else ("Title", "Date")
    rows: list[tuple[str, str, int]] = []
    with files.TextSource(path) as text:
        records = files.records(text)
        names = files.header(records, path, required, "Check the file and the --source.")
        for _line, fields in records:
            if len(fields) != len(names) or any(encoding.has_mark(f) for f in fields):
                continue  # ingest quarantines the row (malformed_row, invalid_utf8)
            row = dict(zip(names, fields, strict=True))
            if source == "netflix" and netflix.is_supplemental(row):
                continue
            bookmark = netflix.clock_seconds(row.get("Bookmark"))
            started = row.get("Start Time") or ""
            rows.append((started, row["Title"], bookmark if isinstance(bookmark, int) else 0))
    # exports list the newest first: a stable sort by start time (or the reversed file order)
    rows.reverse()
    rows.sort(key=lambda r: r[0])
    for _started, title, bookmark in rows:
        yield title, bookmark


def _shows(sightings: dict[str, _Sighting]) -> dict[str, _Show]:
    """Group the title strings into shows, seasons and episodes (see :mod:`.netflix_groups`).

    Films are kept apart from series (``film:`` keys), so a film never takes a series' or a
    sequel's episodes.
    """
    shows: dict[str, _Show] = {}
    ordered = sorted(sightings.items(), key=lambda item: item[1].first)
    readings = group_titles(raw for raw, _seen in ordered)
    for raw, seen in ordered:
        reading = readings.get(raw)
        if reading is None:
            continue
        if reading.film:
            key = f"film:{_key(reading.show)}"
            film = shows.setdefault(key, _Show(reading.show, seen.first, True))
            film.bookmark = max(film.bookmark, seen.bookmark)
        else:
            _add(shows, reading, seen)
    return shows


def _add(shows: dict[str, _Show], reading: TitleReading, seen: _Sighting) -> None:
    show = shows.setdefault(_key(reading.show), _Show(reading.show, seen.first))
    season_key = f"#{reading.season}" if reading.season else _key(reading.season_label or "") or "#"
    season = show.seasons.setdefault(
        season_key, _Season(reading.season or None, reading.season_label, seen.first)
    )
    number, note = reading.episode, ""
    if number is None and reading.numbered_in_title is not None:
        number, note = reading.numbered_in_title, "number from the title's name: check"
    episode_key = f"#{number}" if number else _key(reading.episode_title or "")
    episode = season.episodes.setdefault(
        episode_key, _Episode(number or None, reading.episode_title, seen.first, note=note)
    )
    episode.bookmark = max(episode.bookmark, seen.bookmark)


def _key(name: str) -> str:
    return name_key(name)


def _render(shows: dict[str, _Show], source: str, file: str) -> str:
    lines = [
        f"# showmeter catalog, drafted from {file} (--source {source}).",
        "# Check every line marked `check`. Runtimes marked `estimate` are the largest",
        "# bookmark seen (at most the true runtime); fill in the missing ones. Add each",
        "# season's launches (and availability) before computing launch metrics.",
        "titles:",
    ]
    ids: set[str] = set()
    for show in sorted(shows.values(), key=lambda s: s.name.casefold()):
        title_id = _unique(_slug(show.name), ids)
        lines += [f"  - title: {title_id}", f"    name: {_quote(show.name)}"]
        if show.film:
            lines += ["    kind: film  # check: read as a film", "    seasons:"]
            lines += ["      - season: 0", "        episodes:"]
            lines.append(_episode_line(_Episode(1, None, show.first, show.bookmark)))
            continue
        lines.append("    seasons:")
        for season in _numbered_seasons(show):
            note = "  # check: number assumed" if season.assumed else ""
            lines.append(f"      - season: {season.number}{note}")
            if season.label:
                lines.append(f"        label: {_quote(season.label)}")
            lines.append("        episodes:")
            lines += [_episode_line(e) for e in _numbered_episodes(season)]
    return "\n".join(lines) + "\n"


def _numbered_seasons(show: _Show) -> list[_Season]:
    seasons = sorted(show.seasons.values(), key=lambda s: s.first)
    taken = {s.number for s in seasons if s.number}
    for season in seasons:
        if not season.number:
            season.number, season.assumed = _next_free(taken), True
            taken.add(season.number)
    return sorted(seasons, key=lambda s: s.number or 0)


def _numbered_episodes(season: _Season) -> list[_Episode]:
    episodes = sorted(season.episodes.values(), key=lambda e: e.first)
    taken = {e.number for e in episodes if e.number}
    for episode in episodes:
        if not episode.number:
            episode.number = _next_free(taken)
            episode.note = "number in the order first watched: check"
            taken.add(episode.number)
    return sorted(episodes, key=lambda e: e.number or 0)


def _episode_line(episode: _Episode) -> str:
    fields = [f"episode: {episode.number}"]
    if episode.name:
        fields.append(f"name: {_quote(episode.name)}")
    notes = [episode.note] if episode.note else []
    if episode.bookmark > 0:
        fields.append(f"runtime: {_quote(_clock(episode.bookmark))}")
        notes.append("runtime: estimate")
    else:
        notes.append("runtime: unknown, fill in")
    return f"          - {{{', '.join(fields)}}}  # " + "; ".join(notes)


def _next_free(taken: set[int]) -> int:
    number = 1
    while number in taken:
        number += 1
    return number


def _clock(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "title"


def _unique(slug: str, ids: set[str]) -> str:
    candidate, n = slug, 1
    while candidate in ids:
        n += 1
        candidate = f"{slug}-{n}"
    ids.add(candidate)
    return candidate
