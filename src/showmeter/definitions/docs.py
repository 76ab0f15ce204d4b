"""The metric reference, generated from the registry.

``python -m showmeter.definitions.docs > docs/metrics.md`` writes ``docs/metrics.md``; a test fails
when the file is stale. :func:`summary` is also what ``showmeter metrics NAME`` renders above
its parameter table.
"""

from __future__ import annotations

import re
import sys

from showmeter.definitions.registry import FAMILIES, Metric, all_metrics

__all__ = ["describe", "render", "summary"]

INTRO = """\
# Metrics

Generated from the metric registry by `python -m showmeter.definitions.docs > docs/metrics.md`;
do not edit by hand. `showmeter metrics NAME` shows the same text with the SQL the metric
compiles to with `--sql`. The definitions and contracts are in [contracts.md](contracts.md) and
the sources behind them in [sources.md](sources.md) (a metric's source `docs/sources.md §2` is
its section 2); each metric below states how it implements them, and every choice where they
are silent.

Every parameter can be given as `--set name=value` on the command line or as a typed value in
Python. Every result echoes all of them, defaults included; in JSON, `null` means "all" for
`devices` and `markets` and "none" for `panel` and `ages`.

## Rules shared by every viewing metric

- L(s, m) is the launch of season *s* in market *m*; `anchor=global` uses the season's
  earliest launch everywhere. A window of *n* days is [L, L + n × 24 h); day *k* is
  [L + 24(k−1) h, L + 24k h) and week *k* is [L + 7(k−1) d, L + 7k d).
- A session counts only from the launch of the season in its own market on; sessions before
  it, and sessions in a market where the season has no launch, are ignored.
- `devices` and `markets` select sessions first; every figure, including a unit's market, is
  computed from the selected sessions only (as a TV-only or US-only panel would see them).
- A unit's market is the market of its first session of the season from the launch on (ties:
  the smaller market code). `by_market` groups by it, and figures with one value per unit
  (completion, binge racing, time to complete) measure L in that market.
- `panel=NAME` counts only that panel's units of the unit kind in use, each with its weight;
  without a panel every unit counts with weight 1. Sessions without an id of the unit kind in
  use are left out.
  A weight is above 0 and at most 10⁸ (the ingest quarantines others: docs/ingest.md), which
  keeps the exact sums of weights in range.
- A unit completes an episode at the end of the first session, in start order from L on, at
  which its cumulative seconds of the episode reach `completion` × runtime; within a window
  means that instant is before the window's end.
- Ratios with a zero denominator are null.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown(text: str) -> str:
    """Docstring text as Markdown: reStructuredText's ``code`` becomes `code`."""
    return re.sub(r"``([^`]+)``", r"`\1`", text)


def summary(definition: Metric) -> str:
    """One metric's heading, definition, rows, columns, value, source and version (Markdown).

    Args:
        definition: A registered metric.

    Returns:
        A Markdown section starting with a level-3 heading, without the parameter table.
    """
    rows = ", ".join(f"`{c}`" for c in definition.rows)
    if any(param.name == "by_market" for param in definition.params):
        rows += " (+ `market` with `by_market`)"
    columns = ", ".join(f"`{c}`" for c in definition.columns)
    lines = [
        f"### `{definition.name}`",
        "",
        _markdown(definition.definition),
        "",
        f"- **Rows:** {rows}",
        f"- **Columns:** {columns}",
        f"- **Value:** {definition.unit}",
        f"- **Source:** {_markdown(definition.source)}",
        f"- **Version:** {definition.version}",
    ]
    return "\n".join(lines) + "\n"


def describe(definition: Metric) -> str:
    """One metric as Markdown: definition, rows, columns, value, source, version, parameters.

    Args:
        definition: A registered metric.

    Returns:
        A Markdown section starting with a level-3 heading.
    """
    lines = [
        summary(definition),
        "| parameter | accepts | default | meaning |",
        "| --- | --- | --- | --- |",
    ]
    lines.extend(
        f"| `{param.name}` | {_cell(param.kind.label)} | `{param.default_text()}` "
        f"| {_cell(_markdown(param.help))} |"
        for param in definition.params
    )
    if definition.name == "rank":
        lines += ["", "Every other parameter is a parameter of the ranked metric."]
    return "\n".join(lines) + "\n"


def render() -> str:
    """The whole reference, every family in order."""
    parts = [INTRO]
    metrics = all_metrics()
    for family in FAMILIES:
        members = [m for m in metrics if m.family == family]
        if not members:
            continue
        parts.append(f"## {family.capitalize()}\n")
        parts.extend(describe(m) for m in members)
    return "\n".join(parts)


def main() -> None:
    """Print the reference to standard output."""
    import showmeter.definitions  # noqa: F401  (registers every family)

    sys.stdout.write(render())


if __name__ == "__main__":
    main()
