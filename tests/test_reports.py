import datetime as dt

import pandas as pd
import pytest

from cib import db, reports
from cib.errors import CibError


def test_measure_series_has_36_months_with_targets_and_rag(con):
    s = reports.measure_series(con.cursor(), "assessments_within_45wd_pct")
    assert len(s) == 36
    assert s["target"].notna().all() and s["rag"].notna().all()
    # the trajectory: 65 until Mar 2016, 75 from Apr 2016, 83 from Apr 2017
    by_month = s.set_index("month")["target"]
    assert by_month[pd.Timestamp("2016-03-01")] == 65
    assert by_month[pd.Timestamp("2016-04-01")] == 75
    assert by_month[pd.Timestamp("2018-03-01")] == 83


def test_known_demo_figure(con):
    s = reports.measure_series(con.cursor(), "assessments_within_45wd_pct").set_index("month")
    mar18 = s.loc[pd.Timestamp("2018-03-01")]
    assert (mar18["numerator"], mar18["denominator"]) == (118, 133)
    assert round(mar18["value"], 1) == 88.7
    assert mar18["rag"] == "green" and mar18["direction"] == "better"


def test_scorecard_lists_every_measure_at_a_month(con):
    card = reports.scorecard(con.cursor(), dt.date(2018, 3, 1))
    assert len(card) == 16
    row = card.set_index("measure_id").loc["assessments_within_45wd_pct"]
    assert round(row["value"], 1) == 88.7 and row["denominator"] == 133
    assert row["target"] == 83 and row["rag"] == "green"
    assert round(row["change"], 1) == 3.2 and row["direction"] == "better"


def test_scorecard_target_in_force_before_a_step(con):
    card = reports.scorecard(con.cursor(), dt.date(2017, 3, 1)).set_index("measure_id")
    assert card.loc["assessments_within_45wd_pct", "target"] == 75
    # audits had no target before Apr 2016
    early = reports.scorecard(con.cursor(), dt.date(2016, 1, 1)).set_index("measure_id")
    assert pd.isna(early.loc["audits_good_or_better_pct", "target"])
    assert pd.isna(early.loc["audits_good_or_better_pct", "rag"])


def test_scorecard_for_a_month_with_no_data_keeps_every_measure(con):
    card = reports.scorecard(con.cursor(), dt.date(2030, 1, 1))
    assert len(card) == 16 and card["value"].isna().all()


def test_team_series_and_teams(con):
    cur = con.cursor()
    teams = reports.teams(cur, "assessments_within_45wd_pct")
    assert teams[0] == "All" and "Assessment Team 1" in teams
    s = reports.measure_series(cur, "assessments_within_45wd_pct", "Assessment Team 1")
    assert len(s) == 36
    by_team = reports.measure_series_by_team(cur, "assessments_within_45wd_pct")
    assert set(by_team["team"]) == set(teams)


def test_unknown_measure_suggests_the_closest(con):
    with pytest.raises(CibError, match='did you mean "assessments_within_45wd_pct"'):
        reports.measure_series(con.cursor(), "assessments_within_45wd")


def test_change_is_blank_across_a_gap(con):
    cur = con.cursor()
    cur.execute(
        "delete from observation where measure_id = 'caseload_avg' and month = '2016-06-01'"
    )
    s = reports.measure_series(cur, "caseload_avg").set_index("month")
    assert pd.isna(s.loc[pd.Timestamp("2016-07-01"), "change"])
    assert pd.isna(s.loc[pd.Timestamp("2016-07-01"), "direction"])


def test_data_as_at(con):
    latest, loaded = reports.data_as_at(con.cursor())
    assert latest == dt.date(2018, 3, 1) and loaded is not None


def test_query_parameters_are_bound_and_checked(con):
    with pytest.raises(TypeError, match="needs parameters"):
        db.query(con.cursor(), "fct_measure_series", measure_id="x")
    # a value with SQL in it is just a value
    s = db.query(con.cursor(), "fct_measure_series", measure_id="x' or 1=1 --", team="All")
    assert s.empty
