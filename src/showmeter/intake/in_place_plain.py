"""Guarded unit ids found plain by a scan of the whole file, and kept for the next computation.

The triage does not read a unit id whose rules the file's statistics prove, so the metric reads
it :func:`~showmeter.intake.in_place_texts.guarded` (raw, unless a value needs parsing after
all). A guard that held proves nothing of the rows the metric did not read, so a computation
cannot learn from it that the column is plain. A scan of the whole column can
(:func:`~showmeter.intake.in_place_texts.unchanged`, about a third of a second per column and
10 M rows), so it is paid once, by the first computation read from the validation cache whose
guards held (:meth:`Guard.held`), or by a computation whose guard tripped
(:meth:`Guard.unguard`, which scans anyway). What it found is kept in the file's cache record
taken under the file's settled change stamp
(:meth:`~showmeter.intake.in_place_listing.Listing.settled`), which the record's key holds: later
computations read the columns found plain raw, with no guard, while that stamp holds (another
stamp is another key), and parse the columns found to need it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from showmeter.intake.in_place_stats import file_stats
from showmeter.intake.in_place_texts import unchanged
from showmeter.intake.in_place_triage import unnumbered

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from showmeter.intake.in_place_cache import Cache, Record
    from showmeter.intake.in_place_view import Exposure

__all__ = ["Guard"]


@dataclass
class Guard:
    """The guarded columns of one kind's files, and what their scans found.

    Attributes:
        exposure: How the view reads the files (its ``guarded`` columns are still guarded).
        record: What the cache keeps of the kind (its ``guarded`` and ``scanned`` are updated).
        files: The files, by their index in the load.
        cache: The validation cache, or None when it is off.
        entry: The record's key, or None (nothing is kept).
        tables: The names of the tables of the rows not used (``checked``, ``unloaded``).
        warm: Whether the record was read from the cache (:meth:`held` scans only then).
    """

    exposure: Exposure
    record: Record
    files: Sequence[Path]
    cache: Cache | None
    entry: dict[str, Any] | None
    tables: tuple[str, str]
    warm: bool

    def unguard(self) -> bool:
        """A guard tripped: expose the files again with the columns that need it parsed.

        What the scan found is kept (the columns found plain under the file's change stamp).

        Returns:
            Whether any column was guarded (else nothing changed).
        """
        guarded = [set(columns) for columns in self.exposure.guarded]
        settled = [bool(columns) and self._settled(i) for i, columns in enumerate(guarded)]
        if not self.exposure.unguard():
            return False
        for index, columns in enumerate(guarded):
            if columns:
                found = self.exposure.plain[index] & columns
                self._found(index, columns, found, settled[index])
        self._keep()
        return True

    def held(self) -> None:
        """The guards held in a computation read from the cache: scan the guarded columns.

        Each file still read guarded whose change stamp is settled is scanned once, and what
        the scan found kept for the next computation (not this one, which is done). Nothing is
        scanned when the cache is off or the record was not read from it (a first computation
        pays the rules already).
        """
        import duckdb

        if not self.warm or self.cache is None or self.entry is None:
            return
        self.warm = False  # once per computation in place, however many it runs
        exposure = self.exposure
        kept = False
        for index, columns in enumerate(exposure.guarded):
            if not columns or not self._settled(index):
                continue
            source = exposure.sources[index]
            parsed = exposure.kind.parsed(source.types, exposure.assume_tz)
            try:
                stats = file_stats(exposure.connection, self.files[index])
                found = unchanged(
                    exposure.connection, parsed, source, unnumbered(source), sorted(columns), stats
                )
            except duckdb.Error:  # e.g. the file changed meanwhile: the commit will say so
                return
            self._found(index, set(columns), found, True)
            kept = True
        if kept:
            self._keep()

    def _settled(self, index: int) -> bool:
        """Whether a scan of file ``index`` now may vouch for it (:meth:`Listing.settled`).

        Its stamp now is the one listed, which the record's key holds, and settled. A write
        during the scan gives the file another stamp, so later runs another key; a link pointed
        elsewhere for the scan and back keeps the target's stamp, so :meth:`_found` has the
        commit compare the file's change and link stamps too (it refuses the run if they moved).
        """
        if self.cache is None or self.entry is None:
            return False
        return self.cache.listing.settled(self.files[index]) is not None

    def _found(self, index: int, columns: set[str], found: set[str], settled: bool) -> None:
        """Keep what a scan of file ``index``'s ``columns`` found (``found`` plain).

        A column needing parsing is no longer guarded (parsing is right whatever the file
        holds); one found plain is vouched for when the file was ``settled`` before the scan.
        """
        record = self.record
        record.guarded[index] = sorted(set(record.guarded[index]) - (columns - found))
        if settled:
            record.scanned[index] = sorted(record.vouched(index) | found)
            assert self.cache is not None  # settled only with a cache
            self.cache.listing.relied.add(self.files[index])  # the commit checks its stamps

    def _keep(self) -> None:
        if self.cache is not None and self.entry is not None:
            self.cache.keep(self.entry, self.record, *self.tables)
