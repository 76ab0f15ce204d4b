"""Issue 14: estimated runtimes flow into every result that uses them; no launch is an error.

The catalog: ``dark`` season 1 has three episodes, two with estimated runtimes (drafted), and
a launch; season 2 has one episode with a given runtime and a launch; ``hush`` season 1 has
no launch. Four sessions, all in the US.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

import showmeter
from showmeter.engines.batch import compute_many
from showmeter.errors import InputError
from showmeter.store import Store

if TYPE_CHECKING:
    from pathlib import Path

CATALOG = """\
titles:
  - title: "dark"
    seasons:
      - season: 1
        episodes:
          - {episode: 1, runtime: "50:00", runtime_origin: "estimate"}
          - {episode: 2, runtime: "50:00", runtime_origin: "estimate"}
          - {episode: 3, runtime: "50:00"}
        launches: [{market: "*", at: "2024-01-01T08:00:00Z"}]
      - season: 2
        episodes:
          - {episode: 1, runtime: "1:00:00", runtime_origin: "tvmaze"}
        launches: [{market: "*", at: "2024-06-01T08:00:00Z", origin: "tvmaze"}]
  - title: "hush"
    seasons:
      - season: 1
        episodes:
          - {episode: 1, runtime: "42:00", runtime_origin: "estimate"}
"""
SESSIONS = (
    "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market\n"
    "e1,a1,dark,1,1,2024-01-01T09:00:00Z,3000,tv,US\n"
    "e2,a1,dark,1,2,2024-01-01T10:00:00Z,3000,tv,US\n"
    "e3,a1,dark,1,3,2024-01-01T11:00:00Z,3000,tv,US\n"
    "e4,a2,hush,1,1,2024-02-01T11:00:00Z,2520,tv,US\n"
)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    (tmp_path / "catalog.yaml").write_text(CATALOG)
    (tmp_path / "sessions.csv").write_text(SESSIONS)
    path = tmp_path / "s.duckdb"
    showmeter.ingest(
        store=path, catalog=tmp_path / "catalog.yaml", events=[tmp_path / "sessions.csv"]
    )
    return path


def _estimates(result: showmeter.Result) -> object:
    entries = [e for e in result.inputs if "runtime_estimates" in e]
    return entries[0]["runtime_estimates"] if entries else None


def test_a_result_from_estimated_runtimes_says_so(store: Path) -> None:
    # binge_racers compares the seconds watched with the runtimes: dark:1 has 3 episodes,
    # 2 of them estimated (episodes 1 and 2)
    result = showmeter.compute("binge_racers", store=store, title="dark", season=1)
    assert _estimates(result) == {
        "estimated": 2,
        "episodes": 3,
        "seasons": {"dark:1": {"estimated": 2, "episodes": 3}},
    }
    note = next(e["note"] for e in result.inputs if "note" in e)
    assert note.startswith("runtimes estimated for 2 of 3 episodes")
    assert json.loads(json.dumps(result.to_dict()))["inputs"][-1]["runtime_estimates"]


def test_only_results_that_use_runtimes_say_so(store: Path) -> None:
    # reach counts viewers: no runtime in it
    assert _estimates(showmeter.compute("reach", store=store, title="dark", season=1)) is None
    # dark:2's runtime comes from TVmaze: looked up, not estimated
    assert _estimates(showmeter.compute("completers", store=store, title="dark", season=2)) is None
    # every season of dark: 2 of its 4 episodes are estimates
    funnel = showmeter.compute("episode_funnel", store=store, title="dark")
    assert _estimates(funnel) == {
        "estimated": 2,
        "episodes": 4,
        "seasons": {"dark:1": {"estimated": 2, "episodes": 3}},
    }


def test_the_store_keeps_the_origins_and_an_old_store_opens(store: Path) -> None:
    from showmeter.store import Store

    with Store(store, read_only=True) as opened:
        assert opened.runtime_estimates() == {
            "dark:1": {"estimated": 2, "episodes": 3},
            "hush:1": {"estimated": 1, "episodes": 1},
        }
        assert "runtime_estimates" not in opened.describe()  # told by the results using it
    with Store(store) as opened:  # a store written before the table existed
        opened.connection.execute("DROP TABLE runtime_origins")
    with Store(store, read_only=True) as opened:  # read: every runtime given
        assert opened.runtime_estimates() == {}
    result = showmeter.compute("binge_racers", store=store, title="dark", season=1)
    assert _estimates(result) is None
    with Store(store) as opened:  # opened for writing: the table is added
        assert "runtime_origins" in opened.table_names()


def test_a_launch_metric_without_launches_is_an_error_naming_the_season(store: Path) -> None:
    with pytest.raises(InputError) as raised:
        showmeter.compute("reach", store=store, title="hush", season=1)
    message = str(raised.value)
    assert "season hush:1 has no launch" in message
    assert "showmeter catalog enrich --metadata tvmaze CATALOG" in message
    assert "`launches:`" in message
    # a metric not measured from the launch is computed
    assert showmeter.compute("demand", store=store, title="hush").metric == "demand"


def test_every_season_without_a_launch_is_named_and_a_launched_one_is_enough(
    store: Path, tmp_path: Path
) -> None:
    # over every season of the store, dark's launches are enough: no error
    assert showmeter.compute("reach", store=store).rows is not None
    # a reference season without a launch is named
    with pytest.raises(InputError, match="season hush:1 has no launch"):
        showmeter.compute("reach_index", store=store, title="dark", season=1, reference="hush:1")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "showmeter", *args], capture_output=True, text=True, check=False
    )


def test_the_cli_and_the_report_exit_1_without_launches(store: Path, tmp_path: Path) -> None:
    done = _cli(
        "compute", "binge_racers", "--store", str(store), "--title", "hush", "--season", "1"
    )
    assert done.returncode == 1, done.stderr
    assert "season hush:1 has no launch" in done.stderr
    assert done.stdout == ""
    report = _cli("report", "hush:1", "--store", str(store), "--output", str(tmp_path / "r"))
    assert report.returncode == 1, report.stderr
    assert "season hush:1 has no launch" in report.stderr
    assert "catalog enrich" in report.stderr


def test_the_report_shows_the_estimates(store: Path, tmp_path: Path) -> None:
    done = _cli("report", "dark:1", "--store", str(store), "--output", str(tmp_path / "r"))
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "r" / "report.html").read_text()
    assert "Some runtimes are estimates." in html
    assert "<code>dark:1</code>: 2 of 3 episodes" in html
    document = json.loads((tmp_path / "r" / "report.json").read_text())
    assert document["store"]["runtime_estimates"]["dark:1"] == {"estimated": 2, "episodes": 3}


def test_seasons_left_out_for_want_of_a_launch_are_named_in_inputs(store: Path) -> None:
    # reach over the whole store: dark:1 and dark:2 have launches, hush:1 has none, so hush's
    # one viewer (a2) counts nowhere; the result says so, single and batched alike
    result = showmeter.compute("reach", store=store)
    assert {(row["title"], row["season"]) for row in result.rows} == {("dark", 1), ("dark", 2)}
    notes = [entry for entry in result.inputs if "seasons_without_launch" in entry]
    assert notes == [
        {
            "seasons_without_launch": ["hush:1"],
            "note": notes[0]["note"],
        }
    ]
    assert "showmeter catalog enrich --metadata tvmaze" in str(notes[0]["note"])
    again = showmeter.compute("reach", store=store)  # the cached SQL's path says the same
    assert [e for e in again.inputs if "seasons_without_launch" in e] == notes
    # a season that has a launch leaves nothing out
    alone = showmeter.compute("reach", store=store, title="dark", season=1)
    assert not [e for e in alone.inputs if "seasons_without_launch" in e]


@pytest.mark.parametrize("metric", ["binge_racers", "views"])
def test_a_figure_served_by_a_pre_aggregation_still_says_its_runtimes_are_estimates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, metric: str
) -> None:
    # the same store, keeping its pre-aggregations (it is far below the usual threshold):
    # the stored table a figure is read from has no runtime column, but the figure still
    # rests on dark:1's estimated runtimes (2 of 3), alone and in a batch
    from showmeter.engines import preaggregates as kept

    monkeypatch.setenv(kept.MIN_SESSIONS_VARIABLE, "0")
    monkeypatch.setenv("SHOWMETER_SQL_CACHE", "off")
    (tmp_path / "catalog.yaml").write_text(CATALOG)
    (tmp_path / "sessions.csv").write_text(SESSIONS)
    path = tmp_path / "kept.duckdb"
    showmeter.ingest(
        store=path, catalog=tmp_path / "catalog.yaml", events=[tmp_path / "sessions.csv"]
    )
    single = showmeter.compute(metric, store=path, title="dark", season=1)
    assert single.computed_from is not None and "agg_" in single.computed_from
    with Store(path, read_only=True) as opened:
        [batched] = compute_many([_Ask(metric)], source=opened.connection)
    assert batched.computed_from is not None and "agg_" in batched.computed_from
    for result in (single, batched):
        assert _estimates(result) == {
            "estimated": 2,
            "episodes": 3,
            "seasons": {"dark:1": {"estimated": 2, "episodes": 3}},
        }


@dataclasses.dataclass(frozen=True)
class _Ask:
    """A request of compute_many: one metric of dark:1 at its defaults."""

    metric: str
    params: dict[str, object] = dataclasses.field(default_factory=dict)
    title: str | None = "dark"
    season: int | None = 1
