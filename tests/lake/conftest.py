"""Fixtures of the lake tests: a hand-written set of sessions (as Parquet) and its catalog.

The sessions, worked by hand against ``SMALL_CATALOG`` (tests/conftest.py):

====  ========  =======  ===============  =======  =================================
row   event_id  account  title:season:ep  seconds  fate
====  ========  =======  ===============  =======  =================================
1     e1        a        the-defenders 1:1   3000  loaded
2     e2        b        the-defenders 1:2   2500  loaded
3     e3        a        daredevil 2:1       3300  loaded
4     e1        a        the-defenders 1:1   3000  duplicate (row 1)
5     e2        b        the-defenders 1:2    100  quarantined: conflicting_row (row 2)
6     e4        a        the-defenders 1:9   3000  quarantined: no episode 9
7     e5        b        the-defenders 1:1     -5  quarantined: negative seconds
8     (none)    c        the-defenders 1:1   1000  loaded (its values are its identity)
9     (none)    c        the-defenders 1:1   1000  duplicate (row 8)
====  ========  =======  ===============  =======  =================================

So a first load reads 9, loads 4, quarantines 3, finds 2 duplicates; loading it again loads
0, quarantines the same 3 (row 5 conflicts with the stored row 2; nothing new goes to the
quarantine table) and finds 6 duplicates. Reach (30 days from the launch, at least 120 s):
the-defenders 1 has accounts a, b, c (3), daredevil 2 has a (1).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "definitions"))  # the hand-worked worlds

from lake_support import write_sessions


@pytest.fixture
def sessions(tmp_path: Path) -> Path:
    """The hand-worked sessions (see the module's documentation) as a Parquet file."""
    return write_sessions(tmp_path / "sessions.parquet")
