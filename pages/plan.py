import pandas as pd
import streamlit as st

from cib import auth, data, plan, ui, ui_plan
from cib.charts import plan as plan_charts
from cib.data import plan as plan_data

auth.require_role("viewer", "Improvement plan")

if plan_data.themes().empty:
    st.title("Improvement plan")
    st.info("No improvement plan loaded yet. An analyst can add an action tracker.")
    st.stop()

head, pick_owner, pick_status, pick_date = st.columns(
    [3, 1.6, 1.6, 1.1], vertical_alignment="bottom"
)
with pick_date:
    as_at = ui_plan.as_at_picker()
with head:
    st.caption("Children's Improvement Board")
    st.title("Improvement plan")
owners = pick_owner.multiselect(
    "Owner", plan_data.owners(), key="plan_owner", placeholder="All owners"
)
statuses = pick_status.multiselect(
    "Status",
    list(plan.STATUSES),
    key="plan_status",
    format_func=plan.status_label,
    placeholder="All statuses",
)
st.caption(
    f"Plan status as at **{ui.date_label(as_at)}** (board update) · overdue: the due date has "
    "passed and the action is not complete"
)
ui.data_as_at()

everything = plan_data.plan_as_at(as_at)
shown = plan.filter_actions(everything, owners, statuses)
if owners or statuses:
    st.caption(f"Showing {len(shown)} of {len(everything)} actions (filtered by owner or status).")

counts = plan.summary(shown)
c1, c2, c3, c4 = st.columns(4)
c1.metric("Actions in the plan", counts["actions"], border=True)
c2.metric(plan.status_label(plan.COMPLETE), counts["complete"], border=True)
c3.metric("Overdue (not complete)", counts["overdue"], border=True)
c4.metric("At risk or off track", counts["at_risk"], border=True)

by_theme = plan_data.status_counts(shown)
st.plotly_chart(
    plan_charts.status_by_theme(by_theme),
    theme=None,
    key="plan_by_theme",
    alt=f"Actions by theme, stacked by status: {counts['complete']} of {counts['actions']} "
    f"complete, {counts['overdue']} overdue, {counts['at_risk']} at risk or off track.",
)
with st.expander("Actions by theme and status (table)"):
    st.dataframe(plan_charts.status_counts_table(by_theme), hide_index=True, width="stretch")

ui.section("Needs attention: overdue, off track, at risk")
attention = shown[shown["attention"].isin([plan.OVERDUE, plan.OFF_TRACK, plan.AT_RISK])]
if attention.empty:
    st.success("No action is overdue, off track or at risk.")
else:
    ui_plan.table(
        plan_charts.actions_table(attention, [*plan_charts.ATTENTION_COLUMNS, "Latest update"]),
        key="plan_attention",
    )

ui.section("Changed since the last board")
default_since = plan_data.previous_board(as_at) or as_at
since_col, note_col = st.columns([1, 4], vertical_alignment="bottom")
since = since_col.date_input(
    "Changes reported after",
    value=default_since,
    max_value=as_at,
    format="DD/MM/YYYY",
    key="plan_since",
)
changes = plan_data.changes_since(since, as_at)
changes = changes[changes["action_id"].isin(shown["action_id"])]
completed = int(changes["completed"].sum())
note_col.markdown(
    f"**{len(changes)}** status change{'s' if len(changes) != 1 else ''}, of which "
    f"**{completed}** completion{'s' if completed != 1 else ''}, reported after "
    f"{ui.date_label(since)} up to {ui.date_label(as_at)}."
)
if len(changes):
    ui_plan.table(plan_charts.changes_table(changes), key="plan_changes")

with st.expander(f"All {len(shown)} actions, overdue and at risk first"):
    ui_plan.table(plan_charts.actions_table(shown), key="plan_all", height=420)

ui.section("Theme → recommendation → action")
themes = plan_data.themes()
recs = plan_data.recommendations()
theme_ids = list(themes["theme_id"])
theme_title = dict(zip(themes["theme_id"], themes["title"], strict=True))
# With no choice in the URL, open on the action most in need of the board's attention.
first = everything.iloc[0] if len(everything) else None
wanted = st.query_params.get("theme", first["theme_id"] if first is not None else None)
t_col, r_col, a_col = st.columns([1, 1.3, 1.3])
theme_id = t_col.selectbox(
    "Theme",
    theme_ids,
    index=theme_ids.index(wanted) if wanted in theme_ids else 0,
    format_func=theme_title.get,
    key="plan_theme",
)
rec_ids = list(recs.loc[recs["theme_id"] == theme_id, "recommendation_id"])
rec_text = dict(zip(recs["recommendation_id"], recs["text"], strict=True))
wanted = st.query_params.get("rec", first["recommendation_id"] if first is not None else None)
rec_id = r_col.selectbox(
    "Recommendation",
    rec_ids,
    index=rec_ids.index(wanted) if wanted in rec_ids else 0,
    format_func=lambda r: f"{r} · {rec_text[r]}",
    key="plan_rec",
)
in_rec = everything[everything["recommendation_id"] == rec_id].sort_values(
    "action_id", key=lambda s: s.map(plan.natural_key)
)
action_ids = list(in_rec["action_id"])
what = dict(zip(in_rec["action_id"], in_rec["what"], strict=True))
wanted = st.query_params.get("action", first["action_id"] if first is not None else None)
action_id = a_col.selectbox(
    "Action",
    action_ids,
    index=action_ids.index(wanted) if wanted in action_ids else 0,
    format_func=lambda a: f"{a} · {what[a]}",
    key="plan_action",
)
st.query_params.update({"theme": theme_id, "rec": rec_id or "", "action": action_id or ""})

if rec_id is not None:
    rec = recs[recs["recommendation_id"] == rec_id].iloc[0]
    made = ui.date_label(rec["source_date"]) if pd.notna(rec["source_date"]) else "undated"
    st.markdown(
        f"**Recommendation {ui.md_escape(rec_id)}** ({ui.md_escape(rec['source'])}, {made}): "
        f"{ui.md_escape(rec['text'])}"
    )
    st.page_link(
        "pages/recommendation.py",
        label="Open the recommendation view: its actions beside its measures",
        icon="➡️",
        query_params={"rec": rec_id, "as_at": as_at.isoformat()},
    )
if action_id is None:
    st.info("No actions under this recommendation at this date.")
    st.stop()

row = in_rec[in_rec["action_id"] == action_id].iloc[0]
detail, linked = st.columns([1.35, 1], gap="large")
with detail:
    st.markdown(f"### Action {ui.md_escape(action_id)}: {ui.md_escape(row['what'])}")
    status_text = plan.status_label(row["status"])
    if row["overdue"]:
        status_text += f" · overdue by {row['days_overdue']} days"
    latest = row["latest_update"] if pd.notna(row["latest_update"]) else "No update yet"
    st.markdown(
        f"**Who:** {ui.md_escape(row['who'])}  \n"
        f"**How:** {ui.md_escape(row['how'] if pd.notna(row['how']) else '–')}  \n"
        f"**When (due):** {ui.date_label(row['due_date'])}  \n"
        f"**Status at {ui.date_label(as_at)}:** {ui.md_escape(status_text)}  \n"
        f"**Latest update:** {ui.md_escape(latest)}"
    )
    history = plan_data.status_history(as_at)
    st.plotly_chart(
        plan_charts.status_timeline(
            history[history["action_id"] == action_id],
            in_rec[in_rec["action_id"] == action_id],
            as_at,
            title=f"Action {action_id}: status at each board",
        ),
        theme=None,
        key="plan_timeline",
        alt=f"Status of action {action_id} at each board since it started; at "
        f"{ui.date_label(as_at)}: {status_text}, due {ui.date_label(row['due_date'])}.",
    )
    with st.expander("Every update recorded (corrections included)"):
        recorded = plan_data.update_history(action_id)
        ui_plan.table(plan_charts.history_table(recorded), key="plan_hist")
with linked:
    st.markdown("### Success measures")
    links = plan_data.action_measures()
    ids = list(links.loc[links["action_id"] == action_id, "measure_id"])
    if not ids:
        st.info("No success measures are linked to this action.")
    for measure_id in ids:
        ui_plan.measure_card(measure_id, as_at)
    catalogue = data.measures()
    names = catalogue.loc[catalogue["measure_id"].isin(ids), "short_title"]
    ui.glossary(["RAG", *ui.terms_in(*names)])
