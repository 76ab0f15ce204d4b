"""Another program changing a file while showmeter reads it, for the in-place tests."""

from __future__ import annotations

import os
from pathlib import Path


def change_file(path: Path, change: str) -> None:
    """Append four bytes to ``path`` (``"appended"``), or move only its time 1 s on."""
    if change == "appended":
        with path.open("ab") as out:
            out.write(b"more")
    else:
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
