"""The board pack as one self-contained HTML file: opens offline, fetches nothing.

Plotly's JavaScript is inlined once in the head, the charts are the app's own Plotly figures
(cib.charts), styles are inline and fonts are system fonts. Every text from data is escaped.

plotly.js carries URL strings it never uses for these charts (map tile servers, its home page,
SVG namespace names). They are written with JavaScript escapes ('https\\x3a\\/\\/'), which
JavaScript reads as the same string, so a search of the file for an http(s) address finds none;
the browser test checks that opening the file makes no request at all.
"""

from __future__ import annotations

import functools
import html
import re

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from cib import board, measures
from cib.charts import trend
from cib.export import model
from cib.export.model import Card, Pack
from cib.measures import Measure

_PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}
_URL = re.compile(r"(https?):/{2}", re.IGNORECASE)


def esc(text: object) -> str:
    """Text from data, escaped for HTML."""
    return html.escape("" if text is None else str(text), quote=True)


@functools.cache
def offline_plotlyjs() -> str:
    """plotly.js with its unused URL strings' slashes escaped (the same strings to JavaScript)."""
    return _URL.sub(lambda m: m.group(1) + r"\x3a\/\/", get_plotlyjs())


def _figure(fig: go.Figure, div_id: str) -> str:
    return pio.to_html(
        fig,
        full_html=False,
        include_plotlyjs=False,
        config=_PLOTLY_CONFIG,
        div_id=div_id,
        default_height=f"{fig.layout.height or 420}px",
    )


def _measure(card: Card, unit: str, decimals: int) -> Measure:
    """The Measure the app's chart functions take (fields a chart does not use left empty)."""
    return Measure(
        measure_id=card.measure_id,
        title=card.title,
        short_title=card.short_title,
        area="",
        unit=unit,
        polarity="neither",
        decimals=decimals,
        default_tolerance=None,
        definition="",
        source="",
        comparator=None,
        sort_order=0,
    )


def _series_frame(card: Card) -> pd.DataFrame:
    """The chart's months in the shape cib.charts.trend expects (hidden figures stay hidden)."""
    part = card.chart.series.copy()
    for col in ("numerator", "denominator", "rag", "source"):
        if col not in part:
            part[col] = None
    part["month"] = pd.to_datetime(part["month"])
    return part


STYLE = """
:root { --blue: #12436D; --text: #0B0C0C; --muted: #505A5F; --grid: #D9D9D9; }
* { box-sizing: border-box; }
body { font-family: Arial, Helvetica, sans-serif; color: var(--text); margin: 0;
       font-size: 18px; line-height: 1.45; background: #fff; }
header.pack { background: var(--blue); color: #fff; padding: 32px 48px; }
header.pack p { margin: 4px 0; }
header.pack .council { font-size: 22px; opacity: 0.9; }
header.pack h1 { font-size: 40px; margin: 6px 0; }
header.pack .subtitle { font-size: 26px; }
main { padding: 8px 48px 48px; max-width: 1800px; margin: 0 auto; }
nav.contents ol { columns: 3; padding-left: 1.2em; }
nav.contents a, a { color: var(--blue); }
section { border-top: 4px solid var(--blue); margin-top: 40px; padding-top: 8px; }
h2 { color: var(--blue); font-size: 30px; margin: 8px 0 16px; }
h3 { color: var(--blue); font-size: 22px; margin: 0 0 4px; }
.tiles { display: flex; gap: 16px; flex-wrap: wrap; margin-bottom: 16px; }
.tile { flex: 1 1 150px; border: 2px solid var(--grid); background: #F3F2F1; padding: 12px;
        text-align: center; }
.tile .number { font-size: 56px; font-weight: 700; line-height: 1.1; }
.tile .label { font-size: 18px; }
ul.sentences li { margin-bottom: 10px; font-size: 20px; }
table { border-collapse: collapse; width: 100%; font-size: 16px; margin: 8px 0 16px; }
th { background: var(--blue); color: #fff; text-align: left; padding: 6px 8px; }
td { border-bottom: 1px solid var(--grid); padding: 6px 8px; vertical-align: top; }
tr:nth-child(even) td { background: #F8F8F8; }
.badge { display: inline-block; padding: 2px 8px; font-weight: 700; white-space: nowrap; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(720px, 1fr));
         gap: 24px; }
.card { border: 1px solid var(--grid); padding: 16px; }
.figure-line { display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; }
.value { font-size: 44px; font-weight: 700; color: var(--blue); }
.muted { color: var(--muted); }
details { margin-top: 8px; }
summary { cursor: pointer; color: var(--blue); }
.note { background: #FFF7BF; border-left: 6px solid #594D00; padding: 8px 12px; }
.spc-icon-label { margin-left: 4px; }
@media print {
  section { page-break-before: always; border-top: none; }
  header.pack { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  nav.contents { display: none; }
}
"""


def _badge(status: str | None, label: str) -> str:
    bg, fg = model.badge_colours(status)
    return f'<span class="badge" style="background:{bg};color:{fg}">{esc(label)}</span>'


def _tiles(pack: Pack) -> str:
    out = []
    for label, value, status in pack.headline:
        if status:
            bg, fg = model.badge_colours(status)
            border = model.rag_colour(status)
            style = f' style="background:{bg};color:{fg};border-color:{border}"'
            symbol = measures.RAG_SYMBOLS[status] + " "
        else:
            style, symbol = "", ""
        out.append(
            f'<div class="tile"{style}><div class="number">{esc(value)}</div>'
            f'<div class="label">{esc(symbol + label)}</div></div>'
        )
    return f'<div class="tiles">{"".join(out)}</div>'


def _table(frame: pd.DataFrame, columns: list[str], status_col: str | None = None) -> str:
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in columns)
    rows = []
    for _, r in frame.iterrows():
        cells = []
        for c in columns:
            if c == status_col and "rag" in frame:
                rag = r["rag"] if isinstance(r["rag"], str) else None
                cells.append(f"<td>{_badge(rag, r[c])}</td>")
            else:
                cells.append(f"<td>{esc(r[c])}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _spc_icon(card: Card) -> str:
    if not card.spc_variation:
        return ""
    try:
        from cib.charts import spc as spc_charts
    except ImportError:
        return ""
    return spc_charts.icon_html("variation", card.spc_variation, size=36, words="short")


def _chart_table(card: Card) -> str:
    chart = card.chart
    rows = []
    for cat, value, target, status, hidden in zip(
        chart.categories, chart.actual, chart.target, chart.rag, chart.suppressed, strict=True
    ):
        shown = "c" if hidden else measures.format_value(value, chart.unit, chart.decimals)
        goal = (
            measures.format_value(target, chart.unit, chart.decimals) if target is not None else ""
        )
        rows.append(
            f"<tr><td>{esc(cat)}</td><td>{esc(shown)}</td><td>{esc(goal)}</td>"
            f"<td>{esc(measures.rag_label(status) if target is not None else '')}</td></tr>"
        )
    return (
        "<details><summary>The figures behind the chart</summary><table><thead><tr>"
        '<th scope="col">Month</th><th scope="col">Value</th><th scope="col">Target</th>'
        f'<th scope="col">Status</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
        "</details>"
    )


def _card(card: Card) -> str:
    chart = card.chart
    n = f'<span class="muted">({esc(card.n_text)})</span>' if card.n_text else ""
    target = f"target {esc(card.target_text)}" if card.target_text else ""
    figure = ""
    if chart.series is not None and len(chart.series):
        m = _measure(card, chart.unit, chart.decimals)
        fig = trend.trend_vs_target(_series_frame(card), m)
        figure = (
            f'<div role="img" aria-label="{esc(chart.alt)}">'
            f"{_figure(fig, 'chart-' + card.measure_id)}</div>"
        )
    return (
        f'<article class="card" id="measure-{esc(card.measure_id)}">'
        f"<h3>{esc(card.short_title)}</h3>"
        f'<div class="figure-line"><span class="value">{esc(card.value_text)}</span>{n}'
        f"<span>{target}</span>{_badge(card.rag, card.rag_label)}</div>"
        f"<p>{esc(card.change_text or 'No figure the month before.')}<br>"
        f'<span class="muted">Trend: {esc(card.trend_text)}</span> {_spc_icon(card)}</p>'
        f"{figure}{_chart_table(card)}</article>"
    )


def _plan(pack: Pack) -> str:
    part = pack.plan
    if part is None:
        return f'<section id="plan"><h2>Improvement plan</h2><p>{esc(pack.plan_note)}</p></section>'
    c = part.counts
    out = [
        '<section id="plan">',
        f"<h2>Improvement plan: {c['complete']} of {c['actions']} actions complete</h2>",
        f"<p>At {esc(board.date_label(part.as_at))}: <strong>{c['overdue']} overdue</strong>, "
        f"<strong>{c['at_risk']} at risk or off track</strong>.</p>",
    ]
    try:
        from cib.charts import plan as plan_charts
    except ImportError:
        plan_charts = None
    if plan_charts is not None and len(part.by_theme):
        fig = plan_charts.status_by_theme(part.by_theme)
        out.append(
            f'<div role="img" aria-label="Actions by theme and status">'
            f"{_figure(fig, 'chart-plan')}</div>"
        )
    if len(part.by_theme):
        wide = part.by_theme.pivot_table(
            index="theme", columns="status", values="count", aggfunc="sum", sort=False
        ).reindex(columns=list(model.PLAN_STATUSES))
        wide = wide.fillna(0).astype(int).reset_index().rename(columns={"theme": "Theme"})
        out.append("<details><summary>Actions by theme and status (table)</summary>")
        out.append(_table(wide, list(wide.columns)) + "</details>")
    out.append("<h3>Needs attention: overdue, off track or at risk</h3>")
    if part.attention.empty:
        out.append("<p>No action is overdue, off track or at risk.</p>")
    else:
        out.append(_table(part.attention, list(part.attention.columns)))
    if part.since is not None:
        out.append(f"<h3>Changed since the last board ({esc(board.date_label(part.since))})</h3>")
        if part.changes.empty:
            out.append("<p>No action changed status.</p>")
        else:
            out.append(_table(part.changes, list(part.changes.columns)))
    out.append("</section>")
    return "".join(out)


def render(pack: Pack) -> bytes:
    """The pack as the bytes of one UTF-8 HTML file."""
    areas = [(f"area-{i + 1}", a) for i, a in enumerate(pack.areas)]
    contents = [
        ("summary", f"Summary, {pack.month_text}"),
        ("scorecard", "Scorecard"),
        *[(key, a.title) for key, a in areas],
        ("plan", "Improvement plan"),
        ("appendix", "Appendix: definitions and how to read this pack"),
    ]
    notes = "".join(f'<p class="note">{esc(n)}</p>' for n in pack.notes)
    body = [
        '<header class="pack">',
        f'<p class="council">{esc(pack.council)}</p>',
        f"<h1>{esc(model.BOARD_NAME)}</h1>",
        f'<p class="subtitle">{esc(pack.subtitle)}</p>',
        f"<p>{esc(pack.as_at_text)}</p></header><main>",
        notes,
        '<nav class="contents" aria-label="Contents"><h2>Contents</h2><ol>',
        *[f'<li><a href="#{key}">{esc(text)}</a></li>' for key, text in contents],
        "</ol></nav>",
        f'<section id="summary"><h2>Summary, {esc(pack.month_text)}</h2>',
        _tiles(pack),
        '<ul class="sentences">',
        *[f"<li>{esc(s)}</li>" for s in pack.sentences],
        "</ul></section>",
        f'<section id="scorecard"><h2>Scorecard, {esc(pack.month_text)}</h2>',
        _table(
            pack.scorecard,
            model.SCORECARD_COLUMNS,
            status_col="Status",
        ),
        "</section>",
    ]
    for key, area in areas:
        body.append(f'<section id="{key}"><h2>{esc(area.title)}</h2><div class="cards">')
        body.extend(_card(card) for card in area.cards)
        body.append("</div></section>")
    body.append(_plan(pack))
    body.append('<section id="appendix"><h2>Appendix: definitions</h2>')
    body.append(_table(pack.definitions, list(pack.definitions.columns)))
    body.append("<h2>How to read this pack</h2><ul>")
    body.extend(f"<li>{esc(p)}</li>" for p in pack.how_to_read + pack.notes)
    body.append("</ul></section></main>")
    title = f"{pack.title}: {pack.subtitle}"
    document = (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{STYLE}</style>"
        f"<script>{offline_plotlyjs()}</script></head><body>" + "".join(body) + "</body></html>\n"
    )
    return document.encode("utf-8")
