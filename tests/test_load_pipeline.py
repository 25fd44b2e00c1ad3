"""Loading, previewing and undoing through the one pipeline, on a real DuckDB file."""

import datetime as dt

import pytest

from cib import db, ingest
from cib.errors import CibError
from cib.ingest import pipeline
from tests.conftest import ROOT
from tests.test_load_faulty_files import snapshot

VALID = ROOT / "tests" / "files" / "valid"
AUG = dt.date(2016, 8, 1)


def load(con, text: str | bytes, name: str = "extract.csv", kind: str = "measures", **kw):
    data = text.encode() if isinstance(text, str) else text
    return ingest.load_file(con, data, name, kind, kw.pop("user", "tester"), **kw)


def figures(con, month=AUG, measure=None):
    sql = (
        "select measure_id, team, numerator, denominator, value, symbol, upload_id "
        "from observation where month = ? order by all"
    )
    rows = con.execute(sql, [month]).fetchall()
    return [r for r in rows if measure is None or r[0] == measure]


def data_tables(path):
    """Every table but the upload log and the undo bookkeeping."""
    skip = {"upload", "upload_undo", "upload_replaced_observation", "upload_replaced_target"}
    return {t: rows for t, rows in snapshot(path).items() if t not in skip}


@pytest.fixture
def empty(db_path):
    con = db.connect(db_path)
    yield con
    con.close()


def test_messy_windows_1252_semicolon_file_loads(empty):
    data = (VALID / "measures_windows1252_semicolon.csv").read_bytes()
    result = load(empty, data, "messy.csv")
    assert (result.added, result.replaced, result.unchanged) == (5, 0, 0)
    got = {(r[0], r[1]): r[2:6] for r in figures(empty)}
    assert got[("assessments_within_45wd_pct", "All")] == (1234, 1480, 83.4, None)
    assert got[("assessments_within_45wd_pct", "Équipe Nord")] == (100, 125, 80, None)
    assert got[("rereferrals_12m_pct", "All")] == (None, None, None, "c")
    assert got[("caseload_avg", "All")] == (None, None, 19.5, None)
    assert got[("assessments_completed", "All")] == (None, None, 1480, None)


def test_utf8_bom_file_loads_and_works_out_values(empty):
    result = load(empty, (VALID / "measures_utf8_bom.csv").read_bytes(), "bom.csv")
    assert result.added == 4
    sep = figures(empty, dt.date(2016, 9, 1))
    assert ("agency_sw_pct", "Assessment Team 1", 3, 12, 25.0, None) in [r[:6] for r in sep]
    assert ("cp_repeat_plans_pct", "All", None, None, None, "x") in [r[:6] for r in sep]
    assert figures(empty)[0][:5] == ("assessments_within_45wd_pct", "MASH", 20, 24, 83.3)


def test_workbook_percent_cells_load_on_the_0_100_scale(empty):
    result = load(empty, (VALID / "measures_workbook.xlsx").read_bytes(), "book.xlsx")
    assert result.added == 2
    oct_ = {r[0]: r for r in figures(empty, dt.date(2016, 10, 1))}
    assert oct_["assessments_within_45wd_pct"][4] == pytest.approx(100 * 140 / 170)
    assert oct_["caseload_avg"][1:5] == ("All", None, None, 18.25)


def test_targets_from_a_named_sheet(empty):
    data = (VALID / "targets_two_sheets.xlsx").read_bytes()
    result = load(empty, data, "targets.xlsx", kind="targets", sheet="Targets")
    assert result.added == 2
    rows = empty.execute(
        "select measure_id, effective_from, target, tolerance, kind from target order by all"
    ).fetchall()
    assert rows == [
        ("assessments_within_45wd_pct", dt.date(2016, 4, 1), 75.0, None, "local"),
        ("cp_reviews_in_timescale_pct", dt.date(2015, 4, 1), 95.0, 5.0, "statutory"),
    ]


def test_kind_is_detected_from_the_headers(empty):
    text = "Measure ID,Effective From,Target\nassessments_within_45wd_pct,Apr-16,75\n"
    result = load(empty, text, kind="auto")
    assert result.kind == "targets" and result.added == 1


def test_blank_and_all_are_the_same_whole_council_team(empty):
    load(empty, "measure_id,month,team,value\ncaseload_avg,2016-08,,19\n", "a.csv")
    result = load(empty, "measure_id,month,team,value\ncaseload_avg,2016-08,ALL,20\n", "b.csv")
    assert (result.added, result.replaced) == (0, 1)
    assert [r[:5] for r in figures(empty)] == [("caseload_avg", "All", None, None, 20.0)]


def test_preview_and_load_count_added_replaced_unchanged(con):
    before = {r[1]: r for r in figures(con, measure="assessments_within_45wd_pct")}
    mash = before["MASH"] if "MASH" in before else None
    assert mash is None  # MASH does not assess in the demo: its row is new
    all_ = before["All"]
    t1 = before["Assessment Team 1"]
    text = (
        "measure_id,month,team,numerator,denominator,value\n"
        f"assessments_within_45wd_pct,2016-08,All,{all_[2]:.0f},{all_[3]:.0f},\n"  # unchanged
        f"assessments_within_45wd_pct,2016-08,Assessment Team 1,{t1[3]:.0f},{t1[3]:.0f},\n"
        "assessments_within_45wd_pct,2016-08,MASH,5,10,\n"
    )
    checked = ingest.check(con, text.encode(), "x.csv", "measures", user_name="t")
    p = checked.preview
    assert (p.added, p.replaced, p.unchanged) == (1, 1, 1)
    assert p.changes[["action", "team"]].values.tolist() == [
        ["replace", "Assessment Team 1"],
        ["add", "MASH"],
    ]
    assert p.changes.iloc[0]["old_value"] == pytest.approx(t1[4])
    assert p.changes.iloc[0]["new_value"] == 100.0
    result = ingest.load(con, checked, "t")
    assert (result.added, result.replaced, result.unchanged) == (1, 1, 1)
    log = con.execute(
        "select kind, file_name, sha256, user_name, status, rows_added, rows_replaced, "
        "rows_unchanged from upload where upload_id = ?",
        [result.upload_id],
    ).fetchone()
    assert log == ("measures", "x.csv", checked.sha256, "t", "loaded", 1, 1, 1)
    after = {r[1]: r for r in figures(con, measure="assessments_within_45wd_pct")}
    assert after["All"] == all_  # the unchanged row keeps its first upload
    assert after["Assessment Team 1"][4:] == (100.0, None, result.upload_id)


def test_same_file_again_is_already_loaded_and_changes_nothing(con, demo_db):
    text = "measure_id,month,team,value\ncaseload_avg,2018-04,All,17\n"
    first = load(con, text, "a.csv")
    before = snapshot(demo_db)
    again = load(con, text, "renamed copy.csv", user="someone else")
    assert again.already is not None and again.already.upload_id == first.upload_id
    assert again.summary().startswith(
        f"already loaded: renamed copy.csv is upload {first.upload_id}"
    )
    assert snapshot(demo_db) == before
    # the same bytes as another kind are not "the same upload" (and here fail as targets)
    with pytest.raises(ingest.UploadRejected):
        load(con, text, "a.csv", kind="targets")


def test_a_file_loads_again_after_its_undo(con):
    text = "measure_id,month,team,value\ncaseload_avg,2018-04,All,17\n"
    first = load(con, text)
    ingest.undo(con, first.upload_id, "t")
    second = load(con, text)
    assert second.already is None and second.upload_id != first.upload_id


def test_undo_restores_exactly_what_a_load_replaced(con, demo_db):
    before = data_tables(demo_db)
    old = figures(con, measure="caseload_avg")
    lines = ["measure_id,month,team,numerator,denominator,value"]
    lines += [f"caseload_avg,2016-08,{r[1]},,,{(r[4] or 0) + 1}" for r in old]  # replace all
    lines += ["caseload_avg,2018-04,All,,,15", "caseload_avg,2016-08,New team,,,9"]  # add
    lines += ["rereferrals_12m_pct,2016-08,All,,,c"]  # a figure becomes suppressed
    result = load(con, "\n".join(lines))
    assert result.added == 2 and result.replaced == len(old) + 1
    assert data_tables(demo_db) != before

    undone = ingest.undo(con, result.upload_id, "Undoer")
    assert undone.summary().startswith(f"undid upload {result.upload_id}")
    assert data_tables(demo_db) == before
    status = con.execute(
        "select u.status, d.undone_by from upload as u join upload_undo as d using (upload_id) "
        "where upload_id = ?",
        [result.upload_id],
    ).fetchone()
    assert status == ("undone", "Undoer")


def test_undo_waits_for_later_loads_that_touched_the_same_rows(con, demo_db):
    original = data_tables(demo_db)
    a = load(con, "measure_id,month,team,value\ncaseload_avg,2016-08,All,30\n", "a.csv")
    b = load(con, "measure_id,month,team,value\ncaseload_avg,2016-08,All,31\n", "b.csv")
    # a later load that only re-supplies the same figure also holds the row
    c = load(con, "measure_id,month,team,value\ncaseload_avg,2016-08,All,31\r\n", "c.csv")
    assert (c.added, c.replaced, c.unchanged) == (0, 0, 1)
    with pytest.raises(CibError, match=f"later upload {b.upload_id} changed"):
        ingest.undo(con, a.upload_id, "t")
    with pytest.raises(CibError, match=f"Undo {c.upload_id} first"):
        ingest.undo(con, b.upload_id, "t")
    ingest.undo(con, c.upload_id, "t")
    ingest.undo(con, b.upload_id, "t")
    assert figures(con, measure="caseload_avg")[0][4] == 30  # a's figure is back
    ingest.undo(con, a.upload_id, "t")
    assert data_tables(demo_db) == original


def test_unrelated_later_loads_do_not_block_an_undo(con):
    a = load(con, "measure_id,month,team,value\ncaseload_avg,2018-04,All,17\n", "a.csv")
    load(con, "measure_id,month,team,value\ncaseload_avg,2018-05,All,16\n", "b.csv")
    ingest.undo(con, a.upload_id, "t")
    assert figures(con, dt.date(2018, 4, 1)) == []
    assert len(figures(con, dt.date(2018, 5, 1))) == 1


def test_targets_undo_restores_the_trajectory(con, demo_db):
    before = data_tables(demo_db)
    text = (
        "measure_id,effective_from,target,tolerance,kind\n"
        "assessments_within_45wd_pct,01/04/2016,77,3,local\n"  # replaces 75
        "assessments_within_45wd_pct,01/04/2018,85,,local\n"  # new step
    )
    result = load(con, text, kind="targets")
    assert (result.added, result.replaced) == (1, 1)
    ingest.undo(con, result.upload_id, "t")
    assert data_tables(demo_db) == before


def test_what_cannot_be_undone_says_why(con):
    with pytest.raises(CibError, match="there is no upload 999"):
        ingest.undo(con, 999, "t")
    with pytest.raises(CibError, match="is demo data, which cannot be undone"):
        ingest.undo(con, 1, "t")
    a = load(con, "measure_id,month,team,value\ncaseload_avg,2018-04,All,17\n")
    ingest.undo(con, a.upload_id, "t")
    with pytest.raises(CibError, match="is undone: there is nothing to undo"):
        ingest.undo(con, a.upload_id, "t")


def test_a_failing_data_check_rolls_the_whole_load_back(con, demo_db):
    # A figure already out of range makes chk_data_observation_pct_range fail after any load.
    con.execute(
        "update observation set value = 140 where measure_id = 'agency_sw_pct' "
        "and month = '2015-04-01' and team = 'All'"
    )
    before = data_tables(demo_db)
    with pytest.raises(ingest.UploadRejected) as caught:
        load(con, "measure_id,month,team,value\ncaseload_avg,2018-04,All,17\n", "ok.csv")
    assert "would break the data check chk_data_observation_pct_range" in str(caught.value)
    assert data_tables(demo_db) == before
    last = con.execute("select status from upload order by upload_id desc limit 1").fetchone()
    assert last == ("refused",)


def test_month_in_the_future_depends_on_today(empty):
    text = b"measure_id,month,team,value\ncaseload_avg,2016-09,All,17\n"
    with pytest.raises(ingest.UploadRejected, match="is in the future"):
        ingest.check(empty, text, "f.csv", "measures", today=dt.date(2016, 8, 31))
    checked = ingest.check(empty, text, "f.csv", "measures", today=dt.date(2016, 9, 1))
    assert checked.preview.added == 1


def test_every_problem_is_counted_and_the_first_50_rows_at_fault_shown(empty):
    lines = ["measure_id,month,team,value"]
    lines += [f"nope_{i},2016-13,All,7" for i in range(30)]  # two problems a row
    lines += ["caseload_avg,2016-08,All,7"]  # a good row between
    lines += [f"caseload_avg,2016-{i:02d},All,x{i}" for i in range(1, 13)] * 3  # one a row
    with pytest.raises(ingest.UploadRejected) as caught:
        ingest.check(empty, "\n".join(lines).encode(), "big.csv", "measures")
    err = caught.value
    # rows 2-31: two problems each; row 32 good; rows 33-68 not numbers, and the later two of
    # each month's three rows repeat a key (Aug's first too: row 32 has it)
    assert err.total == 30 * 2 + 36 + 24 + 1
    rows = [int(s.split(", row ")[1].split(",")[0].split(" ")[0]) for s in err.sentences]
    assert len(set(rows)) == 50  # every problem of the first 50 rows at fault
    assert rows == sorted(rows) and rows[0] == 2 and 32 not in rows and rows[-1] == 52
    assert len(err.sentences) == 30 * 2 + (12 + 1) + 8 * 2
    text = str(err)
    assert text.splitlines()[0] == (
        "big.csv was not loaded: 121 problems found. Nothing was changed."
    )
    assert text.splitlines()[-1] == (
        "Showing 89 of 121 problems: those in the first 50 rows at fault."
    )
    # in file order: row 2's problems (measure_id, then month) come first
    assert err.sentences[0].startswith('big.csv, row 2, column "measure_id": "nope_0" is not')
    assert err.sentences[1].startswith('big.csv, row 2, column "month": "2016-13" is not a real')


def test_unknown_kind_is_an_error_naming_the_kinds(empty):
    with pytest.raises(CibError, match='"measure" is not a kind of upload .*measures, targets'):
        ingest.check(empty, b"a\n1\n", "f.csv", "measure")


def test_loads_are_logged_with_who_and_when(con):
    result = load(con, "measure_id,month,team,value\ncaseload_avg,2018-04,All,17\n", user="Bo")
    history = pipeline.history(con)
    row = history[history["upload_id"] == result.upload_id].iloc[0]
    assert (row["user_name"], row["kind"], row["status"]) == ("Bo", "measures", "loaded")
    assert abs(row["loaded_at"] - dt.datetime.now()) < dt.timedelta(minutes=5)
    assert row["message"] == "CSV, UTF-8, comma-separated; 1 rows"
