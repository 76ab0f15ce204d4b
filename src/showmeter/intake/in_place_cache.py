"""What the rules found in Parquet files read in place, kept for the next computation.

Applying the ingest's rules to files read in place (:mod:`showmeter.intake.in_place_parquet`)
costs a computation more than its metric: every row is triaged and keyed for duplicates. What
the rules find depends only on the files, the catalog and the rules themselves, so it is kept
on disk and read back by a later computation over the same, unchanged, files, which then runs
only its metric:

- **Where**: ``$SHOWMETER_CACHE_DIR/in-place/``, else ``$XDG_CACHE_HOME/showmeter/in-place/``,
  else ``~/.cache/showmeter/in-place/`` (the conventions of the compiled SQL's cache,
  :mod:`showmeter.engines.compiled`); ``SHOWMETER_INPLACE_CACHE=off`` turns it off. A folder
  that cannot be written is no error: the rules then run every time. The folder may be
  deleted at any time. It holds the quarantined rows (their raw records) of the files read.
- **Key**, one entry per kind of input and *set* of files (duplicates across files depend
  on the whole set): each file's identity (its resolved absolute path, size, modification time
  in nanoseconds and the SHA-256 of its Parquet footer, which holds the row groups' sizes and
  statistics; its path as listed, absolute but not resolved, whence Hive partition values
  come; and its change stamp: device, inode, status change time), the files' order, the
  zone for naive timestamps, the digest of the catalog's
  tables, the rules' SQL text for the files' column types, showmeter's version, DuckDB's
  version and a fingerprint (path, size, modification time) of the source files of the rules
  (``intake/``, ``schema/``, ``catalog/``). Any change of one misses the cache.
- **Entry**: a folder named by the key's SHA-256 holding ``record.json`` (the key, checked on
  reading; per file the rows read by reason, the rows kept out as duplicates or conflicts,
  the notes; the columns read plainly and those read guarded; per file, the guarded columns a
  whole-file scan found plain, see below) and two Parquet files: the
  rows that broke a rule (``checked``: file, row, reason, column, value, record) and the
  rows not loaded (``unloaded``: duplicates and conflicts by file and row). A later
  computation leaves these rows out by their position in their file (``file_row_number``),
  so its figures, ``inputs`` and ``--rejects`` equal the first's. It is written to a
  temporary folder renamed into place, only after the computation found its files unchanged.
- **Plain unit ids** (:meth:`Listing.settled`): a guarded column that a scan of the whole file
  found plain is read raw later only while the file's *change stamp* (device, inode and status
  change time ``st_ctime_ns``) is the one taken before that scan. The key holds that stamp (a
  file rewritten keeping its size, modification time and footer misses), and the record keeps
  no stamp of its own. The scan vouches only for a settled stamp (taken before it, the file's
  status last changed 2 s before or more, so that a write during the scan moves the stamp: later
  runs have another key), and the computation that scanned, like one relying on the scan,
  compares the file's change and link stamps at its end, so a record is only kept when the
  file read is the file listed (a link pointed elsewhere for the scan and back is refused).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import showmeter._version
from showmeter import caches
from showmeter.intake.in_place_listing import Listing, Stamp, listing
from showmeter.quoting import literal

if TYPE_CHECKING:
    from collections.abc import Sequence

    import duckdb

    from showmeter.catalog import Catalog

__all__ = [
    "Cache",
    "Listing",
    "Record",
    "Stamp",
    "cache_folder",
    "catalog_digest",
    "listing",
    "read_record",
    "write_record",
]

_FORMAT = 4
"""The version of the entries' layout."""

_SOURCES = ("intake", "schema", "catalog")
"""The folders of showmeter whose files the rules (and their reading in place) come from."""


def cache_folder() -> Path | None:
    """The folder of the rules' records, or None when the cache is turned off."""
    return caches.cache_folder("in-place", "SHOWMETER_INPLACE_CACHE")


def catalog_digest(catalog: Catalog) -> str:
    """SHA-256 of the catalog's tables (what the rules join to), in a stable text form."""
    from showmeter.intake.catalog_tables import catalog_rows

    text = json.dumps(catalog_rows(catalog), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@functools.cache
def _fingerprint() -> str:
    """Path, size and modification time of every source file of the rules."""
    return caches.source_fingerprint(_SOURCES)


def key(
    kind: str,
    identities: Sequence[dict[str, Any]],
    assume_tz: str | None,
    catalog: str,
    rules: Sequence[str],
) -> dict[str, Any]:
    """The key of one kind's entry: see the module's documentation."""
    import duckdb

    return {
        "format": _FORMAT,
        "showmeter": showmeter._version.__version__,
        "duckdb": duckdb.__version__,
        "sources": _fingerprint(),
        "kind": kind,
        "files": list(identities),
        "assume_tz": assume_tz,
        "catalog": catalog,
        "rules": hashlib.sha256("\n".join(rules).encode()).hexdigest(),
    }


@dataclasses.dataclass
class Record:
    """What the rules found in one kind's files (the counts by file index).

    Attributes:
        read: ``(file, reason or None, rows)``: every row read, by its fate.
        kept_out: ``(file, status, rows)``: the valid rows not loaded (duplicates, conflicts).
        notes: ``(file, note, rows)``: the rows loaded with a note.
        plain: Per file, the canonical columns the metric reads plainly.
        guarded: Per file, the text columns the metric reads guarded (plainly unless a value
            needs parsing after all: :func:`~showmeter.intake.in_place_texts.guarded`).
        scanned: Per file, None or what a scan of the whole file found: the guarded columns
            no value of which needs parsing, read raw (the key holds the file's change stamp
            under which the scan was taken: :meth:`Listing.settled`).
    """

    read: list[tuple[int, str | None, int]]
    kept_out: list[tuple[int, str, int]]
    notes: list[tuple[int, str, int]]
    plain: list[list[str]]
    guarded: list[list[str]]
    scanned: list[list[str] | None] = dataclasses.field(default_factory=list)

    def vouched(self, index: int) -> set[str]:
        """The guarded columns of file ``index`` read raw: a scan found them plain."""
        found = self.scanned[index] if index < len(self.scanned) else None
        if found is None:
            return set()
        return set(found) & set(self.guarded[index])


def _entry(folder: Path, wanted: dict[str, Any]) -> Path:
    text = json.dumps(wanted, sort_keys=True)
    return folder / hashlib.sha256(text.encode()).hexdigest()


def read_record(
    connection: duckdb.DuckDBPyConnection, wanted: dict[str, Any], checked: str, unloaded: str
) -> Record | None:
    """The entry of ``wanted``, its rows written as the tables ``checked`` and ``unloaded``.

    Returns:
        The record, or None on a miss (no entry, another key, an unreadable entry).
    """
    import duckdb

    folder = cache_folder()
    if folder is None:
        return None
    entry = _entry(folder, wanted)
    try:
        stored = json.loads((entry / "record.json").read_text(encoding="utf-8"))
        if stored.get("key") != wanted:
            return None
        record = Record(
            read=[(int(f), r, int(n)) for f, r, n in stored["read"]],
            kept_out=[(int(f), str(s), int(n)) for f, s, n in stored["kept_out"]],
            notes=[(int(f), str(s), int(n)) for f, s, n in stored["notes"]],
            plain=[[str(c) for c in columns] for columns in stored["plain"]],
            guarded=[[str(c) for c in columns] for columns in stored["guarded"]],
            scanned=[_scan(found) for found in stored["scanned"]],
        )
        if not len(record.guarded) == len(record.plain) == len(record.scanned):
            return None
        from showmeter.intake.readers import as_written

        for table, name in ((checked, "checked"), (unloaded, "unloaded")):
            source = literal(as_written(str(entry / f"{name}.parquet")))  # no glob
            connection.execute(
                f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_parquet({source})"
            ).fetchall()
    except (OSError, ValueError, KeyError, TypeError, AttributeError, duckdb.Error):
        return None
    return record


def _scan(stored: object) -> list[str] | None:
    """A file's scan as stored (:attr:`Record.scanned`); ValueError when malformed."""
    if stored is None:
        return None
    if not isinstance(stored, list) or not all(isinstance(c, str) for c in stored):
        raise ValueError("a scan without its columns")
    return list(stored)


def write_record(
    connection: duckdb.DuckDBPyConnection,
    wanted: dict[str, Any],
    record: Record,
    checked: str,
    unloaded: str,
) -> None:
    """Write the entry of ``wanted`` (atomically: a temporary folder renamed into place).

    Called after a miss (an entry found there is one that could not be read), or after a
    warm run's guard tripped (the record then holds what the scan found): it is replaced.
    Gives up silently when the folder cannot be written, or another process wrote the entry
    meanwhile.
    """
    import duckdb

    folder = cache_folder()
    if folder is None:
        return
    entry = _entry(folder, wanted)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=entry.name[:16], suffix=".tmp", dir=folder))
    except OSError:
        return
    try:
        for table, name in ((checked, "checked"), (unloaded, "unloaded")):
            target = literal(str(temporary / f"{name}.parquet"))
            connection.execute(f"COPY {table} TO {target} (FORMAT parquet)").fetchall()
        text = json.dumps({"key": wanted, **dataclasses.asdict(record)})
        (temporary / "record.json").write_text(text, encoding="utf-8")
        if entry.exists():  # an entry of the same key that could not be read: replaced
            shutil.rmtree(entry, ignore_errors=True)
        os.replace(temporary, entry)
    except (OSError, duckdb.Error):
        pass
    finally:
        with contextlib.suppress(OSError):
            if temporary.exists():
                shutil.rmtree(temporary, ignore_errors=True)


@dataclasses.dataclass
class Cache:
    """The cache as one computation in place uses it: its files as listed, its catalog.

    Attributes:
        listing: The input files as listed, before any was read.
        catalog: The digest of the catalog (:func:`catalog_digest`).
        kept: The entries to write once the computation found its files unchanged.
    """

    listing: Listing
    catalog: str
    kept: list[tuple[dict[str, Any], Record, str, str]] = dataclasses.field(default_factory=list)

    def key(
        self, kind: str, files: Sequence[Path], assume_tz: str | None, rules: Sequence[str]
    ) -> dict[str, Any] | None:
        """The key of ``kind``'s entry for ``files``.

        Returns:
            The key; None when the cache is off or a file cannot be identified (not readable,
            not a Parquet file with a footer).
        """
        if cache_folder() is None:
            return None
        identities = []
        for path in files:
            identity = self.listing.identity(path)
            if identity is None:
                return None
            identities.append(identity)
        return key(kind, identities, assume_tz, self.catalog, rules)

    def keep(self, wanted: dict[str, Any], record: Record, checked: str, unloaded: str) -> None:
        """Keep an entry to write at :meth:`commit` (once: kept again, it is written once)."""
        if all(kept != wanted for kept, *_ in self.kept):
            self.kept.append((wanted, record, checked, unloaded))

    def commit(self, connection: duckdb.DuckDBPyConnection) -> None:
        """Check that no file changed since it was listed, then write the entries kept.

        Raises:
            InputError: A file changed during the computation (nothing is written).
        """
        self.listing.check()
        for wanted, record, checked, unloaded in self.kept:
            write_record(connection, wanted, record, checked, unloaded)
        self.kept.clear()
