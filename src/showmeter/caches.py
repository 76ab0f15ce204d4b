"""Where showmeter keeps what it can derive again: one folder for every cache.

A bottom-layer module (it imports nothing of showmeter). Every cache lives in a subfolder of
:func:`cache_root`: ``$SHOWMETER_CACHE_DIR``, else ``$XDG_CACHE_HOME/showmeter``, else
``~/.cache/showmeter``. Nothing in it is needed: a cache that cannot be read or written is
derived again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

__all__ = [
    "cache_folder",
    "cache_root",
    "read_json",
    "source_fingerprint",
    "write_json",
    "write_text",
]

_OFF = {"0", "off", "no", "false"}
"""The values of a cache's switch that turn it off."""


def cache_root() -> Path | None:
    """The folder of showmeter's caches.

    Returns:
        ``$SHOWMETER_CACHE_DIR``, else ``$XDG_CACHE_HOME/showmeter``, else
        ``~/.cache/showmeter``; None when there is no home folder to find it in (a process
        run under a user without one): every cache is then off.
    """
    root = os.environ.get("SHOWMETER_CACHE_DIR")
    if root:
        return Path(root)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "showmeter"
    try:
        return Path.home() / ".cache" / "showmeter"
    except (RuntimeError, KeyError):  # no $HOME and no entry in the user database
        return None


def cache_folder(name: str, switch: str | None = None) -> Path | None:
    """The folder of one cache, or None when its switch turns it off.

    Args:
        name: The cache's subfolder of :func:`cache_root`.
        switch: The environment variable that turns it off (``0``, ``off``, ``no``, ``false``).

    Returns:
        The folder (not created), or None (turned off, or no home folder).
    """
    if switch and os.environ.get(switch, "").strip().lower() in _OFF:
        return None
    root = cache_root()
    return None if root is None else root / name


def source_fingerprint(folders: tuple[str, ...], libraries: tuple[str, ...] = ()) -> str:
    """SHA-256 of what a cached result was derived from, so that any change misses the cache.

    Args:
        folders: Subpackages of showmeter: the path, size and modification time of each of
            their ``.py`` files count.
        libraries: Installed modules: the path, size and modification time of each one's
            ``origin`` count (``missing`` when it is not installed).

    Returns:
        The hexadecimal digest.
    """
    import importlib.util

    here = Path(__file__).resolve().parent
    entries: list[str] = []
    for folder in folders:
        for path in sorted((here / folder).rglob("*.py")):
            stat = path.stat()
            entries.append(f"{path.relative_to(here)}:{stat.st_size}:{stat.st_mtime_ns}")
    for library in libraries:
        spec = importlib.util.find_spec(library)
        origin = None if spec is None else spec.origin
        if origin is None:
            entries.append(f"{library}:missing")
            continue
        stat = Path(origin).stat()
        entries.append(f"{library}:{origin}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()


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
    write_text(path, json.dumps(document))


def write_text(path: Path, text: str) -> None:
    """Keep a text in a cache file, atomically (temporary file, then rename); errors are ignored.

    Args:
        path: The cache file (its folder is created).
        text: What to keep.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError:  # a read-only or full disk: the next process derives it again
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
