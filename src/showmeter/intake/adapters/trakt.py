"""``--source trakt``: the watched history of a Trakt export (trakt.tv/settings/data).

The export is a ZIP of JSON files; the history is in pages ``watched-history.json``,
``watched-history-1.json``, …, read in numeric order (``-10`` after ``-2``). An unzipped
export is read too: give the folder, or the page files. Each history item is one completed
view of an episode or a movie:

==========================  ===========================================================
field                       becomes
==========================  ===========================================================
(``--account``)             ``account_id``; ``profile_id`` = ``<account>/<profile>``
                            when ``--profile`` is given, else ``<account>`` (the
                            account's one viewer)
``id``                      ``event_id`` = ``trakt/<id>``
``show.title``,             ``title``, ``season``, ``episode``: the show by name, the
``episode.season``,         numbers as written (else the episode by ``episode.title``);
``episode.number``          a movie by ``movie.title``
``watched_at`` (UTC)        the end of the view: ``started_at`` = ``watched_at`` − the
                            episode's catalog runtime
–                           ``seconds_watched`` = ``position_end_s`` = the catalog runtime
                            (each row is a completed view, with no duration of its own)
(``--market``)              ``market``; ZZ when not given
==========================  ===========================================================

``action`` is ``scrobble`` (a player reported the view), ``checkin`` (the user said "watching
now") or ``watch`` (marked as watched by hand, at the time of marking or a date the user
chose). ``watch`` rows are left out as ``manual_watch`` unless ``include_watch`` is on. A
**back-dated** ``watch`` ("watched on its release date") carries the air date at US Eastern
midnight: ``watched_at`` exactly ``04:00:00Z`` or ``05:00:00Z`` (EDT, EST). That is a date, not a
viewing time: such a row (kept with ``include_watch``) starts at 12:00 UTC on that date, as the
dates of ``netflix-simple`` do, and the load says how many rows it read so in its notes
(``approximate_viewing_times``), which every result computed from the store repeats in its
``inputs``.

A show is found by ``show.title``, else by ``show.ids.slug``: names and slugs are compared
without punctuation, so Trakt's ``it-s-always-sunny-in-philadelphia`` finds the title whose id
is Plex's ``its-always-sunny-in-philadelphia``. Any id may be ``null`` (a history item without
``id`` is identified by the hash of its values). A row's line is its position in the history,
pages in order. The approximations are listed in every load's notes.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from showmeter.errors import InputError
from showmeter.intake import encoding
from showmeter.intake.adapters import files
from showmeter.intake.adapters.names import CatalogNames, Found
from showmeter.intake.adapters.options import AdapterOptions
from showmeter.intake.adapters.rows import EMPTY_ROW, ViewingRows, instant, is_empty

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping
    from pathlib import Path

    from showmeter.catalog.models import Catalog
    from showmeter.intake.readers import Batch

__all__ = ["APPROXIMATIONS", "BACKDATED", "TraktAdapter", "backdated_day", "page_number"]

APPROXIMATIONS = [
    "trakt: every row is one completed view: seconds_watched = position_end_s = the "
    "episode's catalog runtime",
    "trakt: watched_at is taken as the end of the view: started_at = watched_at − runtime",
    "trakt: there is no device (counted as 'other') and no country (market ZZ unless "
    "--market is given)",
]
"""What the loads of a Trakt export say about themselves (``notes["approximations"]``)."""

BACKDATED = (
    "trakt: {rows} 'watch' row(s) marked as watched on the air date (watched_at at 04:00Z or "
    "05:00Z, US Eastern midnight) carry a date, not a viewing time: they start at 12:00 UTC on "
    "that date, so windows in hours are approximate to a calendar day"
)
"""The note of a load that read back-dated ``watch`` rows (``approximate_viewing_times``)."""

_EASTERN_MIDNIGHT = ("04:00:00", "05:00:00")
_PAGE = re.compile(r"(?:^|/)watched-history(?:-(\d+))?\.json$", re.I)
ACTIONS = ("scrobble", "checkin")
"""The actions kept by default."""


def page_number(name: str) -> int | None:
    """The page number of a history file's name (0 for ``watched-history.json``), or None."""
    match = _PAGE.search(name.replace("\\", "/"))
    if not match:
        return None
    return int(match.group(1)) if match.group(1) else 0


class TraktAdapter:
    """Reads a Trakt export (see the module's documentation)."""

    name = "trakt"
    description = "Trakt export: the ZIP's watched-history-N.json pages"

    def expand(self, spec: str | Path) -> list[Path]:
        """The export ZIPs and history pages named by a path, a directory or a glob."""
        found = files.expand(
            spec,
            lambda p: p.suffix.casefold() == ".zip" or page_number(p.name) is not None,
            "Trakt exports (.zip) or watched-history pages",
        )
        return sorted(found, key=lambda p: (str(p.parent), page_number(p.name) or 0, p.name))

    def read(self, path: Path, catalog: Catalog, options: Mapping[str, str]) -> Iterator[Batch]:
        """Read one export or page into batches (see :meth:`Adapter.read`).

        Raises:
            UsageError: ``account`` is missing, or an option is not valid.
            InputError: The file is neither a Trakt export nor a history page.
        """
        chosen = AdapterOptions(self.name, options)
        account = chosen.required("account", "the name of the Trakt user or household", "me")
        profile = chosen.text("profile")
        rules = _Rules(
            account=account,
            profile=f"{account}/{profile}" if profile else account,
            market=chosen.market(),
            keep_watch=chosen.flag("include_watch"),
            names=CatalogNames(catalog),
            backdated=[],
        )
        rows = ViewingRows({"approximations": APPROXIMATIONS})
        line = 0
        pages = _pages(path)
        total = sum(size for _, size, _ in pages)
        done = 0
        for name, size, load in pages:
            for item in _items(load(), path, name):
                line += 1
                rules.take(rows, line, item)
                if rows.full:
                    yield rows.batch(done, total)
            done += size
        if rules.backdated:
            rows.notes["approximate_viewing_times"] = [BACKDATED.format(rows=len(rules.backdated))]
        yield rows.batch(total, total)


Page = tuple[str, int, "Callable[[], bytes]"]
"""A history page: its name, its size in bytes, and a function that reads its bytes."""


def _pages(path: Path) -> list[Page]:
    """The history pages of an export or a page file: (name, size, a loader of its bytes)."""
    if not zipfile.is_zipfile(path):
        return [(path.name, path.stat().st_size, path.read_bytes)]
    with zipfile.ZipFile(path) as archive:
        members = [m for m in archive.infolist() if page_number(m.filename) is not None]
    if not members:
        raise InputError(
            "the ZIP holds no watched-history pages",
            file=str(path),
            expected="a Trakt export with watched-history.json or watched-history-N.json",
            remedy="Download the export from trakt.tv/settings/data and give its ZIP.",
        )
    members.sort(key=lambda m: (page_number(m.filename) or 0, m.filename))

    def loader(member: zipfile.ZipInfo) -> Callable[[], bytes]:
        def load() -> bytes:
            with zipfile.ZipFile(path) as archive:
                return archive.read(member)

        return load

    return [(m.filename, m.file_size, loader(m)) for m in members]


def _items(data: bytes, path: Path, name: str) -> list[Any]:
    """The items of one page (a JSON array)."""
    try:
        # Bytes that are not UTF-8 become marks: the rows holding them are quarantined.
        items = json.loads(data.decode(encoding.CODEC))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(
            f"cannot read the history page {name} as JSON: {error}",
            file=str(path),
            remedy="Check that the export is complete (download it again).",
        ) from error
    if not isinstance(items, list):
        raise InputError(
            f"the history page {name} is not a JSON array",
            file=str(path),
            expected="a list of history items",
            remedy="Give the watched-history pages of a Trakt export.",
        )
    return items


@dataclass(frozen=True)
class _Rules:
    """What to do with each history item."""

    account: str
    profile: str
    market: str | None
    keep_watch: bool
    names: CatalogNames
    backdated: list[int]
    """The lines of the back-dated ``watch`` rows kept (appended to as rows are read)."""

    def take(self, rows: ViewingRows, line: int, item: Any) -> None:
        """Add the item as a completed view, or leave it out under its reason."""
        if not isinstance(item, dict):
            rows.exclude(line, "malformed_json", {"item": item})
            return
        if is_empty(item):
            rows.exclude(line, EMPTY_ROW, item)
            return
        action = str(item.get("action") or "").casefold()
        if action == "watch" and not self.keep_watch:
            rows.exclude(line, "manual_watch", item)
            return
        kind = str(item.get("type") or "").casefold()
        if kind not in ("episode", "movie"):
            rows.exclude(line, "not_series_or_film", item)
            return
        found, parsed = self._resolve(item, kind)
        if not isinstance(found, Found):
            rows.exclude(line, "unresolved_title", {**item, "parsed": parsed, "problem": found})
            return
        history_id = item.get("id")
        started_at = _start(item.get("watched_at"), found.runtime_s)
        day = backdated_day(item.get("watched_at")) if action == "watch" else None
        if day is not None:
            self.backdated.append(line)
            started_at = day + "T12:00:00Z"
        rows.add(
            line,
            event_id=f"trakt/{history_id}" if history_id not in (None, "") else None,
            account_id=self.account,
            profile_id=self.profile,
            title=found.title,
            season=found.season,
            episode=found.episode,
            started_at=started_at,
            seconds_watched=found.runtime_s,
            position_end_s=found.runtime_s,
            market=self.market,
        )

    def _resolve(self, item: Mapping[str, Any], kind: str) -> tuple[Found | str, dict[str, Any]]:
        if kind == "movie":
            name = str(_mapping(item.get("movie")).get("title") or "")
            film = self.names.film(name)
            return (film if film else f"no catalog film is named {name!r}"), {"film": name}
        shown = _mapping(item.get("show"))
        show = str(shown.get("title") or "")
        slug = _mapping(shown.get("ids")).get("slug")
        episode = _mapping(item.get("episode"))
        season, number = _whole(episode.get("season")), _whole(episode.get("number"))
        title = episode.get("title") if isinstance(episode.get("title"), str) else None
        parsed = {"show": show, "season": season, "episode": number, "episode_title": title}
        found = self.names.episode(show, season or 0, number, title)
        if not isinstance(found, Found) and isinstance(slug, str) and slug.strip():
            parsed["slug"] = slug
            by_slug = self.names.episode(slug, season or 0, number, title)
            if isinstance(by_slug, Found) or not show:
                found = by_slug
        return found, parsed


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _whole(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def backdated_day(watched_at: object) -> str | None:
    """The air date of a back-dated ``watch`` (``watched_at`` at 04:00Z or 05:00Z), or None.

    Args:
        watched_at: The item's ``watched_at``.

    Returns:
        The date as ``YYYY-MM-DD`` when the instant is exactly US Eastern midnight in UTC
        (``T04:00:00`` or ``T05:00:00``, optionally ``.000``, then ``Z``), else None.
    """
    if not isinstance(watched_at, str):
        return None
    match = re.fullmatch(
        r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.0+)?(?:Z|\+00:00)", watched_at.strip()
    )
    if match is None or match.group(2) not in _EASTERN_MIDNIGHT:
        return None
    return match.group(1)


def _start(watched_at: object, runtime_s: float) -> str | None:
    """``watched_at`` − runtime, as an instant; ``watched_at`` as written if not an instant."""
    if not isinstance(watched_at, str) or not watched_at.strip():
        return None
    try:
        end = datetime.fromisoformat(watched_at.strip().replace("Z", "+00:00"))
    except ValueError:
        return watched_at
    if end.tzinfo is None:
        return watched_at
    return instant(end - timedelta(seconds=runtime_s))
