"""Netflix's own published figures: the Top 10 lists and the engagement reports.

Netflix publishes weekly Top 10 lists (``all-weeks-global.tsv``, ``all-weeks-countries.tsv``,
``most-popular.tsv``) and twice a year an engagement report ("What We Watched"). These
modules read them, in every era of their headers, into the canonical table ``published``:

- :mod:`~showmeter.intake.published.labels` — slugs and season numbers from the names as
  published (``Stranger Things 2`` is season 2 of ``stranger-things``);
- :mod:`~showmeter.intake.published.sheets` — the files as rows of text: TSV, CSV, XLSX;
- :mod:`~showmeter.intake.published.top10` and
  :mod:`~showmeter.intake.published.engagement` — one file into published rows;
- :mod:`~showmeter.intake.published.load` — resolve, de-duplicate, quarantine, commit.

The ``netflix-top10`` and ``netflix-engagement`` sources of ``showmeter ingest`` call
:func:`showmeter.intake.published.load.ingest_published`.
"""

from __future__ import annotations

__all__ = ["PUBLISHED_SOURCES"]

PUBLISHED_SOURCES = ("netflix-top10", "netflix-engagement")
"""The ``--source`` names whose files are published figures, not viewing sessions."""
