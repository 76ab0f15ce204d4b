"""Issue 18.3: a season page shows its frame and the progress of its figures while they compute.

A browser's navigation (``Sec-Fetch-Dest: document``) to a page not computed yet gets the
frame at once (heading, controls, a progress bar); ``/season/…/progress`` says how far the
computation has come; once ready the page is served whole. Other clients get the finished
page in one answer. No timing is asserted: ``progress_after=0`` makes every navigation to an
uncomputed page get the frame.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_support import SEASON, TestClient

from showmeter.web.app import create_app
from showmeter.web.limits import Limits
from showmeter.web.progress import Build, Builds, Cancelled

PAGE = f"/season/{SEASON[0]}/{SEASON[1]}"
NAVIGATE = {"sec-fetch-dest": "document", "accept": "text/html"}


def _client(store: Path, limits: Limits) -> Iterator[TestClient]:
    web = create_app(store, limits=limits)
    yield TestClient(web, base_url="http://127.0.0.1", headers={"accept": "text/html"})  # type: ignore[arg-type]
    web.state.runner.close()


@pytest.fixture
def fresh(demo_store: Path) -> Iterator[TestClient]:
    """A fresh dashboard (nothing cached) that shows the frame of any uncomputed page."""
    yield from _client(demo_store, Limits(query_timeout=600.0, progress_after=0.0))


def _wait(client: TestClient, url: str) -> list[dict[str, object]]:
    """Every progress answer until the page is ready or failed (10 minutes at most)."""
    seen: list[dict[str, object]] = []
    give_up = time.monotonic() + 600
    while time.monotonic() < give_up:
        answer = client.get(url)
        assert answer.status_code == 200
        assert answer.headers["cache-control"] == "no-store"
        state = answer.json()
        seen.append(state)
        if state["ready"] or state["error"]:
            return seen
        time.sleep(0.2)
    raise AssertionError(f"the page was not ready in 10 minutes: {seen[-1]}")


def test_a_browser_gets_the_frame_then_the_progress_then_the_page(fresh: TestClient) -> None:
    frame = fresh.get(PAGE + "?market=KR", headers=NAVIGATE)
    assert frame.status_code == 200
    text = frame.text
    # the frame: the season's heading and its controls, the progress, no figure yet
    assert 'id="computing"' in text and "<progress" in text
    assert f'data-progress="{PAGE}/progress?market=KR"' in text
    assert 'id="controls"' in text and "<h1>" in text
    assert 'class="figure"' not in text and "<svg" not in text
    seen = _wait(fresh, f"{PAGE}/progress?market=KR")
    last = seen[-1]
    assert last["error"] is None and last["ready"] is True
    steps = [s for s in seen if s["total"]]
    # each figure's computation is prepared, then computed: two steps each, counted up
    for state in steps:
        total, done = state["total"], state["done"]
        assert isinstance(total, int) and isinstance(done, int)
        assert total % 2 == 0 and 0 < done <= total
    assert [s["done"] for s in steps] == sorted(s["done"] for s in steps)
    # ready: the navigation now gets the whole page at once, under the same controls
    page = fresh.get(PAGE + "?market=KR", headers=NAVIGATE)
    assert page.status_code == 200
    assert 'id="computing"' not in page.text
    assert page.text.count('class="figure"') >= 10 and "<svg" in page.text
    assert '<option value="KR" selected>' in page.text


def test_a_script_gets_the_finished_page_in_one_answer(fresh: TestClient) -> None:
    # no Sec-Fetch-Dest: curl, scripts, the CSV links; the page is computed before answering
    page = fresh.get(PAGE + "?window=7")
    assert page.status_code == 200
    assert 'id="computing"' not in page.text and page.text.count('class="figure"') >= 10
    # it is cached now: a browser's navigation gets it whole too, and progress says ready
    again = fresh.get(PAGE + "?window=7", headers=NAVIGATE)
    assert 'id="computing"' not in again.text
    assert fresh.get(PAGE + "/progress?window=7").json()["ready"] is True


def test_a_page_past_the_time_limit_shows_the_limit_in_its_frame(demo_store: Path) -> None:
    from showmeter.schema import SeasonKey
    from showmeter.web import season, storeinfo

    for client in _client(demo_store, Limits(query_timeout=600.0, progress_after=0.0)):
        runner = client.app.state.runner  # type: ignore[attr-defined]
        # the frame's records read first (they are cached), so that only the figures are late
        storeinfo.season_facts(runner, *SEASON)
        storeinfo.records(runner)
        season.frame(runner, SeasonKey(*SEASON), season.Controls())
        runner.timeout = 0.5
        frame = client.get(PAGE, headers=NAVIGATE)
        assert frame.status_code == 200 and 'id="computing"' in frame.text
        last = _wait(client, PAGE + "/progress")[-1]
        assert last["ready"] is False
        assert "took longer than the limit of 0.5 s" in str(last["error"])
        # the page itself then shows the error once (a frame reloading itself without
        # scripts would otherwise start the build again behind it, forever) ...
        failed = client.get(PAGE, headers=NAVIGATE)
        assert failed.status_code == 504, failed.status_code
        assert "took longer than the limit of 0.5 s" in failed.text
        # ... and the next visit starts a new build
        again = client.get(PAGE, headers=NAVIGATE)
        assert again.status_code == 200 and 'id="computing"' in again.text
        assert "took longer" in str(_wait(client, PAGE + "/progress")[-1]["error"])


def test_progress_refuses_what_the_page_refuses(fresh: TestClient) -> None:
    assert fresh.get(PAGE + "/progress?market=XX").status_code == 400
    assert fresh.get(PAGE + "/progress?colour=red").status_code == 400
    assert fresh.get("/season/no-such-title/1/progress").status_code == 404
    # a page nobody asked for: nothing runs, nothing is ready
    idle = fresh.get(PAGE + "/progress?device=tv").json()
    assert idle == {"done": 0, "total": 0, "what": "", "ready": False, "error": None}


def test_closing_the_dashboard_cancels_and_waits_for_the_builds_still_running() -> None:
    # A build still running when the process exits would leave DuckDB running a statement
    # (`terminate called ...`): close() stops each at its next step and waits for it.
    class Runner:
        timeout = None

    started, steps = threading.Event(), []

    def run(build: Build) -> None:
        started.set()
        while True:  # a page of endless computations, each reported as a step
            build.step(len(steps), 0, "reach")
            steps.append(1)
            time.sleep(0.01)

    builds = Builds(Runner())  # type: ignore[arg-type]
    build = builds.start("page", run)
    assert started.wait(30)
    builds.close(wait=30)
    assert build.finished.is_set()
    assert isinstance(build.error, Cancelled)
    done = len(steps)
    time.sleep(0.05)
    assert len(steps) == done  # stopped for good
