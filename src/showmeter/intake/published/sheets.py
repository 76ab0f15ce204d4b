"""Netflix's files as rows of cells: tab- or comma-separated text, and Excel workbooks.

A download that went wrong is not a table: an HTML page (a login wall, an error page), a
body of ``null``, an empty file. :func:`check_download` names it before anything is read,
so a corrupt download is a clear error and never a pile of quarantined rows.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from showmeter.errors import InputError
from showmeter.intake.adapters.files import TextSource, records

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

__all__ = [
    "Cell",
    "check_download",
    "is_workbook",
    "text_rows",
    "workbook_rows",
]

Cell = str | int | float | date | datetime | time | timedelta | None
"""A cell as read: text from a text file; from a workbook, what Excel stored."""

_EXCEL_EPOCH = date(1899, 12, 30)


def is_workbook(path: Path) -> bool:
    """Whether a file is an Excel workbook (by its name: ``.xlsx`` or ``.xlsm``)."""
    return path.suffix.lower() in (".xlsx", ".xlsm")


def check_download(path: Path) -> None:
    """Refuse a file that is not what Netflix publishes: HTML, ``null``, nothing.

    Args:
        path: The file.

    Raises:
        InputError: The file is empty, an HTML page, JSON ``null``, or (for ``.xlsx``) not a
            ZIP archive.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror}", file=str(path)) from error
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    remedy = (
        "Download the file again from https://www.netflix.com/tudum/top10 (or the engagement "
        "report from about.netflix.com): this one is not the published table."
    )
    if not text:
        raise InputError("the file is empty", file=str(path), expected="a table", remedy=remedy)
    if text.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<body")):
        raise InputError(
            "the file is an HTML page, not a table: the download failed",
            file=str(path),
            value=head[:40].decode("utf-8", "replace"),
            expected="a tab-separated table, a CSV or an Excel workbook",
            remedy=remedy,
        )
    if re.fullmatch(rb"null\s*", text):
        raise InputError(
            "the file holds only `null`: the download failed",
            file=str(path),
            value="null",
            expected="a tab-separated table, a CSV or an Excel workbook",
            remedy=remedy,
        )
    if is_workbook(path) and not head.startswith(b"PK"):
        raise InputError(
            "the file is named .xlsx but is not an Excel workbook",
            file=str(path),
            value=head[:40].decode("utf-8", "replace"),
            expected="an Excel workbook (a ZIP archive)",
            remedy=remedy,
        )


def text_rows(path: Path) -> Iterator[tuple[int, list[Cell]]]:
    r"""The records of a text table, with their lines.

    Tab-separated, unless the first line has no tab (then comma-separated).
    Quoted fields follow the CSV rules, so the ``episode_launch_details`` JSON with its
    doubled quotes reads as one field. A record of nothing but delimiters (``\t\t\t``)
    is yielded, so that the reader quarantines it as ``empty_row`` after the header
    (every row read is loaded or quarantined); a blank line is not a record.
    """
    with TextSource(path) as probe:
        first = probe.handle.readline()
    delimiter = "\t" if "\t" in first else ","
    with TextSource(path) as source:
        for line, fields in records(source, delimiter=delimiter, keep_empty=True):
            yield line, list(fields)


def workbook_rows(path: Path) -> Iterator[tuple[str, Iterator[tuple[int, list[Cell]]]]]:
    """The sheets of an Excel workbook, each as ``(name, rows)`` with 1-based row numbers.

    Raises:
        InputError: The workbook cannot be opened.
    """
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise InputError(
            f"cannot open the workbook: {error}",
            file=str(path),
            remedy="Download the file again; open it in a spreadsheet to check it.",
        ) from error
    try:
        for sheet in book.worksheets:
            yield sheet.title, _sheet_rows(sheet)
    finally:
        book.close()


def _sheet_rows(sheet: object) -> Iterator[tuple[int, list[Cell]]]:
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
        cells = list(values)
        if any(value not in (None, "") for value in cells):
            yield number, cells


def excel_date(value: float) -> date:
    """The date of an Excel serial day number (1900 system: 45000 is 2023-03-15)."""
    return _EXCEL_EPOCH + timedelta(days=int(value))
