"""showmeter: how did this season's launch go? Launch metrics from raw rows, by definition."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
