"""Parsers for the scalar values of a catalog file: slugs, durations, instants, local times.

Each parser takes a value as YAML or JSON gave it (a string, a number, or a ``date`` or
``datetime`` that the YAML parser already recognised) and returns the checked value, or raises
:class:`FieldError` saying what is wrong, what was expected and how to fix it.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeGuard

from showmeter.catalog.zones import is_zone, utc

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

__all__ = [
    "FieldError",
    "choice",
    "day_or_instant",
    "duration",
    "flag",
    "instant",
    "integer",
    "local_time",
    "slug",
    "text",
    "weight",
    "zone",
]

_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_CLOCK = re.compile(r"(?:(?P<h>\d+):(?P<hm>[0-5]\d)|(?P<m>\d+)):(?P<s>[0-5]\d(?:\.\d+)?)")
_SECONDS = re.compile(r"\d+(?:\.\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DURATIONS = 'seconds (3134), "MM:SS" ("52:14") or "H:MM:SS" ("1:02:03")'
_INSTANT = "an ISO 8601 instant with Z or an offset, e.g. 2017-08-18T07:00:00Z"
_LOCAL = "an ISO 8601 local time without offset, e.g. 2017-08-18T00:00"


class FieldError(ValueError):
    """A value of the catalog is wrong.

    Args:
        cause: What is wrong, worded to follow the field's name ("is not a duration").
        expected: What would have been accepted.
        remedy: How to fix it.
    """

    def __init__(self, cause: str, *, expected: str | None = None, remedy: str | None = None):
        self.cause = cause
        self.expected = expected
        self.remedy = remedy
        super().__init__(cause)


def show(value: object) -> str:
    """Render a value as the user wrote it, for a message."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _is_number(raw: object) -> TypeGuard[int | float]:
    return isinstance(raw, int | float) and not isinstance(raw, bool)


def text(raw: object) -> str:
    """Parse free text (a name, a label, a platform); a number is taken as its digits."""
    if isinstance(raw, str) and raw.strip():
        return raw.strip()
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    empty = isinstance(raw, str)
    remedy = "Write some text, or remove the key." if empty else "Quote it."
    raise FieldError("is not text", expected="a non-empty string", remedy=remedy)


def slug(raw: object) -> str:
    """Parse a title id: a lower-case slug such as ``the-defenders``."""
    if isinstance(raw, str) and _SLUG.fullmatch(raw):
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
        # YAML read a title such as 1992 as a number: the remedy is quotes, not the value
        raise FieldError(
            "is a number, not text",
            expected="a lower-case slug, as text",
            remedy=f'YAML reads an unquoted {raw} as a number: quote it, `"{raw}"`.',
        )
    suggestion = re.sub(r"[^a-z0-9]+", "-", str(raw).lower()).strip("-")
    raise FieldError(
        "is not a lower-case slug",
        expected="lower-case letters and digits joined by single hyphens",
        remedy=f"Write it as `{suggestion}`." if suggestion else "Give the title an id.",
    )


def choice(options: Sequence[str], remedy: str | None = None) -> Callable[[object], str]:
    """Return a parser that accepts one of ``options`` (case-insensitive).

    Args:
        options: The accepted values, lower case.
        remedy: How to fix a wrong value, when there is more to say than the options.
    """
    listed = " or ".join(f"`{option}`" for option in options)

    def parse(raw: object) -> str:
        if isinstance(raw, str) and raw.lower() in options:
            return raw.lower()
        raise FieldError("is not a known choice", expected=listed, remedy=remedy)

    return parse


def flag(raw: object) -> bool:
    """Parse a boolean: ``true`` or ``false``."""
    if isinstance(raw, bool):
        return raw
    raise FieldError(
        "is not a boolean", expected="true or false", remedy="Write `true` or `false`."
    )


def integer(minimum: int) -> Callable[[object], int]:
    """Return a parser of whole numbers that are at least ``minimum``."""

    def parse(raw: object) -> int:
        expected = f"a whole number ≥ {minimum}"
        if isinstance(raw, str) and raw.strip().isdigit():
            raise FieldError(
                "is text, not a whole number",
                expected=expected,
                remedy=f"Write it without quotes: {raw.strip()}.",
            )
        if not isinstance(raw, int) or isinstance(raw, bool):
            raise FieldError("is not a whole number", expected=expected)
        if raw < minimum:
            raise FieldError(f"is less than {minimum}", expected=expected)
        return int(raw)

    return parse


def duration(raw: object) -> float:
    """Parse a duration in seconds: a number, ``"MM:SS"`` or ``"H:MM:SS"``.

    ``"52:14"`` is 52 minutes 14 seconds (3134 s); minutes may exceed 59 in ``"MM:SS"``.
    """
    seconds: float | None = None
    if _is_number(raw):
        seconds = float(raw)
    elif isinstance(raw, str) and _SECONDS.fullmatch(raw.strip()):
        seconds = float(raw.strip())
    elif isinstance(raw, str) and (clock := _CLOCK.fullmatch(raw.strip())):
        hours, minutes = int(clock["h"] or 0), int(clock["hm"] or clock["m"])
        seconds = hours * 3600 + minutes * 60 + float(clock["s"])
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        clock_like = isinstance(raw, str) and ":" in raw
        raise FieldError(
            "is not a duration",
            expected=_DURATIONS,
            remedy='Minutes and seconds after a colon run 00 to 59: 52 min 14 s is "52:14".'
            if clock_like
            else None,
        )
    return seconds


def _temporal(raw: object, expected: str) -> date | datetime:
    """Return a date or datetime as YAML gave it, or parse an ISO 8601 string into one."""
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        try:
            return (
                date.fromisoformat(text) if _DATE.fullmatch(text) else datetime.fromisoformat(text)
            )
        except ValueError:
            pass
    raise FieldError("is not an ISO 8601 date or time", expected=expected)


def instant(raw: object) -> datetime:
    """Parse an instant: ISO 8601 with ``Z`` or an offset. Returns it in UTC."""
    value = _temporal(raw, _INSTANT)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return utc(value)
    if isinstance(value, datetime):
        raise FieldError(
            "has no offset, so it is not an instant",
            expected=_INSTANT,
            remedy="Add Z or an offset, or use `local:` for a local time in the market's zone.",
        )
    raise FieldError(
        "is a date, not an instant",
        expected=_INSTANT,
        remedy="Add a time and Z or an offset, or use `local:` for a local time.",
    )


def local_time(raw: object) -> datetime:
    """Parse a naive local time; a date alone means 00:00 that day."""
    value = _temporal(raw, _LOCAL)
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        raise FieldError(
            "carries an offset, so it is an instant, not a local time",
            expected=_LOCAL,
            remedy="Drop the offset, or write the instant with `at:` instead.",
        )
    return datetime.combine(value.date(), value.time())


def day_or_instant(raw: object) -> date | datetime:
    """Parse a date (a whole day, in each market's zone) or an instant (returned in UTC)."""
    value = _temporal(raw, "a date such as 2022-03-01, or an instant")
    if isinstance(value, datetime):
        return instant(value)
    return date(value.year, value.month, value.day)


def zone(raw: object) -> str:
    """Parse an IANA time zone name such as ``America/New_York``."""
    if isinstance(raw, str) and is_zone(raw):
        return raw
    raise FieldError(
        "is not an IANA time zone",
        expected="a zone such as America/New_York or Asia/Seoul",
        remedy="Use a name from the tz database (note the case and the underscores).",
    )


def weight(raw: object) -> float:
    """Parse a signal weight: a finite number ≥ 0."""
    if _is_number(raw) and math.isfinite(raw) and raw >= 0:
        return float(raw)
    raise FieldError("is not a weight", expected="a number ≥ 0")
