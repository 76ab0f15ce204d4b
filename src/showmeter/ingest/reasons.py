"""Why a row was quarantined: every reason, what it means and how to fix it.

A quarantined row is kept in the store's ``quarantine`` table with its reason, file, line,
column and the offending value, so nothing is lost. This table is the one list of reasons:
the loaders use its keys, the CLI and the report show its texts.
"""

from __future__ import annotations

__all__ = ["REASONS", "describe"]

REASONS: dict[str, tuple[str, str]] = {
    # reason: (what is wrong, how to fix it)
    "malformed_row": (
        "the CSV row has a different number of fields than the header",
        "quote fields that contain the delimiter, or fix the row",
    ),
    "malformed_json": (
        "the line is not a JSON object",
        "write one JSON object per line",
    ),
    "missing_unit_id": (
        "none of account_id, profile_id, person_id is given",
        "give at least one unit id",
    ),
    "ambiguous_unit": (
        "a panel row names more than one of account_id, profile_id, person_id",
        "give exactly one unit id per panel row",
    ),
    "missing_value": (
        "a required column is empty",
        "fill in the value",
    ),
    "not_an_integer": (
        "the value is not a whole number",
        "write an integer such as 1",
    ),
    "not_a_number": (
        "the value is not a finite number",
        "write a number such as 1800 or 6.5",
    ),
    "not_a_boolean": (
        "the value is not a boolean",
        "write true or false",
    ),
    "bad_timestamp": (
        "the value is not an ISO 8601 timestamp",
        "write it as 2017-08-18T07:00:00Z",
    ),
    "naive_timestamp": (
        "the timestamp has no time zone offset",
        "add Z or an offset such as +02:00, or pass --assume-tz ZONE",
    ),
    "bad_date": (
        "the value is not an ISO 8601 date",
        "write it as 2017-08-20",
    ),
    "seconds_out_of_range": (
        "seconds_watched is below 0 or above 86400 (one day)",
        "split longer sessions or fix the value",
    ),
    "negative_position": (
        "position_end_s is negative",
        "give the end position in seconds from the start of the episode",
    ),
    "negative_value": (
        "the signal value is negative",
        "give a count or a non-negative measure",
    ),
    "weight_not_positive": (
        "the weight is zero or negative",
        "give a weight above 0",
    ),
    "age_out_of_range": (
        "the age is below 0 or above 130",
        "give the age in years",
    ),
    "unknown_market": (
        "the market is not an ISO 3166-1 alpha-2 code of the catalog's markets",
        "use a two-letter code such as US, or add the market to the catalog",
    ),
    "unknown_title": (
        "the title is not in the catalog",
        "add the title to the catalog, or fix its id",
    ),
    "unknown_season": (
        "the title has no such season in the catalog",
        "add the season to the catalog, or fix the number",
    ),
    "unknown_episode": (
        "the season has no such episode in the catalog",
        "add the episode to the catalog, or fix the number",
    ),
    "outside_availability": (
        "the session starts outside every availability window of its season in its market",
        "check the market and the time, or widen the catalog's availability",
    ),
    "no_rating_or_verdict": (
        "the review has neither a rating nor a verdict",
        "give the critic's rating, or a verdict fresh/rotten",
    ),
    "ambiguous_scale": (
        "the rating is a bare number or stars without a scale",
        "give the maximum in the scale column, or write it as 3/5",
    ),
    "unparseable_rating": (
        "the rating is not a letter grade, a fraction, stars or a number",
        "write it as B+, 3/5, 6.5/10 or ★★★½ (with a scale)",
    ),
    "rating_out_of_range": (
        "the rating is negative or above its maximum",
        "check the rating and its scale",
    ),
    "bad_verdict": (
        "the verdict is neither fresh nor rotten",
        "write fresh or rotten, or leave it empty",
    ),
    "conflicting_row": (
        "a row with the same identity (event_id, or the key of a panel unit or a signal) "
        "is already stored or came earlier in this load, with other values",
        "give the row its own event_id, or remove the stale row and reload into a new store",
    ),
}


def describe(reason: str) -> str:
    """The text of a reason: what is wrong and how to fix it.

    Adapters add reasons of their own (an excluded trailer, say):
    :data:`showmeter.ingest.adapters.reasons.ADAPTER_REASONS`.
    """
    from showmeter.ingest.adapters.reasons import ADAPTER_REASONS

    known = REASONS.get(reason) or ADAPTER_REASONS.get(reason)
    cause, remedy = known or (reason.replace("_", " "), "")
    return f"{cause}; {remedy}" if remedy else cause
