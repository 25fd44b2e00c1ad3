"""Case audit charts and the tables behind them: DataFrame in, Figure out.

Few audits a month, so counts are always on the chart: a panel of n under the trend, counts in
the stacked bars, "45% of 40" at the end of team and theme bars. No Streamlit, no SQL.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cib import measures
from cib.audits import GRADES, shares
from cib.charts.rates import RateLine, rates_with_counts
from cib.charts.stacked import stacked_counts, team_phrase
from cib.charts.style import PALETTE, apply_layout, month_axis
from cib.safe_output import plotly_text

GRADE_COLOURS = dict(
    zip(
        GRADES,
        [PALETTE["actual"], PALETTE["comparator_neighbours"], "#F9B287", "#801650"],
        strict=True,
    )
)
SERIES_GOOD = PALETTE["actual"]
SERIES_INADEQUATE = PALETTE["comparator_region"]  # dark pink


def _pct(value: object) -> str:
    return measures.format_value(value, "%", 0)


def quality_trend(good: pd.DataFrame, inadequate: pd.DataFrame, team: str = "All") -> go.Figure:
    """% good or better and % inadequate against their targets, with the audits each month."""
    return rates_with_counts(
        [
            RateLine(good, "Good or better", "Target, good or better", SERIES_GOOD, "dash"),
            RateLine(inadequate, "Inadequate", "Target, inadequate", SERIES_INADEQUATE, "dot"),
        ],
        decimals=0,
        count_name="Audits (n)",
        count_hover="audits",
        title=f"Audit grades, {team_phrase(team)}, against target",
        x_title="Month of audit",
        y_title="Per cent of audits (%)",
        y_range=[0, 100],
        right_margin=170,
    )


def quality_table(good: pd.DataFrame, inadequate: pd.DataFrame) -> pd.DataFrame:
    """The data behind the trend: each month's audits, % good or better and % inadequate."""
    both = good.merge(inadequate, on="month", how="outer", suffixes=("_g", "_i"))
    both = both.sort_values("month")
    return pd.DataFrame(
        {
            "Month": both["month"].dt.strftime("%b %Y"),
            "Audits (n)": both["denominator_g"].fillna(both["denominator_i"]),
            "Good or better (n)": both["numerator_g"],
            "Good or better": both["value_g"].map(_pct),
            "Target (good or better)": both["target_g"].map(_pct),
            "Status (good or better)": both["rag_label_g"],
            "Inadequate (n)": both["numerator_i"],
            "Inadequate": both["value_i"].map(_pct),
            "Target (inadequate)": both["target_i"].map(_pct),
            "Status (inadequate)": both["rag_label_i"],
            "Source": both["source_g"].fillna(both["source_i"]),
        }
    )


def grade_mix_chart(mix: pd.DataFrame, team: str = "All") -> go.Figure:
    """Audits each month by grade, stacked best grade at the bottom, counts and totals shown."""
    fig = stacked_counts(mix, "grade", GRADE_COLOURS, total_label="Audits")
    apply_layout(fig, title=f"Audit grades each month, {team_phrase(team)}", height=500)
    month_axis(fig, title_text="Month of audit")
    fig.update_yaxes(title_text="Audits (n)")
    return fig


def grade_mix_table(mix: pd.DataFrame) -> pd.DataFrame:
    """Month x grade counts with the total and the shares good or better and inadequate."""
    return _wide(mix, "month", "Month", lambda m: f"{m:%b %Y}")


def _wide(frame: pd.DataFrame, by: str, label: str, fmt: object = str) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame()
    wide = frame.pivot_table(index=by, columns="grade", values="n", observed=False, sort=False)
    wide = wide.reindex(columns=list(GRADES)).fillna(0).astype(int)
    summary = shares(frame, by).set_index(by)
    out = pd.DataFrame({label: [fmt(v) for v in wide.index]})
    for grade in GRADES:
        out[f"{grade} (n)"] = wide[grade].to_numpy()
    out["Theme grades (n)" if by == "theme" else "Audits (n)"] = (
        summary["audits"].reindex(wide.index).to_numpy()
    )
    out["Good or better"] = summary["good_or_better_pct"].reindex(wide.index).map(_pct).to_numpy()
    out["Inadequate"] = summary["inadequate_pct"].reindex(wide.index).map(_pct).to_numpy()
    return out


def grade_bars(frame: pd.DataFrame, by: str, title: str) -> go.Figure:
    """One horizontal bar per team or theme: counts by grade, '% good or better (n)' at the end."""
    summary = shares(frame, by)
    order = list(summary[by])[::-1]  # first on top
    labels = [plotly_text(v) for v in order]  # names from uploads, shown as typed
    fig = go.Figure()
    for grade, colour in GRADE_COLOURS.items():
        part = frame[frame["grade"] == grade].set_index(by).reindex(order)
        fig.add_trace(
            go.Bar(
                x=part["n"],
                y=labels,
                orientation="h",
                name=grade,
                marker={"color": colour, "line": {"color": PALETTE["text"], "width": 1}},
                text=part["n"].map(lambda v: f"{v:.0f}" if v else ""),
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                hovertemplate=f"%{{y}}, {grade}: %{{x}}<extra></extra>",
            )
        )
    ends = summary.set_index(by).reindex(order)
    fig.add_trace(
        go.Scatter(
            x=ends["audits"],
            y=labels,
            mode="text",
            text=[
                f"  {_pct(p)} good or better ({g} of {n})"
                for p, g, n in zip(
                    ends["good_or_better_pct"], ends["good_or_better"], ends["audits"], strict=True
                )
            ],
            textposition="middle right",
            textfont={"size": 14},
            hoverinfo="skip",
            showlegend=False,
            cliponaxis=False,
        )
    )
    apply_layout(fig, title=title, height=max(300, 56 * len(order) + 150))
    fig.update_layout(
        barmode="stack",
        margin={"r": 330, "l": 200},
        uniformtext={"minsize": 10, "mode": "hide"},
        legend={"traceorder": "normal"},
    )
    top = float(ends["audits"].max()) if len(ends) else 1.0
    fig.update_xaxes(
        title_text="Audits (n)" if by == "team" else "Theme grades (n)",
        range=[0, top * 1.02],
        showgrid=True,
        gridcolor=PALETTE["grid"],
    )
    fig.update_yaxes(showgrid=False)
    return fig


def grade_bars_table(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Team or theme x grade counts with the total and the shares."""
    label = "Team" if by == "team" else "Theme"
    return _wide(frame, by, label)
