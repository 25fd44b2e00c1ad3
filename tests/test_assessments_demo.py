"""The demo's child-level records reproduce the demo's monthly figures (cib.demo_records)."""

from __future__ import annotations

import pandas as pd
import pytest

from cib import db, demo_records, reports
from cib.config import ALL_TEAMS


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, _demo_template):
    """A copy of the demo database with the records added (as demo.seed will do)."""
    import shutil

    path = tmp_path_factory.mktemp("demo_records") / "cib.duckdb"
    shutil.copyfile(_demo_template, path)
    con = db.connect(path)
    demo_records.seed_if_missing(con)
    yield con
    con.close()


def both(con, measure: str) -> pd.DataFrame:
    """Computed and uploaded (demo) figures side by side for one measure."""
    # test-only comparison of the two tables
    return (
        con.cursor()
        .execute(
            "select c.team, c.month, c.numerator, c.denominator, c.value, o.numerator as o_num, "
            "o.denominator as o_den, o.value as o_value from computed_observation as c "
            "inner join observation as o using (measure_id, month, team) where c.measure_id = ?",
            [measure],
        )
        .df()
    )


@pytest.mark.parametrize(
    "measure",
    ["assessments_within_45wd_pct", "assessments_within_20wd_pct", "audits_good_or_better_pct"],
)
def test_rates_reproduce_the_demo_exactly(seeded, measure):
    found = both(seeded, measure)
    assert len(found) >= 36 * 6  # every month, every team with figures, and 'All'
    assert (found["numerator"] == found["o_num"]).all()
    assert (found["denominator"] == found["o_den"]).all()
    assert (found["value"] - found["o_value"]).abs().max() < 1e-9


def test_completed_counts_reproduce_the_demo_and_every_team_month_is_there(seeded):
    found = both(seeded, "assessments_completed")
    assert (found["value"] == found["o_value"]).all()
    # test-only: team-months with completions in the demo
    demo_rows = (
        seeded.cursor()
        .execute(
            "select count(*) from observation "
            "where measure_id = 'assessments_completed' and value > 0"
        )
        .fetchone()[0]
    )
    assert len(found) == demo_rows


def test_the_board_sees_the_same_headline(seeded):
    series = reports.measure_series(seeded.cursor(), "assessments_within_45wd_pct")
    last = series.iloc[-1]
    assert (last["numerator"], last["denominator"]) == (118, 133)
    assert round(last["value"], 1) == 88.7 and last["source"] == "computed from records"
    assert (series["source"] == "computed from records").all() and len(series) == 36


def test_backlog_follows_the_demo_story(seeded):
    found = both(seeded, "open_assessments_over_45wd").sort_values("month")
    whole = found[found["team"] == ALL_TEAMS].set_index("month")["value"]
    demo = found[found["team"] == ALL_TEAMS].set_index("month")["o_value"]
    assert len(whole) == 36
    # equal wherever late completions allow it; never far off
    assert (whole == demo).mean() >= 0.7 and (whole - demo).abs().max() <= 10
    winter = whole["2015-11":"2016-06"].mean()
    assert winter > 2 * whole["2017-04":"2018-03"].mean()
    assert whole.idxmax() < pd.Timestamp("2016-07-01")


def test_inadequate_audits_follow_the_demo(seeded):
    found = both(seeded, "audits_inadequate_pct")
    whole = found[found["team"] == ALL_TEAMS]
    assert whole["value"].corr(whole["o_value"]) > 0.9
    assert (whole["value"] - whole["o_value"]).abs().mean() < 5


def test_volumes_open_records_and_holidays(seeded):
    cur = seeded.cursor()
    # test-only summary of the records
    per_year, open_now, over_christmas = cur.execute(
        "select count(*) filter (where authorised_date between '2016-04-01' and '2017-03-31'), "
        "count(*) filter (where authorised_date is null), "
        "count(*) filter (where start_date < '2016-12-26' and authorised_date > '2016-12-27') "
        "from assessment"
    ).fetchone()
    assert 1700 <= per_year <= 2300 and 100 <= open_now <= 400 and over_christmas > 50
    # test-only
    audits = cur.execute(
        "select count(*) / count(distinct date_trunc('month', audit_date)) from case_audit"
    ).fetchone()[0]
    assert 35 <= audits <= 45
    ids = cur.execute("select count(distinct child_id), count(*) from assessment").fetchone()
    assert ids[0] < ids[1]  # some children assessed twice


def test_records_are_deterministic_and_seeded_once(seeded):
    pd.testing.assert_frame_equal(
        demo_records.assessment_records(), demo_records.assessment_records()
    )
    pd.testing.assert_frame_equal(demo_records.audit_records(), demo_records.audit_records())
    assert demo_records.seed_if_missing(seeded) is False  # already there


def test_clear_records(db_path):
    con = db.connect(db_path)
    try:
        assert demo_records.seed_if_missing(con) is False  # no demo loaded: nothing to attach
        with db.transaction(con) as cur:
            demo_records.seed_records(cur, 1)
            assert cur.execute("select count(*) from computed_observation").fetchone()[0] > 0
            demo_records.clear_records(cur)
            assert cur.execute("select count(*) from computed_observation").fetchone()[0] == 0
            assert cur.execute("select count(*) from assessment").fetchone()[0] == 0
    finally:
        con.close()
