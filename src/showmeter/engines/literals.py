"""Compiled SQL shared by every value of the filter parameters: one template per shape.

A dashboard's control change (a market, a device) asks for the same computations with another
value of ``markets`` or ``devices``. Those values enter a computation's SQL only as string
literals (``"market" IN ('KR')``: :func:`showmeter.definitions.windows.viewing_scope` and the
demand metrics filter with ``isin``; no builder branches on a value, only on whether one is
given), so the SQL of one value is the SQL of another with the literals changed. Building the
expressions and compiling them is most of a control change's cost; a template skips both:

- **Template**: the computation with each value replaced by a mark (``'@showmeter:markets:0@'``,
  one per value, in the values' order), compiled once; its key in the caches of compiled SQL
  (:mod:`showmeter.engines.compiled`, :mod:`showmeter.engines.plans`) is the mark's, so it
  holds the parameter's shape (unset, or how many values) and never a value.
- **Filled**: each quoted mark replaced by the value quoted as DuckDB quotes a string (each
  ``'`` doubled: ``'O''Brien'``). A template in which a mark appears other than as a whole
  quoted literal, or a filled text in which a mark is left, is not used: the computation is
  compiled with its own values instead.

The tests compile every computation of a season page, and the hand-worked cases, both ways
under several values (one market, several, one absent from the data, a device, values with
quotes) and require the same SQL text and the same results.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from showmeter.engines.prepared import Prepared

__all__ = [
    "TEMPLATED",
    "Literals",
    "fill",
    "has_values",
    "quote",
    "set_aside",
    "set_aside_all",
    "usable",
]

TEMPLATED = ("markets", "devices")
"""The parameters whose values enter the SQL only as string literals."""

_MARK = re.compile(r"@showmeter:[a-z_]+:\d{3}@")
"""A mark, quoted or not."""


def _mark(name: str, index: int) -> str:
    return f"@showmeter:{name}:{index:03d}@"


def quote(value: str) -> str:
    """A string as an SQL literal of DuckDB (single quotes, each ``'`` doubled).

    Args:
        value: The string.

    Returns:
        The literal, e.g. ``'O''Brien'``.
    """
    return "'" + value.replace("'", "''") + "'"


def usable(sql: str) -> bool:
    """Whether every mark in a template's SQL is a whole quoted literal (so it can be filled).

    Args:
        sql: The template's SQL text.

    Returns:
        True when each mark is enclosed in single quotes, nothing else in them.
    """
    for found in _MARK.finditer(sql):
        start, end = found.span()
        if sql[start - 1 : start] != "'" or sql[end : end + 1] != "'":
            return False
    return True


@dataclasses.dataclass(frozen=True)
class Literals:
    """A computation's filter values set aside: the template to compile, the values to put back.

    Attributes:
        template: The computation with each value replaced by its mark.
        values: Each quoted mark and the quoted value it stands for.
    """

    template: Prepared
    values: dict[str, str]

    def fill(self, sql: str) -> str | None:
        """The template's SQL with the values put back.

        Args:
            sql: SQL compiled from :attr:`template` (or from a batch of templates).

        Returns:
            The computation's own SQL; None when the template cannot be filled (a mark that is
            not a whole quoted literal, or one of another computation).
        """
        return fill(sql, self.values)


def fill(sql: str, values: dict[str, str]) -> str | None:
    """SQL compiled from templates with the values put back.

    Args:
        sql: The templates' SQL.
        values: Each quoted mark and the quoted value it stands for.

    Returns:
        The SQL with the values; None when it cannot be filled (a mark that is not a whole
        quoted literal, or one ``values`` does not give).
    """
    if not usable(sql):
        return None
    if values:
        pattern = re.compile("|".join(re.escape(mark) for mark in values))
        sql = pattern.sub(lambda found: values[found[0]], sql)
    return None if _MARK.search(sql) else sql


def has_values(params: Mapping[str, object]) -> bool:
    """Whether parameters give a filter value (a computation of them is kept as a template).

    Args:
        params: Resolved parameters.

    Returns:
        True when one of :data:`TEMPLATED` is given (not all).
    """
    return any(
        name in params and isinstance(params[name], tuple) and bool(params[name])
        for name in TEMPLATED
    )


def set_aside(prepared: Prepared) -> Literals | None:
    """The template of a computation and its values, or None when it has no filter value.

    Args:
        prepared: The computation.

    Returns:
        Its filter values (:data:`TEMPLATED`) replaced by marks; None when none is given.
    """
    resolved = prepared.resolved
    given_text = json.dumps([resolved.echo(), prepared.title], default=str)
    if _MARK.search(given_text):
        return None  # a mark given as another value would be filled: compiled directly
    changed: dict[str, object] = {}
    values: dict[str, str] = {}
    for name in TEMPLATED:
        given = resolved.get_value(name, None)
        if not isinstance(given, tuple) or not given:
            continue  # not a parameter of the metric, or all: no literal
        marks = tuple(_mark(name, index) for index in range(len(given)))
        changed[name] = marks
        values.update({quote(m): quote(str(v)) for m, v in zip(marks, given, strict=True)})
    if not changed:
        return None
    template = dataclasses.replace(prepared, resolved=resolved.replaced(changed))
    return Literals(template, values)


def set_aside_all(prepared: Sequence[Prepared]) -> tuple[list[Prepared], dict[str, str]] | None:
    """A batch's templates and the values of all of them, or None when none has a filter value.

    Marks are numbered by parameter and position among its values, so the computations of one
    batch that share a value share its mark (a page gives each the same controls); a batch
    whose computations give one mark different values is not templated.

    Args:
        prepared: The batch's computations.

    Returns:
        Each computation's template (itself when it has no filter value), and each quoted
        mark with the quoted value it stands for (to :func:`fill` any of their SQL).
    """
    templates: list[Prepared] = []
    values: dict[str, str] = {}
    for computation in prepared:
        aside = set_aside(computation)
        if aside is None:
            templates.append(computation)
            continue
        for mark, value in aside.values.items():
            if values.setdefault(mark, value) != value:
                return None
        templates.append(aside.template)
    if not values:
        return None
    return templates, values
