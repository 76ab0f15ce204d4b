"""Rules proven from a Parquet file's statistics, so that their columns need not be read.

A Parquet footer keeps, for every column of every row group, its null count and (for most
writers) its least and greatest value. The triage pass of sessions read in place
(:mod:`showmeter.intake.in_place_triage`) evaluates the per-row rules on every row; a rule
that these statistics prove holds for every row of a file is left out of that file's pass,
and so is every column only such rules read (for a clean file written by a typed writer: the
unit ids, the start and, but for NaN, the seconds and positions).

Only rules of a few shapes are proven, each the very SQL that :mod:`showmeter.intake.rules`
builds with :mod:`showmeter.intake.sql` (compared as text, so a rule written otherwise is never
proven, only evaluated):

- ``missing_value``: ``is_missing`` of the raw column: no row group has a NULL (for text, also
  its least value is not empty and starts with no space: no value trims to nothing);
- ``p.X IS NULL`` (a value that does not parse; with ``AND``, every unit id missing): the raw
  value is never NULL and its parsing never gives NULL (a zoned timestamp; an integer within
  INTEGER; a float column whose NaN count is recorded as 0 and whose bounds are finite; a text
  as above); for ``AND``, row group by row group, one of the columns is;
- ``(NOT missing AND p.X IS NULL)``: the parsing never gives NULL for a present value;
- ``p.X < N``, ``p.X > N`` joined by ``OR`` over a number: the bounds lie within (a value
  whose parsing is NULL, e.g. NaN, makes the comparison NULL, so the rule holds for it).

A number's bounds are compared as the rules' ``CAST(... AS DOUBLE)`` sees them: an integer's or
a DOUBLE's as printed, a FLOAT's (32 bits) rounded to FLOAT first (:func:`_as_double`); a
DECIMAL's or a half float's prove nothing. Whatever else, or a statistic missing from any row
group, is not proven.
"""

from __future__ import annotations

import decimal
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from showmeter.quoting import literal, quote

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    import duckdb
    import pyarrow as pa

    from showmeter.intake.in_place_triage import Triage
    from showmeter.intake.readers import ParquetSource
    from showmeter.intake.staging_sql import Check

__all__ = ["ColumnStats", "file_stats", "leads_with_ascii", "lean_texts", "proven", "unproven"]

_INT32 = (-(2**31), 2**31 - 1)
_FLOAT32_MAX = 3.4028234663852886e38
_BOUND = re.compile(r"p\.(\w+|\"(?:[^\"]|\"\")+\") ([<>]) (-?\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class ColumnStats:
    """One column's statistics, row group by row group (None where a writer left one out).

    Attributes:
        rows: Each row group's rows.
        nulls: Each row group's null count.
        least: Each row group's least value (as DuckDB prints it).
        greatest: Each row group's greatest value.
        nans: Each row group's NaN count.
    """

    rows: tuple[int, ...]
    nulls: tuple[int | None, ...]
    least: tuple[str | None, ...]
    greatest: tuple[str | None, ...]
    nans: tuple[int | None, ...]


def file_stats(connection: duckdb.DuckDBPyConnection, path: Path) -> dict[str, ColumnStats]:
    """The statistics of a Parquet file's top-level columns, by name as the rules know it.

    A column is named as :func:`~showmeter.intake.readers.parquet_source` names it (trimmed,
    lower case); two columns of one such name are both left out (nothing is proven of them).
    """
    found = connection.execute(
        "SELECT path_in_schema, row_group_id, row_group_num_rows, stats_null_count, "
        "stats_min_value, stats_max_value, stats_nan_count "
        f"FROM parquet_metadata({literal(str(path))}) ORDER BY column_id, row_group_id"
    ).fetchall()
    columns: dict[str, list[tuple[Any, ...]]] = {}
    owner: dict[str, str] = {}
    for row in found:
        name = str(row[0])
        key = name.strip().lower()
        if owner.setdefault(key, name) != name:
            owner[key] = ""  # ambiguous: two columns read as one name
        columns.setdefault(key, []).append(row)
    out = {}
    for key, rows in columns.items():
        if not owner[key] or ", " in owner[key]:
            continue  # ambiguous, or a nested column (DuckDB names its path "st, field")
        out[key] = ColumnStats(
            rows=tuple(int(r[2]) for r in rows),
            nulls=tuple(None if r[3] is None else int(r[3]) for r in rows),
            least=tuple(None if r[4] is None else str(r[4]) for r in rows),
            greatest=tuple(None if r[5] is None else str(r[5]) for r in rows),
            nans=tuple(None if r[6] is None else int(r[6]) for r in rows),
        )
    return out


def proven(
    checks: Sequence[Check],
    parsed: dict[str, str],
    source: ParquetSource,
    stats: dict[str, ColumnStats],
) -> set[int]:
    """The indexes of ``checks`` (row rules over ``p``) that hold for every row of the file.

    Args:
        checks: The rules.
        parsed: The parsed columns (name -> SQL over ``b``) for the file's types.
        source: The file (its Arrow types).
        stats: :func:`file_stats` of the file.
    """
    groups = {len(s.rows) for s in stats.values()}
    if len(groups) != 1:
        return set()
    return {i for i, check in enumerate(checks) if _holds(check.fails, parsed, source, stats)}


def unproven(
    connection: duckdb.DuckDBPyConnection,
    triage: Triage,
    source: ParquetSource,
    path: Path,
    stats: dict[str, ColumnStats] | None = None,
) -> list[Check]:
    """The per-row rules of the file that its statistics do not prove (all may break).

    ``stats``: the file's :func:`file_stats`, when read already.
    """
    found = file_stats(connection, path) if stats is None else stats
    held = proven(triage.row_checks, triage.parsed, source, found)
    return [check for i, check in enumerate(triage.row_checks) if i not in held]


def lean_texts(
    parsed: dict[str, str], source: ParquetSource, stats: dict[str, ColumnStats]
) -> dict[str, str]:
    """Text columns parsed by a cheaper expression that gives the same values, by name.

    :func:`~showmeter.intake.sql.as_text` trims a value that starts or ends with a space and
    makes an empty one NULL. Where the statistics prove that no value of the file is empty
    or starts with a space or a non-ASCII character (every row group's least and greatest
    values start with ASCII from ``!`` on: :func:`_leads`; or it holds only NULLs), only a
    trailing space can be trimmed,
    and never down to nothing: ``rtrim`` of a value ending with a space, else the value.
    """
    from showmeter.intake import sql

    lean = {}
    for name, expression in parsed.items():
        arrow, found = source.types.get(name), stats.get(name)
        raw = f"b.{quote(name)}"
        if found is None or arrow is None or sql.value_kind(arrow) != "text":
            continue
        if expression != sql.as_text(raw, arrow):
            continue
        if leads_with_ascii(found):
            lean[name] = f"(CASE WHEN ends_with({raw}, ' ') THEN rtrim({raw}, ' ') ELSE {raw} END)"
    return lean


def leads_with_ascii(found: ColumnStats) -> bool:
    """Whether every value of a text column starts with ASCII from ``!`` on (see :func:`_leads`).

    So no value is empty or starts with a space (ASCII or Unicode): row group by row group,
    it holds only NULLs or its least and greatest values both start so.
    """
    return all(
        found.nulls[g] == found.rows[g] or _leads(found.least[g], found.greatest[g])
        for g in range(len(found.rows))
    )


def _leads(least: str | None, greatest: str | None) -> bool:
    """Whether every value between ``least`` and ``greatest`` starts with ASCII from ``!`` on.

    Both bounds are needed. In Parquet's order (unsigned bytes) a value starting with a
    non-ASCII character, such as a no-break space, sorts after
    every ASCII one, so only an ASCII greatest value rules it out; a writer comparing signed
    bytes would rank it lowest, which an ASCII least value rules out.
    """
    return (
        least is not None
        and greatest is not None
        and "!" <= least[:1] < "\x80"
        and "!" <= greatest[:1] < "\x80"
    )


def _holds(
    fails: str, parsed: dict[str, str], source: ParquetSource, stats: dict[str, ColumnStats]
) -> bool:
    from showmeter.intake.sql import is_missing

    prover = _Prover(parsed, source, stats)
    for column in source.types:
        raw = f"p.{quote('_raw_' + column)}"
        missing = is_missing(raw, source.types[column])
        if fails == missing:
            return prover.never_null(column)
        if fails == f"(NOT {missing} AND {_is_null(column)})":
            return prover.parses(column, present_only=True)
    terms = fails.split(" AND ")
    if all(_named(term) is not None for term in terms):  # every parsed value NULL
        names = [str(_named(term)) for term in terms]
        if len(names) == 1:
            return prover.parses(names[0])
        groups = len(next(iter(stats.values())).rows)
        return all(any(prover.parses(n, group=g) for n in names) for g in range(groups))
    bounds = fails.split(" OR ")
    matched = [_BOUND.fullmatch(term) for term in bounds]
    if all(m is not None for m in matched):
        return all(prover.within(m[1], m[2], float(m[3])) for m in matched if m is not None)
    return False


def _is_null(column: str) -> str:
    return f"p.{column} IS NULL"  # as the rules write it


def _named(term: str) -> str | None:
    """The column of a ``p.X IS NULL`` term, or None."""
    found = re.fullmatch(r"p\.(\w+) IS NULL", term)
    return found[1] if found else None


@dataclass(frozen=True)
class _Prover:
    parsed: dict[str, str]
    source: ParquetSource
    stats: dict[str, ColumnStats]

    def _groups(self, group: int | None) -> range:
        count = len(next(iter(self.stats.values())).rows)
        return range(count) if group is None else range(group, group + 1)

    def never_null(self, column: str, group: int | None = None) -> bool:
        """No raw value is absent (NULL; for text, also empty once trimmed)."""
        from showmeter.intake.sql import value_kind

        found = self.stats.get(column)
        if found is None or column not in self.source.types:
            return False
        text = value_kind(self.source.types[column]) == "text"
        for g in self._groups(group):
            if found.nulls[g] != 0:
                return False
            # Bytewise order: least and greatest values from "!" to ASCII's end mean no value is
            # empty or starts with a space (ASCII or Unicode), so none trims to nothing.
            if text and found.rows[g] and not _leads(found.least[g], found.greatest[g]):
                return False
        return True

    def parses(self, name: str, group: int | None = None, *, present_only: bool = False) -> bool:
        """Every row's parsed ``name`` is non-NULL (only of present values: ``present_only``)."""
        from showmeter.intake import sql

        if name not in self.source.types or name not in self.parsed:
            return False
        kind = sql.value_kind(self.source.types[name])
        raw, arrow = f"b.{quote(name)}", self.source.types[name]
        if not present_only and not self.never_null(name, group):
            return False
        found = self.stats[name]
        expression = self.parsed[name]
        if kind == "instant" and expression == sql.as_instant(raw, arrow, None):
            return True
        if kind == "text" and expression == sql.as_text(raw, arrow):
            return self.never_null(name, group)  # a present text parses unless it trims to ""
        if kind == "integer" and expression == sql.as_integer(raw, arrow):
            return self._bounded(found, group, arrow, *_INT32)
        if kind == "integer" and expression == sql.as_number(raw, arrow):
            return True
        if kind == "float" and expression == sql.as_number(raw, arrow):
            groups = self._groups(group)
            return all(found.nans[g] == 0 for g in groups) and self._bounded(
                found, group, arrow, -math.inf, math.inf, strict=True
            )
        return False

    def _bounded(
        self,
        found: ColumnStats,
        group: int | None,
        arrow: pa.DataType,
        low: float,
        high: float,
        *,
        strict: bool = False,
    ) -> bool:
        """Every value, cast to DOUBLE as the rules cast it, lies within ``low``–``high``."""
        for g in self._groups(group):
            if found.nulls[g] is not None and found.nulls[g] == found.rows[g]:
                continue  # no value at all
            lower, upper = _as_double(found.least[g], arrow), _as_double(found.greatest[g], arrow)
            if lower is None or upper is None:
                return False
            least, greatest = lower[0], upper[1]
            if strict and not (low < least and greatest < high):
                return False
            if not (low <= least and greatest <= high):
                return False
        return True

    def within(self, column: str, sign: str, bound: float) -> bool:
        """``p.column < bound`` (or ``>``) is never true: the parsed values' bounds say so."""
        from showmeter.intake import sql

        name = column[1:-1].replace('""', '"') if column.startswith('"') else column
        if name not in self.source.types or name not in self.stats:
            return False
        raw, arrow = f"b.{quote(name)}", self.source.types[name]
        expression = self.parsed.get(name)
        if expression not in (sql.as_number(raw, arrow), sql.as_integer(raw, arrow)):
            return False
        if sql.value_kind(arrow) not in ("integer", "float"):
            return False
        if sign == "<":
            return self._bounded(self.stats[name], None, arrow, bound, math.inf)
        return self._bounded(self.stats[name], None, arrow, -math.inf, bound)


def _as_double(text: str | None, arrow: pa.DataType) -> tuple[float, float] | None:
    """The least and greatest DOUBLE a statistic's value may be once the rules cast it.

    DuckDB prints a statistic as the shortest text that reads back as the stored value. For
    an integer or a DOUBLE, that text read as a double *is* the value cast to DOUBLE. A FLOAT
    (32 bits) is not: its statistic "0.1" is the float nearest 0.1, which is
    0.100000001490116… as a DOUBLE, so reading the text as a double would prove that
    ``p.x > 0.1`` never holds when it holds for that very value. The text is rounded to a
    FLOAT instead: exactly when it is a FLOAT's exact value (as "0.0" and "86400.0" are),
    else to the two FLOATs around it (the value is one of them or the one between, as
    rounding the text twice, to a double then to a FLOAT, may miss by one). Other types (a
    DECIMAL, a half float) prove nothing.
    """
    import pyarrow as pa

    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    if pa.types.is_integer(arrow) or pa.types.is_float64(arrow):
        return value, value
    if not pa.types.is_float32(arrow):
        return None
    if not math.isfinite(value):
        return value, value
    if abs(value) > _FLOAT32_MAX:
        return None
    import numpy as np

    single = np.float32(value)
    if decimal.Decimal(float(single)) == decimal.Decimal(text):
        return float(single), float(single)
    return (
        float(np.nextafter(single, np.float32(-math.inf))),
        float(np.nextafter(single, np.float32(math.inf))),
    )
