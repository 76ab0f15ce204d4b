"""Drafting from the sources that number their seasons and episodes: Tautulli, Jellyfin, Trakt.

These sources write each play's show, season number, episode number and episode name (or a
film's name), so the draft reads them exactly as ingest does: the source's own adapter reads
the file against a catalog that names nothing, and every row it cannot resolve comes back,
quarantined as ``unresolved_title``, with what the adapter parsed (``show``, ``season``,
``episode``, ``episode_title``, or ``film``). The draft lists those; the same adapter then
resolves every row against the draft.

Positions for the runtime estimate (see :mod:`~showmeter.intake.adapters.draft_estimate`):
Tautulli's ``view_offset`` (milliseconds); Jellyfin's ``PlayDuration`` of one session (the
plugin keeps no position: the seconds played, at most the runtime unless the viewer went
back); Trakt has none. An episode without a season number (Plex's specials are season 0,
Jellyfin writes ``s00`` when it does not know) goes into a season labelled ``Specials`` and
is found by its name.

The draft then checks itself (:func:`~showmeter.intake.adapters.draft.draft_catalog`): the
adapter reads the file again against the draft, and what still does not resolve is mended
where a catalog can mend it (:meth:`Record.mend`). Unlike a Netflix title, such a row is never
added as a film of its whole name: these adapters resolve an episode row only as an episode
(Tautulli's ``media_type``, Jellyfin's ``ItemType``, Trakt's ``type``), so a film could not
take it. A row that names nothing a catalog can hold (no show, an episode with neither number
nor name, a Jellyfin ``ItemName`` not ``<Series> - sXXeYY - <Episode>``, a film without a
name) resolves against no catalog: the draft's header counts it, and ingest quarantines it as
``unresolved_title``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from showmeter.intake.adapters.draft_model import Draft

if TYPE_CHECKING:
    from pathlib import Path

    from showmeter.catalog import Catalog

__all__ = ["NAMED_LIKE_A_SPECIAL", "STRUCTURED", "Record", "collect", "unresolved_records"]

STRUCTURED = ("tautulli", "jellyfin", "trakt")
"""The sources drafted through their own adapter."""

_OPTIONS: dict[str, dict[str, str]] = {
    "trakt": {"account": "draft", "include_watch": "true"},
    "tautulli": {},
    "jellyfin": {},
}
"""Options the draft reads each source with: every row a load could keep (Trakt's ``watch``
rows too)."""

_NOTHING = """\
titles:
  - title: "showmeter-draft-placeholder"
    kind: "film"
    seasons:
      - season: 0
        episodes:
          - {episode: 1, runtime: 1}
"""
"""A catalog that names nothing an export names: every row comes back unresolved."""

SPECIALS = "Specials"
"""The label of the season of episodes without a season number."""

NAMED_LIKE_A_SPECIAL = (
    "name left out: a special of the same name is found by it, this episode by its number; check"
)
"""The note of a numbered episode whose name the draft leaves to a special (:meth:`Record.mend`)."""


@dataclass(frozen=True)
class Record:
    """A row the adapter could not resolve: what it parsed, and the row's position.

    Attributes:
        parsed: The adapter's parse (``film``, or ``show``/``season``/``episode``/
            ``episode_title``).
        position: Seconds into the episode where the session stopped, when known.
        first: The row's order in the file.
    """

    parsed: dict[str, Any]
    position: float | None
    first: int

    @property
    def film(self) -> str | None:
        """The name of the film the row names: the first the adapter tries that is not blank.

        Tautulli tries ``title``, then ``original_title`` (kept as ``also``).
        """
        names = (self.parsed.get("film"), self.parsed.get("also"))
        return next((n for n in names if isinstance(n, str) and n.strip()), None)

    def add_to(self, draft: Draft) -> bool:
        """Add what the row names to the draft.

        Returns:
            False when the parse names nothing a catalog can hold (no show, or an episode
            with neither a number nor a name).
        """
        if "film" in self.parsed:
            film = self.film
            if film is None:
                return False
            draft.film(film, self.first, note="").saw(self.position)
            return True
        show = self.parsed.get("show")
        season, number = _whole(self.parsed.get("season")), _whole(self.parsed.get("episode"))
        name = self.parsed.get("episode_title")
        name = name.strip() if isinstance(name, str) and name.strip() else None
        if not isinstance(show, str) or not show.strip() or (not number and not name):
            return False
        if not season:  # no season number: found by its name, among every season
            if not name:
                return False
            label: str | None = SPECIALS
            number = None
        else:
            label = None
        draft.episode(show, season or None, label, number or None, name, self.first).saw(
            self.position
        )
        return True

    def mend(self, draft: Draft) -> bool:
        """Make the row resolve against the draft, where a catalog can (see the module).

        The one case: an episode without a season number (a special) is found by its name
        among every season of its show, so a numbered episode of the same name makes the name
        ambiguous. The numbered one is found by its number, so its name is left out (marked
        ``# check``).

        Returns:
            Whether the draft changed.
        """
        show, name = self.parsed.get("show"), self.parsed.get("episode_title")
        if _whole(self.parsed.get("season")) or not isinstance(name, str) or not name.strip():
            return False
        if not isinstance(show, str) or not show.strip():
            return False
        return draft.unname_numbered(show, name, NAMED_LIKE_A_SPECIAL)


def collect(source: str, path: Path) -> Draft:
    """The draft of every title a file of ``source`` names.

    Raises:
        UsageError: ``source`` is not one of :data:`STRUCTURED`.
        InputError: The file cannot be read as that source.
    """
    from showmeter.catalog import parse_catalog

    draft = Draft()
    for record in unresolved_records(source, path, parse_catalog(_NOTHING, "<draft>")):
        record.add_to(draft)
    return draft


def unresolved_records(source: str, path: Path, catalog: Catalog) -> list[Record]:
    """The rows of a file that the source's adapter cannot resolve against ``catalog``.

    Args:
        source: One of :data:`STRUCTURED`.
        path: A file (or database, archive) of that source.
        catalog: The catalog to resolve against.

    Returns:
        Each unresolved row's parse and position, in file order (a row whose parse the
        adapter did not record, such as a Jellyfin ``ItemName`` it cannot split, with an
        empty parse).
    """
    from showmeter.intake import adapters

    adapter = adapters.get(source)
    found: list[Record] = []
    for file in adapter.expand(path):
        for batch in adapter.read(file, catalog, _OPTIONS[source]):
            for excluded in batch.malformed:
                if excluded.reason != "unresolved_title":
                    continue
                row = json.loads(excluded.text)
                parsed = row.get("parsed") if isinstance(row, dict) else None
                if isinstance(parsed, dict) and "film" in parsed and source == "tautulli":
                    parsed = {**parsed, "also": row.get("original_title")}
                if not isinstance(parsed, dict) or "item_name" in parsed:
                    parsed = {}  # names nothing a catalog can hold
                found.append(Record(parsed, _position(source, row), len(found)))
    return found


def _position(source: str, row: dict[str, Any]) -> float | None:
    """Where a row's session stopped, in seconds, when its source says so."""
    if source == "tautulli":
        offset = _number(row.get("view_offset"))
        return offset / 1000 if offset is not None and offset > 0 else None
    if source == "jellyfin":
        played = _number(row.get("PlayDuration"))
        return played if played is not None and played > 0 else None
    return None


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None


def _whole(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isdigit() else None
