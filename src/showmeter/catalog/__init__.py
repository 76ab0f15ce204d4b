"""The catalog: titles, seasons, episodes, launches, availability and markets.

Load one with :func:`load_catalog` (a YAML or JSON file) or :func:`parse_catalog` (text);
every problem in it is reported at once, each with its file, line and field. The models are
frozen Pydantic models; instants are in UTC.
"""

from __future__ import annotations

from showmeter.catalog.loader import load_catalog, parse_catalog
from showmeter.catalog.markets import UNKNOWN_MARKET, builtin_market, builtin_markets
from showmeter.catalog.models import (
    Availability,
    Catalog,
    Episode,
    Launch,
    Market,
    Season,
    SignalWeights,
    Title,
)
from showmeter.catalog.zones import resolve_local, start_of_day

__all__ = [
    "UNKNOWN_MARKET",
    "Availability",
    "Catalog",
    "Episode",
    "Launch",
    "Market",
    "Season",
    "SignalWeights",
    "Title",
    "builtin_market",
    "builtin_markets",
    "load_catalog",
    "parse_catalog",
    "resolve_local",
    "start_of_day",
]
