"""Pausing Python's cycle collector while a load builds many objects that all stay alive.

Reading a 5,000-title catalog or a 17,000-row export creates hundreds of thousands of
objects (YAML nodes, validated models, rows), nearly all kept until the load ends. The cycle
collector, triggered by every few hundred allocations, walks them again and again without
finding garbage: measured on a 2.2 MB drafted catalog, composing it took 1.1 s of CPU with the
collector and 0.28 s without. Reference counting still frees everything not in a cycle; the
cycles made in the meantime are collected once the collector runs again.
"""

from __future__ import annotations

import contextlib
import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["paused_gc"]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cycle collector inside the block; restore its previous state after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
