"""The SPC summary page through Streamlit's AppTest on a real demo database."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from cib import auth, spc
from cib.charts import spc as charts
from cib.data import spc as spc_data

PAGE = "../pages/spc.py"  # relative to this file; the lead adds it to dashboard.py's navigation


def run_page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_summary_matrix_and_table(demo_db):
    at = run_page()
    assert at.title[0].value == "SPC summary: real change or noise?"
    html = at.get("html")[0].proto.body
    assert "spc-matrix" in html and "Assessments within 45 WD" in html
    assert "Target hit and miss (?)" in html
    table = at.dataframe[1].value
    assert len(table) == 16
    expected = charts.summary_table(spc_data.summary())
    assert table["Variation"].tolist() == expected["Variation"].tolist()
    assert table["Assurance"].tolist() == expected["Assurance"].tolist()
    assert set(table["Variation"]) <= {i.label for i in spc.VARIATION_LABELS.values()}
    a45 = table[table["Measure"] == "Assessments completed within 45 working days"].iloc[0]
    assert a45["Points"] == 36 and a45["Latest month"] == "Mar 2018"
    assert len(at.get("plotly_chart")) == 1


def test_add_and_remove_a_rebase(demo_db):
    at = run_page()
    at.selectbox(key="spc_measure").set_value("caseload_avg").run()
    at.selectbox(key="spc_rebase_month").select_index(11)  # the 12th month after the first
    at.text_input(key="spc_rebase_reason").input("new caseload policy")
    button(at, "Add rebase").click().run()
    assert not at.exception, at.exception
    rebases = at.dataframe[2].value
    assert list(rebases["Reason"]) == ["new caseload policy"]
    assert list(rebases["Segment starts"]) == ["Apr 2016"]
    assert "Limits recalculated: new caseload policy" in at.get("plotly_chart")[0].proto.spec
    button(at, "Remove rebase").click().run()
    assert not at.exception, at.exception
    assert any("No rebases" in m.value for m in at.markdown)


def test_a_rebase_without_a_reason_is_refused(demo_db):
    at = run_page()
    button(at, "Add rebase").click().run()
    assert not at.exception
    assert "reason" in at.error[0].value
    assert any("No rebases" in m.value for m in at.markdown)


def test_switching_team_recomputes_the_summary(demo_db):
    at = run_page()
    teams = at.selectbox(key="spc_team").options
    assert len(teams) > 1
    at.selectbox(key="spc_team").select_index(1).run()
    assert not at.exception, at.exception
    assert len(at.dataframe[1].value) == 16


def test_a_viewer_sees_no_rebase_form(demo_db, monkeypatch):
    viewer = auth.User(name="Val Viewer", role="viewer", source="password", username="val")
    monkeypatch.setattr(auth, "current_user", lambda: viewer)
    at = run_page()
    assert "analyst role" in at.info[0].value
    assert not [b for b in at.button if b.label in ("Add rebase", "Remove rebase")]
