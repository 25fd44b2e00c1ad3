"""Two percentages over time against their targets, with the n of each month beneath them.

Shared by the assessment timeliness and case audit charts: RAG markers (colour and shape), the
target as a step line, the latest figure labelled with its n, and a bar panel of counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from cib import measures
from cib.charts.style import PALETTE, apply_layout, month_axis, rag_style

COUNT_BARS = "#8E8E8E"  # grey, 3:1 on white


@dataclass(frozen=True)
class RateLine:
    """One percentage series: its rows (month, value, numerator, denominator, target, rag)."""

    series: pd.DataFrame
    name: str
    target_name: str
    colour: str
    dash: str


def month_range(months: pd.Series) -> list[pd.Timestamp]:
    """An x range from half a month before the first month to half a month after the last."""
    half = pd.Timedelta(days=16)
    return [pd.Timestamp(months.min()) - half, pd.Timestamp(months.max()) + half]


def _add_line(fig: go.Figure, line: RateLine, decimals: int) -> None:
    s = line.series
    if s["target"].notna().any():
        fig.add_trace(
            go.Scatter(
                x=s["month"],
                y=s["target"],
                name=line.target_name,
                mode="lines",
                line={"color": PALETTE["target"], "dash": line.dash, "width": 2, "shape": "hv"},
                hovertemplate=f"{line.target_name} %{{y:.{decimals}f}}%<extra></extra>",
            ),
            row=1,
            col=1,
        )
    fig.add_trace(
        go.Scatter(
            x=s["month"],
            y=s["value"],
            name=line.name,
            mode="lines+markers",
            line={"color": line.colour, "width": 3},
            marker={
                "size": 9,
                "color": [rag_style(r)["marker"] for r in s["rag"]],
                "symbol": [rag_style(r)["symbol"] for r in s["rag"]],
                "line": {"color": PALETTE["text"], "width": 1},
            },
            customdata=s[["numerator", "denominator"]].to_numpy(),
            hovertemplate=(
                f"%{{x|%b %Y}}: %{{y:.{decimals}f}}% "
                "(%{customdata[0]:,.0f} of %{customdata[1]:,.0f})<extra></extra>"
            ),
        ),
        row=1,
        col=1,
    )
    for r in s.dropna(subset=["value"]).iloc[-1:].itertuples():
        value = measures.format_value(r.value, "%", decimals)
        fig.add_annotation(
            x=r.month,
            y=r.value,
            text=f"<b>{value}</b> ({r.numerator:,.0f} of {r.denominator:,.0f})",
            showarrow=False,
            xanchor="left",
            xshift=10,
            font={"color": PALETTE["text"], "size": 16},  # text: 4.5:1, whatever the line
            row=1,
            col=1,
        )


def rates_with_counts(
    lines: list[RateLine],
    *,
    decimals: int,
    count_name: str,
    count_hover: str,
    title: str,
    x_title: str,
    y_title: str,
    y_range: list[float] | None = None,
    right_margin: int = 190,
) -> go.Figure:
    """The percentages against their targets on top, the n each month in bars beneath."""
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, row_heights=[0.74, 0.26], vertical_spacing=0.06
    )
    shown = [line for line in lines if not line.series.empty]
    for line in shown:
        _add_line(fig, line, decimals)
    counts = shown[0].series if shown else lines[0].series
    fig.add_trace(
        go.Bar(
            x=counts["month"],
            y=counts["denominator"],
            name=count_name,
            marker={"color": COUNT_BARS},
            text=counts["denominator"].map(lambda v: "" if pd.isna(v) else f"{v:,.0f}"),
            textposition="outside",
            cliponaxis=False,
            textfont={"size": 11},
            hovertemplate=f"%{{x|%b %Y}}: %{{y:,.0f}} {count_hover}<extra></extra>",
        ),
        row=2,
        col=1,
    )
    apply_layout(fig, title=title, height=600)
    fig.update_layout(margin={"r": right_margin}, bargap=0.25)
    month_axis(fig)
    fig.update_xaxes(range=month_range(counts["month"]))  # the end labels must not widen it
    fig.update_xaxes(title_text=x_title, row=2, col=1)
    fig.update_yaxes(title_text=y_title, ticksuffix="%", row=1, col=1)
    if y_range is not None:
        fig.update_yaxes(range=y_range, row=1, col=1)
    top = max(float(counts["denominator"].max() or 0), 1.0) * 1.3
    fig.update_yaxes(title_text="n", rangemode="tozero", range=[0, top], row=2, col=1)
    return fig
