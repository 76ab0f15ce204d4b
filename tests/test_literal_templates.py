"""Compiled SQL shared by every value of a filter (engines.literals): the same SQL text.

Every metric that takes ``markets`` or ``devices`` (and ``rank`` of each such metric) is
compiled under several values through its template (compiled once with marks, the values put
back) and directly (its expression built with its own values and compiled); the two texts must
be equal, character for character. Values the parameters refuse (quotes, backslashes) are set
here without parsing, to check the quoting the template uses against Ibis's own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from showmeter import definitions
from showmeter.definitions.params import Names
from showmeter.engines import compiled as compiled_sql
from showmeter.engines import literals
from showmeter.engines.duckdb_engine import DuckDBEngine
from showmeter.engines.prepared import Prepared, prepare


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SHOWMETER_SQL_CACHE", raising=False)
    return tmp_path / "cache" / "sql"


def _filtered() -> list[tuple[str, dict[str, object]]]:
    """Every metric with a market or device filter, and ``rank`` of each one it can rank."""
    found: list[tuple[str, dict[str, object]]] = []
    for metric in definitions.all_metrics():
        names = {p.name for p in metric.params}
        if not names & {"markets", "devices"}:
            continue
        given: dict[str, object] = {"reference": "daredevil:2"} if "reference" in names else {}
        found.append((metric.name, given))
        if metric.per_season:
            found.append(("rank", {"metric": metric.name, **given}))
    return found


FILTERED = _filtered()

VALUES: list[dict[str, tuple[str, ...]]] = [
    {"markets": ("KR",)},
    {"markets": ("US",)},
    {"markets": ("GB", "KR", "US")},
    {"markets": ("ZZ",)},  # a market absent from any data
    {"devices": ("mobile",)},
    {"devices": ("desktop", "tv")},
    {"devices": ("tv",), "markets": ("KR",)},
    # refused by the parameters (below), set here unparsed: the quoting must be Ibis's
    {"markets": ("O'B", "a''b")},
    {"markets": ("K\\R", "%_", "x') OR ('1'='1")},
    {"markets": ("@showmeter:devices:000@",), "devices": ("tv",)},
]


def _with(prepared: Prepared, values: dict[str, tuple[str, ...]]) -> Prepared | None:
    """The computation with these filter values (unparsed), or None when it takes none of them."""
    given = {k: v for k, v in values.items() if k in prepared.resolved}
    if set(given) != set(values):
        return None
    return Prepared(
        prepared.definition,
        prepared.resolved.replaced(given),
        prepared.title,
        prepared.season,
        prepared.alone,
    )


def test_the_metrics_checked_are_those_with_a_filter() -> None:
    names = {name for name, _ in FILTERED}
    assert {"reach", "binge_racers", "episode_funnel", "demand_multiple", "rank"} <= names
    assert len(FILTERED) >= 25


@pytest.mark.parametrize(("metric", "params"), FILTERED)
@pytest.mark.parametrize("where", [{}, {"title": "the-defenders", "season": 1}])
def test_every_filtered_metric_compiles_to_the_same_sql_through_its_template(
    metric: str, params: dict[str, object], where: dict[str, object], cache: Path
) -> None:
    engine = DuckDBEngine()
    if where and metric.startswith("demand"):  # a market's demand: no title, no season
        where = {}
    base = prepare(metric, params, build=False, **where)  # type: ignore[arg-type]
    checked = 0
    for values in VALUES:
        for alone in (True, False) if where else (True,):
            asked = _with(base.aligned(alone), values)
            if asked is None:
                continue
            templated = compiled_sql.compiled(asked, engine)
            direct = engine.compile(asked.expr)
            assert templated.sql == direct, (metric, values)
            assert templated.schema == asked.expr.schema().to_pyarrow()
            checked += 1
    assert checked >= 3
    # one entry per shape of the filters, and no value in any (only marks)
    texts = [p.read_text() for p in cache.glob("*.json")]
    assert texts
    assert all("'KR'" not in t and "O''B" not in t for t in texts)


def test_a_template_entry_is_read_back_for_another_value_without_building(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = DuckDBEngine()
    korea = prepare("binge_racers", {"markets": "KR"}, title="the-defenders", season=1)
    where: dict[str, object] = {"title": "the-defenders", "season": 1}
    expected = engine.compile(prepare("binge_racers", {"markets": "GB"}, **where).expr)  # type: ignore[arg-type]
    compiled_sql.compiled(korea, engine)
    [entry] = cache.glob("*.json")
    assert "@showmeter:markets:000@" in json.loads(entry.read_text())["sql"]

    def no_expression(self: Prepared) -> None:
        raise AssertionError("built")

    britain = prepare("binge_racers", {"markets": "GB"}, build=False, **where)  # type: ignore[arg-type]
    monkeypatch.setattr(Prepared, "expr", property(no_expression))
    again = compiled_sql.compiled(britain, engine)
    assert again.cached
    assert again.sql == expected
    assert "'GB'" in again.sql and "'KR'" not in again.sql


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (Names("markets", upper=True, pattern=r"[A-Z]{2}"), "K'R"),
        (Names("markets", upper=True, pattern=r"[A-Z]{2}"), "@showmeter:markets:000@"),
        (Names("devices", allowed=("tv", "mobile")), "tv'"),
    ],
)
def test_values_with_quotes_are_refused_by_the_parameters(kind: Names, value: str) -> None:
    with pytest.raises(ValueError, match="is not one"):
        kind.parse(value)
    params = definitions.get("reach").params
    for param in params:
        if param.name in ("markets", "devices"):
            with pytest.raises(ValueError):
                param.kind.parse(value)


def test_quote_doubles_single_quotes_only() -> None:
    assert literals.quote("KR") == "'KR'"
    assert literals.quote("O'B") == "'O''B'"
    assert literals.quote("a''b") == "'a''''b'"
    assert literals.quote("K\\R") == "'K\\R'"


def test_a_mark_outside_a_whole_literal_is_not_filled() -> None:
    values = {"'@showmeter:markets:000@'": "'KR'"}
    sql = "SELECT 1 WHERE m IN ('@showmeter:markets:000@')"
    assert literals.fill(sql, values) == "SELECT 1 WHERE m IN ('KR')"
    # part of a longer literal, or bare: the template is not used
    assert literals.fill("SELECT 'x@showmeter:markets:000@'", values) is None
    assert literals.fill("SELECT @showmeter:markets:000@", values) is None
    # a mark the values do not give
    assert literals.fill("SELECT '@showmeter:devices:000@'", values) is None
    assert not literals.usable("SELECT '@showmeter:markets:000@x'")


def test_no_filter_value_no_template() -> None:
    assert literals.set_aside(prepare("reach", {}, build=False)) is None
    assert literals.set_aside(prepare("reach", {"markets": "all"}, build=False)) is None
    aside = literals.set_aside(prepare("reach", {"markets": "US,KR"}, build=False))
    assert aside is not None
    assert aside.template.resolved["markets"] == (
        "@showmeter:markets:000@",
        "@showmeter:markets:001@",
    )
    assert aside.values == {
        "'@showmeter:markets:000@'": "'KR'",
        "'@showmeter:markets:001@'": "'US'",
    }


def test_a_batch_whose_computations_give_one_mark_two_values_is_not_templated() -> None:
    one = prepare("reach", {"markets": "KR"}, build=False)
    other = prepare("reach", {"markets": "US"}, build=False)
    assert literals.set_aside_all([one, other]) is None
    found = literals.set_aside_all([one, prepare("views", {"markets": "KR"}, build=False)])
    assert found is not None
    assert found[1] == {"'@showmeter:markets:000@'": "'KR'"}


def test_a_mark_given_as_another_value_is_not_templated() -> None:
    """A title or an unfiltered parameter holding a mark's text would be filled: compiled as is."""
    base = prepare("reach", {"markets": "KR"}, build=False)
    assert literals.set_aside(base) is not None
    titled = Prepared(
        base.definition, base.resolved, "@showmeter:markets:000@", base.season, base.alone
    )
    assert literals.set_aside(titled) is None
    marked = _with(base, {"markets": ("@showmeter:devices:000@",)})
    assert marked is not None
    assert literals.set_aside(marked) is None
