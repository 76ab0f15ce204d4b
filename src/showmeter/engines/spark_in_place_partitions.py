"""Listed Parquet files read by Spark's reader: a folder whole, or the files one by one.

Spark's reader finds Hive partitions (``key=value/`` folders) itself, but reads only the top
files of a folder whose subfolders are no partitions, takes the names it is given for globs,
and refuses a folder whose files lie at different depths of partitions
(``CONFLICTING_DIRECTORY_STRUCTURES``: ``w/a.parquet`` beside ``w/_k=1/b.parquet``), where the
ingest on DuckDB reads every file, each with the columns of its own folders. Here every listed
file is read: files of one layout of partition folders together (their schemas merged, a
column some files lack read as null in those, as the ingest's union by name), each layout on
its own, the reads joined by column name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["layout", "parquet_files"]


def parquet_files(
    session: SparkSession, parquet: list[str], base: str, whole: str | None
) -> DataFrame:
    """The listed Parquet files below ``base``, Hive partitions kept, every one read.

    Args:
        session: The Spark session.
        parquet: The files, as listed (``file:/x``, unencoded).
        base: The folder they lie below (a folder given, or the one above a glob's ``**``).
        whole: The folder as Spark's reader takes it when it may be read whole (a folder
            given), else None. A folder is read whole when Spark's reading reads exactly the
            listed files (none in plain subfolders, none through a loop of links) and they
            share one layout of partitions.

    Returns:
        The files' rows; ``_metadata`` (``file_path``, ``row_index``) is that of each file.
    """
    from urllib.parse import unquote

    from showmeter.engines.spark_in_place_sources import functions, same_uri

    groups: dict[tuple[str, ...], list[str]] = {}
    for uri in parquet:
        groups.setdefault(layout(uri, base), []).append(uri)
    if whole is not None and len(groups) == 1:
        frame = _read(session, whole, None)
        # The reader's URIs are encoded (``file:///x%20y``), the listing's are not (``file:/x y``)
        # and read no file left out of the listing (a turn of a loop of links)
        if {unquote(same_uri(u)) for u in frame.inputFiles()} == {same_uri(u) for u in parquet}:
            return frame
    if len(groups) == 1:
        return _read(session, parquet, base)
    F = functions(session)
    frames = [
        _read(session, files, base).select("*", F.col("_metadata")) for files in groups.values()
    ]
    joined = frames[0]
    for frame in frames[1:]:
        joined = joined.unionByName(frame, allowMissingColumns=True)
    return joined


def layout(uri: str, base: str) -> tuple[str, ...]:
    """The partition columns Spark finds for a file below ``base``, as Spark finds them.

    From the file's folder up towards ``base``: each ``key=value`` folder gives ``key``
    (lower case); the first other folder above one of them ends the search (folders without
    ``=`` right above the file are passed over).
    """
    from showmeter.engines.spark_in_place_sources import shown

    path, top = shown(uri), shown(base).rstrip("/")
    below = path[len(top) + 1 :] if path.startswith(top + "/") else path.lstrip("/")
    keys: list[str] = []
    for name in reversed(below.split("/")[:-1]):
        if "=" in name:
            keys.append(name.split("=", 1)[0].lower())
        elif keys:
            break
    return tuple(reversed(keys))


def _read(session: SparkSession, files: str | list[str], base: str | None) -> DataFrame:
    """Spark's Parquet reader over a folder (as it takes it) or listed files below ``base``."""
    from showmeter.engines.spark_in_place_listing import cannot_read, literal

    reader = session.read
    if isinstance(files, list):
        reader = reader.option("basePath", base)
        files = [literal(uri) for uri in files]  # the names as written, not globs
    paths = [files] if isinstance(files, str) else files
    try:
        # every file's columns, as the ingest's union by name on DuckDB (Spark takes the
        # schema of one file otherwise: a column only some files have is read as missing)
        return reader.option("mergeSchema", "true").parquet(*paths)
    except Exception:  # types no merge joins (int and string): one file's schema, as before
        pass
    try:
        return reader.parquet(*paths)
    except Exception as error:  # AnalysisException: path missing, not Parquet
        raise cannot_read(base or str(files), error) from error
