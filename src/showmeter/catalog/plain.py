"""Fast paths of validation for the common case: a document read without lines, all valid.

A drafted catalog of 5,000 titles has some 16,000 episodes; checking each field through a
:class:`~showmeter.catalog.nodes.Node` (a path and a line per value) is most of the time
validation takes. A document read by :mod:`showmeter.catalog.fast_yaml` has plain dicts and
lists and no lines, and a valid item needs no path: these functions check such an item
directly and build its model. They accept exactly what the full checks accept, with the same
values; on anything the full checks would report, they give up (None or :data:`SLOW`) and
the full check runs on that item and says what is wrong.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from showmeter.catalog import values
from showmeter.catalog.models import Episode
from showmeter.catalog.values import FieldError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["ORIGIN_REMEDY", "RUNTIME_ORIGINS", "SLOW", "plain_episode", "plain_fields"]

SLOW = object()
"""Returned by a fast path that gives the item to the full check."""

RUNTIME_ORIGINS = ("estimate", "tvmaze")
"""Where a runtime may come from when a person did not give it (``runtime_origin``)."""
ORIGIN_REMEDY = "Remove the key when a person gave the runtime."


def plain_fields(
    raw: object, known: Sequence[str], required: Sequence[str]
) -> dict[str, Any] | None:
    """The fields of a plain mapping with only known keys and every required one set.

    Args:
        raw: The item as read.
        known: Every key it may have.
        required: The keys it must have, not null.

    Returns:
        The mapping itself; None when it is not a plain dict (a ``ruamel.yaml`` mapping
        knows its lines: the full check runs), has another key, or lacks a required one.
    """
    if type(raw) is not dict or not raw.keys() <= set(known):
        return None
    if any(raw.get(key) is None for key in required):
        return None
    return raw


_EPISODE_KEYS = frozenset(("episode", "runtime", "name", "credits_at", "runtime_origin"))
_EPISODE_NUMBER = values.integer(1)
_ORIGIN = values.choice(RUNTIME_ORIGINS, ORIGIN_REMEDY)


def plain_episode(raw: object, seen: dict[int, int | None]) -> Episode | None:
    """An episode of a document read without lines, when it breaks no rule; else None.

    It accepts exactly what the full check (``validation._episode``) accepts, with the same
    values; on anything that check would report (an unknown or missing key, a wrong value,
    a number given twice), it returns None and the full check runs and says why.
    """
    if type(raw) is not dict or not raw.keys() <= _EPISODE_KEYS:
        return None
    number, runtime_raw = raw.get("episode"), raw.get("runtime")
    if number is None or runtime_raw is None:
        return None
    name, credits_raw, origin_raw = (
        raw.get("name"),
        raw.get("credits_at"),
        raw.get("runtime_origin"),
    )
    try:
        number = _EPISODE_NUMBER(number)
        runtime = values.duration(runtime_raw)
        name = None if name is None else values.text(name)
        credits_at = None if credits_raw is None else values.duration(credits_raw)
        origin = None if origin_raw is None else _ORIGIN(origin_raw)
    except FieldError:
        return None
    if number in seen or runtime == 0 or (credits_at is not None and credits_at > runtime):
        return None
    try:
        episode = Episode(
            episode=number,
            name=name,
            runtime_s=runtime,
            credits_at_s=credits_at,
            runtime_origin=origin,
        )
    except ValidationError:
        return None
    seen[number] = None  # no line: the document was read without them
    return episode
