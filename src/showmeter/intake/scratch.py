"""The scratch folders where loads stage their rows, and the sweep of those left behind.

A load stages its rows in a scratch database in a folder of its own, deleted when the load
ends. A load that is killed cannot delete it; its folder is named after the host and the
process (``showmeter-staging-<host>-<pid>-<random>``), so the next load on the same host
deletes the folders of processes that no longer run. A folder of another host, or of a
process that still runs, is never touched.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from pathlib import Path

__all__ = ["PREFIX", "new_folder", "sweep"]

PREFIX = "showmeter-staging-"
"""How every staging folder's name begins."""


def _host() -> str:
    return "".join(c if c.isalnum() else "_" for c in socket.gethostname()) or "host"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, as another user
        return True
    return True


def sweep(parent: str | Path) -> list[Path]:
    """Delete the staging folders in ``parent`` of this host's processes that have ended.

    Args:
        parent: The folder the staging folders are made in.

    Returns:
        The folders deleted.
    """
    mine = f"{PREFIX}{_host()}-"
    gone = []
    for folder in Path(parent).glob(f"{mine}*"):
        pid = folder.name[len(mine) :].split("-", 1)[0]
        if folder.is_dir() and pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            gone.append(folder)
    return gone


def new_folder() -> Path:
    """A new staging folder in ``$SHOWMETER_TMP`` (else the system's temporary folder).

    The folders that killed loads of this host left there are deleted first.

    Returns:
        The folder, empty.
    """
    parent = os.environ.get("SHOWMETER_TMP") or tempfile.gettempdir()
    sweep(parent)
    prefix = f"{PREFIX}{_host()}-{os.getpid()}-"
    return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
