"""A kind of input, its rules, and the one SQL query per batch that applies them.

For each kind (see :mod:`showmeter.intake.rules`), :func:`staged_sql` turns a batch of raw rows
(registered in DuckDB as ``batch``) into canonical rows plus, for a row that breaks a rule, the
first rule it breaks: ``_reason``, ``_column``, ``_value`` and the raw row as JSON
(``_record``). Rules are checked in the order listed, so each rejected row has exactly one
reason. Every row also gets ``row_id`` (its identity: the event id, or a key, or a hash of its
canonical values) and ``_content`` (a hash of its canonical values) so that a reload is
recognised and a conflicting row is not silently dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from showmeter.intake import sql

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "Check",
    "Kind",
    "Types",
    "content_hash",
    "identity_hash",
    "raw_alias",
    "staged_sql",
    "typed",
]

Types = Mapping[str, "pa.DataType | None"]
"""The Arrow type of every input column of a batch (None when unknown)."""


@dataclass(frozen=True)
class Check:
    """A rule: when ``fails`` is true, the row is quarantined with ``reason``.

    Attributes:
        reason: A key of :data:`showmeter.intake.reasons.REASONS`.
        column: The input column the rule is about.
        fails: SQL over the parsed row, true when the rule is broken.
    """

    reason: str
    column: str
    fails: str


@dataclass(frozen=True)
class Kind:
    """One kind of input.

    Attributes:
        name: ``viewing``, ``panels``, ``reviews`` or ``signals`` (the store table).
        required: Input columns a file must have.
        optional: Input columns it may have.
        columns: The canonical columns of the table, ``row_id`` first.
        content: The canonical columns hashed into ``_content``.
        identity: SQL for ``row_id`` over the parsed row; NULL means the row's identity is
            all its ``content`` values.
        parsed: Builds the parsed columns (name -> SQL) from the batch's types and options.
        checks: Builds the rules, in order.
        joins: SQL joining the catalog tables to the parsed row ``p``.
        note: SQL for a value worth counting in the notes (e.g. a remapped device), or NULL.
        any_of: Input columns of which a file must have at least one.
        setup: Statements run once, after the catalog tables are written and before the
            first batch, that build the lookup tables ``joins`` reads.
        candidates: Canonical columns (part of ``content``) whose hash finds, when files are
            read in place, the rows without a ``row_id`` that may repeat one another: rows of
            equal content share it, so only rows that share it are compared value by value.
            Empty: all of ``content``.
    """

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    columns: tuple[str, ...]
    content: tuple[str, ...]
    identity: str
    parsed: Callable[[Mapping[str, pa.DataType | None], str | None], dict[str, str]]
    checks: Callable[[Mapping[str, pa.DataType | None], str | None], list[Check]]
    joins: str = ""
    note: str = "CAST(NULL AS VARCHAR)"
    any_of: tuple[str, ...] = ()
    setup: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()

    @property
    def known_columns(self) -> tuple[str, ...]:
        """Every input column this kind reads."""
        return self.required + self.any_of + self.optional


def content_hash(columns: tuple[str, ...], table: str = "") -> str:
    """SQL for a 64-bit hash of canonical columns, to compare rows of the same identity.

    It is only ever compared between rows that share a ``row_id``, so 64 bits are plenty.
    """
    prefix = f"{table}." if table else ""
    return "hash(" + ", ".join(f"{prefix}{sql.quote(c)}" for c in columns) + ")"


def identity_hash(columns: tuple[str, ...], table: str = "") -> str:
    """SQL for an md5 hash of canonical columns: the identity of a row without an id.

    128 bits, so that distinct rows do not collide even among billions. NULL and text are told
    apart.
    """
    prefix = f"{table}." if table else ""
    parts = ", ".join(
        f"COALESCE(CAST({prefix}{sql.quote(c)} AS VARCHAR), '\u2400')" for c in columns
    )
    return f"md5(concat_ws(chr(31), {parts}))"


def raw_alias(column: str) -> str:
    """The name under which the parsed row keeps the raw input value of ``column``."""
    return sql.quote(f"_raw_{column}")


def typed(column: str, arrow_type: pa.DataType | None) -> str:
    """A raw value as ``_record`` and ``_value`` show it: a microsecond timestamp's type named.

    On DuckDB the cast changes nothing (the column has that type). It tells
    :func:`~showmeter.intake.dialects.spark_sql` which timestamps to write as DuckDB's text,
    with ``+00`` for an instant: Spark would write ``2017-08-18T09:00:00.000Z``. Other units
    (DuckDB's ``TIMESTAMP_MS``, ``_NS``, …) are left as they are; Spark reads every timestamp
    in microseconds.
    """
    import pyarrow as pa

    if arrow_type is not None and pa.types.is_timestamp(arrow_type) and arrow_type.unit == "us":
        return f"CAST({column} AS {'TIMESTAMPTZ' if arrow_type.tz else 'TIMESTAMP'})"
    return column


def staged_sql(
    kind: Kind,
    types: Types,
    assume_tz: str | None,
    file_index: int | str,
    source: str = "batch",
) -> str:
    """The query that turns raw rows into staged rows of ``kind``.

    Args:
        kind: The kind of input.
        types: The Arrow type of every column of the input but ``_line`` (absent ones omitted).
        assume_tz: The zone for naive timestamps, or None to reject them.
        file_index: The position of the file in this load (orders duplicates); or, for a
            source holding several files, the SQL of its column that gives it (``b._file``).
        source: The relation holding the raw rows and their ``_line``: the registered
            ``batch``, or a subquery over the file itself (e.g. ``read_parquet``).

    Returns:
        A SELECT with the canonical columns, ``_file``, ``_line``, ``_content``, ``_reason``,
        ``_column``, ``_value``, ``_record`` and ``_note``.
    """
    parsed = kind.parsed(types, assume_tz)
    inputs = [name for name in types if not name.startswith("_")]
    # A bytes column (Parquet) must hold UTF-8 text: checked first, like the CSV reader does.
    encoding_checks = [
        Check("invalid_utf8", name, test)
        for name in inputs
        if name in kind.known_columns
        and (test := sql.not_utf8(f"p.{raw_alias(name)}", types[name])) is not None
    ]
    checks = encoding_checks + kind.checks(types, assume_tz)
    raws = "".join(f"b.{sql.quote(name)} AS {raw_alias(name)}, " for name in inputs)
    parsed_sql = ",\n    ".join(f"{expr} AS {sql.quote(name)}" for name, expr in parsed.items())
    check_case = " ".join(f"WHEN {c.fails} THEN {i}" for i, c in enumerate(checks))
    reason_case = " ".join(f"WHEN {i} THEN {sql.literal(c.reason)}" for i, c in enumerate(checks))
    column_case = " ".join(f"WHEN {i} THEN {sql.literal(c.column)}" for i, c in enumerate(checks))
    value_case = " ".join(
        f"WHEN {i} THEN CAST({typed(f'p.{raw_alias(c.column)}', types[c.column])} AS VARCHAR)"
        for i, c in enumerate(checks)
        if c.column in types
    )
    canonical = ", ".join(f"p.{sql.quote(c)}" for c in kind.columns if c != "row_id")
    # The raw row as JSON is built only for a rejected row: most rows never pay for it.
    record = ", ".join(
        f"{sql.quote(name)} := {typed(f'p.{raw_alias(name)}', types[name])}" for name in inputs
    )
    return f"""
WITH parsed AS (
  SELECT {file_index} AS _file, b._line AS _line, {raws}
    {parsed_sql}
  FROM {source} b
), checked AS (
  SELECT p.*, CASE {check_case} END AS _check
  FROM parsed p {kind.joins}
)
SELECT
  CASE WHEN p._check IS NULL THEN {kind.identity} END AS row_id,
  {canonical},
  p._file AS _file,
  p._line AS _line,
  CASE WHEN p._check IS NULL THEN {content_hash(kind.content, "p")} END AS _content,
  CASE p._check {reason_case} END AS _reason,
  CASE p._check {column_case} END AS _column,
  {f"CASE p._check {value_case} END" if value_case else "CAST(NULL AS VARCHAR)"} AS _value,
  CASE WHEN p._check IS NOT NULL THEN CAST(to_json(struct_pack({record})) AS VARCHAR) END
    AS _record,
  {kind.note} AS _note
FROM checked p
"""
