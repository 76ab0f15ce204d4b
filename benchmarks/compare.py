"""Agreement: does an implementation give the same numbers as the reference (showmeter)?

Rows are sorted by the metric's key columns; integers must be equal, doubles equal within
1e-9 relative (NaN and null both count as null), and the rows must have the same keys.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from benchmarks.world import COMPARED, KEYS

__all__ = ["Agreement", "agree", "normalize"]

REL_TOL = 1e-9


@dataclasses.dataclass
class Agreement:
    """The outcome of one comparison.

    Attributes:
        ok: Whether every row and figure matched.
        detail: The first difference (empty when ok).
        rows: Rows compared.
    """

    ok: bool
    detail: str = ""
    rows: int = 0


def _key(value: Any) -> Any:
    return (value is None, value if value is not None else 0)


def normalize(table: Any, metric: str) -> list[dict[str, Any]]:
    """Rows as dicts (keys as str/int, figures as int/float/None), sorted by the keys."""
    keys, figures = KEYS[metric], COMPARED[metric]
    rows = []
    for row in table.select([*keys, *figures]).to_pylist():
        out: dict[str, Any] = {}
        for name in keys:
            value = row[name]
            out[name] = int(value) if name != "title" and value is not None else value
        for name, kind in figures.items():
            value = row[name]
            if value is None or (isinstance(value, float) and math.isnan(value)):
                out[name] = None
            else:
                out[name] = int(value) if kind == "int" else float(value)
        rows.append(out)
    rows.sort(key=lambda r: tuple(_key(r[k]) for k in keys))
    return rows


def _same(a: Any, b: Any, kind: str) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if kind == "int":
        return bool(a == b)
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=0.0) or a == b


def agree(reference: Any, other: Any, metric: str) -> Agreement:
    """Compare two results of ``metric`` (Arrow tables).

    Args:
        reference: The reference result (showmeter's).
        other: The result checked.
        metric: The metric (for its keys and figures).

    Returns:
        Whether they agree, and the first differing row if not.
    """
    ref_rows, rows = normalize(reference, metric), normalize(other, metric)
    keys, figures = KEYS[metric], COMPARED[metric]
    for ref, row in zip(ref_rows, rows, strict=False):
        ref_key = tuple(ref[k] for k in keys)
        key = tuple(row[k] for k in keys)
        if ref_key != key:
            return Agreement(False, f"row keys differ: expected {ref_key}, got {key}", len(rows))
        for name, kind in figures.items():
            if not _same(ref[name], row[name], kind):
                where = ", ".join(f"{k}={ref[k]}" for k in keys)
                detail = f"{where}: {name} expected {ref[name]!r}, got {row[name]!r}"
                return Agreement(False, detail, len(rows))
    if len(ref_rows) != len(rows):
        return Agreement(
            False, f"{len(rows)} rows, expected {len(ref_rows)}", min(len(rows), len(ref_rows))
        )
    return Agreement(True, "", len(rows))
