"""``benchmarks.load_profile``'s grouping of a load's statements by step, worked by hand."""

from __future__ import annotations

from benchmarks.load_profile import step, steps


def test_each_label_falls_in_its_step() -> None:
    assert step("INSERT INTO stage_viewing") == "staging + rules"
    assert step("CREATE") == "staging + rules"
    assert step("CREATE TABLE IF") == "other statements"  # not the bare CREATE
    assert step("INSERT INTO main.viewing") == "rows into the store"
    assert step('CREATE OR REPLACE TABLE main."agg_unit_progress"') == "per-unit progress"
    assert step('DELETE FROM main."agg_unit_progress"') == "per-unit progress"
    assert step('UPDATE main."agg_unit_days"') == "per-day rows"
    assert step('INSERT INTO main."agg_season_reach"') == "season figures"
    assert step("CREATE OR REPLACE TEMP TABLE showmeter_shared_0") == "season figures"
    assert step("CREATE OR REPLACE TEMP TABLE showmeter_counted_delta") == "refresh's own tables"
    assert step("COMMIT") == "commit, checkpoint"
    assert step("SELECT") == "other statements"


def test_steps_sum_the_phases_and_leave_python_as_the_rest() -> None:
    load = {
        "cpu": 3.0,
        "statements_cpu": 2.5,
        "phases": {
            "INSERT INTO stage_viewing": [1, 1.0, 2.0],
            "CREATE": [5, 0.25, 0.5],
            'CREATE OR REPLACE TABLE main."agg_season_views"': [1, 0.75, 1.0],
            "SELECT": [3, 0.5, 0.5],
        },
    }
    assert steps(load) == {
        "staging + rules": 1.25,
        "season figures": 0.75,
        "other statements": 0.5,
        "Python": 0.5,
    }
