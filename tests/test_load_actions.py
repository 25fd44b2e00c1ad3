"""Kind `actions`: an action tracker (CSV or XLSX) through the upload pipeline.

A good tracker loads new actions, updates and success-measure links; unknown measure ids,
unknown status words and due dates that do not parse are refused with exact messages naming
the row as Excel shows it and the column as written, and change no data; the preview says
what each row adds or changes; undo restores exactly, after any later load of the same action.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from cib import cli, db, ingest, plan_store
from cib.errors import CibError
from tests.conftest import ROOT
from tests.test_load_faulty_files import assert_only_a_refusal_was_logged, snapshot

TEMPLATE = ROOT / "data" / "templates" / "actions.csv"
BOOKKEEPING = {"upload", "upload_undo"}
HEADER = "Action id,Recommendation id,What,Who,How,When,Success measures,Current status,"
HEADER += "Update date,Update"
NEW_ACTION = (
    "9.1,R1,Run an assessment surgery each week,Head of Service; Assessment,"
    "Drop-in for team managers,30/06/2018,assessments_within_45wd_pct; "
    "open_assessments_over_45wd,{status},{date},{text}"
)


def tracker(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows, ""]).encode("utf-8")


def new_action(status: str = "On track", date: str = "26/04/2018", text: str = "Begun") -> str:
    return NEW_ACTION.format(status=status, date=date, text=text)


def data_tables(path) -> dict:
    return {t: rows for t, rows in snapshot(path).items() if t not in BOOKKEEPING}


def load(con: db.Connection, data: bytes, name: str = "tracker.csv") -> ingest.LoadResult:
    return ingest.load_file(con, data, name, "actions", "tester")


def refusal(demo_db, capsys, data: bytes, name: str = "tracker.csv") -> str:
    """The CLI's stderr for a refused tracker, after checking no data changed."""
    path = demo_db.parent / name
    path.write_bytes(data)
    before = snapshot(demo_db)
    code = cli.main(["load", "actions", str(path), "--db", str(demo_db), "--user", "t"])
    out = capsys.readouterr()
    assert (code, out.out) == (1, "")
    assert_only_a_refusal_was_logged(before, snapshot(demo_db), name)
    return out.err


def demo_row(con: db.Connection, action_id: str, **change: str) -> str:
    """A tracker row for a demo action's latest update, exactly as held (unless changed)."""
    a = con.execute(
        "select recommendation_id, what, who, how, due_date, measure_ids from plan_action_now "
        "where action_id = $a",
        {"a": action_id},
    ).fetchone()
    u = con.execute(
        "select update_date, status, update_text from plan_update_now where action_id = $a "
        "order by update_date desc limit 1",
        {"a": action_id},
    ).fetchone()
    cells = {
        "action_id": action_id,
        "recommendation_id": a[0],
        "what": a[1],
        "who": a[2],
        "how": a[3] or "",
        "due": f"{a[4]:%d/%m/%Y}",
        "measures": a[5].replace(",", "; "),
        "status": u[1],
        "date": f"{u[0]:%d/%m/%Y}",
        "text": u[2] or "",
    } | change
    return ",".join(f'"{v}"' for v in cells.values())


# --- good trackers -----------------------------------------------------------------------------


def test_a_good_tracker_loads_actions_updates_and_measure_links(demo_db, capsys):
    path = demo_db.parent / "tracker.csv"
    path.write_bytes(
        tracker(new_action(), new_action("At risk", "24/05/2018", "Two surgeries cancelled"))
    )
    code = cli.main(["load", "actions", str(path), "--db", str(demo_db), "--user", "Ann"])
    out = capsys.readouterr()
    assert (code, out.err) == (0, "")
    assert out.out == "loaded tracker.csv as upload 2 (actions): 2 added, 0 replaced, 0 unchanged\n"
    con = db.connect(demo_db)
    try:
        action = con.execute(
            "select recommendation_id, who, due_date, measure_ids, upload_id from "
            "plan_action_now where action_id = '9.1'"
        ).fetchone()
        updates = con.execute(
            "select update_date, status, update_text from plan_update_now "
            "where action_id = '9.1' order by update_date"
        ).fetchall()
        log = con.execute("select kind, user_name, rows_added from upload where upload_id = 2")
        log = log.fetchone()
    finally:
        con.close()
    assert action == (
        "R1",
        "Head of Service; Assessment",
        dt.date(2018, 6, 30),
        "assessments_within_45wd_pct,open_assessments_over_45wd",
        2,
    )
    assert updates == [
        (dt.date(2018, 4, 26), "On track", "Begun"),
        (dt.date(2018, 5, 24), "At risk", "Two surgeries cancelled"),
    ]
    assert log == ("actions", "Ann", 2)


def test_a_workbook_tracker_with_date_cells_loads_from_its_tracker_sheet(con):
    book = openpyxl.Workbook()
    book.active.title = "Cover"
    book.active.append(["Improvement plan, April 2018"])
    sheet = book.create_sheet("Action Tracker v17")
    sheet.append(
        [
            "NOS",
            "Recommendation",
            "What?",
            "Who?",
            "How?",
            "When?",
            "Success measures",
            "Current Status",
            "Update date",
            "Outcome (Q1)",
            "RAG",
        ]
    )
    sheet.append(
        [
            "9.1",
            "R1",
            "Run an assessment surgery",
            "Head of Service",
            None,
            dt.datetime(2018, 6, 30),
            "assessments_within_45wd_pct",
            "ON TRACK",
            dt.datetime(2018, 4, 26),
            "Begun",
            "G",
        ]
    )
    sheet.append([None] * 11)
    sheet.append(
        [
            9.2,
            "R1",
            "Audit ten assessments",
            "Principal Social Worker",
            "Monthly",
            "Jul 2018",
            None,
            "Not started",
            dt.datetime(2018, 4, 26),
            None,
            "A",
        ]
    )
    out = io.BytesIO()
    book.save(out)
    result = load(con, out.getvalue(), "tracker.xlsx")
    assert (result.added, result.replaced, result.unchanged) == (2, 0, 0)
    cur = con.cursor()
    actions = plan_store.actions(cur).set_index("action_id")
    assert actions.loc["9.1", "due_date"] == pd.Timestamp(2018, 6, 30)
    assert actions.loc["9.2", "due_date"] == pd.Timestamp(2018, 7, 31)  # a month: its end
    assert actions.loc["9.2", "how"] == "Monthly"
    updates = plan_store.updates(cur).set_index("action_id")
    assert updates.loc["9.1", "status"] == "On track"
    assert updates.loc["9.2", "status"] == "Not started"


def test_the_template_loads_as_it_is_on_an_empty_database(db_path):
    con = db.connect(db_path)
    try:
        result = load(con, TEMPLATE.read_bytes(), "actions.csv")
        cur = con.cursor()
        themes = plan_store.themes(cur)
        recommendation = plan_store.recommendations(cur).iloc[0]
        actions = plan_store.actions(cur)
    finally:
        con.close()
    assert (result.added, result.replaced, result.unchanged) == (3, 0, 0)
    assert themes.values.tolist() == [["T1", "Quality assurance and audit"]]
    assert (recommendation["recommendation_id"], recommendation["source"]) == (
        "R9",
        "Monitoring visit",
    )
    assert actions["action_id"].tolist() == ["9.1", "9.2"]


def test_a_new_recommendation_without_a_source_is_an_inspection_one(con):
    header = HEADER + ",Theme,Recommendation text,Source"
    row = new_action().replace("9.1,R1,", "9.1,R9,") + ",Leadership,Leaders know the front door.,"
    result = load(con, tracker(row, header=header))
    assert result.added == 1
    recs = plan_store.recommendations(con.cursor()).set_index("recommendation_id")
    assert recs.loc["R9", "source"] == "Inspection"
    assert (recs.loc["R9", "theme_id"], recs.loc["R9", "theme"]) == ("T5", "Leadership")


# --- refused trackers: exact messages, nothing changed ---------------------------------------


def test_an_unknown_measure_id_is_named_with_row_and_column(demo_db, capsys):
    data = tracker(
        new_action(),
        new_action(date="24/05/2018").replace(
            "assessments_within_45wd_pct; open_assessments_over_45wd",
            "assessments_within_45wd_pct; staff_morale",
        ),
        new_action(date="28/06/2018").replace("45wd_pct;", "45wd_pc;"),
    )
    assert refusal(demo_db, capsys, data) == (
        "error: tracker.csv was not loaded: 2 problems found. Nothing was changed.\n"
        'tracker.csv, row 3, column "Success measures": "assessments_within_45wd_pct; '
        'staff_morale" holds "staff_morale", which is not a measure id.\n'
        'tracker.csv, row 4, column "Success measures": "assessments_within_45wd_pc; '
        'open_assessments_over_45wd" holds "assessments_within_45wd_pc", which is not a measure '
        'id (did you mean "assessments_within_45wd_pct"?).\n'
    )


def test_an_unknown_status_word_is_named_with_row_and_column(demo_db, capsys):
    data = tracker(new_action("Amber"), new_action("COMPLETED", "24/05/2018"))
    assert refusal(demo_db, capsys, data) == (
        "error: tracker.csv was not loaded: 1 problem found. Nothing was changed.\n"
        'tracker.csv, row 2, column "Current status": "Amber" is not a status (use Not started, '
        "On track, At risk, Off track or Complete).\n"
    )


def test_a_due_date_that_does_not_parse_is_named_with_row_and_column(demo_db, capsys):
    rows = [new_action(), new_action(date="24/05/2018"), new_action(date="28/06/2018")]
    rows[0] = rows[0].replace("30/06/2018", "31/06/2018")
    rows[2] = rows[2].replace("30/06/2018", "end of June")
    data = tracker(rows[0], "", rows[1], rows[2])  # a blank line: the rows after it are 4 and 5
    assert refusal(demo_db, capsys, data) == (
        "error: tracker.csv was not loaded: 2 problems found. Nothing was changed.\n"
        'tracker.csv, row 2, column "When": "31/06/2018" is not a date (expected dd/mm/yyyy, '
        'yyyy-mm-dd, or a month such as "Mar 2016").\n'
        'tracker.csv, row 5, column "When": "end of June" is not a date (expected dd/mm/yyyy, '
        'yyyy-mm-dd, or a month such as "Mar 2016").\n'
    )


def test_problems_across_rows_and_blank_cells(demo_db, capsys):
    data = tracker(
        new_action(),
        new_action(text="Again"),
        new_action(date="24/05/2018").replace("9.1,R1,", "9.1,R2,"),
        new_action(date="24/05/2018").replace(
            "9.1,R1,Run an assessment surgery each week", "9.5,R77,"
        ),
    )
    assert refusal(demo_db, capsys, data) == (
        "error: tracker.csv was not loaded: 4 problems found. Nothing was changed.\n"
        'tracker.csv, row 3, column "Update date": "26/04/2018" repeats row 2: action "9.1" has '
        "an update dated 26/04/2018 there (expected one update per action and date).\n"
        'tracker.csv, row 4, column "Recommendation id": "R2" differs from row 2, where action '
        '"9.1" is under recommendation "R1" (expected one recommendation per action).\n'
        'tracker.csv, row 5, column "Recommendation id": "R77" is not a recommendation in the '
        'plan; add a "Recommendation text" column to create it.\n'
        'tracker.csv, row 5, column "What" is blank.\n'
    )


def test_a_new_recommendation_needs_a_theme(demo_db, capsys):
    header = HEADER + ",Recommendation text"
    row = new_action().replace("9.1,R1,", "9.1,R9,") + ",Leaders know the front door."
    assert refusal(demo_db, capsys, tracker(row, header=header)) == (
        "error: tracker.csv was not loaded: 1 problem found. Nothing was changed.\n"
        'tracker.csv, row 2, column "Recommendation text": "Leaders know the front door." needs '
        'a theme (expected a "Theme" column: a new or reworded recommendation belongs to a '
        "theme).\n"
    )


def test_a_tracker_without_update_dates_is_told_the_columns(demo_db, capsys):
    data = (
        "NOS,What?,Who?,How?,When?,Success measures,Current Status\n9.1,x,y,z,Jun 2018,,On track\n"
    )
    err = refusal(demo_db, capsys, data.encode())
    assert err == (
        "error: tracker.csv was not loaded: 2 problems found. Nothing was changed.\n"
        'tracker.csv lacks the column "recommendation_id" (expected the columns action_id, '
        "recommendation_id, theme (optional), what, who, how (optional), due_date, "
        "success_measures (optional), status, update_date, update_text (optional), "
        "recommendation_text (optional), recommendation_source (optional), recommendation_date "
        "(optional)).\n"
        'tracker.csv lacks the column "update_date" (expected the columns action_id, '
        "recommendation_id, theme (optional), what, who, how (optional), due_date, "
        "success_measures (optional), status, update_date, update_text (optional), "
        "recommendation_text (optional), recommendation_source (optional), recommendation_date "
        "(optional)).\n"
    )


# --- preview, undo -------------------------------------------------------------------------


def test_preview_says_what_each_row_adds_or_changes(con):
    data = tracker(
        demo_row(con, "8.3"),  # as held: unchanged
        demo_row(con, "3.5", text="Triage daily; specialist worker in post."),  # a correction
        demo_row(con, "3.5", date="26/04/2018", status="Complete", text="Done"),  # new update
        demo_row(con, "8.3", date="26/04/2018", who="Head of Children in Care"),  # redefined
        new_action(),  # a new action and its first update
    )
    checked = ingest.check(con, data, "tracker.csv", "actions")
    p = checked.preview
    assert (checked.rows, p.added, p.replaced, p.unchanged) == (5, 2, 2, 1)
    changes = p.changes
    assert changes["action"].tolist() == ["replace", "replace", "add", "add"]
    assert changes["row"].tolist() == [3, 5, 4, 6]
    correction, redefined, new_update, new = (changes.iloc[i] for i in range(4))
    assert (correction["old_update_text"], correction["new_update_text"]) == (
        "Daily triage started; specialist worker recruited.",
        "Triage daily; specialist worker in post.",
    )
    assert pd.isna(correction["new_what"])  # row 3 does not define 3.5: row 4 does (later)
    assert (redefined["old_who"], redefined["new_who"]) == (
        "Head of Service, Children in Care",
        "Head of Children in Care",
    )
    assert pd.isna(redefined["old_status"]) and redefined["new_status"] == "At risk"
    assert (new_update["new_status"], new_update["old_what"]) == (
        "Complete",
        new_update["new_what"],
    )
    assert pd.isna(new["old_what"]) and new["new_success_measures"] == (
        "assessments_within_45wd_pct,open_assessments_over_45wd"
    )
    result = ingest.load(con, checked, "tester")
    assert (result.added, result.replaced, result.unchanged) == (2, 2, 1)
    again = ingest.check(con, data.replace(b"\n", b"\r\n"), "again.csv", "actions").preview
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 5)


def test_the_whole_plan_as_held_previews_as_unchanged(con):
    held = con.execute(
        "select a.action_id, a.recommendation_id, a.what, a.who, coalesce(a.how, ''), "
        "strftime(a.due_date, '%d/%m/%Y'), replace(a.measure_ids, ',', '; '), u.status, "
        "strftime(u.update_date, '%d/%m/%Y'), coalesce(u.update_text, '') "
        "from plan_update_now as u join plan_action_now as a using (action_id) order by all"
    ).fetchall()
    out = io.StringIO()
    csv.writer(out).writerows([HEADER.split(","), *held])
    checked = ingest.check(con, out.getvalue().encode(), "whole_plan.csv", "actions")
    p = checked.preview
    assert (checked.rows, p.added, p.replaced, p.unchanged) == (len(held), 0, 0, len(held))
    assert len(held) > 300 and p.changes.empty


def test_undo_restores_the_plan_exactly(con, demo_db):
    before = data_tables(demo_db)
    data = tracker(
        demo_row(con, "3.5", text="Corrected."),
        demo_row(con, "8.3", date="26/04/2018", status="Complete", due="31/03/2018"),
        new_action(),
    )
    result = load(con, data)
    assert (result.added, result.replaced, result.unchanged) == (1, 2, 0)  # 8.3 is redefined
    assert data_tables(demo_db) != before
    undone = ingest.undo(con, result.upload_id, "tester")
    assert undone.summary().startswith(f"undid upload {result.upload_id} (actions, tracker.csv)")
    assert data_tables(demo_db) == before


def test_undo_waits_for_a_later_load_of_the_same_action(con, demo_db):
    before = data_tables(demo_db)
    a = load(con, tracker(new_action()), "april.csv")
    other = load(con, tracker(demo_row(con, "8.3", date="26/04/2018")), "other.csv")
    b = load(con, tracker(new_action("Complete", "24/05/2018", "Done")), "may.csv")
    with pytest.raises(CibError, match=f"later upload {b.upload_id} changed or re-loaded"):
        ingest.undo(con, a.upload_id, "tester")
    ingest.undo(con, b.upload_id, "tester")
    ingest.undo(con, a.upload_id, "tester")  # the unrelated load does not block it
    ingest.undo(con, other.upload_id, "tester")
    assert data_tables(demo_db) == before


def test_undo_waits_for_a_later_action_under_a_recommendation_it_created(con, demo_db):
    header = HEADER + ",Theme,Recommendation text"
    created = new_action().replace("9.1,R1,", "9.1,R9,") + ",New theme,A new recommendation."
    a = load(con, tracker(created, header=header), "a.csv")
    b = load(con, tracker(new_action().replace("9.1,R1,", "9.2,R9,")), "b.csv")
    with pytest.raises(CibError, match=f"later upload {b.upload_id} changed"):
        ingest.undo(con, a.upload_id, "tester")


# --- the Upload page -------------------------------------------------------------------------


def test_upload_page_previews_and_loads_a_tracker(demo_db):
    at = AppTest.from_file("../dashboard.py", default_timeout=90)
    at.run()
    at.switch_page("pages/upload.py").run()
    at.selectbox(key="upload_kind").set_value("actions").run()
    con = db.connect(demo_db)
    try:
        data = tracker(demo_row(con, "8.3"), new_action())
    finally:
        con.close()
    at.get("file_uploader")[0].set_value(("tracker.csv", data, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert [m.value for m in at.metric] == ["1", "0", "1"]
    changes = at.dataframe[0].value
    assert changes["Action ID"].tolist() == ["9.1"]
    assert changes["Due date"].tolist() == ["30 Jun 2018"]
    next(b for b in at.button if b.key == "upload_confirm").click().run()
    assert not at.exception, at.exception
    assert (
        at.success[0]
        .value.replace("\\", "")
        .startswith("loaded tracker.csv as upload 2 (actions): 1 added, 0 replaced, 1 unchanged")
    )
    assert at.dataframe[0].value["Kind"].tolist()[0] == "actions"


def test_upload_page_offers_the_actions_template(demo_db):
    at = AppTest.from_file("../dashboard.py", default_timeout=90)
    at.run()
    at.switch_page("pages/upload.py").run()
    assert any(e.label.startswith("Improvement plan action tracker (actions)") for e in at.expander)
    assert any(e.label.startswith("DfE published statistics (dfe)") for e in at.expander)
    assert ingest.get("actions").template() == TEMPLATE.read_bytes()
