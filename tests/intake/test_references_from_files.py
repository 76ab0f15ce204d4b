"""A title, season or panel missing when computing from files: the message names the files.

Before, it said "no title … in the store" even in place (``--catalog --events``), where no
store is open: the titles come from the catalog file and the panels from the panel files, so
the message names them and says what to add. From a store it still names the store.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import showmeter
from showmeter.errors import UsageError

SESSIONS = (
    "account_id,title,season,episode,started_at,seconds_watched,market\n"
    "a1,the-defenders,1,1,2017-08-18T08:00:00Z,3134,US\n"
    "a2,the-defenders,1,1,2017-08-18T09:00:00Z,700,US\n"
)
PANEL = "panel,account_id,weight\nj1,a1,2\nj1,a2,3\n"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "sessions.csv").write_text(SESSIONS)
    (tmp_path / "panel.csv").write_text(PANEL)
    return {"events": tmp_path / "sessions.csv", "panels": tmp_path / "panel.csv"}


def _message(error: pytest.ExceptionInfo[UsageError]) -> str:
    return f"{error.value} | {error.value.remedy}"


def test_a_title_missing_from_the_catalog_names_the_catalog(
    catalog_file: Path, files: dict[str, Path]
) -> None:
    with pytest.raises(UsageError) as error:
        showmeter.compute(
            "reach", catalog=catalog_file, events=files["events"], title="the-defendrs"
        )
    text = _message(error)
    assert f"no title 'the-defendrs' in the catalog {catalog_file}" in text, text
    assert "store" not in text, text
    assert (
        "Did you mean 'the-defenders'?" in text
        and f"add it to the catalog ({catalog_file})" in text
    )


def test_a_season_and_a_reference_missing_from_the_catalog(
    catalog_file: Path, files: dict[str, Path]
) -> None:
    with pytest.raises(UsageError) as error:
        showmeter.compute(
            "reach", catalog=catalog_file, events=files["events"], title="the-defenders", season=7
        )
    text = _message(error)
    assert f"no season 7 of 'the-defenders' in the catalog {catalog_file}" in text, text
    assert "Seasons: 1." in text, text
    with pytest.raises(UsageError) as error:
        showmeter.compute(
            "reach_index", catalog=catalog_file, events=files["events"], reference="daredevil:9"
        )
    assert f"no season daredevil:9 in the catalog {catalog_file}" in _message(error)


def test_a_panel_without_panel_files_or_missing_from_them(
    catalog_file: Path, files: dict[str, Path]
) -> None:
    with pytest.raises(UsageError) as error:
        showmeter.compute("reach", catalog=catalog_file, events=files["events"], panel="j1")
    text = _message(error)
    assert "no panel 'j1': no panel files were given" in text and "--panel FILE" in text, text
    with pytest.raises(UsageError) as error:
        showmeter.compute(
            "reach",
            catalog=catalog_file,
            events=files["events"],
            panels=files["panels"],
            panel="j2",
        )
    text = _message(error)
    assert "the panel files have no panel 'j2' of account units" in text, text
    assert "Panels in the panel files: j1 (account)." in text, text
    # and with the panel present, the figure is the Σ weight (a1 and a2: 2 + 3)
    result = showmeter.compute(
        "reach", catalog=catalog_file, events=files["events"], panels=files["panels"], panel="j1"
    )
    values = {(r["title"], r["season"]): r["value"] for r in result.rows}
    assert values[("the-defenders", 1)] == 5.0


def test_from_a_store_the_message_still_names_the_store(
    tmp_path: Path, catalog_file: Path, files: dict[str, Path]
) -> None:
    store = tmp_path / "s.duckdb"
    showmeter.ingest(store, catalog=catalog_file, events=files["events"])
    with pytest.raises(UsageError) as error:
        showmeter.compute("reach", store=store, title="the-defendrs")
    assert "no title 'the-defendrs' in the store" in _message(error)
    assert "catalog" not in _message(error)
    with pytest.raises(UsageError) as error:
        showmeter.compute("reach", store=store, panel="j1")
    assert "the store has no panel 'j1' of account units" in _message(error)
    # and a report from files names the catalog too
    with pytest.raises(UsageError) as error:
        showmeter.report(
            "the-defenders:1", catalog=catalog_file, events=files["events"], panel="j1"
        )
    assert "no panel files were given" in _message(error)


@pytest.mark.spark
def test_on_spark_in_place_the_message_names_the_catalog_too(
    catalog_file: Path, files: dict[str, Path]
) -> None:
    with pytest.raises(UsageError) as error:
        showmeter.compute(
            "reach",
            catalog=catalog_file,
            events=files["events"],
            engine="spark",
            title="the-defendrs",
        )
    text = _message(error)
    assert f"no title 'the-defendrs' in the catalog {catalog_file}" in text, text
    with pytest.raises(UsageError) as error:
        showmeter.compute(
            "reach", catalog=catalog_file, events=files["events"], engine="spark", panel="j1"
        )
    assert "no panel files were given" in _message(error)
