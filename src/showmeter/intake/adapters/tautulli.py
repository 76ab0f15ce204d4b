"""``--source tautulli``: Tautulli's history of a Plex server, as API pages or its database.

Two forms of the same history are read:

- **get_history pages**: the JSON that ``/api/v2?cmd=get_history`` returns, one file per
  page (the whole response, its ``response.data`` object, or the ``data`` list). Fetch them
  with ``grouping=0`` to get one row per session; with ``grouping=1`` each row is a group of
  resumed sessions (its first start and its summed play time).
- **the database** (``tautulli.db``, formerly ``plexpy.db``), read directly and read-only:
  ``session_history`` joined to ``session_history_metadata`` on ``id``, as ``get_history``
  does, one row per session, fetched in slices. Far faster than paging the API.

======================================  ===============================================
field                                   becomes
======================================  ===============================================
``user_id``                             ``profile_id`` = ``plex/<user_id>`` (plex.tv ids
                                        are unique); ``account_id`` = ``--account`` when
                                        given, else the same as the profile
``row_id`` (or ``group_ids``)           ``event_id`` = ``tautulli/<id>`` (a group:
                                        ``tautulli/<id>,<id>,…``); the database's
                                        ``session_history.id`` is the same id
``grandparent_title``,                  ``title``, ``season``, ``episode``: the show by
``parent_media_index``,                 name, the season and episode by number (else the
``media_index``, ``title``              episode by name); a movie by its ``title``
``started`` (epoch seconds)             ``started_at`` (never ``date``: see below)
``play_duration`` (older: ``duration``) ``seconds_watched``; in the database
                                        ``stopped − started − paused_counter``
``view_offset`` (ms)                    ``position_end_s``; without it,
                                        ``percent_complete`` × the catalog runtime
``platform``, ``product``, ``player``   ``device``: their family
(``--market``)                          ``market``; ZZ when not given
======================================  ===============================================

``date`` and ``started`` disagree when history grouping is on (``grouping=1``, or the
server's ``GROUP_HISTORY_TABLES``): Tautulli computes ``date`` = ``MAX(started)``, the start of
the **last** resumed session of the group (what its History page shows as the date), and
``started`` = ``MIN(started)``, the start of the **first**. The group's viewing began at
``started``, so that is ``started_at``; ``date`` would move the whole group's play time to
its last resumption, possibly days later and outside a launch window. A group's
``play_duration`` is the sum of its sessions' play time, so its completion instant
(``started`` + play time) is earlier than its real ``stopped`` when there were gaps: a load that
kept grouped rows says so in its notes (``approximations``); fetch with ``grouping=0`` (or read
the database, one row per session) for exact times.

Left out under their reasons: music, photos, clips and live TV (``not_series_or_film``),
sessions still playing in pages fetched with ``include_activity`` (``in_progress``), and
items that name no catalog episode (``unresolved_title``). A row's line is its position in
the page's ``data`` list, or its ``id`` in the database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from showmeter.errors import InputError
from showmeter.intake import encoding
from showmeter.intake.adapters import files, sqlite
from showmeter.intake.adapters.devices import device_family
from showmeter.intake.adapters.names import CatalogNames, Found
from showmeter.intake.adapters.options import AdapterOptions
from showmeter.intake.adapters.rows import EMPTY_ROW, ViewingRows, instant, is_empty

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Iterator, Mapping
    from pathlib import Path

    from showmeter.catalog.models import Catalog
    from showmeter.intake.readers import Batch

__all__ = ["GROUPED", "TautulliAdapter", "history_rows"]

GROUPED = (
    "tautulli: {rows} grouped row(s) (history grouping on: group_count > 1) start at the "
    "group's first start ('started', not 'date', the last one) and hold the group's summed "
    "play time, so they complete at started + play time, before the group's real stop; "
    "fetch with grouping=0 for exact times"
)
"""The note of a page with grouped rows kept (``notes["approximations"]``)."""

_SUFFIXES = {".json", ".db", ".sqlite", ".sqlite3"}
_DATABASE_HINT = (
    "Give Tautulli's database file tautulli.db (formerly plexpy.db, in Tautulli's data "
    "folder), or the JSON pages of /api/v2?cmd=get_history."
)


class TautulliAdapter:
    """Reads Tautulli's history (see the module's documentation)."""

    name = "tautulli"
    description = "Tautulli (Plex): get_history JSON pages, or the tautulli.db database"

    def expand(self, spec: str | Path) -> list[Path]:
        """The pages (``.json``) and databases named by a path, a directory or a glob."""
        return files.expand(
            spec, lambda p: p.suffix.casefold() in _SUFFIXES, "Tautulli pages or databases"
        )

    def read(self, path: Path, catalog: Catalog, options: Mapping[str, str]) -> Iterator[Batch]:
        """Read one page or database into batches (see :meth:`Adapter.read`).

        Raises:
            UsageError: An option is not valid.
            InputError: The file is neither a get_history page nor a Tautulli database.
        """
        chosen = AdapterOptions(self.name, options)
        rules = _Rules(chosen.text("account"), chosen.market(), CatalogNames(catalog))
        if sqlite.is_sqlite(path):
            yield from _read_database(path, rules)
        else:
            yield from _read_page(path, rules)


def history_rows(document: object, path: Path) -> list[Any]:
    """The history rows of a get_history page, whichever part of the response was saved.

    Raises:
        InputError: The document holds no ``data`` list.
    """
    found: object = document
    if isinstance(found, dict) and isinstance(found.get("response"), dict):
        found = found["response"].get("data")
    if isinstance(found, dict):
        found = found.get("data")
    if not isinstance(found, list):
        raise InputError(
            "the JSON is not a get_history page: it has no list of history rows",
            file=str(path),
            expected='the API\'s response, {"response": {"data": {"data": [...]}}}, or its '
            "data list",
            remedy="Save the whole response of /api/v2?cmd=get_history, one file per page.",
        )
    return found


def _read_page(path: Path, rules: _Rules) -> Iterator[Batch]:
    try:
        # Bytes that are not UTF-8 become marks: the rows holding them are quarantined.
        document = json.loads(path.read_bytes().decode(encoding.CODEC))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(
            f"cannot read the page as JSON: {error}",
            file=str(path),
            remedy="Save the response of get_history as it came, one page per file.",
        ) from error
    items = history_rows(document, path)
    rows = ViewingRows()
    for index, item in enumerate(items, start=1):
        if isinstance(item, dict):
            rules.take(rows, index, item)
        else:
            rows.exclude(index, "malformed_json", {"item": item})
        if rows.full:
            yield rows.batch(index, len(items))
    if rules.grouped:
        rows.notes["approximations"] = [GROUPED.format(rows=len(rules.grouped))]
    yield rows.batch(len(items), len(items))


def _read_database(path: Path, rules: _Rules) -> Iterator[Batch]:
    connection = sqlite.open_read_only(path)
    try:
        query = _history_query(connection, path)
        total = int(connection.execute("SELECT count(*) FROM session_history").fetchone()[0])
        rows = ViewingRows()
        done = 0
        for done, row in enumerate(sqlite.rows(connection, query, path), start=1):
            rules.take(rows, int(row["row_id"]), row)
            if rows.full:
                yield rows.batch(done, total)
        yield rows.batch(total, total)
    finally:
        connection.close()


def _history_query(connection: sqlite3.Connection, path: Path) -> str:
    """The query ``get_history`` runs (ungrouped), with the columns this database has."""
    history = sqlite.columns(connection, "session_history")
    metadata = sqlite.columns(connection, "session_history_metadata")
    if "id" not in history or "id" not in metadata:
        raise InputError(
            "the database is not Tautulli's: it lacks the session_history and "
            "session_history_metadata tables",
            file=str(path),
            remedy=_DATABASE_HINT,
        )

    def h(column: str) -> str:
        return f"h.{column}" if column in history else "NULL"

    def m(column: str) -> str:
        return f"m.{column}" if column in metadata else "NULL"

    live = h("live") if "live" in history else m("live")
    played = (
        f"(CASE WHEN {h('stopped')} > 0 THEN {h('stopped')} - {h('started')} ELSE 0 END)"
        f" - COALESCE({h('paused_counter')}, 0)"
    )
    fields = {
        "row_id": "h.id",
        "started": h("started"),
        "stopped": h("stopped"),
        "play_duration": played,
        "view_offset": h("view_offset"),
        "user_id": h("user_id"),
        "user": h("user"),
        "platform": h("platform"),
        "product": h("product"),
        "player": h("player"),
        "media_type": h("media_type"),
        "live": live,
        "title": m("title"),
        "original_title": m("original_title"),
        "grandparent_title": m("grandparent_title"),
        "media_index": m("media_index"),
        "parent_media_index": m("parent_media_index"),
        "year": m("year"),
    }
    selected = ", ".join(f'{expr} AS "{name}"' for name, expr in fields.items())
    return (
        f"SELECT {selected} FROM session_history h "
        "LEFT JOIN session_history_metadata m ON m.id = h.id ORDER BY h.id"
    )


@dataclass(frozen=True)
class _Rules:
    """What to do with each history row."""

    account: str | None
    market: str | None
    names: CatalogNames
    grouped: list[int] = field(default_factory=list)
    """The lines of the grouped rows kept (appended to as rows are read)."""

    def take(self, rows: ViewingRows, line: int, item: Mapping[str, Any]) -> None:
        """Add the row as a session, or leave it out under its reason."""
        if is_empty(item):
            rows.exclude(line, EMPTY_ROW, item)
            return
        media = str(item.get("media_type") or "").casefold()
        if item.get("state") and item.get("row_id") in (None, ""):
            rows.exclude(line, "in_progress", item)
            return
        if _integer(item.get("live")) == 1 or media not in ("episode", "movie"):
            rows.exclude(line, "not_series_or_film", item)
            return
        found, parsed = self._resolve(item, media)
        if not isinstance(found, Found):
            rows.exclude(line, "unresolved_title", {**item, "parsed": parsed, "problem": found})
            return
        user = _text(item.get("user_id"))
        profile = f"plex/{user}" if user else None
        played = item.get("play_duration", item.get("duration"))
        if (_integer(item.get("group_count")) or 1) > 1:
            self.grouped.append(line)
        rows.add(
            line,
            event_id=_event_id(item),
            account_id=self.account or profile,
            profile_id=profile,
            title=found.title,
            season=found.season,
            episode=found.episode,
            started_at=_epoch(item.get("started")),
            seconds_watched=played if isinstance(played, int | float) else _text(played),
            position_end_s=_position(item, found.runtime_s),
            device=device_family(
                _text(item.get("platform")), _text(item.get("product")), _text(item.get("player"))
            ),
            market=self.market,
        )

    def _resolve(self, item: Mapping[str, Any], media: str) -> tuple[Found | str, dict[str, Any]]:
        if media == "movie":
            names = [_text(item.get(k)) for k in ("title", "original_title")]
            for candidate in filter(None, names):
                film = self.names.film(candidate)
                if film is not None:
                    return film, {"film": candidate}
            return f"no catalog film is named {names[0]!r}", {"film": names[0]}
        show = _text(item.get("grandparent_title")) or ""
        season = _integer(item.get("parent_media_index"))
        episode = _integer(item.get("media_index"))
        name = _text(item.get("title"))
        parsed = {"show": show, "season": season, "episode": episode, "episode_title": name}
        return self.names.episode(show, season or 0, episode, name), parsed


def _text(value: object) -> str | None:
    """A value as stripped text; None when absent or empty."""
    text = str(value).strip() if value is not None else ""
    return text or None


def _integer(value: object) -> int | None:
    """A whole number given as a number or as digits; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = _text(value)
    return int(text) if text and text.lstrip("-").isdigit() else None


def _epoch(value: object) -> str | None:
    """Epoch seconds as an instant; the value as written when it is not a number."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return instant(datetime.fromtimestamp(value, UTC))
        except (OverflowError, OSError, ValueError):
            return str(value)
    number = _integer(value)
    return _epoch(number) if number is not None else _text(value)


def _event_id(item: Mapping[str, Any]) -> str | None:
    """``tautulli/<id>``, or ``tautulli/<id>,<id>,…`` for a group of sessions."""
    group = item.get("group_ids")
    parts = group if isinstance(group, list) else str(group or "").split(",")
    ids = sorted({n for n in (_integer(p) for p in parts) if n is not None})
    if not ids:
        single = _integer(item.get("row_id", item.get("id")))
        ids = [single] if single is not None else []
    return "tautulli/" + ",".join(str(n) for n in ids) if ids else None


def _position(item: Mapping[str, Any], runtime_s: float) -> float | None:
    """Where the session stopped: ``view_offset`` (ms), else ``percent_complete`` of runtime."""
    offset = _integer(item.get("view_offset"))
    if offset is not None and offset > 0:
        return offset / 1000
    percent = item.get("percent_complete")
    if isinstance(percent, int | float) and not isinstance(percent, bool) and percent >= 0:
        return percent / 100 * runtime_s
    return None
