"""Compute straight from files on DuckDB: the ingest's rules in the query, no store written.

:func:`read_in_place` gives a temporary in-memory DuckDB database in which every kind of input
(``viewing``, ``panels``, ``reviews``, ``signals``) is a *view* over the rows of its files that
pass the ingest's rules, so that a metric's SQL reads them under the names of the canonical
tables. Nothing is copied into a store first:

- a kind whose files are all Parquet in the canonical form (also a directory of them, a glob,
  Hive partitions ``key=value/``) is read by DuckDB's ``read_parquet`` twice: once by the rules,
  which keep only what the counts and the duplicate check need, and once by the metric, through
  a view that parses the files as the rules do and leaves out the rows not used
  (:mod:`showmeter.intake.in_place_parquet`; for sessions the rules read the files three
  times: the rules' grouping pass, with the catalog rules paid once per distinct title, season,
  episode and market (:mod:`showmeter.intake.in_place_triage`), a narrow pass over the device
  (:mod:`showmeter.intake.in_place_side`) and one over the duplicate keys); CSV and JSON
  Lines go through the ingest's own readers, batch by batch, into a staging table, so that
  their malformed rows, bytes that are not UTF-8 and line numbers are the ingest's;
- the rules are the ingest's, not a copy: the same :data:`showmeter.intake.rules.KINDS` build
  the same query (:func:`showmeter.intake.staging_sql.staged_sql`), the same staging function
  runs it, and the same :func:`showmeter.intake.settle.settle` finds the duplicates (by
  ``event_id``, or by all the values of a row without one) and counts every file's rows;
- what is read, used and quarantined (by reason) is each file's
  :class:`~showmeter.intake.summary.FileSummary`, and :meth:`InPlace.write_rejects` writes the
  quarantined rows to a Parquet directory.

A figure computed in place therefore equals the figure from a store loaded with the same files.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from showmeter.errors import InputError, UsageError
from showmeter.intake.catalog_tables import write_catalog
from showmeter.intake.in_place_cache import (
    Cache,
    Listing,
    cache_folder,
    catalog_digest,
    listing,
)
from showmeter.intake.in_place_parquet import settle_parquet
from showmeter.intake.recording import record_loads
from showmeter.intake.rules import KINDS
from showmeter.intake.settle import settle
from showmeter.intake.suggest import add_suggestions
from showmeter.quoting import literal, quote

if TYPE_CHECKING:
    import os
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

    from showmeter.catalog import Catalog
    from showmeter.intake.in_place_plain import Guard
    from showmeter.intake.load import Progress
    from showmeter.intake.staging_sql import Kind
    from showmeter.intake.summary import FileSummary
    from showmeter.store import Store

__all__ = ["REJECT_COLUMNS", "InPlace", "read_in_place", "rejects_folder"]

T = TypeVar("T")

REJECT_COLUMNS = ("kind", "file", "line", "column", "reason", "value", "record")
"""The columns of ``--rejects``: the kind of input, the file, its line (CSV, JSON Lines) or
row (Parquet, 1-based), the column the rule is about, the reason, the value and the raw row as
JSON."""


@dataclass
class InPlace:
    """Input files open in place.

    Attributes:
        store: A temporary in-memory store whose fact tables are views over the files.
        files: What happened to each file's rows: read, used (``loaded``), quarantined by
            reason, duplicates.
        kinds: The kinds of input read.
        guards: Per kind whose view reads a column guarded
            (:func:`~showmeter.intake.in_place_texts.guarded`), what exposes its files again
            with the columns that need it parsed, or scans them once the guards held
            (:class:`~showmeter.intake.in_place_plain.Guard`).
    """

    store: Store
    files: list[FileSummary]
    kinds: list[str] = field(default_factory=list)
    guards: list[Guard] = field(default_factory=list)

    def computed(self, run: Callable[[], T]) -> T:
        """``run()``, run again once with every value parsed when a guarded column tripped.

        A text column whose plainness the rules did not find (a unit id) is read plainly,
        unless a value of it needs parsing after all: then the query fails with
        :data:`~showmeter.intake.in_place_texts.TRIPPED`, the columns that need parsing are
        found (one scan) and the computation is run again, with the same figures as if they
        had been parsed from the first. When the guards held in a computation read from the
        validation cache, the guarded columns are scanned once and what the scan found kept,
        so that later computations read them raw, without a guard
        (:meth:`~showmeter.intake.in_place_plain.Guard.held`).

        Args:
            run: The computation over :attr:`store`.

        Returns:
            What ``run`` returns.
        """
        from showmeter.intake.in_place_texts import tripped

        try:
            result = run()
        except Exception as error:
            if not tripped(error):
                raise
            unguarded = [guard.unguard() for guard in self.guards]
            if not any(unguarded):
                raise
            return run()
        for guard in self.guards:
            guard.held()
        return result

    def write_rejects(self, path: str | os.PathLike[str]) -> Path:
        """Write the quarantined rows to a Parquet directory (see :data:`REJECT_COLUMNS`).

        Args:
            path: The directory; created, and it must not hold files already.

        Returns:
            The directory.

        Raises:
            UsageError: The directory holds files, or cannot be written.
        """
        folder = rejects_folder(path)
        union = " UNION ALL ".join(
            f'SELECT kind, file, _line AS line, _column AS "column", _reason AS reason, '
            f"_value AS value, _record AS record FROM rejected_{name}"
            for name in self.kinds
        )
        if not union:
            union = (
                "SELECT NULL::VARCHAR AS kind, NULL::VARCHAR AS file, NULL::BIGINT AS line, "
                'NULL::VARCHAR AS "column", NULL::VARCHAR AS reason, NULL::VARCHAR AS value, '
                "NULL::VARCHAR AS record WHERE FALSE"
            )
        target = literal(str(folder / "part-00000.parquet"))
        self.store.connection.execute(
            f"COPY (SELECT * FROM ({union}) ORDER BY kind, file, line) TO {target} (FORMAT parquet)"
        ).fetchall()
        return folder


def rejects_folder(path: str | os.PathLike[str]) -> Path:
    """The ``--rejects`` directory, made ready: created, and refused when it holds files.

    Raises:
        UsageError: It is a file, holds files already, or cannot be created.
    """
    folder = Path(path)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(
            "--rejects names a file or a folder that is not empty",
            file=str(folder),
            expected="a new or empty folder (the quarantined rows are written there as Parquet)",
            remedy="Give another folder, or empty this one.",
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(
            f"cannot create the folder for the rejected rows: {error.strerror or error}",
            file=str(folder),
            remedy="Give --rejects a folder you can write to.",
        ) from error
    return folder


@contextlib.contextmanager
def read_in_place(
    catalog: Catalog,
    inputs: Iterable[tuple[str, str | Path]],
    *,
    assume_tz: str | None = None,
    source: str = "canonical",
    options: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> Iterator[InPlace]:
    """Open input files in place, their rules applied, for the time of a ``with`` block.

    Args:
        catalog: The catalog.
        inputs: ``(kind, path)`` pairs as :func:`showmeter.intake.load.ingest` takes them
            (a file, a directory, a glob; Hive partitions ``key=value`` in the path give
            columns).
        assume_tz: IANA zone for naive timestamps; None rejects them.
        source: The adapter of the viewing files (``canonical`` or an adapter's name).
        options: The adapter's options.
        progress: Called after each batch.

    Yields:
        The open inputs: a store whose fact tables are views over the files.

    Raises:
        UsageError: An unknown kind or time zone.
        InputError: A file that cannot be read, or lacks a required column.
    """
    from showmeter.intake import load, stage_rows
    from showmeter.store import Store

    load._check_zone(assume_tz)
    read = stage_rows.reader_for(source, catalog, options or {})
    plan = load._plan(inputs, source)
    listed = listing([path for files in plan.values() for path in files])
    cache = Cache(listed, catalog_digest(catalog) if cache_folder() is not None else "")
    store = Store()
    try:
        try:  # the rules read the files too: one changed meanwhile is named, as below
            connection = store.connection
            database = quote(str(connection.execute("SELECT current_database()").fetchall()[0][0]))
            write_catalog(connection, catalog)
            everything: list[FileSummary] = []
            guards: list[Guard] = []
            load_id = uuid.uuid4().hex
            for kind_name, files in plan.items():
                kind = KINDS[kind_name]
                hooks = [hook for hook in (stage_rows.kind_prepare(kind),) if hook is not None]
                reader = read if kind_name == "viewing" else stage_rows.canonical_reader
                if _parquet_only(files, hooks, reader is stage_rows.canonical_reader):
                    summaries = settle_parquet(
                        connection, kind, files, assume_tz, load_id, database, cache, guards
                    )
                    add_suggestions(connection, f"checked_{kind_name}", summaries, catalog)
                    everything.extend(summaries)
                    continue
                notes = stage_rows.stage_kind(
                    connection, kind, files, assume_tz, hooks, progress, reader
                )
                adapter = source if kind_name == "viewing" else "canonical"
                summaries = settle(connection, kind, files, adapter, load_id, database)
                for summary, extra in zip(summaries, notes, strict=True):
                    summary.notes.update(extra)
                add_suggestions(connection, f"stage_{kind_name}", summaries, catalog)
                _expose(store, kind)
                everything.extend(summaries)
            # The quarantine (only the rejected rows) and the summaries, as a load records them: the
            # report's data quality section reads them.
            for kind_name in plan:
                connection.execute(
                    f"INSERT INTO main.quarantine SELECT * FROM rejected_{kind_name}"
                ).fetchall()
            record_loads(connection, load_id, everything)
        except Exception as error:
            _changed_meanwhile(listed, error)
            raise
        try:
            yield InPlace(store, everything, list(plan), guards)
        except Exception as error:  # e.g. DuckDB failing on a file half rewritten meanwhile
            _changed_meanwhile(listed, error)
            raise
        # A file that changed while it was read: an error (the figures may mix its old and
        # new rows), and nothing is kept for the next computation.
        cache.commit(connection)
    finally:
        store.close()


def _changed_meanwhile(listed: Listing, error: Exception) -> None:
    """Raise the error naming a file that changed since it was listed, caused by ``error``."""
    try:
        listed.check()
    except InputError as changed:
        raise changed from error


def _parquet_only(files: Sequence[Path], hooks: Sequence[object], canonical: bool) -> bool:
    """Whether a kind's files are read by :func:`settle_parquet`: Parquet in canonical form."""
    from showmeter.intake import readers

    return (
        canonical
        and not hooks
        and bool(files)
        and all(readers.file_format(path) == "parquet" for path in files)
    )


def _expose(store: Store, kind: Kind) -> None:
    """Replace the canonical table of ``kind`` by a view of its staged rows that are used.

    A row is used when it broke no rule and :func:`~showmeter.intake.settle.settle` kept it
    (not a duplicate of an earlier row, nor a conflict): the rows ``commit_kind`` would move
    into a store.
    """
    connection = store.connection
    columns = ", ".join(quote(c) for c in kind.columns)
    [(kept_out,)] = connection.execute(f"SELECT count(*) FROM unloaded_{kind.name}").fetchall()
    unloaded = (
        f" AND NOT EXISTS (SELECT 1 FROM unloaded_{kind.name} u "
        "WHERE u._file = s._file AND u._line = s._line)"
        if kept_out
        else ""
    )
    connection.execute(f"DROP TABLE main.{kind.name}").fetchall()
    connection.execute(
        f"CREATE VIEW main.{kind.name} AS SELECT {columns} FROM stage_{kind.name} s "
        f"WHERE s._reason IS NULL{unloaded}"
    ).fetchall()
