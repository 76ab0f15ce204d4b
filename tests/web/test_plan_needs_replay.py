"""A replay creates only the temporary tables its running queries read (engines.plan_needs).

A season page under a device (or a market whose demand the default page showed) holds figures
no filter changes, cached by then: the replay of its plan runs none of their queries, and now
creates none of the tables only those read. The figures must be those of the page compiled
directly, and the tables left out must be ones no running query reads.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from web_support import same_result

from showmeter.engines import plan_needs
from showmeter.engines.prepared import Prepared
from showmeter.launch.runner import Runner
from showmeter.schema import SeasonKey
from showmeter.web import season
from showmeter.web.limits import Limits

PAGE = SeasonKey("the-defenders", 1)


def _create(n: int, *reads: int) -> list[str]:
    body = " UNION ALL ".join(f'SELECT * FROM "showmeter_shared_{r}"' for r in reads) or "SELECT 1"
    return ["exec", f'CREATE TEMP TABLE "showmeter_shared_{n}" AS {body}']


def _drop(n: int) -> list[str]:
    return ["exec", f'DROP TABLE IF EXISTS temp."showmeter_shared_{n}"']


def test_the_tables_needed_are_those_the_running_steps_read_through_every_table() -> None:
    steps = [
        _create(1),
        _create(2, 1),  # 2 reads 1
        _create(3),
        _create(4, 3),
        _create(5),
        ["run", 0, 'SELECT * FROM "showmeter_shared_2"'],
        ["run", 1, 'SELECT * FROM "showmeter_shared_4"'],
        ["group", 2, 'SELECT * FROM "showmeter_shared_5"', 2],
        ["member", 3, 2, 1],
        _drop(1),
        _drop(2),
        _drop(3),
        _drop(4),
        _drop(5),
    ]
    members = {2: {2, 3}}
    assert plan_needs.needed(steps, set(), members) == {
        f"showmeter_shared_{n}" for n in range(1, 6)
    }
    # 1 known: 4 and 3 (read only through 4) are not made; the group runs for member 3
    assert plan_needs.needed(steps, {1, 2}, members) == {
        "showmeter_shared_1",
        "showmeter_shared_2",
        "showmeter_shared_5",
    }
    assert plan_needs.needed(steps, {0, 1, 2, 3}, members) == set()
    # a statement of another kind keeps what it reads
    other = ["exec", 'INSERT INTO "showmeter_shared_3" SELECT 1']
    assert plan_needs.needed([*steps, other], {0, 1, 2, 3}, members) == {"showmeter_shared_3"}
    assert plan_needs.skipped(_create(4)[1], {"showmeter_shared_3"})
    assert plan_needs.skipped(_drop(4)[1], {"showmeter_shared_3"})
    assert not plan_needs.skipped(_drop(3)[1], {"showmeter_shared_3"})
    assert not plan_needs.skipped(other[1], set())
    assert plan_needs.target('SELECT * FROM "showmeter_shared_4"') is None


@pytest.mark.parametrize(
    ("first", "last"),
    [
        # a device after another leaves the signals' and reviews' tables out; markets (and
        # markets without sessions) replay in test_control_templates.py, ~30 s a case (CI)
        (season.Controls(device="mobile"), season.Controls(device="tv")),
    ],
)
def test_a_replay_that_leaves_tables_out_gives_the_page_compiled_directly(
    first: season.Controls,
    last: season.Controls,
    demo_store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the first value's page (its plan kept), then the last's, replayed in the same runner:
    # the figures no filter changes are cached by then, their tables left out
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("SHOWMETER_SQL_CACHE", raising=False)
    left_out: list[str] = []
    kept_skipped = plan_needs.skipped

    def noted(sql: str, wanted: object) -> bool:
        found = kept_skipped(sql, wanted)  # type: ignore[arg-type]
        if found:
            left_out.append(sql)
        return found

    runner = Runner(demo_store, Limits(query_timeout=3600.0))
    try:
        runner.compute_all(season.queries(runner, PAGE, first))
        asked = season.queries(runner, PAGE, last)
        with monkeypatch.context() as patched:
            patched.setattr(Prepared, "expr", property(_no_expression))
            patched.setattr("showmeter.engines.plans.skipped", noted)
            replayed = runner.compute_all(asked)
    finally:
        runner.close()
    created = [s for s in left_out if s.startswith("CREATE")]
    assert created, "no table was left out: the test would not test the change"
    assert len(left_out) == 2 * len(created)  # each left out is neither created nor dropped
    monkeypatch.setenv("SHOWMETER_SQL_CACHE", "off")
    fresh = Runner(demo_store, Limits(query_timeout=3600.0))
    try:
        direct = fresh.compute_all(season.queries(fresh, PAGE, last))
    finally:
        fresh.close()
    assert len(replayed) == len(direct) >= 40
    for one, other in zip(replayed, direct, strict=True):
        same_result(one, other, rows_may_be_none=True)


def _no_expression(self: Prepared) -> None:
    raise AssertionError(f"{self.metric}'s expression was built")
