"""The date format of a ``NetflixViewingHistory.csv``, detected from the whole column.

Netflix writes the ``Date`` column in the account's locale: ``6/19/25`` (US, month first),
``19.06.25`` (Germany), ``19/06/2025`` (Australia), ``2025-06-19`` (Quebec). One date such as
``3/4/25`` cannot tell which field is the day, so the format is decided from every date of the
file: a first field above 12 can only be a day, a second field above 12 can only be a day, a
four-digit first field is the year (ISO). When no date settles the order, the format is
ambiguous and the user names it (``date_format``, e.g. ``%d/%m/%y``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NoReturn

from showmeter.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

__all__ = ["DateFormat", "detect_date_format"]

_DATE = re.compile(r"^(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})$")


@dataclass
class DateFormat:
    """What the dates of a column say about their format.

    Attributes:
        iso: An example of a date with a four-digit first field, and its line.
        day_first: An example of a date whose first field is above 12 (so a day).
        month_first: An example of a date whose second field is above 12 (so a day).
        separators: The separators seen.
        year_digits: The lengths of the last field seen (2 or 4).
        first: The first date read, and its line.
    """

    iso: tuple[int, str] | None = None
    day_first: tuple[int, str] | None = None
    month_first: tuple[int, str] | None = None
    separators: set[str] = field(default_factory=set)
    year_digits: set[int] = field(default_factory=set)
    first: tuple[int, str] | None = None

    def see(self, line: int, value: str) -> None:
        """Take one date of the column into account (values that are not dates are ignored)."""
        match = _DATE.match(value.strip())
        if not match:
            return
        first, separator, second, last = match.groups()
        self.first = self.first or (line, value)
        self.separators.add(separator)
        if len(first) == 4:
            self.iso = self.iso or (line, value)
            return
        self.year_digits.add(len(last))
        if int(first) > 12:
            self.day_first = self.day_first or (line, value)
        if int(second) > 12:
            self.month_first = self.month_first or (line, value)

    def decide(self, path: Path) -> str | None:  # noqa: RET503 (_fail raises)
        """The strptime format of the column, or None when it holds no date.

        Raises:
            InputError: The dates mix formats, or do not say which field is the day.
        """
        if self.first is None:
            return None
        if len(self.separators) > 1 or (self.iso and (self.year_digits or self.day_first)):
            _fail(path, self.first, "the dates are written in more than one format")
        separator = next(iter(self.separators))
        if self.iso:
            return f"%Y{separator}%m{separator}%d"
        if len(self.year_digits) > 1 or not self.year_digits <= {2, 4}:
            _fail(path, self.first, "the years are written with different numbers of digits")
        year = "%y" if self.year_digits == {2} else "%Y"
        if self.day_first and self.month_first:
            _fail(
                path,
                self.day_first,
                f"some dates put the day first and some second, e.g. "
                f"{self.day_first[1]!r} (line {self.day_first[0]}) and "
                f"{self.month_first[1]!r} (line {self.month_first[0]})",
            )
        if self.day_first:
            return f"%d{separator}%m{separator}{year}"
        if self.month_first:
            return f"%m{separator}%d{separator}{year}"
        _fail(
            path,
            self.first,
            "no date has a day above 12, so the day and the month cannot be told apart",
            separator,
            year,
        )


def detect_date_format(dates: Iterable[tuple[int, str]], path: Path) -> str | None:
    """The strptime format of a column of dates.

    Args:
        dates: ``(line, value)`` of every date of the column.
        path: The file, for messages.

    Returns:
        The format, or None when the column holds no date.

    Raises:
        InputError: The format is ambiguous or mixed.
    """
    seen = DateFormat()
    for line, value in dates:
        seen.see(line, value)
    return seen.decide(path)


def _fail(
    path: Path, example: tuple[int, str], cause: str, separator: str = "/", year: str = "%y"
) -> NoReturn:
    s = separator
    raise InputError(
        f"cannot tell the date format of the Date column: {cause}",
        file=str(path),
        line=example[0],
        column="Date",
        value=example[1],
        expected="dates in one format: D/M/Y, M/D/Y or Y-M-D",
        remedy=(
            f"Give the format with --date-format: %d{s}%m{s}{year} when the day comes first "
            f"(e.g. Germany, Australia, UK), %m{s}%d{s}{year} when the month does (US)."
        ),
    )
