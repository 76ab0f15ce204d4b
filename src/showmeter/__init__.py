"""showmeter: how did this season's launch go? Launch metrics from raw rows, by definition.

The public API, for notebooks and scripts::

    import showmeter

    summary = showmeter.ingest("launch.duckdb", catalog="catalog.yaml", events=["sessions/"])
    result = showmeter.compute("binge_racers", store="launch.duckdb", title="the-defenders")
    result.to_pandas()
    showmeter.report("the-defenders:1", store="launch.duckdb", reference="daredevil:2",
                     output="out/")
    showmeter.metrics()

Everything listed in ``__all__`` is public and stable; every other module is internal.
Importing this package is cheap: the engines load on the first computation.
"""

from __future__ import annotations

from showmeter._version import __version__
from showmeter.api import compute, ingest, metrics, report
from showmeter.errors import (
    InputError,
    MissingFileError,
    ResourceError,
    ShowmeterError,
    UsageError,
    UserError,
)
from showmeter.results import LoadRefusedError, LoadSummary, Result

__all__ = [
    "InputError",
    "LoadRefusedError",
    "LoadSummary",
    "MissingFileError",
    "ResourceError",
    "Result",
    "ShowmeterError",
    "UsageError",
    "UserError",
    "__version__",
    "compute",
    "ingest",
    "metrics",
    "report",
]
