"""The plan pages through AppTest, from the real entry point, on a real demo database."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from cib import db, demo_plan, plan_store

ENTRY = "../dashboard.py"  # relative to this file
HOSTILE = "<script>alert(1)</script><b>x</b>"


def _ensure_plan(path) -> None:
    """The demo plan in the database (the demo seeds it; older demo files may lack it)."""
    con = db.connect(path)
    try:
        with db.transaction(con) as cur:
            if plan_store.themes(cur).empty:
                demo_plan.seed_plan(cur, int(db.scalar(cur, "load_upload_demo")))
    finally:
        con.close()


@pytest.fixture
def plan_db(demo_db):
    _ensure_plan(demo_db)
    return demo_db


def open_page(page: str = "pages/plan.py", **query: str) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.query_params.update(query)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


# The tables on the pages, told apart by their columns.
TABLES = {
    "attention": ["Action", "What", "Who", "Due", "Status", "Overdue by", "Latest update"],
    "changes": ["Date", "Action", "What", "Who", "From", "To", "Update"],
    "rec_actions": ["Action", "What", "Who", "Due", "Status", "Overdue by"],
    "history": ["Update date", "Status", "Update", "Stands now", "Loaded by", "Upload"],
}


def frame(at: AppTest, table: str):
    found = [d.value for d in at.dataframe if list(d.value.columns) == TABLES[table]]
    assert len(found) == 1, f"expected one {table} table, found {len(found)}"
    return found[0]


def charts(at: AppTest) -> list[str]:
    """Each Plotly chart's figure as readable JSON text."""
    return [
        json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in at.get("plotly_chart")
    ]


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)


def test_plan_page_summarises_the_plan_at_the_last_board(plan_db):
    at = open_page()
    assert at.title[0].value == "Improvement plan"
    assert at.selectbox(key="plan_as_at").value == dt.date(2018, 3, 22)
    got = metrics(at)
    assert got["Actions in the plan"] == "35"
    assert got["✓ Complete"] == "28"
    assert got["Overdue (not complete)"] == "3"
    assert got["At risk or off track"] == "4"
    assert "Plan status as at **22 Mar 2018**" in markdown(at)
    chart = charts(at)[0]
    assert "28 of 35 actions complete" in chart and "✗ Off track" in chart
    attention = frame(at, "attention")
    assert list(attention["Action"]) == ["5.2", "6.4", "6.5", "5.5", "8.3"]  # overdue first
    assert list(attention["Overdue by"][:3]) == ["173 days", "81 days", "50 days"]
    assert attention["Status"].iloc[0] == "! At risk"


def test_changed_since_the_last_board_and_a_chosen_date(plan_db):
    at = open_page()
    assert at.date_input(key="plan_since").value == dt.date(2018, 2, 22)
    changes = frame(at, "changes")
    assert list(changes["Action"]) == ["2.2", "5.5", "6.4"]
    assert list(changes["To"]) == ["✓ Complete", "✗ Off track", "● On track"]
    assert "**3** status changes, of which **1** completion" in markdown(at)
    at.date_input(key="plan_since").set_value(dt.date(2017, 12, 1)).run()
    assert not at.exception
    changes = frame(at, "changes")
    assert {"3.3", "2.2", "6.4", "5.5", "6.5"} <= set(changes["Action"])
    assert changes["To"].iloc[0] == "✓ Complete"  # completions first


def test_an_earlier_board_and_the_owner_filter(plan_db):
    at = open_page()
    at.selectbox(key="plan_as_at").set_value(dt.date(2016, 7, 28)).run()
    assert not at.exception
    got = metrics(at)
    assert got["Actions in the plan"] == "28"  # actions join the plan with their first update
    attention = frame(at, "attention")
    assert attention["Action"].iloc[0] == "1.1"  # the backlog: overdue and off track
    assert attention["Status"].iloc[0] == "✗ Off track"
    at.multiselect(key="plan_owner").set_value(["Head of Service, Assessment"]).run()
    assert not at.exception
    assert metrics(at)["Actions in the plan"] == "3"
    assert "Showing 3 of 28 actions" in markdown(at)
    assert list(frame(at, "attention")["Action"]) == ["1.1", "1.2", "5.2"]


def test_drill_from_theme_to_recommendation_to_action(plan_db):
    at = open_page()
    # opens on the action most in need of attention
    assert at.selectbox(key="plan_theme").value == "T3"
    assert at.selectbox(key="plan_action").value == "5.2"
    at.selectbox(key="plan_theme").set_value("T4").run()
    assert at.selectbox(key="plan_rec").options == ["R6 · " + _rec_text("R6")]
    at.selectbox(key="plan_action").set_value("6.4").run()
    assert not at.exception
    assert "### Action 6\\.4: Reduce audits graded inadequate to below 10%" in markdown(at)
    assert "**When (due):** 31 Dec 2017" in markdown(at)
    assert "overdue by 81 days" in markdown(at)
    labels = list(metrics(at))
    assert "Audits inadequate (Mar 2018)" in labels
    specs = charts(at)
    assert any("Action 6.4: status at each board" in s for s in specs)
    assert at.query_params["action"] == "6.4"  # the URL names what is shown
    history = frame(at, "history")
    assert len(history) == 22  # every monthly update from Jun 2016, none overwritten
    assert history["Status"].iloc[-1] == "● On track" and set(history["Stands now"]) == {"Yes"}


def _rec_text(rec_id: str) -> str:
    return next(r[3] for r in demo_plan.RECOMMENDATIONS if r[0] == rec_id)


def test_drill_opens_from_the_url(plan_db):
    at = open_page(theme="T2", rec="R8", action="8.2")
    assert at.selectbox(key="plan_rec").value == "R8"
    assert at.selectbox(key="plan_action").value == "8.2"
    assert "(Monitoring visit, 13 Jul 2016)" in markdown(at)
    assert "CLA visits in timescale (Mar 2018)" in metrics(at)


def test_recommendation_view_puts_actions_beside_measures(plan_db):
    at = open_page("pages/recommendation.py", rec="R5")
    assert at.title[0].value == "Recommendation"
    assert at.selectbox(key="rec_id").value == "R5"
    text = markdown(at)
    assert "## R5 · A sufficient and skilled workforce" in text
    assert "**5 actions**: 3 complete · 1 overdue · 2 at risk or off track" in text
    assert "**3 linked measures**" in text
    assert list(metrics(at)) == [
        "Agency social workers (Mar 2018)",
        "Vacancy rate (Mar 2018)",
        "Average caseload (Mar 2018)",
    ]
    assert list(frame(at, "rec_actions")["Action"]) == ["5.2", "5.5", "5.3", "5.1", "5.4"]
    timeline = charts(at)[0]
    assert "5 actions: status at each board" in timeline and "Due date" in timeline
    at.selectbox(key="rec_as_at").set_value(dt.date(2016, 9, 22)).run()
    assert not at.exception
    assert "Agency social workers (Sep 2016)" in metrics(at)


def test_text_from_data_is_never_markup(plan_db):
    con = db.connect(plan_db)
    with db.transaction(con) as cur:
        plan_store.load_plan(
            cur,
            plan_store.PlanFrames(
                themes=_empty(plan_store.THEME_COLUMNS),
                recommendations=_empty(plan_store.RECOMMENDATION_COLUMNS),
                actions=_rows(
                    plan_store.ACTION_COLUMNS,
                    ["1.9", "R1", f"{HOSTILE} what", f"{HOSTILE} who", HOSTILE, "2018-12-31", ""],
                ),
                updates=_rows(
                    plan_store.UPDATE_COLUMNS, ["1.9", "2018-03-22", "At risk", f"{HOSTILE} said"]
                ),
            ),
            int(db.scalar(cur, "load_upload_demo")),
        )
    con.close()
    at = open_page(theme="T2", rec="R1", action="1.9")
    text = markdown(at)
    assert "<script>" not in text and "<b>" not in text  # escaped for Markdown
    assert "\\<script\\>alert\\(1\\)\\</script\\>\\<b\\>x\\</b\\> what" in text
    assert frame(at, "attention")["Who"].str.contains(HOSTILE, regex=False).any()
    spec = next(c for c in charts(at) if "Action 1.9" in c)
    assert "<script>" not in spec  # Plotly renders some HTML: labels are escaped for it


def _empty(columns):
    import pandas as pd

    return pd.DataFrame(columns=columns)


def _rows(columns, *rows):
    import pandas as pd

    return pd.DataFrame(list(rows), columns=columns)


def test_plan_pages_say_when_no_plan_is_loaded(db_path):
    con = db.connect(db_path)
    con.execute("insert into upload (upload_id, kind, file_name, user_name, status) "
                "values (99, 'measures', 'x.csv', 't', 'undone')")  # fmt: skip
    con.close()
    for page, title in [
        ("pages/plan.py", "Improvement plan"),
        ("pages/recommendation.py", "Recommendation"),
    ]:
        at = open_page(page)
        assert at.title[0].value == title
        assert "No improvement plan loaded yet" in at.info[0].value
