r"""Read a CSV file (``.csv``, ``.tsv``, ``.txt``, also gzipped) in batches of text columns.

Arrow's streaming reader does the work, every column as text. A row's line is its record
number, the header being line 1 (blank lines are not counted; it equals the physical line
unless a quoted field spans lines). A row with the wrong number of fields is ``malformed_row``.

The file is first checked to be valid UTF-8 throughout (one fast pass). If it is not, it is
read with each invalid byte decoded to a mark (see :mod:`showmeter.intake.encoding`), and every
row holding one is quarantined as ``invalid_utf8`` with its line and its text, the bad bytes
written as ``\\xNN``. Progress is counted in bytes of the file as stored.
"""

from __future__ import annotations

import codecs
import csv
from typing import TYPE_CHECKING

from showmeter.errors import InputError
from showmeter.intake import encoding
from showmeter.intake.batches import Batch, CountingFile, Malformed

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    import pyarrow as pa

__all__ = ["csv_header", "read_csv"]

_HEADER_BYTES = 1 << 20
"""The longest header line read."""


def _delimiter(path: Path) -> str:
    return "\t" if ".tsv" in [s.lower() for s in path.suffixes] else ","


def csv_header(path: Path) -> tuple[list[str], str]:
    """The column names of a CSV file (checked) and its delimiter.

    Raises:
        InputError: The file cannot be read, its header is not UTF-8, or it names a column
            twice or not at all.
    """
    try:
        with encoding.open_binary(path) as handle:  # type: ignore[attr-defined]
            first = handle.readline(_HEADER_BYTES)
    except encoding.READ_ERRORS as error:
        if path.suffix.lower() == ".gz":
            raise encoding.corrupt(path, error) from error
        raise InputError(f"cannot read the file: {error}", file=str(path)) from error
    text = codecs.decode(first, encoding.CODEC).rstrip("\r\n")
    delimiter = _delimiter(path)
    names = [n.strip() for n in next(csv.reader([text], delimiter=delimiter), [])]
    if not names or not any(names):
        raise InputError(
            "the CSV file has no header line",
            file=str(path),
            line=1,
            expected="a first line naming the columns",
            remedy="Add the header line.",
        )
    encoding.check_names(names, path)
    return names, delimiter


def read_csv(path: Path) -> Iterator[Batch]:
    """Read ``path`` in batches (see the module docstring).

    Raises:
        InputError: A bad header, a corrupt ``.gz``, or a file Arrow cannot parse.
    """
    import pyarrow as pa

    names, delimiter = csv_header(path)
    marked = not encoding.is_utf8(path)
    malformed: list[Malformed] = []
    source = CountingFile(path)
    try:
        for table, new, done in _batches(path, names, delimiter, marked, malformed, source):
            if marked:
                table, bad = _split_marked(table, names, delimiter)
                new = sorted(new + bad, key=lambda m: m.line or 0)
            yield Batch(table, new, done, source.total)
    except (pa.ArrowInvalid, *encoding.READ_ERRORS) as error:
        if path.suffix.lower() == ".gz" and not isinstance(error, pa.ArrowInvalid):
            raise encoding.corrupt(path, error) from error
        raise InputError(
            f"cannot parse the CSV file: {error}",
            file=str(path),
            remedy="Check the quoting and the encoding (UTF-8) of the file.",
        ) from error
    finally:
        source.close()


def _batches(
    path: Path,
    names: list[str],
    delimiter: str,
    marked: bool,
    malformed: list[Malformed],
    source: CountingFile,
) -> Iterator[tuple[pa.Table, list[Malformed], int]]:
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    def on_invalid(row: pacsv.InvalidRow) -> str:
        malformed.append(Malformed(row.number, encoding.unmark(row.text), "malformed_row"))
        return "skip"

    stream: object = source
    if path.suffix.lower() == ".gz":
        stream = pa.CompressedInputStream(pa.PythonFile(source, mode="r"), "gzip")
    reader = pacsv.open_csv(
        stream,
        read_options=pacsv.ReadOptions(
            column_names=names,
            skip_rows=1,
            block_size=32 << 20,
            encoding=encoding.CODEC if marked else "utf8",
            use_threads=False,
        ),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, invalid_row_handler=on_invalid),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=True,
            null_values=[""],
        ),
    )
    next_line = 2
    reported = 0
    for record_batch in reader:
        n = record_batch.num_rows
        invalid = np.array(sorted(m.line for m in malformed if m.line is not None), np.int64)
        end = next_line + n
        while True:  # the first n record numbers from next_line that are not malformed
            skipped = int(np.count_nonzero((invalid >= next_line) & (invalid < end)))
            if end - next_line - skipped >= n:
                break
            end = next_line + n + skipped
        candidates = np.arange(next_line, end, dtype=np.int64)
        lines = np.setdiff1d(candidates, invalid, assume_unique=True)[:n]
        next_line = int(lines[-1]) + 1 if n else next_line
        table = pa.Table.from_batches([record_batch])
        if "_line" in names:  # an input column of that name is ignored: the line is the reader's
            table = table.rename_columns([_own(name) for name in table.column_names])
        new = malformed[reported:]
        reported = len(malformed)
        yield table.append_column("_line", pa.array(lines, pa.int64())), new, source.position
    if reported < len(malformed):
        empty = pa.table({_own(name): pa.array([], pa.string()) for name in names})
        empty = empty.append_column("_line", pa.array([], pa.int64()))
        yield empty, malformed[reported:], source.position


def _own(name: str) -> str:
    """An input column's name in a batch: ``_line`` is the reader's line number.

    An input column of that name is renamed, and then ignored as every input name beginning with
    ``_`` is.
    """
    return "_input_line" if name == "_line" else name


def _split_marked(
    table: pa.Table, names: list[str], delimiter: str
) -> tuple[pa.Table, list[Malformed]]:
    """Take the rows holding a mark out of ``table``, as ``invalid_utf8`` rows."""
    import pyarrow.compute as pc

    own = table.column_names[: len(names)]
    mask = None
    for column in table.columns[: len(names)]:
        hit = pc.fill_null(pc.match_substring_regex(column, encoding.MARK_PATTERN), False)
        mask = hit if mask is None else pc.or_(mask, hit)
    if mask is None or not pc.any(mask).as_py():
        return table, []
    bad = table.filter(mask)
    rows = []
    for record in bad.to_pylist():
        fields = ["" if record[name] is None else str(record[name]) for name in own]
        text = encoding.unmark(delimiter.join(fields))
        rows.append(Malformed(int(record["_line"]), text, "invalid_utf8"))
    return table.filter(pc.invert(mask)), rows
