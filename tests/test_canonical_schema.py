"""The canonical schema: one declaration, from which the DuckDB tables and Ibis tables come."""

from __future__ import annotations

import duckdb
import ibis
import pytest

from showmeter import schema
from showmeter.definitions import params
from showmeter.definitions.tables import canonical_table
from showmeter.simulate import plan
from showmeter.store import Store

DUCKDB_NAMES = {
    "string": "VARCHAR",
    "int32": "INTEGER",
    "int64": "BIGINT",
    "float64": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp": "TIMESTAMP WITH TIME ZONE",
}


def _created() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    for name, columns in schema.DUCKDB_TABLES.items():
        connection.execute(f'CREATE TABLE "{name}" ({columns})')
    return connection


def test_every_table_is_in_one_group_catalog_first() -> None:
    groups = [table.group for table in schema.TABLES.values()]
    assert groups == sorted(groups, key=["catalog", "fact", "bookkeeping"].index)
    assert set(schema.TABLES) == {
        *schema.CATALOG_TABLES,
        *schema.FACT_TABLES,
        *schema.BOOKKEEPING_TABLES,
    }
    assert list(schema.DUCKDB_TABLES) == list(schema.TABLES)


@pytest.mark.parametrize("name", list(schema.TABLES))
def test_the_duckdb_table_has_the_declared_columns_types_and_nulls(name: str) -> None:
    connection = _created()
    found = connection.execute(
        "SELECT column_name, data_type, is_nullable = 'YES' FROM information_schema.columns "
        "WHERE table_name = ? ORDER BY ordinal_position",
        [name],
    ).fetchall()
    declared = schema.table(name)
    assert found == [(c.name, DUCKDB_NAMES[c.type], c.nullable) for c in declared.columns]
    keys = connection.execute(
        "SELECT constraint_column_names FROM duckdb_constraints() "
        "WHERE table_name = ? AND constraint_type = 'PRIMARY KEY'",
        [name],
    ).fetchall()
    expected = [declared.primary_key] if declared.primary_key else []
    assert [tuple(row[0]) for row in keys] == expected


@pytest.mark.parametrize("name", list(schema.TABLES))
def test_the_ibis_table_has_the_declared_columns_types_and_nulls(name: str) -> None:
    table = canonical_table(name)
    declared = schema.table(name)
    assert table.get_name() == name
    assert tuple(table.schema().names) == declared.column_names
    for column in declared.columns:
        dtype = table.schema()[column.name]
        assert dtype.nullable is column.nullable
        assert dtype == ibis.dtype(schema.ibis_type(column))
    assert table.schema() == schema.ibis_schema(name)


def test_an_instant_is_a_utc_timestamp_in_both_engines() -> None:
    started = schema.table("viewing").column("started_at")
    assert schema.duckdb_type(started) == "TIMESTAMPTZ"
    assert schema.ibis_type(started) == "!timestamp('UTC')"


def test_the_store_creates_the_declared_tables() -> None:
    with Store() as store:
        assert set(schema.TABLES) <= set(store.table_names())


def test_the_vocabularies_are_written_once() -> None:
    assert schema.DEVICES == ("tv", "desktop", "mobile", "tablet", "console", "other")
    assert params.DEVICE_NAMES == schema.DEVICES
    assert tuple(d for d in schema.DEVICES if d != schema.OTHER_DEVICE) == plan.DEVICES
    assert tuple(params.UNIT_COLUMNS) == schema.UNITS
    assert tuple(params.UNIT_COLUMNS.values()) == schema.UNIT_COLUMNS
    assert schema.table("viewing").column_names[1:4] == schema.UNIT_COLUMNS


def test_season_key_is_one_class_re_exported_by_the_parameters() -> None:
    assert params.SeasonKey is schema.SeasonKey
    assert str(schema.SeasonKey("the-defenders", 1)) == "the-defenders:1"


def test_a_table_refuses_a_primary_key_on_an_unknown_column() -> None:
    with pytest.raises(ValueError, match="primary key"):
        schema.Table("t", (schema.Column("a", "string"),), ("b",))
    with pytest.raises(KeyError, match="not a canonical table"):
        schema.table("nope")
