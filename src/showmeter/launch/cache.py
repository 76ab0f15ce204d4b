"""A bounded, thread-safe cache of computed results.

Every entry is keyed by what determines it: the metric, its resolved parameters, the title and
season selected, and the store's fingerprint (:meth:`showmeter.store.Store.fingerprint`), so
that a changed store never serves old figures. A value being computed is computed once: other
threads asking for the same key wait for it (no stampede when fifty clients open the same page
at once).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable

__all__ = ["LRUCache"]

V = TypeVar("V")


class LRUCache(Generic[V]):
    """A least-recently-used cache of at most ``size`` entries, safe across threads.

    Args:
        size: The most entries kept.
    """

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> V | None:
        """The value of ``key`` if cached (it becomes the most recently used)."""
        with self._lock:
            if key not in self._entries:
                return None
            self._entries.move_to_end(key)
            return self._entries[key]

    def put(self, key: Hashable, value: V) -> None:
        """Keep ``value`` under ``key``, dropping the least recently used entry if full."""
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def get_or_compute(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The cached value of ``key``, or ``compute()`` run once and cached.

        Threads asking for a key being computed wait for that computation. An exception is
        not cached: the next caller computes again.

        Args:
            key: The entry's key.
            compute: Computes the value.

        Returns:
            The value.
        """
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return self._entries[key]
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                if key in self._entries:
                    self._entries.move_to_end(key)
                    self.hits += 1
                    return self._entries[key]
                self.misses += 1
            try:
                value = compute()
                self.put(key, value)
            finally:
                with self._lock:
                    self._computing.pop(key, None)
            return value
