"""The public Python API: what it exports, and that it gives what the CLI gives."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import showmeter

# The Defenders S1: episode 1 runs 52:14 (3,134 s), episode 2 3,000 s, launched
# 2017-08-18T07:00Z everywhere. Account a1 watches all of both within 24 h (a binge racer);
# a2 watches all of episode 1 only; a3's row is quarantined (naive timestamp); a4's names a
# title the catalog lacks; the last row repeats the first (a duplicate).
HEADER = "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market\n"
SESSIONS = (
    HEADER
    + "e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,3134,tv,US\n"
    + "e2,a1,the-defenders,1,2,2017-08-18T09:00:00Z,3000,tv,US\n"
    + "e3,a2,the-defenders,1,1,2017-08-18T10:00:00Z,3134,desktop,KR\n"
    + "e4,a3,the-defenders,1,2,2017-08-18T09:00:00,3000,tv,KR\n"
    + "e5,a4,the-punisher,1,1,2017-08-18T09:00:00Z,10,tv,US\n"
    + "e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,3134,tv,US\n"
)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "showmeter", *args], capture_output=True, text=True, check=False
    )


@pytest.fixture
def loaded(tmp_path: Path, catalog_file: Path) -> tuple[Path, showmeter.LoadSummary]:
    events = tmp_path / "sessions.csv"
    events.write_text(SESSIONS)
    store = tmp_path / "launch.duckdb"
    return store, showmeter.ingest(store, catalog=catalog_file, events=events)


def test_the_public_api_is_exactly_what_all_lists() -> None:
    assert showmeter.__all__ == [
        "InputError",
        "LoadRefusedError",
        "LoadSummary",
        "MissingFileError",
        "ResourceError",
        "Result",
        "ShowmeterError",
        "UsageError",
        "UserError",
        "__version__",
        "compute",
        "ingest",
        "metrics",
        "report",
    ]
    for name in showmeter.__all__:
        assert getattr(showmeter, name) is not None
    assert callable(showmeter.metrics)


def test_importing_showmeter_loads_no_engine() -> None:
    code = (
        "import sys, showmeter; "
        "print(sorted(m for m in ('duckdb', 'ibis', 'pyarrow', 'pandas', 'pyspark') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_ingest_summarizes_and_reconciles_and_a_reload_changes_nothing(
    loaded: tuple[Path, showmeter.LoadSummary], catalog_file: Path, tmp_path: Path
) -> None:
    store, summary = loaded
    assert (summary.read, summary.loaded, summary.quarantined, summary.duplicates) == (6, 3, 2, 1)
    assert summary.reasons == {"naive_timestamp": 1, "unknown_title": 1}
    assert summary.to_list()[0]["read"] == 6
    assert summary.to_dict()["files"] == summary.to_list()
    again = showmeter.ingest(store, catalog=catalog_file, events=tmp_path / "sessions.csv")
    assert (again.read, again.loaded, again.quarantined, again.duplicates) == (6, 0, 2, 4)


def test_compute_counts_the_binge_racer_and_equals_the_cli_json(
    loaded: tuple[Path, showmeter.LoadSummary],
) -> None:
    store, _ = loaded
    result = showmeter.compute("binge_racers", store=store, title="the-defenders", season=1)
    assert [(row["title"], row["season"], row["value"]) for row in result.rows] == [
        ("the-defenders", 1, 1)
    ]
    assert result.params["window_hours"] == 24
    printed = cli(
        "compute", "binge_racers", "--store", str(store), "--title", "the-defenders",
        "--season", "1", "--format", "json",
    )  # fmt: skip
    assert printed.returncode == 0, printed.stderr
    assert json.loads(printed.stdout) == result.to_dict()


def test_parameters_as_keywords_and_as_a_mapping_are_the_same(
    loaded: tuple[Path, showmeter.LoadSummary],
) -> None:
    store, _ = loaded
    # On the first day after the launch a1 (08:00Z) and a2 (10:00Z) both view it.
    by_keyword = showmeter.compute("reach", store=store, title="the-defenders", window_days=1)
    by_mapping = showmeter.compute(
        "reach", store=store, title="the-defenders", params={"window_days": "1"}
    )
    assert by_keyword.to_dict() == by_mapping.to_dict()
    assert by_keyword.rows[0]["value"] == 2  # a1 and a2 both viewed on the first day
    ranked = showmeter.compute("rank", store=store, params={"metric": "binge_racers"})
    assert [(row["title"], row["season"], row["value"], row["rank"]) for row in ranked.rows] == [
        ("the-defenders", 1, 1, 1),
        ("daredevil", 2, 0, 2),
    ]


def test_results_convert_to_pandas_arrow_and_polars(
    loaded: tuple[Path, showmeter.LoadSummary],
) -> None:
    store, _ = loaded
    result = showmeter.compute("completers", store=store, title="the-defenders")
    assert result.to_pandas()["value"].tolist() == [1]
    assert result.to_arrow().column("value").to_pylist() == [1]
    pytest.importorskip("polars")
    assert result.to_polars()["value"].to_list() == [1]


def test_compute_straight_from_files_counts_what_it_quarantined(
    catalog_file: Path, tmp_path: Path
) -> None:
    events = tmp_path / "sessions.csv"
    events.write_text(SESSIONS)
    result = showmeter.compute(
        "binge_racers", catalog=catalog_file, events=[events], title="the-defenders"
    )
    assert result.rows[0]["value"] == 1
    [described] = result.inputs
    assert (described["read"], described["quarantined"]) == (6, 2)


def test_errors_are_typed_and_subclass_the_builtins(tmp_path: Path, catalog_file: Path) -> None:
    with pytest.raises(showmeter.MissingFileError) as missing:
        showmeter.compute("reach", store=tmp_path / "nowhere.duckdb")
    assert isinstance(missing.value, FileNotFoundError)
    assert "does not exist" in str(missing.value)
    with pytest.raises(ValueError, match="no data to compute from"):
        showmeter.compute("reach")
    with pytest.raises(showmeter.UsageError, match="not both"):
        showmeter.compute("reach", store=tmp_path / "s.duckdb", events=["x.csv"])
    with pytest.raises(showmeter.UsageError, match="Did you mean 'reach'"):
        showmeter.compute("rech", catalog=catalog_file, events=[_one_row(tmp_path)])
    with pytest.raises(showmeter.UsageError, match="include takes"):
        showmeter.ingest(tmp_path / "s.duckdb", catalog=catalog_file, include=["trailers"])


def test_metrics_lists_every_registered_definition() -> None:
    listed = showmeter.metrics()
    names = [metric.name for metric in listed]
    assert {"reach", "binge_racers", "average_minute_audience", "rank"} <= set(names)
    assert len(names) == len(set(names))
    reach = listed[names.index("reach")]
    assert {param.name for param in reach.params} >= {"window_days", "unit", "devices"}


def test_report_writes_the_html_and_json(
    loaded: tuple[Path, showmeter.LoadSummary], tmp_path: Path
) -> None:
    store, _ = loaded
    with pytest.raises(showmeter.UsageError, match="not a parameter the report gives"):
        showmeter.report("the-defenders:1", store=store, window_days=7)
    with pytest.raises(showmeter.UsageError, match="title:season"):
        showmeter.report("the-defenders", store=store)
    built = showmeter.report(
        "the-defenders:1", store=store, reference="daredevil:2", output=tmp_path / "out"
    )
    written = json.loads((tmp_path / "out" / "report.json").read_text())
    assert written["report"]["season"] == "the-defenders:1"
    assert written["report"]["reference"] == "daredevil:2"
    assert (tmp_path / "out" / "report.html").read_text().lower().startswith("<!doctype html>")
    assert built.scope.reference is not None


def _one_row(folder: Path) -> Path:
    path = folder / "one.csv"
    path.write_text(HEADER + "e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,3134,tv,US\n")
    return path


def test_docs_api_md_is_up_to_date() -> None:
    docs = Path(__file__).parents[1] / "docs" / "api.md"
    generated = subprocess.run(
        [sys.executable, "-m", "showmeter.api_reference"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert docs.read_text() == generated, (
        "docs/api.md is stale: run `python -m showmeter.api_reference > docs/api.md`"
    )
    for name in showmeter.__all__:
        if name != "__version__":
            assert f"`{name}`" in generated or f"`showmeter.{name}`" in generated


def test_the_verbs_stay_functions_after_every_module_is_imported() -> None:
    # A subpackage of the same name as a verb would rebind showmeter.<verb> to itself when
    # it is first imported (as computing does); import every module, then look again.
    import importlib
    import pkgutil

    for module in pkgutil.walk_packages(showmeter.__path__, "showmeter."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    for verb in ("ingest", "compute", "report", "metrics"):
        assert callable(getattr(showmeter, verb)), verb
        assert getattr(showmeter, verb).__module__ == "showmeter.api", verb
