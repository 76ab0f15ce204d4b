"""A row of nothing but delimiters in a published list is quarantined as ``empty_row``.

Every row read is loaded or quarantined: a line of tabs (or commas, or spaces and tabs) after
the header used to be skipped without being counted. Before the header such a line is no row
of the table (Netflix's engagement CSV has one between its banner and its header). A blank
line is not a row either. The files below are written by hand from the formats' description
(docs/adapters/netflix-top10.md); the expected counts are read off them line by line.
"""

from __future__ import annotations

from pathlib import Path

from workbooks import FIXTURES

from showmeter import api

_GLOBAL_HEADER = (
    "week\tcategory\tweekly_rank\tshow_title\tseason_title\tweekly_hours_viewed\truntime"
    "\tweekly_views\tcumulative_weeks_in_top_10"
)
_WEDNESDAY = (
    "2025-09-07\tTV (English)\t1\tWednesday\tWednesday: Season 2\t60000000\t7.7833\t7700000\t5"
)


def test_a_top10_line_of_tabs_is_quarantined_and_counted(tmp_path: Path) -> None:
    tabs = "\t" * 8
    # line 1: tabs before the header (no row); 2: header; 3: tabs; 4: Wednesday;
    # 5: spaces and tabs; 6: blank (no row); 7: tabs at the end
    text = f"{tabs}\n{_GLOBAL_HEADER}\n{tabs}\n{_WEDNESDAY}\n  \t \t\n\n{tabs}\n"
    path = tmp_path / "all-weeks-global.tsv"
    path.write_text(text, encoding="utf-8")
    catalog = FIXTURES / "catalog.yaml"
    summary = api.ingest(
        tmp_path / "s.duckdb", catalog=catalog, events=[str(path)], source="netflix-top10"
    )
    (file,) = summary.files
    assert (file.read, file.loaded, file.quarantined) == (4, 1, 3)
    assert file.reasons == {"empty_row": 3}
    assert file.reconciles


def test_an_engagement_row_of_commas_is_quarantined_and_counted(tmp_path: Path) -> None:
    text = (
        ",What We Watched: A Netflix Engagement Report,,,,,\n"
        ",July - December 2023,,,,,\n"
        ",,,,,,\n"  # line 3: before the header, no row
        ",Title,Available Globally?,Release Date,Hours Viewed,Runtime,Views\n"
        ',Wednesday: Season 1,Yes,2022-11-23,"98,000,000",8:10,\n'
        ",,,,,,\n"  # line 6: empty_row
        ',Leo,Yes,,"87,400,000",1:43,\n'  # line 7: a film the catalog does not hold
    )
    path = tmp_path / "engagement-2023H2.csv"
    path.write_text(text, encoding="utf-8")
    summary = api.ingest(
        tmp_path / "s.duckdb",
        catalog=FIXTURES / "catalog.yaml",
        events=[str(path)],
        source="netflix-engagement",
    )
    (file,) = summary.files
    assert (file.read, file.loaded, file.quarantined) == (3, 1, 2)
    assert file.reasons == {"empty_row": 1, "unresolved_title": 1}
    assert file.reconciles
