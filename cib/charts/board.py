"""Charts for presentation mode: a measure's recent months, large and readable on a shared screen.

DataFrame in, Figure out (no Streamlit, no SQL). The chart is the app's trend chart
(cib.charts.trend.trend_vs_target) made compact, with larger type, and in a high-contrast
version (white and yellow on black) when asked.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cib.charts import trend
from cib.charts.style import PALETTE, card_chart
from cib.measures import Measure

HIGH_CONTRAST = {"background": "#000000", "text": "#FFFFFF", "actual": "#FFDD00", "grid": "#5A5A5A"}


def slide_chart(
    series: pd.DataFrame, m: Measure, *, high_contrast: bool = False, height: int = 300
) -> go.Figure:
    """The measure's months against target for a slide: no title (the card names it), big type."""
    fig = trend.trend_vs_target(series, m)
    fig.update_layout(
        title=None,
        height=height,
        margin={"l": 70, "r": 16, "t": 40, "b": 40},
        font={"size": 18},
        showlegend=False,  # the slide's caption is the key: small charts keep their room
    )
    fig.update_xaxes(title_text=None, nticks=4, tickformat="%b %y", tickangle=0)
    fig.update_yaxes(title_text=None, nticks=5)
    card_chart(fig)
    if high_contrast:
        _high_contrast(fig)
    return fig


def _high_contrast(fig: go.Figure) -> None:
    """White text, a yellow actual line and white target on black; markers keep their shapes."""
    hc = HIGH_CONTRAST
    fig.update_layout(
        paper_bgcolor=hc["background"],
        plot_bgcolor=hc["background"],
        font={"color": hc["text"]},
    )
    fig.update_xaxes(linecolor=hc["text"], tickfont={"color": hc["text"]})
    fig.update_yaxes(gridcolor=hc["grid"], linecolor=hc["text"], tickfont={"color": hc["text"]})
    for tr in fig.data:
        line = getattr(tr, "line", None)
        if tr.mode == "lines" and line is not None and line.color == PALETTE["actual"]:
            tr.line.color = hc["actual"]
        elif tr.mode == "lines" and line is not None and line.color == PALETTE["target"]:
            tr.line.color = hc["text"]
        if tr.mode == "markers":
            tr.marker.line.color = hc["text"]
