"""The viewing sessions of a world, streamed as Arrow tables of bounded size.

The fixed populations (the panels) come first, in full, then the open population (the
members) fills the rest, block after block, until exactly the number of sessions asked for.
Memory is bounded by ``chunk_rows`` plus one block, whatever the total.

Each table holds the sessions of one population, in the canonical columns of ``viewing``:
``account_id``, ``profile_id``, ``person_id`` (null where the population has none),
``title``, ``season``, ``episode``, ``started_at`` (``timestamp[us, tz=UTC]``),
``seconds_watched``, ``position_end_s``, ``device`` and ``market``. Ids and small vocabularies
are dictionary-encoded; Parquet stores them as plain strings.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from showmeter.simulate.behaviour import Sessions, sessions
from showmeter.simulate.draws import Draws, KeyedDraws, StreamDraws
from showmeter.simulate.ids import profile_ids, text_ids
from showmeter.simulate.plan import DEVICES, Plan, PopulationPlan
from showmeter.simulate.populations import (
    BLOCK_UNITS,
    MAX_PROFILES,
    VIEWING,
    block_rng,
    unit_block,
)
from showmeter.simulate.starts import engagements

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pyarrow as pa

    from showmeter.simulate.spec import World

__all__ = ["CHUNK_ROWS", "fixed_units", "session_schema", "session_tables"]

CHUNK_ROWS = 500_000
"""Sessions per table, roughly (a table closes at the first block past it)."""

IDLE_BLOCKS = 1000
"""Blocks in a row without a session after which an open population is deemed idle."""


def session_schema() -> pa.Schema:
    """The Arrow schema of the session tables."""
    import pyarrow as pa

    text = pa.dictionary(pa.int32(), pa.string())
    return pa.schema(
        [
            ("account_id", text),
            ("profile_id", text),
            ("person_id", text),
            ("title", text),
            ("season", pa.int32()),
            ("episode", pa.int32()),
            ("started_at", pa.timestamp("us", tz="UTC")),
            ("seconds_watched", pa.float64()),
            ("position_end_s", pa.float64()),
            ("device", text),
            ("market", text),
        ]
    )


def fixed_units(world: World, sessions_wanted: int) -> dict[str, int]:
    """The units of each fixed population (panel) for a run of ``sessions_wanted`` sessions.

    A run smaller than the world's own scale shrinks the panels in proportion (their weights
    grow to match, so that they still project to the same population).

    Args:
        world: The world.
        sessions_wanted: The sessions of the run.

    Returns:
        Population name -> units, for the populations with a fixed size.
    """
    scale = min(1.0, sessions_wanted / world.sessions)
    return {
        p.name: max(1, round(p.units * scale)) for p in world.populations if p.units is not None
    }


def _block_sessions(
    plan: Plan, population: PopulationPlan, seed: int, block: int, units: int | None
) -> Sessions:
    units_drawn = unit_block(population, seed, block, units)
    draws: Draws
    if population.spec.units is None:
        draws = StreamDraws(block_rng(seed, population.index, block, VIEWING))
    else:
        draws = KeyedDraws(seed, population.index)
    started = engagements(plan, population, units_drawn, draws)
    return sessions(plan, population, units_drawn, started, draws)


def _dictionary(indices: object, values: pa.Array) -> pa.DictionaryArray:
    import numpy as np
    import pyarrow as pa

    codes = pa.array(np.asarray(indices, dtype=np.int32))
    return pa.DictionaryArray.from_arrays(codes, values, safe=False)


def to_table(plan: Plan, population: PopulationPlan, rows: Sessions) -> pa.Table:
    """The Arrow table of some sessions of one population.

    Args:
        plan: The world's arrays.
        population: Their population.
        rows: The sessions.

    Returns:
        A table with :func:`session_schema`.
    """
    import numpy as np
    import pyarrow as pa

    schema = session_schema()
    count = len(rows)
    spec = population.spec
    low = int(rows.unit.min()) if count else 0
    span = (int(rows.unit.max()) - low + 1) if count else 0
    numbers = np.arange(low, low + span, dtype=np.int64)
    prefix = f"{spec.name}-"
    units = _dictionary(rows.unit - low, text_ids(prefix, numbers))
    nulls = pa.nulls(count, schema.field("person_id").type)
    columns: dict[str, pa.Array] = {
        "account_id": units if spec.unit == "account" else nulls,
        "profile_id": nulls,
        "person_id": units if spec.unit == "person" else nulls,
    }
    if spec.unit == "account" and spec.profiles > 0:
        profiles = profile_ids(prefix, numbers, MAX_PROFILES)
        columns["profile_id"] = _dictionary(
            (rows.unit - low) * MAX_PROFILES + rows.profile - 1, profiles
        )
    titles = list(dict.fromkeys(title for title, _ in plan.seasons))  # one entry per title
    title_of_season = np.array([titles.index(title) for title, _ in plan.seasons])
    numbers_of_season = np.array([number for _, number in plan.seasons], dtype=np.int32)
    columns |= {
        "title": _dictionary(title_of_season[rows.season], pa.array(titles)),
        "season": pa.array(numbers_of_season[rows.season]),
        "episode": pa.array(rows.episode.astype(np.int32)),
        "started_at": pa.array(rows.started_at, type=pa.int64()).cast(
            schema.field("started_at").type
        ),
        "seconds_watched": pa.array(rows.seconds),
        "position_end_s": pa.array(rows.position),
        "device": _dictionary(rows.device, pa.array(DEVICES)),
        "market": _dictionary(rows.market, pa.array(plan.market_codes)),
    }
    return pa.table(columns, schema=schema)


def session_tables(
    world: World,
    *,
    sessions_wanted: int | None = None,
    seed: int = 0,
    chunk_rows: int = CHUNK_ROWS,
    plan: Plan | None = None,
) -> Iterator[pa.Table]:
    """Generate the sessions of a world, table by table.

    Args:
        world: The world.
        sessions_wanted: Sessions in all; ``None``: the world's own ``sessions``. The total is
            exact whenever the world has an open population (one without a fixed size).
        seed: The seed: the same seed gives the same sessions.
        chunk_rows: Sessions per table, roughly (memory is bounded by it).
        plan: The world's arrays, when already compiled.

    Yields:
        Tables with :func:`session_schema`, one population per table.
    """
    import pyarrow as pa

    wanted = world.sessions if sessions_wanted is None else sessions_wanted
    plan = plan or Plan(world)
    sizes = fixed_units(world, wanted)
    remaining = wanted
    fixed_first = sorted(plan.populations, key=lambda p: p.spec.units is None)
    for population in fixed_first:
        units = sizes.get(population.spec.name)
        blocks = math.ceil(units / BLOCK_UNITS) if units is not None else None
        held: list[pa.Table] = []
        rows = block = idle = 0
        while remaining - rows > 0 and (blocks is None or block < blocks):
            size = None if units is None else min(BLOCK_UNITS, units - block * BLOCK_UNITS)
            part = _block_sessions(plan, population, seed, block, size)
            block += 1
            idle = 0 if len(part) else idle + 1
            if idle >= IDLE_BLOCKS:
                raise ValueError(
                    f"population {population.spec.name!r} watches nothing: {idle} blocks of "
                    "its units started no season. Give its seasons some reach."
                )
            held.append(to_table(plan, population, part))
            rows += len(part)
            if rows >= chunk_rows:
                table = pa.concat_tables(held).slice(0, remaining)
                remaining -= table.num_rows
                held, rows = [], 0
                yield table
        if held:
            table = pa.concat_tables(held).slice(0, remaining)
            remaining -= table.num_rows
            yield table
