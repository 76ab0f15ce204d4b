"""The dashboard in headless Chromium: pages, controls, downloads, compare; offline, no error.

Skipped with its reason where Debian's Chromium or Playwright is missing (see
``browser_support``), unless SHOWMETER_REQUIRE_BROWSER=1.
Screenshots go to artifacts/ at the root of the repository (ignored by git).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_support import local

from browser_support import ARGS, ARTIFACTS, CHROMIUM, needs_browser

pytestmark = needs_browser
PATIENCE_MS = 240_000  # a page's first computation, on a loaded machine


@pytest.fixture(scope="module")
def server(app: object) -> Iterator[str]:
    """The dashboard served by uvicorn on a free loopback port, in a thread."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # lifespan off: the session's app (and its store) outlives this server
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")  # type: ignore[arg-type]
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


def _chart(page: object, name: str) -> str:
    return str(page.locator(f'figure.chart[data-chart="{name}"]').inner_html())  # type: ignore[attr-defined]


def _column(page: object, index: int) -> list[float]:
    """The numbers of a column of the titles table (a season without a value is skipped)."""
    cells = page.locator(f"#titles tbody tr td:nth-child({index + 1})").all_inner_texts()  # type: ignore[attr-defined]
    found = [cell.replace(",", "").replace("\u202f", "").strip() for cell in cells]
    return [float(cell) for cell in found if cell not in ("", "—")]


def test_the_dashboard_in_chromium(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    errors: list[str] = []
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            context = browser.new_context(
                viewport={"width": 1280, "height": 900}, accept_downloads=True
            )
            page = context.new_page()
            page.set_default_timeout(PATIENCE_MS)
            page.set_default_navigation_timeout(PATIENCE_MS)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))

            def route(handle):  # type: ignore[no-untyped-def]
                requests.append(handle.request.url)
                if local(handle.request.url):
                    handle.continue_()
                else:
                    handle.abort()

            page.route("**/*", route)

            # the titles page: 50 seasons a page, sorted by a header, paged, searched
            page.goto(server + "/")
            rows = page.locator("#titles tbody tr")
            assert rows.count() == 50
            with page.expect_navigation():
                page.click('th a[data-sort="reach"]')
            assert page.url == server + "/?sort=reach"
            falling = _column(page, 1)
            assert len(falling) == 50 and falling == sorted(falling, reverse=True)
            with page.expect_navigation():  # a second click reverses the order
                page.click('th a[data-sort="reach"]')
            assert page.url == server + "/?sort=reach&order=asc"
            rising = _column(page, 1)
            assert rising == sorted(rising) and rising[0] <= falling[-1]
            with page.expect_navigation():
                page.click('a[rel="next"]')
            assert page.url == server + "/?sort=reach&order=asc&page=2"
            assert "Seasons 51–100 of" in page.locator("#shown").inner_text()
            second = _column(page, 1)
            assert second == sorted(second) and second[0] >= rising[-1]
            with page.expect_navigation():  # a filter applies as soon as it is chosen
                page.select_option('select[name="kind"]', "film")
            assert "kind=film" in page.url and "sort=reach" in page.url
            assert 0 < rows.count() < 50
            page.goto(server + "/")
            page.fill("#search", "defenders")
            with page.expect_navigation():
                page.press("#search", "Enter")
            assert rows.count() == 1
            visible = rows
            page.screenshot(path=str(ARTIFACTS / "web-titles.png"), full_page=False)

            # The Defenders' launch page
            with page.expect_navigation():
                visible.locator("a").first.click()
            assert page.url == server + "/season/the-defenders/1"
            # the page may come as its frame first (issue 18): its figures then fill it in place
            page.wait_for_selector("figure.chart svg")
            assert page.locator("#computing").count() == 0
            assert page.url == server + "/season/the-defenders/1"
            assert page.locator("h1").inner_text() == "Marvel's The Defenders, Limited Series" or (
                "Defenders" in page.locator("h1").inner_text()
            )
            charts = page.locator("figure.chart svg")
            assert charts.count() >= 10
            box = charts.first.bounding_box()
            assert box is not None and box["width"] > 200 and box["height"] > 50
            daily, funnel = _chart(page, "daily_reach"), _chart(page, "episode_funnel")
            page.screenshot(path=str(ARTIFACTS / "web-season.png"), full_page=True)

            # change the market: the page reloads with it, and the charts change
            with page.expect_navigation():
                page.select_option('select[name="market"]', "KR")
            assert "market=KR" in page.url
            assert page.locator('select[name="market"]').input_value() == "KR"
            assert _chart(page, "daily_reach") != daily

            # change the window: the funnel changes
            with page.expect_navigation():
                page.select_option('select[name="window"]', "7")
            assert "window=7" in page.url and "market=KR" in page.url
            assert _chart(page, "episode_funnel") != funnel
            page.screenshot(path=str(ARTIFACTS / "web-season-kr-7d.png"), full_page=False)

            # download a chart's table as CSV
            link = page.locator("#figure-daily_reach a.download").first
            with page.expect_download() as waiting:
                link.click()
            saved = tmp_path / waiting.value.suggested_filename
            waiting.value.save_as(saved)
            assert saved.name == "the-defenders-s1-daily_reach.csv"
            lines = saved.read_text(encoding="utf-8").splitlines()
            assert lines[0] == "season_name,day,value,units"
            assert len(lines) > 30

            # Compare, from the season page's link: pre-filled with the season and its reference
            page.goto(server + "/season/the-defenders/1")
            with page.expect_navigation():
                page.click("#compare-link")
            chosen = page.locator('select[name="season"]')
            assert chosen.nth(0).input_value() == "the-defenders:1"
            assert chosen.nth(1).input_value() == "daredevil:2"
            assert page.locator("figure.chart svg").count() == 3
            legend = page.locator('figure.chart[data-chart="reach_indexed"]').inner_text()
            assert "The Defenders S1" in legend and "Daredevil S2" in legend
            page.goto(server + "/compare")  # and so it starts without a link, too
            assert chosen.nth(0).input_value() == "the-defenders:1"
            assert chosen.nth(1).input_value() == "daredevil:2"
            with page.expect_navigation():  # each choice applies at once
                page.select_option('select[name="season"] >> nth=2', "daredevil:1")
            legend = page.locator('figure.chart[data-chart="reach_indexed"]').inner_text()
            assert "Daredevil S1" in legend and "Daredevil S2" in legend
            page.screenshot(path=str(ARTIFACTS / "web-compare.png"), full_page=True)

            # the Data page's caption reads as two sentences
            page.goto(server + "/data")
            caption = page.locator("#loads").inner_text()
            assert "duplicates.Tables" not in caption and "Rows in the store's tables" in caption
        finally:
            browser.close()
    assert errors == []
    assert requests, "the pages were requested through the route"
    leaving = [url for url in requests if not local(url)]
    assert leaving == []
    assert (ARTIFACTS / "web-season.png").stat().st_size > 10_000


@pytest.fixture(scope="module")
def fresh_server(demo_store: Path) -> Iterator[str]:
    """A fresh dashboard (nothing cached) that shows any uncomputed page's frame at once."""
    import uvicorn

    from showmeter.web.app import create_app
    from showmeter.web.limits import Limits

    app = create_app(str(demo_store), limits=Limits(query_timeout=600.0, progress_after=0.0))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)
    app.state.runner.close()


def test_a_season_page_shows_its_progress_then_fills_in_place(fresh_server: str) -> None:
    # Issue 18: the frame at once, a progress bar that moves, then the figures, same URL.
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(PATIENCE_MS)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            navigations: list[str] = []
            page.on(
                "framenavigated",
                lambda frame: navigations.append(frame.url) if frame == page.main_frame else None,
            )
            url = fresh_server + "/season/the-defenders/1?window=14"
            page.goto(url)
            # the frame: heading and controls now, a progress bar, no figure yet
            assert page.locator("#computing progress").count() == 1
            assert page.locator("h1").inner_text() != ""
            assert page.locator('select[name="window"]').input_value() == "14"
            assert page.locator("figure.chart svg").count() == 0
            page.wait_for_function(
                "() => Number(document.querySelector('#computing-bar')?.value || 0) > 0"
                " || document.querySelector('figure.chart svg') !== null"
            )
            # then the page itself, in place: no reload, the same address
            page.wait_for_selector("figure.chart svg")
            assert page.locator("#computing").count() == 0
            assert page.locator("figure.chart svg").count() >= 10
            assert page.url == url and navigations == [url]
            # its controls still apply at once after the swap
            with page.expect_navigation():
                page.select_option('select[name="window"]', "7")
            assert "window=7" in page.url
            page.wait_for_selector("figure.chart svg")
        finally:
            browser.close()
    assert errors == []
