"""``--source netflix-simple``: a profile's ``NetflixViewingHistory.csv`` (Title, Date).

The "Download all" link of netflix.com/viewingactivity gives one file per profile, with two
columns: the title, and the date in the account's locale (detected from the whole column, see
:mod:`~showmeter.intake.adapters.netflix_dates`; ``date_format`` overrides it). There is no
time, duration, position, device or country, so rows are loaded with these approximations,
which every load of such a file lists in its notes (``approximations``):

=================  ===============================================================
column             becomes
=================  ===============================================================
(``--account``)    ``account_id``
(``--profile``)    ``profile_id`` = ``<account>/<profile>``; without ``--profile`` the rows
                   are the account's as a whole: ``profile_id`` = ``<account>`` (one viewer,
                   whatever the file is called)
Title              ``title``, ``season``, ``episode`` by name, as for ``netflix``
Date               ``started_at`` = 12:00 UTC on that date (midday, so the date stays
                   the same in every zone from UTC−12 to UTC+11)
–                  ``seconds_watched`` = the episode's catalog runtime: each row is taken
                   as one complete view
–                  ``position_end_s``, ``device``: empty (device ``other``)
(``--market``)     ``market``; ZZ (unknown) when not given
=================  ===============================================================

Rows whose title names no catalog episode are left out under ``unresolved_title``. A date
that does not fit the column's format is passed on as written and quarantined as
``bad_timestamp``. Two rows of the same title on the same date are one view (a duplicate).
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import TYPE_CHECKING

from showmeter.errors import UsageError
from showmeter.intake.adapters import files
from showmeter.intake.adapters.names import CatalogNames
from showmeter.intake.adapters.netflix_dates import detect_date_format
from showmeter.intake.adapters.netflix_titles import TitleResolver, Unresolved
from showmeter.intake.adapters.netflix_warnings import MarkerWarnings
from showmeter.intake.adapters.options import AdapterOptions
from showmeter.intake.adapters.rows import EMPTY_ROW, ViewingRows, instant, is_empty

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from pathlib import Path

    from showmeter.catalog.models import Catalog
    from showmeter.intake.readers import Batch

__all__ = ["APPROXIMATIONS", "NetflixSimpleAdapter"]

COLUMNS = ("Title", "Date")

DAY_TIME = time(12, 0)
"""The time of day given to every row (in UTC)."""

APPROXIMATIONS = [
    "netflix-simple: the Date column has no time: every session starts at 12:00 UTC on its "
    "date, so windows in hours (binge racing within 24 h) are approximate to a calendar day",
    "netflix-simple: there is no duration or position: every row counts as one complete view "
    "(seconds_watched = the episode's catalog runtime)",
    "netflix-simple: there is no device (counted as 'other') and no country (market ZZ unless "
    "--market is given)",
]
"""What the loads of a simple export say about themselves (``notes["approximations"]``)."""

_HINT = (
    "Give a profile's NetflixViewingHistory.csv (columns Title, Date); for the full export's "
    "ViewingActivity.csv use --source netflix."
)


class NetflixSimpleAdapter:
    """Reads ``NetflixViewingHistory.csv`` (see the module's documentation)."""

    name = "netflix-simple"
    description = "Netflix per-profile history: NetflixViewingHistory.csv (Title, Date)"

    def expand(self, spec: str | Path) -> list[Path]:
        """The CSV files named by a path, a directory or a glob."""
        return files.expand(spec, lambda p: p.suffix.casefold() == ".csv", "CSV files")

    def read(self, path: Path, catalog: Catalog, options: Mapping[str, str]) -> Iterator[Batch]:
        """Read one profile's history into batches (see :meth:`Adapter.read`).

        Raises:
            UsageError: ``account`` is missing, or an option is not valid.
            InputError: The file cannot be read, lacks a column, or its date format is
                ambiguous.
        """
        chosen = AdapterOptions(self.name, options)
        account = chosen.required(
            "account", "the name of the Netflix account (household) the file is of", "home"
        )
        profile = chosen.text("profile")
        profile_id = f"{account}/{profile}" if profile else account
        market = chosen.market()
        date_format = chosen.text("date_format") or self._detect(path)
        if date_format is not None:
            _check_format(date_format)
        notes: dict[str, object] = {"approximations": APPROXIMATIONS}
        if date_format is not None:
            notes["date_format"] = date_format
        resolve = TitleResolver(CatalogNames(catalog))
        warnings = MarkerWarnings()
        rows = ViewingRows(notes)
        with files.TextSource(path) as source:
            records = files.records(source, keep_empty=True)
            names = files.header(records, path, COLUMNS, _HINT, known=COLUMNS)
            for line, fields in records:
                row = dict(zip(names, fields, strict=False))
                whole = len(fields) == len(names) and not is_empty(fields)
                found = resolve(row.get("Title") or "") if whole else None
                if found is not None and warnings.count(row.get("Title") or "", found):
                    rows.notes[MarkerWarnings.NOTE] = warnings.note()
                if is_empty(fields):
                    rows.exclude(line, EMPTY_ROW, {"fields": fields})
                elif found is None:
                    rows.exclude(line, "malformed_row", {"fields": fields, "expected": names})
                elif isinstance(found, Unresolved):
                    rows.exclude(line, "unresolved_title", {**row, **found.as_dict()})
                else:
                    rows.add(
                        line,
                        account_id=account,
                        profile_id=profile_id,
                        title=found.title,
                        season=found.season,
                        episode=found.episode,
                        started_at=_midday(row["Date"], date_format),
                        seconds_watched=found.runtime_s,
                        market=market,
                    )
                if rows.full:
                    yield rows.batch(source.done, source.total)
            yield rows.batch(source.total, source.total)

    @staticmethod
    def _detect(path: Path) -> str | None:
        """The date format of the file's Date column, read in a first pass."""
        with files.TextSource(path) as source:
            records = files.records(source)
            names = files.header(records, path, COLUMNS, _HINT, known=COLUMNS)
            column = names.index("Date")
            dates = ((line, f[column]) for line, f in records if len(f) == len(names))
            return detect_date_format(dates, path)


def _midday(value: str, date_format: str | None) -> str:
    """12:00 UTC on the date ``value``; the value as written when it does not fit the format."""
    if date_format is None:
        return value
    try:
        day = datetime.strptime(value.strip(), date_format).date()
    except ValueError:
        return value
    return instant(datetime.combine(day, DAY_TIME, tzinfo=UTC))


def _check_format(date_format: str) -> None:
    """Reject a ``date_format`` that cannot read a date.

    Raises:
        UsageError: The format lacks a day, a month or a year.
    """
    if not all(any(code in date_format for code in group) for group in _NEEDED):
        raise UsageError(
            "--date-format does not name a day, a month and a year",
            value=date_format,
            expected="a strptime format such as %d.%m.%y, %m/%d/%y or %Y-%m-%d",
            remedy="Write the format of the file's Date column with %d, %m and %y (or %Y).",
        )


_NEEDED = (("%d",), ("%m", "%b", "%B"), ("%y", "%Y"))
