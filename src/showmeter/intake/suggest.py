"""Suggestions ("did you mean"): the nearest catalog title or season of an unknown one.

A row quarantined as ``unknown_title`` names a title the catalog lacks, most often a typo of a
slug (``jessica-jone``). After the rows are settled, the distinct unknown values of each file
(the most frequent first, at most :data:`LIMIT`) are compared with the catalog: a title with
the closest slug or name by :func:`difflib.get_close_matches` (similarity at least
:data:`CUTOFF`), a season with the title's nearest season number. The suggestions go in the
file's summary notes, ``did_you_mean``, e.g.
``{"unknown_title": {"jessica-jone": "jessica-jones"}, "unknown_season": {"daredevil:3":
"daredevil:2"}}``; they are stored with the load and shown by ``showmeter ingest``.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

    from showmeter.catalog import Catalog
    from showmeter.intake.summary import FileSummary

__all__ = ["CUTOFF", "LIMIT", "add_suggestions", "nearest_title"]

LIMIT = 20
"""The most unknown values per file and reason that get a suggestion."""

CUTOFF = 0.6
"""The least similarity (difflib's ratio, 0 to 1) of a suggested title."""


def nearest_title(value: str, catalog: Catalog) -> str | None:
    """The catalog title whose slug or name is closest to ``value``, if one is close."""
    names: dict[str, str] = {}
    for title in catalog.titles:
        names.setdefault(title.title.casefold(), title.title)
        if title.name:
            names.setdefault(title.name.casefold(), title.title)
    found = difflib.get_close_matches(value.strip().casefold(), list(names), n=1, cutoff=CUTOFF)
    return names[found[0]] if found else None


def _nearest_season(title: str, season: int, catalog: Catalog) -> int | None:
    for entry in catalog.titles:
        if entry.title == title:
            numbers = [s.season for s in entry.seasons]
            return min(numbers, key=lambda n: (abs(n - season), n)) if numbers else None
    return None


def add_suggestions(
    connection: duckdb.DuckDBPyConnection,
    stage: str,
    summaries: list[FileSummary],
    catalog: Catalog,
) -> None:
    """Add ``did_you_mean`` to the notes of files with unknown titles or seasons.

    Args:
        connection: The connection, with the staging database in use.
        stage: The staging table of one kind (with ``title`` and maybe ``season``).
        summaries: The kind's file summaries, by file index.
        catalog: The catalog of the load.
    """
    if not any(
        reason in s.reasons for s in summaries for reason in ("unknown_title", "unknown_season")
    ):
        return
    columns = {row[0] for row in connection.execute(f"DESCRIBE {stage}").fetchall()}
    season = "season" if "season" in columns else "CAST(NULL AS INTEGER)"
    rows = connection.execute(
        f"""WITH counted AS (
              SELECT _file, _reason, title, {season} AS _season, count(*) AS n
              FROM {stage} WHERE _reason IN ('unknown_title', 'unknown_season')
                AND title IS NOT NULL
              GROUP BY _file, _reason, title, _season
            ), ranked AS (
              SELECT *, row_number() OVER (
                PARTITION BY _file, _reason ORDER BY n DESC, title, _season) AS _rank
              FROM counted
            )
            SELECT _file, _reason, title, _season FROM ranked WHERE _rank <= {LIMIT}
            ORDER BY _file, _reason, _rank"""
    ).fetchall()
    for file_index, reason, title, number in rows:
        found: str | None = None
        key = str(title)
        if reason == "unknown_title":
            found = nearest_title(key, catalog)
        elif number is not None:
            nearest = _nearest_season(key, int(number), catalog)
            key = f"{title}:{number}"
            found = f"{title}:{nearest}" if nearest is not None else None
        if found is not None:
            notes = summaries[int(file_index)].notes.setdefault("did_you_mean", {})
            notes.setdefault(str(reason), {})[key] = found
