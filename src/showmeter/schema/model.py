"""The model of the canonical tables: column types, columns, tables, and the vocabularies.

The declarations themselves are in :mod:`showmeter.schema.tables`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple, get_args

__all__ = [
    "COLUMN_TYPES",
    "DEVICES",
    "OTHER_DEVICE",
    "UNITS",
    "UNIT_COLUMNS",
    "Column",
    "ColumnType",
    "Group",
    "SeasonKey",
    "Table",
]

ColumnType = Literal["string", "int32", "int64", "float64", "boolean", "date", "timestamp"]
"""The types a canonical column may have; ``timestamp`` is an instant, kept in UTC."""

Group = Literal["catalog", "fact", "bookkeeping"]
"""What a table holds: the catalog (rebuilt at each ingest), facts (that only grow), or the
record of loads."""

COLUMN_TYPES: tuple[ColumnType, ...] = get_args(ColumnType)
"""Every column type, in a fixed order."""

DEVICES = ("tv", "desktop", "mobile", "tablet", "console", "other")
"""The device families of ``viewing.device``; ingest maps any other value to ``other``."""

OTHER_DEVICE = "other"
"""The device family of a device that is none of the others."""

UNITS = ("account", "profile", "person")
"""The kinds of unit that can be counted (``panels.unit``, the ``unit`` parameter)."""

UNIT_COLUMNS = ("account_id", "profile_id", "person_id")
"""The unit id columns of ``viewing``, one per unit kind of :data:`UNITS`, in that order."""


class SeasonKey(NamedTuple):
    """A season, as ``title:season`` (``the-defenders:1``); a film is season 0."""

    title: str
    season: int

    def __str__(self) -> str:
        return f"{self.title}:{self.season}"


@dataclass(frozen=True)
class Column:
    """A column of a canonical table.

    Attributes:
        name: The column's name.
        type: Its type, one of :data:`COLUMN_TYPES`.
        nullable: Whether it accepts NULL.
        comment: What it holds, when its name does not say it all.
    """

    name: str
    type: ColumnType
    nullable: bool = True
    comment: str = ""


@dataclass(frozen=True)
class Table:
    """A canonical table.

    Attributes:
        name: The table's name.
        columns: Its columns, in order.
        primary_key: The columns of its primary key (none for a table without one).
        group: What it holds: ``catalog``, ``fact`` or ``bookkeeping``.
    """

    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    group: Group = "fact"

    def __post_init__(self) -> None:
        names = [column.name for column in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"table {self.name!r}: a column is declared twice")
        unknown = [key for key in self.primary_key if key not in names]
        if unknown:
            raise ValueError(f"table {self.name!r}: the primary key names unknown {unknown}")

    @property
    def column_names(self) -> tuple[str, ...]:
        """The names of the columns, in order."""
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        """The column called ``name``.

        Raises:
            KeyError: The table has no such column.
        """
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name}.{name}")
