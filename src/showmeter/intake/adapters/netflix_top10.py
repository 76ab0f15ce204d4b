"""``--source netflix-top10``: Netflix's weekly Top 10 lists (TSV or XLSX, any era).

The lists are published figures, not viewing sessions, so they go to the ``published`` table
through :func:`showmeter.intake.published.load.ingest_published`; this adapter names the
source for ``--source`` and finds its files. See docs/adapters/netflix-top10.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.errors import InternalError

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from pathlib import Path

    from showmeter.catalog import Catalog
    from showmeter.intake.readers import Batch

__all__ = ["NetflixEngagementAdapter", "NetflixTop10Adapter"]


class NetflixTop10Adapter:
    """The Top 10 lists: ``all-weeks-global``, ``all-weeks-countries``, ``most-popular``."""

    name = "netflix-top10"
    description = (
        "Netflix's Top 10 lists (all-weeks-global.tsv, all-weeks-countries.tsv, "
        "most-popular.tsv, or .xlsx copies) into published figures; --catalog optional"
    )

    def expand(self, spec: str | Path) -> list[Path]:
        """The .tsv, .csv and .xlsx files a path, a directory or a glob names."""
        from showmeter.intake.published.load import expand_published

        return expand_published(spec)

    def read(self, path: Path, catalog: Catalog, options: Mapping[str, str]) -> Iterator[Batch]:
        """Not used: published figures are not viewing rows (see the module)."""
        raise InternalError(f"{self.name} files are loaded by ingest_published")


class NetflixEngagementAdapter(NetflixTop10Adapter):
    """The engagement reports ("What We Watched"), XLSX or CSV."""

    name = "netflix-engagement"
    description = (
        "Netflix's engagement reports (What We Watched, .xlsx or .csv) into published "
        "figures; --catalog optional"
    )
