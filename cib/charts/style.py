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
    "grid": "#D9D9D9",  # light on purpose: gridlines only help reading, they carry no data
    "text": "#0B0C0C",
    "muted": "#505A5F",
}

# Each RAG status has a marker colour (>= 3:1 on white, drawn with a dark outline) and shape
# for charts, and a badge. The badges differ in lightness as well as hue, so they still tell
# apart in greyscale or to someone who cannot see red from green: on target is a light tag with
# a dark green border, near target a mid amber tag, off target a dark red tag. Badge text is
# >= 4.5:1 on its fill, and every badge carries a symbol and a word too.
RAG_STYLE = {
    "green": {
        "marker": "#00703C",
        "symbol": "circle",
        "badge_bg": "#CCE2D8",
        "badge_fg": "#005A30",
        "badge_border": "#00703C",
    },
    "amber": {
        "marker": "#C98200",
        "symbol": "diamond",
        "badge_bg": "#C98200",
        "badge_fg": "#0B0C0C",
        "badge_border": "#C98200",
    },
    "red": {
        "marker": "#D4351C",
        "symbol": "x",
        "badge_bg": "#942514",
        "badge_fg": "#FFFFFF",
        "badge_border": "#942514",
    },
    None: {
        "marker": "#6F777B",
        "symbol": "circle-open",
        "badge_bg": "#FFFFFF",
        "badge_fg": "#383F43",
        "badge_border": "#6F777B",
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


def card_chart(fig: go.Figure) -> go.Figure:
    """Mark a chart drawn inside a card whose heading names it and whose text alternative and
    table are beside it: it may go without a title and axis titles (checked by the tests)."""
    fig.update_layout(meta={"card_chart": True})
    return fig


def month_axis(fig: go.Figure, **kwargs: object) -> go.Figure:
    """Month ticks as 'Oct 2016'."""
    fig.update_xaxes(tickformat="%b %Y", hoverformat="%b %Y", **kwargs)
    return fig
