"""Issue 19: fuzzed CSV, JSON Lines and Parquet files never cause an internal error.

Hypothesis writes files with odd headers (names twice, in other cases, empty, reserved,
quoted, non-ASCII) and odd rows (bytes that are not UTF-8, delimiters, quotes, line breaks,
numbers that are not integers). Each file is loaded twice into one store; the property: the
load is refused with a clear user error (naming the file), or every file reconciles (read =
loaded + quarantined + duplicates) and the reload loads nothing and quarantines the same rows.
Bounded to a few dozen examples per format so that it runs in seconds.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from showmeter.catalog import Catalog, load_catalog
from showmeter.errors import UserError
from showmeter.intake.load import ingest
from showmeter.store import Store

KNOWN = [
    "event_id",
    "account_id",
    "title",
    "season",
    "episode",
    "started_at",
    "seconds_watched",
    "market",
    "device",
]
ODD = ["", " ", "Title", "TITLE", "_line", "_raw_title", 'a"b', "a,b", "ti tle", "é", "_x"]
VALUES = [
    b"the-defenders",
    b"daredevil",
    b"1",
    b"2",
    b"1.5",
    b"0x1",
    b"1e3",
    b" 1",
    b"2017-08-18T08:00:00Z",
    b"2016-03-20T08:00:00+25:00",
    b"1800",
    b"US",
    b"tv",
    b"",
    b"\xff",
    b"caf\xe9",
    b"\xc3",
    b'"',
    b",",
    b"\n",
]

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

REQUIRED = ["account_id", "title", "season", "episode", "started_at", "seconds_watched"]


@st.composite
def names(draw: st.DrawFn) -> list[str]:
    """The required columns (so that rows are read at all), with odd or repeated ones mixed in."""
    header = list(REQUIRED)
    for extra in draw(st.lists(st.sampled_from(KNOWN + ODD), max_size=4)):
        header.insert(draw(st.integers(0, len(header))), extra)
    return header


cells = st.one_of(st.sampled_from(VALUES), st.binary(max_size=6))


@st.composite
def rows(draw: st.DrawFn, width: int) -> list[list[bytes]]:
    """Rows of the header's width, now and then one field short or one too many."""
    body = []
    for _ in range(draw(st.integers(0, 8))):
        n = width + draw(st.sampled_from([0, 0, 0, 0, -1, 1]))
        body.append(draw(st.lists(cells, min_size=n, max_size=n)))
    return body


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    path = tmp_path_factory.mktemp("catalog") / "catalog.yaml"
    path.write_text(
        "titles:\n"
        "  - title: the-defenders\n"
        "    seasons:\n"
        "      - season: 1\n"
        "        episodes: [{episode: 1, runtime: 3000}, {episode: 2, runtime: 3000}]\n"
        "  - title: daredevil\n"
        "    seasons:\n"
        "      - season: 2\n"
        "        episodes: [{episode: 1, runtime: 3300}]\n"
    )
    return load_catalog(path)


def _check(catalog: Catalog, path: Path) -> None:
    """Load ``path`` twice: a clear user error, or reconciled counts and an idempotent reload."""
    store = Store()
    try:
        [first] = ingest(store, catalog, [("viewing", path)])
    except UserError as error:
        assert error.file is not None and str(path) in error.file, error
        return
    assert first.reconciles, first
    [second] = ingest(store, catalog, [("viewing", path)])
    assert second.reconciles, second
    assert (second.read, second.loaded) == (first.read, 0)
    assert second.quarantined == first.quarantined
    assert second.duplicates == first.loaded + first.duplicates
    store.close()


def _csv(header: list[str], body: list[list[bytes]]) -> bytes:
    def quote(text: bytes) -> bytes:
        return b'"' + text.replace(b'"', b'""') + b'"' if any(c in text for c in b',"\n') else text

    lines = [b",".join(quote(n.encode()) for n in header)]
    lines += [b",".join(quote(cell) for cell in row) for row in body]
    return b"\n".join(lines) + b"\n"


@SETTINGS
@given(data=st.data(), compressed=st.booleans())
def test_fuzzed_csv_reconciles_or_is_a_clear_error(
    catalog: Catalog, tmp_path: Path, data: st.DataObject, compressed: bool
) -> None:
    header = data.draw(names())
    body = data.draw(rows(len(header)))
    text = _csv(header, body)
    path = tmp_path / ("events.csv.gz" if compressed else "events.csv")
    path.write_bytes(gzip.compress(text) if compressed else text)
    _check(catalog, path)


json_values = st.one_of(
    st.sampled_from([1, 1.5, 2.0, "1", "x", None, True, [1], {"a": 1}, "the-defenders"]),
    st.sampled_from(["2017-08-18T08:00:00Z", "2017-08-18T08:00:00+25:00", "US", "1e3"]),
    st.text(max_size=5),
)
json_objects = st.builds(
    # Each line spells the required keys in its own case: `title` here, `TITLE` there.
    lambda required, extra, upper: (
        {k.upper() if upper else k: v for k, v in required.items()} | extra
    ),
    st.fixed_dictionaries(dict.fromkeys(REQUIRED, json_values)),
    st.dictionaries(st.sampled_from(KNOWN + ODD), json_values, max_size=3),
    st.booleans(),
)


@SETTINGS
@given(
    objects=st.lists(st.one_of(json_objects, st.just("not json")), max_size=8),
    garble=st.lists(st.tuples(st.integers(0, 7), st.sampled_from([b"\xff", b"\xc3", b"\xe9"]))),
)
def test_fuzzed_json_lines_reconcile_or_are_a_clear_error(
    catalog: Catalog, tmp_path: Path, objects: list[object], garble: list[tuple[int, bytes]]
) -> None:
    lines = [
        (o if isinstance(o, str) else json.dumps(o, ensure_ascii=False)).encode() for o in objects
    ]
    for index, bad in garble:  # bytes that are not UTF-8, inside a line
        if index < len(lines):
            lines[index] = lines[index][:3] + bad + lines[index][3:]
    path = tmp_path / "events.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    _check(catalog, path)


column_values = st.one_of(
    st.lists(st.sampled_from(["the-defenders", "1", "1.5", "2017-08-18T08:00:00Z", ""])),
    st.lists(st.sampled_from([1.0, 1.5, 2.0, -1.0, float("nan")])),
    st.lists(st.integers(-(2**40), 2**40)),
    st.lists(st.binary(max_size=4)),
)


@SETTINGS
@given(
    required=st.lists(column_values, min_size=len(REQUIRED), max_size=len(REQUIRED)),
    extra=st.lists(st.tuples(st.sampled_from(KNOWN + ODD), column_values), max_size=3),
)
def test_fuzzed_parquet_reconciles_or_is_a_clear_error(
    catalog: Catalog,
    tmp_path: Path,
    required: list[list[object]],
    extra: list[tuple[str, list[object]]],
) -> None:
    columns = list(zip(REQUIRED, required, strict=True)) + extra
    length = min(len(values) for _, values in columns)
    table = pa.Table.from_arrays(
        [pa.array(values[:length]) for _, values in columns], names=[n for n, _ in columns]
    )
    path = tmp_path / "events.parquet"
    pq.write_table(table, path)
    _check(catalog, path)


def test_the_fuzz_alphabet_covers_every_odd_header() -> None:
    # A guard for the strategies above: each odd name is one the issue reported or a reserved
    # or quoted one, and the byte values include invalid UTF-8 (lone 0xff, a cut 2-byte form).
    assert {"", "Title", "_line"} <= set(ODD)
    invalid = [v for v in VALUES if not _utf8(v)]
    assert invalid == [b"\xff", b"caf\xe9", b"\xc3"]


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
