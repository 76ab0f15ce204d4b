"""The market table of a catalog being validated, and the rule for market codes.

When the file lists no ``markets``, the table is the built-in one (every ISO 3166-1 country).
When it lists them, the table is those markets, with their zone and population filled in from
the built-in table when not given, plus ``ZZ``, plus every market that a launch or an
availability window names, taken from the built-in table. So a reference to a real country is
never an error, and ``*`` always expands to every market the catalog knows of.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from showmeter.catalog import values
from showmeter.catalog.markets import UNKNOWN_MARKET, builtin_market, builtin_markets
from showmeter.catalog.models import MAX_POPULATION, Market
from showmeter.catalog.values import FieldError

if TYPE_CHECKING:
    from collections.abc import Callable

    from showmeter.catalog.nodes import Node, Reader

__all__ = ["MarketTable", "iso_code", "market_reference", "market_table"]

_CODES = "an ISO 3166-1 alpha-2 code such as US, KR or GB, or ZZ for unknown"


def iso_code(raw: object) -> str:
    """Parse a market code: ISO 3166-1 alpha-2 or ``ZZ``, case-insensitive; returns upper case."""
    if isinstance(raw, bool):
        raise FieldError("is not a market code", expected=_CODES, remedy='Quote it, e.g. "NO".')
    if not isinstance(raw, str) or builtin_market(raw.strip()) is None:
        raise FieldError("is not a market code", expected=_CODES, remedy=_suggest_code(raw))
    return raw.strip().upper()


def market_reference(*, star: bool) -> Callable[[object], str]:
    """Return a parser of market codes, accepting ``*`` (every market) when ``star``."""

    def parse(raw: object) -> str:
        return "*" if star and raw == "*" else iso_code(raw)

    return parse


def _suggest_code(raw: object) -> str | None:
    import pycountry

    try:
        country = pycountry.countries.lookup(str(raw).strip())
    except LookupError:
        return None
    return f"Did you mean `{country.alpha_2}` ({country.name})?"


def _builtin(code: str) -> Market:
    market = builtin_market(code)
    if market is None:  # pragma: no cover - codes are checked by iso_code first
        raise KeyError(code)
    return market


@dataclass(frozen=True)
class MarketTable:
    """The markets of a catalog: code -> market, and whether the file listed them.

    Attributes:
        markets: Code -> market, ``ZZ`` last.
        listed: True when the file lists its markets.
    """

    markets: Mapping[str, Market]
    listed: bool

    def tz(self, code: str) -> str | None:
        """Return the zone of a market of the table, or ``None``."""
        market = self.markets.get(code)
        return None if market is None else market.tz


def market_table(reader: Reader, node: Node | None, titles: object) -> MarketTable:
    """Validate the ``markets`` list and build the market table.

    Args:
        reader: The reader collecting problems.
        node: The ``markets`` node, or ``None`` when the file lists no markets.
        titles: The raw ``titles`` value, searched for the market codes it names.

    Returns:
        The table.
    """
    if node is None:
        return MarketTable({market.market: market for market in builtin_markets()}, listed=False)
    markets: dict[str, Market] = {}
    for item in reader.sequence(node, "markets", non_empty=True):
        fields = reader.mapping(
            item, "a market", required={"market": "US"}, optional=("name", "tz", "population")
        )
        code = None if fields is None else reader.parse(fields.get("market"), iso_code)
        if fields is None or code is None:
            continue
        if code in markets:
            reader.report(fields["market"], f"market `{code}` is listed twice. Keep one entry.")
            continue
        builtin = _builtin(code)
        name = reader.parse(fields.get("name"), values.text)
        tz = reader.parse(fields.get("tz"), values.zone)
        population = reader.parse(fields.get("population"), values.integer(0))
        if population is not None and population > MAX_POPULATION:
            reader.report(
                fields["population"],
                f"`population` is {population}, more people than live on Earth; expected at "
                f"most {MAX_POPULATION} (10 billion). Check the value: it counts people.",
            )
            continue
        market = reader.build(
            item,
            Market,
            market=code,
            name=builtin.name if name is None else name,
            tz=builtin.tz if tz is None else tz,
            population=builtin.population if population is None else population,
        )
        if market is not None:
            markets[code] = market
    for code in _referenced(titles):
        markets.setdefault(code, _builtin(code))
    markets[UNKNOWN_MARKET.market] = markets.pop(UNKNOWN_MARKET.market, UNKNOWN_MARKET)
    return MarketTable(markets, listed=True)


def _referenced(titles: object) -> Iterator[str]:
    """Yield the valid market codes that launches and availability windows name."""
    for season in _each(titles, "seasons"):
        for launch in _each(season.get("launches"), None):
            yield from _codes([launch.get("market")])
        for window in _each(season.get("availability"), None):
            markets = window.get("markets")
            yield from _codes(markets if isinstance(markets, list) else [])


def _each(items: object, inner: str | None) -> Iterator[Mapping[str, object]]:
    """Yield the mappings of a list (or, with ``inner``, of each item's ``inner`` list)."""
    for item in items if isinstance(items, list) else []:
        if isinstance(item, Mapping):
            yield from _each(item.get(inner), None) if inner else [item]


def _codes(raws: list[object]) -> Iterator[str]:
    for raw in raws:
        try:
            yield iso_code(raw)
        except FieldError:
            continue
