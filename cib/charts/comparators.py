"""DfE comparators on screen: annual markers beside a monthly trend, and the comparator panel.

DataFrames in (from cib.comparators), Plotly figures out; no Streamlit, no SQL. Each role keeps
one colour and one marker shape across the app (PALETTE in cib.charts.style). A suppressed or
unpublished figure is always written out ("suppressed (c)"), never drawn as zero or left as an
unexplained gap.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cib import dfe, measures
from cib.charts.style import PALETTE, apply_layout
from cib.measures import Measure

NEIGHBOUR_GREY = "#8E8E8E"  # individual neighbours: quiet, so the roles stand out (3.3:1)

ROLE_STYLE = {  # colour and marker shape (never colour alone), legend word
    "england": {"color": PALETTE["comparator_england"], "symbol": "square", "word": None},
    "region": {"color": PALETTE["comparator_region"], "symbol": "triangle-up", "word": None},
    "neighbours_median": {
        "color": PALETTE["comparator_neighbours"],
        "symbol": "hexagon",
        "word": "Statistical neighbours median",
    },
    "council": {"color": PALETTE["actual"], "symbol": "star", "word": None},
    "neighbour": {"color": NEIGHBOUR_GREY, "symbol": "circle", "word": None},
}
# Roles that share a year sit a few days apart, within the month, so no marker hides another.
ROLE_OFFSET_DAYS = {"england": 0, "region": 6, "neighbours_median": 12, "council": 18}
ROLE_NAMES = {
    "council": "Council",
    "england": "England",
    "region": "Region",
    "neighbours_median": "Neighbours (median)",
    "neighbour": "Statistical neighbour",
}


def _table_spec(measure_id: str) -> dfe.TableSpec | None:
    spec = dfe.MEASURES.get(measure_id)
    return dfe.TABLES[spec.table] if spec else None


def period_label(measure_id: str) -> str:
    """How a DfE year is described for this measure: 'year to March', 'at 30 September', ..."""
    table = _table_spec(measure_id)
    return table.period_label if table else "year to March"


def period_text(measure_id: str, year: int) -> str:
    """One DfE year in words: 'year to Mar 2016', 'at 31 Mar 2016', 'at 30 Sep 2017'."""
    table = _table_spec(measure_id)
    if table is None:
        return f"year to Mar {year}"
    end = table.period_end(int(year))
    if table.period_label.startswith("year to"):
        return f"year to {end:%b %Y}"
    return f"at {end.day} {end:%b %Y}"


def marker_month(measure_id: str, year: int) -> pd.Timestamp:
    """Where a year's marker sits on a monthly axis: the first of the month the period ends in."""
    table = _table_spec(measure_id)
    month = table.period_month if table else 3
    return pd.Timestamp(int(year), month, 1)


def value_text(value: object, symbol: object, m: Measure) -> str:
    """A figure as shown, or why there is none: '83.4%', 'suppressed (c)', 'no figure'."""
    if value is not None and not pd.isna(value):
        return measures.format_value(float(value), m.unit, m.decimals)
    if symbol is None or pd.isna(symbol):
        return "no figure published"
    word = "suppressed" if symbol == "c" else dfe.symbol_meaning(str(symbol))
    return f"{word} ({symbol})"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _rank_text(rank: object, of: object) -> str:
    if rank is None or pd.isna(rank) or of is None or pd.isna(of):
        return ""
    return f"{_ordinal(int(rank))} of {int(of)}"


def _legend_name(role: str, area: str, label: str) -> str:
    word = ROLE_STYLE[role]["word"] or area
    if role == "council":
        word = f"{area} published"
    return f"{word} (annual, {label})"


def _figure_months(fig: go.Figure) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    found = []
    for trace in fig.data:
        xs = getattr(trace, "x", None)
        if xs is None or len(xs) == 0:
            continue
        stamps = pd.to_datetime(pd.Series(list(xs)), errors="coerce").dropna()
        if len(stamps):
            found += [stamps.min(), stamps.max()]
    return (min(found), max(found)) if found else None


def visible_years(
    series: pd.DataFrame, measure_id: str, window: tuple[pd.Timestamp, pd.Timestamp] | None
) -> pd.DataFrame:
    """The comparator rows whose marker month falls in the chart's months.

    One year before the first month is kept too, as a baseline; and up to 3 months after the
    last, so a year to March shows when the monthly figures stop in December to February.
    """
    if window is None or series.empty:
        return series
    start = pd.Timestamp(window[0]) - pd.DateOffset(months=12)
    end = pd.Timestamp(window[1]) + pd.DateOffset(months=3)
    months = series["year"].map(lambda y: marker_month(measure_id, int(y)))
    return series[(months >= start) & (months <= end)]


def add_comparator_markers(
    fig: go.Figure,
    series: pd.DataFrame,
    m: Measure,
    *,
    window: tuple[pd.Timestamp, pd.Timestamp] | None = None,
    roles: tuple[str, ...] = ("england", "region", "neighbours_median", "council"),
) -> go.Figure:
    """Add annual DfE markers (one trace a role) to a monthly trend figure; returns the figure.

    `series` is comparators.derive_series for the measure. Markers sit on the month the DfE
    year ends in (Mar; Sep for workforce) with legend names such as "England (annual, year to
    March)". Years outside the figure's months are left out (`window` overrides the months
    read from the figure). A missing figure becomes a note under the plot, e.g.
    "Torbay year to Mar 2017: suppressed (c)".
    """
    label = period_label(m.measure_id)
    shown = visible_years(series, m.measure_id, window or _figure_months(fig))
    notes: list[tuple[pd.Timestamp, str, str]] = []
    for role in roles:
        part = shown[shown["area_type"] == role]
        if part.empty:
            continue
        style = ROLE_STYLE[role]
        area = str(part["area"].iloc[0])
        nudge = pd.Timedelta(days=ROLE_OFFSET_DAYS.get(role, 0))
        xs = [marker_month(m.measure_id, y) + nudge for y in part["year"]]
        hover = []
        for r in part.itertuples():
            line = f"<b>{r.area}</b>, {period_text(m.measure_id, r.year)}: "
            line += value_text(r.value, r.symbol, m)
            if isinstance(r.note, str) and r.note:
                line += f"<br>{r.note}"
            rank = _rank_text(r.rank_among_neighbours, r.neighbours_ranked)
            if rank:
                line += f"<br>{rank} among neighbours; "
                line += f"{_rank_text(r.rank_in_england, r.england_ranked)} in England"
            hover.append(line)
            if pd.isna(r.value):
                text = f"{r.area}, {period_text(m.measure_id, r.year)}: "
                notes.append((marker_month(m.measure_id, r.year), style["color"],
                              text + value_text(r.value, r.symbol, m)))  # fmt: skip
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=part["value"],
                name=_legend_name(role, area, label),
                mode="markers",
                marker={
                    "color": style["color"],
                    "symbol": style["symbol"],
                    "size": 16,
                    "line": {
                        "color": "white" if role != "council" else PALETTE["text"],
                        "width": 1.5,
                    },
                },  # fmt: skip
                text=hover,
                hovertemplate="%{text}<extra></extra>",
                legendgroup=f"comparator_{role}",
            )
        )
    if len(shown):
        # Eight or more legend entries no longer fit beside the title: put the legend below.
        height = (fig.layout.height or 460) + 90
        fig.update_layout(
            height=height,
            legend={"orientation": "h", "yanchor": "top", "y": -0.22, "xanchor": "left", "x": 0},
            margin={"b": 170},
        )
    stacked: dict[pd.Timestamp, int] = {}
    for x, color, text in notes:
        level = stacked.get(x, 0)
        stacked[x] = level + 1
        fig.add_annotation(
            x=x,
            y=0.02 + 0.07 * level,
            yref="paper",
            text=text,
            showarrow=False,
            xanchor="center",
            yanchor="bottom",
            # dark text (role colours are too light for text), framed in the role's colour
            font={"color": PALETTE["text"], "size": 14},
            bgcolor="rgba(255,255,255,0.85)",
            bordercolor=color,
            borderwidth=2,
        )
    return fig


def _sort_key(panel: pd.DataFrame, polarity: str) -> pd.Series:
    """Best first by polarity; figures missing go last."""
    v = panel["value"]
    key = -v if polarity != "down" else v
    return key.fillna(float("inf"))


def comparator_panel(panel: pd.DataFrame, m: Measure) -> go.Figure:
    """Horizontal bars: the council (highlighted), England, region, neighbour median and each
    neighbour for one year, best at the top, bars from zero, every bar labelled."""
    fig = go.Figure()
    if panel.empty:
        apply_layout(fig, title=f"No DfE comparators loaded for {m.short_title}", height=200)
        return fig
    year = int(panel["year"].iloc[0])
    rows = panel.assign(_k=_sort_key(panel, m.polarity)).sort_values("_k", kind="stable")
    council = rows[rows["area_type"] == "council"]
    name = str(council["area"].iloc[0]) if len(council) else "The council"

    def label(r: pd.Series) -> str:
        if r["area_type"] == "council":
            return f"<b>{r['area']} (council)</b>"
        if r["area_type"] == "neighbours_median":
            return "Neighbours (median)"
        return str(r["area"])

    labels = [label(r) for _, r in rows.iterrows()]
    colors = [ROLE_STYLE[t]["color"] for t in rows["area_type"]]
    texts = []
    for _, r in rows.iterrows():
        text = value_text(r["value"], r["symbol"], m)
        if r["area_type"] == "council" and not pd.isna(r["rank"]):
            text = f"<b>{text}</b>"
        texts.append(text)
    fig.add_trace(
        go.Bar(
            x=rows["value"].fillna(0),  # zero-length bar: the label beside it says why
            y=labels,
            orientation="h",
            marker={"color": colors, "line": {"color": PALETTE["text"], "width": [
                2 if t == "council" else 0 for t in rows["area_type"]]}},
            text=texts,
            textposition="outside",
            cliponaxis=False,
            textfont={"size": 16},
            hovertemplate="%{y}: %{text}<extra></extra>",
            showlegend=False,
        )
    )  # fmt: skip
    top = rows["value"].max()
    top = 1.0 if pd.isna(top) or top <= 0 else float(top)
    apply_layout(fig, title=panel_title(panel, name, year, m), height=120 + 42 * len(rows))
    fig.update_yaxes(autorange="reversed", title_text=None, tickfont={"size": 16})
    fig.update_xaxes(
        range=[0, top * 1.22],
        title_text=f"{m.short_title}, {period_text(m.measure_id, year)}"
        + (" (%)" if m.unit == "%" else ""),
        ticksuffix="%" if m.unit == "%" else "",
        showgrid=True,
        gridcolor=PALETTE["grid"],
        zeroline=True,
        zerolinecolor=PALETTE["muted"],
    )
    fig.update_layout(bargap=0.25, margin={"l": 260})
    return fig


def panel_title(panel: pd.DataFrame, name: str, year: int, m: Measure) -> str:
    """Active title, ten words or fewer: the council's ranks, or what the panel compares."""
    council = panel[panel["area_type"] == "council"]
    rank = council["rank"].iloc[0] if len(council) else None
    if rank is not None and not pd.isna(rank):
        group = int(panel["rank"].notna().sum())
        title = f"{name}: {_ordinal(int(rank))} of {group} neighbours"
        series_rank = council.get("rank_in_england")
        if series_rank is not None and not pd.isna(series_rank.iloc[0]):
            title += f", {_ordinal(int(series_rank.iloc[0]))} of "
            title += f"{int(council['england_ranked'].iloc[0])} in England"
        return title
    if len(council) and pd.isna(council["value"].iloc[0]):
        when = period_text(m.measure_id, year)
        return f"{name}, {when}: {value_text(None, council['symbol'].iloc[0], m)}"
    return f"{name} against England, region and neighbours, {year}"


def markers_table(series: pd.DataFrame, m: Measure) -> pd.DataFrame:
    """The data behind the annual markers: one row per year and area, figures as shown."""
    return pd.DataFrame(
        {
            "Year": [period_text(m.measure_id, y) for y in series["year"]],
            "Area": series["area"],
            "Compared as": series["area_type"].map(ROLE_NAMES),
            "Value": [value_text(v, s, m) for v, s in zip(series["value"], series["symbol"],
                                                          strict=True)],
            "Numerator": series["numerator"],
            "Denominator": series["denominator"],
            "Rank among neighbours": [
                _rank_text(r, n)
                for r, n in zip(series["rank_among_neighbours"], series["neighbours_ranked"],
                                strict=True)
            ],
            "Rank in England": [
                _rank_text(r, n)
                for r, n in zip(series["rank_in_england"], series["england_ranked"], strict=True)
            ],
            "Note": series["note"].fillna(""),
        }
    )  # fmt: skip


def panel_table(panel: pd.DataFrame, m: Measure) -> pd.DataFrame:
    """The data behind the comparator panel, in the panel's order (best first)."""
    if panel.empty:
        return pd.DataFrame(columns=["Area", "Compared as", "Value", "Rank among neighbours"])
    rows = panel.assign(_k=_sort_key(panel, m.polarity)).sort_values("_k", kind="stable")
    group = int(rows["rank"].notna().sum())
    return pd.DataFrame(
        {
            "Area": rows["area"],
            "Compared as": rows["area_type"].map(ROLE_NAMES),
            "Value": [value_text(v, s, m) for v, s in zip(rows["value"], rows["symbol"],
                                                          strict=True)],
            "Rank among neighbours": [_rank_text(r, group) for r in rows["rank"]],
            "Closeness": rows["closeness"].fillna(""),
        }
    ).reset_index(drop=True)  # fmt: skip


def panel_sentence(panel: pd.DataFrame, m: Measure) -> str:
    """A text alternative for the panel: the council's figure and ranks, then the comparators."""
    if panel.empty:
        return f"No DfE comparator figures are loaded for {m.short_title}."
    year = int(panel["year"].iloc[0])
    by_role = {t: panel[panel["area_type"] == t] for t in ROLE_NAMES}
    council = by_role["council"]
    name = str(council["area"].iloc[0]) if len(council) else "The council"
    text = (
        f"In the {period_text(m.measure_id, year)}"
        if period_label(m.measure_id).startswith("year")
        else f"At {period_text(m.measure_id, year)[3:]}"
    )
    if len(council):
        r = council.iloc[0]
        text += f", {name} was {value_text(r['value'], r['symbol'], m)}"
        group = int(panel["rank"].notna().sum())
        if not pd.isna(r["rank"]):
            text += f", {_ordinal(int(r['rank']))} of {group} with its statistical neighbours"
        if not pd.isna(r["rank_in_england"]):
            text += f" and {_rank_text(r['rank_in_england'], r['england_ranked'])} in England"
    others = []
    for role in ("england", "region", "neighbours_median"):
        part = by_role[role]
        if len(part):
            r = part.iloc[0]
            label = "the neighbour median" if role == "neighbours_median" else str(r["area"])
            others.append(f"{label} {value_text(r['value'], r['symbol'], m)}")
    if others:
        text += "; " + ", ".join(others)
    return text + "."
