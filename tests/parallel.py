"""How the test session is spread over pytest-xdist's worker processes (see tests/conftest.py).

``python -m pytest`` runs the suite on several processes (``-n auto --dist loadgroup`` in
pyproject.toml's addopts). Each worker builds its own session- and module-scoped fixtures, and a
process holds one classic Spark at a time, so two rules keep the run cheap and correct:

- the tests marked ``spark`` are in three groups, each run by one worker in the order pytest
  collected it: those on local Spark, split in two (``spark``: the metric definitions;
  ``spark-files``: the rest), and those on the test cluster (``spark-cluster``: marked
  ``cluster`` too), so that a worker starts one classic Spark once per group and the cluster
  (tests/spark_cluster.py) is started once;
- tests that share a fixture wider than a function (a session store, a module's world, one
  parameter of a session-scoped parametrized fixture) are in one group, so that the fixture is
  built once, not once per worker.

Every other test is its own unit, given to whichever worker is free.

pytest-xdist's own ``--dist loadgroup`` reads ``xdist_group`` marks by renaming each test's node
id, which pytest 9.2 no longer allows (the rename is lost and every test is its own unit), so the
groups travel another way: each worker writes them (node id -> group) as JSON into a folder the
controller names in its ``workerinput`` (:func:`configure_node`, :func:`write_groups`), and the
controller's scheduler (:func:`make_scheduler`: xdist's ``loadscope`` with these groups as its
scopes, biggest first) reads them once every worker has collected. :func:`workers` chooses the
number of workers for ``-n auto``: one per CPU (at most :data:`MAX_WORKERS`) for a run over
folders or the whole suite, and none (the tests run in the pytest process itself, as without
xdist) when the command line names only files or tests, so that running one file stays quick
and its output plain. ``-n 0`` always runs in one process; ``-n N`` forces N workers.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

__all__ = [
    "MAX_WORKERS",
    "configure_node",
    "group_items",
    "make_scheduler",
    "remove_folder",
    "workers",
    "write_groups",
]

KEY = "showmeter_groups"
"""The ``workerinput`` key naming the folder where each worker writes its groups."""

_folder: list[Path] = []  # the controller's folder of groups, made on the first worker

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
    """The group of a Spark test: ``spark`` or ``spark-files`` (local), or ``spark-cluster``.

    The local Spark tests are two groups, so that two workers share them: those of the metric
    definitions (``tests/definitions/``) and the others (reading files, lakes, reports), each
    about half of their time. One group held them all, and its worker ran ~30 min of CI's
    critical path while the other worker had finished. None for a test not marked ``spark``.
    """
    if item.get_closest_marker("spark") is None:
        return None
    if item.get_closest_marker("cluster") is not None:
        return "spark-cluster"
    return "spark" if "definitions" in item.path.parts else "spark-files"


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
    """The groups of tests that must run on one worker, by name.

    A Spark test is in its Spark group (:func:`_spark_group`), whatever fixtures it uses (a
    module's world shared with its DuckDB tests is then built on two workers: cheap beside a
    Spark session). The other tests are joined when they share a key (:func:`_shared`); each
    connected set is one group, named after its first test's module.

    Args:
        items: The collected tests.

    Returns:
        The tests of each group, by the group's name.
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
    return groups


def configure_node(node: Any) -> None:
    """On the controller: name the folder where a worker writes its groups (``workerinput``)."""
    if not _folder:
        _folder.append(Path(tempfile.mkdtemp(prefix="showmeter-xdist-groups-")))
    node.workerinput[KEY] = str(_folder[0])


def write_groups(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a worker: write each grouped test's group, by node id, into the controller's folder."""
    workerinput: dict[str, Any] = getattr(config, "workerinput", {})
    if KEY not in workerinput:
        return
    groups = {item.nodeid: name for name, tests in group_items(items).items() for item in tests}
    folder = Path(workerinput[KEY])
    partial = folder / f"{workerinput['workerid']}.part"
    partial.write_text(json.dumps(groups), encoding="utf-8")
    partial.replace(folder / f"{workerinput['workerid']}.json")


def make_scheduler(config: pytest.Config, log: Any) -> Any:
    """On the controller: xdist's ``loadscope`` whose scopes are the workers' groups."""
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):  # type: ignore[misc]
        """Each group is one unit of work (biggest first); every other test is its own unit."""

        groups: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self.groups is None:
                written = sorted(_folder[0].glob("*.json")) if _folder else []
                if not written:
                    raise RuntimeError(f"no worker wrote its test groups into {_folder}")
                self.groups = json.loads(written[0].read_text(encoding="utf-8"))
            return self.groups.get(nodeid, nodeid)

    return GroupScheduling(config, log)


def remove_folder() -> None:
    """On the controller, at the end: remove the folder of groups."""
    while _folder:
        shutil.rmtree(_folder.pop(), ignore_errors=True)
