"""The four kinds of input and their rules, as one SQL query per batch.

For each kind, :func:`staged_sql` turns a batch of raw rows (registered in DuckDB as
``batch``) into canonical rows plus, for a row that breaks a rule, the first rule it breaks:
``_reason``, ``_column``, ``_value`` and the raw row as JSON (``_record``). Rules are checked
in the order listed here, so each rejected row has exactly one reason. Every row also gets
``row_id`` (its identity: the event id, or a key, or a hash of its canonical values) and
``_content`` (a hash of its canonical values) so that a reload is recognised and a conflicting
row is not silently dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from showmeter.ingest import sql
from showmeter.ingest.schemas import UNIT_COLUMNS

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["DEVICES", "KINDS", "Check", "Kind", "content_hash", "identity_hash", "staged_sql"]

DEVICES = ("tv", "desktop", "mobile", "tablet", "console", "other")
"""The device families; any other value becomes ``other`` (and is counted in the notes)."""

MAX_SECONDS = 86_400


@dataclass(frozen=True)
class Check:
    """A rule: when ``fails`` is true, the row is quarantined with ``reason``.

    Attributes:
        reason: A key of :data:`showmeter.ingest.reasons.REASONS`.
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


def raw(column: str) -> str:
    """SQL for the raw input value of ``column`` in the batch alias ``b``."""
    return f"b.{sql.quote(column)}"


Types = Mapping[str, "pa.DataType | None"]


def raw_alias(column: str) -> str:
    """The name under which the parsed row keeps the raw input value of ``column``."""
    return sql.quote(f"_raw_{column}")


def _raw_in_check(column: str) -> str:
    return f"p.{raw_alias(column)}"


def _missing(types: Types, column: str) -> str:
    return sql.is_missing(_raw_in_check(column), types.get(column))


def _unparsed(types: Types, column: str, parsed: str) -> str:
    present = sql.is_missing(_raw_in_check(column), types.get(column))
    return f"(NOT {present} AND p.{parsed} IS NULL)"


def _catalog_checks(types: Types, *, season: bool, episode: bool) -> list[Check]:
    checks = [Check("unknown_title", "title", "t.title IS NULL")]
    if season:
        checks.append(Check("unknown_season", "season", "s.season IS NULL"))
    if episode:
        checks.append(Check("unknown_episode", "episode", "e.episode IS NULL"))
    return checks


def _integer_checks(types: Types, column: str) -> list[Check]:
    return [
        Check("missing_value", column, _missing(types, column)),
        Check("not_an_integer", column, f"p.{column} IS NULL"),
    ]


# --------------------------------------------------------------------------- viewing


def _viewing_parsed(types: Types, assume_tz: str | None) -> dict[str, str]:
    device = f"lower({sql.as_text(raw('device'), types.get('device'))})"
    market = f"upper({sql.as_text(raw('market'), types.get('market'))})"
    parsed = {c: sql.as_text(raw(c), types.get(c)) for c in ("event_id", *UNIT_COLUMNS, "title")}
    parsed |= {
        "season": sql.as_integer(raw("season"), types.get("season")),
        "episode": sql.as_integer(raw("episode"), types.get("episode")),
        "started_at": sql.as_instant(raw("started_at"), types.get("started_at"), assume_tz),
        "_offset": sql.has_offset(raw("started_at"), types.get("started_at")),
        "_naive": sql.is_naive(raw("started_at"), types.get("started_at")),
        "seconds_watched": sql.as_number(raw("seconds_watched"), types.get("seconds_watched")),
        "position_end_s": sql.as_number(raw("position_end_s"), types.get("position_end_s")),
        "_device_raw": device,
        # list_contains, not IN: DuckDB plans an IN list as a join with a table of constants.
        "device": f"CASE WHEN list_contains({list(DEVICES)}, {device}) THEN {device} "
        "ELSE 'other' END",
        "market": f"COALESCE({market}, 'ZZ')",
    }
    return parsed


def _viewing_checks(types: Types, assume_tz: str | None) -> list[Check]:
    naive = "FALSE" if assume_tz else "p._naive"
    units = " AND ".join(f"p.{c} IS NULL" for c in UNIT_COLUMNS)
    return [
        Check("missing_unit_id", "account_id", units),
        Check("missing_value", "title", "p.title IS NULL"),
        *_integer_checks(types, "season"),
        *_integer_checks(types, "episode"),
        Check("missing_value", "started_at", _missing(types, "started_at")),
        Check("naive_timestamp", "started_at", naive),
        Check("bad_timestamp", "started_at", "p.started_at IS NULL"),
        Check("missing_value", "seconds_watched", _missing(types, "seconds_watched")),
        Check("not_a_number", "seconds_watched", "p.seconds_watched IS NULL"),
        Check(
            "seconds_out_of_range",
            "seconds_watched",
            f"p.seconds_watched < 0 OR p.seconds_watched > {MAX_SECONDS}",
        ),
        Check(
            "not_a_number", "position_end_s", _unparsed(types, "position_end_s", "position_end_s")
        ),
        Check("negative_position", "position_end_s", "p.position_end_s < 0"),
        Check("unknown_market", "market", "m.market IS NULL"),
        *_catalog_checks(types, season=True, episode=True),
        Check("outside_availability", "started_at", "s.windowed AND av.title IS NULL"),
    ]


AVAILABILITY_SPANS = (
    # Per season: whether it has availability windows at all (else it is available anywhere).
    "CREATE OR REPLACE TABLE availability_seasons AS SELECT s.title, s.season, EXISTS ("
    "SELECT 1 FROM availability a WHERE a.title = s.title AND a.season = s.season) AS windowed "
    "FROM seasons s",
    # Per season and market: the windows merged into disjoint spans, so that one row joins at
    # most one span (a plain join on possibly overlapping windows would repeat rows).
    """CREATE OR REPLACE TABLE availability_spans AS
    WITH windows AS (
      SELECT title, season, market, available_from AS opens,
        COALESCE(available_until, 'infinity'::TIMESTAMPTZ) AS closes
      FROM availability
    ), reached AS (
      SELECT *, max(closes) OVER (PARTITION BY title, season, market ORDER BY opens, closes
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reached
      FROM windows
    ), spans AS (
      SELECT *, sum(CASE WHEN reached IS NULL OR opens > reached THEN 1 ELSE 0 END) OVER (
        PARTITION BY title, season, market ORDER BY opens, closes ROWS UNBOUNDED PRECEDING
      ) AS span
      FROM reached
    )
    SELECT title, season, market, min(opens) AS available_from, max(closes) AS available_until
    FROM spans GROUP BY title, season, market, span""",
)
"""Lookup tables for the ``outside_availability`` rule, built from the catalog's windows."""

_CATALOG_JOINS = (
    "LEFT JOIN titles t ON t.title = p.title "
    "LEFT JOIN seasons s ON s.title = p.title AND s.season = p.season "
)

_VIEWING_CONTENT = (
    *UNIT_COLUMNS,
    "title",
    "season",
    "episode",
    "started_at",
    "seconds_watched",
    "position_end_s",
    "device",
    "market",
)

VIEWING = Kind(
    name="viewing",
    required=("title", "season", "episode", "started_at", "seconds_watched"),
    any_of=UNIT_COLUMNS,
    optional=("event_id", "position_end_s", "device", "market"),
    columns=("row_id", *_VIEWING_CONTENT),
    content=_VIEWING_CONTENT,
    # A session without an event id is known by all its values: no per-row key is built or
    # stored for it (a 128-bit text key cost more than every rule together, at ingest and on
    # disk); duplicates are found by the 64-bit content hash and confirmed value by value.
    identity="p.event_id",
    parsed=_viewing_parsed,
    checks=_viewing_checks,
    joins="LEFT JOIN titles t ON t.title = p.title "
    "LEFT JOIN availability_seasons s ON s.title = p.title AND s.season = p.season "
    "LEFT JOIN episodes e ON e.title = p.title AND e.season = p.season AND e.episode = p.episode "
    "LEFT JOIN markets m ON m.market = p.market "
    "LEFT JOIN availability_spans av ON av.title = p.title AND av.season = p.season "
    "AND av.market = p.market AND p.started_at >= av.available_from "
    "AND p.started_at < av.available_until",
    setup=AVAILABILITY_SPANS,
    note="CASE WHEN p.device = 'other' AND p._device_raw IS NOT NULL "
    "AND p._device_raw <> 'other' THEN p._device_raw END",
)

# --------------------------------------------------------------------------- panels


def _panels_parsed(types: Types, assume_tz: str | None) -> dict[str, str]:
    ids = {c: sql.as_text(raw(c), types.get(c)) for c in UNIT_COLUMNS}
    count = " + ".join(f"CAST({expr} IS NOT NULL AS INTEGER)" for expr in ids.values())
    unit = " ".join(f"WHEN {expr} IS NOT NULL THEN '{c[:-3]}'" for c, expr in ids.items())
    return {
        "panel": f"COALESCE({sql.as_text(raw('panel'), types.get('panel'))}, 'default')",
        "_units": f"({count})",
        "unit": f"CASE {unit} END",
        "unit_id": "COALESCE(" + ", ".join(ids.values()) + ")",
        "weight": sql.as_number(raw("weight"), types.get("weight")),
        "age": sql.as_integer(raw("age"), types.get("age")),
        "sex": sql.as_text(raw("sex"), types.get("sex")),
        "region": sql.as_text(raw("region"), types.get("region")),
    }


def _panels_checks(types: Types, assume_tz: str | None) -> list[Check]:
    return [
        Check("missing_unit_id", "account_id", "p._units = 0"),
        Check("ambiguous_unit", "account_id", "p._units > 1"),
        Check("missing_value", "weight", _missing(types, "weight")),
        Check("not_a_number", "weight", "p.weight IS NULL"),
        Check("weight_not_positive", "weight", "p.weight <= 0"),
        Check("not_an_integer", "age", _unparsed(types, "age", "age")),
        Check("age_out_of_range", "age", "p.age < 0 OR p.age > 130"),
    ]


_PANEL_CONTENT = ("panel", "unit", "unit_id", "weight", "age", "sex", "region")

PANELS = Kind(
    name="panels",
    required=("weight",),
    any_of=UNIT_COLUMNS,
    optional=("panel", "age", "sex", "region"),
    columns=("row_id", *_PANEL_CONTENT),
    content=_PANEL_CONTENT,
    identity="p.panel || chr(31) || p.unit || chr(31) || p.unit_id",
    parsed=_panels_parsed,
    checks=_panels_checks,
)

# --------------------------------------------------------------------------- reviews


def _reviews_parsed(types: Types, assume_tz: str | None) -> dict[str, str]:
    return {
        "title": sql.as_text(raw("title"), types.get("title")),
        "season": sql.as_integer(raw("season"), types.get("season")),
        "outlet": sql.as_text(raw("outlet"), types.get("outlet")),
        "critic": sql.as_text(raw("critic"), types.get("critic")),
        "_top_critic": sql.as_bool(raw("top_critic"), types.get("top_critic")),
        "top_critic": f"COALESCE({sql.as_bool(raw('top_critic'), types.get('top_critic'))}, FALSE)",
        "published_at": sql.as_date(raw("published_at"), types.get("published_at")),
        "rating": sql.as_text(raw("rating"), types.get("rating")),
        "scale": sql.as_number(raw("scale"), types.get("scale")),
        "verdict": "b._verdict",
        "_weight": sql.as_number(raw("weight"), types.get("weight")),
        "weight": f"COALESCE({sql.as_number(raw('weight'), types.get('weight'))}, 1.0)",
        "score_100": "b._score_100",
        "score_10": "b._score_100 / 10",
        "_rating_reason": "b._rating_reason",
    }


def _reviews_checks(types: Types, assume_tz: str | None) -> list[Check]:
    return [
        Check("missing_value", "title", "p.title IS NULL"),
        *_integer_checks(types, "season"),
        Check("missing_value", "outlet", "p.outlet IS NULL"),
        Check("not_a_boolean", "top_critic", _unparsed(types, "top_critic", "_top_critic")),
        Check("bad_date", "published_at", _unparsed(types, "published_at", "published_at")),
        Check("not_a_number", "scale", _unparsed(types, "scale", "scale")),
        Check("not_a_number", "weight", _unparsed(types, "weight", "_weight")),
        Check("weight_not_positive", "weight", "p.weight <= 0"),
        Check("bad_verdict", "verdict", "p._rating_reason = 'bad_verdict'"),
        Check("no_rating_or_verdict", "rating", "p.rating IS NULL AND p.verdict IS NULL"),
        *(
            Check(reason, "rating", f"p._rating_reason = '{reason}'")
            for reason in ("ambiguous_scale", "unparseable_rating", "rating_out_of_range")
        ),
        *_catalog_checks(types, season=True, episode=False),
    ]


_REVIEW_CONTENT = (
    "title",
    "season",
    "outlet",
    "critic",
    "top_critic",
    "published_at",
    "rating",
    "scale",
    "verdict",
    "weight",
)

REVIEWS = Kind(
    name="reviews",
    required=("title", "season", "outlet"),
    optional=("critic", "top_critic", "published_at", "rating", "scale", "verdict", "weight"),
    columns=("row_id", *_REVIEW_CONTENT, "score_100", "score_10"),
    content=_REVIEW_CONTENT,
    identity=f"'#' || {identity_hash(_REVIEW_CONTENT, 'p')}",
    parsed=_reviews_parsed,
    checks=_reviews_checks,
    joins=_CATALOG_JOINS,
)

# --------------------------------------------------------------------------- signals


def _signals_parsed(types: Types, assume_tz: str | None) -> dict[str, str]:
    return {
        "date": sql.as_date(raw("date"), types.get("date")),
        "market": f"upper({sql.as_text(raw('market'), types.get('market'))})",
        "title": sql.as_text(raw("title"), types.get("title")),
        "signal": f"lower({sql.as_text(raw('signal'), types.get('signal'))})",
        "value": sql.as_number(raw("value"), types.get("value")),
    }


def _signals_checks(types: Types, assume_tz: str | None) -> list[Check]:
    return [
        Check("missing_value", "date", _missing(types, "date")),
        Check("bad_date", "date", "p.date IS NULL"),
        Check("missing_value", "market", "p.market IS NULL"),
        Check("unknown_market", "market", "m.market IS NULL"),
        Check("missing_value", "title", "p.title IS NULL"),
        Check("missing_value", "signal", "p.signal IS NULL"),
        Check("missing_value", "value", _missing(types, "value")),
        Check("not_a_number", "value", "p.value IS NULL"),
        Check("negative_value", "value", "p.value < 0"),
        Check("unknown_title", "title", "t.title IS NULL"),
    ]


SIGNALS = Kind(
    name="signals",
    required=("date", "market", "title", "signal", "value"),
    optional=(),
    columns=("row_id", "date", "market", "title", "signal", "value"),
    content=("date", "market", "title", "signal", "value"),
    identity="CAST(p.date AS VARCHAR) || chr(31) || p.market || chr(31) || p.title "
    "|| chr(31) || p.signal",
    parsed=_signals_parsed,
    checks=_signals_checks,
    joins="LEFT JOIN titles t ON t.title = p.title LEFT JOIN markets m ON m.market = p.market",
)

KINDS: dict[str, Kind] = {kind.name: kind for kind in (VIEWING, PANELS, REVIEWS, SIGNALS)}


def staged_sql(
    kind: Kind, types: Types, assume_tz: str | None, file_index: int, source: str = "batch"
) -> str:
    """The query that turns raw rows into staged rows of ``kind``.

    Args:
        kind: The kind of input.
        types: The Arrow type of every column of the input but ``_line`` (absent ones omitted).
        assume_tz: The zone for naive timestamps, or None to reject them.
        file_index: The position of the file in this load (orders duplicates).
        source: The relation holding the raw rows and their ``_line``: the registered
            ``batch``, or a subquery over the file itself (e.g. ``read_parquet``).

    Returns:
        A SELECT with the canonical columns, ``_file``, ``_line``, ``_content``, ``_reason``,
        ``_column``, ``_value``, ``_record`` and ``_note``.
    """
    parsed = kind.parsed(types, assume_tz)
    checks = kind.checks(types, assume_tz)
    inputs = [name for name in types if not name.startswith("_")]
    raws = "".join(f"b.{sql.quote(name)} AS {raw_alias(name)}, " for name in inputs)
    parsed_sql = ",\n    ".join(f"{expr} AS {sql.quote(name)}" for name, expr in parsed.items())
    check_case = " ".join(f"WHEN {c.fails} THEN {i}" for i, c in enumerate(checks))
    reason_case = " ".join(f"WHEN {i} THEN {sql.literal(c.reason)}" for i, c in enumerate(checks))
    column_case = " ".join(f"WHEN {i} THEN {sql.literal(c.column)}" for i, c in enumerate(checks))
    value_case = " ".join(
        f"WHEN {i} THEN CAST(p.{raw_alias(c.column)} AS VARCHAR)"
        for i, c in enumerate(checks)
        if c.column in types
    )
    canonical = ", ".join(f"p.{sql.quote(c)}" for c in kind.columns if c != "row_id")
    # The raw row as JSON is built only for a rejected row: most rows never pay for it.
    record = ", ".join(f"{sql.quote(name)} := p.{raw_alias(name)}" for name in inputs)
    return f"""
WITH parsed AS (
  SELECT b._line AS _line, {raws}
    {parsed_sql}
  FROM {source} b
), checked AS (
  SELECT p.*, CASE {check_case} END AS _check
  FROM parsed p {kind.joins}
)
SELECT
  CASE WHEN p._check IS NULL THEN {kind.identity} END AS row_id,
  {canonical},
  {file_index} AS _file,
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
