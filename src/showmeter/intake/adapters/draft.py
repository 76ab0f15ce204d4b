"""Draft a catalog from a viewing export, so that the export loads with it unedited.

``showmeter catalog draft --source SOURCE FILE`` lists the shows, seasons and episodes an
export names as a catalog file (YAML, :mod:`~showmeter.intake.adapters.draft_model`) that
loads as it is, and with which every title of the same file resolves. ``FILE`` may be a
folder or a glob of exports, expanded as ``ingest`` expands it (hidden files skipped): the
draft is then one catalog with which every title of every file resolves.

- **Netflix** (``netflix``, ``netflix-simple``): each title string is read as
  :mod:`~showmeter.intake.adapters.netflix_groups` groups them (season markers and ``(Word
  K)`` suffixes in every language Netflix writes), and every guess is marked ``# check``: a
  title without a season marker is a film, unless other titles share all of it but its last
  ``: `` part (then it is a show) or it begins with a series found elsewhere in the export; a
  film never takes episodes (``The Mummy: Tomb of the Dragon Emperor`` stays a film of its own
  next to ``The Mummy``); a season named but not numbered gets the next free
  number; an episode without ``(Episode K)`` takes the number its name writes
  (``Chapter VIII``), else the next free number in the order first watched. Supplemental
  videos (trailers, hooks) are skipped.
- **Tautulli, Jellyfin, Trakt**: the show, the season and episode numbers and names as the
  source's own adapter reads them (:mod:`~showmeter.intake.adapters.draft_sources`).

Every runtime is estimated (:mod:`~showmeter.intake.adapters.draft_estimate`) and marked
``runtime_origin: "estimate"``. The draft then **checks itself**: every title of the file is
resolved against the drafted catalog as ``ingest`` resolves it; a title that names no episode
is added as a film of its whole name (marked ``# check``), and the check runs again. Launches
and availability are left for ``catalog enrich`` or the user.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from showmeter.errors import UsageError
from showmeter.intake import encoding
from showmeter.intake.adapters import files, netflix
from showmeter.intake.adapters.draft_model import Draft, document, render
from showmeter.intake.adapters.draft_sources import STRUCTURED, collect, unresolved_records
from showmeter.intake.adapters.names import CatalogNames
from showmeter.intake.adapters.netflix_groups import group_titles
from showmeter.intake.adapters.netflix_titles import TitleReading, Unresolved, resolve_title

if TYPE_CHECKING:
    from pathlib import Path

    from showmeter.catalog import Catalog

__all__ = ["SOURCES", "draft_catalog"]

NETFLIX = ("netflix", "netflix-simple")
SOURCES = (*NETFLIX, *STRUCTURED)
"""The sources a catalog can be drafted from."""

ROUNDS = 3
"""How many times the draft checks itself and adds what did not resolve."""

_FALLBACK = "this title could not be read as an episode of a drafted series"


@dataclass
class _Sighting:
    """What the export says of one title string: when first watched, the largest position."""

    first: int
    position: float | None = None


def draft_catalog(source: str, path: Path) -> str:
    """A catalog from an export, with which every title of the export resolves.

    Args:
        source: One of :data:`SOURCES`.
        path: The export file (or database, page, archive), or a folder or glob of them,
            expanded as ``ingest`` expands it (hidden files skipped): one catalog for all.

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
            remedy="Published figures (netflix-top10, netflix-engagement) need no catalog; "
            "for a canonical file, write the catalog from the shows' episode lists.",
        )
    if source in NETFLIX:
        sightings = _sightings(source, path)
        draft = _netflix_draft(sightings)
        return _checked_netflix(draft, sightings, source, _named(path))
    draft = collect(source, path)
    return _checked_structured(draft, source, path)


def _checked_netflix(draft: Draft, sightings: dict[str, _Sighting], source: str, file: str) -> str:
    for _ in range(ROUNDS):
        names = CatalogNames(_catalog(draft, file))
        failed = [raw for raw in sightings if isinstance(resolve_title(names, raw), Unresolved)]
        if not failed:
            return render(draft, source, file)
        for raw in failed:
            draft.film(raw, sightings[raw].first, _FALLBACK).saw(sightings[raw].position)
    names = CatalogNames(_catalog(draft, file))
    left = sum(1 for raw in sightings if isinstance(resolve_title(names, raw), Unresolved))
    return render(draft, source, file, left)


def _checked_structured(draft: Draft, source: str, path: Path) -> str:
    """The draft, mended where rows of its file still do not resolve against it.

    Such a row is never added as a film (see
    :mod:`~showmeter.intake.adapters.draft_sources`); rows naming nothing a catalog can hold
    are counted apart in the header.
    """
    name = _named(path)
    left = unresolved_records(source, path, _catalog(draft, name))
    for _ in range(ROUNDS):
        if not left or not [record for record in left if record.mend(draft)]:
            break
        left = unresolved_records(source, path, _catalog(draft, name))
    unheld = sum(1 for record in left if not record.add_to(Draft()))
    return render(draft, source, name, len(left) - unheld, unheld)


def _named(path: Path) -> str:
    """The export's name in the draft's header: a folder's ends with ``/``, a glob is whole."""
    if any(mark in str(path) for mark in "*?["):
        return str(path)
    return f"{path.name}/" if path.is_dir() else path.name


def _catalog(draft: Draft, file: str) -> Catalog:
    """The catalog the draft's text loads as, built from the same document (no YAML read)."""
    from showmeter.catalog.validation import validate

    return validate(document(draft), file)


def _sightings(source: str, path: Path) -> dict[str, _Sighting]:
    """Every title string of a Netflix export, earliest first, with its largest position.

    ``path`` may name a folder or a glob of exports, expanded as ``ingest`` expands it (hidden
    files skipped): their title strings are drafted together. Only positions that say
    something of the runtime count: not those of supplemental videos (skipped altogether) nor
    of autoplays nobody interacted with (drafted, but their position ignored);
    :func:`~showmeter.intake.adapters.draft_estimate.estimate_runtime` ignores positions
    under 5 minutes.
    """
    from showmeter.intake import adapters

    rows: list[tuple[str, str, float | None]] = []
    for file in adapters.get(source).expand(path):
        rows.extend(_rows(source, file))
    rows.sort(key=lambda r: r[0])  # stable: by start time, else in each file's reversed order
    sightings: dict[str, _Sighting] = {}
    for order, (_started, title, position) in enumerate(rows):
        if not title.strip():
            continue
        seen = sightings.setdefault(title, _Sighting(first=order))
        if position is not None and (seen.position is None or position > seen.position):
            seen.position = position
    return sightings


def _rows(source: str, path: Path) -> list[tuple[str, str, float | None]]:
    """One export's rows as ``(start time, title, position)``, oldest first.

    Oldest first by the file's order reversed (exports list the newest first), but for a simple
    export whose dates run forward down the file (:func:`_oldest_first`): by date, and within
    one date bottom up, as Netflix lists a day's rows (a file re-sorted by date in a
    spreadsheet keeps that order within a day).
    """
    required = netflix.REQUIRED if source == "netflix" else ("Title", "Date")
    rows: list[tuple[str, str, float | None]] = []
    dates: list[tuple[int, str]] = []
    lines: list[int] = []
    with files.TextSource(path) as text:
        records = files.records(text)
        names = files.header(records, path, required, "Check the file and the --source.")
        for line, fields in records:
            if len(fields) != len(names) or any(encoding.has_mark(f) for f in fields):
                continue  # ingest quarantines the row (malformed_row, invalid_utf8)
            row = dict(zip(names, fields, strict=True))
            dates.append((line, row.get("Date") or ""))
            if source == "netflix" and netflix.is_supplemental(row):
                continue
            bookmark = netflix.clock_seconds(row.get("Bookmark"))
            counts = isinstance(bookmark, int) and not netflix.is_autoplay_without_action(row)
            position = float(bookmark) if counts and isinstance(bookmark, int) else None
            rows.append((row.get("Start Time") or "", row["Title"], position))
            lines.append(line)
    day = None if source == "netflix" else _oldest_first(dates, path)
    if day is None:
        rows.reverse()  # exports list the newest first
        return rows
    # dates run forward, so equal dates are neighbours: reverse each run of one date
    runs = [
        list(run)
        for _, run in itertools.groupby(zip(lines, rows, strict=True), lambda x: day[x[0]])
    ]
    return [row for run in runs for _, row in reversed(run)]


def _oldest_first(dates: list[tuple[int, str]], path: Path) -> dict[int, dt.datetime] | None:
    """Each line's date, when a simple export's dates say it lists its oldest row first.

    Netflix writes the newest first, and the file's order is taken so unless every row has a
    date of one format (:func:`~showmeter.intake.adapters.netflix_dates.detect_date_format`)
    and the dates never go back down the file while some go forward (a hand-made or re-sorted
    file). Dates out of order, or missing, leave the file's order as Netflix writes it (None).
    """
    from showmeter.errors import InputError
    from showmeter.intake.adapters.netflix_dates import detect_date_format

    try:
        found = detect_date_format(dates, path)
        if found is None:  # no date at all
            return None
        days = [dt.datetime.strptime(value.strip(), found) for _, value in dates]
    except (InputError, ValueError):
        return None
    forward = all(a <= b for a, b in itertools.pairwise(days))
    if not (forward and days[0] < days[-1]):
        return None
    return {line: day for (line, _), day in zip(dates, days, strict=True)}


def _netflix_draft(sightings: dict[str, _Sighting]) -> Draft:
    """Group the title strings into series, seasons and episodes, and films.

    The grouping is :func:`~showmeter.intake.adapters.netflix_groups.group_titles`'s, from the
    whole export: films are kept apart from series, so a film never takes a series' or a
    sequel's episodes.
    """
    draft = Draft()
    ordered = sorted(sightings.items(), key=lambda item: item[1].first)
    readings = group_titles(raw for raw, _seen in ordered)
    for raw, seen in ordered:
        reading = readings.get(raw)
        if reading is None:
            continue
        if reading.film:
            draft.film(reading.show, seen.first).saw(seen.position)
        elif reading.episode is None and not reading.episode_title:  # names no episode: a film
            draft.film(raw, seen.first).saw(seen.position)
        else:
            _add(draft, reading, seen)
    return draft


def _add(draft: Draft, reading: TitleReading, seen: _Sighting) -> None:
    number, note = reading.episode, ""
    if number is None and reading.numbered_in_title is not None:
        number, note = reading.numbered_in_title, "number from the title's name: check"
    episode = draft.episode(
        reading.show,
        reading.season or None,
        reading.season_label,
        number or None,
        reading.episode_title,
        seen.first,
    )
    episode.note = episode.note or note
    episode.saw(seen.position)
