"""Excel copies of the fixtures, written from hand-written cells (a workbook is binary).

An engagement report as Netflix lays it out: a banner above the table, the header on row 6,
the table from column B; release dates as Excel dates or as text; runtimes as ``H:MM`` text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl

FIXTURES = Path(__file__).parent / "fixtures"

H1_2023 = {
    # the first report: one sheet, no runtime or views
    "Engagement": [
        ["Title", "Available Globally?", "Release Date", "Hours Viewed"],
        ["The Night Agent: Season 1", "Yes", dt.datetime(2023, 3, 23), 812_100_000],
        ["Ginny & Georgia: Season 2", "Yes", dt.datetime(2023, 1, 5), 665_100_000],
        ["The Glory: Season 1 // 더 글로리: 시즌 1", "Yes", "2022-12-30", 622_800_000],
        ["Wednesday: Season 1", "Yes", dt.datetime(2022, 11, 23), 507_700_000],
        ["The Mother", "Yes", "2023-05-12", 249_900_000],
        ["Kill Boksoon // 길복순", "Yes", None, 78_100_000],
        ["Nameless Special", "No", None, "n/a"],
    ]
}
H2_2024 = {
    "TV": [
        ["Title", "Available Globally?", "Release Date", "Hours Viewed", "Runtime", "Views"],
        ["Squid Game: Season 2 // 오징어 게임: 시즌 2", "Yes", dt.datetime(2024, 12, 26),
         487_600_000, "7:07", 68_000_000],
        ["Wednesday: Season 1", "Yes", dt.datetime(2022, 11, 23), 95_000_000, "8:10",
         11_600_000],
        ["Monsters: The Lyle and Erik Menendez Story", "Yes", "2024-09-19", 301_000_000, "8:38",
         34_900_000],
    ],
    "Film": [
        ["Title", "Available Globally?", "Release Date", "Hours Viewed", "Runtime", "Views"],
        ["Carry-On", "Yes", dt.datetime(2024, 12, 13), 172_100_000, "1:59", 86_800_000],
        ["Rebel Ridge", "Yes", None, 175_600_000, "2:11", 80_400_000],
    ],
}  # fmt: skip


def engagement_workbook(
    path: Path,
    sheets: dict[str, list[list[Any]]],
    *,
    banner: tuple[str, ...] = (
        "What We Watched: A Netflix Engagement Report",
        "January - June 2023",
    ),
    header_row: int = 6,
) -> Path:
    """Write an engagement report: ``banner`` lines in column B, the table from column B."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for index, text in enumerate(banner, start=1):
            sheet.cell(row=index, column=2, value=text)
        for offset, row in enumerate(rows):
            for column, value in enumerate(row, start=2):
                sheet.cell(row=header_row + offset, column=column, value=value)
    book.save(path)
    return path


def top10_workbook(tsv: Path, path: Path) -> Path:
    """An .xlsx copy of a Top 10 TSV: weeks as Excel dates, figures as numbers."""
    book = openpyxl.Workbook()
    sheet = book.active
    lines = tsv.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    sheet.append(header)
    for line in lines[1:]:
        cells: list[Any] = []
        for name, value in zip(header, line.split("\t"), strict=True):
            if name == "week":
                cells.append(dt.datetime.fromisoformat(value))
            elif value and name in ("weekly_rank", "weekly_hours_viewed", "weekly_views",
                                    "cumulative_weeks_in_top_10"):  # fmt: skip
                cells.append(int(value))
            elif value and name == "runtime":
                cells.append(float(value))
            else:
                cells.append(value or None)
        sheet.append(cells)
    book.save(path)
    return path
