from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pycountry
import pytest

from showmeter.catalog import UNKNOWN_MARKET, builtin_market, builtin_markets


@pytest.mark.parametrize(
    ("code", "tz"),
    [
        ("US", "America/New_York"),
        ("KR", "Asia/Seoul"),
        ("PH", "Asia/Manila"),
        ("GB", "Europe/London"),
        ("JP", "Asia/Tokyo"),
        ("NO", "Europe/Oslo"),
        # several zones: the one where most people live, not zone.tab's first
        ("CA", "America/Toronto"),
        ("AU", "Australia/Sydney"),
        ("BR", "America/Sao_Paulo"),
        ("RU", "Europe/Moscow"),
    ],
)
def test_countries_have_the_zone_where_most_people_live(code: str, tz: str) -> None:
    market = builtin_market(code)
    assert market is not None
    assert market.tz == tz


@pytest.mark.parametrize("code", ["US", "KR", "PH", "GB", "JP", "IN", "BR"])
def test_big_countries_have_a_population_in_the_millions(code: str) -> None:
    market = builtin_market(code)
    assert market is not None
    assert market.population is not None
    assert market.population > 1_000_000


def test_every_iso_country_is_a_market_and_zz_comes_last() -> None:
    markets = builtin_markets()
    codes = [market.market for market in markets]
    assert len(codes) == len(pycountry.countries) + 1
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in codes)
    assert markets[-1] == UNKNOWN_MARKET
    assert (UNKNOWN_MARKET.name, UNKNOWN_MARKET.tz, UNKNOWN_MARKET.population) == (
        "Unknown",
        "UTC",
        None,
    )


def test_every_zone_is_known_to_zoneinfo() -> None:
    for market in builtin_markets():
        ZoneInfo(market.tz)


def test_a_country_without_a_zone_of_its_own_gets_utc() -> None:
    bouvet = builtin_market("BV")
    assert bouvet is not None
    assert bouvet.tz == "UTC"


def test_names_prefer_the_common_name() -> None:
    korea = builtin_market("KR")
    norway = builtin_market("NO")
    assert korea is not None and norway is not None
    assert (korea.name, norway.name) == ("South Korea", "Norway")


def test_lookup_is_case_insensitive_and_rejects_non_countries() -> None:
    assert builtin_market("jp") == builtin_market("JP")
    assert builtin_market("XX") is None
    assert builtin_market("USA") is None


def test_the_table_is_cached() -> None:
    assert builtin_markets() is builtin_markets()
