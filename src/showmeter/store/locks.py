"""Who holds a store file: DuckDB's lock, a writer waiting for readers, the file's version.

DuckDB lets one process write a file while no other has it open, and several read it while
none writes; it takes a whole-file record lock to enforce that (shared to read, exclusive to
write). ``showmeter serve`` opens the store only for each computation, so that a load can write
it in between: a writer that finds readers waits for them (:func:`connect`), leaving a marker
(:data:`PENDING`) that keeps new readers out meanwhile; a second writer is refused at once,
naming the process that writes.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from showmeter.errors import InputError, UsageError

if TYPE_CHECKING:
    import duckdb

__all__ = [
    "LOCK_WAIT",
    "LOCK_WAIT_VARIABLE",
    "PENDING",
    "StoreBusy",
    "connect",
    "file_version",
    "lock_holder",
]

LOCK_WAIT_VARIABLE = "SHOWMETER_LOCK_WAIT"
"""Seconds a writer waits for readers of the store (``showmeter serve``'s computations) to let
go of it before giving up; default :data:`LOCK_WAIT` (each of those reads is bounded by the
dashboard's ``--query-timeout``)."""

LOCK_WAIT = 60.0
"""The default of :data:`LOCK_WAIT_VARIABLE`."""


class StoreBusy(InputError):
    """Another process holds the store: a load writing to it, or readers when writing.

    Attributes:
        writer: Whether the holder writes (a load); otherwise it only reads (a dashboard).
    """

    def __init__(self, cause: str, *, file: str, remedy: str, writer: bool) -> None:
        self.writer = writer
        super().__init__(cause, file=file, remedy=remedy)


def lock_holder(path: str) -> tuple[str, int] | None:
    """Who holds DuckDB's lock on a store file, as the system's record locks tell.

    DuckDB locks the whole file: a shared lock for each process that reads it, an exclusive
    one for the process that writes it.

    Args:
        path: The store file.

    Returns:
        ``("writer", pid)`` or ``("reader", pid)``; ``None`` when nobody holds it or the system
        cannot tell (not Linux).
    """
    import sys

    if not sys.platform.startswith("linux"):
        return None
    import fcntl
    import struct

    layout = "hhqqi"  # struct flock on Linux: type, whence, start, len, pid (padded to 32)
    query = struct.pack(layout, fcntl.F_WRLCK, 0, 0, 0, 0) + bytes(4)
    try:
        with open(path, "rb") as file:
            answer = fcntl.fcntl(file.fileno(), fcntl.F_GETLK, query)
    except OSError:
        return None
    kind, _, _, _, pid = struct.unpack(layout, answer[: struct.calcsize(layout)])
    if kind == fcntl.F_UNLCK:
        return None
    return ("writer" if kind == fcntl.F_WRLCK else "reader"), int(pid)


def _busy(path: str, error: Exception, read_only: bool) -> StoreBusy:
    """The error of a store another process holds, naming who and what to do."""
    holder = lock_holder(path)
    writer = holder[0] == "writer" if holder else "read-only mode" not in str(error)
    pid = f" (PID {holder[1]})" if holder else ""
    if writer:
        return StoreBusy(
            f"cannot open the store: another process{pid} is writing to it (a load, most "
            "likely), and a store takes one writer at a time and no reader while it writes",
            file=path,
            remedy="Wait until that load has finished, then run this again; loads into one "
            "store run one after the other.",
            writer=True,
        )
    if read_only:  # only a writer keeps a reader out: it let go meanwhile
        return StoreBusy(
            "cannot open the store: it was busy", file=path, remedy="Try again.", writer=False
        )
    return StoreBusy(
        f"cannot open the store: other processes{pid} kept it open for reading (a dashboard "
        f"computing, most likely) for longer than ${LOCK_WAIT_VARIABLE} seconds",
        file=path,
        remedy=f"Try again, or wait longer with ${LOCK_WAIT_VARIABLE}=SECONDS "
        f"(default {LOCK_WAIT:g}).",
        writer=False,
    )


PENDING = ".load-pending"
"""The suffix of the file a writer leaves next to the store while it waits for readers to let
go (it holds the writer's PID): readers then keep out, so that a busy dashboard cannot keep a
load waiting for ever."""


def _pending_writer(path: str) -> int | None:
    """The PID of a live writer waiting for the store, if there is one."""
    try:
        pid = int(Path(path + PENDING).read_text("ascii").strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None  # left by a writer that was killed: ignored
    except PermissionError:
        pass
    return pid


def connect(
    path: str,
    read_only: bool,
    config: dict[str, str | bool | int | float | list[str]],
    lock_wait: float | None,
) -> duckdb.DuckDBPyConnection:
    """Connect to the store; a writer waits up to ``lock_wait`` seconds for readers.

    Raises:
        StoreBusy: Another process writes (or waits to write) the store; or readers held it
            past ``lock_wait``.
    """
    import duckdb

    if read_only and path != ":memory:":
        pid = _pending_writer(path)
        if pid is not None and pid != os.getpid():
            raise StoreBusy(
                f"cannot open the store: a load (PID {pid}) waits to write to it",
                file=path,
                remedy="Try again once it has finished.",
                writer=True,
            )
    if lock_wait is None:
        given = os.environ.get(LOCK_WAIT_VARIABLE) or str(LOCK_WAIT)
        try:
            lock_wait = float(given)
        except ValueError:
            raise UsageError(
                f"${LOCK_WAIT_VARIABLE} is not a number of seconds",
                value=given,
                expected="a number such as 60",
                remedy=f"Fix or unset ${LOCK_WAIT_VARIABLE}.",
            ) from None
    given_up = time.monotonic() + lock_wait
    marker: Path | None = None
    try:
        while True:
            try:
                return duckdb.connect(path, read_only=read_only, config=config)
            except duckdb.IOException as error:
                if "lock" not in str(error).lower():
                    raise
                busy = _busy(path, error, read_only)
                if read_only or busy.writer or time.monotonic() >= given_up:
                    raise busy from error
                if marker is None:  # readers (a dashboard): ask them to keep out meanwhile
                    marker = Path(path + PENDING)
                    with contextlib.suppress(OSError):
                        # written whole, then renamed: a reader never sees it empty
                        draft = Path(f"{marker}.{os.getpid()}")
                        draft.write_text(str(os.getpid()), "ascii")
                        os.replace(draft, marker)
                time.sleep(0.05)  # readers hold it for one computation at a time
    finally:
        if marker is not None:
            with contextlib.suppress(OSError):
                marker.unlink()


def file_version(path: str) -> str:
    """What changes whenever a store file does, read from the file system alone.

    The size, modification time and inode of the file and of its write-ahead log: a load
    that commits changes one of them. Neither the path nor the contents are read.

    Args:
        path: The store file.

    Returns:
        A short text such as ``8392704-1733472000123456789-1234``.
    """
    parts = []
    for name in (path, path + ".wal"):
        try:
            stat = Path(name).stat()
        except OSError:
            parts.append("-")
        else:
            parts.append(f"{stat.st_size}-{stat.st_mtime_ns}-{stat.st_ino}")
    return "/".join(parts)
