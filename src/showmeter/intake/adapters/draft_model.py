"""What a catalog draft holds (shows, seasons, episodes seen in an export), and its YAML.

The draft is written so that it loads unedited: every string is double-quoted (a title named
``1992`` stays text; JSON's string syntax is valid YAML), every season and episode is
numbered, and every episode has a runtime, estimated where the export does not give it
(:mod:`~showmeter.intake.adapters.draft_estimate`) and marked ``runtime_origin: "estimate"``.
Guesses are marked ``# check`` in comments.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

from showmeter.intake.adapters.draft_estimate import estimate_runtime, kind_of
from showmeter.intake.adapters.names import name_key

__all__ = ["Draft", "DraftEpisode", "DraftSeason", "DraftShow", "document", "render"]


@dataclass
class DraftEpisode:
    """An episode seen: its number and name when known, the largest position that counts."""

    number: int | None
    name: str | None
    first: int
    position: float | None = None
    note: str = ""
    assumed: bool = False
    """Whether the draft gave the number (in the order first watched), not the export."""

    def saw(self, position: float | None) -> None:
        """Record a position (seconds) that counts for the runtime estimate."""
        if position is not None and (self.position is None or position > self.position):
            self.position = position


@dataclass
class DraftSeason:
    """A season seen: its number when known, its label, its episodes by key."""

    number: int | None
    label: str | None
    first: int
    assumed: bool = False
    episodes: dict[str, DraftEpisode] = field(default_factory=dict)


@dataclass
class DraftShow:
    """A series or a film seen (a film's one episode is ``film_episode``)."""

    name: str
    first: int
    film: bool = False
    note: str = ""
    seasons: dict[str, DraftSeason] = field(default_factory=dict)
    film_episode: DraftEpisode | None = None


@dataclass
class Draft:
    """The shows and films of an export, by kind and name key."""

    shows: dict[tuple[bool, str], DraftShow] = field(default_factory=dict)

    def film(self, name: str, first: int, note: str = "read as a film") -> DraftEpisode:
        """The one episode of the film ``name`` (added when new).

        Args:
            name: The film's name.
            first: When it was first seen (its order in the file).
            note: Why it is a guess, for a ``# check`` comment; empty when the source says
                it is a film.
        """
        show = self.shows.setdefault(
            (True, name_key(name) or name), DraftShow(" ".join(name.split()), first, True, note)
        )
        if show.film_episode is None:
            show.film_episode = DraftEpisode(1, None, first)
        return show.film_episode

    def series(self, name: str, first: int) -> DraftShow:
        """The series ``name`` (added when new)."""
        return self.shows.setdefault(
            (False, name_key(name) or name), DraftShow(" ".join(name.split()), first)
        )

    def episode(
        self,
        show: str,
        season: int | None,
        label: str | None,
        number: int | None,
        name: str | None,
        first: int,
    ) -> DraftEpisode:
        """The episode of a series (show, season, episode added when new).

        A season is found by its number, else its label; an episode by its number, else its
        name. An episode named like a numbered one of the same season is that one.
        """
        drafted = self.series(show, first)
        season_key = f"#{season}" if season else "~" + name_key(label or "")
        found = drafted.seasons.get(season_key)
        if found is None:
            found = drafted.seasons[season_key] = DraftSeason(season or None, label, first)
        key = name_key(name or "")
        if number:
            episode = found.episodes.get(f"#{number}")
            if episode is None and key and key in found.episodes:  # seen before without number
                episode = found.episodes.pop(key)
                episode.number = number
            if episode is None:
                episode = DraftEpisode(number, name, first)
            found.episodes[f"#{number}"] = episode
            episode.name = episode.name or name
            return episode
        named = next(
            (e for e in found.episodes.values() if key and e.name and name_key(e.name) == key),
            None,
        )
        if named is None:
            named = found.episodes.setdefault(
                key or f"?{len(found.episodes)}", DraftEpisode(None, name, first)
            )
        return named

    def unname_numbered(self, show: str, name: str, note: str) -> bool:
        """Leave ``name`` off the episodes of ``show`` numbered by the export (season and episode).

        Args:
            show: The series' name.
            name: The episode name (compared by :func:`name_key`).
            note: The ``# check`` note of each episode whose name is left out.

        Returns:
            Whether any episode lost its name.
        """
        drafted = self.shows.get((False, name_key(show) or show))
        key = name_key(name)
        changed = False
        for season in drafted.seasons.values() if drafted is not None and key else ():
            given = season.number and not season.assumed
            for episode in season.episodes.values() if given else ():
                if episode.number and not episode.assumed and name_key(episode.name or "") == key:
                    episode.name, episode.note, changed = None, note, True
        return changed


def render(draft: Draft, source: str, file: str, unresolved: int = 0, unheld: int = 0) -> str:
    """The draft as catalog YAML, every string quoted, guesses and estimates commented.

    Args:
        draft: The shows seen.
        source: The ``--source`` the export was read as.
        file: The export's file name.
        unresolved: Titles that still name no drafted episode (0 normally), told in the
            header.
        unheld: Rows that name nothing a catalog can hold (no show, no episode number nor
            name: they resolve against no catalog), told in the header.

    Returns:
        The YAML text.
    """
    lines = [
        f"# showmeter catalog, drafted from {file} (--source {source}).",
        "# It loads as it is. Check every line marked `check`. Runtimes marked",
        '# `runtime_origin: "estimate"` are estimated (the largest position seen, else a default',
        "# per kind: docs/adapters/README.md); results computed from them say so. Add each",
        "# season's launches (`showmeter catalog enrich --metadata tvmaze`, or by hand) before",
        "# computing launch metrics.",
    ]
    if unresolved:
        lines.append(f"# {unresolved} titles of the export name no episode here: see `check`.")
    if unheld:
        lines.append(
            f"# {unheld} rows of the export name no show, film or episode a catalog can hold (no "
            "name; no episode number nor name; a Jellyfin ItemName not '<Series> - sXXeYY - "
            "<Episode>'): no catalog resolves them; ingest quarantines them as unresolved_title."
        )
    lines.append("titles:")
    lines += _build(draft)[0]
    return "\n".join(lines) + "\n"


def document(draft: Draft) -> dict[str, object]:
    """The draft as the document :func:`render`'s YAML parses into (without reading YAML).

    Built in the same pass as the text, so the two cannot differ; validating it (with
    :func:`showmeter.catalog.validation.validate`) is far quicker than parsing the text.
    """
    return {"titles": _build(draft)[1]}


def _build(draft: Draft) -> tuple[list[str], list[dict[str, object]]]:
    """The lines of the ``titles`` list, and the same titles as a document."""
    lines: list[str] = []
    titles: list[dict[str, object]] = []
    ids: set[str] = set()
    for show in sorted(draft.shows.values(), key=lambda s: (s.name.casefold(), s.film)):
        title_id = _unique(_slug(show.name), ids)
        lines += [f"  - title: {_quote(title_id)}", f"    name: {_quote(show.name)}"]
        entry: dict[str, object] = {"title": title_id, "name": show.name}
        titles.append(entry)
        if show.film:
            note = f"  # check: {show.note}" if show.note else ""
            lines += [f'    kind: "film"{note}', "    seasons:"]
            lines += ["      - season: 0", "        episodes:"]
            episode = show.film_episode or DraftEpisode(1, None, show.first)
            episode.number = 1
            line, item = _episode(episode, kind_of(True, None))
            lines.append(line)
            entry["kind"] = "film"
            entry["seasons"] = [{"season": 0, "episodes": [item]}]
            continue
        lines.append("    seasons:")
        seasons: list[dict[str, object]] = []
        for season in _numbered_seasons(show):
            note = "  # check: number assumed" if season.assumed else ""
            lines.append(f"      - season: {season.number}{note}")
            part: dict[str, object] = {"season": season.number}
            if season.label:
                lines.append(f"        label: {_quote(season.label)}")
                part["label"] = season.label
            lines.append("        episodes:")
            kind = kind_of(False, season.label)
            built = [_episode(e, kind) for e in _numbered_episodes(season)]
            lines += [line for line, _ in built]
            part["episodes"] = [item for _, item in built]
            seasons.append(part)
        entry["seasons"] = seasons
    return lines, titles


def _numbered_seasons(show: DraftShow) -> list[DraftSeason]:
    seasons = sorted(show.seasons.values(), key=lambda s: s.first)
    taken = {s.number for s in seasons if s.number}
    for season in seasons:
        if not season.number:
            season.number, season.assumed = _next_free(taken), True
            taken.add(season.number)
    return sorted(seasons, key=lambda s: s.number or 0)


def _numbered_episodes(season: DraftSeason) -> list[DraftEpisode]:
    episodes = sorted(season.episodes.values(), key=lambda e: e.first)
    taken = {e.number for e in episodes if e.number}
    for episode in episodes:
        if not episode.number:
            episode.number = _next_free(taken)
            episode.note = episode.note or "number in the order first watched: check"
            episode.assumed = True
            taken.add(episode.number)
    return sorted(episodes, key=lambda e: e.number or 0)


def _episode(episode: DraftEpisode, kind: str) -> tuple[str, dict[str, object]]:
    """An episode's line of YAML, and the same episode as a document."""
    seconds, how = estimate_runtime(episode.position, kind)  # type: ignore[arg-type]
    item: dict[str, object] = {"episode": episode.number}
    fields = [f"episode: {episode.number}"]
    if episode.name:
        fields.append(f"name: {_quote(episode.name)}")
        item["name"] = episode.name
    fields += [f"runtime: {_quote(_clock(seconds))}", 'runtime_origin: "estimate"']
    item.update(runtime=_clock(seconds), runtime_origin="estimate")
    notes = [episode.note] if episode.note else []
    notes.append(f"runtime: {how}")
    return f"          - {{{', '.join(fields)}}}  # " + "; ".join(notes), item


def _next_free(taken: set[int]) -> int:
    number = 1
    while number in taken:
        number += 1
    return number


def _clock(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML).

    Characters YAML does not allow as they are (controls, line and paragraph separators,
    surrogates) are written as escapes; the others, NBSP and accents included, as they are.
    """
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(_escape(c) for c in quoted)


def _escape(char: str) -> str:
    if char in "\t\n" or unicodedata.category(char) not in _UNPRINTABLE:
        return char
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


_UNPRINTABLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


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
