"""Fill in a catalog file from TVmaze, marking each value's origin, keeping comments and order.

For each series (films are left out: TVmaze lists TV shows), the show is found
(:mod:`~showmeter.intake.metadata.matching`) and recorded as the title's ``tvmaze: ID``; then,
for each season TVmaze knows by its number:

- each episode (found by its name within the season, else by its number; specials are never
  used) gets the episode's ``runtime`` (TVmaze's, in whole minutes, else the show's) where the
  catalog has none or an estimate (``runtime_origin: estimate``), marked
  ``runtime_origin: tvmaze``; and its ``name`` where it has none;
- the season gets a launch at the ``airstamp`` of its first episode, marked ``origin: tvmaze``:
  ``market: "*"`` for a worldwide web channel (Netflix: every market at once), else the
  channel's country (a network's, or a national web channel's). A season with any launch a
  person gave (no ``origin``) keeps its launches as they are.

A value a person gave (no ``*_origin`` / ``origin``) is never changed; a value marked
``tvmaze`` is refreshed. YAML keeps its comments, order and quoting (``ruamel.yaml``
round-trip) and gains the credit TVmaze's licence asks for as a comment; JSON stays JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC
from typing import TYPE_CHECKING, Any

from showmeter.catalog.models import MAX_RUNTIME_S
from showmeter.errors import InputError
from showmeter.intake.adapters.names import name_key
from showmeter.intake.metadata import document
from showmeter.intake.metadata.matching import Hints, Match, match_title
from showmeter.intake.metadata.tvmaze import CREDIT

if TYPE_CHECKING:
    from showmeter.intake.metadata.tvmaze import EpisodeInfo, Show, Tvmaze

__all__ = ["Enrichment", "TitleReport", "enrich_text"]


@dataclass
class TitleReport:
    """What enrichment did to one title."""

    title: str
    match: Match | None
    """``None`` for a title left out (a film)."""
    runtimes: int = 0
    names: int = 0
    launches: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Enrichment:
    """An enriched catalog and what was done."""

    text: str
    titles: list[TitleReport]
    calls: int = 0
    cache_hits: int = 0
    missing_runtimes: int = 0

    def count(self, *statuses: str) -> int:
        """How many titles' matches have one of these statuses."""
        return sum(1 for t in self.titles if t.match is not None and t.match.status in statuses)

    def summary(self, source: str) -> list[str]:
        """The report, one line each: totals, then each title, then the credit."""
        films = sum(1 for t in self.titles if t.match is None)
        lines = [
            f"TVmaze ({source}): {self.count('matched')} matched, {self.count('chosen')} chosen "
            f"among several, {self.count('ambiguous')} ambiguous, {self.count('not_found')} not "
            f"found, {films} films left out; {sum(t.runtimes for t in self.titles)} runtimes, "
            f"{sum(t.names for t in self.titles)} episode names and "
            f"{sum(len(t.launches) for t in self.titles)} launches filled in "
            f"({self.calls} calls, {self.cache_hits} answers from the cache)."
        ]
        for report in self.titles:
            match = report.match
            if match is None:
                continue
            if match.show is not None:
                line = f"  {match.status:<9} {report.title} -> TVmaze {match.show.describe()}, "
                line += f"{match.note}; runtimes {report.runtimes}, names {report.names}"
                line += f", launches {', '.join(report.launches)}" if report.launches else ""
            else:
                line = f"  {match.status:<9} {report.title} ({match.query!r}): {match.note}"
                if match.candidates:
                    line += "; candidates: " + "; ".join(s.describe() for s in match.candidates)
            lines.append(line)
            lines += [f"            {note}" for note in report.notes]
        if self.missing_runtimes:
            lines.append(
                f"{self.missing_runtimes} episodes still have no runtime: give them one before "
                "loading the catalog."
            )
        lines.append(CREDIT + " Values looked up there are marked `tvmaze` in the catalog.")
        return lines


def enrich_text(
    text: str, api: Tvmaze, *, file: str, json_format: bool | None = None
) -> Enrichment:
    """Enrich a catalog given as text.

    Args:
        text: The catalog, YAML or JSON.
        api: The TVmaze client.
        file: Its name, for errors.
        json_format: Whether it is JSON; ``None`` guesses from the first character.

    Returns:
        The enriched text and the report.

    Raises:
        InputError: The text is not YAML or JSON, or has no ``titles`` list.
        MetadataUnavailable: TVmaze cannot be reached.
    """
    is_json = text.lstrip().startswith("{") if json_format is None else json_format
    parsed = document.load(text, file, is_json)
    titles = parsed.get("titles") if isinstance(parsed, dict) else None
    if not isinstance(titles, list):
        raise InputError(
            "the catalog has no `titles` list",
            file=file,
            expected="a catalog (docs/catalog.md)",
            remedy="Give the catalog file, e.g. the one `showmeter catalog draft` wrote.",
        )
    markets = _listed_markets(parsed)
    reports = [_enrich_title(api, title, markets) for title in titles if isinstance(title, dict)]
    missing = sum(
        1
        for title in titles
        if isinstance(title, dict)
        for season in _dicts(title.get("seasons"))
        for episode in _dicts(season.get("episodes"))
        if "runtime" not in episode
    )
    out = document.dump(parsed, is_json)
    return Enrichment(
        out, reports, api.client.calls, api.client.cache_hits, missing_runtimes=missing
    )


def _enrich_title(api: Tvmaze, title: dict[str, Any], markets: set[str] | None) -> TitleReport:
    title_id = str(title.get("title", "?"))
    report = TitleReport(title_id, None)
    if title.get("kind") == "film":
        return report
    query = title.get("name") or title_id.replace("-", " ")
    pinned = title.get("tvmaze")
    hints = Hints(
        language=title.get("language") if isinstance(title.get("language"), str) else None,
        year=_first_year(title),
        episode_names=frozenset(
            name_key(str(episode["name"]))
            for season in _dicts(title.get("seasons"))
            for episode in _dicts(season.get("episodes"))
            if episode.get("name")
        ),
    )
    match = match_title(
        api, str(query), hints, pinned if isinstance(pinned, int) and pinned > 0 else None
    )
    report.match = match
    if match.show is None:
        return report
    show = match.show
    document.put(title, "tvmaze", show.id, after=("name", "title"))
    seasons = api.seasons(show.id)
    regular: dict[int, list[EpisodeInfo]] = {}
    for episode in api.episodes(show.id):
        if episode.number is not None and episode.type == "regular":
            regular.setdefault(episode.season, []).append(episode)
    for season in _dicts(title.get("seasons")):
        number = season.get("season")
        episodes = regular.get(number) if isinstance(number, int) else None
        if not episodes:
            report.notes.append(f"season {number}: not on TVmaze, left as it is")
            continue
        _fill_episodes(season, sorted(episodes, key=lambda e: e.number or 0), show, report)
        info = seasons.get(number) if isinstance(number, int) else None
        channel = (info.channel if info else None) or show.channel
        _fill_launch(season, number, episodes, channel, markets, report)
    return report


def _fill_episodes(
    season: dict[str, Any], episodes: list[EpisodeInfo], show: Show, report: TitleReport
) -> None:
    by_number = {e.number: e for e in episodes}
    by_name = {name_key(e.name): e for e in episodes if e.name}
    items = season.get("episodes")
    for index, entry in enumerate(_dicts(items)):
        number = entry.get("episode")
        named = by_name.get(name_key(str(entry["name"]))) if entry.get("name") else None
        found = named or by_number.get(number)
        if found is None:
            report.notes.append(f"season {season.get('season')} episode {number}: not on TVmaze")
            continue
        if named is not None and named.number != number:
            report.notes.append(
                f"season {season.get('season')} episode {number} ({entry['name']!r}) is episode "
                f"{named.number} on TVmaze: check its number"
            )
        filled = []
        if not entry.get("name") and found.name:
            document.put(entry, "name", found.name, after=("episode",))
            report.names += 1
            filled.append("name: TVmaze")
        minutes = found.runtime or show.runtime or show.average_runtime
        if minutes and minutes * 60 > MAX_RUNTIME_S:
            report.notes.append(
                f"season {season.get('season')} episode {number}: TVmaze's runtime of {minutes} "
                "min is over a day (the catalog's bound), not filled in"
            )
            minutes = None
        if minutes and ("runtime" not in entry or entry.get("runtime_origin") is not None):
            document.put(
                entry, "runtime", document.quoted(_clock(minutes * 60)), after=("name", "episode")
            )
            document.put(entry, "runtime_origin", "tvmaze", after=("runtime",))
            report.runtimes += 1
            filled.append("runtime: TVmaze")
        if filled:
            document.note(items, index, entry, filled)


def _fill_launch(
    season: dict[str, Any],
    number: object,
    episodes: list[EpisodeInfo],
    channel: Any,
    markets: set[str] | None,
    report: TitleReport,
) -> None:
    launches = season.get("launches")
    given = [x for x in _dicts(launches) if x.get("origin") is None]
    if given:
        report.notes.append(f"season {number}: launches given in the catalog, kept")
        return
    premiere = min(episodes, key=lambda e: e.number or 0)
    if premiere.airstamp is None or channel is None:
        report.notes.append(f"season {number}: TVmaze has no premiere instant, no launch")
        return
    market = "*" if channel.web and channel.country is None else channel.country
    if market is None:
        report.notes.append(f"season {number}: {channel.name} has no country, no launch")
        return
    if markets is not None and market != "*" and market not in markets:
        report.notes.append(f"season {number}: market {market} is not in `markets`, no launch")
        return
    at = premiere.airstamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    platform = re.sub(r"[^a-z0-9]+", "-", channel.name.lower()).strip("-") or None
    launch = document.flow({"market": document.quoted(market), "at": document.quoted(at)})
    if platform:
        launch["platform"] = platform
    launch["origin"] = "tvmaze"
    if not isinstance(launches, list):
        launches = document.sequence()
        document.put(season, "launches", launches, after=("episodes",))
    for index, old in enumerate(launches):
        if isinstance(old, dict) and old.get("market") == market:
            launches[index] = launch
            break
    else:
        launches.append(launch)
    report.launches.append(f"{market} {at}")


def _first_year(title: dict[str, Any]) -> int | None:
    years = []
    for season in _dicts(title.get("seasons")):
        for launch in _dicts(season.get("launches")):
            when = str(launch.get("at") or launch.get("local") or "")
            if when[:4].isdigit():
                years.append(int(when[:4]))
    return min(years, default=None)


def _listed_markets(parsed: dict[str, Any]) -> set[str] | None:
    listed = parsed.get("markets")
    if not isinstance(listed, list):
        return None
    return {str(m.get("market", "")).upper() for m in listed if isinstance(m, dict)}


def _dicts(value: object) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _clock(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    clock = f"{rest // 60:02d}:{rest % 60:02d}"
    return f"{hours}:{clock}" if hours else clock
