"""What the dashboard's page routes share: the runner, the query's values, downloads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from showmeter.errors import UsageError
from showmeter.web import storeinfo
from showmeter.web.problems import NotFound
from showmeter.web.render import attachment, csv_response, png

if TYPE_CHECKING:
    from fastapi import Request
    from fastapi.responses import Response

    from showmeter.launch.panels import FigureView, Panel
    from showmeter.launch.runner import Runner

__all__ = ["common", "download", "given", "only", "panel", "runner"]


def runner(request: Request) -> Runner:
    """The dashboard's runner (its store's computations and caches)."""
    found: Runner = request.app.state.runner
    return found


def given(request: Request) -> dict[str, list[str]]:
    """The query's values, by name (a name given twice keeps both)."""
    found: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        found.setdefault(name, []).append(value)
    return found


def only(request: Request, allowed: tuple[str, ...]) -> None:
    """Refuse a query parameter not in ``allowed``.

    Raises:
        UsageError: An unknown query parameter.
    """
    unknown = sorted(set(request.query_params) - set(allowed))
    if unknown:
        raise UsageError(
            f"unknown query parameter {unknown[0]!r}",
            expected=", ".join(allowed) or "none",
            remedy="Use the page's controls.",
        )


def common(runner: Runner) -> dict[str, Any]:
    """What every page's template is given (whether the store's data are simulated)."""
    return {"simulated": storeinfo.records(runner).simulated}


def panel(views: list[FigureView], figure: str, index: int) -> Panel:
    """The chart or table ``index`` of the figure ``figure`` among a page's views.

    Raises:
        NotFound: The page has no such chart or table.
    """
    for shown in views:
        if shown.figure.key == figure:
            if 0 <= index < len(shown.panels):
                return shown.panels[index]
            break
    raise NotFound(
        f"no chart or table {figure}/{index} on this page", remedy="Use the page's links."
    )


def download(panel: Panel, kind: str, stem: str) -> Response:
    """A panel's table as CSV, or its chart as SVG or PNG (``kind``), named after ``stem``.

    Raises:
        NotFound: No chart to draw, or an unknown kind.
    """
    if kind == "csv":
        return csv_response(panel.table, stem)
    if panel.chart is None:
        raise NotFound(f"the table {panel.table.name} has no chart", remedy="Download its CSV.")
    name = f"{stem}-{panel.table.name}.{kind}"
    if kind == "svg":
        from showmeter.web.render import svg

        return attachment(panel.svg or svg(panel.chart), name, "image/svg+xml")
    if kind == "png":
        return attachment(png(panel.chart), name, "image/png")
    raise NotFound(f"no download as {kind!r}", remedy="Ask for csv, svg or png.")
