"""Each drawn chart's element ids are its own, so charts from several processes share a page.

vl-convert numbers its clip paths through the process (``clip1``, ``clip2``, ...): two charts
drawn first thing in two processes both carry ``clip1``, and on one HTML page the browser
clips the second chart with the first one's path.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any

from showmeter.launch.chart_style import own_ids, render_svg


def _line(values: list[int]) -> dict[str, Any]:
    """A clipped line chart (vl-convert draws a clip path for it)."""
    return {
        "data": {"values": [{"x": i, "y": v} for i, v in enumerate(values)]},
        "mark": {"type": "line", "clip": True},
        "encoding": {
            "x": {"field": "x", "type": "quantitative"},
            "y": {"field": "y", "type": "quantitative"},
        },
    }


def _drawn_elsewhere(spec: dict[str, Any]) -> str:
    """The chart drawn by a new Python process (its first drawing)."""
    code = (
        "import json, sys\n"
        "from showmeter.launch.chart_style import render_svg\n"
        "sys.stdout.write(render_svg(json.loads(sys.stdin.read())))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return done.stdout


def _ids(svg: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', svg))


def _references(svg: str) -> set[str]:
    return {a or b for a, b in re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', svg)}


def test_two_charts_drawn_by_two_processes_on_one_page_share_no_id() -> None:
    first, second = _line([1, 3, 2]), _line([5, 4, 6])
    one, other = _drawn_elsewhere(first), _drawn_elsewhere(second)
    assert _ids(one) and _ids(other)  # clip paths drawn (else the test tests nothing)
    assert not _ids(one) & _ids(other)
    page = f"<html><body>{one}{other}</body></html>"
    assert len(re.findall(r'\bid="', page)) == len(_ids(one) | _ids(other))  # unique on page
    # each chart refers only to its own ids, every one of them defined in it
    assert _references(one) and _references(one) <= _ids(one)
    assert _references(other) and _references(other) <= _ids(other)


def test_a_chart_is_drawn_the_same_in_any_process() -> None:
    spec = _line([2, 7, 1])
    render_svg(_line([9, 9, 8]))  # this process's clip numbers move on
    assert render_svg(spec) == _drawn_elsewhere(spec)


def test_own_ids_renames_each_id_and_its_references_in_order() -> None:
    svg = (
        '<svg><defs><clipPath id="clip7"><rect/></clipPath><linearGradient id="g2"/></defs>'
        '<g clip-path="url(#clip7)"><path fill="url(#g2)"/><use href="#clip7"/>'
        "<text>url(#other) clip7</text></g></svg>"
    )
    assert own_ids(svg, "cab") == (
        '<svg><defs><clipPath id="cab-1"><rect/></clipPath><linearGradient id="cab-2"/></defs>'
        '<g clip-path="url(#cab-1)"><path fill="url(#cab-2)"/><use href="#cab-1"/>'
        "<text>url(#other) clip7</text></g></svg>"
    )
    assert own_ids("<svg><g/></svg>", "cab") == "<svg><g/></svg>"


def test_own_ids_leaves_text_and_labels_alone() -> None:
    # vl-convert writes a label's quotes as they are between tags: a label holding id=" or
    # url(#…) was rewritten, and an unclosed quote swallowed markup (found by review)
    svg = (
        '<svg><defs><clipPath id="clip3"><rect/></clipPath></defs>'
        '<g clip-path="url(#clip3)" aria-label="title: url(#clip3)">'
        '<text>x id="y</text><text>the "id="x" scene url(#clip3)</text></g></svg>'
    )
    assert own_ids(svg, "cab") == (
        '<svg><defs><clipPath id="cab-1"><rect/></clipPath></defs>'
        '<g clip-path="url(#cab-1)" aria-label="title: url(#clip3)">'
        '<text>x id="y</text><text>the "id="x" scene url(#clip3)</text></g></svg>'
    )
