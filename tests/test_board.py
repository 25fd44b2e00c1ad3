"""The board summary: pure rules on small frames, then the demo month against the scorecard."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cib import board, db, demo_plan, plan_store, publication, reports
from cib.errors import CibError

MARCH = dt.date(2018, 3, 1)


def seed_demo_plan(path: Path) -> None:
    """Add the demo improvement plan to a demo database unless it already has one."""
    con = db.connect(path)
    try:
        with db.transaction(con) as cur:
            if plan_store.actions(cur).empty:
                upload_id = db.scalar(cur, "load_upload_demo")
                demo_plan.seed_plan(cur, upload_id)
    finally:
        con.close()


@pytest.fixture
def plan_db(demo_db: Path) -> Path:
    """A demo database with the demo improvement plan."""
    seed_demo_plan(demo_db)
    return demo_db


# --- Small frames: the rules ------------------------------------------------------------------


def card_row(measure_id: str, **kw: object) -> dict:
    row = {
        "measure_id": measure_id,
        "title": measure_id.replace("_", " ").title(),
        "short_title": measure_id.replace("_", " "),
        "area": "Area A",
        "unit": "%",
        "polarity": "up",
        "decimals": 1,
        "definition": "",
        "source": "",
        "value": 50.0,
        "numerator": 50.0,
        "denominator": 100.0,
        "previous_value": 45.0,
        "target": 40.0,
        "tolerance": 5.0,
        "target_kind": "local",
        "target_from": pd.Timestamp("2017-04-01"),
        "rag": "green",
        "direction": "better",
    }
    row.update(kw)
    row["change"] = (
        row["value"] - row["previous_value"]
        if row["value"] is not None and row["previous_value"] is not None
        else np.nan
    )
    row["previous_month"] = pd.Timestamp("2018-02-01")
    return row


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def spc_row(measure_id: str, variation: str, month: str = "2018-03-01") -> dict:
    return {
        "measure_id": measure_id,
        "variation": variation,
        "assurance": "none",
        "latest_month": pd.Timestamp(month),
    }


def plan_frame(rows: list[tuple[str, str, str, bool]]) -> pd.DataFrame:
    """action_id, status, due, overdue."""
    return pd.DataFrame(
        [
            {
                "action_id": a,
                "what": f"Action {a}",
                "who": "Head of Service",
                "due_date": pd.Timestamp(due),
                "status": status,
                "overdue": overdue,
                "attention": "Overdue" if overdue else status,
                "theme_id": "T1",
                "theme": "Theme one",
            }
            for a, status, due, overdue in rows
        ]
    )


def test_trend_uses_spc_icon_then_direction_of_travel():
    assert board.trend_of("improvement_high", "worse", "up") == (board.IMPROVING, board.BASIS_SPC)
    assert board.trend_of("concern_low", "better", "up") == (board.DETERIORATING, board.BASIS_SPC)
    assert board.trend_of("common_cause", "better", "down") == (board.NO_CHANGE, board.BASIS_SPC)
    # no SPC icon (too few points, or no SPC module): the change since last month decides
    assert board.trend_of(None, "worse", "down") == (board.DETERIORATING, board.BASIS_DIRECTION)
    assert board.trend_of("none", "better", "up") == (board.IMPROVING, board.BASIS_DIRECTION)
    assert board.trend_of(None, "same", "up") == (board.NO_CHANGE, board.BASIS_DIRECTION)
    # a measure with no better direction is never improving or deteriorating
    assert board.trend_of("neither_high", "higher", "neither") == (board.NOT_JUDGED, None)
    assert board.trend_of(None, None, "up") == (board.NOT_JUDGED, None)


def test_counts_exceptions_and_changes_from_small_frames():
    card = frame(
        card_row("a_on"),
        card_row("b_near", value=37.0, rag="amber", direction="worse", previous_value=41.0),
        card_row("c_off", value=20.0, numerator=6.0, denominator=30.0, rag="red",
                 direction="worse", previous_value=30.0),
        card_row("d_concern", value=42.0, rag="green", direction="same", previous_value=42.0),
        card_row("e_count", unit="count", polarity="neither", decimals=0, value=12.0,
                 numerator=None, denominator=None, previous_value=10.0, target=None,
                 tolerance=None, rag=None, direction="higher"),
    )  # fmt: skip
    previous = frame(
        card_row("a_on"),
        card_row("b_near", rag="green"),
        card_row("c_off", rag="red"),
        card_row("d_concern"),
        card_row("e_count", rag=None),
    )
    spc = pd.DataFrame(
        [
            spc_row("a_on", "improvement_high"),
            spc_row("d_concern", "concern_low"),
            spc_row("c_off", "improvement_high", month="2017-12-01"),  # stale: not this month
        ]
    )
    table = board.measure_table(card, MARCH, spc, previous)
    trends = dict(zip(table["measure_id"], table["trend"], strict=True))
    assert trends == {
        "a_on": board.IMPROVING,
        "b_near": board.DETERIORATING,  # no SPC: worse than last month
        "c_off": board.DETERIORATING,  # SPC icon is for Dec: direction of travel instead
        "d_concern": board.DETERIORATING,
        "e_count": board.NOT_JUDGED,
    }
    plan = plan_frame(
        [("1.1", "Complete", "2017-01-31", False), ("2.1", "At risk", "2018-01-31", True)]
    )
    s = board.summarise(table, month=MARCH, plan_frame=plan)
    assert (s.with_target, s.on_target, s.near_target, s.off_target) == (4, 2, 1, 1)
    assert (s.improving, s.deteriorating, s.no_change, s.not_judged) == (1, 3, 0, 1)
    assert s.judged_by_spc == 2
    kinds = list(zip(s.exceptions["kind"], s.exceptions["ref"], strict=True))
    assert kinds == [
        (board.OFF_TARGET, "c_off"),
        (board.SPC_CONCERN, "d_concern"),
        (board.OVERDUE_ACTION, "2.1"),
    ]
    off = s.exceptions.iloc[0]["detail"]
    assert off == "20.0% (6 of 30) against a target of 40.0%"
    assert list(s.rag_changes["measure_id"]) == ["b_near"]
    assert s.plan == {"actions": 2, "complete": 1, "overdue": 1, "at_risk": 1}

    text = board.sentences(s)
    assert text[0] == (
        "In Mar 2018, 2 of the 4 measures with a target were on target, 1 was near target and "
        "1 was off target."
    )
    assert text[1].startswith("Of 4 measures with a better direction, 1 is improving, 3 are ")
    assert "SPC for 2 with enough history, the change since Feb 2018 for the other 2" in text[1]
    assert "Off target: c off, 20.0% (6 of 30) against a target of 40.0%." in text
    assert any(t.startswith("Special-cause concern") and "d concern" in t for t in text)
    assert "Since Feb 2018, 1 measure moved to a worse status: b near (now near target)." in text
    assert "Compared with Feb 2018, 1 measure got better and 2 got worse." in text
    assert any(t.startswith("Improvement plan at ") and "1 of 2 actions complete, 1 overdue" in t
               for t in text)  # fmt: skip
    assert any(
        t.startswith("Overdue: 2.1 Action 2.1 (Head of Service, due 31 Jan 2018") for t in text
    )


def test_first_month_and_no_plan_say_so():
    card = frame(card_row("a", previous_value=None, direction=None))
    table = board.measure_table(card, MARCH, None, None)
    text = board.sentences(board.summarise(table, month=MARCH))
    assert "There are no figures for Feb 2018 to compare with, so no trend yet." in text
    assert not any(t.startswith("Compared with") for t in text)
    assert text[-1] == "No improvement plan has been loaded yet."


def test_new_concern_is_one_that_was_not_there_last_month():
    card = frame(card_row("a", direction="worse"), card_row("b", direction="worse"))
    spc_now = pd.DataFrame([spc_row("a", "concern_high"), spc_row("b", "concern_low")])
    spc_before = pd.DataFrame(
        [spc_row("a", "concern_high", "2018-02-01"), spc_row("b", "common_cause", "2018-02-01")]
    )
    table = board.measure_table(card, MARCH, spc_now, card)
    s = board.summarise(table, month=MARCH, spc_previous=spc_before)
    assert s.new_concerns == ["b"]


def test_publication_mode_hides_small_counts_and_what_is_built_on_them():
    card = frame(
        card_row("pct_small_num", numerator=3.0, denominator=52.0, value=100 * 3 / 52),
        card_row("pct_small_den", numerator=2.0, denominator=4.0, value=50.0),
        card_row("pct_five", numerator=5.0, denominator=143.0, value=100 * 5 / 143),
        card_row("count_four", unit="count", decimals=0, value=4.0, numerator=None,
                 denominator=None, previous_value=10.0, polarity="down", target=15.0),
        card_row("prev_small", numerator=30.0, denominator=60.0, value=50.0),
    )  # fmt: skip
    previous = frame(
        card_row("pct_small_num"),
        card_row("pct_small_den"),
        card_row("pct_five"),
        card_row("count_four", unit="count", value=10.0, numerator=None, denominator=None),
        card_row("prev_small", numerator=1.0, denominator=40.0),
    )
    table = board.measure_table(card, MARCH, None, previous, publication_mode=True)
    t = table.set_index("measure_id")
    assert list(t["suppressed"]) == [True, True, False, True, False]
    assert t.at["count_four", "value_text"] == publication.SYMBOL
    assert np.isnan(t.at["count_four", "value"])
    assert t.at["pct_small_num", "value_text"] == "c" and t.at["pct_small_num", "n_text"] == ""
    assert t.at["pct_five", "value_text"] == "3.5%" and t.at["pct_five", "n_text"] == "5 of 143"
    # last month's figure was built on 1 case: this month's change would give it away
    assert t.at["prev_small", "value_text"] == "50.0%"
    assert np.isnan(t.at["prev_small", "change"])
    assert t.at["prev_small", "change_text"] == "▲ better than Feb 2018"
    # the status word stays: it says off or on target, not how many
    assert t.at["count_four", "rag"] == "green"
    text = " ".join(board.sentences(board.summarise(table, month=MARCH, publication_mode=True)))
    assert publication.NOTE in text


def test_suppress_series_blanks_months_and_changes_next_to_them():
    series = pd.DataFrame(
        {
            "month": pd.date_range("2018-01-01", periods=4, freq="MS"),
            "value": [50.0, 25.0, 60.0, 55.0],
            "numerator": [10.0, 1.0, 12.0, 11.0],
            "denominator": [20.0, 4.0, 20.0, 20.0],
            "change": [np.nan, -25.0, 35.0, -5.0],
        }
    )
    out = publication.suppress_series(series, "%")
    assert list(out["suppressed"]) == [False, True, False, False]
    assert out["value"].isna().tolist() == [False, True, False, False]
    assert out["change"].isna().tolist() == [True, True, True, False]
    assert publication.is_small(4) and publication.is_small(0) and not publication.is_small(5)
    assert not publication.is_small(None) and not publication.is_small(float("nan"))


def test_parse_month():
    assert board.parse_month("2018-03") == MARCH
    with pytest.raises(CibError, match="YYYY-MM"):
        board.parse_month("March 2018")


# --- The demo month: same numbers as the scorecard ----------------------------------------------


def test_demo_month_matches_the_scorecard(plan_db):
    con = db.connect(plan_db)
    try:
        with con.cursor() as cur:
            inputs = board.gather(cur, MARCH)
            card = reports.scorecard(cur, MARCH)
    finally:
        con.close()
    b = board.build(inputs)
    t = b.table.set_index("measure_id")
    pd.testing.assert_series_equal(
        t["value"], card.set_index("measure_id")["value"], check_names=False
    )
    assert t["rag"].fillna("none").tolist() == card["rag"].fillna("none").tolist()
    assert t.at["assessments_within_45wd_pct", "value_text"] == "88.7%"
    assert t.at["assessments_within_45wd_pct", "n_text"] == "118 of 133"
    s = b.summary
    assert s.on_target == int((card["rag"] == "green").sum()) == 9
    assert (s.near_target, s.off_target, s.with_target) == (1, 4, 14)
    assert s.plan == {"actions": 35, "complete": 28, "overdue": 3, "at_risk": 4}
    assert inputs.plan_as_at == dt.date(2018, 3, 22)  # the March board's update
    assert inputs.plan_since == dt.date(2018, 2, 22)
    # SPC judged every measure with a better direction (36 months of history)
    assert s.judged_by_spc == 15 and s.improving + s.deteriorating + s.no_change == 15
    assert b.sentences[0] == (
        "In Mar 2018, 9 of the 14 measures with a target were on target, 1 was near target and "
        "4 were off target."
    )
    off = b.summary.exceptions
    assert list(off.loc[off["kind"] == board.OFF_TARGET, "ref"]) == [
        "icpc_within_15wd_pct",
        "cp_repeat_plans_pct",
        "audits_good_or_better_pct",
        "agency_sw_pct",
    ]
    assert (off["kind"] == board.OVERDUE_ACTION).sum() == 3
    # the series stop at the board month
    assert all(s["month"].max() <= pd.Timestamp(MARCH) for s in inputs.series.values())


def test_an_earlier_month_is_judged_as_at_that_month(plan_db):
    con = db.connect(plan_db)
    try:
        with con.cursor() as cur:
            b = board.build(board.gather(cur, dt.date(2016, 6, 1)))
    finally:
        con.close()
    assert b.inputs.plan_as_at == dt.date(2016, 6, 23)
    assert all(s["month"].max() == pd.Timestamp("2016-06-01") for s in b.inputs.series.values())
    assert "Special-cause concern" in " ".join(b.sentences)
    assert b.summary.plan["actions"] < 35  # the monitoring visit's actions came later


def test_summary_without_a_plan(plan_db):
    con = db.connect(plan_db)
    try:
        with con.cursor() as cur:
            inputs = board.gather(cur, MARCH)
    finally:
        con.close()
    b = board.build(dataclasses.replace(inputs, plan=None, plan_changes=None, plan_themes=None))
    assert b.summary.plan is None
    assert b.sentences[-1] == "No improvement plan has been loaded yet."
    assert not (b.summary.exceptions["kind"] == board.OVERDUE_ACTION).any()


def test_gather_on_a_database_with_no_plan_and_no_figures(db_path):
    con = db.connect(db_path)
    try:
        with con.cursor() as cur:
            b = board.build(board.gather(cur, MARCH))
    finally:
        con.close()
    assert b.inputs.plan is None
    assert b.summary.with_figure == 0
    assert b.sentences[0] == "In Mar 2018, no measure had a target in force."
    assert b.sentences[-1] == "No improvement plan has been loaded yet."
