import pandas as pd
import streamlit as st

from cib import auth, data, measures, ui
from cib.calendar import CALENDAR_END, CALENDAR_START
from cib.charts import assessments as charts
from cib.data import assessments as records
from cib.errors import CibError

auth.require_role("viewer", "Assessment timeliness")

W45, W20 = "assessments_within_45wd_pct", "assessments_within_20wd_pct"


st.title("Assessment timeliness")
ui.data_as_at()

months = records.months()
if not months:
    st.info(
        "No assessment figures yet. An analyst can load an Ofsted Annex A List 4 extract (CSV, or "
        "a whole Annex A workbook) on the Upload page, as the kind 'assessments'."
    )
    st.stop()

pick_month, pick_team, _ = st.columns([1.3, 2, 5], vertical_alignment="bottom")
with pick_month:
    month = ui.month_picker("Month", months, key="assessments_month")
with pick_team:
    team = st.selectbox(
        "Team", data.teams(W45) or ["All"], key="assessments_team", format_func=ui.team_label
    )

s45 = data.measure_series(W45, team)
s20 = data.measure_series(W20, team)
teams = records.team_comparison(month)
this_team = teams[teams["team"] == team]
held = records.summary()

ui.section(f"{ui.team_label(team)}, {ui.month_label(month)}")
c45, c20, done, median, backlog = st.columns(5)
ui.percent_metric(
    c45,
    "Within 45 working days",
    ui.row_for_month(s45, month),
    decimals=1,
    of_what="assessments authorised",
)
ui.percent_metric(
    c20,
    "Within 20 working days (local target)",
    ui.row_for_month(s20, month),
    decimals=1,
    of_what="assessments authorised",
)
if this_team.empty:
    done.metric("Assessments completed", "–")
    median.metric("Median working days", "–")
    backlog.metric("Open past 45 WD at month end", "–")
else:
    r = this_team.iloc[0]
    done.metric(
        "Assessments completed", "–" if pd.isna(r["completed"]) else f"{r['completed']:,.0f}"
    )
    median.metric(
        "Median working days", "–" if pd.isna(r["median_wd"]) else f"{r['median_wd']:,.1f}"
    )
    backlog.metric(
        "Open past 45 WD at month end",
        "–" if pd.isna(r["open_over_45"]) else f"{r['open_over_45']:,.0f}",
    )
st.caption(
    "Working days: after the start date up to and including the authorisation date; weekends, "
    "England & Wales bank holidays and the council's closure days excluded (same day = 0). "
    f"Figures from {held['records'] or 0:,} assessment records ({held['open_records'] or 0:,} "
    "open); each figure's source is in the data tables."
)

ui.section("On time against target")
if s45.empty and s20.empty:
    st.info("No timeliness figures for this team.")
else:
    last = s45.dropna(subset=["value"]).iloc[-1] if not s45.empty else None
    alt = "Assessments within 45 and 20 working days each month against target" + (
        f"; latest {ui.month_label(last['month'])}: "
        f"{measures.format_value(last['value'], '%', 1)} of {last['denominator']:,.0f}"
        if last is not None
        else ""
    )
    st.plotly_chart(charts.timeliness_trend(s45, s20, team), theme=None, key="a_trend", alt=alt)
    with st.expander("Data: on time each month"):
        st.dataframe(charts.timeliness_table(s45, s20), hide_index=True, width="stretch")

ui.section("How long assessments took (DfE bands)")
bands = records.duration_bands(team)
if bands.empty:
    st.info("Duration bands need assessment records (Annex A List 4) for this team.")
else:
    st.plotly_chart(
        charts.duration_bands_chart(bands, team),
        theme=None,
        key="a_bands",
        alt="Assessments completed each month, stacked by working days taken, in DfE bands",
    )
    with st.expander("Data: duration bands each month"):
        st.dataframe(charts.bands_table(bands), hide_index=True, width="stretch")

ui.section("Open assessments at month end (the backlog)")
ages = records.backlog_by_age(team)
if ages.empty:
    st.info("The backlog needs assessment records (Annex A List 4) for this team.")
else:
    st.plotly_chart(
        charts.backlog_chart(ages, team),
        theme=None,
        key="a_backlog",
        alt="Open assessments at each month end, stacked by working days open; "
        "the line is the number past 45 working days",
    )
    with st.expander("Data: open assessments at each month end"):
        st.dataframe(charts.backlog_table(ages), hide_index=True, width="stretch")

ui.section(f"Teams compared, {ui.month_label(month)}")
if teams["completed"].fillna(0).sum() == 0:
    st.info("No assessments were completed this month.")
else:
    target = ui.row_for_month(data.measure_series(W45, "All"), month)
    st.plotly_chart(
        charts.team_chart(
            teams, ui.month_label(month), None if target is None else target["target"]
        ),
        theme=None,
        key="a_teams",
        alt=f"Share of assessments within 45 working days for each team in "
        f"{ui.month_label(month)}, with the number completed",
    )
    st.dataframe(charts.team_table(teams), hide_index=True, width="stretch")

if records.can_change_closures():
    with st.expander(
        "Local closure days (administrators)", expanded="closure_done" in st.session_state
    ):
        st.caption(
            "Days the council does not work besides weekends and bank holidays (e.g. 27-31 "
            "December). Changing them rebuilds the working-day calendar and every figure that "
            "counts working days, in one step."
        )
        if st.session_state.get("closure_done"):
            changed = st.session_state.pop("closure_done")
            st.success(f"{changed[0].upper()}{changed[1:]}: working days and figures recalculated.")
        held_days = records.closures()
        if held_days.empty:
            st.write("No local closure days.")
        else:
            st.dataframe(
                pd.DataFrame(
                    {
                        "Date": held_days["date"].map(ui.date_label),
                        "Reason": held_days["reason"].fillna(""),
                    }
                ),
                hide_index=True,
            )
        add_col, remove_col = st.columns(2)
        with add_col, st.form("closure_add"):
            day = st.date_input(
                "Closure day",
                format="DD/MM/YYYY",
                min_value=CALENDAR_START,  # the working-day calendar's span
                max_value=CALENDAR_END,
                key="closure_day",
            )
            reason = st.text_input("Reason", placeholder="e.g. Christmas closure")
            if st.form_submit_button("Add closure day"):
                try:
                    done = records.change_closures(add=[(day, reason)])
                except CibError as err:
                    st.error(str(err))
                else:
                    st.session_state["closure_done"] = "; ".join(done)
                    st.rerun()
        with remove_col, st.form("closure_remove"):
            options = list(held_days["date"].dt.date) if not held_days.empty else []
            chosen = st.multiselect("Closure days to remove", options, format_func=ui.date_label)
            if st.form_submit_button("Remove") and chosen:
                try:
                    done = records.change_closures(remove=chosen)
                except CibError as err:
                    st.error(str(err))
                else:
                    st.session_state["closure_done"] = "; ".join(done)
                    st.rerun()
