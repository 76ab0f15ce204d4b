"""Starting a catalog: the example of ``catalog init``, the JSON Schema, the reference page."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from showmeter.catalog import load_catalog, parse_catalog
from showmeter.catalog.example import EXAMPLE
from showmeter.catalog.file_format import ENTRIES, catalog_schema, keys
from showmeter.catalog.reference import render
from showmeter.errors import CatalogError

DOCS = Path(__file__).parents[2] / "docs" / "catalog.md"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "showmeter", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


def test_catalog_init_writes_an_example_that_ingest_accepts_as_it_is(tmp_path: Path) -> None:
    done = run("catalog", "init", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = tmp_path / "catalog.yaml"
    assert written.read_text(encoding="utf-8") == EXAMPLE
    catalog = load_catalog(written)
    assert [t.title for t in catalog.titles] == ["the-defenders", "daredevil", "a-film"]
    season = catalog.season("the-defenders", 1)
    assert season is not None and season.episodes[0].runtime_s == 52 * 60 + 14
    # JP launches at midnight Tokyo time (UTC+9): 2017-08-17 15:00 UTC
    assert season.launch_for("JP", "Asia/Tokyo") == dt.datetime(2017, 8, 17, 15, tzinfo=dt.UTC)
    (tmp_path / "s.csv").write_text(
        "account_id,title,season,episode,started_at,seconds_watched,market\n"
        "a1,the-defenders,1,1,2017-08-18T08:00:00Z,1800,US\n"
        "a2,daredevil,2,2,2016-03-19T08:00:00Z,600,GB\n"
    )
    load = run(
        "ingest", "--store", "s.duckdb", "--catalog", "catalog.yaml", "--events", "s.csv",
        "--format", "json", cwd=tmp_path,
    )  # fmt: skip
    assert load.returncode == 0, load.stderr
    [summary] = json.loads(load.stdout)
    assert (summary["read"], summary["loaded"], summary["quarantined"]) == (2, 2, 0)


def test_catalog_init_does_not_overwrite_without_force(tmp_path: Path) -> None:
    (tmp_path / "catalog.yaml").write_text("mine")
    done = run("catalog", "init", cwd=tmp_path)
    assert done.returncode == 2 and "--force" in done.stderr
    assert (tmp_path / "catalog.yaml").read_text() == "mine"
    assert run("catalog", "init", "--force", cwd=tmp_path).returncode == 0
    assert (tmp_path / "catalog.yaml").read_text(encoding="utf-8") == EXAMPLE


def test_the_file_models_take_exactly_the_keys_the_loader_accepts() -> None:
    # an unknown key at every level makes the loader list the keys it expects there
    text = textwrap.dedent(
        """\
        zzz: 1
        markets: [{market: US, zzz: 1}]
        titles:
          - title: t
            zzz: 1
            seasons:
              - season: 1
                zzz: 1
                episodes: [{episode: 1, runtime: 60, zzz: 1}]
                launches: [{market: "*", at: "2017-08-18T07:00:00Z", zzz: 1}]
                availability: [{platform: p, from: 2017-08-18, zzz: 1}]
        """
    )
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, "c.yaml")
    expected = {}
    for problem in caught.value.problems:
        found = re.match(r"`zzz` is not a key of (.+?); expected one of (.+?)\.", problem.message)
        assert found is not None, problem.message
        expected[found[1]] = set(re.findall(r"`([a-z_]+)`", found[2]))
    assert expected == {what: set(keys(model)) for what, model in ENTRIES}


def _as_editor_sees_it(value: Any) -> Any:
    """YAML read into JSON values as a YAML language server does: dates as strings."""
    if isinstance(value, dict):
        return {str(k): _as_editor_sees_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_editor_sees_it(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _yaml(text: str) -> Any:
    from ruamel.yaml import YAML

    return _as_editor_sees_it(YAML(typ="safe").load(text))


def test_the_json_schema_accepts_the_example_and_rejects_mixed_up_keys() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(catalog_schema())
    jsonschema.Draft202012Validator.check_schema(catalog_schema())
    document = _yaml(EXAMPLE)
    assert list(validator.iter_errors(document)) == []
    launch = document["titles"][0]["seasons"][0]["launches"][0]
    window = document["titles"][0]["seasons"][0]["availability"][0]
    launch["markets"] = launch.pop("market")
    window["market"] = window.pop("markets")
    messages = [error.message for error in validator.iter_errors(document)]
    assert any("'markets' was unexpected" in m for m in messages), messages
    assert any("'market' was unexpected" in m for m in messages), messages
    both = _yaml(EXAMPLE)
    both["titles"][1]["seasons"][0]["launches"][0]["local"] = "2016-03-18T00:00"
    assert list(validator.iter_errors(both))  # exactly one of `at` and `local`


def test_catalog_schema_prints_the_schema_and_writes_it(tmp_path: Path) -> None:
    done = run("catalog", "schema", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == catalog_schema()
    assert run("catalog", "schema", "-o", "c.json", cwd=tmp_path).returncode == 0
    assert json.loads((tmp_path / "c.json").read_text()) == catalog_schema()


@pytest.mark.parametrize(
    ("entry", "wrong", "right"),
    [
        ('launches: [{markets: "*", at: "2017-08-18T07:00:00Z"}]', "markets", "market"),
        ("availability: [{platform: p, market: US, from: 2017-08-18}]", "market", "markets"),
    ],
)
def test_market_and_markets_mixed_up_is_one_error_naming_the_right_key(
    entry: str, wrong: str, right: str
) -> None:
    text = (
        textwrap.dedent(
            """\
        titles:
          - title: t
            seasons:
              - season: 1
                episodes: [{episode: 1, runtime: 60}]
        """
        )
        + "        "
        + entry
        + "\n"
    )
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, "c.yaml")
    [problem] = caught.value.problems  # not also "a launch needs `market`"
    assert problem.line == 6
    assert problem.message.startswith(f"`{wrong}` is not a key of")
    assert f"write `{right}`:" in problem.message


def test_docs_catalog_md_is_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == render(), (
        "docs/catalog.md is stale: run `python -m showmeter.catalog.reference > docs/catalog.md`"
    )
