"""The Case audits page through Streamlit's AppTest, on the demo with its records."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from cib import audits, db
from tests.test_assessments_page import demo_with_records  # noqa: F401 - a shared fixture

PAGE = "../pages/audits.py"  # relative to this file


def run_page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    return at


def test_page_shows_grades_with_counts(demo_with_records):  # noqa: F811
    at = run_page()
    assert at.title[0].value == "Case audits"
    metrics = {m.label: m.value for m in at.metric}
    good = metrics["Good or better"]
    assert good.endswith(f"(n={metrics['Audits this month']})") and good.split("%")[0].isdigit()
    assert "(n=" in metrics["Inadequate"]
    assert [s.value for s in at.header] == [
        "Whole council, Mar 2018",
        "Good or better against target",
        "Grade mix and number of audits each month",
        "By team, Apr 2017 to Mar 2018",
        "By theme, whole council, Apr 2017 to Mar 2018",
    ]
    assert len(at.get("plotly_chart")) == 4
    teams = at.dataframe[-2].value
    assert len(teams) == 8 and "Good or better" in teams.columns
    themes = at.dataframe[-1].value
    assert set(themes["Theme"]) == {
        "Quality of assessment",
        "Quality of plan",
        "Management oversight",
        "Voice of the child",
    }


def test_period_and_team(demo_with_records):  # noqa: F811
    at = run_page()
    at.selectbox(key="audits_period").set_value("This month").run()
    at.selectbox(key="audits_team").set_value("MASH").run()
    assert not at.exception, at.exception
    assert at.header[0].value == "MASH, Mar 2018"
    assert at.header[-1].value == "By theme, MASH, Mar 2018"


def test_saving_the_grade_scale_recalculates(demo_with_records):  # noqa: F811
    at = run_page()
    at.radio[0].set_value(audits.TEN)
    at.number_input[1].set_value(6.0)  # good from
    next(b for b in at.button if b.label == "Save grade scale").click().run()
    assert not at.exception, at.exception
    assert any("Grade scale saved" in s.value for s in at.success)
    assert "0-10 scores" in "\n".join(c.value for c in at.caption)
    con = db.connect(demo_with_records)
    try:
        cur = con.cursor()
        assert audits.grade_scale(cur) == audits.GradeScale(audits.TEN, 9, 6, 3)
        # test-only: the change is in the audit trail
        assert (
            cur.execute(
                "select count(*) from audit_event where action = 'audit_scale_changed'"
            ).fetchone()[0]
            == 1
        )
    finally:
        con.close()
