"""The demo store at a small scale, built once per session, and the dashboard over it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_support import SESSIONS, TestClient, prebuilt, run

from showmeter.web.app import create_app


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``showmeter demo --sessions 60000``'s store, in a temporary folder."""
    folder = tmp_path_factory.mktemp("webdemo")
    given = prebuilt()
    if given is not None:
        shutil.copy(given, folder / "demo.duckdb")
        return folder / "demo.duckdb"
    done = run("demo", "--output", str(folder), "--sessions", str(SESSIONS))
    assert done.returncode == 0, done.stderr
    return folder / "demo.duckdb"


@pytest.fixture(scope="session")
def app(demo_store: Path) -> Iterator[object]:
    """The dashboard over the demo store, with the default limits."""
    web = create_app(str(demo_store))
    yield web
    web.state.runner.close()


@pytest.fixture(scope="session")
def client(app: object) -> Iterator[TestClient]:
    """A client of the dashboard that addresses it as 127.0.0.1 and accepts HTML."""
    # Not entered as a context manager: its lifespan would close the shared store on exit.
    yield TestClient(app, base_url="http://127.0.0.1", headers={"accept": "text/html"})  # type: ignore[arg-type]
