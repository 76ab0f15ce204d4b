"""``--source netflix``: the full Netflix export's ``ViewingActivity.csv``.

The export (Account → "Download your personal information") covers every profile of an
account. Each row is one viewing session:

========================  ==========================================================
column                    becomes
========================  ==========================================================
(``--account``)           ``account_id``
Profile Name              ``profile_id`` = ``<account>/<Profile Name>``
Start Time (UTC)          ``started_at`` (``YYYY-MM-DD HH:MM:SS`` read as UTC)
Duration ``HH:MM:SS``     ``seconds_watched`` (the session's length)
Bookmark ``HH:MM:SS``     ``position_end_s`` (where the session stopped)
Title                     ``title``, ``season``, ``episode`` by name (see
                          :mod:`~showmeter.intake.adapters.netflix_titles`)
Device Type               ``device``: its family (see :mod:`~.devices`)
Country ``DE (Germany)``  ``market``: the ISO code before the name
========================  ==========================================================

Left out, each under its reason and counted (see :mod:`~.reasons`):
``supplemental_video`` (a trailer, hook or other supplemental video; ``include_supplemental``
keeps them), ``autoplay`` (``Autoplayed: user action: None``; ``include_autoplay`` keeps them),
``unresolved_title`` (the title names no catalog episode). Rows whose ``(Episode K)`` (in any
language) and the catalog disagree are counted in the notes (``marker_disagreements``).
``Not latest view`` rows are earlier sessions of a title watched again later: real sessions,
kept. ``View was hidden`` and ``Has branched playback`` rows are kept too. Netflix gives no
event id, so a row is identified by the hash of its canonical values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from showmeter.intake.adapters import files
from showmeter.intake.adapters.devices import device_family
from showmeter.intake.adapters.names import CatalogNames
from showmeter.intake.adapters.netflix_titles import TitleResolver, Unresolved
from showmeter.intake.adapters.netflix_warnings import MarkerWarnings
from showmeter.intake.adapters.options import AdapterOptions
from showmeter.intake.adapters.rows import EMPTY_ROW, ViewingRows, instant, is_empty

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from pathlib import Path

    from showmeter.catalog.models import Catalog
    from showmeter.intake.readers import Batch

__all__ = ["COLUMNS", "NetflixAdapter", "clock_seconds", "is_supplemental", "market_code"]

COLUMNS = (
    "Profile Name",
    "Start Time",
    "Duration",
    "Attributes",
    "Title",
    "Supplemental Video Type",
    "Device Type",
    "Bookmark",
    "Latest Bookmark",
    "Country",
)
"""The columns of ``ViewingActivity.csv``, in the export's order."""

REQUIRED = ("Profile Name", "Start Time", "Duration", "Title")

SUPPLEMENTAL_MARKERS = ("_hook_", "clip:", "_clip_", "trailer:", "_backfill")
"""Title markers of supplemental videos, compared without case."""

AUTOPLAY_WITHOUT_ACTION = "autoplayed: user action: none"

_CLOCK = re.compile(r"^(\d{1,3}):([0-5]\d):([0-5]\d)$")
_COUNTRY = re.compile(r"^([A-Za-z]{2})(?:\s*\(.*\))?$")
_HINT = (
    "Give the full export's CONTENT_INTERACTION/ViewingActivity.csv; for the two-column "
    "NetflixViewingHistory.csv (Title, Date) use --source netflix-simple."
)


def clock_seconds(text: str | None) -> int | str | None:
    """Seconds of an ``HH:MM:SS`` duration; the text as written when it is not one."""
    if text is None or not text.strip():
        return None
    match = _CLOCK.match(text.strip())
    if not match:
        return text
    hours, minutes, seconds = (int(part) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def start_instant(text: str | None) -> str | None:
    """``Start Time`` (UTC, ``YYYY-MM-DD HH:MM:SS``) as an instant; as written if not one."""
    if text is None or not text.strip():
        return None
    stripped = text.strip()
    try:
        found = _START.fullmatch(stripped)
        if found:  # the usual form, read without strptime (a tenth of its time)
            year, month, day, hour, minute, second = (int(part) for part in found.groups())
            moment = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
        else:
            moment = datetime.strptime(stripped, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return text
    return instant(moment)


_START = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})")
"""``Start Time`` zero-padded, as Netflix writes it (``strptime`` reads the other forms)."""


def market_code(country: str | None) -> str | None:
    """The ISO code of ``DE (Germany)``; the text as written when it is not of that form."""
    if country is None or not country.strip():
        return None
    match = _COUNTRY.match(country.strip())
    return match.group(1).upper() if match else country


def is_supplemental(row: Mapping[str, str]) -> bool:
    """Whether a row is a trailer, hook or other supplemental video."""
    if (row.get("Supplemental Video Type") or "").strip():
        return True
    title = (row.get("Title") or "").casefold()
    return any(marker in title for marker in SUPPLEMENTAL_MARKERS)


def is_autoplay_without_action(row: Mapping[str, str]) -> bool:
    """Whether Netflix autoplayed the row and nobody touched the player."""
    return AUTOPLAY_WITHOUT_ACTION in (row.get("Attributes") or "").casefold()


class NetflixAdapter:
    """Reads ``ViewingActivity.csv`` (see the module's documentation)."""

    name = "netflix"
    description = "Netflix full export: CONTENT_INTERACTION/ViewingActivity.csv (every profile)"

    def expand(self, spec: str | Path) -> list[Path]:
        """The ``ViewingActivity.csv`` files named by a path, a directory or a glob."""
        return files.expand(
            spec, lambda p: p.name.casefold() == "viewingactivity.csv", "ViewingActivity.csv"
        )

    def read(self, path: Path, catalog: Catalog, options: Mapping[str, str]) -> Iterator[Batch]:
        """Read one export into batches (see :meth:`Adapter.read`).

        Raises:
            UsageError: ``account`` is missing, or an option is not valid.
            InputError: The file cannot be read or lacks a required column.
        """
        chosen = AdapterOptions(self.name, options)
        rules = _Rules(
            account=chosen.required(
                "account", "the name of the Netflix account (household) the export is of", "home"
            ),
            keep_supplemental=chosen.flag("include_supplemental"),
            keep_autoplay=chosen.flag("include_autoplay"),
            resolve=TitleResolver(CatalogNames(catalog)),
        )
        rows = ViewingRows()
        with files.TextSource(path) as source:
            records = files.records(source, keep_empty=True)
            names = files.header(records, path, REQUIRED, _HINT, known=COLUMNS)
            for line, fields in records:
                if is_empty(fields):
                    rows.exclude(line, EMPTY_ROW, {"fields": fields})
                elif len(fields) != len(names):
                    rows.exclude(line, "malformed_row", {"fields": fields, "expected": names})
                else:
                    rules.take(rows, line, dict(zip(names, fields, strict=True)))
                if rows.full:
                    yield rows.batch(source.done, source.total)
            yield rows.batch(source.total, source.total)


@dataclass(frozen=True)
class _Rules:
    """What to do with each row of one export."""

    account: str
    keep_supplemental: bool
    keep_autoplay: bool
    resolve: TitleResolver
    warnings: MarkerWarnings = field(default_factory=MarkerWarnings)

    def take(self, rows: ViewingRows, line: int, row: dict[str, str]) -> None:
        """Add the row as a session, or leave it out under its reason."""
        if is_supplemental(row) and not self.keep_supplemental:
            rows.exclude(line, "supplemental_video", row)
            return
        if is_autoplay_without_action(row) and not self.keep_autoplay:
            rows.exclude(line, "autoplay", row)
            return
        found = self.resolve(row["Title"])
        if self.warnings.count(row["Title"], found):
            rows.notes[MarkerWarnings.NOTE] = self.warnings.note()
        if isinstance(found, Unresolved):
            rows.exclude(line, "unresolved_title", {**row, **found.as_dict()})
            return
        profile = row["Profile Name"].strip()
        rows.add(
            line,
            account_id=self.account,
            profile_id=f"{self.account}/{profile}" if profile else None,
            title=found.title,
            season=found.season,
            episode=found.episode,
            started_at=start_instant(row["Start Time"]),
            seconds_watched=clock_seconds(row["Duration"]),
            position_end_s=clock_seconds(row.get("Bookmark")),
            device=device_family(row.get("Device Type")),
            market=market_code(row.get("Country")),
        )
