"""Loading Netflix's published figures: every era and quirk of the fixtures, hand-checked.

The fixtures (fixtures/*.tsv, *.csv, and the workbooks of workbooks.py) were written by hand
from the formats' description in docs/adapters/netflix-top10.md; every expected count below
is read off them line by line.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from workbooks import FIXTURES, H1_2023, H2_2024, engagement_workbook, top10_workbook

from showmeter import api
from showmeter.errors import InputError, UsageError

GLOBAL = [FIXTURES / f"global-{era}.tsv" for era in (2021, 2023, 2024, 2025)]


def load(store: Path, *files: Path, source: str = "netflix-top10", **kw: object):
    return api.ingest(store, events=[str(f) for f in files], source=source, **kw)


def query(store: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_every_era_of_the_global_list_loads_and_reconciles(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    summary = load(store, *GLOBAL)
    by_file = {Path(f.file).name: f for f in summary.files}
    # 2021: 10 rows; 1899 on a Monday (not_a_sunday), the Christmas special (no season)
    assert (by_file["global-2021.tsv"].read, by_file["global-2021.tsv"].loaded) == (10, 8)
    assert by_file["global-2021.tsv"].reasons == {"not_a_sunday": 1, "unreadable_season": 1}
    # 2023: the two rows of the week 2022-12-04 repeat the 2021 file's figures: duplicates
    assert (by_file["global-2023.tsv"].loaded, by_file["global-2023.tsv"].duplicates) == (4, 2)
    assert by_file["global-2024.tsv"].loaded == 4 and by_file["global-2025.tsv"].loaded == 8
    assert all(f.reconciles for f in summary.files)
    eras = [f.notes["header_era"] for f in summary.files]
    assert eras == ["2021-07", "2023-06", "2024-11", "2025-06"]
    assert query(store, "SELECT count(*) FROM published") == [(24,)]


def test_the_rejected_rows_go_to_the_rejects_file_as_every_load_writes_it(
    tmp_path: Path,
) -> None:
    rejects = tmp_path / "rejects.csv"
    load(tmp_path / "s.duckdb", GLOBAL[0], rejects=rejects)
    lines = rejects.read_text(encoding="utf-8").splitlines()
    # the header, then global-2021.tsv's two quarantined rows (see the test above)
    assert lines[0] == "file,line,column,reason,value,record"
    assert sorted(line.split(",")[3] for line in lines[1:]) == [
        "not_a_sunday",
        "unreadable_season",
    ]


def test_reloading_changes_nothing_and_a_changed_figure_conflicts(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    load(store, GLOBAL[3])
    again = load(store, GLOBAL[3])
    assert (again.loaded, again.duplicates) == (0, 8)
    changed = tmp_path / "global-newer.tsv"
    text = GLOBAL[3].read_text(encoding="utf-8")
    changed.write_text(text.replace("\t60000000\t", "\t60100000\t"), encoding="utf-8")
    third = load(store, changed)
    assert (third.loaded, third.duplicates, third.quarantined) == (0, 7, 1)
    assert third.files[0].reasons == {"conflicting_row": 1}
    record = json.loads(query(store, "SELECT record FROM quarantine")[0][0])
    assert record["weekly_hours_viewed"] == "60100000"
    assert record["stored"]["hours_viewed"] == 60_000_000
    assert query(store, "SELECT sum(hours_viewed) FROM published WHERE week = '2025-09-07'") == [
        (60_000_000.0,)
    ]


def test_season_titles_read_by_the_documented_rules(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    load(store, *GLOBAL)
    seasons = dict(query(store, "SELECT label, season FROM seasons"))
    assert seasons["Stranger Things 4"] == 4  # <Show> N
    assert seasons["Money Heist: Part 5"] == 5  # Part N
    assert seasons["BEEF: Limited Series"] == 1
    assert seasons["N/A"] == 0  # the films
    assert query(store, "SELECT DISTINCT title, season FROM published WHERE title = 'wwe-raw'") == [
        ("wwe-raw", 2025)  # a live title: one row per weekly episode, the year's season
    ]
    assert query(store, "SELECT count(*) FROM published WHERE title = 'wwe-raw'") == [(2,)]
    titles = dict(query(store, "SELECT title, kind FROM titles"))
    assert titles["slumberland"] == "film" and titles["squid-game"] == "series"
    parsed = json.loads(
        query(store, "SELECT record FROM quarantine WHERE reason = 'unreadable_season'")[0][0]
    )
    assert parsed["parsed"]["show"] == "The Holiday Show" and parsed["parsed"]["season"] is None


def test_runtime_quirks_staggered_launch_and_a_season_in_parts(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    summary = load(store, GLOBAL[1], GLOBAL[3])
    assert summary.files[0].notes["staggered_launches"] == 1
    # runtime 0 for the staggered launch of Love Is Blind 5: null; views empty: null
    assert query(store, "SELECT runtime_h, views FROM published WHERE title = 'love-is-blind'") == [
        (None, None)
    ]
    # runtime empty before June 2023 (BEEF, week 2023-06-11)
    assert query(store, "SELECT runtime_h FROM published WHERE title = 'beef' ORDER BY week") == [
        (None,),
        (5.1667,),
    ]
    # Wednesday 2 in two parts: 4.0333 hours until Part 2, then 7.7833
    rows = query(
        store,
        "SELECT week, runtime_h FROM published WHERE title = 'wednesday' AND season = 2 "
        "ORDER BY week",
    )
    assert [r[1] for r in rows] == [4.0333, 4.0333, 4.0333, 4.0333, 7.7833]
    # the season's runtime is that of its latest week
    assert query(
        store, "SELECT runtime_s FROM seasons WHERE title = 'wednesday' AND season = 2"
    ) == [(pytest.approx(7.7833 * 3600),)]


def test_episode_launch_details_with_doubled_quotes_is_one_field(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    summary = load(store, GLOBAL[1])
    assert summary.files[0].reasons == {}  # no malformed row: the JSON is one quoted field
    assert summary.loaded == 6


def test_the_countries_list(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    summary = load(store, FIXTURES / "countries.tsv")
    assert (summary.read, summary.loaded) == (11, 10)
    assert summary.files[0].reasons == {"unknown_market": 1}  # USA is not alpha-2
    markets = {m for (m,) in query(store, "SELECT DISTINCT market FROM published")}
    assert markets == {"US", "GB", "FR", "BR", "NA", "JP"}  # NA is Namibia, not a null


def test_most_popular_of_both_eras(tmp_path: Path) -> None:
    new = load(tmp_path / "a.duckdb", FIXTURES / "most-popular.tsv")
    assert new.files[0].notes["hours_window_days"] == 91 and new.loaded == 3
    assert query(
        tmp_path / "a.duckdb", "SELECT views FROM published WHERE title = 'squid-game'"
    ) == [(265_200_000.0,)]
    old = load(tmp_path / "b.duckdb", FIXTURES / "most-popular-28.tsv")
    assert old.files[0].notes["hours_window_days"] == 28 and old.loaded == 3
    assert query(tmp_path / "b.duckdb", "SELECT count(*) FROM published WHERE views IS NULL") == [
        (3,)
    ]


def test_an_xlsx_copy_of_a_list_gives_the_same_rows(tmp_path: Path) -> None:
    copy = top10_workbook(GLOBAL[3], tmp_path / "all-weeks-global.xlsx")
    load(tmp_path / "a.duckdb", GLOBAL[3])
    load(tmp_path / "b.duckdb", copy)
    sql = "SELECT * EXCLUDE (label) FROM published ORDER BY row_id"
    assert query(tmp_path / "a.duckdb", sql) == query(tmp_path / "b.duckdb", sql)


def test_engagement_reports_xlsx_of_both_layouts_and_csv(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    h1 = engagement_workbook(tmp_path / "report.xlsx", H1_2023)  # period from the banner
    h2 = engagement_workbook(
        tmp_path / "What_We_Watched_2024Jul-Dec.xlsx", H2_2024, banner=("What We Watched",)
    )  # period from the name
    summary = load(store, h1, h2, FIXTURES / "engagement-2023H2.csv", source="netflix-engagement")
    first, second, csv = summary.files
    assert (first.read, first.loaded, first.reasons) == (7, 6, {"not_a_number": 1})
    assert first.notes["period"] == "2023-01-01/2023-06-30"
    assert first.notes["release_dates"] == {"given": 5, "blank": 1}  # Excel dates and text
    assert second.notes["period"] == "2024-07-01/2024-12-31" and second.loaded == 5
    assert second.notes["sheets"] == ["TV", "Film"]
    assert (csv.loaded, csv.reasons) == (3, {"not_a_number": 1})
    rows = {
        (t, s, str(p)): (h, r, v)
        for t, s, p, h, r, v in query(
            store,
            "SELECT title, season, period_start, hours_viewed, runtime_h, views FROM published",
        )
    }
    # ' // ' original names left out of the title; H:MM runtimes: 7:07 = 7 + 7/60 hours
    assert rows[("squid-game", 2, "2024-07-01")] == (487_600_000.0, pytest.approx(7 + 7 / 60), 68e6)
    assert rows[("the-glory", 1, "2023-01-01")] == (622_800_000.0, None, None)
    assert rows[("the-mother", 0, "2023-01-01")][0] == 249_900_000.0  # a film: season 0
    # no season in the title of a TV sheet: season 1, the whole title is the show
    assert rows[("monsters-the-lyle-and-erik-menendez-story", 1, "2024-07-01")][0] == 301e6
    assert query(store, "SELECT kind FROM titles WHERE title = 'carry-on'") == [("film",)]


def test_with_a_catalog_rows_resolve_by_names(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    summary = load(store, GLOBAL[3], catalog=FIXTURES / "catalog.yaml")
    # Wednesday (5 weeks) and the film resolve; The Sandman is not in the catalog
    assert summary.loaded == 6 and summary.files[0].reasons == {"unresolved_title": 2}
    assert query(store, "SELECT DISTINCT title, season FROM published ORDER BY 1, 2") == [
        ("kpop", 0),
        ("wed", 2),
    ]
    assert query(store, "SELECT count(*) FROM titles") == [(2,)]  # the catalog's, nothing added


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<!DOCTYPE html><html><body>Sign in</body></html>", "HTML page"),
        ("null", "only `null`"),
        ("", "empty"),
        ("title\tvalue\nA\t1\n", "not that of a Top 10 list"),
    ],
)
def test_a_corrupt_download_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "all-weeks-global.tsv"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        load(tmp_path / "s.duckdb", bad)
    assert caught.value.file == str(bad) and caught.value.remedy
    assert not (tmp_path / "s.duckdb").exists() or query(
        tmp_path / "s.duckdb", "SELECT count(*) FROM loads"
    ) == [(0,)]


def test_a_fake_workbook_and_a_report_without_its_half_year(tmp_path: Path) -> None:
    fake = tmp_path / "report.xlsx"
    fake.write_text("null", encoding="utf-8")
    with pytest.raises(InputError, match="only `null`"):
        load(tmp_path / "s.duckdb", fake, source="netflix-engagement")
    nameless = engagement_workbook(tmp_path / "report2.xlsx", H1_2023, banner=("Engagement",))
    with pytest.raises(InputError, match="half year"):
        load(tmp_path / "s.duckdb", nameless, source="netflix-engagement")


def test_one_transaction_an_error_in_a_later_file_loads_nothing(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    bad = tmp_path / "bad.tsv"
    bad.write_text("null", encoding="utf-8")
    with pytest.raises(InputError):
        load(store, GLOBAL[3], bad)
    load(store, GLOBAL[2])
    assert query(store, "SELECT count(*) FROM published") == [(4,)]


def test_other_kinds_and_a_missing_catalog_elsewhere_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="published figures only"):
        api.ingest(
            tmp_path / "s.duckdb",
            events=[str(GLOBAL[3])],
            reviews=[str(GLOBAL[3])],
            source="netflix-top10",
        )
    with pytest.raises(UsageError, match="catalog is required"):
        api.ingest(tmp_path / "s.duckdb", events=[str(GLOBAL[3])])


def test_weeks_are_sundays_and_dates_are_dates(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    load(store, *GLOBAL)
    weeks = [w for (w,) in query(store, "SELECT DISTINCT week FROM published")]
    assert weeks and all(isinstance(w, dt.date) and w.weekday() == 6 for w in weeks)


def test_the_command_line_needs_no_catalog_for_published_figures(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "showmeter", "ingest", "--store", str(store), *args],
            capture_output=True, text=True, check=False,
        )  # fmt: skip

    done = run("--source", "netflix-top10", "--format", "json", "--events", str(GLOBAL[3]))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["loaded"] == 8
    refused = run("--events", "x.csv")
    assert refused.returncode != 0 and "--catalog is required" in refused.stderr


def test_bytes_that_are_not_utf8_quarantine_the_row_never_load_changed(tmp_path: Path) -> None:
    header = "week\tcategory\tweekly_rank\tshow_title\tseason_title\tweekly_hours_viewed\t"
    header += "cumulative_weeks_in_top_10\n"
    tsv = tmp_path / "global.tsv"
    lone_byte = b"2021-07-04\tTV (English)\t1\tDark\xff\tDark: Season 1\t10000\t1\n"
    nbsp = "2021-07-04\tTV (English)\t2\tDark\xa0Matter\tDark\xa0Matter: Season 1\t20000\t1\n"
    tsv.write_bytes(header.encode() + lone_byte + nbsp.encode())  # NBSP in UTF-8: valid text
    engagement = tmp_path / "engagement-2023H2.csv"
    engagement.write_bytes(b"Title,Hours Viewed\nWednesday: Season 1\xe9,1000\nKaos,2000\n")
    store = tmp_path / "s.duckdb"
    [top] = load(store, tsv).files
    [report] = load(store, engagement, source="netflix-engagement").files
    assert (top.loaded, top.reasons) == (1, {"invalid_utf8": 1})
    assert (report.loaded, report.reasons) == (1, {"invalid_utf8": 1})
    assert query(store, "SELECT value FROM quarantine ORDER BY file") == [
        ("Wednesday: Season 1\\xe9",),
        ("Dark\\xff",),
    ]
    assert query(store, "SELECT name FROM titles ORDER BY title") == [
        ("Dark\xa0Matter",),
        ("Kaos",),
    ]
