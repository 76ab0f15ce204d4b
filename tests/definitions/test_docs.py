"""docs/metrics.md is generated from the registry and must not go stale."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from showmeter import definitions

DOCS = Path(__file__).parents[2] / "docs" / "metrics.md"


def _generated() -> str:
    # in a fresh process: exactly the families `showmeter.definitions` registers
    out = subprocess.run(
        [sys.executable, "-m", "showmeter.definitions.docs"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


def test_docs_metrics_md_is_up_to_date() -> None:
    assert DOCS.read_text() == _generated(), (
        "docs/metrics.md is stale: run `python -m showmeter.definitions.docs > docs/metrics.md`"
    )


def test_every_viewing_metric_and_parameter_is_documented() -> None:
    text = DOCS.read_text()
    for m in definitions.all_metrics():
        if m.family not in ("audience", "attention", "completion", "ranking"):
            continue
        assert f"### `{m.name}`" in text
        for param in m.params:
            assert f"| `{param.name}` |" in text
