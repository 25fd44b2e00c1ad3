"""SPC (Making Data Count) charts, icons and the summary matrix: data in, figure or markup out.

Special-cause points carry colour AND marker shape (improvement up-triangle, concern
down-triangle, neither diamond); icons carry a letter and an outline shape beside their words,
so nothing depends on colour alone.
"""

from __future__ import annotations

import base64
import html

import pandas as pd
import plotly.graph_objects as go

from cib import measures, spc
from cib.charts.style import PALETTE, apply_layout, month_axis
from cib.charts.trend import axis_title
from cib.config import ALL_TEAMS
from cib.measures import Measure
from cib.safe_output import plotly_text
from cib.spc import ASSURANCE_LABELS, COLOURS, SIGNAL_WORDS, VARIATION_LABELS, SpcResult

LINES = {
    "mean": {"color": "#0B0C0C", "width": 2},
    "limit": {"color": "#6B6B6B", "width": 2, "dash": "dot"},
    "two_sigma": {"color": "#949494", "width": 1.5, "dash": "dashdot"},  # 3.0:1 on white
    "median": {"color": "#0B0C0C", "width": 2},  # the run chart's centre line, solid like a mean
}

# Marker per special-cause signal: colour (>= 4.5:1 on white) with a dark outline, and a shape.
SIGNAL_MARKERS = {
    "improvement": {"symbol": "triangle-up", "name": "Special cause - improvement"},
    "concern": {"symbol": "triangle-down", "name": "Special cause - concern"},
    "neutral": {"symbol": "diamond", "name": "Special cause - neither"},
}

ICON_SIZE = 40  # px; at least 24 x 24 (WCAG 2.5.8) and legible on a projector


def _fmt(value: float | None, m: Measure) -> str:
    return measures.format_value(value, m.unit, m.decimals)


def title(result: SpcResult, m: Measure, team: str = ALL_TEAMS) -> str:
    """An active title of ten words or fewer, saying what the chart shows."""
    if result.is_run_chart:
        what = "run chart, too few points"
    else:
        what = VARIATION_LABELS[result.variation].short
        what = "common cause variation" if result.variation == "common_cause" else what
    who = "" if team == ALL_TEAMS else f" ({plotly_text(team)})"
    text = f"{m.short_title}{who}: {what}"
    if len(text.split()) > 10:  # keep the verdict, shorten the name
        text = f"{what[0].upper()}{what[1:]}"
    return text


def _rule_words(result: SpcResult, i: int) -> str:
    point = result.points[i]
    if not point.flags:
        return "Common cause" if not result.is_run_chart else ""
    return f"{SIGNAL_WORDS[point.signal]}: " + "; ".join(result.rule_text(i))


def _hover(series: pd.DataFrame, result: SpcResult, m: Measure) -> list[str]:
    texts = []
    for (month, value), point in zip(
        series[["month", "value"]].itertuples(index=False), result.points, strict=True
    ):
        line = f"<b>{pd.Timestamp(month):%b %Y}</b>: {_fmt(value, m)}"
        words = _rule_words(result, point.index)
        if words:
            line += f"<br>{html.escape(words)}"
        texts.append(line)
    return texts


def _segment_xy(series: pd.DataFrame, result: SpcResult, attr: str) -> tuple[list, list]:
    """One line per segment, broken between segments (None) so each rebase starts afresh."""
    xs: list = []
    ys: list = []
    months = list(series["month"])
    for seg in result.segments:
        level = getattr(seg, attr)
        if level is None:
            continue
        if xs:
            xs.append(None)
            ys.append(None)
        xs += [months[seg.start], months[seg.end]]
        ys += [level, level]
    return xs, ys


def _check(series: pd.DataFrame, result: SpcResult) -> pd.DataFrame:
    series = series.sort_values("month").reset_index(drop=True)
    if len(series) != len(result.points):
        raise ValueError(
            f"the series has {len(series)} months but the SPC result {len(result.points)} points"
        )
    return series


def spc_chart(
    series: pd.DataFrame,
    result: SpcResult,
    m: Measure,
    *,
    team: str = ALL_TEAMS,
    show_two_sigma: bool = False,
    chart_title: str | None = None,
    rebase_reasons: dict | None = None,
) -> go.Figure:
    """The XmR chart: values, mean, process limits, target, special causes by colour and shape.

    A run chart (fewer than 15 points) shows the values and the median only.
    `rebase_reasons` maps a rebase month to its reason, written at the segment's start.
    """
    series = _check(series, result)
    fig = go.Figure()
    months = series["month"]

    if result.is_run_chart:
        if result.median is not None:
            fig.add_trace(
                go.Scatter(
                    x=[months.iloc[0], months.iloc[-1]],
                    y=[result.median, result.median],
                    name="Median",
                    mode="lines",
                    line=LINES["median"],
                    hovertemplate=f"Median {_fmt(result.median, m)}<extra></extra>",
                )
            )
    else:
        _add_level(fig, series, result, "mean", "Mean", LINES["mean"], m)
        _add_level(fig, series, result, "upl", "Process limits", LINES["limit"], m)
        _add_level(fig, series, result, "lpl", "Process limits", LINES["limit"], m, legend=False)
        if show_two_sigma:
            _add_level(
                fig, series, result, "upper_two_sigma", "2-sigma lines", LINES["two_sigma"], m
            )
            _add_level(
                fig,
                series,
                result,
                "lower_two_sigma",
                "2-sigma lines",
                LINES["two_sigma"],
                m,
                legend=False,
            )

    if "target" in series and series["target"].notna().any():
        fig.add_trace(
            go.Scatter(
                x=months,
                y=series["target"],
                name="Target",
                mode="lines",
                line={"color": PALETTE["target"], "dash": "dash", "width": 2.5, "shape": "hv"},
                hovertemplate="Target %{y}<extra></extra>",
            )
        )

    hover = _hover(series, result, m)
    fig.add_trace(
        go.Scatter(
            x=months,
            y=series["value"],
            name="Actual",
            mode="lines+markers",
            line={"color": PALETTE["actual"], "width": 3},
            marker={"size": 7, "color": PALETTE["actual"]},
            text=hover,
            hovertemplate="%{text}<extra></extra>",
        )
    )

    for signal, style in SIGNAL_MARKERS.items():
        picked = [p.index for p in result.points if p.signal == signal and p.value is not None]
        if not picked:
            continue
        part = series.iloc[picked]
        fig.add_trace(
            go.Scatter(
                x=part["month"],
                y=part["value"],
                name=style["name"],
                mode="markers",
                marker={
                    "symbol": style["symbol"],
                    "size": 15,
                    "color": COLOURS[signal],
                    "line": {"color": PALETTE["text"], "width": 1.5},
                },
                text=[hover[i] for i in picked],
                hovertemplate="%{text}<extra></extra>",
            )
        )

    for seg in result.segments[1:]:
        start = months.iloc[seg.start]
        reason = (rebase_reasons or {}).get(pd.Timestamp(start))
        fig.add_vline(x=start, line={"color": PALETTE["muted"], "width": 1, "dash": "dash"})
        fig.add_annotation(
            x=start,
            y=1,
            yref="paper",
            yanchor="bottom",
            xanchor="left",
            showarrow=False,
            text=html.escape(f"Limits recalculated{': ' + reason if reason else ''}"),
            font={"size": 13, "color": PALETTE["muted"]},
        )

    apply_layout(fig, title=chart_title or title(result, m, team), height=520)
    month_axis(fig, title_text="Month")
    fig.update_yaxes(title_text=axis_title(m), ticksuffix="%" if m.unit == "%" else "")
    fig.update_layout(
        legend={"orientation": "h", "yanchor": "top", "y": -0.3, "xanchor": "left", "x": 0},
        margin={"b": 150},
    )
    return fig


def _add_level(
    fig: go.Figure,
    series: pd.DataFrame,
    result: SpcResult,
    attr: str,
    name: str,
    line: dict,
    m: Measure,
    *,
    legend: bool = True,
) -> None:
    xs, ys = _segment_xy(series, result, attr)
    if not xs:
        return
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            name=name,
            mode="lines",
            line=line,
            legendgroup=name,
            showlegend=legend,
            connectgaps=False,
            hovertemplate=f"{name} %{{y:,.{m.decimals}f}}<extra></extra>",
        )
    )


def spc_table(series: pd.DataFrame, result: SpcResult, m: Measure) -> pd.DataFrame:
    """The data behind the SPC chart, as a reader sees it: one row a month, rules in words."""
    series = _check(series, result)
    pts = result.points
    target = series["target"] if "target" in series else pd.Series([None] * len(series))
    frame = pd.DataFrame(
        {
            "Month": series["month"].dt.strftime("%b %Y"),
            "Value": [_fmt(v, m) for v in series["value"]],
            "Target": [_fmt(v, m) for v in target],
        }
    )
    if result.is_run_chart:
        frame["Median"] = _fmt(result.median, m)
    else:
        frame["Mean"] = [_fmt(p.mean, m) for p in pts]
        frame["Lower process limit"] = [_fmt(p.lpl, m) for p in pts]
        frame["Upper process limit"] = [_fmt(p.upl, m) for p in pts]
        frame["Variation"] = [SIGNAL_WORDS[p.signal] if p.value is not None else "" for p in pts]
        frame["Rules fired"] = ["; ".join(result.rule_text(p.index)) for p in pts]
    return frame


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def summary_sentence(result: SpcResult, m: Measure) -> str:
    """A text alternative for the SPC chart: the icons and limits in words."""
    if result.is_run_chart:
        return f"{m.short_title}: {result.reason}"
    text = (
        f"{m.short_title}: {_lower_first(VARIATION_LABELS[result.variation].label)}. "
        f"Mean {_fmt(result.mean, m)}; process limits {_fmt(result.lpl, m)} to "
        f"{_fmt(result.upl, m)}."
    )
    if result.assurance != "none":
        text += (
            f" Against the target of {_fmt(result.target, m)}: "
            f"{_lower_first(ASSURANCE_LABELS[result.assurance].label)}."
        )
    return text


# --- icons -------------------------------------------------------------------------------------


def _stroke(colour: str, width: float) -> str:
    return f'stroke="{colour}" stroke-width="{width}"'


def _shape(shape: str, colour: str, size: int) -> str:
    c, r, w = size / 2, size / 2 - 3, 3
    if shape == "circle":
        return f'<circle cx="{c}" cy="{c}" r="{r}" fill="white" {_stroke(colour, w)}/>'
    if shape == "diamond":
        pts = f"{c},{c - r - 1} {c + r + 1},{c} {c},{c + r + 1} {c - r - 1},{c}"
        return f'<polygon points="{pts}" fill="white" stroke="{colour}" stroke-width="{w}"/>'
    if shape == "square":
        side = 2 * r - 2
        off = c - side / 2
        return (
            f'<rect x="{off}" y="{off}" width="{side}" height="{side}" rx="3" fill="white" '
            f'stroke="{colour}" stroke-width="{w}"/>'
        )
    return (
        f'<circle cx="{c}" cy="{c}" r="{r}" fill="white" stroke="{colour}" stroke-width="1.5" '
        'stroke-dasharray="4 3"/>'
    )


def icon_svg(kind: str, code: str, size: int = ICON_SIZE) -> str:
    """An inline SVG icon: an outline shape by meaning, with its letter inside and a title.

    kind is 'variation' or 'assurance'; code is the icon word (e.g. 'improvement_high').
    """
    info = _info(kind, code)
    label = html.escape(info.label)
    letter = html.escape(info.letter)
    text = (
        f'<text x="{size / 2}" y="{size / 2}" text-anchor="middle" dominant-baseline="central" '
        f'font-family="Arial, Helvetica, sans-serif" font-size="{size * 0.5:.0f}" '
        f'font-weight="700" fill="{info.colour}">{letter}</text>'
        if letter
        else ""
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}" role="img" aria-label="{label}" '
        f'class="spc-icon spc-{kind}-{code}"><title>{label}</title>'
        f"{_shape(info.shape, info.colour, size)}{text}</svg>"
    )


def icon_img(kind: str, code: str, size: int = ICON_SIZE, *, alt: str | None = None) -> str:
    """The icon as an <img> holding the SVG as a data URI, for HTML that is sanitised.

    Streamlit's st.html/st.markdown strip inline <svg>; an image with a data URI survives.
    `alt` defaults to the icon's words; pass '' when the words are written beside it.
    """
    info = _info(kind, code)
    data = base64.b64encode(icon_svg(kind, code, size).encode("utf-8")).decode("ascii")
    said = info.label if alt is None else alt
    return (
        f'<img src="data:image/svg+xml;base64,{data}" width="{size}" height="{size}" '
        f'alt="{html.escape(said)}" style="vertical-align:middle"/>'
    )


def icon_html(kind: str, code: str, *, size: int = ICON_SIZE, words: str = "label") -> str:
    """The icon with its words beside it (words='label' full, 'short' brief, '' none)."""
    info = _info(kind, code)
    said = {"label": info.label, "short": info.short, "": ""}[words]
    text = f'<span class="spc-icon-label">{html.escape(said)}</span>' if said else ""
    image = icon_img(kind, code, size, alt="" if said else None)  # no words said twice
    return (
        '<span style="display:inline-flex;align-items:center;gap:0.4em;vertical-align:middle">'
        f"{image}{text}</span>"
    )


def icons_line(variation: str, assurance: str, *, size: int = 28) -> str:
    """'SPC: [icon] improvement (H) [icon] hit and miss (?)' for a scorecard card (HTML)."""
    if variation == "none":
        return '<span class="spc-icons">SPC: run chart, too few points for icons</span>'
    parts = [icon_html("variation", variation, size=size, words="short")]
    if assurance != "none":
        parts.append(icon_html("assurance", assurance, size=size, words="short"))
    return f'<span class="spc-icons">SPC: {" ".join(parts)}</span>'


def _info(kind: str, code: str) -> spc.IconInfo:
    table = {"variation": VARIATION_LABELS, "assurance": ASSURANCE_LABELS}.get(kind)
    if table is None:
        raise ValueError(f"icon kind is 'variation' or 'assurance', not {kind!r}")
    if code not in table:
        raise ValueError(f"no {kind} icon {code!r}; expected one of {', '.join(table)}")
    return table[code]


# --- the summary matrix -------------------------------------------------------------------------

MATRIX_ROWS = [
    "improvement_high",
    "improvement_low",
    "neither_high",
    "neither_low",
    "common_cause",
    "concern_high",
    "concern_low",
    "none",
]
MATRIX_COLUMNS = ["pass", "hit_and_miss", "fail", "none"]


def _cells(summary: pd.DataFrame, name: str) -> dict[tuple[str, str], list[str]]:
    cells: dict[tuple[str, str], list[str]] = {}
    for variation, assurance, label in zip(
        summary["variation"], summary["assurance"], summary[name], strict=True
    ):
        cells.setdefault((variation, assurance), []).append(str(label))
    return cells


def summary_matrix(summary: pd.DataFrame, name: str = "short_title") -> pd.DataFrame:
    """Variation (rows) x assurance (columns), measure names in each cell, in words.

    `summary` has one row per measure with at least `variation`, `assurance` and `name`.
    Only rows and columns that hold a measure are kept, in MDC order.
    """
    cells = _cells(summary, name)
    rows = [r for r in MATRIX_ROWS if any(k[0] == r for k in cells)]
    cols = [c for c in MATRIX_COLUMNS if any(k[1] == c for k in cells)]
    return pd.DataFrame(
        [["; ".join(cells.get((r, c), [])) for c in cols] for r in rows],
        index=pd.Index([VARIATION_LABELS[r].label for r in rows], name="Variation"),
        columns=[ASSURANCE_LABELS[c].label for c in cols],
    )


def summary_matrix_html(summary: pd.DataFrame, name: str = "short_title") -> str:
    """The MDC-style summary matrix as an HTML table: icons with words in the headers."""
    cells = _cells(summary, name)
    rows = [r for r in MATRIX_ROWS if any(k[0] == r for k in cells)]
    cols = MATRIX_COLUMNS
    cell_style = "border:1px solid #B1B4B6;padding:0.5em;vertical-align:top;font-size:1rem"
    head = "".join(
        f'<th scope="col" style="{cell_style};text-align:left">'
        f"{icon_html('assurance', c, size=32)}</th>"
        for c in cols
    )
    body = []
    for r in rows:
        tds = []
        for c in cols:
            names = cells.get((r, c), [])
            inner = "<br/>".join(html.escape(n) for n in names) if names else "&ndash;"
            tds.append(f'<td style="{cell_style}">{inner}</td>')
        body.append(
            f'<tr><th scope="row" style="{cell_style};text-align:left">'
            f"{icon_html('variation', r, size=32)}</th>{''.join(tds)}</tr>"
        )
    return (
        '<table class="spc-matrix" style="border-collapse:collapse;width:100%">'
        '<caption style="caption-side:top;text-align:left;font-weight:700;padding:0.3em 0">'
        "Measures by variation (rows) and assurance against target (columns)</caption>"
        f'<thead><tr><th scope="col" style="{cell_style}">Variation \\ Assurance</th>{head}'
        f"</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def summary_table(summary: pd.DataFrame) -> pd.DataFrame:
    """The SPC summary as a reader sees it: one row per measure, icons in words."""

    def fmt(value: object, row: pd.Series) -> str:
        return measures.format_value(value, row["unit"], int(row["decimals"]))

    rows = [
        {
            "Area": r["area"],
            "Measure": r["title"],
            "Variation": r["variation_label"],
            "Assurance": r["assurance_label"],
            "Latest month": "–" if pd.isna(r["latest_month"]) else f"{r['latest_month']:%b %Y}",
            "Latest value": fmt(r["latest_value"], r),
            "Mean": fmt(r["mean"], r),
            "Lower process limit": fmt(r["lpl"], r),
            "Upper process limit": fmt(r["upl"], r),
            "Target": fmt(r["target"], r),
            "Points": int(r["n"]),
            "Note": r["note"],
        }
        for _, r in summary.iterrows()
    ]
    return pd.DataFrame(rows)


def rebase_table(rebases: pd.DataFrame) -> pd.DataFrame:
    """A measure's rebases as a reader sees them: the month a segment starts, and why."""
    return pd.DataFrame(
        {
            "Segment starts": pd.to_datetime(rebases["month"]).dt.strftime("%b %Y"),
            "Reason": rebases["reason"],
        }
    )
