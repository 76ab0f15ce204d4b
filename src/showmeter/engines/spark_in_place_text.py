"""CSV and JSON Lines in place on Spark: each file parsed on an executor by the ingest's reader.

A CSV row's line, as ``ingest`` reports it, is its *record* number (the header is line 1,
blank lines are not counted, a quoted field may span lines); a row with the wrong number of
fields is ``malformed_row``, a row with bytes that are not UTF-8 ``invalid_utf8``; a JSON
Lines line that is not an object is ``malformed_json``, one naming a key twice ``bad_key``.
Spark's own CSV and JSON readers cannot give these: they split a file across tasks (so a row
does not know its line), ``_metadata.row_index`` exists for Parquet only, reading the text with
a row index gives physical lines rather than records, and their malformed-row rules are not
the ingest's. So each file is read whole by Spark (``binaryFile``: a local path, ``file://``,
``hdfs://``, ``s3a://``, a folder, a glob) and parsed on an executor, in parallel across files,
by the ingest's own :func:`showmeter.intake.readers.read_batches` (``mapInArrow``): the same
lines, the same malformed rows, the same text of every value. The rows then go through the
same rule SQL as Parquet (:mod:`showmeter.engines.spark_in_place`).

Reviews (of any format) are read the same way, because their ratings are normalized by Python
(:func:`showmeter.intake.review_ratings.add_scores`) before the rules run.

Limits: one file is parsed by one task and held in its memory (Spark's ``binaryFile`` reads a
file of at most 2 GiB); the executors' Python must import showmeter (install it there).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from showmeter.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

    from showmeter.intake.readers import Batch
    from showmeter.intake.staging_sql import Kind

__all__ = ["ERROR", "MISSING", "raise_file_errors", "read_text_files", "text_types"]

ERROR = "\x00error"
"""``_mreason`` of the one row a file that cannot be read gives (its error as JSON)."""

MISSING = "\x00missing"
"""``_mreason`` of the row a file lacking a required column gives (the error as JSON)."""

_SCORES = {"_score_100": "double", "_verdict": "string", "_rating_reason": "string"}
"""The columns :func:`~showmeter.intake.review_ratings.add_scores` adds to reviews."""


def text_types(kind: Kind) -> dict[str, pa.DataType]:
    """The Arrow type of every column the rules read from a text file: all text."""
    import pyarrow as pa

    types = {c: pa.string() for c in kind.known_columns}
    if kind.name == "reviews":
        types |= {
            "_score_100": pa.float64(),
            "_verdict": pa.string(),
            "_rating_reason": pa.string(),
        }
    return types


def _schema(kind: Kind) -> str:
    columns = [f"`{c}` string" for c in kind.known_columns]
    if kind.name == "reviews":
        columns += [f"`{c}` {t}" for c, t in _SCORES.items()]
    columns += ["_line long", "_uri string", "_mreason string", "_mtext string"]
    return ", ".join(columns)


def read_text_files(session: SparkSession, kind: Kind, uris: list[str]) -> DataFrame:
    """The raw rows of files, parsed on the executors by the ingest's readers.

    Args:
        session: The Spark session.
        kind: The kind of input.
        uris: The files, as Spark lists them (``file:/…``, ``hdfs://…``).

    Returns:
        Every known input column as text (plus the review scores), ``_line``, ``_uri``;
        a malformed row has ``_mreason`` (its reason) and ``_mtext`` (its text) and no values.
        A file that cannot be read gives one row with ``_mreason`` :data:`ERROR` or
        :data:`MISSING` (see :func:`raise_file_errors`).
    """
    files = session.read.format("binaryFile").load(uris).select("path", "content")
    return files.mapInArrow(_parser(kind.name), _schema(kind))


def raise_file_errors(raw: DataFrame) -> None:
    """Raise the first file error the executors met, as the ingest would have.

    Raises:
        InputError: A file could not be read, or lacks a required column.
    """
    found = raw.where(raw._mreason.isin(ERROR, MISSING)).select("_uri", "_mtext").limit(1)
    for uri, text in found.collect():
        from showmeter.engines.spark_in_place_sources import shown

        fields = json.loads(text)
        raise InputError(fields.pop("cause"), file=shown(uri), **fields)


def _parser(kind_name: str) -> Any:
    """The function each executor runs over its files' bytes (picklable: a closure of text)."""

    def parse(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            paths = batch.column("path").to_pylist()
            contents = batch.column("content").to_pylist()
            for uri, content in zip(paths, contents, strict=True):
                yield from _parse_file(kind_name, str(uri), bytes(content))

    return parse


def _parse_file(kind_name: str, uri: str, content: bytes) -> Iterator[pa.RecordBatch]:
    """One file's rows, read by the ingest's reader from a copy under the same folder names."""
    import tempfile
    from pathlib import Path, PurePosixPath

    from showmeter.errors import UserError
    from showmeter.intake import load, readers
    from showmeter.intake.rules import KINDS

    kind = KINDS[kind_name]
    with tempfile.TemporaryDirectory(prefix="showmeter-spark-file-") as folder:
        # The same folder names (Hive partitions of a Parquet file of reviews) and file name
        # (the suffix says the format, .gz the compression).
        from showmeter.engines.spark_in_place_sources import shown

        parts = PurePosixPath(shown(uri)).parts[1:]
        local = Path(folder, *parts)
        local.parent.mkdir(parents=True, exist_ok=True)
        local.write_bytes(content)
        try:
            load._check_columns(kind, local)
        except UserError as error:
            yield _error_batch(kind, uri, MISSING, error)
            return
        try:
            for batch in readers.read_batches(local, columns=list(kind.known_columns)):
                yield from _conformed(kind, uri, batch)
        except UserError as error:
            yield _error_batch(kind, uri, ERROR, error)


def _conformed(kind: Kind, uri: str, batch: Batch) -> Iterator[pa.RecordBatch]:
    import pyarrow as pa
    import pyarrow.compute as pc

    from showmeter.intake import stage_rows

    table = stage_rows.normalize_names(batch.table)
    if kind.name == "reviews" and table.num_rows:
        from showmeter.intake.review_ratings import add_scores

        table = add_scores(table)
    n = table.num_rows
    if n:
        columns: dict[str, pa.Array] = {}
        for name, arrow_type in text_types(kind).items():
            if name in table.column_names:
                column = table.column(name)
                if column.type != arrow_type:
                    column = pc.cast(column, arrow_type)
                columns[name] = column.combine_chunks()
            else:
                columns[name] = pa.nulls(n, arrow_type)
        columns["_line"] = table.column("_line").combine_chunks()
        columns["_uri"] = pa.array([uri] * n, pa.string())
        columns["_mreason"] = pa.nulls(n, pa.string())
        columns["_mtext"] = pa.nulls(n, pa.string())
        yield pa.RecordBatch.from_pydict(columns)
    if batch.malformed:
        rows: list[dict[str, object]] = [
            {"_line": m.line, "_uri": uri, "_mreason": m.reason, "_mtext": m.text}
            for m in batch.malformed
        ]
        yield _rows_batch(kind, rows)


def _rows_batch(kind: Kind, rows: list[dict[str, object]]) -> pa.RecordBatch:
    import pyarrow as pa

    fields = [pa.field(n, t) for n, t in text_types(kind).items()]
    fields += [
        pa.field("_line", pa.int64()),
        pa.field("_uri", pa.string()),
        pa.field("_mreason", pa.string()),
        pa.field("_mtext", pa.string()),
    ]
    return pa.RecordBatch.from_pylist(rows, schema=pa.schema(fields))


def _error_batch(kind: Kind, uri: str, reason: str, error: Any) -> pa.RecordBatch:
    fields = {
        "cause": error.cause,
        "line": error.line,
        "column": error.column,
        "value": None if error.value is None else str(error.value),
        "expected": error.expected,
        "remedy": error.remedy,
    }
    text = json.dumps(fields)
    return _rows_batch(kind, [{"_line": None, "_uri": uri, "_mreason": reason, "_mtext": text}])
