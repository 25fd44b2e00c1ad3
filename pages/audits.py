import pandas as pd
import streamlit as st

from cib import audits, auth, data, ui
from cib.charts import audits as charts
from cib.data import audits as records
from cib.errors import CibError

auth.require_role("viewer", "Case audits")

GOOD, INADEQUATE = audits.GOOD_OR_BETTER, audits.INADEQUATE
PERIODS = {"This month": 1, "3 months to this month": 3, "12 months to this month": 12}


st.title("Case audits")
ui.data_as_at()

good = data.measure_series(GOOD, "All")
if good.empty:
    st.info(
        "No audit figures yet. An analyst can load case audit results (audit_date, case_ref, "
        "team, audit_type, grade and any theme grades) on the Upload page, as the kind 'audits'."
    )
    st.stop()

months = sorted(good["month"].dt.date, reverse=True)
pick_month, pick_team, pick_period, _ = st.columns([1.3, 2, 2, 3], vertical_alignment="bottom")
with pick_month:
    month = ui.month_picker("Month", months, key="audits_month")
with pick_team:
    team = st.selectbox(
        "Team", data.teams(GOOD) or ["All"], key="audits_team", format_func=ui.team_label
    )
with pick_period:
    period = st.selectbox("Teams and themes over", list(PERIODS), index=2, key="audits_period")
first = (pd.Timestamp(month) - pd.DateOffset(months=PERIODS[period] - 1)).date()
span = (
    ui.month_label(month)
    if first == month
    else f"{ui.month_label(first)} to {ui.month_label(month)}"
)

g = data.measure_series(GOOD, team)
bad = data.measure_series(INADEQUATE, team)
scale = records.grade_scale()

ui.section(f"{ui.team_label(team)}, {ui.month_label(month)}")
c_good, c_bad, c_n, _ = st.columns(4)
ui.percent_metric(
    c_good, "Good or better", ui.row_for_month(g, month), decimals=0, of_what="audits"
)
ui.percent_metric(c_bad, "Inadequate", ui.row_for_month(bad, month), decimals=0, of_what="audits")
row = ui.row_for_month(g, month)
c_n.metric("Audits this month", "–" if row is None else f"{row['denominator']:,.0f}")
st.caption(
    f"{scale.describe()} Good or better = Outstanding or Good. Few audits a month: read each % "
    "with its n. Each figure's source is in the data tables."
)

ui.section("Good or better against target")
st.plotly_chart(
    charts.quality_trend(g, bad, team),
    theme=None,
    key="q_trend",
    alt="Share of audits good or better and inadequate each month against target, with the "
    "number of audits each month",
)
with st.expander("Data: audit grades each month"):
    st.dataframe(charts.quality_table(g, bad), hide_index=True, width="stretch")

ui.section("Grade mix and number of audits each month")
mix = records.grade_mix(team)
if mix.empty:
    st.info("The grade mix needs case audit results for this team.")
else:
    st.plotly_chart(
        charts.grade_mix_chart(mix, team),
        theme=None,
        key="q_mix",
        alt="Audits each month stacked by grade, with the number of audits on top",
    )
    with st.expander("Data: grades each month"):
        st.dataframe(charts.grade_mix_table(mix), hide_index=True, width="stretch")

ui.section(f"By team, {span}")
by_team = records.by_team(first, month)
if by_team.empty:
    st.info("No audits in this period.")
else:
    st.plotly_chart(
        charts.grade_bars(by_team, "team", f"Audit grades by team, {span}"),
        theme=None,
        key="q_teams",
        alt=f"Audits by team and grade, {span}, with each team's share good or better",
    )
    st.dataframe(charts.grade_bars_table(by_team, "team"), hide_index=True, width="stretch")

ui.section(f"By theme, {ui.team_label(team).lower() if team == 'All' else team}, {span}")
themes = records.by_theme(first, month, team)
if themes.empty:
    st.info("No theme grades in this period (add a column per theme to the audit file).")
else:
    st.plotly_chart(
        charts.grade_bars(themes, "theme", f"Theme grades, {span}"),
        theme=None,
        key="q_themes",
        alt=f"Theme grades by theme, {span}, with each theme's share good or better",
    )
    st.dataframe(charts.grade_bars_table(themes, "theme"), hide_index=True, width="stretch")

if records.can_change_scale():
    with st.expander("Grade scale (administrators)", expanded="scale_done" in st.session_state):
        if st.session_state.pop("scale_done", None):
            st.success("Grade scale saved: audit figures recalculated.")
        st.caption(
            "How new audit files are read, and how 0-10 scores count as Ofsted grades. Changing "
            "the thresholds recalculates every figure from 0-10 audits already loaded."
        )
        with st.form("audit_scale"):
            choice = st.radio(
                "Grades in new files are",
                list(audits.SCALES),
                index=list(audits.SCALES).index(scale.scale),
                format_func=audits.SCALES.get,
                horizontal=True,
            )
            o_col, g_col, i_col = st.columns(3)
            outstanding = o_col.number_input(
                "Outstanding from (11 = none)", 0.0, 11.0, float(scale.outstanding_from), 0.5
            )
            good_from = g_col.number_input("Good from", 0.0, 10.0, float(scale.good_from), 0.5)
            inadequate = i_col.number_input(
                "Inadequate up to", 0.0, 10.0, float(scale.inadequate_upto), 0.5
            )
            if st.form_submit_button("Save grade scale"):
                try:
                    records.set_grade_scale(
                        audits.GradeScale(choice, outstanding, good_from, inadequate)
                    )
                except CibError as err:
                    st.error(str(err))
                else:
                    st.session_state["scale_done"] = True
                    st.rerun()
