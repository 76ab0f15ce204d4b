"""The charts' style and rendering: font, palette, sizes, shared encodings, SVG output.

:mod:`showmeter.launch.charts` builds each chart from these; :func:`render_svg` renders a
specification with vl-convert, which embeds the Vega engine: no browser, no network, and an
SVG that needs no script.
"""

from __future__ import annotations

import collections
import itertools
import re
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from showmeter.launch.display import DisplayTable

__all__ = [
    "FONT",
    "HALF",
    "HEIGHT",
    "PALETTE",
    "WIDE",
    "Spec",
    "annotation",
    "base",
    "count_axis",
    "finish",
    "legend",
    "own_ids",
    "render_svg",
    "role_scale",
    "si_axis",
]

Spec = dict[str, Any]

FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
"""The charts' font; the page uses the same stack, so text in charts matches the prose."""

PALETTE = {
    "season": "#c8102e",
    "reference": "#1f4e79",
    "peer": "#a3acb9",
    "benchmark": "#6b7280",
    "muted": "#f2c4c9",
    "ink": "#1f2933",
    "grid": "#e9edf2",
}
"""The reported season in red, its reference in navy, every other season in grey."""

WIDE, HALF, HEIGHT = 860, 400, 240


def config() -> dict[str, Any]:
    return {
        "font": FONT,
        "background": "white",
        "view": {"stroke": None},
        "axis": {
            "labelColor": "#52606d",
            "titleColor": "#52606d",
            "titleFontWeight": "normal",
            "titleFontSize": 11,
            "labelFontSize": 11,
            "gridColor": PALETTE["grid"],
            "domainColor": "#cbd2d9",
            "tickColor": "#cbd2d9",
        },
        "legend": {
            "orient": "top",
            "title": None,
            "labelFontSize": 12,
            "labelColor": PALETTE["ink"],
            "symbolType": "circle",
        },
        "text": {"fontSize": 11, "color": PALETTE["ink"]},
    }


_TOKEN = "__showmeter_rows__"
_PLAIN = frozenset({str, int, float, bool, type(None)})
_WAITING: collections.OrderedDict[str, list[dict[str, object]]] = collections.OrderedDict()
"""Rows of the charts being built, by their stand-in's token, until :func:`finish`; the
oldest are let go past :data:`_MOST_WAITING` (a chart abandoned before its finish)."""
_MOST_WAITING = 4096
_WAITING_LOCK = threading.Lock()
_TOKENS = itertools.count()


def base(rows: list[dict[str, object]], width: int = WIDE, height: int = HEIGHT) -> Any:
    """An Altair chart of ``rows``, of the given size.

    Rows of plain JSON values (text, numbers, booleans, nulls) stand aside while the chart is
    built: Altair's chart holds one row naming them, and :func:`finish` puts them in its
    specification. Altair copies a chart's data whole at each layer and again in ``to_dict``
    (most of a chart's CPU), and writes plain values as they are, so the specification is the
    same. Other rows (dates, NumPy numbers) go to Altair, which converts them.
    """
    import altair as alt

    values = rows
    if all(type(value) in _PLAIN for row in rows for value in row.values()):
        token = str(next(_TOKENS))
        with _WAITING_LOCK:
            _WAITING[token] = rows
            while len(_WAITING) > _MOST_WAITING:
                _WAITING.popitem(last=False)
        values = [{_TOKEN: token}]
    data = alt.Data(values=values)  # type: ignore[no-untyped-call]
    return alt.Chart(data).properties(width=width, height=height)


def finish(chart: Any) -> Spec:
    """The chart's specification, in the page's style.

    Not checked against Vega-Lite's JSON schema here (Altair's check is most of the cost of a
    chart, and the charts are the same few every time): the tests check every chart's
    specification (``tests/launch/test_chart_labels.py``). The rows set aside by :func:`base`
    are put in (a copy of each row, wherever the chart's data is).
    """
    spec: Spec = chart.configure(**config()).to_dict(validate=False)
    used: set[str] = set()
    _fill(spec, used)
    with _WAITING_LOCK:
        for token in used:
            _WAITING.pop(token, None)
    return spec


def _fill(node: object, used: set[str]) -> None:
    """Put the rows set aside by :func:`base` in place of their stand-ins, in ``node``."""
    if isinstance(node, list):
        for item in node:
            _fill(item, used)
    elif isinstance(node, dict):
        values = node.get("values")
        if (
            isinstance(values, list)
            and len(values) == 1
            and isinstance(values[0], dict)
            and list(values[0]) == [_TOKEN]
        ):
            token = str(values[0][_TOKEN])
            with _WAITING_LOCK:
                rows = _WAITING.get(token)
            if rows is None:
                raise RuntimeError(
                    "a chart's rows were put in a specification already; "
                    "build each chart from chart_style.base for one finish only"
                )
            node["values"] = [dict(row) for row in rows]
            used.add(token)
            return
        for item in node.values():
            _fill(item, used)


def legend(table: DisplayTable) -> Any:
    """Colour by legend entry: the season in red, the reference in navy, the others grey."""
    import altair as alt

    tones = {
        "season": PALETTE["season"],
        "reference": PALETTE["reference"],
        "peer": PALETTE["peer"],
    }
    entries: dict[str, str] = {}
    for row in table.records():
        entries.setdefault(str(row["legend"]), tones[str(row["role"])])
    domain = list(entries)
    return alt.Color(
        "legend:N", scale=alt.Scale(domain=domain, range=list(entries.values())), sort=domain
    )


def si_axis() -> Any:
    """An axis of counts in SI units (``2.5k``), with a plain ``0``."""
    import altair as alt

    return alt.Axis(format="~s", labelExpr="datum.value == 0 ? '0' : datum.label")


def count_axis(title: str) -> Any:
    """The y channel of ``value`` as a count."""
    import altair as alt

    return alt.Y("value:Q", title=title, axis=si_axis())


def annotation() -> Any:
    """A chart of one empty row, for rules and notes drawn once."""
    import altair as alt

    return alt.Chart(alt.Data(values=[{}]))  # type: ignore[no-untyped-call]


def role_scale() -> Any:
    """Colour by role: the season in red, the reference in navy, the others grey."""
    import altair as alt

    return alt.Scale(
        domain=["season", "reference", "peer"],
        range=[PALETTE["season"], PALETTE["reference"], PALETTE["peer"]],
    )


def render_svg(spec: Spec) -> str:
    """Render a Vega-Lite specification to SVG, offline.

    vl-convert numbers the SVG's element ids (its clip paths: ``clip1``, ``clip2``, ...)
    through the process, so two charts drawn by two processes (one of them kept on disk) can
    carry the same ids, and on one HTML page ``url(#clip1)`` would clip one chart with the
    other's path. The ids are renamed here with a prefix of the specification's own (the
    start of its SHA-256) and numbered from 1 (:func:`own_ids`): the same specification is
    drawn the same in any process, and two different ones share no id.

    Args:
        spec: The specification.

    Returns:
        The SVG document, without an XML declaration, ready to inline in HTML.
    """
    import hashlib
    import json

    import vl_convert

    svg: str = vl_convert.vegalite_to_svg(spec)
    text = json.dumps(spec, sort_keys=True, default=str)
    prefix = "c" + hashlib.sha256(text.encode()).hexdigest()[:12]
    return own_ids(svg.removeprefix('<?xml version="1.0" encoding="UTF-8"?>').strip(), prefix)


_TAG = re.compile(r"<[^<>]*>")
_ATTRIBUTE = re.compile(r'(\s)([\w:.-]+)="([^"]*)"')
_URL = re.compile(r"url\(#([^)]+)\)")


def own_ids(svg: str, prefix: str) -> str:
    """The SVG with each element id renamed ``{prefix}-{n}``, numbered in order from 1.

    References to the ids (an ``href`` or ``xlink:href`` of ``#id``, an attribute
    ``url(#id)``) are renamed with them. Only the tags' attributes are read and rewritten,
    never the text between tags nor labels (``aria-label``), which may hold such words.

    Args:
        svg: The SVG text.
        prefix: The ids' prefix (letters, digits, ``-`` or ``_``, starting with a letter).

    Returns:
        The SVG text with its own ids.
    """
    names: dict[str, str] = {}
    for tag in _TAG.finditer(svg):
        for found in _ATTRIBUTE.finditer(tag[0]):
            if found[2] == "id":
                names.setdefault(found[3], f"{prefix}-{len(names) + 1}")
    if not names:
        return svg

    def attribute(found: re.Match[str]) -> str:
        space, name, value = found[1], found[2], found[3]
        if name == "id" or (name.endswith("href") and value.startswith("#")):
            mark = "#" if value.startswith("#") else ""
            value = mark + names.get(value.removeprefix("#"), value.removeprefix("#"))
        elif name != "aria-label":
            value = _URL.sub(lambda m: f"url(#{names.get(m[1], m[1])})", value)
        return f'{space}{name}="{value}"'

    return _TAG.sub(lambda tag: _ATTRIBUTE.sub(attribute, tag[0]), svg)
