r"""Read input files in bounded batches, each row tagged with its line.

Three formats, chosen by the file's extension:

- **CSV** (``.csv``, ``.tsv``, also gzipped; :mod:`~showmeter.intake.csv_reader`): read with
  Arrow's streaming reader, every column as text. A row's line is its record number, the
  header being line 1 (blank lines are not counted; it equals the physical line unless a
  quoted field spans lines). A row with the wrong number of fields is reported as malformed
  with its line.
- **Parquet** (``.parquet``, ``.pq``): read batch by batch, with the file's own types (an INT96
  timestamp, as older Spark writers store one, is a UTC instant, as Spark reads it). A row's
  line is its 1-based row number in the file.
- **JSON Lines** (``.jsonl``, ``.ndjson``, ``.json``, also gzipped;
  :mod:`~showmeter.intake.jsonl_reader`): one object per line; every value is kept as text
  (numbers as written). A line that is not a JSON object is ``malformed_json``; one that
  names a key twice or an empty key (names compared without case) is ``bad_key``.

Bytes that are not UTF-8 never pass silently: a CSV or JSON Lines row holding one is
quarantined as ``invalid_utf8`` with its line, the bytes shown as ``\\xNN``; in a header it is
an error. A header (or a Parquet schema) that names a column twice or leaves one unnamed is an
error naming the file, line and column, and a truncated or corrupt ``.gz`` is the file's error.
Progress is counted in bytes of the file as stored, whatever its format.

Memory stays bounded by the batch size whatever the size of the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from showmeter.errors import InputError, MissingFileError
from showmeter.intake.batches import BATCH_ROWS, Batch, CountingFile, Malformed
from showmeter.intake.csv_reader import csv_header, read_csv
from showmeter.intake.encoding import check_names
from showmeter.intake.jsonl_reader import read_jsonl
from showmeter.intake.listing import glob_files, visible_files

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import pyarrow as pa
    import pyarrow.parquet as pq

__all__ = [  # Batch, CountingFile, Malformed: defined in batches, what every reader yields
    "BATCH_ROWS",
    "Batch",
    "CountingFile",
    "Malformed",
    "ParquetSource",
    "expand_inputs",
    "file_format",
    "hive_columns",
    "int96_columns",
    "named_files",
    "open_parquet",
    "parquet_source",
    "read_batches",
]

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
        spec: A file, a directory (every readable file in it, recursively, but for hidden
            ones: a name below it starting with ``.`` or ``_``), or a glob.

    Raises:
        InputError: Nothing matches.
    """
    files = sorted(named_files(spec, _input_file, lambda _: True))
    if not files:
        raise MissingFileError(
            "no input file found",
            file=str(spec),
            expected="an existing file, a directory of files, or a glob such as 'logs/*.parquet'",
            remedy="Check the path.",
        )
    return files


def named_files(
    spec: str | Path, in_folder: Callable[[Path], bool], in_glob: Callable[[Path], bool]
) -> list[Path]:
    """The files a path, a directory or a glob names, unsorted (none: an empty list).

    Args:
        spec: A file (taken as is, whatever its name), a directory (its files, recursively,
            but for hidden ones: a name below it starting with ``.`` or ``_``) or a glob
            (``**`` included; each file once, not again through a loop of links).
        in_folder: Which files of a directory, not hidden, are taken.
        in_glob: Which files a glob matches are taken.

    Returns:
        The files.

    Raises:
        InputError: A folder to look into cannot be listed (no permission).
    """
    path = Path(spec)
    if path.is_file():
        return [path]
    if path.is_dir():
        return [p for p in visible_files(path) if in_folder(p)]
    return [Path(p) for p in glob_files(str(spec)) if in_glob(Path(p))]


def _input_file(path: Path) -> bool:
    """Whether a directory's file (not hidden) is an input: of a known format."""
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
        yield from read_csv(path)
    else:
        yield from read_jsonl(path)


def header(path: Path) -> list[str]:
    """The column names of ``path`` without reading its rows.

    Raises:
        InputError: The file cannot be read.
    """
    kind = file_format(path)
    if kind == "parquet":
        names = list(open_parquet(path).schema_arrow.names)
        check_names(names, path, line=None)
        own = {name.strip().lower() for name in names}
        return names + [key for key in hive_columns(path) if key not in own]
    if kind == "csv":
        return csv_header(path)[0]
    names = []
    for batch in read_jsonl(path, limit=1000):
        names.extend(n for n in batch.table.column_names if n != "_line" and n not in names)
    return names


def hive_columns(path: Path) -> dict[str, str]:
    """The columns a Hive-partitioned path gives its file: ``title=x/season=1/part.parquet``.

    Each folder named ``key=value`` gives the column ``key`` (lower case, as every input name is
    compared) the text ``value`` (percent-escapes decoded) in every row of the file; a column
    the file holds itself wins. The ingest's rules then read the text as any other.

    Args:
        path: The file.

    Returns:
        Column -> value, outermost folder first.
    """
    from urllib.parse import unquote

    columns: dict[str, str] = {}
    for part in path.parent.parts:
        key, equals, value = part.partition("=")
        if equals and key.strip() and not key.startswith(("_", ".")):
            columns[key.strip().lower()] = unquote(value)
    return columns


@dataclass(frozen=True)
class ParquetSource:
    """A Parquet file as the rules read it: a subquery of its input columns and row numbers.

    Attributes:
        sql: ``(SELECT ... AS "column", ..., file_row_number + 1 AS _line FROM read_parquet(...))``
            with every input column under its canonical (lower-case) name; a Hive folder
            ``key=value`` gives a text column the file lacks.
        types: The Arrow type of every input column present (Hive columns are text).
        rows: The file's number of rows (from its footer).
    """

    sql: str
    types: dict[str, pa.DataType]
    rows: int


def parquet_source(path: Path, wanted: list[str]) -> ParquetSource:
    """The subquery through which the rules read a Parquet file (only ``wanted`` columns).

    Raises:
        InputError: The file is missing, truncated or not Parquet.
    """
    import pyarrow as pa

    from showmeter.quoting import literal, quote

    parquet = open_parquet(path)
    schema = parquet.schema_arrow
    names = {name.strip().lower(): name for name in schema.names}
    hive = {k: v for k, v in hive_columns(path).items() if k not in names}
    present = [column for column in wanted if column in names or column in hive]
    types = {c: schema.field(names[c]).type if c in names else pa.string() for c in present}
    int96 = int96_columns(parquet)
    types |= {c: pa.timestamp("us", tz="UTC") for c in present if names.get(c) in int96}

    def column(c: str) -> str:
        if c not in names:
            return literal(hive[c])
        if names[c] in int96:  # DuckDB reads INT96 as a TIMESTAMP without zone: it is UTC
            return f"timezone('UTC', {quote(names[c])})"
        return quote(names[c])

    columns = "".join(f"{column(c)} AS {quote(c)}, " for c in present)
    sql = (
        f"(SELECT {columns}file_row_number + 1 AS _line "
        f"FROM read_parquet({literal(as_written(str(path)))}, file_row_number = true))"
    )
    return ParquetSource(sql, types, int(parquet.metadata.num_rows))


def as_written(path: str) -> str:
    """A path that DuckDB's ``read_parquet`` takes as written, not as a glob.

    DuckDB globs a path holding ``*``, ``?`` or ``[`` (``a[1].parquet`` reads ``a1.parquet``
    when there is one); each is put in a class of its own (``a[[]1].parquet``).
    """
    import re

    return re.sub(r"([\[*?])", r"[\1]", path)


def int96_columns(parquet: pq.ParquetFile) -> set[str]:
    """The top-level columns of a Parquet file stored as INT96 timestamps, by name.

    INT96 is the timestamp of older Spark and Hive writers (Spark's default until 3.x, Impala's
    still). By convention its values are UTC instants, and Spark reads them so; DuckDB and
    Arrow read them as timestamps without a zone, so the readers here give them the zone UTC
    (otherwise they would be naive and refused without ``--assume-tz``, while Spark in place
    took them as instants).
    """
    schema = parquet.schema
    found = (schema.column(i) for i in range(len(schema)))
    return {c.name for c in found if c.physical_type == "INT96" and c.path == c.name}


def open_parquet(path: Path) -> pq.ParquetFile:
    """Open a Parquet file (its footer: schema and row count), without reading its rows.

    Raises:
        InputError: The file is missing, truncated or not Parquet.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:  # INT96 read in microseconds: in nanoseconds, years before 1677 or after 2262 wrap
        return pq.ParquetFile(path, coerce_int96_timestamp_unit="us")
    except (OSError, pa.ArrowInvalid) as error:
        raise InputError(
            f"cannot read the Parquet file: {error}",
            file=str(path),
            remedy="Check that the file is complete and really Parquet.",
        ) from error


def _read_parquet(path: Path, columns: list[str] | None) -> Iterator[Batch]:
    import pyarrow as pa

    parquet = open_parquet(path)
    rows = parquet.metadata.num_rows
    size = path.stat().st_size
    names = parquet.schema_arrow.names
    check_names(names, path, line=None)
    wanted = None
    if columns is not None:
        keys = {name.strip().lower(): name for name in names}
        wanted = [keys[c] for c in columns if c in keys]
    own = {name.strip().lower() for name in names}
    hive = {key: value for key, value in hive_columns(path).items() if key not in own}
    int96 = int96_columns(parquet)
    done = 0
    batches = parquet.iter_batches(batch_size=BATCH_ROWS, columns=wanted)
    while True:
        try:
            record_batch = next(batches)
        except StopIteration:
            return
        except (OSError, pa.ArrowException) as error:
            raise InputError(
                f"cannot read the Parquet file: {error}",
                file=str(path),
                line=done + 1,
                remedy="Check that the file is complete and really Parquet.",
            ) from error
        table = pa.Table.from_batches([record_batch])
        for index, name in enumerate(table.column_names):
            if name in int96:  # UTC instants by convention (see int96_columns)
                utc = pa.timestamp(table.schema.field(index).type.unit, tz="UTC")
                table = table.set_column(index, name, table.column(index).cast(utc))
        for key, value in hive.items():
            table = table.append_column(key, pa.array([value] * table.num_rows, pa.string()))
        lines = pa.array(range(done + 1, done + 1 + table.num_rows), type=pa.int64())
        done += table.num_rows
        progress = size * done // rows if rows else size
        yield Batch(table.append_column("_line", lines), [], progress, size)
