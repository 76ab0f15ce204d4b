"""How a season's page writes numbers: compact counts, percentages, hours, signed changes.

Rounding happens here and only here, when a figure is displayed; the results keep their exact
values (and so do the CSV downloads and ``report.json``).
"""

from __future__ import annotations

import datetime as dt
import math

__all__ = ["cell", "change", "count", "hours", "number", "percent", "points"]

DASH = "—"
MINUS = "−"


def _finite(value: object) -> float | None:
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def count(value: object) -> str:
    """A count of units or hours, compact: ``6.1 M``, ``254 k``, ``912``."""
    number_ = _finite(value)
    if number_ is None:
        return DASH
    size = abs(number_)
    for limit, suffix in ((1e9, " B"), (1e6, " M"), (1e3, " k")):
        if size >= limit:
            scaled = number_ / limit
            digits = 1 if abs(scaled) < 100 else 0
            return f"{scaled:.{digits}f}{suffix}".replace("-", MINUS)
    return f"{number_:,.0f}".replace("-", MINUS)


def number(value: object, decimals: int = 1) -> str:
    """A plain number with thousands separators."""
    number_ = _finite(value)
    if number_ is None:
        return DASH
    return f"{number_:,.{decimals}f}".replace("-", MINUS)


def percent(value: object, decimals: int = 0) -> str:
    """A share given in percent already (``78.0`` → ``78%``)."""
    number_ = _finite(value)
    return DASH if number_ is None else f"{number_:.{decimals}f}%".replace("-", MINUS)


def change(value: object, decimals: int = 0) -> str:
    """A relative change given as a ratio − 1 (``-0.67`` → ``−67%``, ``0.24`` → ``+24%``)."""
    number_ = _finite(value)
    if number_ is None:
        return DASH
    return f"{100 * number_:+.{decimals}f}%".replace("-", MINUS)


def points(value: object) -> str:
    """A change in points (``+3.5 pts``)."""
    number_ = _finite(value)
    return DASH if number_ is None else f"{number_:+.1f} pts".replace("-", MINUS)


def hours(value: object) -> str:
    """A duration in hours: ``18.5 h``, or days past three days (``4.2 d``)."""
    number_ = _finite(value)
    if number_ is None:
        return DASH
    return f"{number_ / 24:.1f} d" if number_ >= 72 else f"{number_:.1f} h"


def cell(value: object) -> str:
    """Any value of a table cell, as text."""
    if value is None:
        return DASH
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if not math.isfinite(value):
            return DASH
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
