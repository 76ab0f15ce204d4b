"""The demo world reproduces the published audience, binge and TV figures, through the engine.

The engine computes each figure from the raw rows of the generated demo world; only the
world's knobs were tuned (see ``demo_calibration.py`` for the targets and their precision).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_calibration import TARGETS, Target, measure, report


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float | None]:
    return measure(tmp_path_factory.mktemp("demo"))


@pytest.mark.slow
@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_the_demo_world_reproduces_the_published_figure(
    figures: dict[str, float | None], target: Target
) -> None:
    assert target.reproduced(figures[target.name]), report(figures)


def test_the_calibration_report_names_every_target() -> None:
    text = report({t.name: t.published for t in TARGETS})
    assert text.count("ok ") == len(TARGETS)
    assert "reach_index the-defenders: published 17, computed 17" in text
    assert Path(__file__).with_name("demo_calibration.py").is_file()
