"""When a unit completes an episode, and which units completed a whole season.

A unit **completes** episode *e* at the end (``started_at + seconds_watched``) of the first
session, in ``started_at`` order from L on, at which its cumulative ``seconds_watched`` of *e*
reaches ``completion`` × runtime(e). An episode is completed *within* a window when that
instant is before the window's end (an instant exactly at L + 24 h is outside a 24-hour
window). Sessions that start at the same instant are taken shortest first (sessions that tie
on both are interchangeable: either completes at the same instant).

The steps of the completion metrics (:mod:`~showmeter.definitions.completion`), of the
per-unit progress (:mod:`~showmeter.definitions.progress`) and of its pre-aggregation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.definitions.windows import HOUR_US, Scope, offset_us, sessions

if TYPE_CHECKING:
    from collections.abc import Sequence

    import ibis.expr.types as ir

    from showmeter.definitions.tables import CanonicalTables

__all__ = ["all_episodes", "completed_within", "completions"]


def completions(t: CanonicalTables, counted: ir.Table, completion: float) -> ir.Table:
    """The completion of each episode by each unit, at the first session that completes it.

    Args:
        t: The canonical tables (for episode runtimes).
        counted: A unit's sessions from L on (see :func:`~showmeter.definitions.windows.sessions`
            with ``per_unit=True``).
        completion: The share of the runtime that completes an episode.

    Returns:
        One row per (unit, episode) completed: the season's keys (and ``market``), ``unit_id``,
        ``weight``, ``episode``, ``runtime_s``, and ``completed_us``, the microseconds from
        the unit's L to the end of the completing session.
    """
    import ibis

    episodes = t.episodes.select("title", "season", "episode", "runtime_s")
    s = counted.join(episodes, ["title", "season", "episode"])
    order = {
        "group_by": ["title", "season", "unit_id", "episode"],
        "order_by": ["started_at", "seconds_watched"],
    }
    s = s.mutate(
        threshold=completion * s.runtime_s,
        through=s.seconds_watched.sum().over(ibis.window(**order, rows=(None, 0))),
    )
    # The running sum only grows, so the session that reaches the threshold is the one whose
    # sum reaches it while the sum before it (``through`` less its own seconds) does not.
    reached = s.filter(s.through >= s.threshold, (s.through - s.seconds_watched) < s.threshold)
    keys = [c for c in ("title", "season", "market") if c in counted.columns]
    return reached.select(
        *keys,
        "unit_id",
        "weight",
        "episode",
        "runtime_s",
        completed_us=offset_us(reached) + reached.seconds_watched * 1_000_000,
    )


def completed_within(
    t: CanonicalTables, scope: Scope, completion: float, hours: int, *, seconds: bool = False
) -> tuple[ir.Table, ir.Table]:
    """The counted sessions, and the completions whose instant is before L + hours.

    From the store's per-unit progress when it covers the parameters
    (:func:`showmeter.definitions.preaggregates.progress`: then ``counted`` has one row per
    unit and episode, with ``first_us`` and, if ``seconds``, the window's ``seconds_watched``),
    else from the sessions.

    Args:
        t: The canonical tables.
        scope: Which sessions count, and from which L (:class:`~.windows.Scope`).
        completion: The share of the runtime that completes an episode.
        hours: The window, in hours from L.
        seconds: Whether ``counted`` from the per-unit progress keeps ``seconds_watched``.

    Returns:
        ``(counted, done)``: the unit's sessions from L on (or its progress rows), and the
        :func:`completions` within the window.
    """
    from showmeter.definitions.preaggregates import progress

    kept = progress(t, scope, completion, hours, seconds=seconds)
    if kept is not None:
        return kept
    counted = sessions(t, scope, hours=hours, per_unit=True)
    done = completions(t, counted, completion)
    return counted, done.filter(done.completed_us < hours * HOUR_US)


def all_episodes(done: ir.Table, t: CanonicalTables, keys: Sequence[str]) -> ir.Table:
    """Units that completed every episode of a season.

    Args:
        done: Completions (:func:`completions`), e.g. those within a window.
        t: The canonical tables (for each season's number of episodes).
        keys: The season's keys (``title``, ``season``, and ``market`` when by market).

    Returns:
        One row per unit: the keys, ``unit_id``, ``weight`` and ``last_us`` (the completion
        of its last episode, in microseconds from its L).
    """
    per_unit = done.group_by([*keys, "unit_id", "weight"]).agg(
        episodes_done=done.count(), last_us=done.completed_us.max()
    )
    counts = t.seasons.select("title", "season", "episodes")
    whole = per_unit.join(counts, ["title", "season"])
    whole = whole.filter(whole.episodes_done == whole.episodes)
    return whole.select(*keys, "unit_id", "weight", "last_us")
