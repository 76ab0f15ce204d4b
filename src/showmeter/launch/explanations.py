"""The definitions shown beside each figure: from the registry and the results themselves.

Each figure states, for every metric it shows, the definition as registered (summary, full
text, unit, source, version) and the parameters as the results echo them, defaults included.
When a figure computes a metric several times with one parameter varied (the binge race
varies ``window_hours``), that parameter is shown with all its values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from showmeter.definitions import registry
from showmeter.results import param_text

if TYPE_CHECKING:
    from showmeter.launch.scope import Figure

__all__ = ["Definition", "definitions", "param_text", "varied_text"]


@dataclass(frozen=True)
class Definition:
    """A metric as a figure uses it.

    Attributes:
        metric: The metric's name.
        summary: Its definition in one line.
        text: Its full definition.
        unit: The unit of its value.
        source: Where the definition comes from.
        version: The version of the definition.
        params: Every parameter, resolved; a varied parameter holds the list of its values.
        varied: The names of the parameters the figure varies.
        engine: The engine that computed it.
        computed_from: Whether the store's pre-aggregations served it (and why not).
    """

    metric: str
    summary: str
    text: str
    unit: str
    source: str
    version: int
    params: dict[str, object]
    varied: tuple[str, ...]
    engine: str
    computed_from: str = ""

    def to_dict(self) -> dict[str, object]:
        """The definition for ``report.json``."""
        return {
            "metric": self.metric,
            "summary": self.summary,
            "definition": self.text,
            "unit": self.unit,
            "source": self.source,
            "version": self.version,
            "params": self.params,
            "varied": list(self.varied),
            "engine": self.engine,
        }


def varied_text(values: list[object], name: str) -> str:
    """The values a figure gives a varied parameter: all of them, or the first … the last."""
    shown = [param_text(value, name) for value in values]
    if len(shown) <= 6:
        return " | ".join(shown)
    return f"{shown[0]} | {shown[1]} | … | {shown[-1]} ({len(shown)} values)"


def definitions(figure: Figure) -> list[Definition]:
    """The definitions of every metric a figure shows, in the order first used.

    Args:
        figure: A computed figure.

    Returns:
        One definition per metric. A metric computed several times shows the parameters
        every computation has; those whose values differ are listed as ``varied``, with
        their values in order (``rank`` by several metrics varies ``metric``).
    """
    by_metric: dict[str, list[dict[str, object]]] = {}
    engines: dict[str, str] = {}
    sources: dict[str, list[str]] = {}
    for result in figure.results.values():
        by_metric.setdefault(result.metric, []).append(result.params)
        engines[result.metric] = result.engine
        told = getattr(result, "computed_from", None)
        if told and told not in sources.setdefault(result.metric, []):
            sources[result.metric].append(told)
    found = []
    for name, all_params in by_metric.items():
        definition = registry.get(name)
        merged: dict[str, object] = {}
        varied = []
        common = [k for k in all_params[0] if all(k in p for p in all_params)]
        for key in common:
            values = list(dict.fromkeys(_hashable(p.get(key)) for p in all_params))
            if len(values) > 1:
                varied.append(key)
                merged[key] = [p.get(key) for p in _unique(all_params, key)]
            else:
                merged[key] = all_params[0][key]
        found.append(
            Definition(
                name,
                definition.summary,
                definition.definition,
                definition.unit,
                definition.source,
                definition.version,
                merged,
                tuple(varied),
                engines[name],
                " ".join(sources.get(name, [])),
            )
        )
    return found


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def _unique(all_params: list[dict[str, object]], key: str) -> list[dict[str, object]]:
    seen: set[object] = set()
    found = []
    for params in all_params:
        marker = _hashable(params.get(key))
        if marker not in seen:
            seen.add(marker)
            found.append(params)
    return found
