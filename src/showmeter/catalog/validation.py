"""Validating a parsed catalog document into a :class:`~showmeter.catalog.models.Catalog`.

The rules for the top level, the signal weights, titles, seasons and episodes live here;
those for the market table in :mod:`showmeter.catalog.market_table`, and those for launches
and availability windows in :mod:`showmeter.catalog.schedule`. Every rule is checked on
every node, and every problem is reported at once, with its line and dotted field path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.catalog import values
from showmeter.catalog.market_table import MarketTable, market_table
from showmeter.catalog.models import (
    MAX_RUNTIME_S,
    MAX_SIGNAL_WEIGHT,
    Catalog,
    Episode,
    Season,
    SignalWeights,
    Title,
)
from showmeter.catalog.nodes import Node, Reader
from showmeter.catalog.plain import (
    ORIGIN_REMEDY,
    RUNTIME_ORIGINS,
    SLOW,
    plain_episode,
    plain_fields,
)
from showmeter.catalog.schedule import availability, launches
from showmeter.errors import CatalogError, Problem

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["validate"]

_KINDS = ("series", "film")


def validate(document: object, file: str) -> Catalog:
    """Check a parsed document against every catalog rule and build the catalog.

    Args:
        document: The document as ``ruamel.yaml`` parsed it (or plain dicts and lists, which
            validate the same but without line numbers).
        file: The file's name, for the problems and the catalog.

    Returns:
        The catalog.

    Raises:
        CatalogError: Listing every problem found, in file order.
    """
    reader = Reader(file)
    root = Node(document, "", 1)
    if document is None:
        raise CatalogError(
            [Problem("the catalog is empty; expected a mapping with `titles`.", file, 1)]
        )
    top = reader.mapping(
        root,
        "the catalog",
        required={"titles": "[{title: ..., seasons: [...]}]"},
        optional=("markets", "signal_weights"),
    )
    if top is None:
        raise CatalogError(reader.sorted_problems())
    titles_node = top.get("titles")
    table = market_table(
        reader, top.get("markets"), None if titles_node is None else titles_node.value
    )
    weights = _signal_weights(reader, top.get("signal_weights"))
    titles = _titles(reader, titles_node, table)
    catalog = None
    if not reader.problems:
        catalog = reader.build(
            root,
            Catalog,
            markets=tuple(table.markets.values()),
            markets_listed=table.listed,
            signal_weights=SignalWeights(weights),
            titles=titles,
            file=file,
        )
    if catalog is None:
        raise CatalogError(reader.sorted_problems())
    return catalog


def _signal_weights(reader: Reader, node: Node | None) -> dict[str, float]:
    if node is None:
        return {}
    if not isinstance(node.value, dict):
        reader.report(
            node,
            f"`signal_weights` is not a mapping (got {values.show(node.value)}); expected "
            "signal -> weight, e.g. {pageviews: 1.0, searches: 2.0}.",
        )
        return {}
    weights: dict[str, float] = {}
    for signal in node.value:
        child = node.child(signal)
        if not isinstance(signal, str) or not signal.strip():
            reader.report(
                child, f"signal `{signal}` is not a name; expected text, e.g. `searches`."
            )
            continue
        weight = reader.parse(child, values.weight)
        if weight is not None and weight > MAX_SIGNAL_WEIGHT:
            reader.report(
                child,
                f"signal `{signal}` weighs {values.show(child.value)}, more than demand's sums "
                f"allow; expected at most {MAX_SIGNAL_WEIGHT} (a million). Give the signals' "
                "relative weights (a search counting for two page views is 2.0).",
            )
        elif weight is not None:
            weights[signal] = weight
    return weights


def _titles(reader: Reader, node: Node | None, table: MarketTable) -> tuple[Title, ...]:
    if node is None:
        return ()
    seen: dict[str, int | None] = {}
    titles = (
        _title(reader, item, table, seen)
        for item in reader.sequence(node, "titles", non_empty=True)
    )
    return tuple(title for title in titles if title is not None)


_TITLE_KEYS = ("title", "seasons", "name", "kind", "original", "language", "category", "tvmaze")
_KIND = values.choice(_KINDS)
_TVMAZE = values.integer(1)
_TITLE_FIELDS: dict[str, Callable[[object], object]] = {
    "name": values.text,
    "original": values.flag,
    "language": values.text,
    "category": values.text,
    "tvmaze": _TVMAZE,
}
"""A title's optional fields but its kind, each with its check, in the order they are read."""


def _plain_title(
    reader: Reader, item: Node, table: MarketTable, seen: dict[str, int | None]
) -> Title | object | None:
    """:func:`_title` for a title read without lines whose own fields break no rule.

    Returns :data:`~showmeter.catalog.plain.SLOW` when a field is wrong (or the id is given
    twice), so that :func:`_title` checks it and says why; its seasons are checked as usual.
    """
    fields = plain_fields(item.value, _TITLE_KEYS, ("title", "seasons"))
    if fields is None:
        return SLOW
    try:
        title_id = values.slug(fields["title"])
        kind = "series" if fields.get("kind") is None else _KIND(fields["kind"])
        given = {
            key: None if fields.get(key) is None else parse(fields[key])
            for key, parse in _TITLE_FIELDS.items()
        }
    except values.FieldError:
        return SLOW
    if title_id in seen:
        return SLOW
    seen[title_id] = None  # no line: the document was read without them
    mark = reader.mark()
    seasons_node = Node(fields["seasons"], item.child_path("seasons"), None)
    seasons = _seasons(reader, seasons_node, kind, table)
    if not reader.clean_since(mark):
        return None
    return _built_title(reader, item, title_id, kind, seasons, given)


def _title(
    reader: Reader, item: Node, table: MarketTable, seen: dict[str, int | None]
) -> Title | None:
    plain = _plain_title(reader, item, table, seen)
    if plain is not SLOW:
        return plain  # type: ignore[return-value]
    mark = reader.mark()
    fields = reader.mapping(
        item,
        "a title",
        required={"title": "the-defenders", "seasons": "[{season: 1, episodes: [...]}]"},
        optional=("name", "kind", "original", "language", "category", "tvmaze"),
    )
    if fields is None:
        return None
    title_id = reader.parse(fields.get("title"), values.slug)
    if title_id is not None and title_id in seen:
        reader.report(
            fields["title"],
            f"title `{title_id}` is defined twice (first on line {seen[title_id]}). "
            "Give each title its own id, or merge the two entries.",
        )
    elif title_id is not None:
        seen[title_id] = fields["title"].line
    kind = reader.parse(fields.get("kind"), _KIND) or "series"
    given = {key: reader.parse(fields.get(key), parse) for key, parse in _TITLE_FIELDS.items()}
    seasons = _seasons(reader, fields.get("seasons"), kind, table)
    if not reader.clean_since(mark):
        return None
    return _built_title(reader, item, title_id, kind, seasons, given)


def _built_title(
    reader: Reader,
    item: Node,
    title_id: str | None,
    kind: str,
    seasons: tuple[Season, ...],
    given: dict[str, object],
) -> Title | None:
    """The title from its checked fields (either path: :func:`_plain_title`, :func:`_title`)."""
    return reader.build(
        item,
        Title,
        title=title_id,
        kind=kind,
        seasons=seasons,
        **{**given, "original": bool(given["original"])},
    )


def _seasons(
    reader: Reader, node: Node | None, kind: str, table: MarketTable
) -> tuple[Season, ...]:
    if node is None:
        return ()
    items = reader.sequence(node, "seasons", non_empty=True)
    if kind == "film" and len(items) > 1:
        reader.report(
            items[1],
            f"a film has exactly one season, numbered 0, but this one has {len(items)}. "
            "Keep one season, or set `kind: series`.",
        )
    seen: dict[int, int | None] = {}
    seasons = (_season(reader, item, kind, table, seen) for item in items)
    return tuple(season for season in seasons if season is not None)


_SEASON_NUMBER = values.integer(0)


def _plain_season(
    reader: Reader, item: Node, kind: str, seen: dict[int, int | None]
) -> Season | object | None:
    """:func:`_season` for a plain season whose own fields break no rule.

    Read without lines, without launches or availability; else
    :data:`~showmeter.catalog.plain.SLOW`.
    """
    fields = plain_fields(item.value, ("season", "episodes", "label"), ("season", "episodes"))
    if fields is None:
        return SLOW
    try:
        number = _SEASON_NUMBER(fields["season"])
        label = None if fields.get("label") is None else values.text(fields["label"])
    except values.FieldError:
        return SLOW
    if number in seen or (number != 0 if kind == "film" else number == 0):
        return SLOW
    seen[number] = None  # no line: the document was read without them
    mark = reader.mark()
    episodes = _episodes(reader, Node(fields["episodes"], item.child_path("episodes"), None))
    if not reader.clean_since(mark):
        return None
    return reader.build(
        item, Season, season=number, label=label, episodes=episodes, launches=(), availability=()
    )


def _season(
    reader: Reader, item: Node, kind: str, table: MarketTable, seen: dict[int, int | None]
) -> Season | None:
    plain = _plain_season(reader, item, kind, seen)
    if plain is not SLOW:
        return plain  # type: ignore[return-value]
    mark = reader.mark()
    fields = reader.mapping(
        item,
        "a season",
        required={
            "season": "0" if kind == "film" else "1",
            "episodes": "[{episode: 1, runtime: ...}]",
        },
        optional=("label", "launches", "availability"),
    )
    if fields is None:
        return None
    number = reader.parse(fields.get("season"), values.integer(0))
    if number is not None:
        _check_season_number(reader, fields["season"], number, kind, seen)
    label = reader.parse(fields.get("label"), values.text)
    episodes = _episodes(reader, fields.get("episodes"))
    season_launches = launches(reader, fields.get("launches"), table)
    windows = availability(reader, fields.get("availability"), table)
    if not reader.clean_since(mark):
        return None
    return reader.build(
        item,
        Season,
        season=number,
        label=label,
        episodes=episodes,
        launches=season_launches,
        availability=windows,
    )


def _check_season_number(
    reader: Reader, node: Node, number: int, kind: str, seen: dict[int, int | None]
) -> None:
    if kind == "film" and number != 0:
        reader.report(
            node,
            f"`season` is {number}, but a film has one season, numbered 0. "
            "Write `season: 0`, or set `kind: series`.",
        )
    elif kind == "series" and number == 0:
        reader.report(
            node,
            "`season` is 0, but the seasons of a series are numbered from 1 (season 0 is a "
            "film's). Number it from 1, or set `kind: film`.",
        )
    elif number in seen:
        reader.report(
            node,
            f"season {number} is defined twice in this title (first on line {seen[number]}). "
            "Renumber it, or merge the two entries.",
        )
    else:
        seen[number] = node.line


def _episodes(reader: Reader, node: Node | None) -> tuple[Episode, ...]:
    if node is None:
        return ()
    seen: dict[int, int | None] = {}
    if type(node.value) is list and node.value:  # read without lines (fast_yaml): no `.lc`
        found: list[Episode] = []
        for index, raw in enumerate(node.value):
            episode = plain_episode(raw, seen)
            if episode is None:  # something to report: the full check, which says what
                episode = _episode(reader, Node(raw, f"{node.path}[{index}]", None), seen)
            if episode is not None:
                found.append(episode)
        return tuple(found)
    episodes = (
        _episode(reader, item, seen) for item in reader.sequence(node, "episodes", non_empty=True)
    )
    return tuple(episode for episode in episodes if episode is not None)


def _episode(reader: Reader, item: Node, seen: dict[int, int | None]) -> Episode | None:
    mark = reader.mark()
    fields = reader.mapping(
        item,
        "an episode",
        required={"episode": "1", "runtime": '"52:14"'},
        optional=("name", "credits_at", "runtime_origin"),
    )
    if fields is None:
        return None
    number = reader.parse(fields.get("episode"), values.integer(1))
    if number is not None and number in seen:
        reader.report(
            fields["episode"],
            f"episode {number} is defined twice in this season (first on line {seen[number]}). "
            "Renumber it, or merge the two entries.",
        )
    elif number is not None:
        seen[number] = fields["episode"].line
    name = reader.parse(fields.get("name"), values.text)
    runtime = reader.parse(fields.get("runtime"), values.duration)
    credits_at = reader.parse(fields.get("credits_at"), values.duration)
    origin = reader.parse(
        fields.get("runtime_origin"), values.choice(RUNTIME_ORIGINS, ORIGIN_REMEDY)
    )
    if runtime == 0:
        reader.report(fields["runtime"], '`runtime` is 0; expected a duration > 0, e.g. "52:14".')
    elif runtime is not None and runtime > MAX_RUNTIME_S:
        whole = int(runtime)
        clock = f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"
        reader.report(
            fields["runtime"],
            f"`runtime` is {runtime:.10g} s ({clock}), longer than a day; expected at most "
            f'{MAX_RUNTIME_S} s ("24:00:00"). Check the unit: a number is seconds, a text "MM:SS" '
            'or "H:MM:SS".',
        )
    if runtime is not None and credits_at is not None and credits_at > runtime:
        reader.report(
            fields["credits_at"],
            f"`credits_at` ({credits_at:g} s) is after the end of the episode (`runtime` "
            f"{runtime:g} s); expected a time within the runtime. Check both values.",
        )
    if not reader.clean_since(mark):
        return None
    return reader.build(
        item,
        Episode,
        episode=number,
        name=name,
        runtime_s=runtime,
        credits_at_s=credits_at,
        runtime_origin=origin,
    )
