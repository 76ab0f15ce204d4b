"""The launch report as one self-contained HTML file.

Everything is inlined: the style sheet, every chart as SVG (rendered offline by vl-convert),
and every table's CSV as a ``data:`` URI behind its download link. The page runs no script and
loads nothing: its Content-Security-Policy forbids any request, so it reads the same offline,
from a file, attached to a mail or printed.
"""

from __future__ import annotations

from html import escape
from importlib import resources
from typing import TYPE_CHECKING

from showmeter._version import __version__
from showmeter.launch import formats
from showmeter.launch.chart_style import render_svg
from showmeter.launch.display import OPEN_ROWS, DisplayTable, csv_data_uri, table_html
from showmeter.launch.explanations import definitions, param_text, varied_text
from showmeter.launch.quality import load_table, quarantine_table
from showmeter.launch.scope import SECTIONS

if TYPE_CHECKING:
    from showmeter.launch.cards import Card
    from showmeter.launch.explanations import Definition
    from showmeter.launch.panels import FigureView, Panel
    from showmeter.launch.records import Records
    from showmeter.reporting.build import Report

__all__ = ["chips", "download_link", "render_html"]

POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'"
)
"""The page may load nothing: no script, no font, no image but inline ones, no request."""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def download_link(table: DisplayTable, stem: str) -> str:
    """A link that downloads a table's CSV, held in the page as a ``data:`` URI."""
    name = f"{stem}-{table.name}.csv"
    return (
        f'<a class="download" download="{_e(name)}" href="{csv_data_uri(table.to_csv())}">'
        f"Download CSV · {len(table.rows)} rows</a>"
    )


def _panel(panel: Panel, stem: str) -> str:
    parts = [f"<h4>{_e(panel.heading)}</h4>"] if panel.heading else []
    if panel.chart is not None:
        parts.append(f'<figure class="chart" data-chart="{_e(panel.table.name)}">')
        parts.append(panel.svg or render_svg(panel.chart))
        parts.append("</figure>")
    table = table_html(panel.table)
    if panel.chart is None and not panel.collapsed and len(panel.table.rows) <= OPEN_ROWS:
        parts.append(table)
    else:
        parts.append(
            f"<details><summary>Data · {len(panel.table.rows)} rows</summary>{table}</details>"
        )
    parts.append(f'<div class="tools">{download_link(panel.table, stem)}</div>')
    return "".join(parts)


def _card(card: Card) -> str:
    delta = f'<p class="delta {card.tone}">{_e(card.delta)}</p>' if card.delta else ""
    detail = f'<p class="detail">{_e(card.detail)}</p>' if card.detail else ""
    return (
        f'<div class="card"><p class="label">{_e(card.label)}</p>'
        f'<p class="value">{_e(card.value)}</p>{detail}{delta}'
        f'<p class="metric">{_e(card.metric)}</p></div>'
    )


def chips(params: dict[str, object], varied: tuple[str, ...] = ()) -> str:
    """Parameters as chips (``name=value``); the ``varied`` ones give their range."""
    chips = []
    for name, value in params.items():
        if name in varied and isinstance(value, list):
            chips.append(f'<code class="varied">{_e(name)}={_e(varied_text(value, name))}</code>')
        else:
            chips.append(f"<code>{_e(name)}={_e(param_text(value, name))}</code>")
    return f'<div class="params">{"".join(chips)}</div>'


def _definition(d: Definition) -> str:
    return (
        f'<div class="definition"><p class="summary"><code>{_e(d.metric)}</code> — '
        f'{_e(d.summary)} <span class="unit">· {_e(d.unit)}</span></p>'
        f"{chips(d.params, d.varied)}"
        f"<details><summary>Definition</summary><pre>{_e(d.text)}</pre>"
        f'<p class="source">Source: {_e(d.source)} · version {d.version} · '
        f"engine {_e(d.engine)}</p></details></div>"
    )


def _definitions(view: FigureView) -> str:
    parts = [_definition(d) for d in definitions(view.figure)]
    if len(parts) > 3:
        return (
            f'<details class="definitions"><summary>Definitions and parameters of the '
            f"{len(parts)} metrics behind these figures</summary>{''.join(parts)}</details>"
        )
    return "".join(parts)


def _figure(view: FigureView, stem: str) -> str:
    figure = view.figure
    cards = "".join(_card(card) for card in view.cards)
    parts = [
        f'<article class="figure" id="figure-{_e(figure.key)}">',
        f"<h3>{_e(figure.heading)}</h3>",
        f'<p class="caption">{_e(figure.caption)}</p>',
        f'<div class="cards">{cards}</div>' if cards else "",
        *(_panel(panel, stem) for panel in view.panels),
        _definitions(view),
        "</article>",
    ]
    return "".join(parts)


def _quality(
    records: Records,
    described: dict[str, object],
    stem: str,
    estimated: dict[str, dict[str, int]] | None = None,
) -> str:
    loads, reasons = load_table(records), quarantine_table(records)
    reconciled = all(load.reconciles for load in records.loads)
    verdict = (
        '<span class="ok">Every load reconciles</span>: rows read = loaded + quarantined + '
        "duplicates."
        if reconciled
        else '<span class="notok">A load does not reconcile.</span>'
    )
    quarantined = sum(q.rows for q in records.quarantine)
    tables = described.get("tables", {})
    counts = (
        ", ".join(f"{k} {formats.cell(v)}" for k, v in dict(tables).items())
        if isinstance(tables, dict)
        else ""
    )
    approximations = [  # the adapters' own, then rows whose viewing time is only a date
        text
        for key in ("approximations", "approximate_viewing_times")
        if isinstance(listed := described.get(key), list)
        for text in listed
    ]
    notes = "".join(f"<li>{_e(a)}</li>" for a in approximations)
    return (
        '<section class="part" id="quality"><h2>Data quality</h2>'
        '<p class="lede">What was loaded into the store, and every row that was not.</p>'
        '<article class="figure"><h3>Ingest reconciliation</h3>'
        f'<p class="caption">{verdict} Store: <code>{_e(described.get("store", ""))}</code>'
        f"{' — ' + _e(counts) if counts else ''}.</p>"
        f'{table_html(loads)}<div class="tools">{download_link(loads, stem)}</div>'
        + (f"<p>Approximations made by the adapters:</p><ul>{notes}</ul>" if notes else "")
        + _estimated_runtimes(estimated or {})
        + "</article>"
        '<article class="figure"><h3>Quarantine</h3>'
        f'<p class="caption">{formats.cell(quarantined)} rows quarantined, by reason, with what '
        "the reason means and the first example (file:line, column, value).</p>"
        + (table_html(reasons) if reasons.rows else "<p>No row was quarantined.</p>")
        + f'<div class="tools">{download_link(reasons, stem)}</div></article></section>'
    )


def _estimated_runtimes(found: dict[str, dict[str, int]]) -> str:
    if not found:
        return ""
    items = "".join(
        f"<li><code>{_e(key)}</code>: {_e(counts.get('estimated'))} of "
        f"{_e(counts.get('episodes'))} episodes</li>"
        for key, counts in found.items()
        if isinstance(counts, dict)
    )
    return (
        "<p>Seasons with estimated runtimes (<code>runtime_origin: estimate</code>):</p>"
        f"<ul>{items}</ul>"
    )


def _estimates_note(report: Report) -> str:
    """A note on the page when a season it shows has estimated runtimes ('' otherwise)."""
    found = report.runtime_estimates
    shown = [str(key) for key in report.scope.compared if str(key) in found]
    if not shown:
        return ""
    parts = []
    for key in shown:
        counts = found[key]
        if isinstance(counts, dict):
            parts.append(
                f"<code>{_e(key)}</code>: {_e(counts.get('estimated'))} of "
                f"{_e(counts.get('episodes'))} episodes"
            )
    return (
        '<p class="estimated"><b>Some runtimes are estimates.</b> The catalog marks them '
        "<code>runtime_origin: estimate</code> (drafted by <code>showmeter catalog draft</code>"
        f" from the largest position seen, else a default per kind): {'; '.join(parts)}. "
        "Completion, binge racers, views and the average minute audience use runtimes, so "
        "they are approximate; give the true runtimes in the catalog, or look them up with "
        "<code>showmeter catalog enrich --metadata tvmaze</code>, and ingest again.</p>"
    )


def render_html(report: Report) -> str:
    """The report as one self-contained HTML document.

    Args:
        report: The computed report.

    Returns:
        The HTML text.
    """
    scope, records = report.scope, report.records
    facts = records.season(scope.season)
    stem = str(scope.season).replace(":", "-s")
    style = resources.files("showmeter.reporting").joinpath("report.css").read_text("utf-8")
    launched = facts.launch_at.strftime("%-d %B %Y, %H:%M UTC") if facts.launch_at else "—"
    against = (
        f" · compared with <b>{_e(records.season(scope.reference).display)}</b>"
        if scope.reference
        else ""
    )
    simulated = (
        '<p class="simulated"><b>The data are simulated.</b> Every row of this store was '
        "generated by <code>showmeter simulate</code>; no real viewer, panel, review or "
        "demand signal is in it. The figures show what the engine computes from such rows.</p>"
        if records.simulated
        else ""
    )
    estimated = _estimates_note(report)
    by_section: dict[str, list[FigureView]] = {}
    for view in report.views:
        by_section.setdefault(view.figure.section, []).append(view)
    nav: list[tuple[str, str]] = []
    body: list[str] = []
    for section in SECTIONS:
        views = by_section.get(section.key)
        if views:
            nav.append((section.key, section.heading))
            body.append(
                f'<section class="part" id="{section.key}"><h2>{_e(section.heading)}</h2>'
                f'<p class="lede">{_e(section.lede)}</p>'
                + "".join(_figure(view, stem) for view in views)
                + "</section>"
            )
        if section.key == "headline" and report.published is not None:
            nav.append(("published", "Published figures"))
            body.append(report.published.html)
    nav.append(("quality", "Data quality"))
    body.append(_quality(records, report.described, stem, report.runtime_estimates))
    links = "".join(f'<a href="#{key}">{_e(text)}</a>' for key, text in nav)
    basis = ", ".join(f"{k}={param_text(v)}" for k, v in scope.basis.items()) or "the defaults"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Launch report · {_e(facts.display)}</title>
<style>{style}</style></head>
<body>
<header class="masthead"><div class="wrap">
<p class="kicker">Launch report{" · simulated data" if records.simulated else ""}</p>
<h1>{_e(facts.display)}</h1>
<p class="sub"><code>{_e(scope.season)}</code> · launched <b>{_e(launched)}</b> ·
{len(facts.episodes)} episodes{against}</p>
{simulated}{estimated}
</div></header>
<nav class="toc"><div class="wrap">{links}</div></nav>
<main class="wrap">{"".join(body)}</main>
<footer><div class="wrap">Computed by showmeter {_e(__version__)} on the {_e(report.engine)}
engine from <code>{_e(report.described.get("store", ""))}</code>, on the viewing basis of
{_e(basis)}, in {report.seconds:.1f} s, {_e(report.generated_at.strftime("%Y-%m-%d %H:%M UTC"))}.
Every figure comes from a registered metric whose definition and parameters stand beside it;
<code>showmeter metrics NAME</code> explains each one and the SQL it runs. Charts are rendered
offline; every table downloads as CSV with exact values.</div></footer>
</body></html>
"""
