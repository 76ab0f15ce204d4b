"""Which ``--store`` values name a lake: ``lake:PATH`` (see ``docs/lake.md``)."""

from __future__ import annotations

import os
import re

from showmeter.errors import UsageError

__all__ = ["PREFIX", "lake_path"]

PREFIX = "lake:"
"""How a ``--store`` value names a lake."""


def lake_path(store: str | os.PathLike[str]) -> str | None:
    """The lake's folder when ``store`` names a lake (``lake:PATH``), else None."""
    text = os.fspath(store)
    if not text.startswith(PREFIX):
        return None
    path = text[len(PREFIX) :]
    if path.startswith("//"):  # lake://abs/path
        path = path[1:]
    if not path:
        raise UsageError(
            "lake: names no folder",
            value=text,
            expected="lake:PATH, e.g. lake:/data/showmeter-lake",
            remedy="Give the lake's folder after lake:.",
        )
    # hdfs://… or, through a pathlib.Path (the CLI's options), hdfs:/…; not a drive letter
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]+):/+", path)
    if scheme and scheme.group(1).lower() == "file":
        return "/" + path[scheme.end() :]  # file:///data/lake is /data/lake
    if scheme:
        raise UsageError(
            f"a lake on {scheme.group(1)}:// is not supported: its commit needs that file "
            "system's own create-if-absent, which showmeter does not call yet (docs/lake.md, "
            "'Where it holds')",
            value=text,
            expected="lake:PATH, a folder on a local disk or a shared mount",
            remedy="Keep the lake on a local disk or on a mount every Spark executor reaches at "
            "the same path, or read the files where they lie: compute --engine spark "
            "--catalog C --events URI.",
        )
    return path
