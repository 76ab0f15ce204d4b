"""Typed metric parameters: what each accepts, its default, and how it is echoed.

Parameters arrive from the command line as strings (``--set window_days=30``) or from Python
as typed values (``{"window_days": 30}``). Each :class:`Param` has a :class:`Kind` that parses
both forms, validates the value and renders it back for the result's ``params`` (JSON-ready:
numbers, booleans, strings, lists, or ``null`` for "all" / "none").

The kinds of values (integers, comma lists, ``title:season``, age ranges, dates, ...) are in
:mod:`showmeter.definitions.param_types` and re-exported here. The common parameters of
docs/contracts.md (``unit``, ``panel``, ``devices``, ``markets``, ``by_market``, ``anchor``,
``min_seconds``, ``completion``) are defined once here and shared by every metric that takes them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from typing import TypeVar

from showmeter import schema
from showmeter.definitions.param_types import (
    AgeRange,
    Ages,
    Boolean,
    Choice,
    Date,
    Integer,
    Integers,
    Kind,
    Names,
    Number,
    SeasonKey,
    SeasonRef,
    Text,
    nearest,
)
from showmeter.errors import InternalError, UsageError

__all__ = [
    "ANCHOR",
    "BY_MARKET",
    "COMPLETION",
    "DEVICES",
    "MARKETS",
    "MIN_SECONDS",
    "PANEL",
    "REQUIRED",
    "UNIT",
    "AgeRange",
    "Ages",
    "Boolean",
    "Choice",
    "Date",
    "Integer",
    "Integers",
    "Kind",
    "Names",
    "Number",
    "Param",
    "Params",
    "SeasonKey",
    "SeasonRef",
    "Text",
    "nearest",
    "window_days",
]

_T = TypeVar("_T")

DEVICE_NAMES = schema.DEVICES
"""The devices of the canonical ``viewing`` table (:data:`showmeter.schema.DEVICES`)."""

UNIT_COLUMNS = dict(zip(schema.UNITS, schema.UNIT_COLUMNS, strict=True))
"""The ``unit`` choices and the ``viewing`` column that identifies each."""


class _Required:
    """The default of a parameter that must be given."""

    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED = _Required()
"""Marks a parameter without a default."""


@dataclasses.dataclass(frozen=True)
class Param:
    """One parameter of a metric.

    Attributes:
        name: The name used in ``--set name=value`` and in Python.
        kind: What it accepts.
        default: The value when not given (already parsed), or :data:`REQUIRED`.
        help: One sentence: what it changes.
    """

    name: str
    kind: Kind
    default: object
    help: str

    @property
    def required(self) -> bool:
        """Whether the parameter has no default."""
        return self.default is REQUIRED

    def default_text(self) -> str:
        """The default as written on the command line (``all``, ``none``, ``required``)."""
        if self.required:
            return "required"
        shown = self.kind.echo(self.default)
        if shown is None:
            return "none" if self.name in ("panel", "ages") else "all"
        if isinstance(shown, bool):
            return str(shown).lower()
        if isinstance(shown, float) and shown.is_integer():
            return str(int(shown))
        return str(shown)

    def replace(self, **changes: object) -> Param:
        """A copy with some fields changed (e.g. another default)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


class Params(Mapping[str, object]):
    """The resolved parameters of one metric: every parameter, parsed, defaults filled in.

    Read them with the typed accessors (:meth:`integer`, :meth:`number`, ...), which check the
    type; :meth:`echo` renders them for a result.

    Args:
        metric: The metric's name (for error messages).
        values: Parsed values by name, in the metric's parameter order.
        kinds: The kind of each parameter, to echo it.
    """

    def __init__(self, metric: str, values: Mapping[str, object], kinds: Mapping[str, Kind]):
        self.metric = metric
        self._values = dict(values)
        self._kinds = dict(kinds)

    def __getitem__(self, name: str) -> object:
        try:
            return self._values[name]
        except KeyError:
            raise InternalError(f"metric {self.metric!r} has no parameter {name!r}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._values

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Params({self.metric!r}, {self._values!r})"

    def _typed(self, name: str, kind: type[_T]) -> _T:
        value = self[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise InternalError(f"parameter {name!r} of {self.metric!r} is not a {kind.__name__}")
        return value

    def integer(self, name: str) -> int:
        """An integer parameter."""
        return self._typed(name, int)

    def integers(self, name: str) -> tuple[int, ...]:
        """A list-of-integers parameter, in increasing order."""
        return self._typed(name, tuple)

    def number(self, name: str) -> float:
        """A real-number parameter."""
        return float(self._typed(name, float))

    def flag(self, name: str) -> bool:
        """A boolean parameter."""
        return self._typed(name, bool)

    def text(self, name: str) -> str:
        """A word parameter (a choice or a name)."""
        return self._typed(name, str)

    def optional_text(self, name: str) -> str | None:
        """A word parameter that may be unset (``none``)."""
        value = self[name]
        return None if value is None else self._typed(name, str)

    def names(self, name: str) -> tuple[str, ...] | None:
        """A list parameter; ``None`` means all."""
        value = self[name]
        return None if value is None else self._typed(name, tuple)

    def season(self, name: str) -> SeasonKey:
        """A ``title:season`` parameter."""
        return self._typed(name, SeasonKey)

    def ages(self, name: str) -> Ages | None:
        """An age-range parameter; ``None`` means every age."""
        value = self[name]
        return None if value is None else self._typed(name, Ages)

    def get_value(self, name: str, default: object = None) -> object:
        """The value of ``name``, or ``default`` when the metric has no such parameter."""
        return self._values.get(name, default)

    def replaced(self, values: Mapping[str, object]) -> Params:
        """These parameters with some values replaced, as given (not parsed nor checked).

        Args:
            values: The new values by name (each a parameter of the metric).

        Returns:
            A copy with those values.
        """
        unknown = set(values) - set(self._values)
        if unknown:
            raise InternalError(f"metric {self.metric!r} has no parameter {sorted(unknown)[0]!r}")
        return Params(self.metric, {**self._values, **values}, self._kinds)

    def echo(self) -> dict[str, object]:
        """Every parameter, rendered for JSON (``null`` means all / none)."""
        return {name: self._kinds[name].echo(value) for name, value in self._values.items()}


def resolve(metric: str, params: Sequence[Param], given: Mapping[str, object] | None) -> Params:
    """Parse and validate the parameters given for a metric, filling in the defaults.

    Args:
        metric: The metric's name (for error messages).
        params: The metric's parameters, in order.
        given: Values by name: strings from the command line or typed Python values.

    Returns:
        Every parameter of the metric, parsed.

    Raises:
        UsageError: An unknown parameter (with the nearest name), a bad value (with what is
            expected), or a missing required one.
    """
    by_name = {param.name: param for param in params}
    given = dict(given or {})
    for name in given:
        if name not in by_name:
            close = nearest(name, list(by_name))
            raise UsageError(
                f"unknown parameter {name!r} for metric {metric!r}",
                remedy=(f"Did you mean {close!r}? " if close else "")
                + f"The parameters of {metric} are: {', '.join(by_name) or 'none'}.",
            )
    values: dict[str, object] = {}
    for param in params:
        if param.name in given and given[param.name] is not None:
            raw = given[param.name]
            try:
                values[param.name] = param.kind.parse(raw)
            except ValueError as error:
                raise UsageError(
                    f"bad value for parameter {param.name!r} of metric {metric!r}",
                    value=raw,
                    expected=str(error),
                    remedy=f"For example: --set {param.name}={param.default_text()}."
                    if not param.required
                    else None,
                ) from None
        elif param.required:
            raise UsageError(
                f"metric {metric!r} needs the parameter {param.name!r}",
                expected=param.kind.label,
                remedy=f"Give it with --set {param.name}=VALUE ({param.help}).",
            )
        else:
            values[param.name] = param.default
    return Params(metric, values, {param.name: param.kind for param in params})


# --- the common parameters of docs/contracts.md ------------------------------------------------

UNIT = Param(
    "unit",
    Choice(tuple(UNIT_COLUMNS)),
    "account",
    "what is counted: accounts, profiles or persons (the viewing column account_id, "
    "profile_id or person_id); sessions without that id are left out; the default is "
    "profile for a household's store (docs/contracts.md)",
)
PANEL = Param(
    "panel",
    Text(),
    None,
    "count only this panel's units of the unit kind in use, each with its weight; "
    "none = every unit with weight 1",
)
DEVICES = Param(
    "devices",
    Names("devices", allowed=DEVICE_NAMES),
    None,
    f"only sessions on these devices count ({', '.join(DEVICE_NAMES)})",
)
MARKETS = Param(
    "markets",
    Names("markets", upper=True, pattern=r"[A-Z]{2}"),
    None,
    "only sessions in these markets (ISO 3166-1 alpha-2) count",
)
BY_MARKET = Param(
    "by_market",
    Boolean(),
    False,
    "one row per market, where a unit's market is the market of its first session of the season",
)
ANCHOR = Param(
    "anchor",
    Choice(("market", "global")),
    "market",
    "market: L is the launch in the market (of the session, or of the unit for per-unit "
    "figures); global: L is the season's earliest launch everywhere",
)
MIN_SECONDS = Param(
    "min_seconds",
    Number(minimum=0),
    120.0,
    "a unit views the season in a window when, for some episode, its seconds watched in "
    "the window sum to at least this",
)
COMPLETION = Param(
    "completion",
    Number(minimum=0, maximum=1, open_minimum=True),
    0.9,
    "the share of an episode's runtime a unit must have watched (summed over sessions from "
    "the launch on) to have completed it",
)


def window_days(default: int, what: str = "the window") -> Param:
    """The ``window_days`` parameter with a metric's own default.

    Args:
        default: The default length in days.
        what: What the window bounds, for the help text.

    Returns:
        The parameter: days of 24 h from L, window [L, L + 24 h × window_days).
    """
    return Param(
        "window_days",
        Integer(minimum=1, maximum=3660),
        default,
        f"{what} is [L, L + window_days × 24 h)",
    )
