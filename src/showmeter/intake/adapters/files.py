"""Reading the files of other tools: text with progress, CSV records with their lines, pages.

Text is read through a byte counter so that a progress bar can follow a file that the
:mod:`csv` module reads record by record. A record's line is the physical line it starts on
(the header being line 1), so a quoted field spanning lines does not shift the next rows.
"""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING, Literal

from showmeter.errors import InputError
from showmeter.intake import encoding
from showmeter.intake.readers import CountingFile, named_files

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

__all__ = ["TextSource", "expand", "natural_key", "records"]


class TextSource:
    """A UTF-8 text file (a byte-order mark is skipped) and how much of it has been read.

    A byte that is not UTF-8 is read as a mark (:mod:`showmeter.intake.encoding`).

    Args:
        path: The file.

    Raises:
        InputError: The file cannot be opened.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.total = path.stat().st_size
            self._raw = CountingFile(path)
        except OSError as error:
            raise InputError(f"cannot read the file: {error.strerror}", file=str(path)) from error
        buffered = io.BufferedReader(self._raw)
        # A byte that is not UTF-8 becomes a mark, and the row holding it is quarantined as
        # invalid_utf8 (see ViewingRows), never loaded with a replaced character.
        self.handle = io.TextIOWrapper(
            buffered, encoding="utf-8-sig", errors=encoding.ERRORS, newline=""
        )

    @property
    def done(self) -> int:
        """Bytes read so far."""
        return self._raw.position

    def close(self) -> None:
        """Close the file."""
        self.handle.close()

    def __enter__(self) -> TextSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def records(
    source: TextSource,
    *,
    delimiter: str = ",",
    quoting: Literal[0, 1, 2, 3] = csv.QUOTE_MINIMAL,
    keep_empty: bool = False,
) -> Iterator[tuple[int, list[str]]]:
    """The records of a delimited text file, each with the line it starts on.

    A blank line (not a single character) is not a record and is skipped. A record whose
    fields are all empty (``,,,``) is a row: it is yielded with ``keep_empty``, so that the
    caller can quarantine it (see :func:`~showmeter.intake.adapters.rows.is_empty`), and
    skipped otherwise.

    Args:
        source: The open file.
        delimiter: The field delimiter.
        quoting: The :mod:`csv` quoting mode (``csv.QUOTE_NONE`` for files without quotes).
        keep_empty: Yield the records whose fields are all empty too.

    Yields:
        ``(line, fields)``.

    Raises:
        InputError: A record the :mod:`csv` module cannot read (e.g. an unclosed quote).
    """
    reader = csv.reader(source.handle, delimiter=delimiter, quoting=quoting, strict=False)
    previous = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise InputError(
                f"cannot read the record: {error}",
                file=str(source.path),
                line=previous + 1,
                remedy="Check the quoting of this record (an unclosed quote runs to the end).",
            ) from error
        start, previous = previous + 1, reader.line_num
        if fields and (keep_empty or any(fields)):
            yield start, fields


def natural_key(path: Path) -> tuple[object, ...]:
    """A sort key in which ``page-2`` comes before ``page-10``."""
    parts = re.split(r"(\d+)", str(path))
    return tuple(int(p) if p.isdigit() else p for p in parts)


def expand(spec: str | Path, accept: Callable[[Path], bool], what: str) -> list[Path]:
    """The files named by a path, a directory or a glob, in natural order.

    Args:
        spec: A file (taken as is), a directory (its files that ``accept`` takes,
            recursively, but for hidden ones: a file or folder below it whose name starts
            with ``.`` or ``_``) or a glob.
        accept: Which files of a directory or a glob belong to the format.
        what: The format's files, for the message, e.g. ``"ViewingActivity.csv files"``.

    Raises:
        InputError: Nothing matches.
    """
    found = named_files(spec, accept, accept)
    if not found:
        raise InputError(
            f"no {what} found",
            file=str(spec),
            expected=f"a file, a directory or a glob naming {what}",
            remedy="Check the path and the --source.",
        )
    return sorted(found, key=natural_key)


def header(
    rows: Iterator[tuple[int, list[str]]],
    path: Path,
    required: tuple[str, ...],
    hint: str,
    known: tuple[str, ...] = (),
) -> list[str]:
    """The column names of a delimited file, checked.

    Args:
        rows: The file's records (see :func:`records`); the first that holds a value is
            taken as the header.
        path: The file, for messages.
        required: Columns the file must have (compared without case and spaces around).
        hint: What to try when a column is missing, e.g. which ``--source`` fits.
        known: Other columns of the format.

    Returns:
        The names in file order, stripped, spelled as in ``required`` and ``known``.

    Raises:
        InputError: The file is empty, lacks a required column, or names one twice or not at
            all.
    """
    # records of nothing but delimiters before the header are no rows of the file (no
    # columns are named yet): the header is the first record that holds a value
    first = next((row for row in rows if any(field.strip() for field in row[1])), None)
    if first is None:
        raise InputError("the file is empty", file=str(path), expected="a header line", remedy=hint)
    encoding.check_names(first[1], path, line=first[0])
    spelling = {column.casefold(): column for column in (*required, *known)}
    names = [spelling.get(name.strip().casefold(), name.strip()) for name in first[1]]
    folded = {name.casefold() for name in names}
    for column in required:
        if column.casefold() not in folded:
            raise InputError(
                f"the file lacks the column {column!r}",
                file=str(path),
                line=first[0],
                column=column,
                expected=f"the columns {', '.join(required)}",
                remedy=hint,
            )
    return names
