"""What a batch is asked in the tests of ``compute_many``: one computation's request."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Ask:
    """One computation of a batch, as :func:`showmeter.engines.batch.compute_many` takes it."""

    metric: str
    params: dict[str, object] = field(default_factory=dict)
    title: str | None = None
    season: int | None = None
