"""Assessment timeliness charts and the tables behind them: DataFrame in, Figure out.

Every % is drawn beside its n: the trend has a panel of counts under it, stacked bars carry
their counts, team bars say "118 of 133". No Streamlit, no SQL.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cib import measures
from cib.assessments import BACKLOG_BANDS, DURATION_BANDS, OVER_45_BANDS
from cib.charts.rates import RateLine, rates_with_counts
from cib.charts.stacked import stacked_counts, team_phrase
from cib.charts.style import PALETTE, apply_layout, month_axis
from cib.safe_output import plotly_text

# Quick to slow: turquoise for the same day, blues for within 45 working days, warm colours
# beyond (colour-blind-safe steps of lightness; the legend names every band).
BAND_COLOURS = dict(
    zip(
        DURATION_BANDS,
        "#28A197 #12436D #2B6CA3 #5693C6 #8AB5DD #C3D9EE #FBC49D #F46A25 #801650".split(),
        strict=True,
    )
)
BACKLOG_COLOURS = dict(
    zip(BACKLOG_BANDS, ["#B7D0EA", "#3D82BD", "#FBC49D", "#F46A25", "#801650"], strict=True)
)
SERIES_45 = PALETTE["actual"]
SERIES_20 = PALETTE["comparator_neighbours"]  # turquoise: the second series of the page


def _pct(value: object) -> str:
    return measures.format_value(value, "%", 1)


def timeliness_trend(s45: pd.DataFrame, s20: pd.DataFrame, team: str = "All") -> go.Figure:
    """% within 45 and within 20 working days against their targets, with n under each month."""
    return rates_with_counts(
        [
            RateLine(s45, "Within 45 working days", "Target, 45 WD", SERIES_45, "dash"),
            RateLine(s20, "Within 20 working days", "Target, 20 WD", SERIES_20, "dot"),
        ],
        decimals=1,
        count_name="Assessments completed (n)",
        count_hover="completed",
        title=f"Assessments on time, {team_phrase(team)}, against target",
        x_title="Month of authorisation",
        y_title="Per cent (%)",
    )


def timeliness_table(s45: pd.DataFrame, s20: pd.DataFrame) -> pd.DataFrame:
    """The data behind the trend: each month's % with n, target, status and where it came from."""
    both = s45.merge(s20, on="month", how="outer", suffixes=("_45", "_20")).sort_values("month")
    return pd.DataFrame(
        {
            "Month": both["month"].dt.strftime("%b %Y"),
            "Completed (n)": both["denominator_45"],
            "Within 45 WD (n)": both["numerator_45"],
            "Within 45 WD": both["value_45"].map(_pct),
            "Target 45": both["target_45"].map(_pct),
            "Status 45": both["rag_label_45"],
            "Within 20 WD (n)": both["numerator_20"],
            "Within 20 WD": both["value_20"].map(_pct),
            "Target 20": both["target_20"].map(_pct),
            "Status 20": both["rag_label_20"],
            "Source": both["source_45"].fillna(both["source_20"]),
        }
    )


def duration_bands_chart(bands: pd.DataFrame, team: str = "All") -> go.Figure:
    """Completed assessments each month by DfE duration band (working days), stacked."""
    fig = stacked_counts(bands, "band", BAND_COLOURS, unit="WD", total_label="Completed")
    apply_layout(fig, title=f"How long assessments took, {team_phrase(team)}", height=520)
    fig.update_layout(legend={"title": {"text": "Working days: "}, "traceorder": "normal"})
    month_axis(fig, title_text="Month of authorisation")
    fig.update_yaxes(title_text="Assessments completed (n)")
    return fig


def bands_table(bands: pd.DataFrame) -> pd.DataFrame:
    """Month x duration band counts, with the total and the % within 45 working days."""
    if bands.empty:
        return pd.DataFrame()
    wide = bands.pivot_table(index="month", columns="band", values="n", observed=False)
    wide = wide.reindex(columns=list(DURATION_BANDS)).fillna(0).astype(int)
    total = wide.sum(axis=1)
    within = wide[list(DURATION_BANDS[:6])].sum(axis=1)
    out = wide.copy()
    out.columns = [str(c) for c in out.columns]
    out.insert(0, "Month", [f"{m:%b %Y}" for m in out.index])
    out["Total (n)"] = total
    out["Within 45 WD"] = (100 * within / total.where(total > 0)).map(_pct)
    return out.reset_index(drop=True)


def backlog_chart(backlog: pd.DataFrame, team: str = "All") -> go.Figure:
    """Open assessments at each month end by working days open. The bands past 45 working days
    (warm colours) sit at the bottom, so the line along their top reads as the backlog."""
    oldest_first = {band: BACKLOG_COLOURS[band] for band in reversed(BACKLOG_BANDS)}
    fig = stacked_counts(backlog, "band", oldest_first, unit="WD open", total_label="Open")
    over = backlog[backlog["band"].isin(OVER_45_BANDS)].groupby("month", as_index=False)["n"].sum()
    fig.add_trace(
        go.Scatter(
            x=over["month"],
            y=over["n"],
            name="Open past 45 WD (the backlog)",
            mode="lines+markers",
            line={"color": PALETTE["text"], "width": 2},
            marker={"size": 6},
            hovertemplate="%{x|%b %Y}: %{y:,} open past 45 WD<extra></extra>",
        )
    )
    apply_layout(fig, title=f"Open assessments at each month end, {team_phrase(team)}", height=520)
    month_axis(fig, title_text="Month end")
    fig.update_yaxes(title_text="Open assessments (n)")
    return fig


def backlog_table(backlog: pd.DataFrame) -> pd.DataFrame:
    """Month end x age band counts, the total open and the number past 45 working days."""
    if backlog.empty:
        return pd.DataFrame()
    wide = backlog.pivot_table(index="month", columns="band", values="n", observed=False)
    wide = wide.reindex(columns=list(BACKLOG_BANDS)).fillna(0).astype(int)
    out = wide.copy()
    out.columns = [f"{c} WD" for c in out.columns]
    out.insert(0, "Month end", [f"{(m + pd.offsets.MonthEnd(0)):%-d %b %Y}" for m in out.index])
    out["Open (n)"] = wide.sum(axis=1)
    out["Past 45 WD (n)"] = wide[list(OVER_45_BANDS)].sum(axis=1)
    return out.reset_index(drop=True)


def team_chart(teams: pd.DataFrame, month_label: str, target: float | None) -> go.Figure:
    """% within 45 working days by team for one month, with n, against the target."""
    part = teams[teams["completed"].fillna(0) > 0].iloc[::-1]  # whole council on top
    names = ["Whole council" if t == "All" else plotly_text(t) for t in part["team"]]
    colours = [PALETTE["actual"] if t == "All" else "#2073BC" for t in part["team"]]
    fig = go.Figure(
        go.Bar(
            x=part["within_45_pct"],
            y=names,
            orientation="h",
            marker={"color": colours},
            text=[
                f"{_pct(v)} ({a:,.0f} of {n:,.0f})"
                for v, a, n in zip(
                    part["within_45_pct"], part["within_45"], part["completed"], strict=True
                )
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.1f}%<extra></extra>",
            name="Within 45 working days",
            showlegend=False,
        )
    )
    if target is not None and not pd.isna(target):
        fig.add_vline(
            x=target,
            line={"color": PALETTE["target"], "dash": "dash", "width": 2},
            annotation_text=f"Target {_pct(target)}",
            annotation_position="top",
        )
    apply_layout(
        fig,
        title=f"Within 45 working days by team, {month_label}",
        height=max(320, 70 * len(part) + 140),
    )
    fig.update_layout(margin={"r": 200, "l": 170})
    fig.update_xaxes(
        title_text="Per cent within 45 working days (%)",
        range=[0, 100],
        ticksuffix="%",
        showgrid=True,
        gridcolor=PALETTE["grid"],
    )
    fig.update_yaxes(showgrid=False)
    return fig


def team_table(teams: pd.DataFrame) -> pd.DataFrame:
    """Every team's figures for the month, as a reader sees them."""
    return pd.DataFrame(
        {
            "Team": ["Whole council" if t == "All" else t for t in teams["team"]],
            "Completed (n)": teams["completed"],
            "Within 45 WD (n)": teams["within_45"],
            "Within 45 WD": teams["within_45_pct"].map(_pct),
            "Within 20 WD (n)": teams["within_20"],
            "Within 20 WD": teams["within_20_pct"].map(_pct),
            "Median WD": teams["median_wd"].map(
                lambda v: "–" if pd.isna(v) else f"{v:,.1f}".removesuffix(".0")
            ),
            "Open past 45 WD (n)": teams["open_over_45"],
            "Source": teams["source"],
        }
    )
