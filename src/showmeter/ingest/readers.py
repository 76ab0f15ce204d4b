"""Read input files in bounded batches, each row tagged with its line.

Three formats, chosen by the file's extension:

- **CSV** (``.csv``, ``.tsv``, also gzipped): read with Arrow's streaming reader, every column
  as text. A row's line is its record number, the header being line 1 (blank lines are not
  counted; it equals the physical line unless a quoted field spans lines). A row with the
  wrong number of fields is reported as malformed with its line.
- **Parquet** (``.parquet``, ``.pq``): read batch by batch, with the file's own types. A row's
  line is its 1-based row number in the file.
- **JSON Lines** (``.jsonl``, ``.ndjson``, ``.json``): one object per line; every value is
  kept as text (numbers as written). A line that is not a JSON object is malformed.

Memory stays bounded by the batch size whatever the size of the file.
"""

from __future__ import annotations

import glob
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from showmeter.errors import InputError, MissingFileError

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pyarrow as pa
    import pyarrow.parquet as pq

__all__ = [
    "Batch",
    "CountingFile",
    "Malformed",
    "expand_inputs",
    "file_format",
    "open_parquet",
    "read_batches",
]

BATCH_ROWS = 262_144
"""Rows per batch: large enough for vectorized work, small enough to bound memory."""

_FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
}


@dataclass(frozen=True)
class Malformed:
    """A row that could not be split into columns.

    Attributes:
        line: The line (see the module docstring), when known.
        text: The row as read.
        reason: ``malformed_row`` (CSV), ``malformed_json`` (JSON Lines), or the reason an
            adapter left the row out (e.g. ``trailer``).
    """

    line: int | None
    text: str
    reason: str


@dataclass
class Batch:
    """A slice of an input file.

    Attributes:
        table: The rows, with an int64 column ``_line``.
        malformed: Rows of this slice that could not be read as records.
        done: Progress after this batch, in the unit of ``total``.
        total: The size of the file: bytes (CSV, JSON Lines) or rows (Parquet).
        notes: Facts for the file's summary, e.g. an adapter's approximations.
    """

    table: pa.Table
    malformed: list[Malformed] = field(default_factory=list)
    done: int = 0
    total: int = 0
    notes: dict[str, object] = field(default_factory=dict)


def file_format(path: Path) -> str:
    """The format of ``path`` by its extension: ``csv``, ``parquet`` or ``jsonl``.

    Raises:
        InputError: The extension is not one showmeter reads.
    """
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    kind = _FORMATS.get(suffixes[-1]) if suffixes else None
    if kind is None:
        raise InputError(
            "unknown file format",
            file=str(path),
            value=path.suffix,
            expected="a .csv, .parquet or .jsonl file (optionally .gz for CSV and JSON Lines)",
            remedy="Rename the file with the extension of its format.",
        )
    return kind


def expand_inputs(spec: str | Path) -> list[Path]:
    """The files named by a path, a directory or a glob, in sorted order.

    Args:
        spec: A file, a directory (every readable file in it, recursively), or a glob.

    Raises:
        InputError: Nothing matches.
    """
    path = Path(spec)
    if path.is_file():
        return [path]
    if path.is_dir():
        files = sorted(
            p
            for p in path.rglob("*")
            if p.is_file() and not p.name.startswith((".", "_")) and _readable(p)
        )
    else:
        files = sorted(Path(p) for p in glob.glob(str(spec), recursive=True) if Path(p).is_file())
    if not files:
        raise MissingFileError(
            "no input file found",
            file=str(spec),
            expected="an existing file, a directory of files, or a glob such as 'logs/*.parquet'",
            remedy="Check the path.",
        )
    return files


def _readable(path: Path) -> bool:
    try:
        file_format(path)
    except InputError:
        return False
    return True


def read_batches(path: Path, columns: list[str] | None = None) -> Iterator[Batch]:
    """Read ``path`` in batches of at most :data:`BATCH_ROWS` rows.

    Args:
        path: The file.
        columns: For Parquet, the columns to read (those the file has); others are skipped.

    Yields:
        Batches in file order.
    """
    kind = file_format(path)
    if kind == "parquet":
        yield from _read_parquet(path, columns)
    elif kind == "csv":
        yield from _read_csv(path)
    else:
        yield from _read_jsonl(path)


def header(path: Path) -> list[str]:
    """The column names of ``path`` without reading its rows.

    Raises:
        InputError: The file cannot be read.
    """
    kind = file_format(path)
    if kind == "parquet":
        return list(open_parquet(path).schema_arrow.names)
    try:
        if kind == "csv":
            return _csv_header(path)[0]
    except OSError as error:
        raise InputError(f"cannot read the file: {error}", file=str(path)) from error
    names: list[str] = []
    for batch in _read_jsonl(path, limit=1000):
        names.extend(n for n in batch.table.column_names if n != "_line" and n not in names)
    return names


def open_parquet(path: Path) -> pq.ParquetFile:
    """Open a Parquet file (its footer: schema and row count), without reading its rows.

    Raises:
        InputError: The file is missing, truncated or not Parquet.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path)
    except (OSError, pa.ArrowInvalid) as error:
        raise InputError(
            f"cannot read the Parquet file: {error}",
            file=str(path),
            remedy="Check that the file is complete and really Parquet.",
        ) from error


def _read_parquet(path: Path, columns: list[str] | None) -> Iterator[Batch]:
    import pyarrow as pa

    parquet = open_parquet(path)
    total = parquet.metadata.num_rows
    present = set(parquet.schema_arrow.names)
    wanted = [c for c in columns if c in present] if columns is not None else None
    done = 0
    for record_batch in parquet.iter_batches(batch_size=BATCH_ROWS, columns=wanted):
        table = pa.Table.from_batches([record_batch])
        lines = pa.array(range(done + 1, done + 1 + table.num_rows), type=pa.int64())
        done += table.num_rows
        yield Batch(table.append_column("_line", lines), [], done, total)


def _csv_header(path: Path) -> tuple[list[str], str, str]:
    import csv
    import gzip

    opener = gzip.open if path.suffix.lower() == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="", errors="replace") as handle:
        first = handle.readline()
    encoding = "utf-8-sig" if first.startswith("\ufeff") else "utf8"
    delimiter = "\t" if ".tsv" in [s.lower() for s in path.suffixes] else ","
    names = next(csv.reader([first.lstrip("\ufeff")], delimiter=delimiter), [])
    return [n.strip() for n in names], encoding, delimiter


def _read_csv(path: Path) -> Iterator[Batch]:
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names, encoding, delimiter = _csv_header(path)
    if not names or not any(names):
        raise InputError(
            "the CSV file has no header line",
            file=str(path),
            line=1,
            expected="a first line naming the columns",
            remedy="Add the header line.",
        )
    malformed: list[Malformed] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        malformed.append(Malformed(row.number, row.text, "malformed_row"))
        return "skip"

    compressed = path.suffix.lower() == ".gz"
    source = CountingFile(path) if not compressed else None
    reader = pacsv.open_csv(
        source if source is not None else path,
        read_options=pacsv.ReadOptions(
            column_names=names,
            skip_rows=1,
            block_size=32 << 20,
            encoding=encoding,
            use_threads=False,
        ),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, invalid_row_handler=on_invalid),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=True,
            null_values=[""],
        ),
    )
    total = path.stat().st_size
    next_line = 2
    reported = 0
    try:
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
            new = malformed[reported:]
            reported = len(malformed)
            done = source.position if source is not None else 0
            yield Batch(table.append_column("_line", pa.array(lines)), new, done, total)
    except pa.ArrowInvalid as error:
        raise InputError(
            f"cannot parse the CSV file: {error}",
            file=str(path),
            remedy="Check the quoting and the encoding (UTF-8) of the file.",
        ) from error
    finally:
        if source is not None:
            source.close()
    if reported < len(malformed):
        empty = pa.table({"_line": pa.array([], pa.int64())})
        yield Batch(empty, malformed[reported:], total, total)


class CountingFile(io.RawIOBase):
    """A binary file that counts the bytes read from it, for progress bars.

    Args:
        path: The file, opened for reading in binary.
    """

    def __init__(self, path: Path) -> None:
        self._handle = path.open("rb")
        self.position = 0

    def readable(self) -> bool:
        """Always true: the file is open for reading."""
        return True

    def readinto(self, buffer: Any) -> int:
        """Read into ``buffer`` and count the bytes read."""
        count = self._handle.readinto(buffer)
        self.position += count
        return count

    def close(self) -> None:
        """Close the file."""
        self._handle.close()
        super().close()


def _read_jsonl(path: Path, limit: int | None = None) -> Iterator[Batch]:
    import gzip

    opener = gzip.open if path.suffix.lower() == ".gz" else open
    total = path.stat().st_size
    records: list[dict[str, str | None]] = []
    lines: list[int] = []
    malformed: list[Malformed] = []
    read = 0
    with opener(path, "rt", encoding="utf-8-sig", errors="replace") as handle:
        for number, text in enumerate(handle, start=1):
            read += len(text)
            if not text.strip():
                continue
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                value = None
            if not isinstance(value, dict):
                malformed.append(Malformed(number, text.rstrip("\n"), "malformed_json"))
            else:
                records.append({str(k): _as_text(v) for k, v in value.items()})
                lines.append(number)
            if len(records) >= BATCH_ROWS or (limit and number >= limit):
                yield _json_batch(records, lines, malformed, read, total)
                records, lines, malformed = [], [], []
                if limit and number >= limit:
                    return
    if records or malformed:
        yield _json_batch(records, lines, malformed, read, total)


def _json_batch(
    records: list[dict[str, str | None]],
    lines: list[int],
    malformed: list[Malformed],
    done: int,
    total: int,
) -> Batch:
    import pyarrow as pa

    names: list[str] = []
    for record in records:
        names.extend(k for k in record if k not in names)
    columns = {n: pa.array([r.get(n) for r in records], pa.string()) for n in names}
    columns["_line"] = pa.array(lines, pa.int64())
    return Batch(pa.table(columns), malformed, done, total)


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    return json.dumps(value, ensure_ascii=False)
