"""`serve --store lake:PATH`: the dashboard reads a lake, read-only, and sees new loads."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import showmeter
from showmeter.web.app import create_app


def test_the_dashboard_serves_a_lake_and_answers_from_each_new_load(
    tmp_path: Path, catalog_file: Path, sessions: Path
) -> None:
    from test_lake_duckdb import write_sessions_more

    with warnings.catch_warnings():  # Starlette asks for httpx2; httpx works (tests/web does so)
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    root = tmp_path / "lake"
    store = f"lake:{root}"
    showmeter.ingest(store, catalog=catalog_file, events=sessions)
    web = create_app(store)
    try:
        client = TestClient(web, base_url="http://127.0.0.1")
        health = client.get("/api/health").json()
        assert health["fingerprint"].startswith("lake-1-")
        titles = {(t["title"], t["season"]) for t in client.get("/api/titles").json()}
        assert ("daredevil", 2) in titles and ("the-defenders", 1) in titles

        def reach() -> object:
            answer = client.get("/api/compute/reach", params={"title": "daredevil"})
            assert answer.status_code == 200, answer.text
            [row] = json.loads(answer.text)["rows"]
            return row["value"]

        assert reach() == 1  # worked by hand (conftest): account a
        home = client.get("/", headers={"accept": "text/html"})
        assert home.status_code == 200 and "daredevil" in home.text.lower()
        showmeter.ingest(store, catalog=catalog_file, events=write_sessions_more(tmp_path))
        assert client.get("/api/health").json()["fingerprint"].startswith("lake-2-")
        assert reach() == 2  # account d's session of the second load: a, d
    finally:
        web.state.runner.close()


def test_a_lake_built_again_at_the_same_path_is_another_version(
    tmp_path: Path, catalog_file: Path, sessions: Path
) -> None:
    # the dashboard keys its caches by store_version: a lake deleted and loaded again at the
    # same path, with as many entries, must not be taken for the old one (found by review)
    import shutil

    from test_lake_duckdb import write_sessions_more

    from showmeter.store.lake_store import store_version

    root = tmp_path / "lake"
    showmeter.ingest(f"lake:{root}", catalog=catalog_file, events=sessions)
    before = store_version(f"lake:{root}")
    shutil.rmtree(root)
    showmeter.ingest(f"lake:{root}", catalog=catalog_file, events=write_sessions_more(tmp_path))
    after = store_version(f"lake:{root}")
    assert before.startswith("lake-1-") and after.startswith("lake-1-") and before != after
