"""The runtime a drafted catalog gives an episode whose runtime the export does not say.

No viewing export records runtimes, so ``showmeter catalog draft`` estimates them, and marks
every one ``runtime_origin: estimate`` so that results computed from them say so.

**The rule.** An episode's estimated runtime is the largest *position* seen for it — a Netflix
``Bookmark``, a Tautulli ``view_offset``, or, where the source keeps no position (Jellyfin's
Playback Reporting), the longest single session's played seconds — counting only positions
of at least :data:`MIN_POSITION_S` (5 minutes) and never those of trailers, hooks, previews or
autoplays nobody interacted with. A position is where a viewer stopped, so it is at most the
runtime: the estimate errs short, by the credits a viewer skipped. Without such a position
(Trakt, ``NetflixViewingHistory.csv``, short or only autoplayed sessions) the runtime is the
default of its kind, :data:`DEFAULT_RUNTIME_S`.

**The threshold.** 5 minutes, the longer of the two noise thresholds importers use for Netflix
plays (60 s or 5 min, see docs/adapters/netflix.md): a 2-second autoplay preview or a session
abandoned after the opening titles says nothing of the episode's length, while a 5-minute
position is already the whole of few episodes.

**The defaults** (docs/adapters/README.md cites them):

- a series episode: 42 min, the runtime TheTVDB gives an episode of an hour slot
  (support.thetvdb.com/kb/faq.php?id=30: "about 42 minutes", a half-hour slot ~22);
- an episode of a limited series (a season labelled ``Limited Series``, ``Miniseries``...):
  52 min 30 s, seven hours (the middle of the "six to eight hours" of a limited series,
  collider.com/limited-tv-series) over eight episodes, the most common count;
- a film: 1 h 46 min, the mean running time of films released in US cinemas 1999-2018
  (106 min; stephenfollows.com/are-movies-getting-longer).
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = [
    "DEFAULT_RUNTIME_S",
    "MIN_POSITION_S",
    "Kind",
    "estimate_runtime",
    "is_limited",
    "kind_of",
]

Kind = Literal["series", "limited", "film"]
"""What an episode is part of, for its default runtime."""

MIN_POSITION_S = 300
"""Positions shorter than this (seconds) are not taken as a sign of the runtime."""

DEFAULT_RUNTIME_S: dict[Kind, int] = {"series": 42 * 60, "limited": 52 * 60 + 30, "film": 106 * 60}
"""The runtime of an episode no position says anything of, by kind (seconds)."""

_LIMITED = re.compile(
    r"^(?:Limited(?: Edition)? Series|Limited|Mini-?\s?Series|Miniseries?|Mini Dizi|"
    r"Serie limitada|Série limitée|Miniserie|Miniserie limitata|Begrenzte Serie|"
    r"Serial limitowany|Minissérie)$",
    re.I,
)


def is_limited(label: str | None) -> bool:
    """Whether a season label names a limited series (``Limited Series``, ``Miniseries``...)."""
    return bool(label) and bool(_LIMITED.match(" ".join((label or "").split())))


def kind_of(film: bool, label: str | None) -> Kind:
    """The kind of an episode: of a film, of a limited series, else of a series."""
    if film:
        return "film"
    return "limited" if is_limited(label) else "series"


def estimate_runtime(largest_position: float | None, kind: Kind) -> tuple[int, str]:
    """The estimated runtime of an episode, and how it was found.

    Args:
        largest_position: The largest position (seconds) seen for the episode, among those
            that count (not a trailer, hook or autoplay nobody touched); None when none.
        kind: What the episode is part of.

    Returns:
        ``(seconds, how)``: the position, whole seconds, when it is at least
        :data:`MIN_POSITION_S` and at most a day; else the default of the kind. ``how`` says
        which, for the draft's comment.

    Examples:
        >>> estimate_runtime(3134.4, "series")
        (3134, 'largest position seen')
        >>> estimate_runtime(2, "series")
        (2520, 'default for a series episode')
        >>> estimate_runtime(None, "film")
        (6360, 'default for a film')
    """
    # a position beyond a day says nothing of a runtime (a catalog's runtime is at most a day)
    if largest_position is not None and MIN_POSITION_S <= largest_position <= 86_400:
        return int(largest_position), "largest position seen"
    what = {"series": "a series episode", "limited": "a limited series episode", "film": "a film"}
    return DEFAULT_RUNTIME_S[kind], f"default for {what[kind]}"
