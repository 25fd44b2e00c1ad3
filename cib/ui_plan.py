"""Streamlit pieces the two plan pages share: the as-at picker, tables, a linked-measure card.

Every text from data goes through st.dataframe, st.text or ui.md_escape: never as HTML.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from cib import data, measures, ui
from cib.charts import plan as plan_charts
from cib.charts import trend
from cib.data import plan as plan_data

# Dates in tables read '26 Oct 2016' (moment.js format) and still sort as dates.
_DATE_FORMAT = "D MMM YYYY"


def as_at_picker(label: str = "Plan as at", key: str = "plan_as_at") -> dt.date:
    """A board date selectbox, latest first, remembered in the URL (?as_at=2016-07-28)."""
    dates = plan_data.update_dates() or [dt.date.today()]  # a plan with no update yet
    wanted = st.query_params.get("as_at")
    index = next((i for i, d in enumerate(dates) if d.isoformat() == wanted), 0)
    chosen = st.selectbox(label, dates, index=index, format_func=ui.date_label, key=key)
    if chosen != dates[0]:  # the URL names an earlier board; the latest is the default
        st.query_params["as_at"] = chosen.isoformat()
    elif "as_at" in st.query_params:
        del st.query_params["as_at"]
    return chosen


def table(
    frame: pd.DataFrame, key: str, height: int | str = "auto", wide_text: bool = True
) -> None:
    """A read-only table with UK dates; text cells show as typed.

    wide_text: long text columns get the room (False: columns share a narrow space).
    """
    config = {
        col: st.column_config.DateColumn(col, format=_DATE_FORMAT)
        for col in frame.columns
        if pd.api.types.is_datetime64_any_dtype(frame[col])
    }
    if wide_text:
        config |= {
            col: st.column_config.TextColumn(col, width="large")
            for col in ("What", "Latest update", "Update")
        }
    st.dataframe(
        frame, hide_index=True, width="stretch", column_config=config, key=key, height=height
    )


def measure_card(measure_id: str, as_at: dt.date, note: str | None = None) -> None:
    """A linked measure: latest value up to the as-at month, change, target, RAG and sparkline."""
    catalogue = data.measures()
    if measure_id not in set(catalogue["measure_id"]):
        st.warning(f"{ui.md_escape(measure_id)} is not in the measure catalogue.")
        return
    m = data.measure(measure_id)
    series = data.measure_series(measure_id)
    series = series[series["month"] <= pd.Timestamp(as_at)]
    with st.container(border=True):
        if series.empty:
            st.metric(ui.md_label(m.short_title), "–")
            st.caption("No figures up to this date.")
            return
        last = series.iloc[-1]
        previous = series["month"].iloc[-2] if len(series) > 1 else None
        delta = measures.describe_change(
            last["direction"], last["change"], m.unit, m.decimals, ui.month_label(previous)
        )
        st.metric(
            f"{ui.md_label(m.short_title)} ({ui.month_label(last['month'])})",
            measures.format_value(last["value"], m.unit, m.decimals),
            delta,
            delta_color=ui.direction_colour(last["direction"]),
            delta_arrow="off",
            help=ui.md_escape(m.definition),
        )
        target = measures.format_value(last["target"], m.unit, m.decimals)
        st.html(ui.target_line(target, last["rag"]))
        recent = series.sort_values("month").tail(24)
        st.plotly_chart(
            plan_charts.measure_sparkline(recent, m),
            theme=None,
            key=f"spark_{measure_id}",
            config={"displayModeBar": False},
            alt=trend.sparkline_sentence(recent, m),
        )
        with st.expander("These months as a table"):
            st.dataframe(
                trend.series_table(recent, m), hide_index=True, key=f"spark_t_{measure_id}"
            )
        if note:
            st.caption(ui.md_escape(note))
        st.page_link("pages/measure.py", label="Open measure", query_params={"measure": measure_id})
