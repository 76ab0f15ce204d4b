"""SQL pieces that parse raw input columns into canonical values, one per input type.

Each function takes a column of a batch (``b."name"``) and the Arrow type it arrived with, and
returns a DuckDB expression for the canonical value, NULL where the raw value does not parse.
The rule that rejects the row is applied separately (see :mod:`showmeter.intake.rules`), so
a value that is absent and a value that is wrong can be told apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.quoting import literal, quote

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "INTEGER_PATTERN",
    "NUMBER_PATTERN",
    "OFFSET_PATTERN",
    "PLAIN_YEAR_PATTERN",
    "VALID_OFFSET_PATTERN",
    "as_bool",
    "as_date",
    "as_instant",
    "as_integer",
    "as_number",
    "as_text",
    "has_offset",
    "is_missing",
    "is_naive",
    "literal",
    "needs_trim",
    "not_utf8",
    "quote",
    "value_kind",
]

OFFSET_PATTERN = r"\d:\d{1,2}(:\d{1,2}(\.\d*)?)?\s*([Zz]|[+-]\d{2}(:?\d{2})?|\s?UTC)$"
"""A time of day followed by ``Z``, ``UTC`` or an offset: the text names an instant.

Minutes and seconds of one digit are a time too (``24:0:0Z``, ``08:0:0Z``), as both engines
read them: such a text was taken for a local time before (quarantined as ``naive_timestamp``,
or read in ``--assume-tz``'s zone, its ``Z`` passed over).
"""

PLAIN_YEAR_PATTERN = r"^\s*[0-9]{4}-[^A-Za-z]*([Tt][^A-Za-z]*)?([Zz]|UTC)?\s*$"
"""A text timestamp starts with a year of four digits, and its only letters are ``T`` between
date and time and ``Z`` or ``UTC`` for the zone: no sign or era (``-2017-…``, ``… BC``,
``… AD``) and no year of two digits (``17-08-18``).

The engines read those differently (DuckDB reads ``17-08-18`` as the year 17, passes over a
trailing ``BC`` in a local time and reads ``-2017`` as 2018 BC; Spark reads no year of fewer than
four digits): such a text is read by neither, ``bad_timestamp``.
"""

VALID_OFFSET_PATTERN = r"([Zz]|\s?UTC|[+-](0\d|1[0-3])(:?[0-5]\d)?|[+-]14(:?00)?)$"
"""The offsets that exist: ``Z``, ``UTC``, or -14:00 to +14:00 (e.g. ``+05:30``, ``-0800``).

A text with an offset beyond them (``+25:00``) names no instant: ``bad_timestamp``.
"""

INTEGER_PATTERN = "[+-]?[0-9]+"
"""A plain integer in text: digits with an optional sign (outer spaces are trimmed first).

``1.5``, ``2.0``, ``1e3``, ``0x1`` and ``1_000`` are not: ``not_an_integer``.
"""

NUMBER_PATTERN = (
    r"[\t\n\x0B\f\r ]*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?[\t\n\x0B\f\r ]*"
)
"""A number in text: decimal digits with an optional sign, point and exponent (``1e8``,
``+.5``, ``5.``, ``1E+08``), outer ASCII white space allowed.

Checked on both engines before the cast, so they read the same texts: Spark's cast (Java's
``parseDouble``) alone would also take ``1e8d``, ``2.5f`` and hex (``0x1p26``), DuckDB's
alone ``1_000``; all of them are ``not_a_number``, as are ``inf`` and ``nan``.
"""

_TRUE = "('true', 't', 'yes', 'y', '1')"
_FALSE = "('false', 'f', 'no', 'n', '0')"


def value_kind(arrow_type: pa.DataType | None) -> str:
    """The shape of an input column's values by its Arrow type.

    Returns:
        ``absent``, ``text``, ``binary``, ``integer``, ``float``, ``bool``, ``instant`` (a
        zoned timestamp), ``naive``, ``date`` or ``other``.
    """
    return _kind(arrow_type)


def _kind(arrow_type: pa.DataType | None) -> str:
    import pyarrow as pa

    if arrow_type is None:
        return "absent"
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return "text"
    if pa.types.is_binary(arrow_type) or pa.types.is_large_binary(arrow_type):
        return "binary"
    if pa.types.is_dictionary(arrow_type):
        return _kind(arrow_type.value_type)
    if pa.types.is_integer(arrow_type):
        return "integer"
    if pa.types.is_floating(arrow_type) or pa.types.is_decimal(arrow_type):
        return "float"
    if pa.types.is_boolean(arrow_type):
        return "bool"
    if pa.types.is_timestamp(arrow_type):
        return "instant" if arrow_type.tz else "naive"
    if pa.types.is_date(arrow_type):
        return "date"
    return "other"


def as_text(column: str, arrow_type: pa.DataType | None) -> str:
    """The value as trimmed text, NULL when absent or empty.

    Only the ASCII space (U+0020) is trimmed, as Spark's ``TRIM`` trims (DuckDB's plain
    ``trim`` also removes Unicode spaces such as U+00A0 and U+3000, which made the two engines
    quarantine different rows); other blanks (tabs, no-break spaces) are kept on both.
    """
    kind = _kind(arrow_type)
    if kind == "absent":
        return "CAST(NULL AS VARCHAR)"
    if kind == "text":
        # TRIM copies every string; only a value that starts or ends with a space needs it.
        trimmed = f"NULLIF(TRIM({column}, ' '), '')"
        return f"(CASE WHEN {needs_trim(column)} THEN {trimmed} ELSE NULLIF({column}, '') END)"
    if kind == "binary":  # bytes (Parquet BYTE_ARRAY without a string type): UTF-8 or nothing
        return f"NULLIF(TRIM(TRY(decode({column})), ' '), '')"
    return f"CAST({column} AS VARCHAR)"


def needs_trim(column: str) -> str:
    """SQL true when a text value starts or ends with a space (what :func:`as_text` trims)."""
    return f"starts_with({column}, ' ') OR ends_with({column}, ' ')"


def not_utf8(column: str, arrow_type: pa.DataType | None) -> str | None:
    """SQL true when a bytes column holds a value that is not UTF-8; None for other types."""
    if _kind(arrow_type) != "binary":
        return None
    return f"({column} IS NOT NULL AND TRY(decode({column})) IS NULL)"


def is_missing(column: str, arrow_type: pa.DataType | None) -> str:
    """True when the value is absent: NULL, or empty text (no cast for typed columns)."""
    kind = _kind(arrow_type)
    if kind == "absent":
        return "TRUE"
    if kind in ("text", "binary"):
        return f"({as_text(column, arrow_type)} IS NULL)"
    return f"({column} IS NULL)"


def as_integer(column: str, arrow_type: pa.DataType | None) -> str:
    """The value as an INTEGER, NULL when absent or not an integer.

    Text must be a plain integer (:data:`INTEGER_PATTERN`); a typed (Parquet) float counts
    when it is whole. A value beyond the INTEGER range is none either.
    """
    kind = _kind(arrow_type)
    if kind == "absent":
        return "CAST(NULL AS INTEGER)"
    if kind == "integer":
        return f"TRY_CAST({column} AS INTEGER)"
    if kind == "float":  # a typed number: a whole one (2.0) is the integer 2, 1.5 is none
        return f"CASE WHEN {column} = TRUNC({column}) THEN TRY_CAST({column} AS INTEGER) END"
    text = as_text(column, arrow_type)
    # DuckDB's cast alone would round "1.5" to 2: only a plain integer in text is one.
    plain = f"regexp_full_match({text}, {literal(INTEGER_PATTERN)})"
    return f"CASE WHEN {plain} THEN TRY_CAST({text} AS INTEGER) END"


def as_number(column: str, arrow_type: pa.DataType | None) -> str:
    """The value as a finite DOUBLE, NULL when absent, not a number, NaN or infinite.

    Text must be a plain decimal number (:data:`NUMBER_PATTERN`), the same on both engines.
    """
    kind = _kind(arrow_type)
    if kind == "absent":
        return "CAST(NULL AS DOUBLE)"
    if kind in ("integer", "float"):
        raw = f"CAST({column} AS DOUBLE)"
        return f"(CASE WHEN isfinite({raw}) THEN {raw} END)"
    text = as_text(column, arrow_type)
    raw = f"TRY_CAST({text} AS DOUBLE)"
    plain = f"regexp_full_match({text}, {literal(NUMBER_PATTERN)})"
    return f"(CASE WHEN {plain} AND isfinite({raw}) THEN {raw} END)"


def as_bool(column: str, arrow_type: pa.DataType | None) -> str:
    """The value as a BOOLEAN: true/false, yes/no, t/f, y/n, 1/0 (any case)."""
    kind = _kind(arrow_type)
    if kind == "absent":
        return "CAST(NULL AS BOOLEAN)"
    if kind == "bool":
        return column
    if kind in ("integer", "float"):
        return f"CASE WHEN {column} = 1 THEN TRUE WHEN {column} = 0 THEN FALSE END"
    text = f"lower({as_text(column, arrow_type)})"
    return f"CASE WHEN {text} IN {_TRUE} THEN TRUE WHEN {text} IN {_FALSE} THEN FALSE END"


def as_date(column: str, arrow_type: pa.DataType | None) -> str:
    """The value as a DATE (ISO ``YYYY-MM-DD``), NULL when absent or not a date."""
    kind = _kind(arrow_type)
    if kind == "absent":
        return "CAST(NULL AS DATE)"
    if kind == "date":
        return f"CAST({column} AS DATE)"
    if kind in ("instant", "naive"):
        return f"CAST({column} AS DATE)"
    return f"TRY_CAST({as_text(column, arrow_type)} AS DATE)"


def has_offset(column: str, arrow_type: pa.DataType | None) -> str:
    """True when the raw value names an instant (an offset, ``Z``, or a zoned type)."""
    kind = _kind(arrow_type)
    if kind == "instant":
        return "TRUE"
    if kind in ("text", "binary"):
        return f"regexp_matches({as_text(column, arrow_type)}, {literal(OFFSET_PATTERN)})"
    return "FALSE"


def is_naive(column: str, arrow_type: pa.DataType | None) -> str:
    """True when the raw value is a valid timestamp without an offset (a local time)."""
    kind = _kind(arrow_type)
    if kind in ("naive", "date"):
        return "TRUE"
    if kind in ("text", "binary"):
        text = as_text(column, arrow_type)
        return (
            f"({plain_year(text)} AND NOT {has_offset(column, arrow_type)} "
            f"AND TRY_CAST({text} AS TIMESTAMP) IS NOT NULL)"
        )
    return "FALSE"


def as_instant(column: str, arrow_type: pa.DataType | None, assume_tz: str | None) -> str:
    """The value as a TIMESTAMPTZ instant.

    A value with an offset (or ``Z``) is exact. A naive value (no offset; a Parquet timestamp
    without a zone) is read as local time in ``assume_tz``; without ``assume_tz`` it is NULL,
    and the row is rejected as ``naive_timestamp``.
    """
    kind = _kind(arrow_type)
    if kind == "absent":
        return "CAST(NULL AS TIMESTAMPTZ)"
    if kind == "instant":
        return f"CAST({column} AS TIMESTAMPTZ)"
    zone = literal(assume_tz) if assume_tz else None
    if kind in ("naive", "date"):
        return f"timezone({zone}, CAST({column} AS TIMESTAMP))" if zone else "NULL"
    if kind not in ("text", "binary"):
        return "CAST(NULL AS TIMESTAMPTZ)"
    text = as_text(column, arrow_type)
    naive = f"timezone({zone}, TRY_CAST({text} AS TIMESTAMP))" if zone else "NULL"
    valid = f"regexp_matches({text}, {literal(VALID_OFFSET_PATTERN)})"
    return (
        f"(CASE WHEN NOT {plain_year(text)} THEN NULL WHEN {has_offset(column, arrow_type)} "
        f"THEN CASE WHEN {valid} THEN TRY_CAST({text} AS TIMESTAMPTZ) END ELSE {naive} END)"
    )


def plain_year(text: str) -> str:
    """True when the text timestamp ``text`` matches :data:`PLAIN_YEAR_PATTERN`."""
    return f"regexp_matches({text}, {literal(PLAIN_YEAR_PATTERN)})"
