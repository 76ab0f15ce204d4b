"""Guarded unit ids read raw again by a computation that showed them plain before.

A unit id column whose plainness the rules did not find is read by the metric
:func:`~showmeter.intake.in_place_texts.guarded`: its raw value, or an error when a value needs
parsing. A guard that did not trip proves no more than that the rows the computation's queries
looked at are plain (a metric that filters by title or launch reads only some rows), so it
cannot mark the column plain for any other computation. It does prove something for the *same*
computation: its queries, run again over the same files, look at the same values, and where
none of them needs parsing the raw values give the same figures as the parsed ones.

So a computation that names itself (``key``: the metric and its parameters, the report and its
scope) and held its guards is remembered in the kind's cache record
(:attr:`~showmeter.intake.in_place_cache.Record.held`): under a key of the computation and of
every input of it (the catalog, each input file as listed, the zone, the adapter), the digest
of the SQL statements it ran (DuckDB's query log). The next time, over the same unchanged
files (the record's key), the computation reads those columns raw, with no guard, and its
statements are compared with the remembered ones: the same statements give the result; others
(code changed since, say) expose the columns guarded again and run the computation once more,
and a computation whose statements differ from one run to the next is not read raw again.
Values passed to a statement as parameters do not show in the log: the key stands for them.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import duckdb

    from showmeter.intake.in_place_cache import Record
    from showmeter.intake.in_place_view import Exposure

__all__ = ["DIGESTS_KEPT", "HELD_KEPT", "Guard", "computed", "held_key"]

T = TypeVar("T")

HELD_KEPT = 32
"""At most this many computations are remembered per record (the oldest are forgotten)."""

DIGESTS_KEPT = 4
"""At most this many sets of statements are remembered per computation."""

_TEMPORARY = re.compile(r"\bshowmeter_shared_[0-9_]+\b")
"""The temporary tables a batch of computations names from a counter of the process
(:mod:`showmeter.engines.batch`, :mod:`showmeter.engines.plans`): compared without it."""


@dataclass
class Guard:
    """The guarded columns of one kind's view, and the record that remembers them.

    Attributes:
        exposure: How the kind's view reads its files.
        record: The kind's cache record (shared with the cache: kept when changed).
        keep: Keeps :attr:`record` to be written with the cache (nothing when it is off).
    """

    exposure: Exposure
    record: Record
    keep: Callable[[], None]

    def unguard(self) -> bool:
        """Find which guarded columns need parsing (one scan), read the others plainly.

        Returns:
            Whether any column was guarded (else nothing changed).
        """
        if not self.exposure.unguard():
            return False
        self.record.plain = [sorted(columns) for columns in self.exposure.plain]
        self.record.guarded = [[] for _ in self.exposure.sources]
        self.record.held = {}
        self.keep()
        return True

    def held(self, key: str) -> list[str]:
        """The digests of the statements computation ``key`` ran holding the guards."""
        if not any(self.exposure.guarded):
            return []
        return self.record.held.get(key, [])

    def read_raw(self) -> None:
        """Expose the kind's view with its guarded columns read raw (this computation only)."""
        exposure = self.exposure
        raw = [
            plain | guarded for plain, guarded in zip(exposure.plain, exposure.guarded, strict=True)
        ]
        self.exposure.show(replace=True, plain=raw, guarded=[set() for _ in raw])

    def read_guarded(self) -> None:
        """Expose the kind's view as it was: its guarded columns behind their guard."""
        self.exposure.show(replace=True)

    def learn(self, key: str, digest: str) -> None:
        """Remember that computation ``key`` held the guards, running statements ``digest``.

        A computation is remembered with up to :data:`DIGESTS_KEPT` sets of statements (a
        batch's plan is recorded the first time and replayed after); one that ran more, or
        none, is not read raw again (an empty list).
        """
        if not any(self.exposure.guarded):
            return
        held = self.record.held
        digests = held.pop(key, None)
        if digests is None:
            digests = [digest] if digest else []
        elif digests and digest not in digests:
            digests = [*digests, digest] if digest and len(digests) < DIGESTS_KEPT else []
        held[key] = digests
        while len(held) > HELD_KEPT:
            del held[next(iter(held))]
        self.keep()


def held_key(inputs: str, key: Sequence[object]) -> str:
    """The key of a computation over the inputs whose digest is ``inputs``."""
    text = json.dumps([inputs, [repr(part) for part in key]])
    return hashlib.sha256(text.encode()).hexdigest()


def computed(
    connection: duckdb.DuckDBPyConnection,
    guards: Sequence[Guard],
    run: Callable[[], T],
    key: str | None,
) -> T:
    """``run()`` over the guarded columns raw when ``key`` held them before, else guarded.

    Args:
        connection: The in-memory store's connection.
        guards: The kinds whose view reads a column guarded.
        run: The computation.
        key: The computation's :func:`held_key`, or None (nothing remembered or read raw).

    Returns:
        What ``run`` returns. A guard's trip is raised as it is (the caller parses and runs
        again).
    """
    guarded = [guard for guard in guards if any(guard.exposure.guarded)]
    if key is None or not guarded:
        return run()
    remembered = set.intersection(*(set(guard.held(key)) for guard in guarded))
    if remembered:
        for guard in guarded:
            guard.read_raw()
        try:
            with _Statements(connection) as statements:
                result = run()
            if statements.digest in remembered:
                return result
        except Exception:  # read guarded below, where an error is raised as it is
            pass
        for guard in guarded:  # other statements than those remembered: guarded once more
            guard.read_guarded()
    with _Statements(connection) as statements:
        result = run()
    for guard in guarded:
        guard.learn(key, statements.digest)
    return result


class _Statements:
    """The digest of the SQL statements run on a connection's database meanwhile (a ``with``).

    DuckDB's query log, turned on for the block and emptied after; the statements are
    compared as a sorted list (a report runs some on several threads), the numbers of the
    temporary tables a batch names (:data:`_TEMPORARY`) left out.
    """

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self.connection = connection
        self.digest = ""

    def __enter__(self) -> _Statements:
        self.connection.execute("CALL truncate_duckdb_logs()").fetchall()
        self.connection.execute("CALL enable_logging('QueryLog')").fetchall()
        return self

    def __exit__(self, *exc: object) -> None:
        self.connection.execute("CALL disable_logging()").fetchall()
        found = self.connection.execute(
            "SELECT message FROM duckdb_logs WHERE type = 'QueryLog'"
        ).fetchall()
        self.connection.execute("CALL truncate_duckdb_logs()").fetchall()
        texts = sorted(_TEMPORARY.sub("showmeter_shared_", str(text)) for (text,) in found)
        if texts:
            self.digest = hashlib.sha256(json.dumps(texts).encode()).hexdigest()
