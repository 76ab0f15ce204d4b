"""The catalog file as it is written: one Pydantic model per kind of entry, with every key.

These models describe the *file* (``runtime: "52:14"``, ``from: 2017-08-18``), where
:mod:`showmeter.catalog.models` holds the checked values (``runtime_s: 3134.0``). They are the
source of the catalog's JSON Schema (:func:`catalog_schema`, ``showmeter catalog schema``) and
of its reference page (``docs/catalog.md``, :mod:`showmeter.catalog.reference`); a test checks
that their keys are exactly the keys the loader accepts.
"""

from __future__ import annotations

from datetime import date, datetime  # noqa: TC003  (Pydantic reads the annotations)
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ENTRIES",
    "AvailabilityEntry",
    "CatalogFile",
    "EpisodeEntry",
    "LaunchEntry",
    "MarketEntry",
    "SeasonEntry",
    "TitleEntry",
    "catalog_schema",
    "keys",
]

SCHEMA_ID = "https://showmeter.invalid/catalog.schema.json"
"""The schema's ``$id`` (a name, not a place: nothing is fetched)."""

_FILE = ConfigDict(extra="forbid", populate_by_name=True)
_CODE = r"^[A-Za-z]{2}$"
_LOCAL = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?$"
_DURATION = r"^([0-9]+(\.[0-9]+)?|[0-9]+:[0-5][0-9]|[0-9]+:[0-5][0-9]:[0-5][0-9])$"

Duration = float | str
"""Seconds as a number, or ``"MM:SS"`` / ``"H:MM:SS"``."""


def _duration(description: str, **extra: Any) -> Any:
    return Field(
        description=description,
        json_schema_extra={
            "anyOf": [
                {"type": "number", "exclusiveMinimum": 0},
                {"type": "string", "pattern": _DURATION},
            ]
        },
        **extra,
    )


class MarketEntry(BaseModel):
    """A market of the ``markets`` list."""

    model_config = _FILE

    market: str = Field(
        pattern=_CODE, description="ISO 3166-1 alpha-2 code (`US`, `KR`), or `ZZ` for unknown."
    )
    name: str | None = Field(None, description="Its name; default: the country's name.")
    tz: str | None = Field(
        None,
        description="IANA time zone (`America/New_York`) in which local launch times and "
        "availability dates are read; default: the country's most populous zone.",
    )
    population: int | None = Field(
        None,
        ge=0,
        le=10**10,
        description="People, for `demand` per 100 people; at most 10¹⁰; default: GeoNames'.",
    )


class EpisodeEntry(BaseModel):
    """An episode of a season."""

    model_config = _FILE

    episode: int = Field(ge=1, description="Its number, from 1.")
    runtime: Duration = _duration(
        'Its runtime: seconds (`3134`), `"MM:SS"` (`"52:14"`) or `"H:MM:SS"` (`"1:02:03"`); '
        "at most a day (86400 s, as a session)."
    )
    name: str | None = Field(None, description="Its name.")
    credits_at: Duration | None = _duration(
        "Where its end credits start, in the runtime's forms; at most the runtime.",
        default=None,
    )
    runtime_origin: Literal["estimate", "tvmaze"] | None = Field(
        None,
        description="Where `runtime` comes from, when not from a person: `estimate` (drafted by "
        "`catalog draft` from the largest bookmark seen, or a default per kind) or `tvmaze` "
        "(looked up by `catalog enrich`). Absent: given. Results computed from an estimated "
        "runtime say so in their `inputs`.",
    )


class LaunchEntry(BaseModel):
    """The launch of a season in one market: exactly one of `at` and `local`."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"oneOf": [{"required": ["at"]}, {"required": ["local"]}]},
    )

    market: str = Field(
        pattern=r"^([A-Za-z]{2}|\*)$",
        description='One market (singular: `market: US`), or `"*"` for every market without '
        "an entry of its own. Availability windows, not launches, list `markets`.",
    )
    at: datetime | None = Field(
        None,
        description="The instant, ISO 8601 with `Z` or an offset: `2017-08-18T07:00:00Z`.",
    )
    local: datetime | None = Field(
        None,
        json_schema_extra={
            "anyOf": [{"type": "string", "pattern": _LOCAL}, {"type": "null"}],
        },
        description="A wall-clock time without offset (`2017-08-18T00:00`), read in the "
        "market's zone; with `*`, in each market's own zone (a rolling launch). A time that "
        "daylight saving time skips or repeats is an error.",
    )
    platform: str | None = Field(None, description="Where it launched (`netflix`).")
    origin: Literal["tvmaze"] | None = Field(
        None,
        description="Where the launch comes from, when not from a person: `tvmaze` (looked up "
        "by `catalog enrich`). Absent: given.",
    )


class AvailabilityEntry(BaseModel):
    """A window during which a platform offers the season in some markets: [from, until)."""

    model_config = _FILE

    platform: str = Field(description="The platform (`netflix`, `disney-plus`).")
    start: date | datetime = Field(
        alias="from",
        description="First day (local midnight in each market) or instant with an offset.",
    )
    markets: Literal["*"] | list[str] = Field(
        "*",
        description='The markets it covers (plural: `markets: [US, GB]`), or `"*"` for every '
        "market. Launches, not windows, take one `market`.",
        json_schema_extra={
            "anyOf": [
                {"const": "*"},
                {"type": "array", "items": {"type": "string", "pattern": _CODE}},
            ]
        },
    )
    until: date | datetime | None = Field(
        None, description="End, exclusive: a day or an instant; absent = still available."
    )


class SeasonEntry(BaseModel):
    """A season (season 0 for a film)."""

    model_config = _FILE

    season: int = Field(ge=0, description="Its number: from 1 for a series, 0 for a film.")
    episodes: list[EpisodeEntry] = Field(min_length=1, description="Its episodes.")
    label: str | None = Field(None, description="How it is called (`Limited Series`).")
    launches: list[LaunchEntry] = Field(
        default_factory=list,
        description="Its launch per market (L(s, m)); a season without one is never counted.",
    )
    availability: list[AvailabilityEntry] = Field(
        default_factory=list,
        description="Where and when it can be watched; a session outside every window of "
        "its market is quarantined (`outside_availability`). None listed: no such check.",
    )


class TitleEntry(BaseModel):
    """A series or a film."""

    model_config = _FILE

    title: str = Field(
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
        description="Its id, a lower-case slug (`the-defenders`), as the viewing files write it.",
    )
    seasons: list[SeasonEntry] = Field(min_length=1, description="Its seasons.")
    name: str | None = Field(None, description='Its display name ("Marvel\'s The Defenders").')
    kind: Literal["series", "film"] = Field(
        "series", description="`series` or `film` (a film has one season, numbered 0)."
    )
    original: bool = Field(False, description="A platform original (for `demand_rank`).")
    language: str | None = Field(None, description="Its original language (`en`).")
    category: str | None = Field(
        None, description="Its category (`drama`), for rankings by category."
    )
    tvmaze: int | None = Field(
        None,
        ge=1,
        description="The show's TVmaze id (`1859`), written by `catalog enrich`. Absent: none.",
    )


class CatalogFile(BaseModel):
    """A showmeter catalog (YAML or JSON): titles, seasons, episodes, launches, markets."""

    model_config = ConfigDict(
        extra="forbid",
        title="showmeter catalog",
        json_schema_extra={"$id": SCHEMA_ID},
    )

    titles: list[TitleEntry] = Field(description="The titles, each with its seasons.")
    markets: list[MarketEntry] | None = Field(
        None,
        description="The markets; when listed, these (and `ZZ`) are all the markets. Absent: "
        "every ISO 3166-1 country, with zones and populations built in.",
    )
    signal_weights: dict[str, float] = Field(
        default_factory=dict,
        description="Demand signal -> weight, from 0 to 10⁶ (`{pageviews: 1.0, searches: 2.0}`).",
    )


ENTRIES: tuple[tuple[str, type[BaseModel]], ...] = (
    ("the catalog", CatalogFile),
    ("a title", TitleEntry),
    ("a season", SeasonEntry),
    ("an episode", EpisodeEntry),
    ("a launch", LaunchEntry),
    ("an availability window", AvailabilityEntry),
    ("a market", MarketEntry),
)
"""Every kind of entry, named as the loader's messages name it, outermost first."""


def keys(model: type[BaseModel]) -> list[str]:
    """The keys an entry takes in the file (aliases where the file spells a field so)."""
    return [field.alias or name for name, field in model.model_fields.items()]


def catalog_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a catalog file, for editors to validate and complete.

    Returns:
        The schema as a JSON-ready dict.
    """
    schema = CatalogFile.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
