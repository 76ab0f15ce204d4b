"""Synthetic worlds: a catalog, viewing sessions, panels, reviews and demand signals.

A :class:`~showmeter.simulate.spec.World` says what exists and how people watch; the generator
turns it into rows, at any scale, deterministically under a seed, in bounded memory:

>>> from showmeter.simulate import demo_world, write_world
>>> written = write_world(demo_world(), "demo-world")  # doctest: +SKIP

writes ``catalog.yaml``, ``sessions/part-*.parquet``, ``panels.parquet``, ``reviews.csv`` and
``signals.parquet``, which ``showmeter ingest`` loads without a quarantined row.
:func:`~showmeter.simulate.sessions.session_tables` streams the sessions as Arrow tables
instead. The simulator knows nothing of the metrics: it only generates rows.
"""

from __future__ import annotations

from showmeter.simulate.demo_world import DEMO_SEED, demo_world
from showmeter.simulate.sessions import session_tables
from showmeter.simulate.spec import World
from showmeter.simulate.world import synthetic_world
from showmeter.simulate.writer import Written, write_world

__all__ = [
    "DEMO_SEED",
    "World",
    "Written",
    "demo_world",
    "session_tables",
    "synthetic_world",
    "write_world",
]
