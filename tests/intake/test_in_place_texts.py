"""Text columns read in place as they are: the scan that finds them, with and without statistics.

Each case is a one-column Parquet file of unit ids. A column is read as it is when the rules'
parsing (trim, NULL when empty) changes none of its values. Worked by hand:

- "a1", "b2": unchanged; statistics prove no value empty or led by a space, so only a
  trailing space is looked for;
- "a1", "b2 ": the trailing space is trimmed (so is it when only the last character is looked
  at);
- " a1", "b2" and "", "b2": a leading space, an empty value: changed (their least value
  proves nothing, every value is checked whole);
- "a1", NULL and NULL, NULL: unchanged (a NULL stays NULL);
- NBSP + "a1", "b2": unchanged (the parsing trims only a value with an ASCII space at an end);
  its greatest value is not ASCII, so the whole check runs.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

CASES: list[tuple[list[str | None], bool, bool]] = [
    # (values, unchanged, statistics prove that no value is empty or led by a space)
    (["a1", "b2"], True, True),
    (["a1", "b2 "], False, True),
    ([" a1", "b2"], False, False),
    (["", "b2"], False, False),
    (["a1", None], True, True),
    ([None, None], True, True),
    (["\u00a0a1", "b2"], True, False),
]


@pytest.mark.parametrize(("values", "unchanged", "led"), CASES)
@pytest.mark.parametrize("statistics", [True, False])
def test_a_text_column_is_found_unchanged_exactly_when_parsing_changes_no_value(
    tmp_path: Path, values: list[str | None], unchanged: bool, led: bool, statistics: bool
) -> None:
    import duckdb

    from showmeter.intake import in_place_texts, readers
    from showmeter.intake.in_place_stats import file_stats, leads_with_ascii
    from showmeter.intake.in_place_triage import unnumbered
    from showmeter.intake.sql import as_text

    path = tmp_path / "ids.parquet"
    pq.write_table(
        pa.table({"account_id": pa.array(values, pa.string())}),
        path,
        write_statistics=statistics,
    )
    connection = duckdb.connect()
    source = readers.parquet_source(path, ["account_id"])
    parsed = {"account_id": as_text('b."account_id"', pa.string())}
    stats = file_stats(connection, path)
    assert leads_with_ascii(stats["account_id"]) is (led and statistics)
    found = in_place_texts.unchanged(
        connection, parsed, source, unnumbered(source), ["account_id"], stats
    )
    assert found == ({"account_id"} if unchanged else set())
    # The reference: the parsing itself, value by value.
    [(differs,)] = connection.execute(
        f"SELECT COALESCE(bool_or(b.account_id IS DISTINCT FROM {parsed['account_id']}), FALSE) "
        f"FROM '{path}' b"
    ).fetchall()
    assert differs is not unchanged
