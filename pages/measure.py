import streamlit as st

from cib import auth, data, measures, safe_output, ui
from cib.charts import comparators as comparator_charts
from cib.charts import spc as spc_charts
from cib.charts import trend
from cib.data import comparators as comparator_data
from cib.data import spc as spc_data

auth.require_role("viewer", "Measure")
catalogue = data.measures()
ids = list(catalogue["measure_id"])
titles = dict(zip(catalogue["measure_id"], catalogue["title"], strict=True))
wanted = st.query_params.get("measure")

pick_measure, pick_team = st.columns([3, 1], vertical_alignment="bottom")
with pick_measure:
    measure_id = st.selectbox(
        "Measure",
        ids,
        index=ids.index(wanted) if wanted in ids else 0,
        format_func=titles.get,
        key="measure_id",
    )
st.query_params["measure"] = measure_id
m = data.measure(measure_id)
teams = data.teams(measure_id) or ["All"]
with pick_team:
    team = st.selectbox(
        "Team",
        teams,
        key="measure_team",
        format_func=ui.team_label,
    )

st.title(m.title)
ui.data_as_at()
series = data.measure_series(measure_id, team)
if series.empty:
    st.info("No figures for this measure yet.")
    st.stop()

last = series.iloc[-1]
latest, target_col, status_col, n_col = st.columns(4)
latest.metric(
    f"Latest ({ui.month_label(last['month'])})",
    measures.format_value(last["value"], m.unit, m.decimals),
)
target_col.metric("Target in force", measures.format_value(last["target"], m.unit, m.decimals))
status_col.metric("Status", measures.rag_label(last["rag"]))
status_col.html(ui.rag_tag(last["rag"]))
if m.unit == "%" and not series["denominator"].isna().all():
    n_col.metric("Cases (n)", f"{last['denominator']:,.0f}")

summary = trend.summary_sentence(series, m, team)
fig = trend.trend_vs_target(series, m, team)
annual = comparator_data.series(measure_id)
if team == "All" and not annual.empty:
    comparator_charts.add_comparator_markers(fig, annual, m)
st.plotly_chart(fig, theme=None, key="trend", alt=summary)
st.caption(summary)

ui.section("Real change or noise? (statistical process control)")
result = spc_data.result(measure_id, team)
st.html(spc_charts.icons_line(result.variation, result.assurance))
rebases = spc_data.rebases(measure_id)
two_sigma = st.checkbox("Show 2-sigma lines", key="measure_two_sigma")
spc_fig = spc_charts.spc_chart(
    series,
    result,
    m,
    team=team,
    show_two_sigma=two_sigma,
    rebase_reasons=dict(zip(rebases["month"], rebases["reason"], strict=True)),
)
spc_alt = spc_charts.summary_sentence(result, m)
st.plotly_chart(spc_fig, theme=None, key="spc", alt=spc_alt)
st.caption(spc_alt)
with st.expander("SPC data"):
    st.dataframe(spc_charts.spc_table(series, result, m), hide_index=True, width="stretch")

with st.expander("About this measure", expanded=False):
    polarity = {"up": "Higher is better", "down": "Lower is better", "neither": "No good direction"}
    st.markdown(f"**Definition.** {ui.md_escape(m.definition)}")
    st.markdown(f"**Source.** {ui.md_escape(m.source)}")
    st.markdown(f"**Polarity.** {polarity[m.polarity]}. **Unit.** {ui.md_escape(m.unit)}.")
    st.dataframe(data.targets(measure_id), hide_index=True)
ui.glossary(["SPC", "RAG", "n", "pts", *ui.terms_in(m.title, m.short_title, m.definition)])

if comparator_data.has_comparator(measure_id):
    ui.section("Compared with England, region and statistical neighbours")
    years = comparator_data.years(measure_id)
    if not years:
        st.info("No DfE comparator figures are loaded for this measure yet.")
    else:
        year = st.selectbox(
            "DfE year",
            years,
            key="comparator_year",
            format_func=lambda y: comparator_charts.period_text(measure_id, y),
        )
        panel = comparator_data.panel(measure_id, year)
        sentence = comparator_charts.panel_sentence(panel, m)
        st.plotly_chart(
            comparator_charts.comparator_panel(panel, m),
            theme=None,
            key="comparators",
            alt=sentence,
        )
        st.caption(sentence + " Source: DfE official statistics (Open Government Licence v3.0).")
        with st.expander("Comparator data"):
            st.dataframe(comparator_charts.panel_table(panel, m), hide_index=True)
            st.dataframe(comparator_charts.markers_table(annual, m), hide_index=True)

ui.section("Data")
st.dataframe(trend.series_table(series, m), hide_index=True, width="stretch")
st.download_button(
    "Download these figures (CSV)",
    safe_output.to_csv_bytes(trend.download_frame(series, team)),
    file_name=f"{measure_id}_{team.replace(' ', '_')}.csv",
    mime="text/csv",
)

by_team = data.measure_series_by_team(measure_id)
if by_team["team"].nunique() > 1:
    ui.section("By team")
    st.plotly_chart(
        trend.team_small_multiples(by_team, m),
        theme=None,
        key="teams",
        alt=trend.team_sentence(by_team, m),
    )
    with st.expander("By team as a table"):
        st.dataframe(trend.team_table(by_team, m), hide_index=True, width="stretch")
