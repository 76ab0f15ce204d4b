"""Issue 20.9: the titles page paged, sorted by any key figure, filtered; Compare pre-filled;
the Data page's caption."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import duckdb
import pytest
from web_support import REFERENCE, SEASON, TestClient

from showmeter.web.titles import KPIS, PAGE_SIZE

ROW = re.compile(r'<tr><td><a href="/season/([^/"]+)/(\d+)">')


def _keys(html: str) -> list[str]:
    return [f"{title}:{season}" for title, season in ROW.findall(html)]


def _store_rows(store: Path, sql: str) -> list[tuple[object, ...]]:
    """An independent reading of the store's records, straight through DuckDB."""
    with duckdb.connect(str(store), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def _figures(client: TestClient) -> dict[str, dict[str, float | None]]:
    """Every season's key figures, from the unpaged CSV."""
    table = list(csv.DictReader(io.StringIO(client.get("/titles.csv").text)))
    return {
        f"{r['title']}:{r['season']}": {k: float(r[k]) if r[k] else None for k in KPIS}
        for r in table
    }


def test_the_titles_are_paged_fifty_at_a_time(client: TestClient, demo_store: Path) -> None:
    (seasons,) = _store_rows(demo_store, "SELECT count(*) FROM seasons")[0]
    pages = -(-int(str(seasons)) // PAGE_SIZE)  # 1056 seasons: 22 pages, the last of 6
    first = client.get("/").text
    assert len(_keys(first)) == PAGE_SIZE
    assert f"Seasons 1–50 of {seasons}; page 1 of {pages}." in first
    assert 'rel="next" href="/?page=2"' in first and 'rel="prev"' not in first
    last = client.get("/", params={"page": pages}).text
    assert len(_keys(last)) == int(str(seasons)) - (pages - 1) * PAGE_SIZE
    assert 'rel="next"' not in last
    # every season appears on exactly one page, in title and season order
    every = [k for n in range(1, pages + 1) for k in _keys(client.get(f"/?page={n}").text)]
    ordered = _store_rows(demo_store, "SELECT title, season FROM seasons ORDER BY 1, 2")
    assert every == [f"{t}:{s}" for t, s in ordered]


@pytest.mark.parametrize("column", KPIS)
def test_the_titles_sort_by_any_key_figure(client: TestClient, column: str) -> None:
    figures = _figures(client)
    for order, reverse in (("desc", True), ("asc", False)):
        shown = _keys(client.get("/", params={"sort": column, "order": order}).text)
        values = [figures[k][column] for k in shown]
        present = [v for v in values if v is not None]
        assert present == sorted(present, reverse=reverse)
        assert values[: len(present)] == present  # seasons without a value come last
    first = client.get("/", params={"sort": column}).text  # largest first by default
    best = max(v for f in figures.values() if (v := f[column]) is not None)
    assert figures[_keys(first)[0]][column] == best
    assert f'aria-sort="descending"><a class="sort" data-sort="{column}"' in first
    assert f'href="/?sort={column}&amp;order=asc"' in first  # a second click reverses it


def test_the_titles_filter_by_kind_and_category(client: TestClient, demo_store: Path) -> None:
    films = _store_rows(demo_store, "SELECT title FROM titles WHERE kind = 'film' ORDER BY 1")
    shown = _keys(client.get("/", params={"kind": "film"}).text)
    assert sorted(k.split(":")[0] for k in shown) == [str(t) for (t,) in films]
    superhero = _store_rows(
        demo_store,
        "SELECT s.title, s.season FROM seasons s JOIN titles t USING (title) "
        "WHERE t.category = 'superhero' AND t.kind = 'series' ORDER BY 1, 2",
    )
    answer = client.get("/", params={"kind": "series", "category": "superhero"}).text
    assert _keys(answer) == [f"{t}:{s}" for t, s in superhero]
    assert '<option value="superhero" selected>' in answer
    csv_rows = list(csv.DictReader(io.StringIO(client.get("/titles.csv?category=superhero").text)))
    assert {r["category"] for r in csv_rows} == {"superhero"}
    assert len(csv_rows) == len(superhero)


@pytest.mark.parametrize(
    "query",
    ["kind=show", "category=nope", "sort=title", "order=up", "page=0", "page=999", "size=10"],
)
def test_a_bad_choice_is_refused_with_a_reason(client: TestClient, query: str) -> None:
    answer = client.get(f"/?{query}", headers={"accept": "application/json"})
    assert answer.status_code == 400
    assert answer.json()["error"]


def test_compare_starts_with_the_season_and_its_reference(client: TestClient) -> None:
    season, reference = f"{SEASON[0]}:{SEASON[1]}", f"{REFERENCE[0]}:{REFERENCE[1]}"
    answer = client.get("/compare").text
    chosen = re.findall(r'<option value="([^"]+)" selected>', answer)
    assert chosen == [season, reference]
    assert answer.count("<svg") >= 3
    # the season page links to Compare with its own season and reference
    page = client.get(f"/season/{SEASON[0]}/{SEASON[1]}").text
    assert f'href="/compare?season={season.replace(":", "%3A")}' in page
    # an empty choice stays empty: nothing is chosen for the user once they chose
    emptied = client.get("/compare?season=&season=").text
    assert "Choose two seasons or more." in emptied


def test_the_data_page_caption_is_two_sentences(client: TestClient) -> None:
    page = client.get("/data").text
    assert "duplicates.</p>" in page
    text = re.sub(r"<[^>]+>", " ", page)  # text without tags, as a reader sees it
    assert "duplicates.Tables" not in re.sub(r"<[^>]+>", "", page)
    assert "Rows in the store's tables: markets" in text
