"""What the demo reports: The Defenders against Daredevil's second season, among Marvel's.

:func:`demo_scope` is the one place that wires the launch page to the demo world's spec: the
reported season, its reference and its peers. The dashboard shows the demo season of a
simulated store on this scope.
"""

from __future__ import annotations

from showmeter.launch.scope import Scope
from showmeter.schema import SeasonKey

__all__ = ["DEMO_REFERENCE", "DEMO_SEASON", "demo_scope"]

DEMO_SEASON = SeasonKey("the-defenders", 1)
"""The season the demo reports."""

DEMO_REFERENCE = SeasonKey("daredevil", 2)
"""The season it is compared with: Jumpshot's benchmark, "the most viewed season"."""


def demo_scope() -> Scope:
    """The demo report's scope, from the demo world's spec.

    The peers are the other Marvel seasons of :data:`showmeter.simulate.demo_titles.MARVEL`;
    demand is measured in the US, where the published demand figures were.

    Returns:
        The scope of the demo's report.
    """
    from showmeter.simulate.demo_titles import MARVEL

    marvel = [SeasonKey(row[0], row[2]) for row in MARVEL]
    peers = tuple(key for key in marvel if key not in (DEMO_SEASON, DEMO_REFERENCE))
    return Scope(DEMO_SEASON, DEMO_REFERENCE, peers, demand_market="US")
