"""Adapters: read what people already have into canonical viewing rows.

An adapter turns one file of another tool's format (a Netflix export, a Tautulli history, a
Jellyfin database, a Trakt archive) into batches whose columns are the canonical viewing
columns (see :mod:`showmeter.intake.rules`), each row tagged with its ``_line``. A row the
adapter leaves out by a documented rule (a trailer, an autoplay without user action) is not
dropped: it is yielded in :attr:`~showmeter.intake.readers.Batch.malformed` with that rule's
reason, so it is quarantined and counted and the reconciliation holds. The canonical rules of
the ingest (catalog membership, time zones, availability, duplicates) then apply as usual.

Register an adapter by adding it to :data:`ADAPTERS`.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Protocol

from showmeter.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from pathlib import Path

    from showmeter.catalog import Catalog
    from showmeter.intake.readers import Batch

__all__ = ["ADAPTERS", "Adapter", "get"]


class Adapter(Protocol):
    """What an adapter provides.

    Attributes:
        name: The name given to ``--source``.
        description: One line for ``showmeter ingest --help`` and the docs.
    """

    name: str
    description: str

    def expand(self, spec: str | Path) -> list[Path]:
        """The files named by a path, a directory or a glob, as this format stores them."""
        ...

    def read(self, path: Path, catalog: Catalog, options: Mapping[str, str]) -> Iterator[Batch]:
        """Read one file into batches of canonical viewing rows.

        Args:
            path: The file.
            catalog: The catalog, to resolve titles by name.
            options: Adapter options from the command line (``--option name=value``).

        Yields:
            Batches of canonical columns plus ``_line``; excluded and unreadable rows in
            ``malformed`` with their reason; ``notes`` for approximations made.
        """
        ...


ADAPTERS: dict[str, Adapter] = {}
"""Adapter name -> adapter. ``canonical`` is built in and not listed here."""


def get(name: str) -> Adapter:
    """The adapter called ``name``.

    Raises:
        UsageError: No adapter has that name; the nearest names are suggested.
    """
    if name in ADAPTERS:
        return ADAPTERS[name]
    known = ["canonical", *sorted(ADAPTERS)]
    near = difflib.get_close_matches(name, known, n=1)
    raise UsageError(
        f"unknown source {name!r}",
        expected=f"one of {', '.join(known)}",
        remedy=f"Did you mean --source {near[0]}?" if near else "Pick one of those.",
    )


def _register() -> None:
    """Register the adapters of other tools' formats (their heavy imports stay lazy)."""
    from showmeter.intake.adapters.jellyfin import JellyfinAdapter
    from showmeter.intake.adapters.netflix import NetflixAdapter
    from showmeter.intake.adapters.netflix_simple import NetflixSimpleAdapter
    from showmeter.intake.adapters.netflix_top10 import (
        NetflixEngagementAdapter,
        NetflixTop10Adapter,
    )
    from showmeter.intake.adapters.tautulli import TautulliAdapter
    from showmeter.intake.adapters.trakt import TraktAdapter

    adapters: tuple[Adapter, ...] = (
        NetflixAdapter(),
        NetflixSimpleAdapter(),
        TautulliAdapter(),
        JellyfinAdapter(),
        TraktAdapter(),
        NetflixTop10Adapter(),
        NetflixEngagementAdapter(),
    )
    for adapter in adapters:
        ADAPTERS[adapter.name] = adapter


_register()
