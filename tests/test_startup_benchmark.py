"""benchmarks.startup: the synthetic Netflix export and the generated section of RESULTS.md."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.netflix_export import HEADER, write_export  # noqa: E402
from benchmarks.startup import (  # noqa: E402
    BEGIN,
    END,
    SINGLE_BEGIN,
    SINGLE_END,
    render,
    render_single,
    write_section,
)


def test_the_export_has_netflix_columns_rows_and_titles(tmp_path: Path) -> None:
    path = tmp_path / "ViewingActivity.csv"
    facts = write_export(path, rows=400, titles=20, profiles=3)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == HEADER
    assert len(rows) - 1 == facts["rows"] == 400
    assert facts["titles"] == 20 == facts["shows"] + facts["films"]
    assert {row[0] for row in rows[1:]} == {"Profile 1", "Profile 2", "Profile 3"}
    assert rows[1][1] > rows[-1][1]  # newest first, as Netflix lists them
    # the last session of a (profile, title) keeps its bookmark; earlier ones say so
    assert all(row[8] in (row[7], "Not latest view") for row in rows[1:])
    assert any(row[8] == "Not latest view" for row in rows[1:])


def _payload() -> dict[str, object]:
    times = {"hand query, Parquet": [2.0, 2.0, 2.0], "hand query, store": [1.0, 1.0, 1.0]}
    single = {
        "binge_racers": {
            **times,
            "showmeter compute (before)": [3.0, 3.0, 3.0],
            "showmeter compute (after)": [1.0, 1.5, 2.0],
        }
    }
    facts = {"titles": 5, "shows": 1, "films": 4, "draft_titles": 5}
    return {
        "date": "2026-12-06 11:00 UTC",
        "command": "python -m benchmarks.startup",
        "machine": "2 CPUs",
        "load_before": "1.0 / 1.0 / 1.0",
        "load_after": "1.0 / 1.0 / 1.0",
        "runs": 3,
        "world": "10 sessions",
        "sources": {"before": "b", "after": "a"},
        "source_notes": {"before": "base", "after": "this tree"},
        "single": single,
        "warm": {"before": {"binge_racers": {"showmeter": [1.0], "hand": [0.5]}}, "after": {}},
        "small": {
            "inputs": {"13 rows": facts, "16,791 rows": facts},
            "times": {
                "before|13 rows": [2.0],
                "before|16,791 rows": [40.0],
                "after|13 rows": [2.0],
                "after|16,791 rows": [5.0],
            },
        },
        "notes": ["a note"],
    }


def test_the_section_gives_medians_and_ratios_and_replaces_itself(tmp_path: Path) -> None:
    section = render(_payload())
    # medians: after 1.5 s against 2.0 s over Parquet (0.75x) and 1.0 s over the store (1.50x)
    assert "| binge_racers | after | 1.50 s | 2.00 s | 0.75x | 1.00 s | 1.50x |" in section
    assert "| binge_racers | before | 1.00 s | 0.50 s | 2.00x |" in section
    assert "| before | 2.00 s | 40.00 s | 20.00x |" in section
    assert "| after | 2.00 s | 5.00 s | 2.50x |" in section
    results = tmp_path / "RESULTS.md"
    results.write_text("# Title\n\nintro\n\n## Older\n\ntext\n")
    write_section(results, section)
    write_section(results, section.replace("a note", "another note"))
    text = results.read_text()
    assert text.count(BEGIN) == text.count(END) == 1
    assert "another note" in text and "a note\n" not in text
    assert text.index(BEGIN) < text.index("## Older")


def test_a_small_files_run_on_its_own_shows_user_cpu_and_its_own_sources() -> None:
    payload = _payload()
    small = payload["small"]
    assert isinstance(small, dict)
    small["user"] = {
        "before|13 rows": [1.0, 1.2, 5.0],
        "before|16,791 rows": [4.0],
        "after|13 rows": [1.0],
        "after|16,791 rows": [2.0, 2.5, 3.0],
    }
    payload["small_run"] = {
        "date": "2026-12-06 12:00 UTC",
        "command": "python -m benchmarks.startup --only small",
        "load_before": "3.0 / 3.0 / 3.0",
        "load_after": "2.0 / 2.0 / 2.0",
        "runs": 3,
        "sources": {"before": "git abc", "after": "this tree"},
    }
    section = render(payload)
    # medians of user CPU: before 1.2 s and 4.0 s (3.33x), after 1.0 s and 2.5 s (2.50x)
    assert "| before | 2.00 s | 40.00 s | 20.00x | 1.20 s | 4.00 s | 3.33x |" in section
    assert "| after | 2.00 s | 5.00 s | 2.50x | 1.00 s | 2.50 s | 2.50x |" in section
    assert "load average 3.0 / 3.0 / 3.0 at the start" in section
    assert "`before` = git abc" in section


def test_a_single_compute_section_gives_cpu_ratios_and_sits_beside_the_other(
    tmp_path: Path,
) -> None:
    hand = {"hand query, Parquet": [0.5, 0.4, 0.6], "hand query, store": [0.4, 0.4, 0.5]}
    payload = {
        "date": "2026-12-06 14:00 UTC",
        "command": "python -m benchmarks.startup --only single",
        "machine": "2 CPUs",
        "load_before": "9.0 / 9.0 / 9.0",
        "load_after": "8.0 / 8.0 / 8.0",
        "runs": 3,
        "world": "200,000 sessions",
        "source_notes": {"before": "git abc", "after": "this tree"},
        "wall": {"binge_racers": {**hand, "showmeter compute (after)": [3.0, 2.0, 4.0]}},
        "cpu": {"binge_racers": {**hand, "showmeter compute (after)": [0.6, 0.7, 0.9]}},
        "notes": ["a note"],
    }
    section = render_single(payload)
    # medians: CPU 0.70 s against 0.40 s for the hand query over the store (1.75x); wall 3.00 s
    assert "| binge_racers | showmeter compute (after) | 3.00 s | 0.70 s | 1.75x |" in section
    assert "| binge_racers | hand query, Parquet | 0.50 s | 0.50 s | 1.25x |" in section
    results = tmp_path / "RESULTS.md"
    results.write_text("# Title\n\nintro\n\n## Older\n\ntext\n")
    write_section(results, render(_payload()))
    write_section(results, section, SINGLE_BEGIN, SINGLE_END)
    write_section(results, section.replace("a note", "another note"), SINGLE_BEGIN, SINGLE_END)
    text = results.read_text()
    assert text.count(SINGLE_BEGIN) == text.count(SINGLE_END) == 1
    assert text.count(BEGIN) == text.count(END) == 1
    assert text.index(SINGLE_END) < text.index(BEGIN)  # not inside the other section
    assert "another note" in text


def test_the_single_compute_section_has_a_table_per_world_with_both_hand_ratios() -> None:
    def run(world: str, mine: list[float]) -> dict[str, object]:
        hand = {"hand query, Parquet": [0.5, 0.4, 0.6], "hand query, store": [0.4, 0.4, 0.5]}
        return {
            "date": "2026-12-06 17:00 UTC",
            "command": f"python -m benchmarks.startup --only single --world {world}",
            "machine": "2 CPUs",
            "load_before": "9.0 / 9.0 / 9.0",
            "load_after": "8.0 / 8.0 / 8.0",
            "runs": 3,
            "world": world,
            "source_notes": {"before": "git abc", "after": "this tree"},
            "wall": {"binge_racers": {**hand, "showmeter compute (after)": [1.0, 1.0, 1.0]}},
            "cpu": {"binge_racers": {**hand, "showmeter compute (after)": mine}},
        }

    section = render_single(run("200,000 sessions", [0.3, 0.3, 0.2]), run("10M", [0.8, 0.9, 1.0]))
    # CPU medians against the hand query's 0.40 s (store) and 0.50 s (Parquet): 0.30 s is
    # 0.75x and 0.60x; 0.90 s is 2.25x and 1.80x
    assert (
        "| binge_racers | showmeter compute (after) | 1.00 s | 0.30 s | 0.75x | 0.60x |" in section
    )
    assert (
        "| binge_racers | showmeter compute (after) | 1.00 s | 0.90 s | 2.25x | 1.80x |" in section
    )
    assert section.index("### 200,000 sessions") < section.index("### 10M")
    assert section.count("| metric | command |") == 2
