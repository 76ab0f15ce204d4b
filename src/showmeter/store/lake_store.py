"""A lake opened for reading on DuckDB: a store whose canonical tables are views over its files.

:class:`LakeStore` is a :class:`~showmeter.store.database.Store` in memory in which every
canonical table is a view over the committed files of the lake (``read_parquet`` of the files
the log lists when the lake is opened: one snapshot, whatever loads commit later), its columns
cast to the canonical types. So every engine and every lookup reads a lake as it reads a store,
under the same table names. The table ``_lake_files`` holds the snapshot's files, so that an
engine that reads files itself (Spark) reads exactly the same ones.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from showmeter.quoting import literal, quote
from showmeter.schema import TABLES, duckdb_type
from showmeter.store.database import MEMORY, Store
from showmeter.store.lake import PARTITIONS, PREFIX, Lake, lake_path
from showmeter.store.lake_files import check_files

if TYPE_CHECKING:
    import duckdb

__all__ = [
    "FILES_TABLE",
    "LakeStore",
    "lake_path",
    "lake_root",
    "open_store",
    "store_version",
    "table_sql",
]

FILES_TABLE = "_lake_files"
"""The table of a :class:`LakeStore` listing the files of its snapshot."""


def table_sql(name: str, files: list[str]) -> str:
    """A SELECT of a canonical table's rows from its Parquet files, in canonical types.

    Args:
        name: The table's name.
        files: Its files (absolute paths); none gives no rows.

    Returns:
        The query.
    """
    table = TABLES[name]
    columns = ", ".join(
        f"CAST({quote(c.name)} AS {duckdb_type(c)}) AS {quote(c.name)}" for c in table.columns
    )
    if not files:
        nulls = ", ".join(
            f"CAST(NULL AS {duckdb_type(c)}) AS {quote(c.name)}" for c in table.columns
        )
        return f"SELECT {nulls} WHERE FALSE"
    listed = "[" + ", ".join(literal(f) for f in files) + "]"
    hive = ""
    if name in PARTITIONS:
        types = ", ".join(
            f"{quote(c)}: {literal(duckdb_type(table.column(c)))}" for c in PARTITIONS[name]
        )
        hive = f", hive_partitioning = true, hive_types = {{{types}}}"
    return f"SELECT {columns} FROM read_parquet({listed}, union_by_name = true{hive})"


def lake_root(con: duckdb.DuckDBPyConnection) -> str | None:
    """The lake a connection reads, when it is a :class:`LakeStore`'s (else None)."""
    rows = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [FILES_TABLE]
    ).fetchall()
    if not rows[0][0]:
        return None
    found = con.execute(f"SELECT DISTINCT root FROM {FILES_TABLE}").fetchall()
    return str(found[0][0]) if found else ""


class LakeStore(Store):
    """A lake's committed loads, read as a store (in memory; nothing is copied).

    Args:
        root: The lake's folder.
        memory_limit: DuckDB's memory limit (see :class:`Store`).
        threads: DuckDB's threads.

    Raises:
        MissingFileError: The folder is not a lake.
        InputError: A committed file is missing or not of its committed size.
    """

    def __init__(
        self,
        root: str | os.PathLike[str],
        *,
        memory_limit: str | None = None,
        threads: int | None = None,
    ) -> None:
        self.lake = Lake(root)
        self.commits = self.lake.commits()
        super().__init__(MEMORY, memory_limit=memory_limit, threads=threads)
        snapshot = self.lake.snapshot(self.commits)
        read = {path for listed in snapshot.values() for _, path in listed}
        check_files(
            self.lake.root,
            [
                (name, size)
                for commit in self.commits
                for name, size in commit.sizes.items()
                if str(self.lake.root / name) in read
            ],
        )
        con = self.connection
        con.execute(
            f"CREATE TABLE {FILES_TABLE} (root VARCHAR, table_name VARCHAR, base VARCHAR, "
            "path VARCHAR)"
        ).fetchall()
        rows = [
            [str(self.lake.root), name, base, path]
            for name, listed in snapshot.items()
            for base, path in listed
        ]
        if rows:
            con.executemany(f"INSERT INTO {FILES_TABLE} VALUES (?, ?, ?, ?)", rows)
        for name in TABLES:
            files = [path for _, path in snapshot.get(name, [])]
            if not files:
                continue  # the empty table stays
            con.execute(f"DROP TABLE {quote(name)}").fetchall()
            con.execute(f"CREATE VIEW {quote(name)} AS {table_sql(name, files)}").fetchall()

    @property
    def label(self) -> str:
        """``lake:PATH``, as ``--store`` names it."""
        return f"{PREFIX}{self.lake.root}"

    def fingerprint(self) -> str:
        """The lake's folder and its last committed version (it changes with every load)."""
        last = self.commits[-1] if self.commits else None
        return f"{self.label}|{len(self.commits)}|{last.load_id if last else ''}"

    def describe(self) -> dict[str, object]:
        """As :meth:`Store.describe`, naming the lake and its committed version."""
        described = super().describe()
        described["store"] = self.label
        described["lake_version"] = self.commits[-1].version if self.commits else 0
        return described


def open_store(store: str | os.PathLike[str], *, memory_limit: str | None = None) -> Store:
    """A store to read: a :class:`LakeStore` for ``lake:PATH``, else the file, read-only."""
    root = lake_path(store)
    if root is not None:
        return LakeStore(root, memory_limit=memory_limit)
    return Store(os.fspath(store), read_only=True, memory_limit=memory_limit)


def store_version(store: str | os.PathLike[str]) -> str:
    """What changes whenever a store file or a lake does (a lake: its last committed entry).

    Read from the file system alone (a lake: the names in its ``_log/``), for the caches of a
    reader that opens the store anew for each request (the dashboard).
    """
    from showmeter.store.locks import file_version

    root = lake_path(store)
    if root is None:
        return file_version(os.fspath(store))
    lake = Lake(root)
    version = lake.version()
    try:  # a lake deleted and built again at the same path has the same number of entries
        entry = (lake.log / f"{version:020d}.json").stat()
    except FileNotFoundError:
        return f"lake-{version}"
    return f"lake-{version}-{entry.st_ino}-{entry.st_mtime_ns}"
