"""A frozen copy of showmeter's source for one benchmark run.

showmeter is being optimised while benchmarks run, and every child process imports it afresh:
without a snapshot, one run could time two versions. The harness copies the installed
``showmeter`` package into ``WORK/snapshots/<fingerprint>/`` at the start and puts that
folder first on ``PYTHONPATH`` for itself and every child (``showmeter simulate``,
``ingest``, ``--help`` and the implementations), so that a run times one version, named in
RESULTS.md by its fingerprint.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

__all__ = [
    "INGEST_PARTS",
    "activate",
    "checkout_env",
    "fingerprint",
    "freeze",
    "git_head",
    "json_child",
    "source_folder",
]

INGEST_PARTS = ("ingest", "catalog", "store")
"""The parts of showmeter whose change makes a cached store stale (it is ingested again)."""


def source_folder() -> Path:
    """The folder of the ``showmeter`` package that this interpreter imports."""
    spec = importlib.util.find_spec("showmeter")
    if spec is None or spec.origin is None:
        raise RuntimeError("showmeter is not installed in this environment")
    return Path(spec.origin).parent


def _files(folder: Path, parts: tuple[str, ...] | None) -> list[Path]:
    roots = [folder / p for p in parts] if parts else [folder]
    found: list[Path] = []
    for root in roots:
        if root.is_file():
            found.append(root)
        elif root.is_dir():
            found += [p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return sorted(found)


def fingerprint(folder: Path | None = None, parts: tuple[str, ...] | None = None) -> str:
    """A short hash of the package's files (or only of ``parts`` of it)."""
    folder = folder or source_folder()
    digest = hashlib.sha256()
    for path in _files(folder, parts):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def freeze(work: str | Path) -> tuple[Path, str]:
    """Copy the installed showmeter package into the work folder (once per fingerprint).

    Returns:
        The folder to put on ``PYTHONPATH``, and the fingerprint.
    """
    source = source_folder()
    stamp = fingerprint(source)
    root = Path(work) / "snapshots" / stamp
    if not (root / "showmeter").exists():
        tmp = root.with_name(stamp + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(source, tmp / "showmeter", ignore=shutil.ignore_patterns("__pycache__"))
        tmp.rename(root)
    return root, stamp


def activate(root: Path) -> None:
    """Import showmeter from ``root`` here and in every child process started afterwards."""
    repo = str(Path(__file__).resolve().parent.parent)
    sys.path.insert(0, str(root))
    for name in [m for m in sys.modules if m == "showmeter" or m.startswith("showmeter.")]:
        del sys.modules[name]
    paths = [str(root), repo, os.environ.get("PYTHONPATH", "")]
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)


def git_head(folder: Path) -> str:
    """The commit checked out where showmeter's source lives (``unknown`` outside git)."""
    try:
        out = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip() or "unknown"


def checkout_env(source: Path | None, env: dict[str, str]) -> dict[str, str]:
    """A child's environment importing showmeter from another checkout's ``src``, if given.

    Args:
        source: That checkout's ``src`` (first on ``PYTHONPATH``, the benchmarks after it);
            None: this interpreter's showmeter (``env`` unchanged).
        env: The environment to start from (not changed).

    Returns:
        The child's environment.
    """
    env = dict(env)
    if source is not None:
        root = Path(__file__).resolve().parent.parent
        env["PYTHONPATH"] = os.pathsep.join([str(source.resolve()), str(root)])
    return env


def json_child(module: str, args: list[str], env: dict[str, str]) -> Any:
    """Run ``python -m MODULE ARGS`` and return the JSON it prints on its standard output.

    Args:
        module: The benchmark module the child runs (its measuring mode, say).
        args: Its arguments.
        env: The child's environment (:func:`checkout_env`).

    Returns:
        The parsed JSON.
    """
    done = subprocess.run(
        [sys.executable, "-m", module, *args], capture_output=True, text=True, check=True, env=env
    )
    return json.loads(done.stdout)
