"""SPC rebases kept in DuckDB (cib.spc_store) and the cached data layer over them (cib.data.spc)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from cib import audit, auth, db, spc_store
from cib.data import spc as spc_data
from cib.errors import CibError


@pytest.fixture
def cur(db_path):
    con = db.connect(db_path)
    with con.cursor() as cursor:
        yield cursor
    con.close()


def test_add_list_and_remove_a_rebase(cur):
    assert spc_store.rebases(cur, "caseload_avg").empty
    first = spc_store.add_rebase(cur, "caseload_avg", "2016-04-17", "  new practice model  ")
    assert first == dt.date(2016, 4, 1)
    spc_store.add_rebase(cur, "caseload_avg", pd.Timestamp("2017-01-01"), "restructure")
    spc_store.add_rebase(cur, "agency_sw_pct", dt.date(2016, 9, 1), "pay uplift")
    found = spc_store.rebases(cur, "caseload_avg")
    assert list(found["month"]) == [pd.Timestamp("2016-04-01"), pd.Timestamp("2017-01-01")]
    assert list(found["reason"]) == ["new practice model", "restructure"]
    assert found["created_at"].notna().all()
    assert len(spc_store.all_rebases(cur)) == 3
    spc_store.remove_rebase(cur, "caseload_avg", "2016-04-30")  # any day of the month
    assert list(spc_store.rebases(cur, "caseload_avg")["month"]) == [pd.Timestamp("2017-01-01")]
    spc_store.remove_rebase(cur, "caseload_avg", "2010-01-01")  # none there: no error
    assert len(spc_store.all_rebases(cur)) == 2


def test_adding_the_same_month_again_replaces_the_reason(cur):
    spc_store.add_rebase(cur, "caseload_avg", "2016-04-01", "first reason")
    spc_store.add_rebase(cur, "caseload_avg", "2016-04-09", "better reason")
    found = spc_store.rebases(cur, "caseload_avg")
    assert list(found["reason"]) == ["better reason"]


@pytest.mark.parametrize(
    ("measure_id", "month", "reason", "words"),
    [
        ("caseload_avg", "2016-04-01", "  ", "reason"),
        ("", "2016-04-01", "why", "measure"),
        ("caseload_avg", "not a month", "why", "not a month"),
        ("caseload_avg", None, "why", "month"),
    ],
)
def test_bad_rebases_are_refused_in_words_and_nothing_is_stored(
    cur, measure_id, month, reason, words
):
    with pytest.raises(CibError, match=words):
        spc_store.add_rebase(cur, measure_id, month, reason)
    assert spc_store.all_rebases(cur).empty


def test_the_rebase_table_survives_a_second_migration(db_path):
    con = db.connect(db_path)
    with db.transaction(con) as cur:
        spc_store.add_rebase(cur, "caseload_avg", "2016-04-01", "kept")
    con.close()
    con = db.connect(db_path)  # migrate runs every ddl again
    with con.cursor() as cur:
        assert list(spc_store.rebases(cur, "caseload_avg")["reason"]) == ["kept"]
    con.close()


def test_data_layer_rebase_changes_the_cached_result(demo_db):
    before = spc_data.result("assessments_within_45wd_pct")
    assert len(before.segments) == 1 and before.n == 36
    spc_data.add_rebase("assessments_within_45wd_pct", dt.date(2016, 4, 1), "new practice model")
    after = spc_data.result("assessments_within_45wd_pct")
    assert len(after.segments) == 2
    assert list(spc_data.rebases("assessments_within_45wd_pct")["reason"]) == ["new practice model"]
    spc_data.remove_rebase("assessments_within_45wd_pct", dt.date(2016, 4, 1))
    assert len(spc_data.result("assessments_within_45wd_pct").segments) == 1


def test_data_layer_summary_has_every_measure(demo_db):
    summary = spc_data.summary()
    assert len(summary) == 16
    assert summary["variation"].notna().all() and summary["assurance"].notna().all()
    earlier = spc_data.summary(up_to=dt.date(2016, 6, 1))
    assert (earlier["latest_month"] <= pd.Timestamp("2016-06-01")).all()


def test_rebases_are_audited_with_who_and_what(demo_db):
    spc_data.add_rebase("caseload_avg", dt.date(2016, 10, 1), "new caseload policy")
    spc_data.remove_rebase("caseload_avg", dt.date(2016, 10, 1))
    con = db.connect(demo_db)
    with con.cursor() as cur:
        trail = audit.trail(cur)
    con.close()
    mine = trail[trail["action"].isin([spc_data.REBASE_ADDED, spc_data.REBASE_REMOVED])]
    assert list(mine["detail"]) == [
        "caseload_avg from 2016-10",
        "caseload_avg from 2016-10: new caseload policy",
    ]  # newest first


def test_a_viewer_may_not_rebase(demo_db, monkeypatch):
    viewer = auth.User(name="Val Viewer", role="viewer", source="password", username="val")
    monkeypatch.setattr(auth, "current_user", lambda: viewer)
    assert not spc_data.can_rebase()
    with pytest.raises(auth.Forbidden, match="analyst"):
        spc_data.add_rebase("caseload_avg", dt.date(2016, 10, 1), "no right to")
    assert spc_data.rebases("caseload_avg").empty
