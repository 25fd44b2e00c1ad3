"""The Assessment timeliness page through Streamlit's AppTest, on the demo with its records."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from cib import assessments, db, demo_records

PAGE = "../pages/assessments.py"  # relative to this file


@pytest.fixture
def demo_with_records(tmp_path, monkeypatch, _demo_template):
    """A fresh copy of the demo database with its assessment and audit records."""
    import streamlit as st

    path = tmp_path / "cib.duckdb"
    shutil.copyfile(_demo_template, path)
    con = db.connect(path)
    demo_records.seed_if_missing(con)
    con.close()
    monkeypatch.setenv("CIB_DB", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield path
    st.cache_data.clear()
    st.cache_resource.clear()


def run_page(page: str = PAGE) -> AppTest:
    at = AppTest.from_file(page, default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    return at


def test_page_shows_the_month_with_n_beside_every_percentage(demo_with_records):
    at = run_page()
    assert at.title[0].value == "Assessment timeliness"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Within 45 working days"] == "88.7%  (n=133)"
    assert metrics["Within 20 working days (local target)"].endswith("(n=133)")
    assert metrics["Assessments completed"] == "133"
    assert float(metrics["Median working days"]) > 0
    assert int(metrics["Open past 45 WD at month end"]) >= 0
    assert [s.value for s in at.header] == [
        "Whole council, Mar 2018",
        "On time against target",
        "How long assessments took (DfE bands)",
        "Open assessments at month end (the backlog)",
        "Teams compared, Mar 2018",
    ]
    assert len(at.get("plotly_chart")) == 4
    targets = "\n".join(h.value for h in at.get("html"))
    assert "Target <strong>83.0%</strong>" in targets and "✓ On target" in targets
    tables = [d.value for d in at.dataframe]
    teams = tables[-1]
    assert teams["Team"].iloc[0] == "Whole council"
    assert set(teams["Source"]) == {"computed from records"}


def test_another_team_and_month(demo_with_records):
    at = run_page()
    at.selectbox(key="assessments_month").select_index(24).run()  # Mar 2016
    at.selectbox(key="assessments_team").set_value("Assessment Team 1").run()
    assert not at.exception, at.exception
    assert at.header[0].value == "Assessment Team 1, Mar 2016"
    assert at.header[-1].value == "Teams compared, Mar 2016"
    assert len(at.get("plotly_chart")) == 4


def test_closure_day_recalculates_the_figures(demo_with_records):
    path = demo_with_records
    con = db.connect(path)
    # test-only read of one figure
    before = (
        con.cursor()
        .execute(
            "select sum(value) from computed_observation where measure_id = 'assessments_median_wd'"
        )
        .fetchone()[0]
    )
    con.close()
    at = run_page()
    at.date_input(key="closure_day").set_value(dt.date(2015, 12, 29))
    next(b for b in at.button if b.label == "Add closure day").click().run()
    assert not at.exception, at.exception
    assert any("Closed 29 Dec 2015" in s.value for s in at.success)
    con = db.connect(path)
    try:
        cur = con.cursor()
        assert list(assessments.closures(cur)["date"].dt.date) == [dt.date(2015, 12, 29)]
        # test-only: durations over 29 Dec 2015 are a day shorter now
        after = cur.execute(
            "select sum(value) from computed_observation where measure_id = 'assessments_median_wd'"
        ).fetchone()[0]
        # test-only: the change is in the audit trail
        logged = cur.execute(
            "select count(*) from audit_event where action = 'closures_changed'"
        ).fetchone()[0]
    finally:
        con.close()
    assert after < before and logged == 1


def test_empty_database_says_what_to_load(db_path):
    from cib import db, demo, demo_records

    con = db.connect(db_path)
    demo.seed(con)
    with db.transaction(con) as cur:
        demo_records.clear_records(cur)  # the uploaded figures, but no child-level records
    con.close()
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.run()
    # without records the page still shows the uploaded figures, and says what to load
    assert not at.exception, at.exception
    assert at.title[0].value == "Assessment timeliness"
    assert any("need assessment records" in i.value for i in at.info)
