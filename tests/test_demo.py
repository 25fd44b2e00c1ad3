import pandas as pd
import pytest

from cib import demo, measures, reports
from cib.config import ALL_TEAMS


@pytest.fixture(scope="module")
def obs() -> pd.DataFrame:
    return demo.observations()


def test_demo_is_deterministic(obs):
    pd.testing.assert_frame_equal(obs, demo.observations())


def test_every_measure_every_month(obs, con):
    whole = obs[obs["team"] == ALL_TEAMS]
    counts = whole.groupby("measure_id")["month"].nunique()
    assert (counts == 36).all()
    # the median is only computed from the demo's child-level records; every measure is shown
    cur = con.cursor()
    for m in measures.CATALOGUE:
        assert len(reports.measure_series(cur, m.measure_id)) == 36, m.measure_id
    assert whole["month"].min() == pd.Timestamp("2015-04-01")
    assert whole["month"].max() == pd.Timestamp("2018-03-01")
    assert (whole["month"].dt.day == 1).all()


def test_between_six_and_eight_teams(obs):
    teams = set(obs["team"]) - {ALL_TEAMS}
    assert 6 <= len(teams) <= 8


def test_whole_council_is_the_sum_of_the_teams(obs):
    counted = obs[obs["numerator"].notna() & (obs["measure_id"] != "caseload_avg")]
    teams = (
        counted[counted["team"] != ALL_TEAMS]
        .groupby(["measure_id", "month"])[["numerator", "denominator"]]
        .sum()
    )
    whole = counted[counted["team"] == ALL_TEAMS].set_index(["measure_id", "month"])[
        ["numerator", "denominator"]
    ]
    pd.testing.assert_frame_equal(teams.sort_index(), whole.sort_index(), check_dtype=False)


def test_percentages_agree_with_their_counts(obs):
    pct = obs[obs["measure_id"].str.endswith("_pct") & (obs["denominator"] > 0)]
    assert ((pct["value"] - 100 * pct["numerator"] / pct["denominator"]).abs() < 1e-9).all()
    assert pct["value"].between(0, 100).all()


def test_realistic_monthly_volumes(obs):
    whole = obs[obs["team"] == ALL_TEAMS].set_index("measure_id")
    completed = whole.loc["assessments_completed", "value"]
    assert 120 <= completed.mean() <= 200  # about 2,000 assessments a year
    audits = whole.loc["audits_good_or_better_pct", "denominator"]
    assert 25 <= audits.mean() <= 55  # about 40 audits a month


def test_dip_after_the_inspection_then_recovery(obs):
    s = obs[(obs["team"] == ALL_TEAMS) & (obs["measure_id"] == "assessments_within_45wd_pct")]
    s = s.set_index("month")["value"]
    before = s["2015-04":"2015-10"].mean()
    dip = s["2015-12":"2016-03"].mean()
    after = s["2017-04":"2018-03"].mean()
    assert dip < before - 5 and after > before + 5


def test_targets_step_up():
    t = demo.targets()
    t45 = t[t["measure_id"] == "assessments_within_45wd_pct"].sort_values("effective_from")
    assert t45["target"].is_monotonic_increasing and len(t45) >= 2
    assert set(t["kind"]) == {"local", "statutory"}


def test_seed_if_empty_only_seeds_once(db_path):
    from cib import db

    con = db.connect(db_path)
    assert demo.seed_if_empty(con) is True
    assert demo.seed_if_empty(con) is False
    with con.cursor() as cur:
        assert len(reports.months(cur)) == 36
    con.close()
