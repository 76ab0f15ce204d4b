"""The catalog as frozen Pydantic models: markets, titles, seasons, launches, availability.

The models hold checked values: instants are aware and in UTC, local times are naive, market
codes are upper case, durations are seconds. They guard their own invariants, so a catalog
built in Python is as sound as one loaded from a file; the loader (``showmeter.catalog.loader``)
checks the same rules first so that it can say on which line a rule is broken.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    NaiveDatetime,
    field_validator,
    model_validator,
)
from pydantic_core import CoreSchema, core_schema

from showmeter.catalog.zones import is_zone, resolve_local, to_instant, utc

__all__ = [
    "MAX_POPULATION",
    "MAX_RUNTIME_S",
    "MAX_SIGNAL_WEIGHT",
    "Availability",
    "Catalog",
    "Episode",
    "Launch",
    "Market",
    "Season",
    "SignalWeights",
    "Title",
]

MAX_RUNTIME_S = 86_400
"""An episode's longest runtime, a day in seconds (as a session's ``seconds_watched``)."""

MAX_POPULATION = 10**10
"""A market's largest population, 10¹⁰ (above the world's; demand's sums stay in range)."""

MAX_SIGNAL_WEIGHT = 10**6
"""A demand signal's largest weight, 10⁶ (a real weight is about 1: a search counts for two
page views). A signal's value is at most 10¹², so a weighted point is at most 10¹⁸ and demand's
exact sums (``wide_exact_sum``) stay in range; a weight near 10²⁹⁶ loaded, and its points
summed past the largest double."""

_CONFIG = ConfigDict(frozen=True, extra="forbid")
_MARKET = r"^[A-Z]{2}$"
_SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class Market(BaseModel):
    """A market: a country (ISO 3166-1 alpha-2) or ``ZZ``, with its zone and population."""

    model_config = _CONFIG

    market: str = Field(pattern=_MARKET)
    name: str | None = None
    tz: str
    population: int | None = Field(default=None, ge=0, le=MAX_POPULATION)

    @field_validator("tz")
    @classmethod
    def _known_zone(cls, tz: str) -> str:
        if not is_zone(tz):
            raise ValueError(f"{tz!r} is not an IANA time zone")
        return tz


class Episode(BaseModel):
    """One episode: its number, name, runtime and where its end credits start, in seconds."""

    model_config = _CONFIG

    episode: int = Field(ge=1)
    name: str | None = None
    runtime_s: float = Field(gt=0, le=MAX_RUNTIME_S)
    credits_at_s: float | None = Field(default=None, ge=0)
    runtime_origin: Literal["estimate", "tvmaze"] | None = None
    """Where the runtime comes from: ``None`` = given by a person, ``estimate`` = drafted
    (from bookmarks or a default per kind), ``tvmaze`` = looked up on TVmaze."""

    @model_validator(mode="after")
    def _credits_within_runtime(self) -> Self:
        if self.credits_at_s is not None and self.credits_at_s > self.runtime_s:
            raise ValueError("credits_at_s must not exceed runtime_s")
        return self


class Launch(BaseModel):
    """The launch of a season in one market (``*``: every market without its own entry).

    Exactly one of ``at`` (an instant, kept in UTC) and ``local`` (a naive wall-clock time,
    read in the zone of each market it applies to: a ``*`` local launch rolls around the
    world) is set.
    """

    model_config = _CONFIG

    market: str = Field(pattern=r"^([A-Z]{2}|\*)$")
    platform: str | None = None
    at: AwareDatetime | None = None
    local: NaiveDatetime | None = None
    origin: Literal["tvmaze"] | None = None
    """Where the launch comes from: ``None`` = given by a person, ``tvmaze`` = looked up."""

    @field_validator("at")
    @classmethod
    def _in_utc(cls, at: datetime | None) -> datetime | None:
        return None if at is None else utc(at)

    @field_validator("local")
    @classmethod
    def _plain(cls, local: datetime | None) -> datetime | None:
        return None if local is None else datetime.combine(local.date(), local.time())

    @model_validator(mode="after")
    def _one_time(self) -> Self:
        if (self.at is None) == (self.local is None):
            raise ValueError("give exactly one of `at` (an instant) and `local` (a local time)")
        return self

    def instant(self, tz: str) -> datetime:
        """Return the launch instant in a market whose zone is ``tz``.

        Args:
            tz: The market's IANA zone; used only when the launch is a local time.

        Returns:
            The instant, aware, in UTC.

        Raises:
            ValueError: When the local time does not exist or is ambiguous in ``tz``.
        """
        if self.at is not None:
            return self.at
        if self.local is None:  # pragma: no cover - excluded by the model validator
            raise AssertionError("a launch has `at` or `local`")
        return resolve_local(self.local, tz)


class Availability(BaseModel):
    """A window during which a platform offers a season in some markets.

    The window is half-open, ``[start, until)``. A date means the first instant of that day
    in each market's own zone; an instant is the same everywhere. The file writes ``start``
    as ``from``.
    """

    model_config = ConfigDict(
        frozen=True, extra="forbid", validate_by_name=True, validate_by_alias=True
    )

    platform: str
    markets: tuple[Annotated[str, Field(pattern=_MARKET)], ...] | Literal["*"] = "*"
    start: AwareDatetime | date = Field(alias="from")
    until: AwareDatetime | date | None = None

    @field_validator("start", "until", mode="before")
    @classmethod
    def _no_naive_time(cls, value: object) -> object:
        if isinstance(value, datetime) and value.tzinfo is None:
            raise ValueError("a time needs an offset (or give a date)")
        return value

    @field_validator("start", "until")
    @classmethod
    def _in_utc(cls, value: date | datetime | None) -> date | datetime | None:
        return utc(value) if isinstance(value, datetime) else value

    @model_validator(mode="after")
    def _until_after_start(self) -> Self:
        same_kind = isinstance(self.start, datetime) == isinstance(self.until, datetime)
        if self.until is not None and same_kind and not self.until > self.start:
            raise ValueError("`until` must be after `from`")
        return self

    def window(self, tz: str) -> tuple[datetime, datetime | None]:
        """Return the window as instants in a market whose zone is ``tz``.

        Args:
            tz: The market's IANA zone, used to place dates.

        Returns:
            ``(start, until)``, aware, in UTC; ``until`` is exclusive, ``None`` when open.
        """
        until = None if self.until is None else to_instant(self.until, tz)
        return to_instant(self.start, tz), until

    def covers(self, market: str) -> bool:
        """Tell whether the window applies to a market.

        Args:
            market: An ISO 3166-1 alpha-2 code, or ``ZZ``.

        Returns:
            True when the window lists the market or applies to every market (``*``).
        """
        return self.markets == "*" or market.upper() in self.markets


class Season(BaseModel):
    """A season (season 0 for a film): its episodes, launches and availability windows."""

    model_config = _CONFIG

    season: int = Field(ge=0)
    label: str | None = None
    episodes: tuple[Episode, ...] = Field(min_length=1)
    launches: tuple[Launch, ...] = ()
    availability: tuple[Availability, ...] = ()

    @model_validator(mode="after")
    def _unique(self) -> Self:
        _require_unique("episode", [episode.episode for episode in self.episodes])
        _require_unique("launch market", [launch.market for launch in self.launches])
        return self

    @property
    def runtime_s(self) -> float:
        """The runtime of the whole season, in seconds."""
        return sum(episode.runtime_s for episode in self.episodes)

    def episode(self, number: int) -> Episode | None:
        """Return an episode by its number, or ``None``."""
        return next((e for e in self.episodes if e.episode == number), None)

    def launch_entry(self, market: str) -> Launch | None:
        """Return the launch entry that applies to a market: its own, else the ``*`` one.

        Args:
            market: An ISO 3166-1 alpha-2 code, or ``ZZ``.

        Returns:
            The entry, or ``None`` when neither exists.
        """
        by_market = {launch.market: launch for launch in self.launches}
        return by_market.get(market.upper(), by_market.get("*"))

    def launch_for(self, market: str, tz: str) -> datetime | None:
        """Return L(s, m): the launch instant of this season in a market.

        Args:
            market: An ISO 3166-1 alpha-2 code, or ``ZZ``.
            tz: The market's IANA zone, in which a local launch time is read.

        Returns:
            The instant of the market's own launch entry, else of the ``*`` entry, aware, in
            UTC; ``None`` when the season has neither.

        Raises:
            ValueError: When the local launch time does not exist or is ambiguous in ``tz``.
        """
        entry = self.launch_entry(market)
        return None if entry is None else entry.instant(tz)


class Title(BaseModel):
    """A series or a film (a film has one season, numbered 0)."""

    model_config = _CONFIG

    title: str = Field(pattern=_SLUG)
    name: str | None = None
    kind: Literal["series", "film"] = "series"
    original: bool = False
    language: str | None = None
    category: str | None = None
    tvmaze: int | None = Field(default=None, ge=1)
    """The show's TVmaze id, when known."""
    seasons: tuple[Season, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _seasons_fit_kind(self) -> Self:
        numbers = [season.season for season in self.seasons]
        if self.kind == "film" and numbers != [0]:
            raise ValueError("a film has exactly one season, numbered 0")
        if self.kind == "series" and 0 in numbers:
            raise ValueError("the seasons of a series are numbered from 1")
        _require_unique("season", numbers)
        return self

    def season(self, number: int) -> Season | None:
        """Return a season by its number, or ``None``."""
        return next((s for s in self.seasons if s.season == number), None)


class SignalWeights(Mapping[str, float]):
    """An immutable, hashable mapping of demand signal -> weight, in the order given.

    Args:
        weights: The weights, signal -> weight (≥ 0).
    """

    __slots__ = ("_items",)

    def __init__(self, weights: Mapping[str, float] | None = None) -> None:
        self._items: dict[str, float] = dict(weights or {})

    def __getitem__(self, signal: str) -> float:
        return self._items[signal]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    def __repr__(self) -> str:
        return f"SignalWeights({self._items!r})"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        weights = core_schema.dict_schema(
            core_schema.str_schema(),
            core_schema.float_schema(ge=0, le=MAX_SIGNAL_WEIGHT, allow_inf_nan=False),
        )
        return core_schema.no_info_after_validator_function(
            cls,
            weights,
            serialization=core_schema.plain_serializer_function_ser_schema(dict),
        )


class Catalog(BaseModel):
    """The catalog: the market table, the demand signal weights and the titles.

    Attributes:
        markets: The market table: the markets listed in the file (plus ``ZZ``), else the
            built-in table of ISO 3166-1 countries.
        markets_listed: True when the file listed its markets.
        signal_weights: Demand signal -> weight.
        titles: The titles, in file order.
        file: The file the catalog was read from, if any.
    """

    model_config = _CONFIG

    markets: tuple[Market, ...]
    markets_listed: bool = False
    signal_weights: SignalWeights = Field(default_factory=SignalWeights)
    titles: tuple[Title, ...]
    file: str | None = None

    @model_validator(mode="after")
    def _unique(self) -> Self:
        _require_unique("market", [market.market for market in self.markets])
        _require_unique("title", [title.title for title in self.titles])
        return self

    def title(self, title_id: str) -> Title | None:
        """Return a title by its id, or ``None``."""
        return next((t for t in self.titles if t.title == title_id), None)

    def season(self, title_id: str, season: int) -> Season | None:
        """Return a season by its title id and number, or ``None``."""
        title = self.title(title_id)
        return None if title is None else title.season(season)

    def market(self, code: str) -> Market | None:
        """Return a market of the table by its code (case-insensitive), or ``None``."""
        code = code.upper()
        return next((m for m in self.markets if m.market == code), None)

    def global_launch(self, title_id: str, season: int) -> datetime | None:
        """Return the earliest launch instant of a season over every market of the table.

        This is the anchor of ``anchor=global``: the minimum of L(s, m) over the markets, so
        a ``*`` entry with a local time counts in every market's own zone.

        Args:
            title_id: The title's id.
            season: The season number.

        Returns:
            The instant, aware, in UTC; ``None`` when the season is unknown or has no launch.
        """
        found = self.season(title_id, season)
        if found is None:
            return None
        instants = [found.launch_for(m.market, m.tz) for m in self.markets]
        return min((instant for instant in instants if instant is not None), default=None)


def _require_unique(what: str, values: list[Any]) -> None:
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{what} {value!r} appears more than once")
        seen.add(value)
