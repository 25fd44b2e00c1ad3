"""Page logic through Streamlit's AppTest, from the real entry point, on a real demo database."""

from streamlit.testing.v1 import AppTest

ENTRY = "../dashboard.py"  # relative to this file


def run_app() -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [f"{m.label}|{m.value}|{m.delta}" for m in at.metric]
    return "\n".join(str(p) for p in parts)


def test_overview_scorecard(demo_db):
    at = run_app()
    assert at.title[0].value == "Performance scorecard, Mar 2018"
    assert [s.value for s in at.header][:2] == ["Front door and assessment", "Child protection"]
    metrics = {m.label: m for m in at.metric}
    a45 = metrics["Assessments within 45 WD"]
    assert a45.value == "88.7%  (n=133)"
    assert a45.delta == "▲ better than Feb 2018 (+3.2 pts)"
    assert len(at.metric) == 16
    assert len(at.get("plotly_chart")) == 16  # a sparkline per measure
    assert "Data as at **Mar 2018**" in texts(at)


def test_overview_other_month_and_team(demo_db):
    at = run_app()
    at.selectbox(key="overview_month").select_index(24).run()  # Mar 2016
    assert not at.exception
    assert at.title[0].value == "Performance scorecard, Mar 2016"
    at.selectbox(key="overview_team").set_value("Assessment Team 1").run()
    assert not at.exception
    labels = {m.label for m in at.metric}
    assert "Assessments within 45 WD" in labels


def test_measure_page(demo_db):
    at = run_app()
    at.switch_page("pages/measure.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Assessments completed within 45 working days"
    # the trend, the SPC chart, the comparator panel and the team small multiples
    assert len(at.get("plotly_chart")) == 4
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Latest (Mar 2018)"] == "88.7%"
    assert metrics["Target in force"] == "83.0%"
    assert metrics["Status"] == "✓ On target"
    assert len(at.dataframe) >= 1 and len(at.dataframe[-1].value) == 36


def test_measure_page_switches_measure_and_team(demo_db):
    at = run_app()
    at.switch_page("pages/measure.py").run()
    at.selectbox(key="measure_id").set_value("caseload_avg").run()
    assert not at.exception
    assert at.title[0].value == "Average social worker caseload"
    at.selectbox(key="measure_team").set_value("MASH").run()
    assert not at.exception
    assert "MASH" in "\n".join(c.value for c in at.caption)


def test_empty_database_says_so(db_path):
    from cib import db

    con = db.connect(db_path)
    con.execute("insert into upload (upload_id, kind, file_name, user_name, status) "
                "values (99, 'measures', 'x.csv', 't', 'undone')")  # fmt: skip
    con.close()
    at = run_app()
    assert "No figures loaded yet" in at.info[0].value
