"""Assessment records (Annex A List 4): reading, validation, working days, the computed figures."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys

import numpy as np
import openpyxl
import pandas as pd
import pytest

from cib import assessments, calendar, db, ingest
from cib.errors import CibError
from cib.ingest.assessments import outcomes, pick_list4, read_dates
from tests.conftest import ROOT

D = dt.date
HEADER = [
    "Child Unique ID",
    "Continuous Assessment Start Date",
    "Continuous Assessment Date of Authorisation",
    "Allocated Team",
]


def csv_bytes(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            ["" if v is None else (f"{v:%d/%m/%Y}" if isinstance(v, dt.date) else v) for v in row]
        )
    return out.getvalue().encode("utf-8")


TODAY = D(2024, 1, 31)


def load(con, rows, name="list4.csv", header=HEADER, today=TODAY):
    return ingest.load_file(
        con, csv_bytes(rows, header), name, "assessments", "tester", today=today
    )


def figures(con, measure: str, team: str = "All") -> pd.Series:
    """Value by month (first of month) for one computed measure and team."""
    # test-only read of the computed table
    found = (
        con.cursor()
        .execute(
            "select month, value from computed_observation where measure_id = ? and team = ? "
            "order by month",
            [measure, team],
        )
        .df()
    )
    return found.set_index(found["month"].dt.date)["value"]


@pytest.fixture
def con(db_path):
    connection = db.connect(db_path)
    yield connection
    connection.close()


# --- pure rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wd", "band"),
    [
        (0, "Same day"),
        (1, "1-10"),
        (10, "1-10"),
        (11, "11-20"),
        (20, "11-20"),
        (45, "41-45"),
        (46, "46-50"),
        (50, "46-50"),
        (51, "51-60"),
        (60, "51-60"),
        (61, "61+"),
        (400, "61+"),
    ],
)
def test_duration_bands_are_dfe_c2(wd, band):
    assert assessments.duration_band(wd) == band


def test_backlog_bands_and_a_negative_duration():
    assert [assessments.backlog_band(n) for n in (0, 20, 21, 45, 46, 60, 61, 90, 91)] == [
        "0-20",
        "0-20",
        "21-45",
        "21-45",
        "46-60",
        "46-60",
        "61-90",
        "61-90",
        "91+",
    ]
    with pytest.raises(ValueError):
        assessments.duration_band(-1)


def test_list4_sheet_is_found_by_name():
    assert pick_list4(["List 1", "List 2", "List 3", "List 4", "List 5"]) == "List 4"
    assert pick_list4(["Contents", "list_4", "List 40"]) == "list_4"
    assert pick_list4(["List 14", "List 41", "List 4 - Assessments"]) == "List 4 - Assessments"
    assert pick_list4(["Referrals", "Assessments", "Early Help Assessments"]) == "Assessments"
    assert pick_list4(["List 1", "List 14"]) is None


def test_dates_day_first_short_years_and_excel_serials():
    parsed = read_dates(pd.Series(["01/04/2022", "1/4/22", "44652", "2022-04-01", "#N/A", ""]))
    assert list(parsed.values[:4]) == [D(2022, 4, 1)] * 4
    assert parsed.bad.tolist() == [False, False, False, False, True, False]
    assert "Excel error value" in parsed.errors[4]
    assert parsed.empty.tolist()[-1]


def test_outcome_codes_are_read_and_never_refused():
    cells = pd.Series(
        ["Yes", "Y", "a) Yes", "no", "b) No", "N", "Unknown", "CS Assessment Updated", "#N/A", ""]
    )
    assert list(outcomes(cells)) == [
        "Yes",
        "Yes",
        "Yes",
        "No",
        "No",
        "No",
        "Unknown",
        None,
        None,
        None,
    ]


# --- working days, exactly as DOMAIN.md says -------------------------------------------------

EDGES = [  # start, authorised, working days
    (D(2022, 3, 1), D(2022, 3, 1), 0),  # same day
    (D(2022, 4, 1), D(2022, 6, 10), 45),  # exactly 45: Easter, the Jubilee and late May
    (D(2022, 4, 1), D(2022, 6, 13), 46),  # 46
    (D(2021, 12, 24), D(2022, 1, 4), 4),  # over Christmas and New Year (substitute days)
    (D(2016, 3, 24), D(2016, 3, 29), 1),  # over Easter 2016 (Good Friday, Easter Monday)
    (D(2022, 9, 16), D(2022, 9, 20), 1),  # the Queen's state funeral
    (D(2023, 5, 5), D(2023, 5, 9), 1),  # the coronation
    (D(2016, 10, 1), D(2016, 10, 3), 1),  # a Saturday start
]


def test_working_day_edges_computed_in_sql(con):
    rows = [[f"C{i}", s, e, f"Team {i}"] for i, (s, e, _) in enumerate(EDGES)]
    load(con, rows)
    hols = np.array(list(calendar.bank_holidays(2015, 2024)), dtype="datetime64[D]")
    for i, (start, end, wd) in enumerate(EDGES):
        team = f"Team {i}"
        month = end.replace(day=1)
        assert figures(con, "assessments_median_wd", team)[month] == wd, (start, end)
        # the definition, three ways: the Python reference, numpy, the SQL calendar
        assert calendar.working_days_between(start, end) == wd
        s, e = np.datetime64(start), np.datetime64(end)
        assert np.busday_count(s + 1, e + 1, holidays=hols) == wd
        assert figures(con, "assessments_within_45wd_pct", team)[month] == (
            100.0 if wd <= 45 else 0.0
        )
        assert figures(con, "assessments_within_20wd_pct", team)[month] == (
            100.0 if wd <= 20 else 0.0
        )


def test_45_is_within_and_46_is_not(con):
    forty_five = ["A", D(2022, 4, 1), D(2022, 6, 10), "T"]
    load(con, [forty_five, ["B", D(2022, 4, 1), D(2022, 6, 13), "T"]])
    # test-only read
    found = (
        con.cursor()
        .execute(
            "select numerator, denominator, value from computed_observation "
            "where measure_id = 'assessments_within_45wd_pct' and team = 'All'"
        )
        .fetchall()
    )
    assert found == [(1.0, 2.0, 50.0)]
    assert figures(con, "assessments_completed")[D(2022, 6, 1)] == 2


def test_council_median_from_its_histogram_matches_the_plain_median(con):
    # The whole council's median is read off a histogram of durations (fast at national scale):
    # odd and even counts, repeated values and the two middle values far apart.
    durations = {  # month authorised -> working days of each assessment, across three teams
        D(2022, 5, 1): [1, 2, 2, 9, 11, 14],  # even: (2 + 9) / 2
        D(2022, 6, 1): [0, 3, 3, 3, 20],  # odd, repeated middle
        D(2022, 7, 1): [1, 46],  # two far apart
    }
    hols = np.array(list(calendar.bank_holidays(2022, 2022)), dtype="datetime64[D]")
    rows = []
    for month, wds in durations.items():
        end = np.busday_offset(np.datetime64(month), 15, roll="forward", holidays=hols)
        for wd in wds:
            start = np.busday_offset(end, -wd, holidays=hols)  # wd working days before
            start, day = pd.Timestamp(start).date(), pd.Timestamp(end).date()
            assert calendar.working_days_between(start, day) == wd
            rows.append([f"C{len(rows)}", start, day, f"T{len(rows) % 3}"])
    load(con, rows, today=D(2022, 12, 31))
    medians = figures(con, "assessments_median_wd")
    assert medians.to_dict() == {m: float(np.median(v)) for m, v in durations.items()}
    assert list(medians) == [5.5, 3.0, 23.5]


def test_recompute_writes_exactly_the_figures_the_records_give(con):
    load(con, [["A", D(2022, 2, 1), D(2022, 3, 1), "T"], ["B", D(2022, 2, 1), None, "T"]])
    cur = con.cursor()
    held = "select * from computed_observation order by all"  # test-only reads
    placed = "select rowid, measure_id, team from computed_observation"
    right = cur.execute(held).fetchall()
    before = set(cur.execute(placed).fetchall())
    with db.transaction(con) as tx:
        tx.execute(
            "update computed_observation set value = -1 "
            "where measure_id = 'assessments_completed' and team = 'All'"
        )
        tx.execute("delete from computed_observation where measure_id = 'assessments_median_wd'")
        tx.execute(
            "insert into computed_observation values "
            "('open_assessments_over_45wd', '1999-01-01', 'Gone team', null, null, 3)"
        )
        assessments.recompute(tx, TODAY)
    assert cur.execute(held).fetchall() == right  # changed put right, missing back, extra gone
    # figures that were right were left in place, not rewritten
    after = set(cur.execute(placed).fetchall())
    kept = {r for r in before if r[1] in (assessments.WITHIN_45, assessments.BACKLOG)}
    assert kept and kept <= after


def test_backlog_at_each_month_end(con):
    rows = [
        ["W", D(2022, 1, 4), D(2022, 1, 10), "T1"],  # opens the window in Jan 2022
        ["A", D(2022, 2, 1), None, "T1"],  # open: past 45 WD from 6 Apr 2022
        ["B", D(2022, 2, 1), D(2022, 5, 31), "T2"],  # past 45 at 30 Apr; authorised 31 May
        ["C", D(2022, 6, 1), None, "T2"],  # open, young; the last month is June
    ]
    load(con, rows)
    backlog = figures(con, "open_assessments_over_45wd")
    assert backlog.to_dict() == {
        D(2022, 1, 1): 0,
        D(2022, 2, 1): 0,
        D(2022, 3, 1): 0,  # A and B at 42 working days on 31 Mar
        D(2022, 4, 1): 2,
        D(2022, 5, 1): 1,  # B authorised on the month's last day is not open (rule 3)
        D(2022, 6, 1): 1,
    }
    t1 = figures(con, "open_assessments_over_45wd", "T1")
    t2 = figures(con, "open_assessments_over_45wd", "T2")
    assert (t1 + t2).to_dict() == backlog.to_dict()  # 'All' is every team
    # the backlog chart's bands past 45 add up to the measure
    ages = assessments.backlog_by_age(con.cursor())
    over = ages[ages["band"].isin(assessments.OVER_45_BANDS)].groupby("month")["n"].sum()
    assert over.to_dict() == {pd.Timestamp(k): v for k, v in backlog.items()}


def test_backlog_only_counts_month_ends_that_have_passed(con):
    load(con, [["W", D(2022, 1, 4), D(2022, 1, 10), "T"], ["A", D(2022, 2, 1), D(2022, 5, 9), "T"]])
    with db.transaction(con) as cur:
        assessments.recompute(cur, today=D(2022, 4, 29))
    assert list(figures(con, "open_assessments_over_45wd")) == [0, 0, 0]  # Jan-Mar only
    with db.transaction(con) as cur:
        assessments.recompute(cur, today=D(2022, 4, 30))
    assert figures(con, "open_assessments_over_45wd")[D(2022, 4, 1)] == 1


# --- validation ------------------------------------------------------------------------------


def test_every_problem_named_with_row_and_column_and_nothing_loaded(con):
    rows = [
        ["C1", D(2023, 3, 1), D(2023, 2, 1), "T"],  # row 2: authorised before the start
        ["C2", D(2024, 3, 1), None, "T"],  # row 3: starts after 'today' (31 Jan 2024)
        ["C3", None, D(2023, 2, 1), "T"],  # row 4: no start date
        ["C4", D(2023, 1, 5), D(2023, 2, 1), "T"],  # row 5
        ["C4", D(2023, 1, 5), D(2023, 2, 2), "T"],  # row 6: repeats row 5
        ["C5", "31/02/2023", None, "T"],  # row 7: not a real date
        ["C6", D(2023, 1, 5), "#N/A", "T"],  # row 8: an Excel error in a date used
        ["", D(2023, 1, 5), None, "T"],  # row 9: no child id
        ["C7", D(2023, 1, 5), None, "all"],  # row 10: the whole council's name
    ]
    with pytest.raises(ingest.UploadRejected) as info:
        load(con, rows)
    text = str(info.value)
    assert "8 problems found. Nothing was changed." in text
    for expected in [
        'row 2, column "Continuous Assessment Date of Authorisation": "01/02/2023" is before '
        "the start date 01/03/2023",
        'row 3, column "Continuous Assessment Start Date": "01/03/2024" is in the future',
        'row 4, column "Continuous Assessment Start Date" is empty',
        'row 6, column "Continuous Assessment Start Date": "05/01/2023" repeats row 5',
        'row 7, column "Continuous Assessment Start Date": "31/02/2023" is not a real date',
        'row 8, column "Continuous Assessment Date of Authorisation": "#N/A" is an Excel error',
        'row 9, column "Child Unique ID" is empty',
        'row 10, column "Allocated Team": "all" is the name the dashboard uses',
    ]:
        assert expected in text, expected
    cur = con.cursor()
    assert assessments.summary(cur)["records"] == 0
    assert cur.execute("select count(*) from computed_observation").fetchone() == (0,)
    assert ingest.history(con)["status"].tolist() == ["refused"]


def test_header_and_value_variants_and_unused_codes(con):
    header = [
        "child unique id",
        "Gender",
        "Date of Birth",
        "Age",
        "CONTINUOUS ASSESSMENT START DATE",
        "Child Seen During Continuous Assessment",
        "Continuous\xa0Assessment Date of  Authorisation ",
        "Was the child assessed as requiring LA children’s social care support?",
        "Allocated_Team",
        "Allocated Worker",
    ]
    rows = [
        [
            "C1",
            "a) Male",
            "01/01/2010",
            "#N/A",
            "01/04/2022",
            "CS Assessment Updated",
            "10/06/2022",
            "a) Yes",
            " MASH\xa0",
            "Jo\xa0Bloggs",
        ],
        ["C2", "F", "", "=2016-YEAR(C3)", "1/4/2022", "Y", "13/06/2022", "N", "MASH", "#N/A"],
        ["C3", "x", "#VALUE!", "7", "2022-04-01", "#REF!", "", "CS Assessment Updated", "", "\xa0"],
    ]
    result = load(con, rows, header=header)
    assert result.added == 3
    # test-only read: only what the measures need is kept
    stored = con.cursor().execute("select * from assessment order by child_id").df()
    assert list(stored.columns) == [
        "child_id",
        "start_date",
        "authorised_date",
        "team",
        "outcome",
        "upload_id",
    ]
    assert stored["team"].tolist() == ["MASH", "MASH", "Unallocated"]
    assert stored["outcome"].tolist()[:2] == ["Yes", "No"] and pd.isna(stored["outcome"][2])
    assert figures(con, "assessments_within_45wd_pct", "MASH")[D(2022, 6, 1)] == 50.0


# --- overlapping extracts, undo, precedence ---------------------------------------------------


def test_overlapping_extract_updates_records_without_double_counting(con):
    first = [
        ["C1", D(2022, 1, 4), D(2022, 2, 1), "T"],
        ["C2", D(2022, 1, 10), None, "T"],  # open in January's extract
        ["C3", D(2022, 1, 20), D(2022, 2, 10), "T"],
    ]
    one = load(con, first, "jan.csv")
    assert (one.added, one.replaced, one.unchanged) == (3, 0, 0)
    second = [
        ["C2", D(2022, 1, 10), D(2022, 3, 3), "T"],  # now authorised
        ["C3", D(2022, 1, 20), D(2022, 2, 10), "T"],  # repeated as it was
        ["C4", D(2022, 2, 14), D(2022, 3, 1), "T"],
    ]
    two = load(con, second, "feb.csv")
    assert (two.added, two.replaced, two.unchanged) == (1, 1, 1)
    assert assessments.summary(con.cursor())["records"] == 4
    assert figures(con, "assessments_completed").to_dict() == {D(2022, 2, 1): 2, D(2022, 3, 1): 2}

    with pytest.raises(CibError, match="Undo 2 first"):
        ingest.undo(con, one.upload_id, "tester")
    ingest.undo(con, two.upload_id, "tester")
    assert figures(con, "assessments_completed").to_dict() == {D(2022, 2, 1): 2}
    # test-only read
    open_now = (
        con.cursor()
        .execute("select authorised_date from assessment where child_id = 'C2'")
        .fetchone()
    )
    assert open_now == (None,)
    ingest.undo(con, one.upload_id, "tester")
    assert assessments.summary(con.cursor())["records"] == 0
    assert figures(con, "assessments_completed").empty


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cib", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_computed_figures_take_precedence_over_uploaded(tmp_path):
    path = tmp_path / "p.duckdb"
    aggregates = tmp_path / "measures.csv"
    aggregates.write_text(
        "measure_id,month,team,numerator,denominator\n"
        "assessments_within_45wd_pct,2021-06,,10,20\n"
        "assessments_within_45wd_pct,2022-01,,1,4\n",
        encoding="utf-8",
    )
    records = tmp_path / "list4.csv"
    records.write_bytes(csv_bytes([["C1", D(2022, 1, 4), D(2022, 1, 5), "T"]]))
    for kind, file in (("measures", aggregates), ("assessments", records)):
        out = cli("load", kind, str(file), "--db", str(path))
        assert out.returncode == 0, out.stderr
    out = cli("measure", "assessments_within_45wd_pct", "--db", str(path))
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["month"], float(r["value"]), r["source"]) for r in rows] == [
        ("2021-06", 50.0, "uploaded"),
        ("2022-01", 100.0, "computed from records"),
    ]


# --- a whole Annex A workbook ------------------------------------------------------------------

COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
OTHER_LISTS = {
    "List 1": ["Date of Contact", "Contact Source"],
    "List 2": [
        "Assessment start date",
        "Assessment completion date",
        "Organisation completing assessment",
    ],
    "List 3": [
        "Date of Referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        "Allocated Team",
        "Allocated Worker",
    ],
    "List 5": [
        "Does the Child have a Disability",
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Date of Initial Child Protection Conference",
        "Allocated Team",
    ],
    "List 6": ["CIN Start Date", "Primary Need Code", "CIN Closure Date", "Case Status"],
    "List 7": ["Child Protection Plan Start Date", "Initial Category of Abuse"],
    "List 8": ["Date Started to be Looked After", "Placement Type"],
    "List 9": ["Allocated Team", "Eligibility Category"],
    "List 10": ["Date the Child Entered Care", "Date of Adoption Order"],
    "List 11": ["Individual adopter identifier", "Date enquiry received"],
}
LIST4 = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Does the Child have a Disability",
    "Continuous Assessment Start date",
    "Child Seen During Continuous Assessment",
    "Continuous Assessment Date of Authorisation",
    "Was the child assessed as requiring LA children's social care support?",
    "Allocated Team",
    "Allocated Worker",
]


def annex_a_workbook(list4_rows: list[list[object]]) -> bytes:
    """Every list as a sheet, List 4 in its place (not first), with the usual variants."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for n in range(1, 12):
        name = f"List {n}"
        sheet = book.create_sheet(name)
        if n == 4:
            sheet.append(LIST4)
            for r in list4_rows:
                sheet.append(r)
            continue
        sheet.append(COMMON + OTHER_LISTS[name])
        for i in range(3):
            sheet.append(
                [f"X{n}{i}", "b) Female", "a) WBRI", dt.datetime(2012, 5, 1), 9]
                + ["#N/A"] * len(OTHER_LISTS[name])
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_whole_annex_a_workbook_loads_list4_only(tmp_path):
    rows = []
    for i in range(12):
        start = dt.datetime(2016, 3, 1) + dt.timedelta(days=3 * i)
        done = None if i % 4 == 0 else start + dt.timedelta(days=30 + i)
        rows.append(
            [
                f"C{i:03d}",
                "a) Male",
                "a) WBRI",
                dt.datetime(2010, 1, 1),
                f"=2016-YEAR(D{i + 2})",
                "b) No",
                start,
                "a) Yes",
                done,
                "CS Assessment Updated" if i == 3 else "a) Yes",
                "Assessment Team 1" if i % 2 else "MASH\xa0",
                "A\xa0Worker",
            ]
        )
    book = tmp_path / "Annex_A.xlsx"
    book.write_bytes(annex_a_workbook(rows))
    path = tmp_path / "a.duckdb"
    out = cli("load", "assessments", str(book), "--db", str(path))
    assert out.returncode == 0, out.stderr
    assert "12 added" in out.stdout and 'sheet "List 4"' not in out.stderr
    con = db.connect(path)
    try:
        cur = con.cursor()
        held = assessments.summary(cur)
        assert held["records"] == 12 and held["open_records"] == 3 and held["teams"] == 2
        uploads = ingest.history(con)
        assert 'sheet "List 4"' in uploads["message"].iloc[0]
    finally:
        con.close()


# --- local closure days --------------------------------------------------------------------------


def test_closure_days_rebuild_the_calendar_and_the_figures_in_one_transaction(con):
    load(con, [["C1", D(2016, 12, 23), D(2017, 1, 3), "T"]])
    assert figures(con, "assessments_median_wd")[D(2017, 1, 1)] == 4
    closing = [(D(2016, 12, 28), "Christmas"), (D(2016, 12, 29), ""), (D(2016, 12, 30), None)]
    with db.transaction(con) as cur:
        done = assessments.change_closures(cur, add=closing)
    assert done == ["closed 28 Dec 2016", "closed 29 Dec 2016", "closed 30 Dec 2016"]
    assert figures(con, "assessments_median_wd")[D(2017, 1, 1)] == 1
    cur = con.cursor()
    assert assessments.closures(cur)["reason"].tolist()[0] == "Christmas"
    # test-only read of the rebuilt calendar
    working = cur.execute(
        "select is_working_day, holiday from calendar where date = '2016-12-28'"
    ).fetchone()
    assert working == (False, "Local closure")

    # A weekend cannot be a closure day: the whole change is refused and nothing moves.
    with pytest.raises(CibError, match="weekend"), db.transaction(con) as cur:
        assessments.change_closures(cur, remove=[D(2016, 12, 28)], add=[(D(2016, 12, 31), "x")])
    assert len(assessments.closures(con.cursor())) == 3
    assert figures(con, "assessments_median_wd")[D(2017, 1, 1)] == 1

    with db.transaction(con) as cur:
        assessments.change_closures(cur, remove=[d for d, _ in closing])
    assert figures(con, "assessments_median_wd")[D(2017, 1, 1)] == 4
    assert assessments.closures(con.cursor()).empty
