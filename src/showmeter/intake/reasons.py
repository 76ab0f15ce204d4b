"""Why a row was quarantined: every reason, what it means and how to fix it.

A quarantined row is kept in the store's ``quarantine`` table with its reason, file, line,
column and the offending value, so nothing is lost. These tables are the one list of reasons:
:data:`REASONS` for the rules every row is checked by, :data:`EXCLUSIONS` for the rows an
adapter leaves out by a documented rule (a trailer, an autoplay). The loaders use their keys,
the CLI and the report show their texts.
"""

from __future__ import annotations

__all__ = ["EXCLUSIONS", "REASONS", "describe"]

REASONS: dict[str, tuple[str, str]] = {
    # reason: (what is wrong, how to fix it)
    "malformed_row": (
        "the CSV row has a different number of fields than the header",
        "quote fields that contain the delimiter, or fix the row",
    ),
    "empty_row": (
        "the row holds no value at all: a line of nothing but delimiters (,,,), or an "
        "empty object ({}) in an adapter's JSON; it is counted and kept, never skipped",
        "nothing to fix if the source wrote it so (a spreadsheet's padding); else remove the "
        "line, or fill it in",
    ),
    "malformed_json": (
        "the line is not a JSON object",
        "write one JSON object per line",
    ),
    "invalid_utf8": (
        "the row holds bytes that are not UTF-8 (the record shows each as \\xNN); nothing "
        "of it is loaded, rather than a guess at its characters",
        "save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8), then load it again",
    ),
    "bad_key": (
        "the JSON object has an empty key, or names a key twice (keys are compared without case)",
        "give every field one non-empty key",
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
        "the value is not a plain integer (in text, 1.5, 2.0, 1e3, 0x1 and 1_000 are not; "
        "a Parquet float must be whole)",
        "write an integer in digits, such as 2",
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
        "the value is not an ISO 8601 timestamp (or its offset is beyond ±14:00)",
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
    "weight_too_large": (
        "the weight is above 100000000 (10⁸): more people than one panel unit can stand for, "
        "or, for a review, far more than an outlet's importance (exact sums of weights are "
        "bounded by it)",
        "for a panel, give the number of people the unit stands for, for a review the "
        "outlet's importance (e.g. 1 to 10), scaling weights given in other units down",
    ),
    "signal_too_large": (
        "the signal's value is above 1000000000000 (10¹²): more page views or searches than "
        "a title gets in a day and market",
        "give the day's count of the signal, not a running total or a value in other units",
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
    # published figures (--source netflix-top10, netflix-engagement)
    "not_a_sunday": (
        "the chart week is not a Sunday (Netflix's week column is the Sunday that ends it)",
        "write the Sunday that ends the Monday-Sunday week",
    ),
    "rank_out_of_range": (
        "the rank of a Top 10 list is not between 1 and 10",
        "check the weekly_rank (or rank) column",
    ),
    "unreadable_season": (
        "no season number can be read from season_title (or the report's Title); the record "
        "shows the show and what was parsed",
        "load with a --catalog that names the season (its label), or see "
        "docs/adapters/netflix-top10.md for the rules",
    ),
}


EXCLUSIONS: dict[str, tuple[str, str]] = {
    # reason: (why the row is left out, how to keep it or what to do)
    "supplemental_video": (
        "a Netflix trailer, hook, teaser or other supplemental video (Supplemental Video Type "
        "set, or a title marked _hook_, Clip:, Trailer:), not a viewing of an episode or a film",
        "nothing to fix; pass --include supplemental to keep them (they must still resolve to "
        "a catalog episode)",
    ),
    "autoplay": (
        "Netflix autoplayed it and nobody touched the player "
        "(Attributes 'Autoplayed: user action: None')",
        "nothing to fix; pass --include autoplay to keep these sessions",
    ),
    "unresolved_title": (
        "the title does not name one catalog episode by name and number; the record shows "
        "the source row, what was parsed and why it does not resolve",
        "add the show (name), season (label) or episode (name) to the catalog: names are "
        "compared without case, accents and punctuation; `showmeter catalog draft` starts "
        "a catalog from a Netflix export",
    ),
    "manual_watch": (
        "a Trakt 'watch': marked as watched by hand, so its time is when it was marked or "
        "a date the user chose, not when it was watched",
        "nothing to fix; pass --include watch to keep them",
    ),
    "not_series_or_film": (
        "the item is music, live TV, a clip, a photo or another item that is neither an "
        "episode nor a film",
        "nothing to fix: only episodes and films are measured",
    ),
    "play_duration_over_a_day": (
        "a Jellyfin Playback Reporting row whose PlayDuration is beyond 24 h (86400 s): the "
        "plugin kept adding to a session whose stop it never saw (a paused or vanished "
        "client), so the number is not a time watched",
        "nothing to fix; the row stays in the quarantine (its record shows the duration)",
    ),
    "in_progress": (
        "the session was still playing when the history was read (Tautulli "
        "include_activity): its duration is not final",
        "nothing to fix; fetch the history again after it stops",
    ),
}
"""The reasons for which adapters leave rows out: reason -> (what it means, what to do).

A row left out under one of them is quarantined and counted like any other.
"""


def describe(reason: str) -> str:
    """The text of a reason: what is wrong and how to fix it.

    Args:
        reason: A key of :data:`REASONS` or :data:`EXCLUSIONS` (another is shown as words).
    """
    known = REASONS.get(reason) or EXCLUSIONS.get(reason)
    cause, remedy = known or (reason.replace("_", " "), "")
    return f"{cause}; {remedy}" if remedy else cause
