"""Critics' reviews, as critics write them: letter grades, fractions, stars, numbers, verdicts.

For each :class:`~showmeter.simulate.spec.Reviews`, the named reviews come first, as written.
The other rated reviews get marks drawn around ``mean_mark`` in a rotating mix of notations
(``B+``, ``3.5/5``, ``7/10``, ``★★★½`` with scale 5, ``3 stars`` with scale 5, ``3/4``, a
number with scale 100); the last few are numbers out of 100 whose decimals bring the plain mean
of the marks exactly to ``mean_mark``. Outlet weights then lean towards the low or the high
marks until their weighted mean is ``weighted_mean_mark``. A rated review is fresh when its
mark is 60 or more; verdict-only reviews make up the remaining fresh count.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from showmeter.intake.ratings import normalize_rating
from showmeter.intake.rules import KINDS

if TYPE_CHECKING:
    import numpy as np

    from showmeter.simulate.spec import Reviews, World

__all__ = ["COLUMNS", "review_rows", "reviews_csv"]

COLUMNS = KINDS["reviews"].known_columns
"""The canonical review columns, in the order the ingest reads them."""

_TOWNS = (
    "Northgate", "Harrow Bay", "Cinder Falls", "Maple Ridge", "Port Ellery", "Silverlake",
    "Westmoor", "Crescent City", "Ravenhill", "Brightwater", "Oakhaven", "Stonebridge",
)  # fmt: skip
_PAPERS = ("Courier", "Ledger", "Sentinel", "Gazette", "Review", "Dispatch", "Observer", "Screen")
_FIRST = ("Ada", "Ben", "Cleo", "Dev", "Esme", "Finn", "Gus", "Hana", "Ivo", "Jun", "Kit", "Lena")
_LAST = ("Ashby", "Brennan", "Castell", "Drummond", "Ellery", "Fairweather", "Gray", "Hollis")
_LETTERS = ((100, "A"), (92, "A-"), (83, "B+"), (75, "B"), (67, "B-"), (58, "C+"), (50, "C"),
            (42, "C-"), (33, "D+"), (25, "D"), (17, "D-"))  # fmt: skip
_EDITIONS = ("", " Online", " Weekly", " Daily")
_FIXERS = 3


def _outlet(index: int) -> str:
    """A fictional outlet, different for each index (up to a few hundred)."""
    town = _TOWNS[index % len(_TOWNS)]
    rest = index // len(_TOWNS)
    paper = _PAPERS[rest % len(_PAPERS)]
    return f"{town} {paper}{_EDITIONS[(rest // len(_PAPERS)) % len(_EDITIONS)]}"


@dataclass(frozen=True)
class _Review:
    outlet: str
    critic: str
    top_critic: bool
    rating: str | None
    scale: float | None
    verdict: str
    weight: float
    score: float | None


def _notation(kind: int, target: float) -> tuple[str, float | None]:
    """A mark near ``target`` (0–100) in notation ``kind``, with its scale when needed."""
    if kind == 0:
        return min(_LETTERS, key=lambda pair: abs(pair[0] - target))[1], None
    if kind == 1:
        return f"{round(target / 10) / 2:g}/5", None
    if kind == 2:
        return f"{round(target / 10, 1):g}/10", None
    if kind == 3:
        halves = round(target / 10)
        return "★" * (halves // 2) + ("½" if halves % 2 else ""), 5.0
    if kind == 4:
        return f"{round(target / 10) / 2:g} stars", 5.0
    if kind == 5:
        return f"{round(target / 12.5) / 2:g}/4", None
    return f"{round(target)}", 100.0


def _generated(
    spec: Reviews, rng: np.random.Generator, count: int, total: float
) -> list[tuple[str, float | None, float]]:
    """``count`` marks in mixed notations whose scores sum to ``total``."""
    import numpy as np

    marks: list[tuple[str, float | None, float]] = []
    free = max(count - _FIXERS, 0)
    need = total / max(count, 1)
    spread = rng.normal(0.0, 13.0, free)
    targets = np.clip(need + spread - spread.mean(), 22.0, 98.0)
    for index, target in enumerate(targets.tolist()):
        rating, scale = _notation(index % 7, target)
        score = normalize_rating(rating, scale)
        marks.append((rating, scale, float(score if score is not None else target)))
    fixers = count - free
    if fixers:
        left = total - sum(score for _, _, score in marks)
        each = float(np.clip(left / fixers, 0.0, 100.0))
        for index in range(fixers):
            value = round(each if index < fixers - 1 else left - each * (fixers - 1), 2)
            value = min(max(value, 0.0), 100.0)
            marks.append((f"{value:g}", 100.0, value))
    return marks


def _lean(scores: np.ndarray, fixed: np.ndarray, free: np.ndarray, target: float) -> np.ndarray:
    """Weights of the free reviews that bring the weighted mean closest to ``target``."""
    import numpy as np

    mean = float(scores.mean())

    def weights(beta: float) -> np.ndarray:
        return np.where(free, np.clip(1.0 + beta * (mean - scores) / 20.0, 0.25, 4.0), fixed)

    def weighted(beta: float) -> float:
        w = weights(beta)
        return float((w * scores).sum() / w.sum())

    low, high = -5.0, 5.0  # weighted() falls as beta grows
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if weighted(middle) > target else (low, middle)
    return np.round(weights((low + high) / 2), 3)


def _season_reviews(spec: Reviews, rng: np.random.Generator) -> list[_Review]:
    import numpy as np

    named = [
        _Review(n.outlet, n.critic, n.top_critic, n.rating, n.scale, n.verdict, n.weight,
                normalize_rating(n.rating, n.scale))
        for n in spec.named
    ]  # fmt: skip
    rated_named = [r for r in named if r.score is not None]
    to_rate = max(spec.rated - len(rated_named), 0)
    total = spec.mean_mark * spec.rated - sum(r.score or 0.0 for r in rated_named)
    marks = _generated(spec, rng, to_rate, total)
    plain = max(spec.count - len(named) - to_rate, 0)
    fresh_left = spec.fresh - sum(r.verdict == "fresh" for r in named)
    fresh_left -= sum(score >= 60 for _, _, score in marks)
    top_left = spec.top_critics - sum(r.top_critic for r in named)
    reviews = list(named)
    for index in range(to_rate + plain):
        outlet = _outlet(index)
        critic = f"{_FIRST[index % len(_FIRST)]} {_LAST[(index * 5) % len(_LAST)]}"
        top = index < top_left
        if index < to_rate:
            rating, scale, score = marks[index]
            verdict = "fresh" if score >= 60 else "rotten"
            reviews.append(_Review(outlet, critic, top, rating, scale, verdict, 1.0, score))
        else:
            verdict = "fresh" if index - to_rate < fresh_left else "rotten"
            reviews.append(_Review(outlet, critic, top, None, None, verdict, 1.0, None))
    rated = [i for i, r in enumerate(reviews) if r.score is not None]
    if rated:
        scores = np.array([reviews[i].score for i in rated], dtype=np.float64)
        fixed = np.array([reviews[i].weight for i in rated], dtype=np.float64)
        free = np.array([i >= len(named) for i in rated])
        for i, weight in zip(
            rated, _lean(scores, fixed, free, spec.weighted_mean_mark), strict=True
        ):
            r = reviews[i]
            reviews[i] = _Review(
                r.outlet,
                r.critic,
                r.top_critic,
                r.rating,
                r.scale,
                r.verdict,
                float(weight),
                r.score,
            )
    return reviews


def review_rows(world: World, seed: int) -> list[dict[str, object]]:
    """Every review of the world, one dict per review with the columns :data:`COLUMNS`.

    Args:
        world: The world.
        seed: The seed.

    Returns:
        The reviews, season by season.
    """
    import numpy as np

    rows: list[dict[str, object]] = []
    for index, spec in enumerate(world.reviews):
        rng = np.random.default_rng(np.random.SeedSequence([seed, 7, index]))
        for review in _season_reviews(spec, rng):
            day = spec.published + timedelta(days=int(rng.integers(-5, 15)))
            rows.append(
                {
                    "title": spec.title,
                    "season": spec.season,
                    "outlet": review.outlet,
                    "critic": review.critic,
                    "top_critic": "true" if review.top_critic else "false",
                    "published_at": day.isoformat(),
                    "rating": review.rating or "",
                    "scale": "" if review.scale is None else f"{review.scale:g}",
                    "verdict": review.verdict,
                    "weight": f"{review.weight:g}",
                }
            )
    return rows


def reviews_csv(world: World, seed: int) -> str:
    """The reviews of the world as CSV text (UTF-8, with a header)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(review_rows(world, seed))
    return out.getvalue()
