"""The local dashboard, ``showmeter serve``: FastAPI pages and a JSON API over the same results.

The dashboard computes nothing itself: every figure is a result of
:func:`showmeter.engines.compute`, run by the launch model's runner
(:class:`showmeter.launch.runner.Runner`: the store opened read-only per request, so that a
load can write it meanwhile; one time limit per request; a bounded number of computations at
once; a cache per metric, resolved parameters and store version), and a season's page is the
launch model's page (:mod:`showmeter.launch`), the one the report writes. One job per module:

- :mod:`~showmeter.web.app` — the application factory, :func:`create_app`
- :mod:`~showmeter.web.limits` — the safety limits (request time, computations at once and
  waiting, memory, request size, URL length)
- :mod:`~showmeter.web.security` — token, host check, size limits and security headers, and
  each request's deadline
- :mod:`~showmeter.web.storeinfo` — the store's records for the controls, read once
- :mod:`~showmeter.web.problems` — user errors as JSON or HTML answers (cause, then remedy)
- :mod:`~showmeter.web.api` — the JSON API that mirrors ``showmeter compute``
- :mod:`~showmeter.web.pages` — the HTML pages; :mod:`~showmeter.web.titles` the titles
  table (filtered, sorted, paged), :mod:`~showmeter.web.season` builds a season's
  launch page, :mod:`~showmeter.web.compare` and :mod:`~showmeter.web.rankings` theirs,
  :mod:`~showmeter.web.datapage` the ingest history and quarantine
- :mod:`~showmeter.web.render` — templates, charts (SVG, PNG) and downloads

Importing this package imports nothing heavy; :func:`create_app` does.
"""

from __future__ import annotations

__all__ = ["create_app"]


def __getattr__(name: str) -> object:
    if name == "create_app":
        from showmeter.web.app import create_app

        return create_app
    raise AttributeError(name)
