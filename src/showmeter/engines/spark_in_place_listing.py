r"""Which files a path names on Spark, listed as the ingest lists them on DuckDB.

Spark's own listing leaves out every name starting with ``_`` or ``.``, and its readers take a
path's ``[``, ``{``, ``*``, ``?`` and ``\`` for a glob. Here a ``**`` glob is listed with
Hadoop's own listing (classic Spark) or, on Spark Connect, where the driver has no JVM, by
Python on an executor (local files; other file systems are refused there, not listed short);
a path that exists as written is read as written (:func:`literal`); a file reached again
through a loop of links is listed once, and a folder that cannot be listed is an error.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from showmeter.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Callable

    from pyspark.sql import SparkSession

__all__ = [
    "cannot_read",
    "every_file",
    "exists",
    "globbed_files",
    "listing",
    "literal",
    "local",
    "nothing_found",
    "without_loops",
]


def literal(path: str) -> str:
    r"""A path that Spark's readers take as written, not as a glob (``\[`` for ``[``, …).

    Spark globs every path it is given that holds ``[``, ``]``, ``{``, ``}``, ``*``, ``?`` or
    ``\`` (Hadoop's glob, whose ``\`` escapes the next character).
    """
    return re.sub(r"([\\\[\]{}*?])", r"\\\1", path)


def local(path: str) -> str | None:
    """A local path's file system path (``file:/x``, ``file:///x``, ``/x``); None for a URI."""
    if path.startswith("file:"):
        return re.sub("^file:/*", "/", path)
    return None if "://" in path else path


def cannot_read(spec: str, error: Exception) -> InputError:
    """The error for a path Spark cannot read: a ``:`` in a file name, or the JVM's cause."""
    if ":" in Path(spec.split("://")[-1].removeprefix("file:")).name:
        return InputError(
            "Spark cannot read a file whose name holds ':' (Hadoop takes the name for a URI)",
            file=spec,
            remedy="Rename the file, or use the DuckDB engine.",
        )
    java: Any = getattr(error, "java_exception", None)  # py4j: the JVM's cause, not the call's
    cause = str(java.toString() if java is not None else error).splitlines()[0]
    return InputError(
        f"Spark cannot read the files: {cause}",
        file=spec,
        remedy="Check the path (and that Spark reaches its file system).",
    )


def listing(session: SparkSession, spec: str, *, folder: bool) -> dict[str, int]:
    """The files Spark finds for a path, a folder (recursively) or a glob, with their sizes.

    ``spec`` as Spark's readers take it (:func:`literal` for a path as written).
    """
    reader = session.read.format("binaryFile")
    if folder:
        reader = reader.option("recursiveFileLookup", "true")
    try:
        found = {str(p): int(n) for p, n in reader.load(spec).select("path", "length").collect()}
    except Exception as error:  # AnalysisException: the path does not exist
        raise cannot_read(spec, error) from error
    if not found:
        raise nothing_found(spec)
    return found


def nothing_found(spec: str) -> InputError:
    """The error for a path that names no file (as the ingest's on DuckDB)."""
    return InputError(
        "no input file found",
        file=spec,
        expected="an existing file, a folder of files, or a glob such as 'logs/*.csv'",
        remedy="Check the path.",
    )


def every_file(session: SparkSession, base: str) -> dict[str, int]:
    """Every file below ``base`` with its size, hidden ones too (loops of links: each turn).

    Hadoop's own listing (the session's file system settings): Spark's file listing leaves out
    the files and folders whose name starts with ``_`` or ``.``, where Python's glob (the
    ingest's, on DuckDB) enters a ``_`` folder. On Spark Connect, a local folder is walked by
    Python on an executor (as Hadoop's local file system lists it). The paths through a loop
    of links are left to :func:`without_loops`, once the glob has matched.

    Raises:
        InputError: Nothing is below ``base``, it cannot be listed, or it is on another file
            system than the local one on Spark Connect.
    """
    jvm = _jvm(session)
    if jvm is None:
        found = _on_executor(session, "walk", _connect_path(base))
    else:
        try:
            path = jvm.org.apache.hadoop.fs.Path(base)
            files = path.getFileSystem(session._jsc.hadoopConfiguration()).listFiles(path, True)
            found = {}
            while files.hasNext():
                status = files.next()
                found[str(status.getPath().toString())] = int(status.getLen())
        except Exception as error:  # py4j: FileNotFoundException, no file system for the scheme
            raise cannot_read(base, error) from error
    if not found:
        raise nothing_found(base)
    return found


def without_loops(base: str, sizes: dict[str, int]) -> dict[str, int]:
    """Listed files below ``base`` without the turns of a loop of links (local files).

    As the ingest's glob on DuckDB (:func:`~showmeter.intake.listing.once_per_loop`): a path
    through a loop is left out when the file is also listed without it, else one is kept.
    """
    from showmeter.engines.spark_in_place_sources import shown
    from showmeter.intake.listing import once_per_loop

    root = local(base)
    if root is None:
        return sizes
    by_path = {shown(uri): uri for uri in sizes}
    return {by_path[p]: sizes[by_path[p]] for p in once_per_loop(root, list(by_path))}


def globbed_files(session: SparkSession, spec: str, plain: int) -> dict[str, int] | None:
    r"""Every file a glob might match (``_`` names too), to be matched by Python's rules.

    Classic Spark: Hadoop's glob with each part from the ``plain``-th on that holds a
    wildcard widened to ``*`` (Hadoop's rules are not Python's: ``[^a]``, ``{a,b}``, ``\``),
    the parts before it as written; Spark Connect: Python's glob on an executor (local files),
    None for another file system (Spark's own glob is all it has: see docs/in-place.md).

    Raises:
        InputError: The file system cannot be listed.
    """
    jvm = _jvm(session)
    if jvm is None:
        if local(spec) is None:
            return None
        return _on_executor(session, "glob", _connect_path(spec))
    parts = spec.split("/")
    wild = [any(c in p for c in "[]{}*?\\") for p in parts[plain:]]
    widened = [
        (".*" if p.startswith(".") else "*") if w else literal(p)
        for p, w in zip(parts[plain:], wild, strict=True)
    ]
    pattern = "/".join([literal("/".join(parts[:plain])), *widened])
    try:
        path = jvm.org.apache.hadoop.fs.Path(pattern)
        statuses = path.getFileSystem(session._jsc.hadoopConfiguration()).globStatus(path)
        return {str(s.getPath().toString()): int(s.getLen()) for s in statuses or [] if s.isFile()}
    except Exception as error:  # py4j: no file system for the scheme
        raise cannot_read(spec, error) from error


def exists(session: SparkSession, spec: str) -> bool:
    """Whether a file or folder is named ``spec`` as written (its ``[``, ``*``… no glob)."""
    jvm = _jvm(session)
    if jvm is None:
        if local(spec) is None:
            return False
        return bool(_on_executor(session, "exists", _connect_path(spec)))
    try:
        path = jvm.org.apache.hadoop.fs.Path(spec)
        return bool(path.getFileSystem(session._jsc.hadoopConfiguration()).exists(path))
    except Exception:  # py4j: no file system for the scheme; Spark's listing will say so
        return False


def _jvm(session: SparkSession) -> Any:
    """The driver's JVM (py4j) of a classic session; None on Spark Connect."""
    return getattr(session, "_jvm", None)


def _connect_path(spec: str) -> str:
    path = local(spec)
    if path is None:
        raise InputError(
            "on Spark Connect a '**' glob is listed by Spark, which leaves out the folders whose "
            "name starts with '_' (DuckDB's glob enters them), and only local files can be "
            "listed otherwise",
            file=spec,
            remedy="Give the folders without '**' (a folder is read recursively), use a "
            "classic Spark session (spark://… or local[…]), or use the DuckDB engine.",
        )
    return path


def _on_executor(session: SparkSession, task: str, path: str) -> dict[str, int]:
    """Run a listing task on one executor (Spark Connect: the driver has no JVM to ask)."""
    rows = session.range(1).mapInArrow(_task(task, path), "path string, length long, error string")
    found: dict[str, int] = {}
    for uri, length, error in rows.collect():
        if error is not None:
            raise InputError(
                f"cannot list the folder: {error}",
                file=uri,
                remedy="Give Spark's user the right to read the folder, or name only the files "
                "or folders it may read.",
            )
        found[str(uri)] = int(length)
    return found


def _task(task: str, path: str) -> Callable[[Any], Any]:
    """The executor's listing (picklable by value: the standard library and pyarrow only).

    An executor need not have showmeter installed, so its folder walk repeats the loop rule of
    :func:`showmeter.intake.listing.visible_files` (links to folders entered, a folder already
    on the way skipped) rather than calling it: change both together.
    """

    def run(batches: Any) -> Any:
        import glob
        import os

        import pyarrow as pa

        for _ in batches:
            pass
        rows: list[tuple[str, int, str | None]] = []

        def identity(folder: str) -> tuple[int, int] | None:
            try:
                found = os.stat(folder)
            except OSError:
                return None
            return found.st_dev, found.st_ino

        def failed(error: OSError) -> None:
            raise error

        try:
            if task == "exists":
                rows = [(path, 1, None)] if os.path.exists(path) else []
            elif task == "glob":
                rows = [
                    ("file:" + os.path.abspath(p), os.path.getsize(p), None)
                    for p in glob.glob(path)
                    if os.path.isfile(p)
                ]
            else:  # walk: every file below, links to folders followed but for loops
                above = {path: {identity(path)}}
                for root, folders, names in os.walk(path, onerror=failed, followlinks=True):
                    chain = above.pop(root)
                    entered = []
                    for name in folders:
                        below = os.path.join(root, name)
                        found = identity(below)
                        if found is not None and found not in chain:
                            above[below] = chain | {found}
                            entered.append(name)
                    folders[:] = entered
                    for name in names:
                        file = os.path.join(root, name)
                        if os.path.isfile(file):
                            rows.append(("file:" + file, os.path.getsize(file), None))
        except OSError as error:
            rows = [(str(error.filename or path), 0, str(error.strerror or error))]
        yield pa.RecordBatch.from_pylist(
            [{"path": p, "length": n, "error": e} for p, n, e in rows],
            schema=pa.schema(
                [("path", pa.string()), ("length", pa.int64()), ("error", pa.string())]
            ),
        )

    return run
