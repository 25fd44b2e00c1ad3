"""Improvement-plan charts: actions by theme and status, status timelines, measure sparklines.

DataFrame in, Figure out; no Streamlit, no SQL. Text from data is HTML-escaped before Plotly
sees it (Plotly renders a little HTML in labels), so a tag in an action shows as typed.
"""

from __future__ import annotations

import datetime as dt
import html
import textwrap

import pandas as pd
import plotly.graph_objects as go

from cib import measures, plan
from cib.charts.style import PALETTE, apply_layout, card_chart, month_axis
from cib.measures import Measure

# Plan-status colours from the Analysis Function palette, with a text colour that reads on
# each (>= 4.5:1). The word and symbol always go with the colour.
STATUS_STYLE = {
    plan.NOT_STARTED: {"fill": "#8E8E8E", "text": "#0B0C0C"},  # AF grey, darkened to 3.3:1
    plan.ON_TRACK: {"fill": "#28A197", "text": "#0B0C0C"},
    plan.AT_RISK: {"fill": "#F46A25", "text": "#0B0C0C"},
    plan.OFF_TRACK: {"fill": "#801650", "text": "#FFFFFF"},
    plan.COMPLETE: {"fill": "#12436D", "text": "#FFFFFF"},
}
_MS_PER_DAY = 86_400_000
# Legend under the plot, so it never covers the title or the as-at line on a narrow column.
_LEGEND_BELOW = {"orientation": "h", "yanchor": "top", "y": -0.22, "xanchor": "left", "x": 0}


def plain(text: object, width: int | None = None) -> str:
    """Data text for a Plotly label: escaped so tags show as typed, wrapped to width."""
    text = "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)
    lines = textwrap.wrap(text, width) if width else [text]
    return "<br>".join(html.escape(line) for line in lines) or html.escape(text)


def _short(text: object, width: int) -> str:
    return textwrap.shorten(str(text), width=width, placeholder="…")


def status_by_theme(counts: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Stacked horizontal bars: actions per theme by status, each segment labelled with its count.

    counts: theme, status, count (cib.plan.status_counts). Bars start at zero.
    """
    themes = list(dict.fromkeys(counts["theme"]))
    labels = [plain(t, 40) for t in themes]
    fig = go.Figure()
    for status in plan.STATUSES:
        part = counts[counts["status"] == status].set_index("theme").reindex(themes)
        values = part["count"].fillna(0).astype(int).tolist()
        style = STATUS_STYLE[status]
        fig.add_trace(
            go.Bar(
                y=labels,
                x=values,
                name=plan.status_label(status),
                orientation="h",
                marker={"color": style["fill"], "line": {"color": "#FFFFFF", "width": 1}},
                text=[str(v) if v else "" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": style["text"], "size": 18},
                hovertemplate=f"%{{y}}<br>{status}: %{{x}}<extra></extra>",
            )
        )
    total = int(counts["count"].sum())
    done = int(counts.loc[counts["status"] == plan.COMPLETE, "count"].sum())
    apply_layout(
        fig, title=title or f"{done} of {total} actions complete", height=120 + 55 * len(themes)
    )
    fig.update_layout(barmode="stack", bargap=0.3, legend_traceorder="normal")
    fig.update_xaxes(
        title_text="Number of actions", rangemode="tozero", showgrid=True, gridcolor=PALETTE["grid"]
    )
    fig.update_yaxes(autorange="reversed", gridcolor="rgba(0,0,0,0)", automargin=True)
    return fig


def status_timeline(
    history: pd.DataFrame,
    actions: pd.DataFrame,
    as_at: dt.date,
    title: str | None = None,
) -> go.Figure:
    """Each action's status over time as coloured periods with the status word, and its due date.

    history: action_id, status, start, end (cib.plan.status_history). actions: action_id, what,
    due_date, in the order to show them (top first).
    """
    label_of = {
        a: f"{plain(a)} · {plain(_short(w, 40), 24)}"
        for a, w in zip(actions["action_id"], actions["what"], strict=True)
    }
    order = [label_of[a] for a in actions["action_id"]]
    fig = go.Figure()
    hist = history[history["action_id"].isin(label_of)]
    for status in plan.STATUSES:
        part = hist[hist["status"] == status]
        style = STATUS_STYLE[status]
        start = pd.to_datetime(part["start"])
        end = pd.to_datetime(part["end"])
        days = (end - start).dt.days
        # the status reported at the as-at board itself still gets a visible block (4 weeks)
        days = days.where(end < pd.Timestamp(as_at), days.clip(lower=28)).clip(lower=3)
        fig.add_trace(
            go.Bar(
                y=[label_of[a] for a in part["action_id"]],
                x=(days * _MS_PER_DAY).tolist(),
                base=start.dt.strftime("%Y-%m-%d").tolist(),
                orientation="h",
                name=plan.status_label(status),
                marker={"color": style["fill"], "line": {"color": "#FFFFFF", "width": 1}},
                text=[status] * len(part),
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": style["text"], "size": 14},
                textangle=0,
                customdata=[
                    [f"{s:%-d %b %Y}", plain(_short(t, 90))]
                    for s, t in zip(start, part["update_text"], strict=True)
                ],
                hovertemplate=f"{status} from %{{customdata[0]}}<br>%{{customdata[1]}}"
                "<extra></extra>",
                showlegend=bool(len(part)),
            )
        )
    due = actions.dropna(subset=["due_date"])
    fig.add_trace(
        go.Scatter(
            y=[label_of[a] for a in due["action_id"]],
            x=pd.to_datetime(due["due_date"]).dt.strftime("%Y-%m-%d").tolist(),
            mode="markers+text",
            name="Due date",
            text=["Due"] * len(due),
            textposition="top center",
            textfont={"color": PALETTE["text"], "size": 13},
            marker={
                "symbol": "line-ns-open",
                "size": 26,
                "color": PALETTE["text"],
                "line": {"width": 4, "color": PALETTE["text"]},
            },
            hovertemplate="Due %{x|%-d %b %Y}<extra></extra>",
        )
    )
    as_at_text = f"{as_at:%-d %b %Y}"
    fig.add_shape(
        type="line",
        x0=as_at,
        x1=as_at,
        y0=0,
        y1=1,
        yref="paper",
        line={"color": PALETTE["muted"], "dash": "dot", "width": 2},
    )
    fig.add_annotation(
        x=as_at,
        y=1,
        yref="paper",
        yanchor="bottom",
        showarrow=False,
        text=f"As at {as_at_text}",
        font={"color": PALETTE["muted"]},
    )
    apply_layout(fig, title=title or "Status history and due dates", height=190 + 52 * len(order))
    fig.update_layout(
        barmode="overlay",
        bargap=0.3,
        uniformtext={"minsize": 11, "mode": "hide"},
        legend={**_LEGEND_BELOW, "y": -0.12 - 0.5 / (len(order) + 2)},
    )
    month_axis(fig, type="date", showgrid=True, gridcolor=PALETTE["grid"], title_text="Month")
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=order,
        autorange="reversed",
        gridcolor="rgba(0,0,0,0)",
        automargin=True,
        showticklabels=len(order) > 1,
    )  # one action: the title names it
    return fig


def measure_sparkline(series: pd.DataFrame, m: Measure, months: int = 24) -> go.Figure:
    """A small line of a linked measure's recent months with its target as a dashed step."""
    recent = series.sort_values("month").tail(months)
    fig = go.Figure()
    if recent["target"].notna().any():
        fig.add_trace(
            go.Scatter(
                x=recent["month"],
                y=recent["target"],
                name="Target",
                mode="lines",
                line={"color": PALETTE["target"], "dash": "dash", "width": 2, "shape": "hv"},
                hovertemplate="Target %{y}<extra></extra>",
            )
        )
    last = recent.tail(1)
    fig.add_trace(
        go.Scatter(
            x=recent["month"],
            y=recent["value"],
            name="Actual",
            mode="lines",
            line={"color": PALETTE["actual"], "width": 3},
            hovertemplate="%{x|%b %Y}: %{y}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=last["month"],
            y=last["value"],
            mode="markers+text",
            marker={"color": PALETTE["actual"], "size": 9},
            text=[measures.format_value(v, m.unit, m.decimals) for v in last["value"]],
            textposition="top left",
            textfont={"color": PALETTE["actual"], "size": 15},
            showlegend=False,
            hoverinfo="skip",
        )
    )
    apply_layout(fig, height=190)
    card_chart(fig)
    fig.update_layout(margin={"l": 50, "r": 16, "t": 34, "b": 30}, legend={"font": {"size": 13}})
    month_axis(fig, nticks=4)
    fig.update_yaxes(ticksuffix="%" if m.unit == "%" else "", nticks=4)
    return fig


def status_counts_table(counts: pd.DataFrame) -> pd.DataFrame:
    """The data behind the theme chart: one row per theme, a column per status, and a total."""
    wide = counts.pivot_table(
        index="theme", columns="status", values="count", aggfunc="sum", sort=False
    )
    wide = wide.reindex(columns=list(plan.STATUSES)).fillna(0).astype(int)
    wide["Total"] = wide.sum(axis=1)
    return wide.reset_index().rename(columns={"theme": "Theme"})


ATTENTION_COLUMNS = ["Action", "What", "Who", "Due", "Status", "Overdue by"]


def actions_table(frame: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """Actions as the board reads them (from cib.plan.plan_as_at), in the frame's order.

    columns: the columns to keep, in order (default: all of them).
    """
    table = pd.DataFrame(
        {
            "Action": frame["action_id"],
            "What": frame["what"],
            "Who": frame["who"],
            "Due": pd.to_datetime(frame["due_date"]),
            "Status": frame["status"].map(plan.status_label),
            "Overdue by": [
                f"{d} days" if o else ""
                for o, d in zip(frame["overdue"], frame["days_overdue"], strict=True)
            ],
            "Latest update": frame["latest_update"].fillna(""),
            "Theme": frame["theme"],
            "Recommendation": frame["recommendation_id"],
        }
    )
    return table if columns is None else table[columns]


def changes_table(changes: pd.DataFrame) -> pd.DataFrame:
    """Status changes (cib.plan.changes_since) as the board reads them."""
    return pd.DataFrame(
        {
            "Date": pd.to_datetime(changes["update_date"]),
            "Action": changes["action_id"],
            "What": changes["what"],
            "Who": changes["who"],
            "From": changes["from_status"].map(plan.status_label),
            "To": changes["to_status"].map(plan.status_label),
            "Update": changes["update_text"].fillna(""),
        }
    )


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """Every update recorded for an action, corrections included (cib.plan_store.update_history)."""
    return pd.DataFrame(
        {
            "Update date": pd.to_datetime(history["update_date"]),
            "Status": history["status"].map(plan.status_label),
            "Update": history["update_text"].fillna(""),
            "Stands now": history["is_current"].map({True: "Yes", False: "No, corrected later"}),
            "Loaded by": history["user_name"],
            "Upload": history["upload_id"],
        }
    )
