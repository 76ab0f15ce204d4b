"""``--source jellyfin``: the Playback Reporting plugin's activity, as database or backup.

The plugin records one row per playback in the table ``PlaybackActivity`` of
``<jellyfin data>/playback_reporting.db`` (a row is made only when the item still plays 20 s
after it started; theme media is ignored). Its "Backup data" button writes the same rows as a
headerless TSV file with the table's 9 columns in order. Both are read:

==================  =====================================================================
column              becomes
==================  =====================================================================
DateCreated         ``started_at``. Since the plugin's schema ``user_version`` 1 it is UTC
                    (written ``2024-03-01 20:13:45Z``); an older database, or a backup of
                    one, holds the server's local time without an offset, quarantined as
                    ``naive_timestamp`` unless ``--assume-tz`` names the server's zone
UserId              ``profile_id`` = ``jellyfin/<UserId>`` (a GUID); ``account_id`` =
                    ``--account`` when given, else the same as the profile
ItemType, ItemName  ``title``, ``season``, ``episode``: an ``Episode`` is
                    ``<Series> - sXXeYY - <Episode>``, read from the right (a series name
                    may contain `` - ``), the series by name and the numbers as written
                    (``00`` means unknown: the episode is then found by its name); a
                    ``Movie`` by its name
PlayDuration        ``seconds_watched`` (seconds played, pauses excluded); beyond 24 h
                    (86400 s) the row is left out as ``play_duration_over_a_day``: the
                    plugin kept counting a session whose stop it never saw
ClientName,         ``device``: their family
DeviceName
(``--market``)      ``market``; ZZ when not given
==================  =====================================================================

``UserId`` and ``ItemId`` are GUIDs written as 32 hex digits without dashes; item names are
in the server's metadata language, any script (Cyrillic, CJK, Arabic...), and compared with the
catalog's names as written in that script.

``event_id`` is ``jellyfin/<DateCreated>/<UserId>/<ItemId>``: the key on which the plugin
itself de-duplicates an imported backup, so a database and its backup give the same ids.
Other item types (Audio, TV channels, …) are left out as ``not_series_or_film``. The plugin
keeps no position or runtime: completion comes from ``PlayDuration`` summed over sessions
against the catalog's runtime. A row of a database is on "line" ``rowid``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from showmeter.errors import InputError
from showmeter.intake.adapters import files, sqlite
from showmeter.intake.adapters.devices import device_family
from showmeter.intake.adapters.names import CatalogNames, Found
from showmeter.intake.adapters.options import AdapterOptions
from showmeter.intake.adapters.rows import EMPTY_ROW, ViewingRows, is_empty

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from pathlib import Path

    from showmeter.catalog.models import Catalog
    from showmeter.intake.readers import Batch

__all__ = ["COLUMNS", "MAX_PLAY_SECONDS", "JellyfinAdapter", "parse_item_name", "timestamp_text"]

COLUMNS = (
    "DateCreated",
    "UserId",
    "ItemId",
    "ItemType",
    "ItemName",
    "PlaybackMethod",
    "ClientName",
    "DeviceName",
    "PlayDuration",
)
"""The columns of ``PlaybackActivity``, in table order (the backup's field order)."""

MAX_PLAY_SECONDS = 86_400
"""The longest PlayDuration kept (24 h); a longer one is the plugin counting on past a stop."""

_SUFFIXES = {".db", ".sqlite", ".sqlite3", ".tsv", ".txt"}
_EPISODE = re.compile(r"^(?P<series>.*) - s(?P<season>\d+)e(?P<episode>\d+) - (?P<name>.*)$", re.I)
_STAMP = re.compile(
    r"^(?P<moment>\d{4}-\d{2}-\d{2})[ T](?P<clock>\d{2}:\d{2}(?::\d{2})?)(?P<fraction>\.\d+)?"
    r"(?P<zone>Z|[+-]\d{2}:?\d{2})?$",
    re.I,
)


class JellyfinAdapter:
    """Reads Playback Reporting activity (see the module's documentation)."""

    name = "jellyfin"
    description = "Jellyfin Playback Reporting: playback_reporting.db, or its TSV backup"

    def expand(self, spec: str | Path) -> list[Path]:
        """The databases and backups named by a path, a directory or a glob."""
        return files.expand(
            spec,
            lambda p: p.suffix.casefold() in _SUFFIXES,
            "Playback Reporting databases or backups",
        )

    def read(self, path: Path, catalog: Catalog, options: Mapping[str, str]) -> Iterator[Batch]:
        """Read one database or backup into batches (see :meth:`Adapter.read`).

        Raises:
            UsageError: An option is not valid.
            InputError: The database lacks the ``PlaybackActivity`` table, or the file
                cannot be read.
        """
        chosen = AdapterOptions(self.name, options)
        rules = _Rules(chosen.text("account"), chosen.market(), CatalogNames(catalog))
        rows = ViewingRows()
        if sqlite.is_sqlite(path):
            yield from _read_database(path, rules, rows)
        else:
            yield from _read_backup(path, rules, rows)


def parse_item_name(item_name: str) -> tuple[str, int, int, str] | None:
    """Split ``<Series> - sXXeYY - <Episode>`` from the right.

    Returns:
        ``(series, season, episode, episode name)``; 0 for a number written ``00``; None
        when the name is not of that form.
    """
    match = _EPISODE.match(item_name.strip())
    if not match:
        return None
    return match["series"], int(match["season"]), int(match["episode"]), match["name"]


def timestamp_text(value: object) -> str | None:
    """DateCreated as ISO 8601 text: with ``Z`` (or its offset) when it has one, else naive.

    Fractions of a second are cut to microseconds; a value of another form is returned as
    written (and quarantined as ``bad_timestamp`` by the ingest).
    """
    text = str(value).strip() if value is not None else ""
    if not text:
        return None
    match = _STAMP.match(text)
    if not match:
        return text
    fraction = (match["fraction"] or "")[:7]
    zone = match["zone"] or ""
    return f"{match['moment']}T{match['clock']}{fraction}{'Z' if zone.upper() == 'Z' else zone}"


def _read_database(path: Path, rules: _Rules, rows: ViewingRows) -> Iterator[Batch]:
    connection = sqlite.open_read_only(path)
    try:
        present = sqlite.columns(connection, "PlaybackActivity")
        missing = [c for c in COLUMNS if c.lower() not in present]
        if missing:
            raise InputError(
                "the database is not the Playback Reporting plugin's: "
                + ("it has no PlaybackActivity table" if not present else f"lacks {missing[0]}"),
                file=str(path),
                remedy="Give playback_reporting.db from Jellyfin's data folder, or its backup.",
            )
        total = int(connection.execute("SELECT count(*) FROM PlaybackActivity").fetchone()[0])
        query = f"SELECT rowid AS _rowid, {', '.join(COLUMNS)} FROM PlaybackActivity ORDER BY rowid"
        done = 0
        for done, row in enumerate(sqlite.rows(connection, query, path), start=1):
            rules.take(rows, int(row.pop("_rowid")), row)
            if rows.full:
                yield rows.batch(done, total)
        yield rows.batch(total, total)
    finally:
        connection.close()


def _read_backup(path: Path, rules: _Rules, rows: ViewingRows) -> Iterator[Batch]:
    with files.TextSource(path) as source:
        lines = files.records(source, delimiter="\t", quoting=csv.QUOTE_NONE, keep_empty=True)
        for line, fields in lines:
            if is_empty(fields):
                rows.exclude(line, EMPTY_ROW, {"fields": fields})
            elif len(fields) != len(COLUMNS):
                rows.exclude(line, "malformed_row", {"fields": fields, "expected": COLUMNS})
            else:
                rules.take(rows, line, dict(zip(COLUMNS, fields, strict=True)))
            if rows.full:
                yield rows.batch(source.done, source.total)
        yield rows.batch(source.total, source.total)


@dataclass(frozen=True)
class _Rules:
    """What to do with each activity row."""

    account: str | None
    market: str | None
    names: CatalogNames

    def take(self, rows: ViewingRows, line: int, row: Mapping[str, Any]) -> None:
        """Add the row as a session, or leave it out under its reason."""
        if is_empty(row):
            rows.exclude(line, EMPTY_ROW, row)
            return
        kind = str(row.get("ItemType") or "").strip().casefold()
        if kind not in ("episode", "movie"):
            rows.exclude(line, "not_series_or_film", row)
            return
        found, parsed = self._resolve(kind, str(row.get("ItemName") or ""))
        if not isinstance(found, Found):
            rows.exclude(line, "unresolved_title", {**row, "parsed": parsed, "problem": found})
            return
        played = row.get("PlayDuration")
        if _seconds(played) > MAX_PLAY_SECONDS:
            rows.exclude(line, "play_duration_over_a_day", {**row, "parsed": parsed})
            return
        user = str(row.get("UserId") or "").strip()
        profile = f"jellyfin/{user}" if user else None
        stamp = str(row.get("DateCreated") or "").strip()
        item = str(row.get("ItemId") or "").strip()
        rows.add(
            line,
            event_id=f"jellyfin/{stamp}/{user}/{item}",
            account_id=self.account or profile,
            profile_id=profile,
            title=found.title,
            season=found.season,
            episode=found.episode,
            started_at=timestamp_text(stamp),
            seconds_watched=played if isinstance(played, int | float) else _text(played),
            device=device_family(_text(row.get("ClientName")), _text(row.get("DeviceName"))),
            market=self.market,
        )

    def _resolve(self, kind: str, item_name: str) -> tuple[Found | str, dict[str, object]]:
        if kind == "movie":
            film = self.names.film(item_name)
            problem = f"no catalog film is named {item_name!r}"
            return (film if film is not None else problem), {"film": item_name}
        parts = parse_item_name(item_name)
        if parts is None:
            problem = f"the ItemName {item_name!r} is not '<Series> - sXXeYY - <Episode>'"
            return problem, {"item_name": item_name}
        series, season, episode, name = parts
        parsed = {"show": series, "season": season, "episode": episode, "episode_title": name}
        return self.names.episode(series, season, episode or None, name or None), parsed


def _seconds(value: object) -> float:
    """PlayDuration as a number of seconds; 0 when it is not one (the ingest checks it)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return 0.0


def _text(value: object) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None
