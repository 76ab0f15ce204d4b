"""The four kinds of input and their rules: what each reads, checks and stores.

Each :class:`~showmeter.intake.staging_sql.Kind` names its input columns, how they are parsed
(SQL over the batch ``b``), the rules a parsed row must keep (SQL over the parsed row ``p``,
in order: a rejected row has one reason, the first rule it breaks), the catalog joins the rules
read, and how a row's identity is formed. :func:`~showmeter.intake.staging_sql.staged_sql`
turns them into one query per batch.
"""

from __future__ import annotations

from showmeter.intake import sql
from showmeter.intake.staging_sql import Check, Kind, Types, identity_hash, raw_alias
from showmeter.schema import DEVICES, FACT_TABLES, OTHER_DEVICE, UNIT_COLUMNS, UNITS

__all__ = [
    "KINDS",
    "MAX_SECONDS",
    "MAX_SIGNAL_VALUE",
    "MAX_WEIGHT",
    "PANELS",
    "REVIEWS",
    "SIGNALS",
    "VIEWING",
]

MAX_SECONDS = 86_400
"""The longest session, in seconds: one day."""

MAX_WEIGHT = 100_000_000
"""The largest weight of a panel unit or a review: 10⁸, a hundred million.

A panel unit stands for at most the people of a large country (a real panel's weights are in
the thousands), and a review's weight is an outlet's importance (1 to 10). The bound keeps the
exact sums' 64-bit parts (:func:`~showmeter.definitions.exact_sums.exact_sum`) in range on
every engine: a weight × seconds of one session is at most 10⁸ × 86400 ≈ 8.6 × 10¹², a weight ×
an episode's microseconds (average minute audience; a catalog's runtime is at most a day) at
most 8.64 × 10¹⁸ < 2⁶³; the sums split each value's whole part in two parts below 2³², so no
64-bit sum overflows below 2³¹ rows (docs/ingest.md).
"""

MAX_SIGNAL_VALUE = 10**12
"""The largest value of a demand signal: 10¹², a trillion page views or searches.

A signal counts a day's page views or searches of a title in a market, far below it; a larger
value (``1e308``) loaded and its demand came out NULL, the weighted sum being infinite.
"""

_OTHER = sql.literal(OTHER_DEVICE)


def raw(column: str) -> str:
    """SQL for the raw input value of ``column`` in the batch alias ``b``."""
    return f"b.{sql.quote(column)}"


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
        f"ELSE {_OTHER} END",
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
    SELECT title, season, market, min(opens) AS available_from,
      NULLIF(max(closes), 'infinity'::TIMESTAMPTZ) AS available_until
    FROM spans GROUP BY title, season, market, span""",
)
"""Lookup tables for the ``outside_availability`` rule, built from the catalog's windows.

A span open at its end (a window without ``until``) has a NULL ``available_until``, as the
catalog's windows do: it holds every later instant on DuckDB and on Spark alike (Spark has no
infinite timestamp; a stand-in of 9999-12-31 put the sessions of that last day outside)."""

_CATALOG_JOINS = (
    "LEFT JOIN titles t ON t.title = p.title "
    "LEFT JOIN seasons s ON s.title = p.title AND s.season = p.season "
)

_VIEWING_COLUMNS = FACT_TABLES["viewing"].column_names
_VIEWING_CONTENT = _VIEWING_COLUMNS[1:]  # all but row_id

VIEWING = Kind(
    name="viewing",
    required=("title", "season", "episode", "started_at", "seconds_watched"),
    any_of=UNIT_COLUMNS,
    optional=("event_id", "position_end_s", "device", "market"),
    columns=_VIEWING_COLUMNS,
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
    "AND (av.available_until IS NULL OR p.started_at < av.available_until)",
    setup=AVAILABILITY_SPANS,
    # Typed numbers, cheap to hash, and rarely equal between different sessions.
    candidates=("started_at", "seconds_watched", "position_end_s"),
    note=f"CASE WHEN p.device = {_OTHER} AND p._device_raw IS NOT NULL "
    f"AND p._device_raw <> {_OTHER} THEN p._device_raw END",
)

# --------------------------------------------------------------------------- panels


def _panels_parsed(types: Types, assume_tz: str | None) -> dict[str, str]:
    ids = {c: sql.as_text(raw(c), types.get(c)) for c in UNIT_COLUMNS}
    count = " + ".join(f"CAST({expr} IS NOT NULL AS INTEGER)" for expr in ids.values())
    unit_of = dict(zip(UNIT_COLUMNS, UNITS, strict=True))
    unit = " ".join(
        f"WHEN {expr} IS NOT NULL THEN {sql.literal(unit_of[c])}" for c, expr in ids.items()
    )
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
        Check("weight_too_large", "weight", f"p.weight > {MAX_WEIGHT}"),
        Check("not_an_integer", "age", _unparsed(types, "age", "age")),
        Check("age_out_of_range", "age", "p.age < 0 OR p.age > 130"),
    ]


_PANEL_COLUMNS = FACT_TABLES["panels"].column_names
_PANEL_CONTENT = _PANEL_COLUMNS[1:]  # all but row_id

PANELS = Kind(
    name="panels",
    required=("weight",),
    any_of=UNIT_COLUMNS,
    optional=("panel", "age", "sex", "region"),
    columns=_PANEL_COLUMNS,
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
        Check("weight_too_large", "weight", f"p.weight > {MAX_WEIGHT}"),
        Check("bad_verdict", "verdict", "p._rating_reason = 'bad_verdict'"),
        Check("no_rating_or_verdict", "rating", "p.rating IS NULL AND p.verdict IS NULL"),
        *(
            Check(reason, "rating", f"p._rating_reason = '{reason}'")
            for reason in ("ambiguous_scale", "unparseable_rating", "rating_out_of_range")
        ),
        *_catalog_checks(types, season=True, episode=False),
    ]


_REVIEW_COLUMNS = FACT_TABLES["reviews"].column_names
_REVIEW_CONTENT = _REVIEW_COLUMNS[1:-2]  # all but row_id and the scores computed from them

REVIEWS = Kind(
    name="reviews",
    required=("title", "season", "outlet"),
    optional=("critic", "top_critic", "published_at", "rating", "scale", "verdict", "weight"),
    columns=_REVIEW_COLUMNS,
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
        Check("signal_too_large", "value", f"p.value > {MAX_SIGNAL_VALUE}"),
        Check("unknown_title", "title", "t.title IS NULL"),
    ]


SIGNALS = Kind(
    name="signals",
    required=("date", "market", "title", "signal", "value"),
    optional=(),
    columns=FACT_TABLES["signals"].column_names,
    content=FACT_TABLES["signals"].column_names[1:],
    identity="CAST(p.date AS VARCHAR) || chr(31) || p.market || chr(31) || p.title "
    "|| chr(31) || p.signal",
    parsed=_signals_parsed,
    checks=_signals_checks,
    joins="LEFT JOIN titles t ON t.title = p.title LEFT JOIN markets m ON m.market = p.market",
)

KINDS: dict[str, Kind] = {kind.name: kind for kind in (VIEWING, PANELS, REVIEWS, SIGNALS)}
