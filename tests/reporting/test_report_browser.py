"""report.html in headless Chromium: every chart draws, no error, no request leaves the machine.

Skipped with its reason where Debian's Chromium or Playwright is missing (see
``browser_support``), unless SHOWMETER_REQUIRE_BROWSER=1.
The screenshot goes to artifacts/report.png at the root of the repository (ignored by git).
"""

from __future__ import annotations

from urllib.parse import urlparse

from report_support import Demo

from browser_support import ARGS, ARTIFACTS, CHROMIUM, needs_browser

pytestmark = needs_browser


def _local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("file", "data", "about", "blob"):
        return True
    return parsed.hostname in ("localhost", "127.0.0.1", "::1")


def test_the_report_renders_offline_in_chromium(demo: Demo) -> None:
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))

            def route(handle):  # type: ignore[no-untyped-def]
                requests.append(handle.request.url)
                if _local(handle.request.url):
                    handle.continue_()
                else:
                    handle.abort()

            page.route("**/*", route)
            page.goto((demo.folder / "report.html").as_uri(), wait_until="load")
            charts = page.locator("figure.chart")
            assert charts.count() == 11
            for index in range(charts.count()):
                svg = charts.nth(index).locator("svg")
                assert svg.count() == 1
                box = svg.bounding_box()
                assert box is not None and box["width"] > 200 and box["height"] > 50
                assert svg.locator("path, rect").count() > 3
            assert page.locator("a.download").count() >= 15
            assert page.get_by_text("The data are simulated.").count() == 1
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        finally:
            browser.close()
    assert errors == []
    assert requests, "the page itself was requested through the route"
    leaving = [url for url in requests if not _local(url)]
    assert leaving == []
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000
