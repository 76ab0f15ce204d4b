"""Netflix's engagement reports ("What We Watched"), one per half year since H1 2023.

A report is a workbook with one sheet per kind (``TV``, ``Film``) or a single
``Engagement`` sheet. Above each table sits a banner (the report's name and half year), so
the header is on row 6 (or row 1), and the table starts in column B:
``Title | Available Globally? | Release Date | Hours Viewed`` and, from H2 2023,
``| Runtime | Views``. Release dates are Excel dates or ``YYYY-MM-DD`` text and mostly blank;
runtimes are ``H:MM`` text; non-English titles carry their original name after `` // ``.
The same table as a CSV is read too (one kind: the sheet's name is ``Engagement``).

The half year comes from the banner (``January - June 2023``, ``Jul-Dec 2024``, ``H1 2023``)
or else from the file's name (``What_We_Watched_..._2023Jan-Jun.xlsx``, ``2024H2.csv``).
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from showmeter.errors import InputError
from showmeter.intake.published import cells
from showmeter.intake.published.labels import split_title
from showmeter.intake.published.rows import Figure, Parsed, Rejected, is_empty_row, undecodable
from showmeter.intake.published.sheets import (
    Cell,
    check_download,
    is_workbook,
    text_rows,
    workbook_rows,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

__all__ = ["LIST", "half_year", "read_engagement"]

LIST = "netflix-engagement"
_REQUIRED = ("title", "hours viewed")
_FIRST = r"(?:jan(?:uary)?)"
_SECOND = r"(?:jul(?:y)?)"
_HINT = (
    "An engagement report's sheet has a header row with Title, Available Globally?, "
    "Release Date, Hours Viewed (and Runtime, Views). Check the file, or use "
    "--source netflix-top10 for a Top 10 list."
)


def half_year(text: str) -> tuple[date, date] | None:
    """The half year a banner or a file name names, as its first and last day.

    ``January - June 2023``, ``Jan-Jun 2023``, ``2023Jan-Jun``, ``H1 2023`` and ``2023H1``
    name 2023-01-01 – 2023-06-30; the same with July/December or H2, the second half.
    """
    lowered = text.casefold()
    patterns = (
        (rf"{_FIRST}\w*\s*[-–—]\s*jun\w*[\s_-]*(\d{{4}})", 1),
        (rf"(\d{{4}})[\s_-]*{_FIRST}\w*\s*[-–—]\s*jun", 1),
        (rf"{_SECOND}\w*\s*[-–—]\s*dec\w*[\s_-]*(\d{{4}})", 2),
        (rf"(\d{{4}})[\s_-]*{_SECOND}\w*\s*[-–—]\s*dec", 2),
        (r"\bh([12])[\s_-]*(\d{4})", 0),
        (r"(\d{4})[\s_-]*h([12])\b", -1),
    )
    for pattern, half in patterns:
        match = re.search(pattern, lowered)
        if not match:
            continue
        if half == 0:
            half, year = int(match.group(1)), int(match.group(2))
        elif half == -1:
            half, year = int(match.group(2)), int(match.group(1))
        else:
            year = int(match.group(1))
        if half == 1:
            return date(year, 1, 1), date(year, 6, 30)
        return date(year, 7, 1), date(year, 12, 31)
    return None


def read_engagement(path: Path) -> Parsed:
    """Read one engagement report (XLSX or CSV).

    Args:
        path: The file.

    Returns:
        Its figures (one per title), rejected rows, and notes (``list``, ``period``,
        ``sheets``, ``release_dates`` given and blank).

    Raises:
        InputError: A corrupt download, no table with the report's header, or a half year
            that neither the banner nor the file's name gives.
    """
    check_download(path)
    sheets = workbook_rows(path) if is_workbook(path) else iter([("Engagement", text_rows(path))])
    parsed = Parsed(notes={"list": LIST, "sheets": [], "release_dates": {"given": 0, "blank": 0}})
    banner: list[str] = []
    period: tuple[date, date] | None = None
    for sheet, rows in sheets:
        found = _header(rows, banner)
        if found is None:
            continue
        period = period or half_year(" ".join(banner)) or half_year(path.name)
        if period is None:
            raise InputError(
                "cannot tell which half year the engagement report covers",
                file=str(path),
                expected="a banner such as 'January - June 2023' or a file name with "
                "2023Jan-Jun or 2023H1",
                remedy="Rename the file to include its half year, e.g. engagement-2023H1.xlsx.",
            )
        parsed.notes["sheets"].append(sheet)
        start, names = found
        film = {"film": True, "films": True, "tv": False}.get(sheet.strip().casefold())
        for line, raw in rows:
            row = dict(zip(names, raw[start:], strict=False))
            _read_row(parsed, sheet, line, row, film, period)
    if period is None:
        raise InputError(
            "no sheet holds an engagement report's table",
            file=str(path),
            expected="a header row with Title and Hours Viewed",
            remedy=_HINT,
        )
    parsed.notes["period"] = f"{period[0]}/{period[1]}"
    return parsed


def _header(
    rows: Iterator[tuple[int, list[Cell]]], banner: list[str]
) -> tuple[int, list[str]] | None:
    """The header of a sheet (within its first 12 rows): its first column and its names."""
    for line, raw in rows:
        names = [cells.text(cell).casefold().rstrip("?").strip() for cell in raw]
        if "title" in names and "hours viewed" in names:
            start = names.index("title")
            return start, names[start:]
        banner.extend(cells.text(cell) for cell in raw if cells.text(cell))
        if line >= 12:
            return None
    return None


def _read_row(
    parsed: Parsed,
    sheet: str,
    line: int,
    row: dict[str, Cell],
    film: bool | None,
    period: tuple[date, date],
) -> None:
    record = {"sheet": sheet, **{name: cells.text(value) for name, value in row.items() if name}}
    if is_empty_row(list(row.values())):
        parsed.rejected.append(Rejected(line, None, "empty_row", "", record))
        return
    bad_bytes = undecodable(line, row, record)
    if bad_bytes is not None:
        parsed.rejected.append(bad_bytes)
        return
    column = "title"
    try:
        title = cells.text(row.get("title"))
        if not title:
            raise cells.Bad("missing_value", row.get("title"))
        column = "hours viewed"
        hours = cells.figure(row.get("hours viewed"), required=True)
        column, runtime = "runtime", cells.runtime_hours(row.get("runtime"))
        column, views = "views", cells.figure(row.get("views"))
        column = "release date"
        released = cells.iso_date(row.get("release date"))
    except cells.Bad as bad:
        parsed.rejected.append(Rejected(line, column, bad.reason, cells.text(bad.value), record))
        return
    parsed.notes["release_dates"]["given" if released else "blank"] += 1
    category, named = split_title(title, film=film)
    parsed.figures.append(
        Figure(
            line=line,
            list=LIST,
            week=None,
            period_start=period[0],
            period_end=period[1],
            market="*",
            category=sheet if film is not None else category,
            rank=None,
            show=named.show,
            season_title=None,
            film=category == "Film",
            hours_viewed=hours,
            runtime_h=runtime,
            views=views,
            weeks_in_list=None,
            label=title,
            record=record,
            season=named.season,
        )
    )
