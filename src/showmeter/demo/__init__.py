"""The demo: the calibrated demo world's report, and the press's published figures.

- :mod:`~showmeter.demo.run` — :func:`~showmeter.demo.run.run_demo`, from simulation to
  report; :mod:`~showmeter.demo.scope` — the reported season with its reference and peers
  (:data:`~showmeter.demo.scope.DEMO_SEASON`, :data:`~showmeter.demo.scope.DEMO_REFERENCE`)
- :mod:`~showmeter.demo.published` — every figure the press published about the launch, and
  how each is computed; :mod:`~showmeter.demo.published_output` — shown in the report,
  printed, downloaded

Only the command line and the dashboard import the demo; nothing below them knows it.
"""

from __future__ import annotations
