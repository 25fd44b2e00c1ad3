import streamlit as st

from cib import auth, data, measures, ui
from cib.charts import spc as spc_charts
from cib.charts import trend
from cib.data import spc as spc_data

auth.require_role("viewer", "Scorecard")
months = data.months()
if not months:
    st.title("Children's Improvement Board")
    st.info("No figures loaded yet. An analyst can add a monthly extract on the Upload page.")
    st.stop()

head, pick_month, pick_team = st.columns([6, 1.3, 1.3], vertical_alignment="bottom")
with pick_month:
    month = ui.month_picker("Month", months, key="overview_month")
with pick_team:
    team = st.selectbox(
        "Team",
        data.teams(),
        key="overview_team",
        format_func=ui.team_label,
    )
with head:
    st.caption("Children's Improvement Board")
    st.title(f"Performance scorecard, {ui.month_label(month)}")
ui.data_as_at()

card = data.scorecard(month, team)
spark = data.sparklines(month, team)
icons = spc_data.summary(team, up_to=month).set_index("measure_id")
counts = {**card["rag"].value_counts().to_dict(), None: int(card["rag"].isna().sum())}
st.html(ui.rag_counts_line(len(card), counts))
ui.glossary(["RAG", "SPC", "H / L", "n", "pts", *ui.terms_in(*card["short_title"])])

for area, rows in card.groupby("area", sort=False):
    ui.section(area)
    cols = st.columns(4)
    for i, r in enumerate(rows.itertuples()):
        m = data.measure(r.measure_id)
        with cols[i % 4].container(border=True):
            value = measures.format_value(r.value, r.unit, r.decimals)
            if r.unit == "%" and r.denominator == r.denominator and r.denominator is not None:
                value += f"  (n={r.denominator:,.0f})"
            delta = measures.describe_change(
                r.direction, r.change, r.unit, r.decimals, ui.month_label(r.previous_month)
            )
            st.metric(
                ui.md_label(r.short_title),
                value,
                delta,
                delta_color=ui.direction_colour(r.direction),
                delta_arrow="off",
                help=ui.md_escape(r.definition),
            )
            target = measures.format_value(r.target, r.unit, r.decimals)
            st.html(ui.target_line(target, r.rag))
            st.html(
                spc_charts.icons_line(
                    icons.at[r.measure_id, "variation"],
                    icons.at[r.measure_id, "assurance"],
                    size=24,
                )
            )
            series = spark[spark["measure_id"] == r.measure_id]
            if len(series):
                st.plotly_chart(
                    trend.sparkline(series, m),
                    theme=None,
                    key=f"spark_{r.measure_id}",
                    config={"displayModeBar": False, "staticPlot": True},
                    alt=trend.sparkline_sentence(series, m),
                )
            st.page_link(
                "pages/measure.py",
                label="Open measure",
                icon="➡️",
                query_params={"measure": r.measure_id},
            )

with st.expander("Scorecard as a table"):
    st.dataframe(trend.scorecard_table(card), hide_index=True, width="stretch")
with st.expander("Last 12 months of every measure (the small charts as a table)"):
    st.dataframe(trend.sparkline_table(spark, card), hide_index=True, width="stretch")
