"""Published figures from cells: weeks, ranks, hours, runtimes, views.

Each reader takes a cell as read (text from a TSV or CSV; a number, a date or a time from a
workbook) and returns the canonical value, or raises :class:`Bad` with the quarantine reason.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta

from showmeter.intake.published.sheets import Cell, excel_date

__all__ = [
    "Bad",
    "figure",
    "integer",
    "iso_date",
    "runtime_hours",
    "text",
    "week_ending",
]

_HM = re.compile(r"^(\d+):([0-5]\d)(?::([0-5]\d))?$")


class Bad(ValueError):
    """A cell that cannot be read.

    Attributes:
        reason: The quarantine reason.
        value: The cell as read.
    """

    def __init__(self, reason: str, value: Cell) -> None:
        super().__init__(reason)
        self.reason = reason
        self.value = value


def text(cell: Cell) -> str:
    """The cell as text, stripped; ``""`` for an empty cell."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def iso_date(cell: Cell) -> date | None:
    """A date: ``YYYY-MM-DD`` text, an Excel date, or an Excel serial day number.

    Returns:
        The date, or None for an empty cell.

    Raises:
        Bad: ``bad_date``.
    """
    if cell is None or cell == "":
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool) and 1 <= cell < 2_958_466:
        return excel_date(float(cell))
    value = text(cell)
    if re.fullmatch(r"\d{4}-\d\d-\d\d(?:[ T].*)?", value):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise Bad("bad_date", cell)


def week_ending(cell: Cell) -> date:
    """The chart week: the Sunday that ends it.

    Raises:
        Bad: ``missing_value``, ``bad_date``, or ``not_a_sunday``.
    """
    day = iso_date(cell)
    if day is None:
        raise Bad("missing_value", cell)
    if day.weekday() != 6:
        raise Bad("not_a_sunday", cell)
    return day


def integer(cell: Cell, *, required: bool = True) -> int | None:
    """A whole number (``1,234`` accepted).

    Raises:
        Bad: ``missing_value`` (when required) or ``not_an_integer``.
    """
    value = figure(cell, required=required)
    if value is None:
        return None
    if not value.is_integer():
        raise Bad("not_an_integer", cell)
    return int(value)


def figure(cell: Cell, *, required: bool = False) -> float | None:
    """A non-negative number as published (``1,234,000`` accepted).

    Returns:
        The number, or None for an empty cell.

    Raises:
        Bad: ``missing_value`` (when required) or ``not_a_number``.
    """
    if isinstance(cell, bool):
        raise Bad("not_a_number", cell)
    if isinstance(cell, int | float):
        number = float(cell)
    else:
        value = text(cell).replace(",", "").replace("\u202f", "").replace("\u00a0", "")
        if not value:
            if required:
                raise Bad("missing_value", cell)
            return None
        try:
            number = float(value)
        except ValueError:
            raise Bad("not_a_number", cell) from None
    if not math.isfinite(number) or number < 0:
        raise Bad("not_a_number", cell)
    return number


def runtime_hours(cell: Cell) -> float | None:
    """A runtime in hours.

    Decimal hours (``1.9667``), ``H:MM`` text (``1:58``), or an Excel time; empty and 0
    (Netflix's mark of a staggered launch) give None.

    Raises:
        Bad: ``not_a_number``.
    """
    if isinstance(cell, timedelta):
        hours = cell.total_seconds() / 3600
    elif isinstance(cell, time):
        hours = cell.hour + cell.minute / 60 + cell.second / 3600
    elif isinstance(cell, str) and (match := _HM.match(cell.strip())):
        hours = int(match.group(1)) + int(match.group(2)) / 60 + int(match.group(3) or 0) / 3600
    else:
        value = figure(cell)
        if value is None:
            return None
        hours = value
    return hours or None
