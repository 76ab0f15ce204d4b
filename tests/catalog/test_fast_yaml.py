"""The fast reading of catalogs (libyaml) gives exactly the values ruamel.yaml gives.

Every document below is read both ways and compared value for value (types included: a
``bool`` is not an ``int``, a ``date`` is not a ``str``); the expected YAML 1.2 readings of
the tricky scalars are also written out by hand from the YAML 1.2 core schema.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from showmeter.catalog import fast_yaml, load_catalog, parse_catalog
from showmeter.errors import CatalogError

pytestmark = pytest.mark.skipif(not fast_yaml.available(), reason="libyaml is not installed")

TRICKY = """\
plain: [NO, no, yes, Off, y, 52:14, 1:30:00, 0o17, 0x1F, 012, 1_000, 1e3, 1.5, .5, -.inf, ~,
        null, Null, NULL, true, True, FALSE, 2017-08-18, 2017-08-18T07:00:00Z, "12", '~', +7,
        -0, 0, 007, 3., 1.0e+3, "true", <<x, a:b, 'it''s', "tab\\there", "\\u00e9"]
nbsp: "Dom\\u00a0z papieru"
bare nbsp: Dom\u00a0z papieru
empty:
block: |
  line one
  line two
folded: >
  folded
  text
anchored: &a {x: 1, y: [1, 2]}
again: *a
"""

CATALOG_JSON = (
    '{"titles": [{"title": "x", "seasons": [{"season": 1, "episodes": '
    '[{"episode": 1, "runtime": "52:14"}]}]}]}'
)


def _ruamel(text: str) -> object:
    return YAML(typ="rt").load(text)


def _same(fast: object, slow: object, path: str = "") -> None:
    if isinstance(slow, dict):
        assert isinstance(fast, dict), path
        assert list(fast) == list(slow), path
        for key in slow:
            _same(fast[key], slow[key], f"{path}.{key}")
    elif isinstance(slow, list):
        assert isinstance(fast, list) and len(fast) == len(slow), path
        for index, (a, b) in enumerate(zip(fast, slow, strict=True)):
            _same(a, b, f"{path}[{index}]")
    else:
        kinds = (bool, int, float, str, dt.datetime, dt.date, type(None))
        assert next(k for k in kinds if isinstance(fast, k)) is next(
            k for k in kinds if isinstance(slow, k)
        ), (path, fast, slow)
        assert fast == slow or (fast != fast and slow != slow), (path, fast, slow)


@pytest.mark.parametrize("name", ["tricky", "small", "json", "fixture"])
def test_both_readings_give_the_same_values(name: str) -> None:
    from tests.conftest import SMALL_CATALOG

    fixture = Path(__file__).parents[1] / "adapters" / "fixtures" / "catalog.yaml"
    text = {
        "tricky": TRICKY,
        "small": SMALL_CATALOG,
        "json": CATALOG_JSON,
        "fixture": fixture.read_text(encoding="utf-8"),
    }[name]
    _same(fast_yaml.load(text), _ruamel(text))


def test_yaml_1_2_readings_written_out() -> None:
    values = fast_yaml.load(TRICKY)
    assert isinstance(values, dict)
    plain = values["plain"]
    assert plain[:8] == ["NO", "no", "yes", "Off", "y", "52:14", "1:30:00", 15]
    assert plain[8] == 31 and plain[10] == 1000 and plain[11] == 1000.0
    assert plain[15:21] == [None, None, None, None, True, True]
    assert plain[21] is False
    assert plain[22] == dt.date(2017, 8, 18)
    assert plain[24:26] == ["12", "~"]
    assert values["empty"] is None
    assert values["again"] == {"x": 1, "y": [1, 2]}
    assert values["nbsp"] == values["bare nbsp"] == "Dom\u00a0z papieru"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("a: 1\na: 2\n", "a key given twice"),
        ("base: &b {x: 1}\nmore:\n  <<: *b\n", "a merge key"),
        ("a: !!int '12'\n", "an explicit tag"),
        ("a: !!str 12\n", "an explicit tag (ruamel.yaml keeps it: a TaggedScalar)"),
        ("a: !!map {b: 1}\n", "an explicit tag on a mapping"),
        ("%YAML 1.1\n---\na: yes\n", "a %YAML directive"),
        ("? [1, 2]\n: x\n", "a key that is not a scalar"),
    ],
)
def test_what_it_does_not_reproduce_is_left_to_ruamel(text: str, why: str) -> None:
    with pytest.raises(fast_yaml.Unsupported):
        fast_yaml.load(text)


def test_a_catalog_with_a_problem_still_names_its_line(tmp_path: Path) -> None:
    from tests.conftest import SMALL_CATALOG

    broken = SMALL_CATALOG.replace("{episode: 2, runtime: 3000}", "{episode: 2, runtime: -5}")
    line = next(i for i, t in enumerate(broken.splitlines(), 1) if "runtime: -5" in t)
    with pytest.raises(CatalogError) as raised:
        parse_catalog(broken, "c.yaml")
    assert [p.line for p in raised.value.problems] == [line]
    duplicated = SMALL_CATALOG.replace(
        "    original: true\n", "    original: true\n    original: false\n"
    )
    with pytest.raises(CatalogError) as raised:
        parse_catalog(duplicated, "c.yaml")
    assert "Keep one of the two keys" in str(raised.value)
    assert raised.value.problems[0].line is not None


def test_a_catalog_reads_the_same_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import SMALL_CATALOG

    path = tmp_path / "c.yaml"
    path.write_text(SMALL_CATALOG)
    fast = load_catalog(path)
    monkeypatch.setattr(fast_yaml, "available", lambda: False)
    assert load_catalog(path) == fast
