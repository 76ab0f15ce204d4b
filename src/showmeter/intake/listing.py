"""The files below a folder or matched by a glob: hidden names, links, loops, unreadable folders.

A folder's expansion leaves out hidden names (as Spark's listing does) and enters links to
folders but not a loop; a glob is Python's (``**`` recursive), each file listed once however
many loops of links lead to it. A folder that cannot be listed (no permission) is an error
naming it, never a folder left out without a word: its files would be missing from the counts.
"""

from __future__ import annotations

import glob
import os
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING

from showmeter.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "WILDCARDS",
    "glob_files",
    "hidden",
    "once_per_loop",
    "through_loop",
    "unreadable",
    "visible_files",
]

WILDCARDS = "*?["
"""The characters that make a part of a path a pattern for Python's glob."""


def hidden(name: str) -> bool:
    """Whether a file or folder of that name is hidden from a folder's expansion.

    As Spark's own listing decides: a name starting with ``.``, or with ``_`` unless it holds
    ``=`` (``_k=1/`` is a Hive partition folder, read by both engines).
    """
    return name.startswith(".") or (name.startswith("_") and "=" not in name)


def unreadable(folder: str | Path, error: OSError) -> InputError:
    """The error for a folder that cannot be listed: it names the folder and the remedy."""
    return InputError(
        f"cannot list the folder: {error.strerror or error}",
        file=str(folder),
        remedy="Give the user running showmeter the right to read the folder, or name "
        "only the files or folders it may read.",
    )


def visible_files(folder: Path) -> Iterator[Path]:
    """The files below ``folder``, recursively, but for hidden ones.

    A file is hidden when a part of its path below the folder is hidden (:func:`hidden`:
    ``._x.csv``, ``.git/x.csv``, ``__MACOSX/x.csv``, ``_old/x.csv``): a hidden folder is not
    entered. The folder itself may be hidden (``_inbox/``): only the parts below it count. No
    folder expansion takes a hidden file, neither ingest's nor the source adapters'. A link to
    a folder is entered, as Spark's listing enters it, unless it leads back to the folder or
    one above it on the way there (a loop, whose files are listed once).

    Raises:
        InputError: A folder to enter cannot be listed (no permission).
    """

    def failed(error: OSError) -> None:
        raise unreadable(error.filename or folder, error)

    above = {str(folder): {_identity(folder)}}  # each folder: the folders it lies in, itself too
    for root, folders, names in os.walk(folder, onerror=failed, followlinks=True):
        chain = above.pop(root)
        entered = []
        for name in folders:
            below = os.path.join(root, name)
            identity = _identity(below)
            if hidden(name) or identity is None or identity in chain:
                continue
            above[below] = chain | {identity}
            entered.append(name)
        folders[:] = entered
        for name in names:
            file = Path(root, name)
            if not hidden(name) and file.is_file():
                yield file


def _identity(folder: str | Path) -> tuple[int, int] | None:
    """The folder a path leads to, links followed (device and inode); None when unreachable."""
    try:
        found = os.stat(folder)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def glob_files(spec: str) -> list[str]:
    """The files Python's glob (``**`` recursive) matches, each once, in no particular order.

    A path that passes through a loop of links (a folder below the glob's fixed start that
    leads back to one it lies in) is left out when the glob also matches the file it reaches
    by a path without the loop, as a folder's expansion lists it (Python's glob would list it
    once per turn of the loop, up to 40 times); a file the glob reaches only through loops is
    listed once (:func:`once_per_loop`).

    Raises:
        InputError: A folder the glob would look into cannot be listed (Python's glob passes
            over it without a word).
    """
    parts = spec.split("/")
    plain = next((i for i, part in enumerate(parts) if any(c in part for c in WILDCARDS)), None)
    if plain is None:
        return [spec] if os.path.isfile(spec) else []
    base = "/".join(parts[:plain]) or ("/" if spec.startswith("/") else ".")
    if os.path.isdir(base):
        _check_readable(base, parts[plain:])
    files = [p for p in glob.glob(spec, recursive=True) if os.path.isfile(p)]
    return once_per_loop(base, files)


def once_per_loop(base: str, paths: list[str]) -> list[str]:
    """``paths`` (files below the folder ``base``) without the turns of a loop of links.

    A path through a loop (:func:`through_loop`) is left out when the file it reaches is also
    among ``paths`` by a path without the loop; a file reached only through loops (a glob
    without ``**`` that matches ``w/up/a.parquet`` with ``w/up`` → ``.``, never
    ``w/a.parquet``) keeps one of them, the shortest (then the first in order), so its rows
    are read once, never lost.
    """
    kept: list[str] = []
    looped: dict[tuple[int, int] | str, str] = {}
    for path in paths:
        if through_loop(base, path):
            file = _identity(path) or path
            if file not in looped or (len(path), path) < (len(looped[file]), looped[file]):
                looped[file] = path
        else:
            kept.append(path)
    reached = {_identity(path) for path in kept}
    return kept + [path for file, path in looped.items() if file not in reached]


def through_loop(base: str, path: str) -> bool:
    """Whether ``path`` (a file below the folder ``base``) passes through a loop of links.

    True when one of the folders on its way from ``base`` is, links followed, the same folder
    as one before it (``w/up/w/a.parquet`` with ``w/up`` → ``..``).
    """
    start = len([p for p in base.split("/") if p not in ("", ".")])
    names = [p for p in path.split("/") if p not in ("", ".")]
    root = "/" if path.startswith("/") else ""
    seen: set[tuple[int, int] | None] = set()
    for depth in range(start, len(names)):
        identity = _identity(root + "/".join(names[:depth]) if depth else root or ".")
        if identity is not None and identity in seen:
            return True
        seen.add(identity)
    return False


def _check_readable(base: str, pattern: list[str]) -> None:
    """Fail on a folder below ``base`` that the glob ``pattern`` would look into but cannot."""
    stack: list[tuple[str, list[str], frozenset[tuple[int, int] | None]]] = [
        (base, [], frozenset({_identity(base)}))
    ]
    while stack:
        folder, below, chain = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as error:
            raise unreadable(folder, error) from error
        for entry in entries:
            try:
                is_folder = entry.is_dir()
            except OSError:
                continue
            if not is_folder or not _enters(pattern, [*below, entry.name]):
                continue
            identity = _identity(entry.path)
            if identity is None or identity in chain:
                continue
            stack.append((entry.path, [*below, entry.name], chain | {identity}))


def _enters(pattern: list[str], path: list[str]) -> bool:
    """Whether the glob ``pattern`` looks inside the folder ``path`` (both split at ``/``).

    As Python's glob: a part matches one name (``*``, ``?``, ``[…]``; a wildcard takes no name
    starting with ``.``), ``**`` any number of folders not starting with ``.``.
    """
    if not path:
        return bool(pattern)
    if not pattern:
        return False
    first, rest = pattern[0], pattern[1:]
    if first == "**":
        for skip in range(len(path) + 1):
            if any(name.startswith(".") for name in path[:skip]):
                return False
            if skip == len(path) or _enters(rest, path[skip:]):
                return True
        return False
    name = path[0]
    if not fnmatchcase(name, first):
        return False
    if name.startswith(".") and any(c in first for c in WILDCARDS) and not first.startswith("."):
        return False
    return _enters(rest, path[1:])
