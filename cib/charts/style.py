"""Colours, fonts and layout shared by every chart, so a role keeps its colour across the app.

Palette: the Government Analysis Function chart colours (afcharts), colour-blind safe. RAG is
never colour alone: each status has a marker shape and a word as well.
"""

from __future__ import annotations

import plotly.graph_objects as go

PALETTE = {
    "actual": "#12436D",  # dark blue: the council's own figures
    "target": "#3D3D3D",  # dark grey, dashed: the improvement-plan target
    "comparator_england": "#F46A25",  # orange
    "comparator_region": "#801650",  # dark pink
    "comparator_neighbours": "#28A197",  # turquoise
    "other": "#A285D1",  # light purple
    "grid": "#D9D9D9",
    "text": "#0B0C0C",
    "muted": "#505A5F",
}

# Marker colour (>= 3:1 on white, with a dark outline), marker shape, and the badge colours
# (GOV.UK tag style: dark text on a light tint, >= 4.5:1) for each RAG status.
RAG_STYLE = {
    "green": {
        "marker": "#00703C",
        "symbol": "circle",
        "badge_bg": "#CCE2D8",
        "badge_fg": "#005A30",
    },
    "amber": {
        "marker": "#FFB81C",
        "symbol": "diamond",
        "badge_bg": "#FFF7BF",
        "badge_fg": "#594D00",
    },
    "red": {"marker": "#D4351C", "symbol": "x", "badge_bg": "#F6D7D2", "badge_fg": "#942514"},
    None: {
        "marker": "#B1B4B6",
        "symbol": "circle-open",
        "badge_bg": "#F3F2F1",
        "badge_fg": "#383F43",
    },
}

FONT = "Arial, Helvetica, sans-serif"  # system fonts only: nothing fetched at run time
BASE_FONT_SIZE = 16


def rag_style(status: object) -> dict:
    """The style of a RAG status (missing or unknown -> the 'no target' style)."""
    return RAG_STYLE.get(status if isinstance(status, str) else None, RAG_STYLE[None])


def apply_layout(fig: go.Figure, *, title: str | None = None, height: int = 420) -> go.Figure:
    """House layout: white background, large readable type, light grid, legend on top."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 20}} if title else None,
        font={"family": FONT, "size": BASE_FONT_SIZE, "color": PALETTE["text"]},
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=height,
        margin={"l": 70, "r": 30, "t": 80 if title else 30, "b": 60},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        hoverlabel={"font": {"size": BASE_FONT_SIZE}},
    )
    fig.update_xaxes(showgrid=False, linecolor=PALETTE["muted"], ticks="outside")
    fig.update_yaxes(gridcolor=PALETTE["grid"], linecolor=PALETTE["muted"], zeroline=False)
    return fig


def month_axis(fig: go.Figure, **kwargs: object) -> go.Figure:
    """Month ticks as 'Oct 2016'."""
    fig.update_xaxes(tickformat="%b %Y", hoverformat="%b %Y", **kwargs)
    return fig
