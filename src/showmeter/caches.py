"""Where showmeter keeps what it can derive again: one folder for every cache.

A bottom-layer module (it imports nothing of showmeter). Every cache lives in a subfolder of
:func:`cache_root`: ``$SHOWMETER_CACHE_DIR``, else ``$XDG_CACHE_HOME/showmeter``, else
``~/.cache/showmeter``. Nothing in it is needed: a cache that cannot be read or written is
derived again.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

__all__ = ["cache_folder", "cache_root", "read_json", "write_json"]

_OFF = {"0", "off", "no", "false"}
"""The values of a cache's switch that turn it off."""


def cache_root() -> Path:
    """The folder of showmeter's caches.

    Returns:
        ``$SHOWMETER_CACHE_DIR``, else ``$XDG_CACHE_HOME/showmeter``, else
        ``~/.cache/showmeter``.
    """
    root = os.environ.get("SHOWMETER_CACHE_DIR")
    if root:
        return Path(root)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "showmeter"


def cache_folder(name: str, switch: str | None = None) -> Path | None:
    """The folder of one cache, or None when its switch turns it off.

    Args:
        name: The cache's subfolder of :func:`cache_root`.
        switch: The environment variable that turns it off (``0``, ``off``, ``no``, ``false``).

    Returns:
        The folder (not created), or None.
    """
    if switch and os.environ.get(switch, "").strip().lower() in _OFF:
        return None
    return cache_root() / name


def read_json(path: Path) -> object | None:
    """A cached JSON document, or None when it is missing or cannot be read.

    Args:
        path: The cache file.

    Returns:
        The document, or None (a miss: derive it again).
    """
    try:
        document: object = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return document


def write_json(path: Path, document: object) -> None:
    """Keep a JSON document in a cache file, atomically; a failure to write is no error.

    Args:
        path: The cache file (its folder is created).
        document: What to keep.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(document, out)
        os.replace(temporary, path)
    except OSError:  # a read-only or full disk: the next process derives it again
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(temporary)
