"""Netflix's Top 10 lists: ``all-weeks-global``, ``all-weeks-countries``, ``most-popular``.

Which list a file is comes from its header, read by name and never by position, because the
columns changed over time (docs/adapters/netflix-top10.md):

- global, 2021 → mid-2023: ``week category weekly_rank show_title season_title
  weekly_hours_viewed cumulative_weeks_in_top_10``;
- mid-2023 → late 2024: adds ``runtime weekly_views`` and ``is_staggered_launch
  episode_launch_details``;
- late 2024 → mid-2025: ``is_staggered_launch runtime_override_flag episode_launch_dtls``;
- from mid-2025: ``runtime weekly_views`` without the launch columns;
- countries: ``country_name country_iso2 week category weekly_rank show_title season_title
  cumulative_weeks_in_top_10``;
- most popular: ``category rank show_title season_title hours_viewed_first_91_days runtime
  views_first_91_days`` (earlier: ``hours_viewed_first_28_days`` only).

A ``.xlsx`` copy is read the same way from its first sheet with a header.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from showmeter.errors import InputError
from showmeter.intake.published import cells
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

__all__ = ["LISTS", "read_top10"]

LISTS = {
    "global": "netflix-top10-global",
    "countries": "netflix-top10-countries",
    "popular": "netflix-most-popular",
}
_COMMON = ("category", "show_title", "season_title")
_REQUIRED = {
    "global": (
        "week",
        "weekly_rank",
        *_COMMON,
        "weekly_hours_viewed",
        "cumulative_weeks_in_top_10",
    ),
    "countries": ("country_iso2", "week", "weekly_rank", *_COMMON, "cumulative_weeks_in_top_10"),
    "popular": ("rank", *_COMMON),
}
_HEADER_HINT = (
    "A Top 10 file starts with its header: all-weeks-global.tsv (week, category, weekly_rank, "
    "show_title, season_title, weekly_hours_viewed, ...), all-weeks-countries.tsv "
    "(country_name, country_iso2, week, ...) or most-popular.tsv (category, rank, show_title, "
    "...). Check that this is one of them, or use --source netflix-engagement for an "
    "engagement report."
)


def read_top10(path: Path) -> Parsed:
    """Read one Top 10 file (TSV, CSV or XLSX) of any era.

    Args:
        path: The file.

    Returns:
        Its figures, its rejected rows and notes (``list``, ``header_era``,
        ``staggered_launches``, ``hours_window_days`` for the most-popular list).

    Raises:
        InputError: A corrupt download, or a header that is none of the lists'.
    """
    check_download(path)
    rows = _first_table(path)
    line, names = _header(path, rows)
    which = _which(path, line, names)
    parsed = Parsed(notes={"list": LISTS[which]})
    if which == "global":
        parsed.notes["header_era"] = _global_era(names)
    if which == "popular":
        parsed.notes["hours_window_days"] = 91 if "hours_viewed_first_91_days" in names else 28
    staggered = 0
    for number, raw in rows:
        values = dict(zip(names, [*raw, *[None] * (len(names) - len(raw))], strict=False))
        record = {name: cells.text(value) for name, value in values.items() if name}
        if is_empty_row(raw):
            parsed.rejected.append(Rejected(number, None, "empty_row", "", record))
            continue
        if len(raw) > len(names) and any(cells.text(v) for v in raw[len(names) :]):
            parsed.rejected.append(
                Rejected(number, None, "malformed_row", "\t".join(map(cells.text, raw)), record)
            )
            continue
        bad_bytes = undecodable(number, values, record)
        if bad_bytes is not None:
            parsed.rejected.append(bad_bytes)
            continue
        try:
            figure = _figure(which, number, values, record)
        except _Rejected as rejected:
            parsed.rejected.append(rejected.rejected)
            continue
        staggered += _staggered(values)
        parsed.figures.append(figure)
    if which == "global":
        parsed.notes["staggered_launches"] = staggered
    return parsed


def _first_table(path: Path) -> Iterator[tuple[int, list[Cell]]]:
    if not is_workbook(path):
        return text_rows(path)
    for _, rows in workbook_rows(path):
        head = [(n, r) for n, r in (next(rows, (0, [])) for _ in range(10)) if n]
        if any("show_title" in _names(r) for _, r in head):
            return iter([*head, *rows])
    raise InputError(
        "no sheet of the workbook holds a Top 10 list",
        file=str(path),
        expected="a sheet whose header names show_title",
        remedy=_HEADER_HINT,
    )


def _names(raw: list[Cell]) -> list[str]:
    return [cells.text(cell).casefold() for cell in raw]


def _header(path: Path, rows: Iterator[tuple[int, list[Cell]]]) -> tuple[int, list[str]]:
    for line, raw in rows:
        if is_empty_row(raw):
            continue  # a line of delimiters before the header is no row of the table
        names = _names(raw)
        if "show_title" in names or not is_workbook(path) or line >= 10:
            return line, names
    raise InputError("the file has no header", file=str(path), line=1, remedy=_HEADER_HINT)


def _which(path: Path, line: int, names: list[str]) -> str:
    if "country_iso2" in names:
        which = "countries"
    elif {"hours_viewed_first_91_days", "hours_viewed_first_28_days"} & set(names):
        which = "popular"
    elif "week" in names:
        which = "global"
    else:
        raise InputError(
            "the header is not that of a Top 10 list",
            file=str(path),
            line=line,
            value=" ".join(names)[:120],
            expected="the header of all-weeks-global, all-weeks-countries or most-popular",
            remedy=_HEADER_HINT,
        )
    missing = [name for name in _REQUIRED[which] if name not in names]
    if missing:
        raise InputError(
            f"the {LISTS[which]} file lacks the column {missing[0]!r}",
            file=str(path),
            line=line,
            column=missing[0],
            expected="the columns " + ", ".join(_REQUIRED[which]),
            remedy=_HEADER_HINT,
        )
    return which


def _global_era(names: list[str]) -> str:
    """The era of an ``all-weeks-global`` header (the year and month it began)."""
    if "runtime_override_flag" in names or "episode_launch_dtls" in names:
        return "2024-11"
    if "is_staggered_launch" in names or "episode_launch_details" in names:
        return "2023-06"
    if "runtime" in names or "weekly_views" in names:
        return "2025-06"
    return "2021-07"


def _staggered(values: dict[str, Cell]) -> int:
    flag = cells.text(values.get("is_staggered_launch"))
    override = cells.text(values.get("runtime_override_flag"))
    return int(flag in ("1", "true", "True") or "is_staggered_launch=1" in override)


class _Rejected(Exception):
    def __init__(self, rejected: Rejected) -> None:
        super().__init__(rejected.reason)
        self.rejected = rejected


def _figure(which: str, line: int, values: dict[str, Cell], record: dict[str, Any]) -> Figure:
    column = ""
    try:
        column = "category"
        category = cells.text(values["category"])
        if not category:
            raise cells.Bad("missing_value", values["category"])
        column = "show_title"
        show = cells.text(values["show_title"])
        if not show:
            raise cells.Bad("missing_value", values["show_title"])
        market = "*"
        if which == "countries":
            column = "country_iso2"
            market = cells.text(values["country_iso2"]).upper()
            if not re.fullmatch(r"[A-Z]{2}", market):
                raise cells.Bad("unknown_market", values["country_iso2"])
        week = None
        if which != "popular":
            column = "week"
            week = cells.week_ending(values["week"])
        column = "rank" if which == "popular" else "weekly_rank"
        rank = cells.integer(values[column])
        if rank is not None and not 1 <= rank <= 10:
            raise cells.Bad("rank_out_of_range", values[column])
        hours = runtime = views = None
        weeks = None
        if which == "global":
            column = "weekly_hours_viewed"
            hours = cells.figure(values[column], required=True)
            column, views = "weekly_views", cells.figure(values.get("weekly_views"))
        if which == "popular":
            column = next(c for c in values if c.startswith("hours_viewed_first_"))
            hours = cells.figure(values[column], required=True)
            column = next((c for c in values if c.startswith("views_first_")), "views")
            views = cells.figure(values.get(column))
        column, runtime = "runtime", cells.runtime_hours(values.get("runtime"))
        if which != "popular":
            column = "cumulative_weeks_in_top_10"
            weeks = cells.integer(values[column])
    except cells.Bad as bad:
        raise _Rejected(Rejected(line, column, bad.reason, cells.text(bad.value), record)) from None
    season_title = cells.text(values["season_title"])
    return Figure(
        line=line,
        list=LISTS[which],
        week=week,
        period_start=None,
        period_end=None,
        market=market,
        category=category,
        rank=rank,
        show=show,
        season_title=season_title,
        film=category.casefold().startswith("film"),
        hours_viewed=hours,
        runtime_h=runtime,
        views=views,
        weeks_in_list=weeks,
        label=season_title,
        record=record,
    )
