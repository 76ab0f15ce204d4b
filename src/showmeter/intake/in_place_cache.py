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
  on the whole set): each file's identity (its absolute path, size, modification time in
  nanoseconds and the SHA-256 of its Parquet footer, which holds the row groups' sizes and
  statistics), the files' order, the zone for naive timestamps, the digest of the catalog's
  tables, the rules' SQL text for the files' column types, showmeter's version, DuckDB's
  version and a fingerprint (path, size, modification time) of the source files of the rules
  (``intake/``, ``schema/``, ``catalog/``). Any change of one misses the cache.
- **Entry**: a folder named by the key's SHA-256 holding ``record.json`` (the key, checked on
  reading; per file the rows read by reason, the rows kept out as duplicates or conflicts,
  the notes; the columns read plainly and those read guarded; per file, the guarded columns a
  whole-file scan found plain, with the file's change stamp then, see below) and two Parquet
  files: the
  rows that broke a rule (``checked``: file, row, reason, column, value, record) and the
  rows not loaded (``unloaded``: duplicates and conflicts by file and row). A later
  computation leaves these rows out by their position in their file (``file_row_number``),
  so its figures, ``inputs`` and ``--rejects`` equal the first's. It is written to a
  temporary folder renamed into place, only after the computation found its files unchanged.
- **Plain unit ids** (:meth:`Listing.settled`): a guarded column that a scan of the whole file
  found plain is read raw later only while the file's *change stamp* (device, inode and status
  change time ``st_ctime_ns``) is the one taken before that scan. The key above would not see a
  file rewritten with the same size, modification time and footer; its status change time moves
  on any write or ``utime`` and cannot be set back, so such a file is read guarded again.
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
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import showmeter._version
from showmeter import caches
from showmeter.errors import InputError
from showmeter.quoting import literal

if TYPE_CHECKING:
    from collections.abc import Sequence

    import duckdb

    from showmeter.catalog import Catalog

__all__ = [
    "Cache",
    "Listing",
    "Record",
    "cache_folder",
    "catalog_digest",
    "listing",
    "read_record",
    "write_record",
]

_FORMAT = 3
"""The version of the entries' layout."""

_SOURCES = ("intake", "schema", "catalog")
"""The folders of showmeter whose files the rules (and their reading in place) come from."""

_SETTLED_NS = 2_000_000_000
"""How long before a scan a file's status must have last changed for the scan to vouch for it.

A file system keeps its times at a coarse step (a few milliseconds), so a write within the step
of the last change keeps ``st_ctime_ns``: a scan vouches only for a file whose change stamp was
taken well before it, so that any later write shows as a later stamp (as git's "racy" rule)."""

_FOOTER_LIMIT = 64 * 1024 * 1024
"""A footer longer than this is not hashed: the file's size and time identify it alone."""


def cache_folder() -> Path | None:
    """The folder of the rules' records, or None when the cache is turned off."""
    return caches.cache_folder("in-place", "SHOWMETER_INPLACE_CACHE")


@dataclasses.dataclass(frozen=True)
class Stamp:
    """A file as listed: absolute path, size and modification time (nanoseconds).

    ``change`` (device, inode, status change time in nanoseconds) is not compared: a
    computation is refused only for a change of size or time (:meth:`Listing.check`);
    :meth:`Listing.settled` reads it.
    """

    path: str
    size: int
    mtime_ns: int
    change: tuple[int, int, int] | None = dataclasses.field(default=None, compare=False)

    @staticmethod
    def of(path: Path) -> Stamp | None:
        """The file's stamp now; None when it cannot be read."""
        try:
            stat = path.stat()
        except OSError:
            return None
        change = (stat.st_dev, stat.st_ino, stat.st_ctime_ns) if stat.st_ctime_ns > 0 else None
        return Stamp(str(path.resolve()), stat.st_size, stat.st_mtime_ns, change)

    def token(self) -> str | None:
        """The change stamp as text (``device:inode:ctime_ns``), or None when unknown."""
        return None if self.change is None else ":".join(str(n) for n in self.change)


@dataclasses.dataclass
class Listing:
    """The input files as listed before they are read, to tell whether one changed since.

    Attributes:
        stamps: Each file's stamp as listed (None: it could not be read).
        relied: The files whose unit ids are read raw on the word of their change stamp
            (:meth:`Record.vouched`): :meth:`check` compares their change stamp too.
    """

    stamps: dict[Path, Stamp | None]
    relied: set[Path] = dataclasses.field(default_factory=set)

    def identity(self, path: Path) -> dict[str, Any] | None:
        """A Parquet file's identity for the cache key; None when it cannot be taken."""
        stamp = self.stamps.get(path)
        if stamp is None:
            return None
        footer = _footer_digest(path, stamp.size)
        if footer is None:
            return None
        return {
            "path": stamp.path,
            "size": stamp.size,
            "mtime_ns": stamp.mtime_ns,
            "footer": footer,
        }

    def change(self, path: Path) -> str | None:
        """The file's change stamp as listed (:meth:`Stamp.token`); None when unknown."""
        stamp = self.stamps.get(path)
        return None if stamp is None else stamp.token()

    def settled(self, path: Path) -> str | None:
        """The file's change stamp, when a scan now may vouch for its content under it.

        That is when the file's stamp now is the one listed (size, time and change stamp)
        and its status last changed at least :data:`_SETTLED_NS` ago: a write after the scan
        then gives another change stamp. None otherwise (the scan's finding is not kept).
        """
        listed = self.stamps.get(path)
        now = Stamp.of(path)
        if listed is None or now is None or now != listed or now.change != listed.change:
            return None
        if now.change is None or now.change[2] > time.time_ns() - _SETTLED_NS:
            return None
        return now.token()

    def check(self) -> None:
        """Raise if a file changed (size or modification time) since it was listed.

        A file whose unit ids were read raw on the word of its change stamp (:attr:`relied`)
        has changed too when its change stamp differs (a rewrite keeping its size and time).

        Raises:
            InputError: Naming the first file that changed.
        """
        for path, stamp in self.stamps.items():
            now = Stamp.of(path)
            moved = now is None or stamp is None or now.change != stamp.change
            if now != stamp or (path in self.relied and moved):
                raise InputError(
                    "the file changed while it was being read (its size, modification time "
                    "or status change time differs from when the computation listed it), so "
                    "the figures may mix its old and new rows",
                    file=str(path),
                    remedy="Compute again once the file is complete; write a file elsewhere "
                    "and move it into place when it is done, so that a reader never sees it "
                    "half written.",
                )


def listing(paths: Sequence[Path]) -> Listing:
    """Stamp every input file now (at listing, before any is read)."""
    return Listing({path: Stamp.of(path) for path in paths})


def _footer_digest(path: Path, size: int) -> str | None:
    """SHA-256 of a Parquet file's footer (schema, row groups, statistics); None if unreadable."""
    try:
        with path.open("rb") as handle:
            if size < 12:
                return None
            handle.seek(size - 8)
            tail = handle.read(8)
            if tail[4:] != b"PAR1":
                return None
            length = int.from_bytes(tail[:4], "little")
            if length > _FOOTER_LIMIT or length + 12 > size:
                return None
            handle.seek(size - 8 - length)
            return hashlib.sha256(handle.read(length)).hexdigest()
    except OSError:
        return None


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
        scanned: Per file, None or what a scan of the whole file found:
            ``{"change": change stamp, "plain": the guarded columns no value of which needs
            parsing}``; read raw while the file's change stamp is that one
            (:meth:`Listing.settled`).
    """

    read: list[tuple[int, str | None, int]]
    kept_out: list[tuple[int, str, int]]
    notes: list[tuple[int, str, int]]
    plain: list[list[str]]
    guarded: list[list[str]]
    scanned: list[dict[str, Any] | None] = dataclasses.field(default_factory=list)

    def vouched(self, index: int, change: str | None) -> set[str]:
        """The guarded columns of file ``index`` read raw: scanned plain under ``change``."""
        found = self.scanned[index] if index < len(self.scanned) else None
        if found is None or change is None or found.get("change") != change:
            return set()
        return set(found.get("plain", ())) & set(self.guarded[index])


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


def _scan(stored: object) -> dict[str, Any] | None:
    """A file's scan as stored (:attr:`Record.scanned`); ValueError when malformed."""
    if stored is None:
        return None
    if not isinstance(stored, dict) or not isinstance(stored.get("change"), str):
        raise ValueError("a scan without its change stamp")
    plain = stored.get("plain")
    if not isinstance(plain, list) or not all(isinstance(c, str) for c in plain):
        raise ValueError("a scan without its columns")
    return {"change": stored["change"], "plain": list(plain)}


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
