"""The catalog of a world, as the document ``showmeter.catalog.load_catalog`` reads.

Launches are written as instants (``at``) for the market ``*``; availability windows keep their
dates (the first instant of the day in each market's zone) or instants; runtimes are seconds.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import StringIO
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from showmeter.simulate.spec import SeasonSpec, TitleSpec, Window, World

__all__ = ["catalog_document", "catalog_yaml", "instant_text"]


def instant_text(instant: datetime) -> str:
    """An aware instant as ISO 8601 text in UTC with ``Z``, to the second."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _when(value: date | datetime) -> str:
    return instant_text(value) if isinstance(value, datetime) else value.isoformat()


def _window(window: Window) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "platform": window.platform,
        "markets": "*" if window.markets == "*" else list(window.markets),
        "from": _when(window.start),
    }
    if window.until is not None:
        entry["until"] = _when(window.until)
    return entry


def _season(season: SeasonSpec) -> dict[str, Any]:
    episodes = []
    for number, runtime in enumerate(season.runtimes, start=1):
        episode: dict[str, Any] = {"episode": number, "runtime": round(runtime)}
        if number <= len(season.episode_names):
            episode["name"] = season.episode_names[number - 1]
        episodes.append(episode)
    entry: dict[str, Any] = {"season": season.season}
    if season.label is not None:
        entry["label"] = season.label
    entry["episodes"] = episodes
    entry["launches"] = [
        {"market": "*", "at": instant_text(season.launch), "platform": season.platform}
    ]
    if season.availability:
        entry["availability"] = [_window(window) for window in season.availability]
    return entry


def _title(title: TitleSpec) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "title": title.title,
        "name": title.name,
        "kind": title.kind,
        "original": title.original,
        "language": title.language,
    }
    if title.category is not None:
        entry["category"] = title.category
    entry["seasons"] = [_season(season) for season in title.seasons]
    return entry


def catalog_document(world: World) -> dict[str, Any]:
    """The catalog of ``world`` as plain data: markets, signal weights and titles.

    Args:
        world: The world.

    Returns:
        A mapping ready to be written as YAML or JSON.
    """
    document: dict[str, Any] = {
        "markets": [
            {"market": m.market, "tz": m.tz, "population": m.population} for m in world.markets
        ]
    }
    if world.signal_weights:
        document["signal_weights"] = {k: float(v) for k, v in world.signal_weights.items()}
    document["titles"] = [_title(title) for title in world.titles]
    return document


def catalog_yaml(world: World) -> str:
    """The catalog of ``world`` as YAML text (episodes, launches and windows in flow style).

    Args:
        world: The world.

    Returns:
        The text of ``catalog.yaml``.
    """
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = None
    yaml.width = 120
    out = StringIO()
    out.write(f"# The catalog of the simulated world {world.name!r}. The data are simulated.\n")
    yaml.dump(catalog_document(world), out)
    return out.getvalue()
