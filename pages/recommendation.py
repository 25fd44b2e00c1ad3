import pandas as pd
import streamlit as st

from cib import auth, data, plan, ui, ui_plan
from cib.charts import plan as plan_charts
from cib.data import plan as plan_data

auth.require_role("viewer", "Recommendation")

recs = plan_data.recommendations()
if recs.empty:
    st.title("Recommendation")
    st.info(
        "No improvement plan loaded yet. An analyst can add an action tracker on the Upload page."
    )
    st.stop()

rec_ids = list(recs["recommendation_id"])
rec_text = dict(zip(recs["recommendation_id"], recs["text"], strict=True))
wanted = st.query_params.get("rec")
head, pick_rec, pick_date = st.columns([2.2, 3, 1.2], vertical_alignment="bottom")
with pick_rec:
    rec_id = st.selectbox(
        "Recommendation",
        rec_ids,
        index=rec_ids.index(wanted) if wanted in rec_ids else 0,
        format_func=lambda r: f"{r} · {rec_text[r]}",
        key="rec_id",
    )
st.query_params["rec"] = rec_id
with pick_date:
    as_at = ui_plan.as_at_picker(key="rec_as_at")
with head:
    st.caption("Children's Improvement Board")
    st.title("Recommendation")

rec = recs[recs["recommendation_id"] == rec_id].iloc[0]
made = ui.date_label(rec["source_date"]) if pd.notna(rec["source_date"]) else "undated"
st.markdown(
    f"## {ui.md_escape(rec_id)} · {ui.md_escape(rec['theme'])}\n\n"
    f"> {ui.md_escape(rec['text'])}\n\n"
    f"From the {ui.md_escape(str(rec['source']).lower())} of {made}. "
    f"Plan status as at **{ui.date_label(as_at)}**."
)
ui.data_as_at()

actions = plan_data.plan_as_at(as_at)
actions = actions[actions["recommendation_id"] == rec_id]
ordered = actions.sort_values("action_id", key=lambda s: s.map(plan.natural_key))
links = plan_data.action_measures()
links = links[links["action_id"].isin(actions["action_id"])]
measure_ids = list(dict.fromkeys(links["measure_id"]))

counts = plan.summary(actions)
st.markdown(
    f"**{counts['actions']} action{'s' if counts['actions'] != 1 else ''}**: "
    f"{counts['complete']} complete · {counts['overdue']} overdue · "
    f"{counts['at_risk']} at risk or off track → **{len(measure_ids)} linked "
    f"measure{'s' if len(measure_ids) != 1 else ''}** (right)"
)

left, right = st.columns([1.5, 1], gap="large")
with left:
    ui.section("Actions: progress at each board")
    if actions.empty:
        st.info("This recommendation has no actions at this date.")
    else:
        history = plan_data.status_history(as_at)
        st.plotly_chart(
            plan_charts.status_timeline(
                history[history["action_id"].isin(actions["action_id"])],
                ordered,
                as_at,
                title=f"{len(actions)} actions: status at each board",
            ),
            theme=None,
            key="rec_timeline",
            alt=f"Status of the {counts['actions']} actions under recommendation {rec_id} at "
            f"each board: {counts['complete']} complete, {counts['overdue']} overdue, "
            f"{counts['at_risk']} at risk or off track.",
        )
        ui_plan.table(
            plan_charts.actions_table(actions, plan_charts.ATTENTION_COLUMNS),
            key="rec_actions",
            wide_text=False,
        )
with right:
    ui.section("Outcomes: linked measures")
    if not measure_ids:
        st.info("No success measures are linked to these actions.")
    for measure_id in measure_ids:
        by = ", ".join(links.loc[links["measure_id"] == measure_id, "action_id"])
        ui_plan.measure_card(measure_id, as_at, note=f"Success measure of action {by}")
    catalogue = data.measures()
    names = catalogue.loc[catalogue["measure_id"].isin(measure_ids), "short_title"]
    ui.glossary(["RAG", *ui.terms_in(*names)])

st.page_link(
    "pages/plan.py",
    label="Back to the improvement plan",
    icon="⬅️",
    query_params={"theme": rec["theme_id"], "rec": rec_id, "as_at": as_at.isoformat()},
)
