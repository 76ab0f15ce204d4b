"""The embedded store: the only writer of a store, and the reader of its records.

- :mod:`~showmeter.store.database` — :class:`Store`: the DuckDB file, its tables, its
  transactions; :mod:`~showmeter.store.locks` — who holds the file (a load, readers), the
  wait of a load for readers, the file's version; :mod:`~showmeter.store.cursors` — fresh
  cursors, cut off past a time limit
- :mod:`~showmeter.store.lookups` — the records as :class:`Store` methods (seasons, markets,
  panels, loads, quarantine, reviews, ``mark_simulated``); :mod:`~showmeter.store.records` —
  their frozen values
- :mod:`~showmeter.store.optimize` — rewriting a store with its sessions clustered by season

Metrics are not computed here: :mod:`showmeter.engines` runs them on the store's connection.
"""

from __future__ import annotations

from showmeter.store.cursors import Cursor, OutOfTime
from showmeter.store.database import MEMORY, MEMORY_LIMIT_VARIABLE, Store, create_tables
from showmeter.store.locks import StoreBusy, file_version
from showmeter.store.lookups import fetch
from showmeter.store.records import (
    SIMULATED_NOTE,
    Episode,
    Load,
    Market,
    PanelUnit,
    Quarantined,
    SeasonFacts,
)

__all__ = [
    "MEMORY",
    "MEMORY_LIMIT_VARIABLE",
    "SIMULATED_NOTE",
    "Cursor",
    "Episode",
    "Load",
    "Market",
    "OutOfTime",
    "PanelUnit",
    "Quarantined",
    "SeasonFacts",
    "Store",
    "StoreBusy",
    "create_tables",
    "fetch",
    "file_version",
]
