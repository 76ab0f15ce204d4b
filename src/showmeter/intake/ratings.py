"""Turn a critic's mark, as written, into a score out of 100.

This is the rating normalization of docs/contracts.md, section "Reviews". A review's ``rating`` is
the critic's own mark; at ingest it becomes ``score_100`` (and ``score_10 = score_100 / 10``):

- a letter grade (``B+``, ``b +``, ``A−``): A+ and A are 100, then 100 × k / 12 rounded
  half up for k steps above F, down to F and F− at 0 (see :data:`DEFAULT_LETTER_GRADES`);
- a fraction (``3/5``, ``6.5/10``, ``3 out of 5``, ``83%``): 100 × value / maximum;
- stars (``★★★½``, ``3.5 stars``, ``3½ stars``, ``*** 1/2``): 100 × stars / ``scale``; a
  row of filled and empty stars (``★★★☆☆``) carries its own maximum;
- a bare number (``83``, ``6.5``): 100 × value / ``scale``.

Fractions, stars and numbers are not rounded: the arithmetic is exact (``fractions.Fraction``)
and the result is the float nearest to the exact score, so ``6.5/10`` gives exactly 65.0.

A rating that cannot be turned into a score raises :class:`RatingError`, whose ``reason`` is
the quarantine reason of the row.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "DEFAULT_LETTER_GRADES",
    "REASONS",
    "RatingError",
    "normalize_rating",
    "normalize_verdict",
]

REASONS = frozenset({"ambiguous_scale", "unparseable_rating", "rating_out_of_range", "bad_verdict"})
"""Every value that :attr:`RatingError.reason` can take."""

_MAX_RATING_CHARS = 100
"""Longer ratings are not marks but prose; refusing them also bounds the work per rating."""

# Every dash a critic (or a word processor) writes for "minus".
_MINUS_SIGNS = str.maketrans(dict.fromkeys("\u2212\u2013\u2010\u2011\u2012", "-"))
_STRIPPED = str.maketrans(dict.fromkeys("\ufe0f"))  # the emoji variation selector after ⭐

_FILLED_STARS = "★⭐✪✭✮✯*"
_EMPTY_STARS = "☆✩"

_NUM = r"(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"

# Numbers, fractions and digit stars, matched against the lower-cased text whose whitespace
# runs were collapsed to one space: "83", "6.5/10", "3 out of 5", "3½ stars", "3 1/2 stars",
# "3.5 stars out of 5", "4/5 stars", "83%", "-2/5" (refused later as out of range).
_NUMERIC = re.compile(
    rf"""
    (?P<neg>-)?\ ?
    (?P<value>{_NUM})
    (?:\ ?(?P<half>½)|\ (?P<half_slash>1/2))?
    (?:\ ?(?P<unit>stars?|★|%))?
    (?:\ ?(?:/|out\ of|of)\ ?(?P<max_neg>-)?(?P<max>{_NUM})(?:\ ?stars?)?)?
    """,
    re.VERBOSE,
)

# Rows of star glyphs, matched against the lower-cased text with all spaces removed:
# "★★★½", "★★★☆☆", "★★½☆☆", "***1/2", "★★★★/5".
_GLYPHS = re.compile(
    rf"""
    (?P<full>[{re.escape(_FILLED_STARS)}]*)
    (?P<half>½|1/2)?
    (?P<empty>[{re.escape(_EMPTY_STARS)}]*)
    (?:stars?)?
    (?:(?:/|outof|of)(?P<max_neg>-)?(?P<max>{_NUM})(?:stars?)?)?
    """,
    re.VERBOSE,
)

_HALF = Fraction(1, 2)
_HUNDRED = Fraction(100)


class RatingError(ValueError):
    """A rating or verdict that cannot be normalized; the row is quarantined under ``reason``.

    Args:
        reason: Why, as a quarantine reason: one of :data:`REASONS`.
        message: What is wrong with which value and what was expected, then how to fix it.

    Attributes:
        reason: The quarantine reason: ``ambiguous_scale``, ``unparseable_rating``,
            ``rating_out_of_range`` or ``bad_verdict``.
        message: The human-readable message (also ``str(error)``).
    """

    def __init__(self, reason: str, message: str) -> None:
        if reason not in REASONS:
            raise ValueError(
                f"unknown rating error reason {reason!r}; use one of {sorted(REASONS)}"
            )
        super().__init__(message)
        self.reason = reason
        self.message = message

    def __reduce__(self) -> tuple[type[RatingError], tuple[str, str]]:
        # Rebuild from both arguments, so that the error survives pickling (multiprocessing).
        return (type(self), (self.reason, self.message))


def _letter_key(text: str) -> str:
    """The canonical spelling of a letter grade: no spaces, upper case, ASCII ``-`` for minus."""
    return "".join(text.split()).translate(_MINUS_SIGNS).upper()


def _build_letter_grades() -> Mapping[str, float]:
    """Derive the letter table of docs/contracts.md: 100 × k / 12, rounded half up, k steps above F.

    The letters F, D, C, B, A stand 0, 3, 6, 9 and 12 steps above F; ``+`` adds a step and
    ``-`` removes one, clamped to [0, 12], so that A+ equals A (100) and F− equals F (0).
    """
    grades: dict[str, float] = {}
    for index, letter in enumerate("FDCBA"):
        for modifier, shift in (("+", 1), ("", 0), ("-", -1)):
            steps = min(max(3 * index + shift, 0), 12)
            grades[letter + modifier] = float(math.floor(Fraction(100 * steps, 12) + _HALF))
    return MappingProxyType(dict(sorted(grades.items(), key=lambda item: -item[1])))


DEFAULT_LETTER_GRADES: Mapping[str, float] = _build_letter_grades()
"""Letter grade (canonical spelling: ``A+``, ``A``, ``A-`` … ``F-``) → score out of 100."""


def _out_of_range(rating: str, why: str, remedy: str) -> RatingError:
    return RatingError("rating_out_of_range", f"rating {rating!r} is out of range: {why}. {remedy}")


def _scale_fraction(rating: str, scale: float | None) -> Fraction | None:
    """Validate ``scale`` and return it exactly; None (or NaN, a missing cell) means no scale."""
    if scale is None:
        return None
    try:
        number = float(scale)
    except (TypeError, ValueError, OverflowError):
        raise RatingError(
            "rating_out_of_range",
            f"scale {scale!r} of rating {rating!r} is not a number; expected a positive "
            "maximum such as 5 or 10. Fix the scale column.",
        ) from None
    if math.isnan(number):
        return None
    if math.isinf(number) or number <= 0:
        raise _out_of_range(
            rating,
            f"its scale {scale!r} is not a maximum; expected a positive finite number",
            "Give the maximum mark of the critic's scale, such as 5 or 10, in the scale column.",
        )
    # repr gives the shortest decimal that reads back as the same float: 0.3 -> 3/10 exactly.
    return Fraction(repr(number))


def _score(rating: str, value: Fraction, maximum: Fraction) -> float:
    """Return 100 × value / maximum after checking that 0 ≤ value ≤ maximum."""
    if value > maximum:
        raise _out_of_range(
            rating,
            f"{_show(value)} is above the maximum {_show(maximum)}; expected at most "
            f"{_show(maximum)}",
            "Check the mark and the scale.",
        )
    return float(_HUNDRED * value / maximum)


def _show(number: Fraction) -> str:
    """Write a rational number back the way a critic would: 3, 3.5, 2/3."""
    if number.denominator == 1:
        return str(number.numerator)
    as_float = float(number)
    return repr(as_float) if Fraction(repr(as_float)) == number else str(number)


def _maximum(
    rating: str,
    own: Fraction | None,
    raw_scale: float | None,
    what: str,
) -> Fraction:
    """Pick the maximum: the one written in the rating, else ``scale``; refuse a conflict."""
    scale = _scale_fraction(rating, raw_scale)
    if own is not None:
        if own <= 0:
            raise _out_of_range(
                rating,
                f"its maximum {_show(own)} is not positive; expected a maximum above 0",
                "Write the mark over a positive maximum, such as 3/5.",
            )
        if scale is not None and scale != own:
            raise RatingError(
                "ambiguous_scale",
                f"rating {rating!r} is out of {_show(own)} but its scale column says "
                f"{_show(scale)}; expected them to agree. Correct the scale column or "
                "leave it empty.",
            )
        return own
    if scale is None:
        raise RatingError(
            "ambiguous_scale",
            f"rating {rating!r} is {what} with no maximum; expected a scale. Give the "
            "maximum in the scale column (e.g. 5 for five stars, 10 for a mark out of 10), or "
            "write the rating as a fraction such as '3/5'.",
        )
    return scale


def _letter_grade(rating: str, key: str, letter_grades: Mapping[str, float] | None) -> float | None:
    """The score of a letter grade, or None when ``key`` is not a grade of the table."""
    if letter_grades is None or letter_grades is DEFAULT_LETTER_GRADES:
        grade = DEFAULT_LETTER_GRADES.get(key)
    else:
        grade = letter_grades.get(key)
        if grade is None:
            grade = {_letter_key(k): v for k, v in letter_grades.items()}.get(key)
    if grade is None:
        return None
    score = float(grade)
    if not 0.0 <= score <= 100.0:  # also refuses NaN
        raise _out_of_range(
            rating,
            f"the letter-grade table maps it to {grade!r}",
            "Map every letter grade to a score between 0 and 100.",
        )
    return score


def _numeric(rating: str, match: re.Match[str], scale: float | None) -> float:
    """Score a number, fraction or digit-stars rating matched by ``_NUMERIC``."""
    value = Fraction(match["value"])
    half = match["half"] or match["half_slash"]
    unit = match["unit"]
    if half:
        if value.denominator != 1:
            raise RatingError(
                "unparseable_rating",
                f"rating {rating!r} adds a half to a fractional mark; expected a whole number "
                "followed by ½ (3½) or a decimal (3.5). Rewrite the mark.",
            )
        value += _HALF
    if match["neg"] and value:
        raise _out_of_range(
            rating,
            "it is negative; expected a mark of 0 or more",
            "Check the sign of the mark.",
        )
    own: Fraction | None = None
    if match["max"] is not None:
        if unit == "%":
            raise RatingError(
                "unparseable_rating",
                f"rating {rating!r} is both a percentage and a fraction; expected one of "
                "'83%' or '83/100'. Rewrite the mark.",
            )
        own = Fraction(match["max"])
        if match["max_neg"]:
            own = -own
    elif unit == "%":
        own = _HUNDRED
    if unit in ("star", "stars", "★"):
        what = "a number of stars"
    elif half:
        what = "a mark with a half"
    else:
        what = "a bare number"
    return _score(rating, value, _maximum(rating, own, scale, what))


def _glyphs(rating: str, match: re.Match[str], scale: float | None) -> float | None:
    """Score a row of star glyphs matched by ``_GLYPHS``; None when it holds no star."""
    full, half, empty = len(match["full"]), int(bool(match["half"])), len(match["empty"])
    if not (full or half or empty):
        return None
    value = full + half * _HALF
    own: Fraction | None = None
    if match["max"] is not None:
        own = Fraction(match["max"])
        if match["max_neg"]:
            own = -own
        if empty and own != full + half + empty:
            raise RatingError(
                "ambiguous_scale",
                f"rating {rating!r} shows {full + half + empty} star positions but says it is "
                f"out of {_show(own)}; expected them to agree. Rewrite the mark.",
            )
    elif empty:
        # Filled, half and empty stars together show the whole scale: ★★½☆☆ is 2.5 of 5.
        own = Fraction(full + half + empty)
    return _score(rating, value, _maximum(rating, own, scale, "a row of stars"))


def normalize_rating(
    rating: str | None,
    scale: float | None = None,
    *,
    letter_grades: Mapping[str, float] | None = None,
) -> float | None:
    """Turn a critic's mark as written into ``score_100``, a score out of 100.

    Args:
        rating: The mark as the critic wrote it: a letter grade (``B+``), a fraction
            (``3/5``, ``6.5/10``, ``3 out of 5``, ``83%``), stars (``★★★½``, ``3.5 stars``,
            ``★★★☆☆``) or a number (``83``). None or blank means the review has no rating
            (a verdict-only review).
        scale: The maximum of the critic's scale, needed for stars and bare numbers. None or
            NaN (an empty cell) means no scale. Letter grades ignore it; a fraction or a
            row of filled and empty stars must agree with it.
        letter_grades: Letter grade → score out of 100; :data:`DEFAULT_LETTER_GRADES` when
            None. Keys are matched ignoring case and spaces, with any dash as minus.

    Returns:
        The score out of 100, unrounded (letter grades come from the table), or None when
        there is no rating. ``score_10`` is this value divided by 10.

    Raises:
        RatingError: With reason ``ambiguous_scale`` for stars or a bare number without a
            scale (or a maximum that disagrees with ``scale``), ``rating_out_of_range`` for
            a negative mark, a mark above its maximum, or a zero, negative or infinite
            maximum, and ``unparseable_rating`` for anything else that is not a mark.

    Examples:
        >>> normalize_rating("B+")
        83.0
        >>> normalize_rating("6.5/10")
        65.0
        >>> normalize_rating("★★★½", scale=5)
        70.0
    """
    if rating is None:
        return None
    text = rating.strip()
    if not text:
        return None
    if len(text) > _MAX_RATING_CHARS:
        raise RatingError(
            "unparseable_rating",
            f"rating {text[:40]!r}… is {len(text)} characters long; expected a mark such as "
            f"'B+', '3/5' or '★★★½' (at most {_MAX_RATING_CHARS} characters). Put the mark "
            "alone in the rating column.",
        )
    grade = _letter_grade(text, _letter_key(text), letter_grades)
    if grade is not None:
        return grade
    normal = " ".join(text.translate(_MINUS_SIGNS).translate(_STRIPPED).lower().split())
    match = _NUMERIC.fullmatch(normal)
    if match is not None:
        return _numeric(text, match, scale)
    match = _GLYPHS.fullmatch(normal.replace(" ", ""))
    if match is not None:
        score = _glyphs(text, match, scale)
        if score is not None:
            return score
    raise RatingError(
        "unparseable_rating",
        f"rating {text!r} is not a mark; expected a letter grade ('B+'), a fraction ('3/5', "
        "'6.5/10'), stars ('★★★½', '3.5 stars') or a number with a scale. Fix the rating "
        "column, or leave it empty and give a verdict.",
    )


def normalize_verdict(verdict: str | None) -> Literal["fresh", "rotten"] | None:
    """Normalize a review's verdict to ``fresh`` or ``rotten``.

    Args:
        verdict: The verdict as written; case and surrounding spaces do not matter. None or
            blank means the review has no verdict.

    Returns:
        ``"fresh"``, ``"rotten"``, or None when there is no verdict.

    Raises:
        RatingError: With reason ``bad_verdict`` for any other text.
    """
    if verdict is None:
        return None
    text = verdict.strip().lower()
    if not text:
        return None
    if text == "fresh":
        return "fresh"
    if text == "rotten":
        return "rotten"
    raise RatingError(
        "bad_verdict",
        f"verdict {verdict.strip()!r} is neither fresh nor rotten; expected 'fresh', "
        "'rotten' or an empty cell. Fix the verdict column.",
    )
