"""Normalize the ratings of a batch of reviews before the SQL rules run.

Rating notations (letter grades, fractions, stars) are parsed in Python by
:mod:`showmeter.intake.ratings`; this module applies it to a batch and adds three columns that
the review rules read: ``_score_100``, ``_verdict`` and ``_rating_reason`` (why the rating or
verdict was refused, or NULL).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from showmeter.intake.ratings import RatingError, normalize_rating, normalize_verdict

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["add_scores"]


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _scale(value: object) -> float | None:
    if value is None:
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        return None  # the SQL rules report it as not_a_number
    return number if math.isfinite(number) else None


def add_scores(table: pa.Table) -> pa.Table:
    """Add ``_score_100``, ``_verdict`` and ``_rating_reason`` to a batch of reviews.

    Args:
        table: Raw review rows; ``rating``, ``scale`` and ``verdict`` may be absent.

    Returns:
        The batch with the three columns added.
    """
    import pyarrow as pa

    def column(name: str) -> list[object]:
        if name in table.column_names:
            return list(table.column(name).to_pylist())
        return [None] * table.num_rows

    scores: list[float | None] = []
    verdicts: list[str | None] = []
    reasons: list[str | None] = []
    for rating, scale, verdict in zip(
        column("rating"), column("scale"), column("verdict"), strict=True
    ):
        score: float | None = None
        normalized: str | None = None
        reason: str | None = None
        try:
            normalized = normalize_verdict(_text(verdict))
            score = normalize_rating(_text(rating), _scale(scale))
        except RatingError as error:
            reason = error.reason
        scores.append(score)
        verdicts.append(normalized)
        reasons.append(reason)
    return (
        table.append_column("_score_100", pa.array(scores, pa.float64()))
        .append_column("_verdict", pa.array(verdicts, pa.string()))
        .append_column("_rating_reason", pa.array(reasons, pa.string()))
    )
