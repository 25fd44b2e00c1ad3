import streamlit as st

from cib import auth, data, ui
from cib.charts import spc as spc_charts
from cib.data import spc as spc_data
from cib.errors import CibError

auth.require_role("viewer", "SPC summary")
st.title("SPC summary: real change or noise?")
ui.data_as_at()

teams = data.teams() or ["All"]
team = st.selectbox("Team", teams, key="spc_team", format_func=ui.team_label)
summary = spc_data.summary(team)

st.markdown(
    "Each measure is placed by its **variation** (is the latest month a significant change, by "
    "NHS England's *Making Data Count* rules?) and its **assurance** (will the target be met "
    "reliably, given the process limits?). Letters and shapes carry the meaning as well as colour."
)
st.html(spc_charts.summary_matrix_html(summary))
with st.expander("The matrix as text"):
    st.dataframe(spc_charts.summary_matrix(summary), width="stretch")
ui.glossary(["SPC", "H / L", *ui.terms_in(*summary["short_title"])])

ui.section("Every measure")
st.dataframe(spc_charts.summary_table(summary), hide_index=True, width="stretch")

ui.section("Recalculate limits from a month (rebase)")
st.caption(
    "Rebase when the process itself changed (e.g. a new practice model), not to hide a signal. "
    "Each rebase starts a new segment with its own mean and limits; MDC advises at least 12 "
    "points a segment."
)
catalogue = data.measures()
ids = list(catalogue["measure_id"])
titles = dict(zip(catalogue["measure_id"], catalogue["title"], strict=True))
measure_id = st.selectbox("Measure", ids, format_func=titles.get, key="spc_measure")
m = data.measure(measure_id)
series = data.measure_series(measure_id, team)
current = spc_data.rebases(measure_id)

if series.empty:
    st.info("No figures for this measure yet.")
else:
    two_sigma = st.checkbox("Show 2-sigma lines", key="spc_two_sigma")
    result = spc_data.result(measure_id, team)
    reasons = dict(zip(current["month"], current["reason"], strict=True))
    fig = spc_charts.spc_chart(
        series, result, m, team=team, show_two_sigma=two_sigma, rebase_reasons=reasons
    )
    alt = spc_charts.summary_sentence(result, m)
    st.plotly_chart(fig, theme=None, key="spc_chart", alt=alt)
    st.caption(alt)
    for warning in result.warnings:
        st.warning(warning)

    allowed = spc_data.can_rebase()
    add_col, remove_col = st.columns(2)
    with add_col:
        if not allowed:
            st.info("Adding or removing a rebase needs the analyst role.")
        else:
            with st.form("spc_add_rebase"):
                months = list(series["month"].dt.date)[1:]
                month = st.selectbox(
                    "New segment starts in",
                    months,
                    format_func=ui.month_label,
                    index=len(months) - 1 if months else None,
                    key="spc_rebase_month",
                )
                reason = st.text_input(
                    "Reason",
                    placeholder="e.g. new practice model from this month",
                    key="spc_rebase_reason",
                )
                if st.form_submit_button("Add rebase"):
                    try:
                        spc_data.add_rebase(measure_id, month, reason)
                    except CibError as err:
                        st.error(str(err))
                    else:
                        st.rerun()
    with remove_col:
        if current.empty:
            st.markdown("No rebases for this measure.")
        else:
            st.dataframe(spc_charts.rebase_table(current), hide_index=True, width="stretch")
            if allowed:
                gone = st.selectbox(
                    "Rebase to remove",
                    list(current["month"].dt.date),
                    format_func=ui.month_label,
                    key="spc_remove_month",
                )
                if st.button("Remove rebase", key="spc_remove"):
                    try:
                        spc_data.remove_rebase(measure_id, gone)
                    except CibError as err:
                        st.error(str(err))
                    else:
                        st.rerun()

    with st.expander("Data behind the SPC chart"):
        st.dataframe(spc_charts.spc_table(series, result, m), hide_index=True, width="stretch")
