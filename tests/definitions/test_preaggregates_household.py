"""A household's store keeps its pre-aggregations for its own default unit, the profile.

The export is tests/adapters/fixtures/household/ViewingActivity.csv (four profiles of the
account ``home`` watching The Defenders, launched everywhere 2017-08-18 07:00 UTC; worked out in
tests/adapters/test_household.py): a Netflix export, so the store counts profiles
(``store/households.py``) and its pre-aggregations count profiles too.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from test_preaggregates_agree import _agree, _rows_equal

import showmeter
from showmeter.engines import preaggregates as kept

FIXTURES = Path(__file__).parents[1] / "adapters" / "fixtures"
EXPORT = FIXTURES / "household" / "ViewingActivity.csv"
CATALOG_TEXT = """
markets:
  - {market: US, tz: America/New_York}
  - {market: DE, tz: Europe/Berlin}
titles:
  - title: the-defenders
    name: "Marvel's The Defenders"
    seasons:
      - season: 1
        label: Limited Series
        episodes:
          - {episode: 1, name: The H Word, runtime: "52:14"}
          - {episode: 2, name: Mean Right Hook, runtime: "50:00"}
          - {episode: 3, name: Worst Behavior, runtime: "45:00"}
        launches:
          - {market: "*", at: "2017-08-18T07:00:00Z", platform: netflix}
"""
"""The Defenders as tests/adapters/fixtures/catalog.yaml has it (its only launched season)."""


@pytest.fixture(autouse=True)
def small_stores_keep_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """The export is small: its loads build the pre-aggregations all the same."""
    monkeypatch.setenv(kept.MIN_SESSIONS_VARIABLE, "0")


def _household(store: Path, *exports: Path) -> duckdb.DuckDBPyConnection:
    """A store of the exports, one load each, opened read-write in UTC."""
    catalog = store.with_suffix(".yaml")
    catalog.write_text(CATALOG_TEXT, encoding="utf-8")
    for export in exports:
        showmeter.ingest(
            store, catalog=str(catalog), events=str(export), source="netflix", account="home"
        )
    con = duckdb.connect(str(store))
    con.execute("SET TimeZone = 'UTC'").fetchall()
    return con


def test_a_household_store_keeps_each_profiles_progress(tmp_path: Path) -> None:
    con = _household(tmp_path / "home.duckdb", EXPORT)
    try:
        state = kept.status(con, any_unit=True)
        assert (state.current, state.unit) == (True, "profile")
        # a caller that knows only the account's tables (any_unit=False) reads the sessions
        assert not kept.status(con).current
        assert kept.tables("profile")[0] == "agg_unit_progress_profile"
        assert "agg_unit_progress" not in {t for (t,) in con.execute("SHOW TABLES").fetchall()}
        rows = con.execute(
            "SELECT unit_id, episode, market, first_us // 1000000, seconds_28d, "
            "completed_90_us // 1000000 FROM agg_unit_progress_profile ORDER BY 1, 2"
        ).fetchall()
    finally:
        con.close()
    # From L = 07:00 UTC, in seconds: Alice E1 07:30 for 52:14 (3134 s; 0.9 of it reached at
    # the session's end, 1800 + 3134); E2 08:30 and 10:00, 25 min each: 1500 s < 2700 s after
    # the first, 3000 s at the second's end, 10:25 = 12300 s; E3 11:00-11:45. Bob: E1 09:00,
    # E2 10:00. Carol: E1 08:00, E2 09:00 (her E3 was autoplayed: quarantined). Dave (US): E1
    # 12:00, E2 14:00, E3 08:00 the next day (25 h = 90000 s).
    assert rows == [
        ("home/Alice", 1, "DE", 1800, 3134.0, 4934),
        ("home/Alice", 2, "DE", 5400, 3000.0, 12300),
        ("home/Alice", 3, "DE", 14400, 2700.0, 17100),
        ("home/Bob", 1, "DE", 7200, 3134.0, 10334),
        ("home/Bob", 2, "DE", 10800, 3000.0, 13800),
        ("home/Carol", 1, "DE", 3600, 3134.0, 6734),
        ("home/Carol", 2, "DE", 7200, 3000.0, 10200),
        ("home/Dave", 1, "US", 18000, 3134.0, 21134),
        ("home/Dave", 2, "US", 25200, 3000.0, 28200),
        ("home/Dave", 3, "US", 90000, 2700.0, 92700),
    ]


def test_every_metric_of_a_household_store_is_the_same_from_its_pre_aggregations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    con = _household(tmp_path / "home.duckdb", EXPORT)
    try:
        _agree(con, monkeypatch)  # at the store's defaults (unit=profile) and explicit ones
        _agree(con, monkeypatch, {"unit": "account"})
    finally:
        con.close()


def test_a_household_store_reads_its_pre_aggregations_at_its_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    con = _household(tmp_path / "home.duckdb", EXPORT)
    try:
        assert _agree(con, monkeypatch) > 0
    finally:
        con.close()


def test_a_household_export_loaded_in_two_parts_keeps_what_one_load_keeps(tmp_path: Path) -> None:
    with EXPORT.open(newline="", encoding="utf-8") as handle:
        header, *lines = list(csv.reader(handle))
    parts = [tmp_path / "early.csv", tmp_path / "late.csv"]
    for path, chosen in zip(parts, (lines[::2], lines[1::2]), strict=True):  # every other line
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([header, *chosen])
    once = _household(tmp_path / "once.duckdb", EXPORT)
    twice = _household(tmp_path / "twice.duckdb", *parts)
    try:
        assert kept.status(twice, any_unit=True).current
        for table in kept.tables("profile"):
            assert _rows_equal(twice, once, table), table
    finally:
        once.close()
        twice.close()
