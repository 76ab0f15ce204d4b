"""Which temporary tables a replay of a kept plan creates: only those its running steps read.

A kept plan (:class:`showmeter.engines.plans.BatchPlan`) holds every statement its batch ran:
each shared relation's temporary table created and dropped, each computation's query. A replay
given some of the batch's results already (``known``: a season page under another market or
device holds the figures no filter changes, computed by the page before) runs none of their
queries; a temporary table that only such queries read (directly, or through another such
table) is then neither created nor dropped. On the demo's season page that is the tables of
the signals and reviews under a device, or under a market whose demand is cached: 93 of a
market US change's statements become 75 (the skipped ones took 0.16 s of CPU under load; the
whole change's gain was not told apart from the machine's noise). Every query that runs reads
the same tables as before, so every result is the same.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping, Sequence

__all__ = ["TEMPORARY_TABLE", "needed", "skipped", "target"]

TEMPORARY_TABLE = re.compile(r"\bshowmeter_shared_\d+\b")
"""The names of a batch's temporary tables (:mod:`showmeter.engines.batch`); a replay renames
them by this same pattern (:mod:`showmeter.engines.plans`)."""

_CREATE = re.compile(r'\s*CREATE TEMP TABLE "(showmeter_shared_\d+)" AS ')
_DROP = re.compile(r'\s*DROP TABLE IF EXISTS temp\."(showmeter_shared_\d+)"\s*\Z')


def target(sql: str) -> str | None:
    """The temporary table a statement creates or drops; None for any other statement."""
    found = _CREATE.match(sql) or _DROP.match(sql)
    return found[1] if found else None


def needed(
    steps: Sequence[Sequence[Any]],
    known: Collection[int],
    members: Mapping[int, Collection[int]],
) -> set[str]:
    """The temporary tables that the steps a replay runs read, directly or through others.

    Args:
        steps: The kept plan's steps (``exec``, ``run``, ``group``, ``member``).
        known: The positions of the computations whose results the replay is given.
        members: Each group's first position -> the positions of its members.

    Returns:
        The names (as kept) of the tables to create.
    """
    bodies: dict[str, str] = {}
    todo: list[str] = []
    for step in steps:
        kind = step[0]
        if kind == "exec":
            sql = str(step[1])
            name = target(sql)
            if name is None:  # another statement: whatever it reads is made
                todo.extend(TEMPORARY_TABLE.findall(sql))
            elif _CREATE.match(sql):
                bodies[name] = sql
        elif kind in ("run", "group") and _runs(step, known, members):
            todo.extend(TEMPORARY_TABLE.findall(str(step[2])))
    wanted: set[str] = set()
    while todo:
        name = todo.pop()
        if name in wanted:
            continue
        wanted.add(name)
        body = bodies.get(name)
        if body is not None:
            todo.extend(n for n in TEMPORARY_TABLE.findall(body) if n != name)
    return wanted


def _runs(
    step: Sequence[Any], known: Collection[int], members: Mapping[int, Collection[int]]
) -> bool:
    """Whether a replay runs a query step: its computation's result (a member's) is not given."""
    if step[0] == "run":
        return step[1] not in known
    return not set(members.get(step[1], ())) <= set(known)


def skipped(sql: str, wanted: Collection[str]) -> bool:
    """Whether a replay skips a kept statement: it creates or drops a table not ``wanted``."""
    name = target(sql)
    return name is not None and name not in wanted
