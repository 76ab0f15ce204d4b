"""Sessions read in place: the rules paid once per distinct catalog key, not once per row.

A session's catalog rules (its title, season, episode and market known; inside an availability
window) depend on a handful of columns whose values repeat over millions of rows. This module
splits the ingest's own rules (:func:`showmeter.intake.staging_sql.staged_sql`, unchanged) by
what each reads, and proves most rows valid without staging them:

1. **Triage pass** (one scan of the files): rows are grouped by file, by the *raw* values of
   the grouped columns (:data:`GROUPED`) and by whether they break a rule that reads other
   columns (a ``_bad`` flag: the per-row rules, e.g. a missing unit id or seconds out of
   range). Each group keeps its row count and the least and greatest value of the column the
   availability rule reads (:data:`RANGED`), and per text column it reads whether parsing
   changes any of its values; a text column it does not read (its rules proven) is read by
   the metric :func:`~showmeter.intake.in_place_texts.guarded`. A grouped column only the note
   reads (the device) is counted apart (:mod:`~showmeter.intake.in_place_side`).
2. **Groups ruled**: the rules on the grouped columns (parsing, the catalog joins) run once
   per group, over its raw values, the same SQL as per row. The availability
   rule is run at the group's earliest start; the whole group is inside the window when its
   latest start is before the end of the span that holds the earliest (spans are merged and
   disjoint, so a group straddling a gap is not proven).
3. A group of a file is **clean** when it has no ``_bad`` rows and every rule holds: its rows
   are valid and counted from the group. All the rows of the other groups (usually none) are
   staged by the ingest's rule query itself, so their reasons, columns, values and records
   are the ingest's, exactly.
4. **Keys** (a second scan, of only the columns the key reads): duplicates are found by a
   64-bit key of each row's identity (the hash of its id, or of its
   :attr:`~showmeter.intake.staging_sql.Kind.candidates`); keys seen twice mark the only rows
   that are staged whole and settled as a load does
   (:func:`~showmeter.intake.in_place_keys.repeated_keys`).

A per-row rule that the file's Parquet statistics prove holds for every row
(:mod:`showmeter.intake.in_place_stats`) is left out of that file's triage pass, and so is
every column only such rules read.

A rule that mixes the catalog with a per-row column other than :data:`RANGED`, or a bytes
column, makes :func:`plan` return None; the caller then applies the rules row by row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from showmeter.intake import in_place_texts
from showmeter.intake.in_place_side import count_side, side_columns
from showmeter.intake.in_place_texts import changed
from showmeter.intake.staging_sql import staged_sql
from showmeter.quoting import quote

if TYPE_CHECKING:
    from collections.abc import Sequence

    import duckdb

    from showmeter.intake.readers import ParquetSource
    from showmeter.intake.staging_sql import Check, Kind, Types

__all__ = [
    "GROUPED",
    "RANGED",
    "Triage",
    "any_broken",
    "names_in",
    "plan",
    "triage",
    "unnumbered",
]

GROUPED: dict[str, tuple[str, ...]] = {
    "viewing": ("title", "season", "episode", "market", "device")
}
"""Per kind, the input columns whose few distinct values the rules are paid once for."""

RANGED: dict[str, tuple[str, str]] = {"viewing": ("started_at", "av.available_until")}
"""Per kind, the parsed per-row column the catalog joins also read, and the SQL (over the
joins) of the end of the availability span its value falls in."""

_INPUT = re.compile(r'\bb\.("(?:[^"]|"")+"|\w+)')
_PARSED = re.compile(r'\bp\.("(?:[^"]|"")+"|\w+)')
_ALIAS = re.compile(r"\bJOIN\s+\S+\s+(\w+)\s+ON\b", re.IGNORECASE)


def _names(pattern: re.Pattern[str], text: str) -> set[str]:
    return {m[1:-1].replace('""', '"') if m.startswith('"') else m for m in pattern.findall(text)}


def names_in(text: str) -> set[str]:
    """The parsed columns (``p.X``) that SQL over the parsed row reads."""
    return _names(_PARSED, text)


def _g(column: str) -> str:
    """The triage table's name for the raw value of a grouped input column."""
    return quote(f"_g_{column}")


@dataclass(frozen=True)
class Triage:
    """How the rules of one kind split for files of one set of column types.

    Attributes:
        grouped: The grouped input columns the files have.
        row_checks: The rules read per row (the ``_bad`` flag), in SQL over ``p``.
        group_checks: The rules read once per group (parsing and catalog joins).
        parsed: The parsed columns (name -> SQL over ``b``).
        row_names: The parsed columns the per-row rules need (with the ranged one).
        row_raws: The input columns whose raw value the per-row rules read.
        group_names: The parsed columns that read only grouped input columns.
        ranged: The ranged column and its span's end, or None.
        texts: The canonical text columns parsed per row: the triage pass also finds whether
            any row's value needs the parsing (else the metric reads it plainly).
        grouped_texts: The grouped canonical text columns (the same, found from the groups).
        side: The grouped input columns only the note reads: counted apart, not grouped by
            (:mod:`~showmeter.intake.in_place_side`); ``grouped`` leaves them out.
        side_names: The parsed columns that read only side columns.
        side_texts: The side canonical text columns.
    """

    grouped: tuple[str, ...]
    row_checks: tuple[Check, ...]
    group_checks: tuple[Check, ...]
    parsed: dict[str, str]
    row_names: tuple[str, ...]
    row_raws: tuple[str, ...]
    group_names: tuple[str, ...]
    ranged: tuple[str, str] | None
    texts: tuple[str, ...] = ()
    grouped_texts: tuple[str, ...] = ()
    side: tuple[str, ...] = ()
    side_names: tuple[str, ...] = ()
    side_texts: tuple[str, ...] = ()


def plan(kind: Kind, types: Types, assume_tz: str | None) -> Triage | None:
    """Split the rules of ``kind`` for files of ``types``; None when they do not split."""
    from showmeter.intake.sql import value_kind

    grouped = tuple(c for c in GROUPED.get(kind.name, ()) if c in types)
    if not grouped or any(value_kind(t) == "binary" for t in types.values()):
        return None
    parsed = kind.parsed(types, assume_tz)
    group_names = tuple(n for n, e in parsed.items() if _names(_INPUT, e) <= set(grouped))
    aliases = set(_ALIAS.findall(kind.joins))
    joined = re.compile(r"\b(?:" + "|".join(map(re.escape, aliases)) + r")\.") if aliases else None

    def is_grouped(name: str) -> bool:
        if name.startswith("_raw_"):
            return name[5:] in grouped
        return name in group_names

    ranged = RANGED.get(kind.name)
    outside = {n for n in _names(_PARSED, kind.joins) if not is_grouped(n)}
    if outside and (ranged is None or outside != {ranged[0]}):
        return None
    if not all(is_grouped(n) for n in _names(_PARSED, kind.note)):
        return None
    row_checks, group_checks = [], []
    for check in kind.checks(types, assume_tz):
        names = _names(_PARSED, check.fails)
        if all(is_grouped(n) for n in names):
            group_checks.append(check)
        elif joined is not None and joined.search(check.fails):
            return None  # a catalog rule that reads a per-row column
        else:
            row_checks.append(check)
    needed = {n for c in row_checks for n in _names(_PARSED, c.fails)}
    row_names = sorted(n for n in needed if not n.startswith("_raw_"))
    if ranged is not None and outside:
        row_names = sorted({*row_names, ranged[0]})
    inputs = {n: _names(_INPUT, parsed[n]) for n in group_names}
    read = {n for c in group_checks for n in _names(_PARSED, c.fails)}
    side = side_columns(grouped, inputs, read | _names(_PARSED, kind.joins), names_in(kind.note))
    side_names = tuple(n for n in group_names if inputs[n] <= set(side)) if side else ()
    grouped = tuple(c for c in grouped if c not in side)
    return Triage(
        grouped=grouped,
        row_checks=tuple(row_checks),
        group_checks=tuple(group_checks),
        parsed=parsed,
        row_names=tuple(row_names),
        row_raws=tuple(sorted(n[5:] for n in needed if n.startswith("_raw_"))),
        group_names=tuple(n for n in group_names if not inputs[n] or not inputs[n] <= set(side)),
        ranged=ranged if outside else None,
        texts=tuple(n for n in row_names if n in kind.columns and _text(types, n)),
        grouped_texts=tuple(c for c in grouped if c in kind.columns and _text(types, c)),
        side=side,
        side_names=side_names,
        side_texts=tuple(c for c in side if c in kind.columns and _text(types, c)),
    )


def _text(types: Types, column: str) -> bool:
    from showmeter.intake.sql import value_kind

    return column in types and value_kind(types[column]) == "text"


def unnumbered(source: ParquetSource) -> str:
    """The file's subquery without row numbers (``_line`` NULL): cheaper to read.

    The triage, the keys and a metric that leaves no row out by its line need no line; a
    source of another shape is read as it is.
    """
    numbered = "file_row_number + 1 AS _line FROM read_parquet("
    flag = ", file_row_number = true))"
    if source.sql.count(numbered) != 1 or not source.sql.endswith(flag):
        return source.sql
    plain = source.sql.replace(numbered, "CAST(NULL AS BIGINT) AS _line FROM read_parquet(")
    return plain[: -len(flag)] + "))"


def any_broken(checks: Sequence[Check]) -> str:
    """SQL true when any of the rules is broken (a rule whose SQL is NULL holds, as in CASE)."""
    return " OR ".join(f"COALESCE(({c.fails}), FALSE)" for c in checks) or "FALSE"


def _read(triage: Triage, checks: Sequence[Check]) -> tuple[list[str], list[str], list[str]]:
    """The parsed columns, raw columns and text columns a file's pass reads for ``checks``."""
    needed = {n for c in checks for n in _names(_PARSED, c.fails)}
    names = {n for n in needed if not n.startswith("_raw_")}
    if triage.ranged:
        names.add(triage.ranged[0])
    raws = sorted(n[5:] for n in needed if n.startswith("_raw_"))
    return sorted(names), raws, [c for c in triage.texts if c in names]


def _pass_sql(triage: Triage, source: ParquetSource, index: int, checks: Sequence[Check]) -> str:
    """The triage pass over one file: its groups, with their row count and range.

    ``checks``: the per-row rules the file's statistics do not prove
    (:mod:`~showmeter.intake.in_place_stats`); a column only proven rules read is not read,
    and a text column not read counts as one that may need parsing.
    """
    names, raws, texts = _read(triage, checks)
    inner = [f"b.{quote(c)} AS {_g(c)}" for c in triage.grouped]
    inner += [f"b.{quote(c)} AS {quote('_raw_' + c)}" for c in raws]
    inner += [f"{triage.parsed[n]} AS {quote(n)}" for n in names]
    inner += [f"b.{quote(c)} AS {quote('_txt_' + c)}" for c in texts]
    changes = ""
    for c in triage.texts:  # per text column: whether parsing changes a value of the group
        found = changed(f"p.{quote('_txt_' + c)}", f"p.{quote(c)}") if c in texts else "TRUE"
        changes += f", {found} AS {quote('_changes_' + c)}"
    if triage.ranged:
        ranged = quote(triage.ranged[0])
        span = f"min(p.{ranged}) AS _from, max(p.{ranged}) AS _until"
    else:
        span = "NULL AS _from, NULL AS _until"
    groups = ", ".join(_g(c) for c in triage.grouped)
    return (
        f"SELECT {index} AS _file, {groups}, {any_broken(checks)} AS _bad, "
        f"count(*) AS _rows, {span}{changes} "
        f"FROM (SELECT {', '.join(inner)} FROM {unnumbered(source)} b) p GROUP BY ALL"
    )


def _verdict_sql(kind: Kind, triage: Triage, table: str) -> str:
    """Every group of ``table`` ruled once: ``_ok``, ``_dirty`` (of its raw values) and note."""
    renamed = ", ".join(f"t.{_g(c)} AS {quote(c)}" for c in triage.grouped)
    raws = "".join(f", b.{quote(c)} AS {quote('_raw_' + c)}" for c in triage.grouped)
    names = "".join(f", {triage.parsed[n]} AS {quote(n)}" for n in triage.group_names)
    if triage.ranged:
        column, end = triage.ranged
        names += f", b._from AS {quote(column)}"
        inside = f"({end} IS NULL OR p._until < {end})"
    else:
        inside = "TRUE"
    keys = ", ".join(f"p.{_g(c)}" for c in triage.grouped)
    plain = ", ".join(_g(c) for c in triage.grouped)
    return f"""
        WITH parsed AS (
          SELECT b._file, {", ".join(f"b.{_g(c)}" for c in triage.grouped)}, b._bad, b._rows,
            b._until{raws}{names}
          FROM (SELECT t.*, {renamed} FROM {table} t) b
        ), ruled AS (
          SELECT p._file, {keys}, p._rows,
            COALESCE(NOT p._bad AND NOT ({any_broken(triage.group_checks)}) AND {inside}, FALSE)
              AS _ok,
            {"CAST(NULL AS VARCHAR)" if triage.side else kind.note} AS _note
          FROM parsed p {kind.joins}
        )
        SELECT *, bool_or(NOT _ok) OVER (PARTITION BY _file, {plain}) AS _dirty
        FROM ruled"""


def triage(
    connection: duckdb.DuckDBPyConnection,
    kind: Kind,
    sources: Sequence[ParquetSource],
    plans: Sequence[Triage],
    checks: Sequence[Sequence[Check]],
    assume_tz: str | None,
) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    """Run the triage: every group ruled, and the rows of the groups not proven clean staged.

    Writes ``verdict_<kind>`` (every group: ``_file``, ``_rows``, ``_ok``, ``_dirty`` (some
    group of the same file and raw values is not ok)), ``staged_<kind>`` (the rows of the
    dirty groups, staged by :func:`~showmeter.intake.staging_sql.staged_sql`) and
    ``noted_<kind>`` (``_file``, ``_note``, ``n``: the notes of the rows of the clean groups).

    Args:
        connection: The in-memory store's connection (catalog lookups built).
        kind: The kind of input.
        sources: Its Parquet files, by their index in the load.
        plans: Each file's :class:`Triage`.
        checks: Per file, the per-row rules its pass evaluates: those of its plan not proven
            otherwise (by :func:`~showmeter.intake.in_place_stats.unproven`, then
            :func:`~showmeter.intake.in_place_keys.repeated_keys`).
        assume_tz: The zone for naive timestamps, or None to reject them.

    Returns:
        Per file, its canonical text columns whose every value is its parsed value, and its
        text columns not read, whose plainness is not known: the metric reads them
        :func:`~showmeter.intake.in_place_texts.guarded`.
    """
    name = kind.name
    buckets: dict[str, list[int]] = {}  # the files of one set of column types share a query
    for index, source in enumerate(sources):
        buckets.setdefault(repr(sorted(source.types.items())), []).append(index)
    ruled: list[str] = []
    noted: list[str] = []
    tables: dict[int, str] = {}
    plain: dict[int, set[str]] = {}
    guarded: dict[int, set[str]] = {}
    for number, indexes in enumerate(buckets.values()):
        triaged = plans[indexes[0]]
        table = f"triage_{name}_{number}"
        passes = []
        for i in indexes:
            # a text column the pass does not read (its rules proven) is not scanned for its
            # plainness: the metric reads it guarded (in_place_texts.guarded)
            read = _read(triaged, checks[i])[2]
            unread = [c for c in triaged.texts if c not in read]
            guarded[i] = set(in_place_texts.parsed_as_text(triaged.parsed, sources[i], unread))
            passes.append(_pass_sql(triaged, sources[i], i, checks[i]))
        union = " UNION ALL ".join(passes)
        connection.execute(f"CREATE OR REPLACE TABLE {table} AS {union}").fetchall()
        connection.execute(
            f"CREATE OR REPLACE TABLE verdict_{table} AS {_verdict_sql(kind, triaged, table)}"
        ).fetchall()
        ruled.append(f"SELECT _file, _rows, _ok, _dirty, _note FROM verdict_{table}")
        for index in indexes:
            tables[index] = f"verdict_{table}"
        renamed = f"(SELECT t.*, {', '.join(f't.{_g(c)} AS {quote(c)}' for c in triaged.grouped)} "
        groups = f"{renamed}FROM {table} t)"
        texts = (triaged.texts, triaged.grouped_texts)
        plain.update(in_place_texts.grouped_plain(connection, *texts, triaged.parsed, groups))
        if triaged.side:  # counted apart; the notes of the dirty groups' rows taken off below
            files = {i: unnumbered(sources[i]) for i in indexes}
            noted.append(count_side(connection, triaged, kind.note, files, f"side_{table}", plain))
        else:
            noted.append(
                f"SELECT _file, _note, _rows AS n FROM verdict_{table} "
                "WHERE NOT _dirty AND _note IS NOT NULL"
            )
    connection.execute(
        f"CREATE OR REPLACE TABLE verdict_{name} AS {' UNION ALL '.join(ruled)}"
    ).fetchall()
    found = connection.execute(f"SELECT DISTINCT _file FROM verdict_{name} WHERE _dirty")
    selects = []
    for (index,) in sorted(found.fetchall()):
        triaged, source = plans[index], sources[index]
        same = " AND ".join(f"b.{quote(c)} IS NOT DISTINCT FROM d.{_g(c)}" for c in triaged.grouped)
        rows = (
            f"(SELECT b.* FROM {source.sql} b SEMI JOIN (SELECT * FROM {tables[index]} "
            f"WHERE _dirty AND _file = {index}) d ON {same})"
        )
        selects.append(f"({staged_sql(kind, source.types, assume_tz, index, source=rows)})")
    if not selects:  # the staged rows' columns, no row
        empty = staged_sql(kind, sources[0].types, assume_tz, 0, source=sources[0].sql)
        selects.append(f"(SELECT * FROM ({empty}) WHERE FALSE)")
    connection.execute(
        f"CREATE OR REPLACE TABLE staged_{name} AS {' UNION ALL '.join(selects)}"
    ).fetchall()
    if sided := [i for i in tables if plans[i].side]:  # each staged row is of a dirty group
        noted.append(
            f"SELECT _file, _note, -1 FROM staged_{name} WHERE _note IS NOT NULL "
            f"AND _file IN ({', '.join(map(str, sided))})"
        )
    connection.execute(
        f"CREATE OR REPLACE TABLE noted_{name} AS {' UNION ALL '.join(noted)}"
    ).fetchall()
    return plain, guarded
