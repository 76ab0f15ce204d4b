"""The launch report from Netflix's published figures: alone, and beside sessions."""

from __future__ import annotations

import json
from pathlib import Path

from workbooks import FIXTURES

from showmeter import api


def _sections(folder: Path) -> dict[str, dict[str, object]]:
    data = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    return {section["key"]: section for section in data["sections"]}


def _table(section: dict[str, object], figure: str, name: str) -> list[dict[str, object]]:
    for fig in section["figures"]:  # type: ignore[attr-defined]
        if fig["key"] == figure:
            for table in fig["tables"]:
                if table["name"] == name:
                    return list(table["rows"])
    raise AssertionError(f"no table {name} in {figure}")


def test_a_report_from_published_figures_alone(charts_store: Path, tmp_path: Path) -> None:
    api.report("wednesday:2", store=charts_store, reference="wednesday:1", output=tmp_path)
    sections = _sections(tmp_path)
    # no session in the store: no viewing section, the published figures' section instead
    assert list(sections) == ["charts"]
    charts = sections["charts"]
    hours = _table(charts, "chart_weekly", "chart_hours")
    season = [(r["week_number"], r["value"]) for r in hours if r["season_name"] == "Wednesday S2"]
    assert season == [(1, 50e6), (2, 40e6), (3, 20e6), (4, 10e6), (5, 60e6)]  # global-2025.tsv
    reference = [r["value"] for r in hours if r["season_name"] == "Wednesday S1"]
    assert reference == [341_230_000.0, 411_290_000.0, 5_300_000.0]
    index = _table(charts, "chart_weekly", "chart_hours_index")
    assert [r["index"] for r in index if r["season_name"] == "Wednesday S2"][:3] == [100, 80, 40]
    wow = _table(charts, "chart_decay", "chart_wow")
    assert [r["value"] for r in wow if r["season_name"] == "Wednesday S2"][2:4] == [-0.5, -0.5]
    weeks = {r["season_name"]: r["value"] for r in _table(charts, "chart_list", "chart_weeks")}
    assert weeks == {"Wednesday S2": 5, "Wednesday S1": 3}
    markets = _table(charts, "chart_markets", "chart_markets")
    assert (markets[0]["value"], markets[0]["number_one_markets"]) == (5, "GB,NA,US")
    engagement = _table(charts, "engagement", "engagement")
    # Wednesday 1 in each of the three reports; its views derived in H2 2023 only
    assert sorted((r["period_start"], r["value"]) for r in engagement) == [
        ("2023-01-01", 507_700_000.0),
        ("2023-07-01", 98_000_000.0),
        ("2024-07-01", 95_000_000.0),
    ]
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "published hours viewed in each week" in html  # each figure with its definition
    # ... and the files it was published in: the Top 10 lists, or the engagement reports
    captions = {fig["key"]: fig["caption"] for fig in charts["figures"]}  # type: ignore[attr-defined]

    def named(caption: str) -> list[str]:
        head, _, files = caption.rpartition(" Source files: ")
        assert head, caption
        return sorted(files.rstrip(".").split(", "))

    tops = ["countries.tsv", *(f"global-{era}.tsv" for era in (2021, 2023, 2024, 2025))]
    assert named(captions["chart_weekly"]) == tops
    assert named(captions["engagement"]) == [
        "engagement-2023H2.csv",
        "report-2024H2.xlsx",
        "report-h1.xlsx",
    ]


def test_a_store_with_sessions_and_published_figures_shows_both(tmp_path: Path) -> None:
    store = tmp_path / "both.duckdb"
    sessions = tmp_path / "sessions.csv"
    sessions.write_text(
        "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market\n"
        "e1,a1,wed,2,1,2025-08-06T09:00:00Z,3480,tv,US\n"
        "e2,a2,wed,2,1,2025-08-07T20:00:00Z,1200,mobile,GB\n",
        encoding="utf-8",
    )
    catalog = FIXTURES / "catalog.yaml"
    api.ingest(store, catalog=catalog, events=[str(sessions)])
    api.ingest(
        store, catalog=catalog, events=[str(FIXTURES / "global-2025.tsv")], source="netflix-top10"
    )
    api.report("wed:2", store=store, output=tmp_path / "out")
    sections = _sections(tmp_path / "out")
    assert {"headline", "audience", "charts"} <= set(sections)
    hours = _table(sections["charts"], "chart_weekly", "chart_hours")
    assert [r["value"] for r in hours] == [50e6, 40e6, 20e6, 10e6, 60e6]


def test_a_store_from_before_the_published_table_still_opens_read_only(tmp_path: Path) -> None:
    import duckdb

    from showmeter.store import Store

    store = tmp_path / "old.duckdb"
    with Store(str(store)):
        pass
    with duckdb.connect(str(store)) as con:
        con.execute("DROP TABLE published")
    with Store(str(store), read_only=True) as opened:
        assert opened.counts()["published"] == 0  # read as empty, the file untouched
    with duckdb.connect(str(store), read_only=True) as con:
        names = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert "published" not in names
