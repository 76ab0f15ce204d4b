"""The types of parameter values: how each parses a string or a Python value, and echoes it.

Every :class:`Kind` accepts the text of ``--set name=value`` and the typed value a Python caller
would pass, raises ``ValueError`` with what it expected otherwise, and renders a parsed value
for JSON. :mod:`showmeter.definitions.params` builds the parameters of every metric from these.
:class:`~showmeter.schema.SeasonKey` is declared in :mod:`showmeter.schema` and re-exported
here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Sequence
from typing import NamedTuple, Protocol

from showmeter.schema import SeasonKey

__all__ = [
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
    "SeasonKey",
    "SeasonRef",
    "Text",
    "nearest",
]


class Ages(NamedTuple):
    """An inclusive age range; ``high`` is ``None`` for "and over" (``50+``)."""

    low: int
    high: int | None

    def __str__(self) -> str:
        return f"{self.low}+" if self.high is None else f"{self.low}-{self.high}"


class Kind(Protocol):
    """How a parameter's values are parsed, described and echoed."""

    @property
    def label(self) -> str:
        """What the parameter accepts, in words (for help and errors)."""
        ...

    def parse(self, raw: object) -> object:
        """Parse a string from the command line or a typed Python value.

        Raises:
            ValueError: The value is not acceptable; the message says what is expected.
        """
        ...

    def echo(self, value: object) -> object:
        """Render a parsed value for JSON output."""
        ...


def _plain(value: object) -> object:
    return value


@dataclasses.dataclass(frozen=True)
class Integer:
    """A whole number, optionally bounded (inclusive)."""

    minimum: int | None = None
    maximum: int | None = None

    @property
    def label(self) -> str:  # noqa: D102
        return _bounded("an integer", self.minimum, self.maximum)

    def parse(self, raw: object) -> int:  # noqa: D102
        if isinstance(raw, bool):
            raise ValueError(self.label)
        if isinstance(raw, int):
            value = raw
        elif (isinstance(raw, float) and raw.is_integer()) or (
            isinstance(raw, str) and re.fullmatch(r"\s*[+-]?\d+\s*", raw)
        ):
            value = int(raw)
        else:
            raise ValueError(self.label)
        _check_bounds(value, self.minimum, self.maximum, self.label)
        return value

    echo = staticmethod(_plain)


@dataclasses.dataclass(frozen=True)
class Number:
    """A real number, optionally bounded; ``open_minimum`` excludes the minimum itself."""

    minimum: float | None = None
    maximum: float | None = None
    open_minimum: bool = False

    @property
    def label(self) -> str:  # noqa: D102
        low = None if self.minimum is None else _num(self.minimum)
        high = None if self.maximum is None else _num(self.maximum)
        if self.open_minimum and low is not None:
            return f"a number > {low}" + (f" and ≤ {high}" if high is not None else "")
        return _bounded("a number", low, high)

    def parse(self, raw: object) -> float:  # noqa: D102
        if isinstance(raw, bool):
            raise ValueError(self.label)
        if isinstance(raw, int | float):
            value = float(raw)
        elif isinstance(raw, str):
            try:
                value = float(raw.strip())
            except ValueError:
                raise ValueError(self.label) from None
        else:
            raise ValueError(self.label)
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(self.label)
        if self.open_minimum and self.minimum is not None and value <= self.minimum:
            raise ValueError(self.label)
        _check_bounds(value, self.minimum, self.maximum, self.label)
        return value

    echo = staticmethod(_plain)


@dataclasses.dataclass(frozen=True)
class Integers:
    """A comma list (or a Python sequence) of whole numbers, each bounded; at least one.

    Parses to the distinct numbers in increasing order.
    """

    item: Integer

    @property
    def label(self) -> str:  # noqa: D102
        return "a comma list of " + self.item.label.replace("an integer", "integers", 1)

    def parse(self, raw: object) -> tuple[int, ...]:  # noqa: D102
        if isinstance(raw, str):
            items: list[object] = [item for item in raw.split(",") if item.strip()]
        elif isinstance(raw, Sequence):
            items = list(raw)
        else:
            raise ValueError(self.label)
        try:
            values = {self.item.parse(item) for item in items}
        except ValueError:
            raise ValueError(self.label) from None
        if not values:
            raise ValueError(self.label)
        return tuple(sorted(values))

    def echo(self, value: object) -> object:  # noqa: D102
        return list(value)  # type: ignore[call-overload]


_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


@dataclasses.dataclass(frozen=True)
class Boolean:
    """``true`` or ``false`` (also yes/no, on/off, 1/0)."""

    @property
    def label(self) -> str:  # noqa: D102
        return "true or false"

    def parse(self, raw: object) -> bool:  # noqa: D102
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
            return raw.strip().lower() in _TRUE
        raise ValueError(self.label)

    echo = staticmethod(_plain)


@dataclasses.dataclass(frozen=True)
class Choice:
    """One of a fixed set of words (case-insensitive)."""

    options: tuple[str, ...]

    @property
    def label(self) -> str:  # noqa: D102
        return "one of " + ", ".join(self.options)

    def parse(self, raw: object) -> str:  # noqa: D102
        if isinstance(raw, str) and raw.strip().lower() in self.options:
            return raw.strip().lower()
        raise ValueError(self.label + _did_you_mean(raw, self.options))

    echo = staticmethod(_plain)


@dataclasses.dataclass(frozen=True)
class Text:
    """A non-empty word, such as a panel's name."""

    @property
    def label(self) -> str:  # noqa: D102
        return "a non-empty name"

    def parse(self, raw: object) -> str:  # noqa: D102
        if isinstance(raw, str) and raw.strip():
            return raw.strip()
        raise ValueError(self.label)

    echo = staticmethod(_plain)


@dataclasses.dataclass(frozen=True)
class Names:
    """A comma list (or a Python list) of names, normalized and optionally restricted.

    ``all`` (or an empty value) means no restriction and parses to ``None``.
    """

    what: str
    upper: bool = False
    allowed: tuple[str, ...] = ()
    pattern: str | None = None

    @property
    def label(self) -> str:  # noqa: D102
        if self.allowed:
            return f"all, or a comma list of {self.what} among " + ", ".join(self.allowed)
        return f"all, or a comma list of {self.what}"

    def parse(self, raw: object) -> tuple[str, ...] | None:  # noqa: D102
        if raw is None:
            return None
        if isinstance(raw, str):
            items = [item.strip() for item in raw.split(",")]
        elif isinstance(raw, Sequence) and all(isinstance(item, str) for item in raw):
            items = [str(item).strip() for item in raw]
        else:
            raise ValueError(self.label)
        items = [item.upper() if self.upper else item.lower() for item in items if item]
        if not items or items == ["ALL" if self.upper else "all"]:
            return None
        for item in items:
            if self.allowed and item not in self.allowed:
                raise ValueError(
                    f"{self.label}; {item!r} is not one" + _did_you_mean(item, self.allowed)
                )
            if self.pattern and not re.fullmatch(self.pattern, item):
                raise ValueError(f"{self.label}; {item!r} is not one")
        return tuple(sorted(set(items)))

    def echo(self, value: object) -> object:  # noqa: D102
        return None if value is None else list(value)  # type: ignore[call-overload]


@dataclasses.dataclass(frozen=True)
class SeasonRef:
    """A season written ``title:season``, e.g. ``daredevil:2`` (a film is ``title:0``)."""

    @property
    def label(self) -> str:  # noqa: D102
        return "a season as title:season, e.g. daredevil:2"

    def parse(self, raw: object) -> SeasonKey:  # noqa: D102
        if isinstance(raw, SeasonKey):
            return raw
        if isinstance(raw, tuple) and len(raw) == 2:
            title, season = raw
            if isinstance(title, str) and isinstance(season, int) and not isinstance(season, bool):
                return SeasonKey(title.strip(), season)
        if isinstance(raw, str):
            match = re.fullmatch(r"\s*([^:\s]+)\s*:\s*(\d+)\s*", raw)
            if match:
                return SeasonKey(match[1], int(match[2]))
        raise ValueError(self.label)

    def echo(self, value: object) -> object:  # noqa: D102
        return None if value is None else str(value)


@dataclasses.dataclass(frozen=True)
class AgeRange:
    """An inclusive age range: ``18-49``, or ``50+`` for 50 and over."""

    @property
    def label(self) -> str:  # noqa: D102
        return "an age range such as 18-49 or 50+"

    def parse(self, raw: object) -> Ages | None:  # noqa: D102
        if raw is None:
            return None
        if isinstance(raw, Ages) or (isinstance(raw, tuple) and len(raw) == 2):
            low, high = raw
        elif isinstance(raw, str) and (
            match := re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)|\+)\s*", raw)
        ):
            low, high = int(match[1]), (int(match[2]) if match[2] is not None else None)
        else:
            raise ValueError(self.label)
        if not isinstance(low, int) or not (high is None or isinstance(high, int)):
            raise ValueError(self.label)
        if low < 0 or (high is not None and high < low):
            raise ValueError(self.label + " (from the lower age to the higher)")
        return Ages(low, high)

    def echo(self, value: object) -> object:  # noqa: D102
        return None if value is None else str(value)


@dataclasses.dataclass(frozen=True)
class Date:
    """A calendar date, ``YYYY-MM-DD``."""

    @property
    def label(self) -> str:  # noqa: D102
        return "a date as YYYY-MM-DD"

    def parse(self, raw: object) -> dt.date:  # noqa: D102
        if isinstance(raw, dt.datetime):
            raise ValueError(self.label)
        if isinstance(raw, dt.date):
            return raw
        if isinstance(raw, str):
            try:
                return dt.date.fromisoformat(raw.strip())
            except ValueError:
                pass
        raise ValueError(self.label)

    def echo(self, value: object) -> object:  # noqa: D102
        return value.isoformat() if isinstance(value, dt.date) else value


def nearest(name: str, known: Sequence[str]) -> str | None:
    """The known name closest to ``name``, if any is close enough."""
    matches = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _did_you_mean(raw: object, options: Sequence[str]) -> str:
    if isinstance(raw, str) and (close := nearest(raw.strip().lower(), options)):
        return f" (did you mean {close!r}?)"
    return ""


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _bounded(what: str, low: object, high: object) -> str:
    if low is not None and high is not None:
        return f"{what} from {low} to {high}"
    if low is not None:
        return f"{what} ≥ {low}"
    if high is not None:
        return f"{what} ≤ {high}"
    return what


def _check_bounds(value: float, low: float | None, high: float | None, label: str) -> None:
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(label)
