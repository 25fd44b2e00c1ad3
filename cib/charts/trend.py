"""A measure over time against its target: the trend chart, sparklines, team small multiples."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from cib import measures
from cib.charts.style import PALETTE, apply_layout, card_chart, month_axis, rag_style
from cib.measures import Measure
from cib.safe_output import plotly_text

UNIT_AXIS = {"%": "Per cent (%)", "count": "Number", "days": "Working days", "rate": "Average"}


def axis_title(m: Measure) -> str:
    """The value axis title, with units."""
    return (
        "Children per social worker (FTE)" if m.measure_id == "caseload_avg" else UNIT_AXIS[m.unit]
    )


def _n_text(numerator: object, denominator: object, unit: str) -> str:
    if unit != "%" or denominator is None or pd.isna(denominator):
        return ""
    return f" ({numerator:,.0f} of {denominator:,.0f})"


def _hover(series: pd.DataFrame, m: Measure) -> list[str]:
    texts = []
    for r in series.itertuples():
        value = measures.format_value(r.value, m.unit, m.decimals)
        line = f"<b>{r.month:%b %Y}</b>: {plotly_text(value)}"
        line += _n_text(r.numerator, r.denominator, m.unit)
        if not pd.isna(r.target):
            line += f"<br>Target {measures.format_value(r.target, m.unit, m.decimals)}"
        line += f"<br>{measures.rag_label(r.rag)}"
        texts.append(line)
    return texts


def _target_trace(series: pd.DataFrame, m: Measure, *, showlegend: bool = True) -> go.Scatter:
    return go.Scatter(
        x=series["month"],
        y=series["target"],
        name="Target",
        mode="lines",
        line={"color": PALETTE["target"], "dash": "dash", "width": 2, "shape": "hv"},
        hovertemplate="Target %{y}<extra></extra>",
        showlegend=showlegend,
        legendgroup="target",
    )


def trend_vs_target(series: pd.DataFrame, m: Measure, team: str = "All") -> go.Figure:
    """Monthly values with RAG markers (colour and shape) and the target as a dashed step line."""
    fig = go.Figure()
    if series["target"].notna().any():
        fig.add_trace(_target_trace(series, m))
    fig.add_trace(
        go.Scatter(
            x=series["month"],
            y=series["value"],
            name="Actual" if team == "All" else f"Actual ({plotly_text(team)})",
            mode="lines",
            line={"color": PALETTE["actual"], "width": 3},
            hoverinfo="skip",
            legendgroup="actual",
        )
    )
    for status in ["green", "amber", "red", None]:
        part = series[series["rag"].isna()] if status is None else series[series["rag"] == status]
        if part.empty:
            continue
        style = rag_style(status)
        fig.add_trace(
            go.Scatter(
                x=part["month"],
                y=part["value"],
                name=measures.rag_label(status),
                mode="markers",
                marker={
                    "color": style["marker"],
                    "symbol": style["symbol"],
                    "size": 12,
                    "line": {"color": PALETTE["text"], "width": 1},
                },
                text=_hover(part, m),
                hovertemplate="%{text}<extra></extra>",
            )
        )
    who = "whole council" if team == "All" else team
    title = plotly_text(f"{m.short_title}, {who}, against target")
    apply_layout(fig, title=title, height=460)
    month_axis(fig, title_text="Month")
    fig.update_yaxes(title_text=axis_title(m), ticksuffix="%" if m.unit == "%" else "")
    return fig


def sparkline(series: pd.DataFrame, m: Measure) -> go.Figure:
    """A small 12-month line with the target, for a scorecard card (no axes, no legend)."""
    fig = go.Figure()
    if series["target"].notna().any():
        fig.add_trace(_target_trace(series, m, showlegend=False))
    fig.add_trace(
        go.Scatter(
            x=series["month"],
            y=series["value"],
            mode="lines+markers",
            line={"color": PALETTE["actual"], "width": 2.5},
            marker={"size": 4, "color": PALETTE["actual"]},
            hovertemplate="%{x|%b %Y}: %{y:.1f}<extra></extra>",
            showlegend=False,
        )
    )
    fig.update_layout(
        height=80,
        margin={"l": 2, "r": 2, "t": 4, "b": 4},
        paper_bgcolor="white",
        plot_bgcolor="white",
        showlegend=False,
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return card_chart(fig)


def team_small_multiples(frame: pd.DataFrame, m: Measure, columns: int = 4) -> go.Figure:
    """One small panel per team (whole council first), same scale, target in each."""
    teams = list(dict.fromkeys(frame["team"]))
    rows = math.ceil(len(teams) / columns)
    titles = ["Whole council" if t == "All" else plotly_text(t) for t in teams]
    fig = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=titles,
        shared_xaxes=True,
        shared_yaxes=True,
        vertical_spacing=0.12 if rows > 1 else 0.2,
        horizontal_spacing=0.03,
    )
    for i, team in enumerate(teams):
        part = frame[frame["team"] == team]
        r, c = divmod(i, columns)
        if part["target"].notna().any():
            fig.add_trace(_target_trace(part, m, showlegend=(i == 0)), row=r + 1, col=c + 1)
        fig.add_trace(
            go.Scatter(
                x=part["month"],
                y=part["value"],
                name="Actual",
                mode="lines",
                line={"color": PALETTE["actual"], "width": 2},
                text=_hover(part, m),
                hovertemplate="%{text}<extra></extra>",
                showlegend=(i == 0),
                legendgroup="actual",
            ),
            row=r + 1,
            col=c + 1,
        )
    title = plotly_text(f"{m.short_title} by team against target")
    apply_layout(fig, title=title, height=260 * rows + 90)
    month_axis(fig)
    fig.update_yaxes(ticksuffix="%" if m.unit == "%" else "")
    # Shared axes: one title each, on the bottom-left panel, says what every panel shows.
    fig.update_xaxes(title_text="Month", row=rows, col=1)
    fig.update_yaxes(title_text=axis_title(m), row=rows, col=1)
    fig.update_annotations(font={"size": 16})
    return fig


def series_table(series: pd.DataFrame, m: Measure) -> pd.DataFrame:
    """The data behind the trend chart, as a reader sees it."""
    return pd.DataFrame(
        {
            "Month": series["month"].dt.strftime("%b %Y"),
            "Value": [measures.format_value(v, m.unit, m.decimals) for v in series["value"]],
            "Numerator": series["numerator"],
            "Denominator": series["denominator"],
            "Target": [measures.format_value(v, m.unit, m.decimals) for v in series["target"]],
            "Status": series["rag_label"],
            "Change": [measures.format_change(v, m.unit, m.decimals) for v in series["change"]],
            "Direction": series["direction"].fillna(""),
            "Source": series["source"],
        }
    )


def team_table(frame: pd.DataFrame, m: Measure) -> pd.DataFrame:
    """The data behind the small multiples: one row a month, a column per team (formatted)."""
    wide = frame.pivot_table(index="month", columns="team", values="value", sort=False)
    teams = list(dict.fromkeys(frame["team"]))
    wide = wide.reindex(columns=teams).sort_index()
    table = pd.DataFrame({"Month": wide.index.strftime("%b %Y")})
    for team in teams:
        name = "Whole council" if team == "All" else team
        table[name] = [measures.format_value(v, m.unit, m.decimals) for v in wide[team]]
    return table


def team_sentence(frame: pd.DataFrame, m: Measure) -> str:
    """A text alternative for the small multiples: each team's figure in the latest month."""
    if frame.empty:
        return f"No figures by team for {m.short_title} yet."
    latest = frame["month"].max()
    rows = frame[frame["month"] == latest]
    parts = [
        f"{'whole council' if r.team == 'All' else r.team} "
        f"{measures.format_value(r.value, m.unit, m.decimals)}"
        for r in rows.itertuples()
    ]
    return f"{m.short_title} by team, one small chart each; in {latest:%b %Y}: {', '.join(parts)}."


def sparkline_sentence(series: pd.DataFrame, m: Measure) -> str:
    """A text alternative for a sparkline: first and latest month, and the latest target."""
    values = series.dropna(subset=["value"]).sort_values("month")
    if values.empty:
        return f"{m.short_title}: no figures in these months."
    first, last = values.iloc[0], values.iloc[-1]
    fmt = measures.format_value
    text = (
        f"{m.short_title}, {len(values)} months: {fmt(first['value'], m.unit, m.decimals)} in "
        f"{first['month']:%b %Y}, {fmt(last['value'], m.unit, m.decimals)} in "
        f"{last['month']:%b %Y}"
    )
    if not pd.isna(last["target"]):
        text += f"; target {fmt(last['target'], m.unit, m.decimals)}"
    return text + "."


def sparkline_table(spark: pd.DataFrame, card: pd.DataFrame) -> pd.DataFrame:
    """The data behind the scorecard's sparklines: a row per measure, a column per month."""
    months = sorted(spark["month"].unique())
    rows = []
    for r in card.itertuples():
        part = spark[spark["measure_id"] == r.measure_id].set_index("month")["value"]
        row = {"Measure": r.title}
        for month in months:
            value = part.get(month)
            row[f"{pd.Timestamp(month):%b %Y}"] = measures.format_value(value, r.unit, r.decimals)
        rows.append(row)
    return pd.DataFrame(rows)


def scorecard_table(card: pd.DataFrame) -> pd.DataFrame:
    """The scorecard as a table: one row per measure, statuses in words."""
    fmt = measures.format_value
    return pd.DataFrame(
        {
            "Area": card["area"],
            "Measure": card["title"],
            "Value": [fmt(r.value, r.unit, r.decimals) for r in card.itertuples()],
            "n": card["denominator"],
            "Target": [fmt(r.target, r.unit, r.decimals) for r in card.itertuples()],
            "Status": card["rag_label"],
            "Change": [
                measures.format_change(r.change, r.unit, r.decimals) for r in card.itertuples()
            ],
            "Direction": card["direction"].fillna(""),
        }
    )


def summary_sentence(series: pd.DataFrame, m: Measure, team: str = "All") -> str:
    """A text alternative for the trend chart: the latest figure against target, and the trend."""
    if series.empty:
        return f"No figures for {m.short_title} yet."
    last = series.iloc[-1]
    who = "the whole council" if team == "All" else team
    text = (
        f"In {last['month']:%b %Y}, {m.short_title} for {who} was "
        f"{measures.format_value(last['value'], m.unit, m.decimals)}"
    )
    if not pd.isna(last["target"]):
        target = measures.format_value(last["target"], m.unit, m.decimals)
        text += f" against a target of {target} ({measures.RAG_LABELS[last['rag']].lower()})"
    text += "."
    statuses = series["rag"].dropna()
    if len(statuses):
        on = int((statuses == "green").sum())
        text += f" On target in {on} of the {len(statuses)} months with a target shown."
    return text


def download_frame(series: pd.DataFrame, team: str) -> pd.DataFrame:
    """What the CSV download holds: the series shown, months as YYYY-MM, % on the 0-100 scale."""
    return pd.DataFrame(
        {
            "month": series["month"].dt.strftime("%Y-%m"),
            "team": team,
            "value": series["value"].round(4),
            "numerator": series["numerator"],
            "denominator": series["denominator"],
            "target": series["target"],
            "rag": series["rag"],
        }
    )
