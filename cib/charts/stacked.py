"""Monthly counts stacked by category (duration band, age band, grade), each count inside its
segment and the month's total above the bar. Shared by the assessment and case audit charts.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cib.charts.style import PALETTE
from cib.safe_output import plotly_text


def team_phrase(team: str) -> str:
    """How a chart title names the team: 'whole council' for All, else the team (escaped)."""
    return "whole council" if team == "All" else plotly_text(team)


def stacked_counts(
    frame: pd.DataFrame,
    category: str,
    colours: dict[str, str],
    *,
    unit: str = "",
    total_label: str = "Total",
) -> go.Figure:
    """Stacked monthly bars from rows (month, <category>, n), one colour per category in the
    order given. A numeric category ('1-10') is named with its unit in the legend ('1-10 WD')."""
    fig = go.Figure()
    for value, colour in colours.items():
        part = frame[frame[category] == value]
        fig.add_trace(
            go.Bar(
                x=part["month"],
                y=part["n"],
                name=f"{value} {unit}" if unit and value[0].isdigit() else value,
                marker={"color": colour, "line": {"color": PALETTE["text"], "width": 1}},
                text=part["n"].map(lambda v: f"{v:,}" if v else ""),
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                hovertemplate=f"%{{x|%b %Y}}, {value}: %{{y:,}}<extra></extra>",
            )
        )
    totals = frame.groupby("month", as_index=False)["n"].sum()
    fig.add_trace(
        go.Scatter(
            x=totals["month"],
            y=totals["n"],
            mode="text",
            text=totals["n"].map(lambda v: f"{v:,}"),
            textposition="top center",
            textfont={"size": 12, "color": PALETTE["text"]},
            name=total_label,
            hoverinfo="skip",
            showlegend=False,
        )
    )
    fig.update_layout(barmode="stack", bargap=0.15, uniformtext={"minsize": 10, "mode": "hide"})
    top = float(totals["n"].max()) * 1.12 if len(totals) else 1.0
    fig.update_yaxes(rangemode="tozero", range=[0, top])
    return fig
