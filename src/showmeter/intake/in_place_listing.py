"""The input files as listed before they are read: to tell whether one changed since.

A computation in place stamps every input file when it lists them (:func:`listing`): absolute
path, size and modification time, and the *change stamp* (device, inode, status change time
``st_ctime_ns``). :meth:`Listing.check` refuses a computation whose files changed meanwhile;
:meth:`Listing.identity` gives a Parquet file's part of the validation cache's key
(:mod:`showmeter.intake.in_place_cache`, with the SHA-256 of its footer); and
:meth:`Listing.settled` tells when a scan of the whole file may vouch for its content under
its change stamp, which moves on any write or ``utime`` and cannot be set back, so that a
rewrite keeping the size, the time and the footer is told apart too
(:mod:`showmeter.intake.in_place_plain`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import time
from typing import TYPE_CHECKING, Any

from showmeter.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

__all__ = ["Listing", "Stamp", "listing"]

_SETTLED_NS = 2_000_000_000
"""How long before a scan a file's status must have last changed for the scan to vouch for it.

A file system keeps its times at a coarse step (a few milliseconds), so a write within the step
of the last change keeps ``st_ctime_ns``: a scan vouches only for a file whose change stamp was
taken well before it, so that any later write shows as a later stamp (as git's "racy" rule)."""

_FOOTER_LIMIT = 64 * 1024 * 1024
"""A footer longer than this is not hashed: the file's size and time identify it alone."""


@dataclasses.dataclass(frozen=True)
class Stamp:
    """A file as listed: resolved path, size and modification time (nanoseconds).

    ``change`` (device, inode, status change time in nanoseconds) and ``link`` (the same of
    the listed path itself, when it is a symbolic link) are not compared by ``==``: they are
    part of the cache key (:meth:`Listing.identity`), :meth:`Listing.settled` reads
    ``change``, and :meth:`Listing.check` compares both for the files whose unit ids are read
    raw (:attr:`Listing.relied`). ``listed`` is the path as listed, made absolute but not
    resolved: the values of Hive partition columns come from it.
    """

    path: str
    size: int
    mtime_ns: int
    change: tuple[int, int, int] | None = dataclasses.field(default=None, compare=False)
    listed: str = dataclasses.field(default="", compare=False)
    link: tuple[int, int, int] | None = dataclasses.field(default=None, compare=False)

    @staticmethod
    def of(path: Path) -> Stamp | None:
        """The file's stamp now; None when it cannot be read."""
        try:
            stat = path.stat()
        except OSError:
            return None
        change = (stat.st_dev, stat.st_ino, stat.st_ctime_ns) if stat.st_ctime_ns > 0 else None
        link = None
        if path.is_symlink():
            try:
                own = path.lstat()
            except OSError:
                return None
            link = (own.st_dev, own.st_ino, own.st_ctime_ns)
        listed = os.path.abspath(path)
        return Stamp(str(path.resolve()), stat.st_size, stat.st_mtime_ns, change, listed, link)

    def token(self) -> str | None:
        """The change stamp as text (``device:inode:ctime_ns``), or None when unknown."""
        return None if self.change is None else ":".join(str(n) for n in self.change)


@dataclasses.dataclass
class Listing:
    """The input files as listed before they are read, to tell whether one changed since.

    Attributes:
        stamps: Each file's stamp as listed (None: it could not be read).
        relied: The files whose unit ids are read raw on the word of their change stamp
            (:meth:`Record.vouched`): :meth:`check` compares their change and link stamps too.
    """

    stamps: dict[Path, Stamp | None]
    relied: set[Path] = dataclasses.field(default_factory=set)

    def identity(self, path: Path) -> dict[str, Any] | None:
        """A Parquet file's identity for the cache key; None when it cannot be taken.

        Its resolved path, size, modification time and footer's SHA-256; the path as listed
        (absolute, not resolved: a Hive partition's value comes from it, so a renamed link
        to the same file misses); and its change stamp (:meth:`Stamp.token`), so that a file
        rewritten keeping its size, time and footer misses too, whatever the triage read.
        """
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
            "listed": stamp.listed,
            "change": stamp.token(),
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
        has changed too when its change stamp differs (a rewrite keeping its size and time),
        or when the link it was listed by was replaced (pointed elsewhere, maybe back).

        Raises:
            InputError: Naming the first file that changed.
        """
        for path, stamp in self.stamps.items():
            now = Stamp.of(path)
            moved = (
                now is None or stamp is None or (now.change, now.link) != (stamp.change, stamp.link)
            )
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
