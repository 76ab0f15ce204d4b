"""A published figure as read from a file, before its title is resolved."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from showmeter.intake import encoding

if TYPE_CHECKING:
    from datetime import date

__all__ = ["Figure", "Parsed", "Rejected", "is_empty_row", "undecodable"]


@dataclass
class Figure:
    """One row of a Top 10 list or an engagement report.

    Attributes:
        line: The row's line (text files) or row number (workbooks).
        list: ``netflix-top10-global``, ``netflix-top10-countries``, ``netflix-most-popular``
            or ``netflix-engagement``.
        week: The Sunday that ends the chart week (Top 10 lists).
        period_start: The first day of an engagement report's half year.
        period_end: Its last day.
        market: ``*`` or the country's ISO code.
        category: As published.
        rank: As published (None in engagement reports).
        show: The show's name as published (``show_title``, or the cut ``Title``).
        season_title: The season's name as published (None for engagement reports).
        film: Whether the row is a film's.
        hours_viewed: As published.
        runtime_h: As published, in hours (None when empty or 0).
        views: As published.
        weeks_in_list: ``cumulative_weeks_in_top_10``.
        label: ``season_title`` (or the report's ``Title``) as written.
        record: The row as read, column -> text, for the quarantine.
        season: The season number, when the reader already read it (engagement reports).
    """

    line: int
    list: str
    week: date | None
    period_start: date | None
    period_end: date | None
    market: str
    category: str
    rank: int | None
    show: str
    season_title: str | None
    film: bool
    hours_viewed: float | None
    runtime_h: float | None
    views: float | None
    weeks_in_list: int | None
    label: str
    record: dict[str, Any]
    season: int | None = None


@dataclass
class Rejected:
    """A row that is quarantined, with why.

    Attributes:
        line: The row's line or row number.
        column: The column at fault.
        reason: The quarantine reason.
        value: The offending value, as text.
        record: The row as read (and what was parsed of it).
    """

    line: int
    column: str | None
    reason: str
    value: str | None
    record: dict[str, Any]


@dataclass
class Parsed:
    """A file read.

    Attributes:
        figures: The rows read.
        rejected: The rows quarantined while reading.
        read: The rows read in all (figures + rejected).
        notes: What is worth knowing: the list, the header's era, staggered launches.
    """

    figures: list[Figure] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def read(self) -> int:
        """The rows read: figures and rejected rows."""
        return len(self.figures) + len(self.rejected)


def undecodable(line: int, values: dict[str, Any], record: dict[str, Any]) -> Rejected | None:
    r"""The row quarantined as ``invalid_utf8`` when a text cell held bytes that are not UTF-8.

    Text files are decoded with marks for such bytes (:mod:`showmeter.intake.encoding`), as
    every other input is; a marked value is never loaded, and the record shows each bad
    byte as ``\xNN``.

    Args:
        line: The row's line.
        values: The row's cells by column name.
        record: The row as read, for the quarantine.

    Returns:
        The rejection, or ``None`` when every cell is valid text.
    """
    for column, value in values.items():
        if isinstance(value, str) and encoding.has_mark(value):
            shown = {
                name: encoding.unmark(text) if isinstance(text, str) else text
                for name, text in record.items()
            }
            return Rejected(line, column, "invalid_utf8", encoding.unmark(value), shown)
    return None


def is_empty_row(cells: list[Any]) -> bool:
    r"""Whether a row holds no value at all: every cell None or nothing but spaces.

    Such a row of a text file (``\t\t\t``, ``,,,``) is quarantined as ``empty_row`` after
    the header, never skipped uncounted. Before the header it is no row of the table.

    Args:
        cells: The row's cells, as read.
    """
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)
