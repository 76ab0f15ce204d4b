"""The JSON Lines reader on its own: keys, values as text, quarantined lines, gzip, the limit."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from showmeter.errors import InputError
from showmeter.intake.jsonl_reader import read_jsonl


def test_keys_are_matched_without_case_and_values_kept_as_written(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(
        b'\xef\xbb\xbf{" Title ": "a", "n": [1, {"k": "\xc3\xa9"}], "f": 1e3}\n'
        b'{"title": "b", "x": false}\n'
    )
    [batch] = list(read_jsonl(path))
    # the BOM dropped; ' Title ' and 'title' one column; nested values as JSON text
    assert batch.table.column_names == ["title", "n", "f", "x", "_line"]
    assert batch.table.to_pylist() == [
        {"title": "a", "n": '[1, {"k": "é"}]', "f": "1000.0", "x": None, "_line": 1},
        {"title": "b", "n": None, "f": None, "x": "false", "_line": 2},
    ]
    assert (batch.done, batch.total) == (path.stat().st_size, path.stat().st_size)


def test_bad_lines_are_quarantined_with_their_line_and_reason(tmp_path: Path) -> None:
    path = tmp_path / "x.ndjson"
    path.write_bytes(
        b'{"a": 1, "A": 2}\n'  # the same key but for case
        b'{"a": 1, "a": 2}\n'  # a key twice
        b'{"": 1}\n'  # an empty key
        b'{"a": "\xff"}\n'  # not UTF-8
        b"\n"  # blank: skipped, still counted as a line
        b'"text"\n'  # JSON, not an object
        b'{"a": 3}\n'
    )
    [batch] = list(read_jsonl(path))
    assert batch.table.to_pylist() == [{"a": "3", "_line": 7}]
    assert [(m.line, m.reason, m.text) for m in batch.malformed] == [
        (1, "bad_key", '{"a": 1, "A": 2}'),
        (2, "bad_key", '{"a": 1, "a": 2}'),
        (3, "bad_key", '{"": 1}'),
        (4, "invalid_utf8", '{"a": "\\xff"}'),
        (6, "malformed_json", '"text"'),
    ]


def test_gzip_is_read_and_a_truncated_one_is_the_files_error(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl.gz"
    data = gzip.compress(b"".join(b'{"i": %d}\n' % i for i in range(1000)))
    path.write_bytes(data)
    values = [v for b in read_jsonl(path) for v in b.table.column("i").to_pylist()]
    assert values == [str(i) for i in range(1000)]
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError) as raised:
        list(read_jsonl(path))
    assert "x.jsonl.gz" in str(raised.value)


def test_a_limit_stops_after_that_line(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text("".join(f'{{"c{i}": {i}}}\n' for i in range(10)), encoding="utf-8")
    batches = list(read_jsonl(path, limit=3))
    assert [b.table.column_names for b in batches] == [["c0", "c1", "c2", "_line"]]
    assert batches[0].table.column("_line").to_pylist() == [1, 2, 3]
