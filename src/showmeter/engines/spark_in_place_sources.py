"""What files a path names on Spark, and how each is read: Parquet by Spark, text by Python.

A path (a file, a folder, a glob; local, ``file://``, ``hdfs://``, ``s3a://``) is listed by Spark
itself. Parquet files are read by Spark's reader, Hive partitions kept, rows numbered from
``_metadata.row_index``; CSV and JSON Lines (and reviews of any format) by the ingest's readers
on the executors (:mod:`showmeter.engines.spark_in_place_text`). A folder may mix the formats,
as for ``ingest``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from showmeter.errors import InputError

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

    from showmeter.intake.staging_sql import Kind, Types

__all__ = [
    "Source",
    "absolute",
    "functions",
    "globbed",
    "path_key",
    "raw_parquet",
    "same_uri",
    "shown",
    "sources",
    "spark_arrow_type",
    "spellings",
]


def absolute(path: str) -> str:
    """A path as Spark is given it.

    A local one absolute (Spark resolves a relative one against the folder its JVM started
    in), a trailing ``/`` kept (``w/**/`` names folders, no file); a URI (``hdfs://…``,
    ``file:/x``, ``file:///x``) as it is.
    """
    import os

    if "://" in path or path.startswith("file:"):
        return path
    whole = os.path.abspath(path)
    return whole + "/" if path.endswith("/") and not whole.endswith("/") else whole


def _format(name: str) -> str | None:
    """``parquet``, ``csv`` or ``jsonl`` by a file's suffix (the ingest's rule), or None."""
    from showmeter.intake.readers import file_format

    try:
        return file_format(Path(name))
    except InputError:
        return None


def _readable(spec: str, sizes: dict[str, int]) -> None:
    """Fail on an input file of a glob whose name starts with ``_``: Spark cannot read one.

    Spark's readers leave out a file so named, even one named directly; DuckDB reads it.
    """
    hidden = sorted(
        u for u in sizes if _format(u) is not None and Path(shown(u)).name.startswith("_")
    )
    if hidden:
        raise InputError(
            "Spark does not read a file whose name starts with '_' (it takes it for a hidden "
            f"one), and the glob names {len(hidden)} such input file(s), such as "
            f"{shown(hidden[0])!r}",
            file=spec,
            remedy="Rename the files, narrow the glob, or use the DuckDB engine.",
        )


def _known(sizes: dict[str, int]) -> None:
    """Fail, as the ingest does, on a file a glob names that is of no input format.

    Spark's listing would leave it out (a ``README.md`` under ``w/**``); DuckDB stops on it.
    """
    from showmeter.intake.readers import file_format

    unknown = sorted((u for u in sizes if _format(u) is None), key=path_key)
    if unknown:
        file_format(Path(shown(unknown[0])))


@dataclass
class Source:
    """Files of one spec read one way: Parquet by Spark, or text by the ingest's readers."""

    frame: DataFrame  # the known input columns, _uri and _line (text: also _mreason, _mtext)
    uris: list[str]
    text: bool
    size: int = 0  # the files' bytes


def sources(session: SparkSession, kind: Kind, spec: str) -> list[Source]:
    """How to read the files of one path.

    Parquet with Spark's reader (Hive partitions kept); CSV and JSON Lines (and reviews, whose
    ratings Python normalizes) on the executors. A path that exists as written is read as
    written, whatever its ``[``, ``{``, ``*`` or ``?`` (as the ingest takes it); a glob with
    ``**`` is listed below the folder before it and matched as the ingest's glob
    (:func:`globbed`); another glob's files (not those of a folder it matches, as the ingest's
    glob) are named one by one where they can be listed.
    """
    from showmeter.engines.spark_in_place_listing import (
        every_file,
        exists,
        globbed_files,
        listing,
        literal,
        nothing_found,
        without_loops,
    )
    from showmeter.engines.spark_in_place_text import read_text_files
    from showmeter.intake.listing import WILDCARDS

    python = kind.name == "reviews"
    parts = spec.split("/")
    written = any(c in spec for c in "[]{}*?\\") and exists(session, spec)
    if any(c in spec for c in WILDCARDS) and not written:  # Python's glob, as on DuckDB
        plain = next(i for i, part in enumerate(parts) if any(c in part for c in WILDCARDS))
        base = "/".join(parts[:plain]) or "/"  # the folder above every wildcard
        pattern = re.sub("^file:/*", "/", spec).split("/")  # as shown() gives a local file
        # ``**``: every file below (Hadoop's globs take ``**`` for ``*``); else Hadoop's glob
        # widened, the files alone (Spark would read a matched folder's files too)
        listed = every_file(session, base) if "**" in parts else globbed_files(session, spec, plain)
        if listed is not None:  # None: Spark Connect, not local files; Spark's glob below
            sizes = {u: n for u, n in listed.items() if globbed(pattern, shown(u).split("/"))}
            sizes = without_loops(base, sizes)
            if not sizes:
                raise nothing_found(spec)
            _readable(spec, sizes)
            _known(sizes)
            return _of_files(session, kind, spec, sizes, base=base)
    # as Spark's readers take it: as written (a ``{`` is no glob for the ingest), but a glob
    # Spark Connect's own listing is left with
    glob = any(c in spec for c in WILDCARDS) and not written
    read_as = spec if glob else literal(spec)
    name = Path(spec.rstrip("/")).name
    suffix = Path(name).suffix
    if suffix and ("*" not in suffix or written):
        from showmeter.intake.readers import file_format

        if file_format(Path(name)) == "parquet" and not python:
            frame = _parquet(session, read_as)
            size = sum(listing(session, read_as, folder=False).values())
            return [Source(frame, list(frame.inputFiles()), False, size)]
        listed = listing(session, read_as, folder=False)
        return [
            Source(
                read_text_files(session, kind, [read_as]), list(listed), True, sum(listed.values())
            )
        ]
    found = without_loops(spec, listing(session, read_as, folder=True))  # Spark walks loops
    return _of_files(session, kind, spec, found, whole=read_as)


def _of_files(
    session: SparkSession,
    kind: Kind,
    spec: str,
    sizes: dict[str, int],
    base: str | None = None,
    whole: str | None = None,
) -> list[Source]:
    """How to read the listed files of a folder (read ``whole``) or a ``**`` glob below ``base``."""
    from showmeter.engines.spark_in_place_listing import literal
    from showmeter.engines.spark_in_place_text import read_text_files

    python = kind.name == "reviews"
    found = [uri for uri in sizes if _format(uri) is not None]
    if not found:
        raise InputError(
            "no input file found",
            file=spec,
            expected="files ending in .parquet, .csv or .jsonl (CSV and JSON Lines also .gz)",
            remedy="Check the path.",
        )
    parquet = [uri for uri in found if _format(uri) == "parquet" and not python]
    text = [uri for uri in found if uri not in set(parquet)]
    sources = []
    if parquet:
        from showmeter.engines.spark_in_place_partitions import parquet_files

        # a folder is read whole only when its files are all Parquet: Spark's reader takes
        # every file of a folder for Parquet (a JSON Lines file beside them: not Parquet)
        alone = whole if len(parquet) == len(sizes) else None
        frame = parquet_files(session, parquet, base or spec, alone)
        size = sum(sizes[uri] for uri in parquet)
        sources.append(Source(frame, list(frame.inputFiles()), False, size))
    if text:
        size = sum(sizes[uri] for uri in text)
        read = read_text_files(session, kind, [literal(uri) for uri in text])
        sources.append(Source(read, text, True, size))
    return sources


def globbed(pattern: list[str], path: list[str]) -> bool:
    """Whether a path matches a glob, part by part, ``**`` matching any number of folders.

    As Python's ``glob(…, recursive=True)`` (the ingest's expansion on DuckDB): ``**`` alone
    in a part matches no folder or any number of them, other parts match one name each
    (``*``, ``?``, ``[…]``); a wildcard does not match a name starting with ``.``.

    Args:
        pattern: The glob split at ``/``.
        path: The file's path split at ``/``.
    """
    from fnmatch import fnmatchcase

    from showmeter.intake.listing import WILDCARDS

    if not pattern:
        return not path
    first, rest = pattern[0], pattern[1:]
    if first == "**":
        return any(
            globbed(rest, path[skip:])
            for skip in range(len(path) + 1)
            if not any(name.startswith(".") for name in path[:skip])
        )
    if not path or not fnmatchcase(path[0], first):
        return False
    if path[0].startswith(".") and any(c in first for c in WILDCARDS) and not first.startswith("."):
        return False
    return globbed(rest, path[1:])


def _parquet(session: SparkSession, spec: str) -> DataFrame:
    from showmeter.engines.spark_in_place_listing import cannot_read

    try:
        return session.read.parquet(spec)
    except Exception as error:  # AnalysisException: path missing, not Parquet
        raise cannot_read(spec, error) from error


def functions(of: Any) -> Any:
    """PySpark's column functions for a session or frame: Spark Connect's, or the classic ones.

    ``pyspark.sql.functions`` picks its kind by the process (Spark Connect only while
    ``SPARK_CONNECT_MODE_ENABLED`` is set, which :mod:`showmeter.engines.spark` puts back after
    opening a session), so a column made by it for a Connect session would be a classic one.
    """
    if type(of).__module__.startswith("pyspark.sql.connect"):
        from pyspark.sql.connect import functions as connect_functions

        return connect_functions
    from pyspark.sql import functions as classic_functions

    return classic_functions


def path_key(uri: str) -> tuple[str, ...]:
    """Files in the order the DuckDB path reads them: sorted as paths, part by part."""
    return Path(shown(uri)).parts


def same_uri(uri: str) -> str:
    """A file's URI as ``_metadata.file_path`` spells it (``file:/x``, not ``file:///x``)."""
    return re.sub("^file:/+", "file:/", uri)


def spellings(uri: str) -> list[str]:
    """Every spelling of a file's URI that ``_metadata.file_path`` may give for it.

    Spark spells a local file ``file:/x`` (its Hadoop path's URI), or ``file:///x``; listed
    files and read rows both come from the same Hadoop path, so one of these is the row's, and
    a Parquet row finds its file by an equality (a hash probe of the broadcast index) rather
    than by a regular expression on every row. Other schemes are spelled as listed.
    """
    one = same_uri(uri)
    if one.startswith("file:/"):
        return [one, "file://" + one.removeprefix("file:")]
    return [one] if one == uri else [one, uri]


def shown(uri: str) -> str:
    """A file as the summary shows it: a local path without ``file:``.

    Spark spells a local file two ways: its readers as a URI, encoded (``file:///x%20y``,
    ``_metadata.file_path`` ``file:/x%20y``), Hadoop's listing (``binaryFile``'s ``path``)
    unencoded, with one slash (``file:/x y``, ``file:/h#1/a%41.csv``). The files of a
    :class:`Source` are the reader's (Parquet, ``file:///``) or the listing's (text,
    ``file:/``): a ``file:///`` URI is decoded, a ``file:/`` one is taken as it is; a ``#``
    or ``?`` is never taken for a URI's fragment or query.
    """
    from urllib.parse import unquote

    if uri.startswith("file://"):
        return unquote(uri.removeprefix("file://"))
    if uri.startswith("file:/"):
        return uri.removeprefix("file:")
    return uri


def raw_parquet(kind: Kind, spec: str, frame: DataFrame) -> tuple[DataFrame, Types]:
    """The known input columns of Parquet files (names without case), ``_uri``, ``_line``.

    ``_uri`` is ``_metadata.file_path`` as Spark gives it (one of :func:`spellings`).
    """
    F = functions(frame)
    names = {n.strip().lower(): n for n in frame.columns if not n.startswith("_")}
    missing = [c for c in kind.required if c not in names]
    if kind.any_of and not set(names).intersection(kind.any_of):
        missing.append(" or ".join(kind.any_of))
    if missing:
        raise InputError(
            f"the {kind.name} files lack the column {missing[0]!r}",
            file=spec,
            column=missing[0],
            expected=f"the columns {', '.join(kind.required)}",
            remedy="Rename or add the column (names are case-insensitive).",
        )
    present = [c for c in kind.known_columns if c in names]  # the kind's order, as DuckDB's
    raw = frame.select(
        *[F.col(f"`{names[c]}`").alias(c) for c in present],
        F.col("_metadata.file_path").alias("_uri"),
        (F.col("_metadata.row_index") + 1).alias("_line"),
    )
    return raw, {c: spark_arrow_type(raw.schema[c].dataType) for c in present}


def spark_arrow_type(spark_type: Any) -> pa.DataType:
    """The Arrow type the rules read a Spark column as (see :mod:`showmeter.intake.sql`)."""
    import pyarrow as pa
    from pyspark.sql import types as T

    simple = {
        T.StringType: pa.string(),
        T.BinaryType: pa.binary(),
        T.BooleanType: pa.bool_(),
        T.ByteType: pa.int8(),
        T.ShortType: pa.int16(),
        T.IntegerType: pa.int32(),
        T.LongType: pa.int64(),
        T.FloatType: pa.float32(),
        T.DoubleType: pa.float64(),
        T.DateType: pa.date32(),
        T.TimestampType: pa.timestamp("us", tz="UTC"),
        T.TimestampNTZType: pa.timestamp("us"),
    }
    for spark_class, arrow_type in simple.items():
        if isinstance(spark_type, spark_class):
            return arrow_type
    if isinstance(spark_type, T.DecimalType):
        return pa.decimal128(spark_type.precision, spark_type.scale)
    return pa.list_(pa.string())  # any other type: read as its text
