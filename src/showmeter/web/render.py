"""Rendering: the pages' templates, the charts as SVG or PNG, and the downloads.

Charts are the launch report's Vega-Lite specifications, rendered on the server by vl-convert
(offline, no script in the page). Rendered charts are cached by their specification.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from showmeter import caches
from showmeter._version import __version__
from showmeter.launch import formats
from showmeter.launch.explanations import param_text, varied_text

if TYPE_CHECKING:
    from collections.abc import Iterator
    from concurrent.futures import Future, ThreadPoolExecutor
    from pathlib import Path

    import jinja2
    from starlette.requests import Request
    from starlette.responses import Response

    from showmeter.launch.display import DisplayTable

__all__ = ["csv_response", "draw_later", "page", "png", "svg", "unchecked"]

NAV = (
    ("/", "Titles"),
    ("/compare", "Compare"),
    ("/rankings", "Rankings"),
    ("/data", "Data"),
    ("/metrics", "Metrics"),
)
"""The pages of the top navigation."""

_SVGS: OrderedDict[str, str] = OrderedDict()
_SVG_LOCK = threading.Lock()
SVG_CACHE = 512


@functools.cache
def environment() -> jinja2.Environment:
    """The templates, from the package, with HTML escaping on."""
    import jinja2
    from markupsafe import Markup

    from showmeter.launch.display import table_html
    from showmeter.launch.explanations import definitions

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("showmeter.web", "templates"),
        autoescape=jinja2.select_autoescape(("html",)),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        count=formats.count,
        number=formats.number,
        percent=formats.percent,
        change=formats.change,
        hours=formats.hours,
        cell=formats.cell,
        param=param_text,
        varied=varied_text,
    )
    env.globals.update(
        nav=NAV,
        version=__version__,
        table_html=lambda table: Markup(table_html(table)),  # escaped by table_html
        definitions=definitions,
    )
    return env


def page(
    request: Request, template: str, context: dict[str, Any], *, status: int = 200
) -> Response:
    """An HTML page from a template.

    Args:
        request: The request (the template sees its path and query).
        template: The template's file name in ``templates/``.
        context: The template's variables.
        status: The HTTP status.

    Returns:
        The response.
    """
    from starlette.responses import HTMLResponse

    html = environment().get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status)


def _key(spec: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()


def _on_disk(key: str) -> Path | None:
    """The file of a drawn chart, or None when the cache is off."""
    import vl_convert

    folder = caches.cache_folder("svg", "SHOWMETER_SQL_CACHE")  # off with the SQL's cache
    if folder is None:
        return None
    version = getattr(vl_convert, "__version__", "unknown")
    # "own-ids": drawings kept before their ids were the chart's own are not read again
    name = hashlib.sha256(f"{key}:{version}:own-ids".encode()).hexdigest()
    return folder / f"{name}.svg"


def _keep(path: Path, drawn: str) -> None:
    """Write a drawn chart atomically (temporary file, then rename); errors are ignored."""
    caches.write_text(path, drawn)


def svg(spec: dict[str, Any]) -> str:
    """A chart as SVG, ready to inline (rendered once per specification).

    Kept in memory, and on disk beside the cache of compiled SQL (``svg/`` next to its
    ``sql/`` folder, :func:`showmeter.engines.compiled.cache_folder`; named by the SHA-256 of
    the specification and vl-convert's version), so that a page seen before by another
    process draws no chart again.

    Args:
        spec: The Vega-Lite specification.

    Returns:
        The SVG text.
    """
    from showmeter.launch.chart_style import render_svg

    key = _key(spec)
    with _SVG_LOCK:
        if key in _SVGS:
            _SVGS.move_to_end(key)
            return _SVGS[key]
    path = _on_disk(key)
    drawn = None
    if path is not None:
        with contextlib.suppress(OSError, UnicodeError):
            drawn = path.read_text(encoding="utf-8")
    if drawn is None:
        drawn = render_svg(spec)
        if path is not None:
            _keep(path, drawn)
    with _SVG_LOCK:
        _SVGS[key] = drawn
        while len(_SVGS) > SVG_CACHE:
            _SVGS.popitem(last=False)
    return drawn


_DRAWER: list[ThreadPoolExecutor] = []


def draw_later(spec: dict[str, Any]) -> Future[str]:
    """A chart as SVG (:func:`svg`), drawn in the background while the caller goes on.

    One thread draws every page's charts in turn (vl-convert draws one chart at a time in any
    case), so that a page draws its first charts while it makes the next ones: Altair's work
    is Python, vl-convert's is not, and the two overlap.

    Args:
        spec: The Vega-Lite specification.

    Returns:
        The drawing to come (``result()`` gives the SVG text, or raises what :func:`svg`
        raised).
    """
    from concurrent.futures import ThreadPoolExecutor

    with _SVG_LOCK:
        if not _DRAWER:
            _DRAWER.append(ThreadPoolExecutor(1, thread_name_prefix="showmeter-draw"))
        drawer = _DRAWER[0]
    return drawer.submit(svg, spec)


def png(spec: dict[str, Any]) -> bytes:
    """A chart as a PNG image at twice its size (for slides and documents).

    Args:
        spec: The Vega-Lite specification.

    Returns:
        The PNG bytes.
    """
    import vl_convert

    image: bytes = vl_convert.vegalite_to_png(spec, scale=2)
    return image


def attachment(body: str | bytes, name: str, media_type: str) -> Response:
    """A download: ``body`` served as the file ``name``."""
    from starlette.responses import Response

    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in name)
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{safe}"'},
    )


def csv_response(table: DisplayTable, stem: str) -> Response:
    """A display table as a CSV download (exact values, as the report's downloads)."""
    return attachment(table.to_csv(), f"{stem}-{table.name}.csv", "text/csv; charset=utf-8")


_UNCHECKED_LOCK = threading.Lock()
_UNCHECKED: list[int] = [0]  # blocks within unchecked now, in every thread
_FOUND: list[bool] = [True]  # Altair's switch as the first of those blocks found it


@contextlib.contextmanager
def unchecked() -> Iterator[None]:
    """Altair's check of each chart object against Vega-Lite's schema, as it is made, off.

    A third of the CPU of drawing a page's charts; the specifications are the same few every
    time, and the tests check every chart's (``tests/launch/test_chart_labels.py``), as
    :func:`showmeter.launch.chart_style.finish` does not check them either. Altair's switch is
    global: the first block of any thread records it, the last one to end sets it back as it
    was (a process that had turned the check off keeps it off).
    """
    from altair.utils import schemapi

    with _UNCHECKED_LOCK:
        if _UNCHECKED[0] == 0:
            _FOUND[0] = bool(schemapi.DEBUG_MODE)
            schemapi.DEBUG_MODE = False
        _UNCHECKED[0] += 1
    try:
        yield
    finally:
        with _UNCHECKED_LOCK:
            _UNCHECKED[0] -= 1
            if _UNCHECKED[0] == 0:
                schemapi.DEBUG_MODE = _FOUND[0]
