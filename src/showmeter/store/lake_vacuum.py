"""Cleaning a lake: the folders no reader reads any more (``showmeter lake vacuum``).

A lake keeps two kinds of folders that no reader of its current version reads:

- **uncommitted** load folders, left by a load that was killed before its commit (or that is
  being written now: those must not be touched);
- **replaced** load folders, committed before a compaction (``showmeter optimize --store
  lake:PATH``) whose files replace theirs. A reader that opened the lake before the compaction
  may still be reading them.

:func:`plan` lists the folders older than a retention period (the newest file's modification
time, as Delta Lake's ``VACUUM`` keeps files for ``delta.deletedFileRetentionDuration``, 7 days
by default; :data:`RETENTION_HOURS` is the same), and leaves out a folder whose load still runs:
a load holds its folder's lock file (``flock``) while it runs, and the lock goes with its process.
:func:`vacuum` deletes the planned folders, checking each again just before.
Stray temporary log entries (``_log/.*.json.tmp``) of a killed commit go too.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from showmeter.errors import UsageError
from showmeter.store.lake import DATA, LOCK, Lake
from showmeter.store.lake_files import try_lock

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["RETENTION_HOURS", "Leftover", "plan", "vacuum"]

RETENTION_HOURS = 168.0
"""Hours a folder no reader reads is kept (Delta Lake's default retention: 7 days)."""


@dataclass(frozen=True)
class Leftover:
    """A folder (or a temporary log entry) that :func:`vacuum` deletes.

    Attributes:
        path: The folder or file.
        why: ``uncommitted``, ``replaced`` (by a compaction) or ``temporary entry``.
        bytes: Its size, every file under it.
        hours: Hours since its newest file was modified.
    """

    path: Path
    why: str
    bytes: int
    hours: float

    def to_dict(self) -> dict[str, object]:
        """As JSON prints it."""
        return {
            "path": str(self.path),
            "why": self.why,
            "bytes": self.bytes,
            "hours": round(self.hours, 2),
        }


def plan(lake: Lake, *, older_than: float = RETENTION_HOURS) -> list[Leftover]:
    """What :func:`vacuum` would delete now.

    Args:
        lake: The lake.
        older_than: Hours since a folder's newest file was modified (for a replaced folder:
            since the compaction that replaced it committed) before it may go.

    Returns:
        The folders and files, by path.

    Raises:
        UsageError: ``older_than`` is negative.
    """
    if older_than < 0:
        raise UsageError(
            "the retention is negative",
            value=older_than,
            expected="hours, 0 or more",
            remedy=f"Give --older-than in hours (default {RETENTION_HOURS:g}).",
        )
    now = time.time()
    commits = lake.commits()
    named = {c.load_id for c in commits}
    compactions = [c for c in commits if c.compacts]
    replaced: set[str] = set()
    if compactions:
        last = compactions[-1]
        committed = (lake.log / f"{last.version:020d}.json").stat().st_mtime
        if (now - committed) / 3600 >= older_than:
            replaced = {c.load_id for c in commits if c.version < last.version}
    found: list[Leftover] = []
    data = lake.root / DATA
    folders = data.iterdir() if data.is_dir() else iter(())  # a copy may drop empty folders
    for folder in sorted(p for p in folders if p.is_dir()):
        size, newest = _size_and_newest(folder)
        hours = (now - newest) / 3600
        if folder.name in replaced:
            found.append(Leftover(folder, "replaced", size, hours))
        elif folder.name not in named and hours >= older_than and not _running(folder):
            found.append(Leftover(folder, "uncommitted", size, hours))
    for entry in sorted(lake.log.glob(".*.json.tmp")):
        stat = entry.stat()
        hours = (now - stat.st_mtime) / 3600
        if hours >= older_than:
            found.append(Leftover(entry, "temporary entry", stat.st_size, hours))
    return found


def vacuum(lake: Lake, *, older_than: float = RETENTION_HOURS) -> list[Leftover]:
    """Delete what :func:`plan` lists, each uncommitted folder checked again just before.

    An uncommitted folder is deleted while its lock is held here, and only if the log does not
    name it then (a load releases its lock only after its commit is published).

    Args:
        lake: The lake.
        older_than: See :func:`plan`.

    Returns:
        What was deleted.
    """
    deleted: list[Leftover] = []
    for leftover in plan(lake, older_than=older_than):
        if leftover.why == "temporary entry":
            leftover.path.unlink(missing_ok=True)
        elif leftover.why == "replaced":
            shutil.rmtree(leftover.path, ignore_errors=True)
        else:
            handle = _lock(leftover.path)
            if handle is False:
                continue  # a load took it up meanwhile
            try:
                if leftover.path.name in {c.load_id for c in lake.commits()}:
                    continue  # committed meanwhile
                shutil.rmtree(leftover.path, ignore_errors=True)
            finally:
                if handle is not None:
                    os.close(handle)
        deleted.append(leftover)
    return deleted


def _size_and_newest(folder: Path) -> tuple[int, float]:
    """Bytes under a folder, and the newest modification time of it or anything under it."""
    size, newest = 0, folder.stat().st_mtime
    for path in folder.rglob("*"):
        try:
            stat = path.stat()
        except OSError:  # deleted meanwhile
            continue
        newest = max(newest, stat.st_mtime)
        if path.is_file():
            size += stat.st_size
    return size, newest


def _running(folder: Path) -> bool:
    """Whether a process holds the folder's lock (its load runs)."""
    handle = _lock(folder)
    if handle is False:
        return True
    if handle is not None:
        os.close(handle)
    return False


def _lock(folder: Path) -> int | bool | None:
    """The folder's lock taken (a descriptor), False when a load holds it, None without one.

    None: the folder has no lock file (its load finished with it, or never took one), or the
    system has no locks.
    """
    try:
        handle = os.open(folder / LOCK, os.O_WRONLY)
    except OSError:
        return None
    taken = try_lock(handle)
    return handle if taken else taken
