import datetime as dt

import pandas as pd
import pytest

from cib import measures


@pytest.mark.parametrize(
    ("value", "target", "tolerance", "polarity", "expected"),
    [
        (83.0, 83, 5, "up", "green"),  # exactly on target
        (82.96, 83, 5, "up", "green"),  # shown as 83.0%: judged as shown
        (82.94, 83, 5, "up", "amber"),  # shown as 82.9%
        (78.0, 83, 5, "up", "amber"),  # exactly at tolerance
        (77.9, 83, 5, "up", "red"),
        (90.0, 83, 5, "up", "green"),
        (22.0, 22, 5, "down", "green"),
        (20.0, 22, 5, "down", "green"),
        (27.0, 22, 5, "down", "amber"),
        (27.1, 22, 5, "down", "red"),
        (50.0, None, 5, "up", None),
        (None, 50, 5, "up", None),
        (50.0, 50, 5, "neither", None),
        (float("nan"), 50, 5, "up", None),
        (79.0, 83, None, "up", "red"),  # no tolerance: any shortfall is off target
    ],
)
def test_rag(value, target, tolerance, polarity, expected):
    assert measures.rag(value, target, tolerance, polarity, decimals=1) == expected


def test_rag_float_noise_is_not_a_miss():
    assert measures.rag(0.1 + 0.2, 0.3, 0, "up", decimals=3) == "green"


@pytest.mark.parametrize(
    ("current", "previous", "polarity", "expected"),
    [
        (80, 75, "up", "better"),
        (70, 75, "up", "worse"),
        (20, 25, "down", "better"),
        (30, 25, "down", "worse"),
        (75.04, 75.01, "up", "same"),  # both shown as 75.0
        (10, 8, "neither", "higher"),
        (8, 10, "neither", "lower"),
        (None, 10, "up", None),
    ],
)
def test_direction(current, previous, polarity, expected):
    assert measures.direction(current, previous, polarity, decimals=1) == expected


def test_rag_label_never_colour_alone():
    for status in ["green", "amber", "red", None]:
        label = measures.rag_label(status)
        assert label.split(" ", 1)[1] in {"On target", "Near target", "Off target", "No target"}
        assert label[0] in "✓!✗–"
    assert measures.rag_label(float("nan")) == "– No target"


def test_target_in_force_follows_the_trajectory():
    trajectory = pd.DataFrame(
        {
            "effective_from": pd.to_datetime(["2016-04-01", "2017-04-01"]),
            "target": [70.0, 83.0],
            "tolerance": [5.0, 5.0],
            "kind": ["local", "local"],
        }
    )
    assert measures.target_in_force(trajectory, dt.date(2016, 3, 1)) is None
    assert measures.target_in_force(trajectory, dt.date(2016, 4, 1))["target"] == 70
    assert measures.target_in_force(trajectory, dt.date(2017, 3, 1))["target"] == 70
    assert measures.target_in_force(trajectory, dt.date(2017, 4, 1))["target"] == 83
    assert measures.target_in_force(trajectory, dt.date(2030, 1, 1))["target"] == 83


def test_formatting():
    assert measures.format_value(78.44, "%", 1) == "78.4%"
    assert measures.format_value(1234, "count", 0) == "1,234"
    assert measures.format_value(None, "%", 1) == "–"
    assert measures.format_change(4.12, "%", 1) == "+4.1 pts"
    assert measures.format_change(-6, "count", 0) == "-6"
    text = measures.describe_change("better", 4.12, "%", 1, "Jul 2016")
    assert text == "▲ better than Jul 2016 (+4.1 pts)"


def test_catalogue_holds_every_domain_measure():
    ids = {m.measure_id for m in measures.CATALOGUE}
    assert ids == {
        "assessments_within_45wd_pct", "assessments_within_20wd_pct", "assessments_completed",
        "assessments_median_wd", "open_assessments_over_45wd", "rereferrals_12m_pct",
        "icpc_within_15wd_pct",
        "cp_reviews_in_timescale_pct", "cp_plans_2yrs_plus_pct", "cp_repeat_plans_pct",
        "cla_visits_in_timescale_pct", "audits_good_or_better_pct", "audits_inadequate_pct",
        "caseload_avg", "agency_sw_pct", "vacancy_rate_pct",
    }  # fmt: skip
    for m in measures.CATALOGUE:
        assert m.area in measures.AREAS
        assert m.polarity in {"up", "down", "neither"}
        assert m.definition and m.source


@pytest.mark.parametrize("polarity", ["up", "down", "neither"])
def test_rag_many_agrees_with_rag(polarity):
    import numpy as np

    rng = np.random.default_rng(3)
    values = pd.Series(rng.uniform(60, 100, 400).round(3))
    values[::17] = np.nan
    targets = pd.Series(rng.choice([70.0, 80.0, 83.0, np.nan], 400))
    tolerances = pd.Series(rng.choice([5.0, 2.0, np.nan], 400))
    many = measures.rag_many(values, targets, tolerances, polarity, 1)
    one = [
        measures.rag(v, t, tol, polarity, 1)
        for v, t, tol in zip(values, targets, tolerances, strict=True)
    ]
    assert list(many) == one
