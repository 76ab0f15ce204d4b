"""Work done once before the first visit: the chart renderer and compiler started, pages kept.

- :func:`start` (when the dashboard is created): imports Altair, and a background thread
  starts vl-convert's JavaScript engine by drawing a chart of one point (together about a
  second of CPU the first page would otherwise spend), once per process; another imports Ibis
  and compiles one expression (:mod:`showmeter.engines.warmup`), so that the first change of
  a page's controls does not pay for it.
- :class:`PageWarmer` (``showmeter serve``, :mod:`showmeter.web.pagewarm`): computes season
  pages at their default controls in the background, most wanted first.
- :func:`warm_page` (after ``showmeter demo``): computes a season's page at its default
  controls once, so that the plan of its batch is kept in the cache of compiled SQL
  (:mod:`showmeter.engines.plans`) and the dashboard's first visit to it, in any later
  process, runs its SQL without building an expression; then the page under the first change
  of each control (:func:`showmeter.web.pagewarm.first_changes`), whose templates every other
  market and device of the page replays (:mod:`showmeter.engines.literals`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.engines.warmup import Background

if TYPE_CHECKING:
    import threading
    from pathlib import Path

__all__ = ["ready", "start", "warm_page"]

_POINT = {
    "data": {"values": [{"x": 0}]},
    "mark": "point",
    "encoding": {"x": {"field": "x", "type": "quantitative"}},
}


def _warm() -> None:
    import vl_convert

    vl_convert.vegalite_to_svg(_POINT)


_RENDERER = Background(_warm, "showmeter-warm")
"""The chart renderer, started by :func:`start`."""


def start() -> threading.Thread:
    """Import Altair, start the chart renderer and the compiler in the background (once).

    Altair is imported here, in the caller's thread: two threads importing it at once may
    each see the other's modules half initialized.

    Returns:
        The renderer's thread (``join()`` waits until it is ready; the compiler's is
        :func:`showmeter.engines.warmup.ready`).
    """
    import altair  # noqa: F401  (the page's charts are built with it)

    from showmeter.engines import warmup

    warmup.start()
    return _RENDERER.start()


def ready() -> None:
    """Wait until the chart renderer started by :func:`start` is ready (if it was started).

    A season page draws its charts after this (vl-convert would make it wait anyway).
    """
    _RENDERER.ready()


def warm_page(store: str | Path, title: str, season: int) -> None:
    """Compute a season's page at its default controls and first changes, keeping their plans.

    Args:
        store: The store file.
        title: The season's title.
        season: Its number.
    """
    from showmeter import caches

    if caches.cache_folder("sql", "SHOWMETER_SQL_CACHE") is None:
        return  # nothing could be kept
    from showmeter.launch.runner import Runner
    from showmeter.schema import SeasonKey
    from showmeter.web import season as pages
    from showmeter.web.pagewarm import first_changes

    runner = Runner(store)
    try:
        key = SeasonKey(title, season)
        pages.build(runner, key, pages.Controls())
        for controls in first_changes(runner):  # after the default page, as a visitor
            pages.build(runner, key, controls)
    finally:
        runner.close()
