"""How the test session is spread over pytest-xdist's worker processes (see tests/conftest.py).

``python -m pytest`` runs the suite on several processes (``-n auto --dist loadgroup`` in
pyproject.toml's addopts). Each worker builds its own session- and module-scoped fixtures, and a
process holds one classic Spark at a time, so two rules keep the run cheap and correct:

- the tests marked ``spark`` are in two groups, each run by one worker in the order pytest
  collected it: those on local Spark (``spark``), and those on the test cluster
  (``spark-cluster``: marked ``cluster`` too), so that each worker starts one classic Spark
  once and the cluster (tests/spark_cluster.py) is started once;
- tests that share a fixture wider than a function (a session store, a module's world, one
  parameter of a session-scoped parametrized fixture) are in one group, so that the fixture is
  built once, not once per worker.

Every other test is its own unit, given to whichever worker is free. :func:`workers` chooses the
number of workers for ``-n auto``: one per CPU (at most :data:`MAX_WORKERS`) for a run over
folders or the whole suite, and none (the tests run in the pytest process itself, as without
xdist) when the command line names only files or tests, so that running one file stays quick
and its output plain. ``-n 0`` always runs in one process; ``-n N`` forces N workers.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

__all__ = ["MAX_WORKERS", "group_items", "workers"]

MAX_WORKERS = 4
"""At most this many workers for ``-n auto``: each collects the whole suite (about 10 s of CPU)
and may hold a DuckDB store or a Spark JVM; more pay little on a suite this size."""

SCOPES = ("session", "package", "module", "class")
"""The fixture scopes whose value is shared by several tests."""


def workers(config: pytest.Config) -> int:
    """How many workers ``-n auto`` starts (0: run in this process).

    Args:
        config: The session's configuration (its command-line arguments).

    Returns:
        ``PYTEST_XDIST_AUTO_NUM_WORKERS`` if set; 0 if the command line names only files or
        single tests; else the CPUs this process may use, at most :data:`MAX_WORKERS`.
    """
    given = os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS")
    if given:
        return int(given)
    if config.args_source == pytest.Config.ArgsSource.ARGS:
        paths = [config.invocation_params.dir / arg.split("::")[0] for arg in config.args]
        if paths and not any(Path(path).is_dir() for path in paths):
            return 0
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, MAX_WORKERS))


def _spark_group(item: pytest.Item) -> str | None:
    """The group of a Spark test: ``spark`` (local) or ``spark-cluster``; None for the rest."""
    if item.get_closest_marker("spark") is None:
        return None
    return "spark-cluster" if item.get_closest_marker("cluster") is not None else "spark"


def _shared(item: pytest.Item) -> list[str]:
    """The keys of the fixtures wider than a function that a test shares with others."""
    keys: list[str] = []
    info = getattr(item, "_fixtureinfo", None)
    callspec = getattr(item, "callspec", None)
    for name in item.fixturenames if info is not None else ():
        definitions = info.name2fixturedefs.get(name)
        if not definitions:
            continue
        fixture = definitions[-1]  # the definition that applies to this test
        if fixture.scope not in SCOPES or not fixture.baseid:  # baseid "": pytest's or a plugin's
            continue
        index = callspec.indices.get(name) if callspec is not None else None
        keys.append(f"{fixture.baseid}::{name}[{index}]")
    return keys


def group_items(items: list[pytest.Item]) -> dict[str, list[pytest.Item]]:
    """Mark each test that shares something with others with one ``xdist_group``.

    A Spark test is in its Spark group (:func:`_spark_group`), whatever fixtures it uses (a
    module's world shared with its DuckDB tests is then built on two workers: cheap beside a
    Spark session). The other tests are joined when they share a key (:func:`_shared`); each
    connected set is one group, named after its first test's module.

    Args:
        items: The collected tests (marked in place).

    Returns:
        The groups, by name (for a look at how the suite is spread).
    """
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    keys = {item.nodeid: _shared(item) for item in items if _spark_group(item) is None}
    for shared in keys.values():
        for key in shared[1:]:
            parent[root(key)] = root(shared[0])
    names: dict[str, str] = {}
    groups: dict[str, list[pytest.Item]] = {}
    for item in items:
        name = _spark_group(item)
        if name is None:
            shared = keys[item.nodeid]
            if not shared:
                continue
            name = names.setdefault(root(shared[0]), item.nodeid.split("::")[0])
        groups.setdefault(name, []).append(item)
        item.add_marker(pytest.mark.xdist_group(name))
    return groups
