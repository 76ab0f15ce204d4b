"""Validating when and where a season is out: its launches and its availability windows.

Local launch times are resolved in the zone of every market they apply to, so that a time the
clocks skip or show twice is reported where it is written; availability windows must end
after they start in every market they cover.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from showmeter.catalog import values
from showmeter.catalog.market_table import market_reference
from showmeter.catalog.models import Availability, Launch
from showmeter.catalog.zones import resolve_local, to_instant

if TYPE_CHECKING:
    from datetime import date, datetime

    from showmeter.catalog.market_table import MarketTable
    from showmeter.catalog.nodes import Node, Reader

__all__ = ["LAUNCH_MARKET", "LAUNCH_ORIGINS", "WINDOW_MARKETS", "availability", "launches"]

LAUNCH_ORIGINS = ("tvmaze",)
"""Where a launch may come from when a person did not give it (``origin``)."""

LAUNCH_MARKET = (
    'a launch is one instant in one market, `market: US` (or `market: "*"` for every market '
    "without its own entry), one entry per market; it is availability windows that list "
    "`markets`."
)
"""Why a launch takes ``market`` (singular), for the error on ``markets``."""

WINDOW_MARKETS = (
    "an availability window covers a list of markets, `markets: [US, GB]` (or "
    '`markets: "*"`, the default); it is launches that take one `market` each.'
)
"""Why an availability window takes ``markets`` (plural), for the error on ``market``."""


def launches(reader: Reader, node: Node | None, table: MarketTable) -> tuple[Launch, ...]:
    """Validate the launches of a season.

    Args:
        reader: The reader collecting problems.
        node: The ``launches`` node, or ``None`` when absent.
        table: The catalog's markets.

    Returns:
        The launches that are valid.
    """
    if node is None:
        return ()
    seen: dict[str, int | None] = {}
    found: list[tuple[Node, Launch]] = []
    for item in reader.sequence(node, "launches"):
        entry = _launch(reader, item, table, seen)
        if entry is not None:
            found.append(entry)
    for item, launch in found:
        if launch.market == "*" and launch.local is not None:
            _check_rolling(reader, item, launch.local, table, seen)
    return tuple(launch for _, launch in found)


def _launch(
    reader: Reader, item: Node, table: MarketTable, seen: dict[str, int | None]
) -> tuple[Node, Launch] | None:
    mark = reader.mark()
    fields = reader.mapping(
        item,
        "a launch",
        required={"market": '"*"'},
        optional=("at", "local", "platform", "origin"),
        mistaken={"markets": ("market", LAUNCH_MARKET)},
    )
    if fields is None:
        return None
    market = reader.parse(fields.get("market"), market_reference(star=True))
    if market is not None and market in seen:
        reader.report(
            fields["market"],
            f"market `{market}` has two launches in this season (first on line "
            f"{seen[market]}). Keep one.",
        )
    elif market is not None:
        seen[market] = fields["market"].line
    if ("at" in fields) == ("local" in fields):
        given = "both" if "at" in fields else "neither"
        reader.report(
            item,
            f"a launch needs exactly one of `at` and `local`, but has {given}. Use `at` for "
            "an instant (2017-08-18T07:00:00Z) or `local` for a local time in each market's "
            "zone (2017-08-18T00:00).",
        )
    at = reader.parse(fields.get("at"), values.instant)
    local = reader.parse(fields.get("local"), values.local_time)
    platform = reader.parse(fields.get("platform"), values.text)
    origin = reader.parse(
        fields.get("origin"),
        values.choice(LAUNCH_ORIGINS, "Remove the key when a person gave the launch."),
    )
    tz = None if market is None else table.tz(market)
    if local is not None and tz is not None:
        try:
            resolve_local(local, tz)
        except ValueError as error:
            reader.report(fields["local"], f"In market `{market}`, {error}.")
    if not reader.clean_since(mark):
        return None
    launch = reader.build(
        item, Launch, market=market, platform=platform, at=at, local=local, origin=origin
    )
    return None if launch is None else (fields.get("local", item), launch)


def _check_rolling(
    reader: Reader, node: Node, local: datetime, table: MarketTable, named: dict[str, int | None]
) -> None:
    failures: dict[str, list[str]] = {}
    first_error = ""
    for code, market in table.markets.items():
        if code in named:
            continue
        try:
            resolve_local(local, market.tz)
        except ValueError as error:
            first_error = first_error or str(error)
            failures.setdefault(market.tz, []).append(code)
    if failures:
        codes = [code for zone_codes in failures.values() for code in zone_codes]
        shown = ", ".join(codes[:6]) + (f" and {len(codes) - 6} more" if len(codes) > 6 else "")
        reader.report(
            node,
            f"This `*` launch applies to {shown}, where {first_error}; or give those markets "
            "launches of their own.",
        )


def availability(reader: Reader, node: Node | None, table: MarketTable) -> tuple[Availability, ...]:
    """Validate the availability windows of a season.

    Args:
        reader: The reader collecting problems.
        node: The ``availability`` node, or ``None`` when absent.
        table: The catalog's markets.

    Returns:
        The windows that are valid.
    """
    if node is None:
        return ()
    windows = (
        _window(reader, item, table) for item in reader.sequence(node, "availability windows")
    )
    return tuple(window for window in windows if window is not None)


def _window(reader: Reader, item: Node, table: MarketTable) -> Availability | None:
    mark = reader.mark()
    fields = reader.mapping(
        item,
        "an availability window",
        required={"platform": "netflix", "from": "2017-08-18"},
        optional=("markets", "until"),
        mistaken={"market": ("markets", WINDOW_MARKETS)},
    )
    if fields is None:
        return None
    platform = reader.parse(fields.get("platform"), values.text)
    markets = _window_markets(reader, fields.get("markets"))
    start = reader.parse(fields.get("from"), values.day_or_instant)
    until = reader.parse(fields.get("until"), values.day_or_instant)
    if start is not None and until is not None and markets is not None:
        _check_order(reader, fields["until"], start, until, markets, table)
    if not reader.clean_since(mark):
        return None
    return reader.build(
        item, Availability, platform=platform, markets=markets, start=start, until=until
    )


def _window_markets(reader: Reader, node: Node | None) -> tuple[str, ...] | Literal["*"] | None:
    if node is None or node.value == "*":
        return "*"
    if isinstance(node.value, str):
        reader.report(
            node,
            f"`markets` is a single code (got {values.show(node.value)}); expected a list of "
            f'codes or "*". Write it as [{node.value}], or "*" for every market.',
        )
        return None
    mark = reader.mark()
    codes: list[str] = []
    for item in reader.sequence(node, 'market codes (or "*" for every market)', non_empty=True):
        code = reader.parse(item, market_reference(star=False))
        if code is not None and code in codes:
            reader.report(item, f"market `{code}` is listed twice in this window. Keep one.")
        elif code is not None:
            codes.append(code)
    return tuple(codes) if reader.clean_since(mark) else None


def _check_order(
    reader: Reader,
    node: Node,
    start: date | datetime,
    until: date | datetime,
    markets: tuple[str, ...] | Literal["*"],
    table: MarketTable,
) -> None:
    codes = table.markets if markets == "*" else markets
    zones = sorted({tz for code in codes if (tz := table.tz(code)) is not None})
    for tz in zones:
        if to_instant(until, tz) <= to_instant(start, tz):
            where = "" if type(start) is type(until) else f" in {tz}"
            reader.report(
                node,
                f"`until` ({values.show(until)}) is not after `from` ({values.show(start)})"
                f"{where}; a window is [from, until), so it must end after it starts. Swap "
                "them or fix the date.",
            )
            return
