"""Nothing is lost: a row holding no value at all is quarantined as ``empty_row``, never skipped.

The fixtures (``fixtures/empty_rows/``) are written by hand: each holds two rows that load and
rows of nothing but delimiters (``,,,``), blanks, or empty JSON objects. A blank line (not a
single character) is not a row in CSV and is not counted. Each test's counts are worked out by
reading its fixture line by line (the comments say which line is what).
"""

from __future__ import annotations

from pathlib import Path

from adapters_support import FIXTURES, catalog, counts, load, quarantine

from showmeter.intake.adapters.rows import is_empty
from showmeter.intake.load import ingest
from showmeter.intake.reasons import describe
from showmeter.store import Store

EMPTY = FIXTURES / "empty_rows"


def test_a_netflix_row_of_commas_is_quarantined_not_skipped() -> None:
    store, [summary] = load(EMPTY / "ViewingActivity.csv", "netflix", account="home")
    # line 1 header; 2 and 7 sessions; 3 ",,,,,,,,," (10 empty fields); 4 the same with spaces;
    # 5 ",,," (4 empty fields: fewer than the header, but empty first); 6 blank (not a row)
    assert counts(summary) == (5, 2, 3, 0)
    assert summary.reasons == {"empty_row": 3}
    assert quarantine(store) == [(3, "empty_row"), (4, "empty_row"), (5, "empty_row")]


def test_rows_of_commas_before_the_header_are_not_taken_for_it(tmp_path: Path) -> None:
    # two lines of commas, then the fixture itself: the header is the first record with a
    # value (line 3), so the lines are the fixture's shifted by two and nothing else changes
    shifted = tmp_path / "ViewingActivity.csv"
    shifted.write_bytes(b",,,,,,,,,\r\n , ,\r\n" + (EMPTY / "ViewingActivity.csv").read_bytes())
    store, [summary] = load(shifted, "netflix", account="home")
    assert counts(summary) == (5, 2, 3, 0)
    assert quarantine(store) == [(5, "empty_row"), (6, "empty_row"), (7, "empty_row")]


def test_a_netflix_simple_row_of_commas_is_quarantined() -> None:
    store, [summary] = load(EMPTY / "NetflixViewingHistory.csv", "netflix-simple", account="home")
    # line 1 header; 2 and 5 Breaking Bad episodes; 3 ","; 4 '"",""' (two quoted empty fields)
    assert counts(summary) == (4, 2, 2, 0)
    assert quarantine(store) == [(3, "empty_row"), (4, "empty_row")]


def test_a_jellyfin_backup_line_of_tabs_is_quarantined() -> None:
    store, [summary] = load(EMPTY / "PlaybackReportingBackup.tsv", "jellyfin")
    # line 1 and 3 Cobra Kai episodes; line 2 eight tabs (nine empty fields)
    assert counts(summary) == (3, 2, 1, 0)
    assert quarantine(store) == [(2, "empty_row")]


def test_an_empty_trakt_item_is_quarantined_as_empty_not_as_another_kind() -> None:
    store, [summary] = load(EMPTY / "watched-history.json", "trakt", account="me")
    # item 1 Breaking Bad 5x14; item 2 {}; item 3 every key null, blank or an empty object
    assert counts(summary) == (3, 1, 2, 0)
    assert quarantine(store) == [(2, "empty_row"), (3, "empty_row")]


def test_an_empty_tautulli_row_is_quarantined_as_empty() -> None:
    store, [summary] = load(EMPTY / "history-page.json", "tautulli")
    # row 1 {}; row 2 Breaking Bad 5x14; row 3 every key null or blank
    assert counts(summary) == (3, 1, 2, 0)
    assert quarantine(store) == [(1, "empty_row"), (3, "empty_row")]


def test_a_canonical_csv_row_of_commas_is_counted_and_quarantined(tmp_path: Path) -> None:
    # The canonical reader (Arrow) reads ",,,,,," as a row of nulls, which the rules
    # quarantine as missing_unit_id: counted, not lost (the hole was in the adapters' reader).
    events = tmp_path / "events.csv"
    events.write_text(
        "event_id,account_id,title,season,episode,started_at,seconds_watched\n"
        "e1,a1,stranger-things,4,9,2023-01-09T20:00:00Z,600\n"
        ",,,,,,\n",
        encoding="utf-8",
    )
    store = Store()
    [summary] = ingest(store, catalog(), [("viewing", events)])
    assert summary.read == 2
    assert summary.reconciles
    assert quarantine(store) == [(3, "missing_unit_id")]


def test_what_counts_as_empty() -> None:
    assert is_empty(["", " ", "\t"])
    assert is_empty({"id": None, "show": {}, "episode": {"ids": {}}, "tags": []})
    assert not is_empty(["", "0"])
    assert not is_empty({"id": 0})
    assert not is_empty({"live": False})


def test_the_reason_says_what_an_empty_row_is() -> None:
    assert describe("empty_row").startswith("the row holds no value at all")
