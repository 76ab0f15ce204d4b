"""The reasons for which adapters leave rows out, with what they mean and how to change it.

These complete :data:`showmeter.ingest.reasons.REASONS` (same shape: reason -> (what it is,
what to do)). A row left out under one of them is quarantined and counted like any other.
"""

from __future__ import annotations

__all__ = ["ADAPTER_REASONS"]

ADAPTER_REASONS: dict[str, tuple[str, str]] = {
    "supplemental_video": (
        "a Netflix trailer, hook, teaser or other supplemental video (Supplemental Video Type "
        "set, or a title marked _hook_, Clip:, Trailer:), not a viewing of an episode or a film",
        "nothing to fix; pass --include-supplemental to keep them (they must still resolve to "
        "a catalog episode)",
    ),
    "autoplay": (
        "Netflix autoplayed it and nobody touched the player "
        "(Attributes 'Autoplayed: user action: None')",
        "nothing to fix; pass --include-autoplay to keep these sessions",
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
        "nothing to fix; pass --include-watch to keep them",
    ),
    "not_series_or_film": (
        "the item is music, live TV, a clip, a photo or another item that is neither an "
        "episode nor a film",
        "nothing to fix: only episodes and films are measured",
    ),
    "in_progress": (
        "the session was still playing when the history was read (Tautulli "
        "include_activity): its duration is not final",
        "nothing to fix; fetch the history again after it stops",
    ),
}
"""Reason -> (what it means, what to do)."""
