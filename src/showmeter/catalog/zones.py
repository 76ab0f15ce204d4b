"""Exact conversions between local wall-clock times and UTC instants, with ``zoneinfo``.

A local time is resolved only when it names exactly one instant: a time that the clocks skip
(the spring-forward gap) or show twice (the fall-back fold) is an error, because guessing
would move a launch by an hour. A date, by contrast, always has a start: the first instant of
that day in the zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["is_zone", "resolve_local", "start_of_day", "to_instant", "utc"]

_FIX = "write the instant with `at:` and an offset"


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def is_zone(name: str) -> bool:
    """Tell whether ``name`` is an IANA time zone that ``zoneinfo`` knows.

    Args:
        name: A zone name such as ``Europe/London``.

    Returns:
        True when the zone exists.
    """
    try:
        _zone(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def utc(instant: datetime) -> datetime:
    """Return an aware datetime as a plain ``datetime`` in UTC.

    Args:
        instant: An aware datetime (any subclass, any fixed or named zone).

    Returns:
        The same instant with ``tzinfo=datetime.UTC``.

    Raises:
        ValueError: When ``instant`` is naive.
    """
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{instant.isoformat()} has no offset, so it is not an instant")
    moved = instant.astimezone(UTC)
    return datetime.combine(moved.date(), moved.timetz())


def resolve_local(local: datetime, tz: str) -> datetime:
    """Resolve a naive local time in a zone to its one UTC instant.

    Args:
        local: A naive wall-clock time.
        tz: The IANA zone in which ``local`` is read.

    Returns:
        The instant, aware, in UTC.

    Raises:
        ValueError: When ``local`` is aware, or does not exist in ``tz`` (the clocks skip it),
            or is ambiguous there (the clocks show it twice). The message names the time, the
            zone and the fix.
    """
    if local.tzinfo is not None:
        raise ValueError(f"local time {local.isoformat()} carries an offset; {_FIX}")
    zone = _zone(tz)
    early = local.replace(tzinfo=zone, fold=0)
    late = local.replace(tzinfo=zone, fold=1)
    shown = local.isoformat(timespec="minutes" if not local.second else "seconds")
    if early.utcoffset() != late.utcoffset():
        if early.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != local:
            raise ValueError(
                f"local time {shown} does not exist in {tz}: the clocks skip it when they "
                f"go forward; {_FIX}"
            )
        offsets = " or ".join(_offset(moment) for moment in (early, late))
        raise ValueError(
            f"local time {shown} is ambiguous in {tz}: the clocks show it twice when they "
            f"go back (offset {offsets}); {_FIX}, e.g. {shown}{_offset(early)}"
        )
    return utc(early)


def start_of_day(day: date, tz: str) -> datetime:
    """Return the first instant of ``day`` in zone ``tz``.

    Normally 00:00 local time. When midnight falls in a gap (a zone that springs forward at
    midnight), the day starts at the transition, which is what ``fold=0`` yields.

    Args:
        day: A calendar date.
        tz: The IANA zone.

    Returns:
        The instant, aware, in UTC.
    """
    return utc(datetime.combine(day, time(0), tzinfo=_zone(tz)))


def to_instant(value: date | datetime, tz: str) -> datetime:
    """Return an instant as is, or the first instant of a date in zone ``tz``.

    Args:
        value: An aware datetime, or a date.
        tz: The IANA zone in which a date is placed.

    Returns:
        The instant, aware, in UTC.
    """
    return utc(value) if isinstance(value, datetime) else start_of_day(value, tz)


def _offset(moment: datetime) -> str:
    return moment.isoformat()[-6:]
