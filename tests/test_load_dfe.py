"""Kind `dfe`: DfE published tables and neighbour files through the upload pipeline.

Every real file in data/dfe loads through `python -m cib load dfe` in a separate process, and
`python -m cib comparators` then shows the figures DfE published (values quoted in the
research notes, not worked out by this code). Renamed columns, a table the dashboard does not
use, bad cells and a neighbour file without its model year are refused with exact messages and
change no data; reordered columns load the same figures; a load previews, and undoes exactly.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cib import cli, db, ingest
from cib.errors import CibError
from tests.conftest import ROOT
from tests.test_load_faulty_files import assert_only_a_refusal_was_logged, snapshot

DFE = ROOT / "data" / "dfe"
C2 = DFE / "c2_children_in_need_assessments_duration_2014_to_2024.csv"
SN_2021 = DFE / "New_Statistical_Neighbour_Groupings_April_2021.csv"
SN_2025 = DFE / "sn_model_2025_wide.csv"
BOOKKEEPING = {"upload", "upload_undo"}

# Figures DfE published (England, and Torbay where the notes quote it), by file and measure.
PUBLISHED = {
    "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv": [
        ("rereferrals_12m_pct", 2016, 22.5, 28.9),
    ],
    "c2_children_in_need_assessments_duration_2014_to_2024.csv": [
        ("assessments_within_45wd_pct", 2016, 83.4, 90.1),
    ],
    "c4_children_in_need_section_47s_and_icpcs_2013_to_2024.csv": [
        ("icpc_within_15wd_pct", 2018, 77.0, 66.9),
    ],
    "d3_cpps_subsequent_plan_2013_to_2025.csv": [("cp_repeat_plans_pct", 2019, 20.8, 31.6)],
    "d5_cpps_at31march_by_duration_2013_to_2025.csv": [
        ("cp_plans_2yrs_plus_pct", 2016, 2.1, None),
    ],
    "d6_cpps_reviewed_within_timescales_2013_to_2024.csv": [
        ("cp_reviews_in_timescale_pct", 2018, 90.5, 74.1),
    ],
    "d7_cpps_ending_by_duration_2013_to_2024.csv": [
        ("cp_plans_ended_2yrs_plus_pct", 2016, 3.8, None),
    ],
    "csww_indicators_2017_to_2025.csv": [
        ("caseload_avg", 2025, 15.2, 15.5),
        ("agency_sw_pct", 2019, None, 42.8),
        ("vacancy_rate_pct", 2025, 14.2, None),
    ],
}


def cib(*args: object) -> subprocess.CompletedProcess:
    """`python -m cib ...` in its own process, as an analyst runs it."""
    return subprocess.run(
        [sys.executable, "-m", "cib", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=180,
    )


def comparator_rows(path: Path, measure_id: str, *extra: str) -> list[dict]:
    out = cib("comparators", measure_id, "--db", path, "--format", "json", *extra)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def value(rows: list[dict], year: int, area_type: str) -> float | None:
    found = [r for r in rows if r["year"] == year and r["area_type"] == area_type]
    assert len(found) == 1, (year, area_type, found)
    return found[0]["value"]


def load(con: db.Connection, data: bytes, name: str, kind: str = "dfe") -> ingest.LoadResult:
    return ingest.load_file(con, data, name, kind, "tester")


def data_tables(path: Path) -> dict:
    return {t: rows for t, rows in snapshot(path).items() if t not in BOOKKEEPING}


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def as_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def refused(con: db.Connection, data: bytes, name: str, kind: str = "dfe") -> str:
    with pytest.raises(ingest.UploadRejected) as err:
        load(con, data, name, kind)
    return str(err.value)


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    return tmp_path / "fresh.duckdb"  # created by the command itself


@pytest.fixture
def empty_con(db_path: Path):
    con = db.connect(db_path)
    yield con
    con.close()


# --- every real file, through the command line ---------------------------------------------


@pytest.mark.parametrize("file_name", sorted(PUBLISHED), ids=lambda n: n.split("_")[0])
def test_each_published_table_loads_and_the_comparators_show_it(fresh, file_name):
    out = cib("load", "dfe", DFE / file_name, "--db", fresh, "--user", "Ann")
    assert (out.returncode, out.stderr) == (0, "")
    con = db.connect(fresh)
    try:
        written = con.execute("select count(*) from comparator where upload_id = 1").fetchone()
        tables = con.execute("select distinct source_table from comparator").fetchall()
        log = con.execute("select kind, user_name, status, rows_added from upload").fetchall()
    finally:
        con.close()
    assert out.stdout == (
        f"loaded {file_name} as upload 1 (dfe): {written[0]:,} added, 0 replaced, 0 unchanged\n"
    )
    assert tables == [(file_name.split("_")[0],)]
    assert log == [("dfe", "Ann", "loaded", written[0])]
    for measure_id, year, england, torbay in PUBLISHED[file_name]:
        rows = comparator_rows(fresh, measure_id)
        if england is not None:
            assert value(rows, year, "england") == pytest.approx(england, abs=0.05)
        if torbay is not None:
            assert value(rows, year, "council") == pytest.approx(torbay, abs=0.05)
        assert {r["area_type"] for r in rows} >= {"england", "region", "council"}


def test_neighbour_files_of_both_models_load_and_give_the_median(fresh):
    for path in (C2, SN_2025, SN_2021):
        out = cib("load", "dfe", path, "--db", fresh)
        assert out.returncode == 0, out.stderr
        assert "(dfe)" in out.stdout
    con = db.connect(fresh)
    try:
        torbay = con.execute(
            "select model_year, neighbour_rank, neighbour_code, neighbour_name, closeness "
            "from stat_neighbour where la_code = '880' and neighbour_rank = 1 order by all"
        ).fetchall()
        per_model = con.execute(
            "select model_year, count(distinct la_code) from stat_neighbour group by all "
            "order by all"
        ).fetchall()
    finally:
        con.close()
    assert torbay == [
        (2021, 1, "921", "Isle of Wight", "Very close"),
        (2025, 1, "357", "Tameside", "Very close"),
    ]
    assert [m for m, _ in per_model] == [2021, 2025]
    assert all(n > 140 for _, n in per_model)
    latest = comparator_rows(fresh, "assessments_within_45wd_pct")
    older = comparator_rows(fresh, "assessments_within_45wd_pct", "--sn-model", "2021")
    assert {r["sn_model"] for r in latest} == {2025}
    assert {r["sn_model"] for r in older} == {2021}
    assert value(latest, 2016, "neighbours_median") != value(older, 2016, "neighbours_median")


def test_load_auto_tells_a_dfe_table_from_its_columns(fresh):
    out = cib("load", "auto", C2, "--db", fresh, "--check")
    assert out.returncode == 0, out.stderr
    assert out.stdout == (
        f"checked {C2.name} (dfe, 1,803 rows): would add 1,803, replace 0, leave 0 unchanged; "
        "nothing loaded\n"
    )


# --- refusals: exact messages, no data changed ----------------------------------------------


def test_a_renamed_column_is_refused_naming_it(demo_db, capsys):
    rows = rows_of(C2)
    rows[0][rows[0].index("Same_day")] = "Same day assessments"
    path = demo_db.parent / "c2_renamed.csv"
    path.write_bytes(as_csv(rows[:4]))
    before = snapshot(demo_db)
    code = cli.main(["load", "dfe", str(path), "--db", str(demo_db)])
    err = capsys.readouterr().err
    assert code == 1
    assert err == (
        "error: c2_renamed.csv was not loaded: 1 problem found. Nothing was changed.\n"
        "c2_renamed.csv looks like DfE table C2 children in need: duration of assessments (C2) "
        'but has no column "Same_day". Columns are found by name (case, spaces and punctuation '
        "ignored): check the header row has not been renamed.\n"
    )
    assert_only_a_refusal_was_logged(before, snapshot(demo_db), path.name)


def test_a_renamed_time_period_is_refused_as_not_a_dfe_table(empty_con):
    rows = rows_of(C2)[:3]
    rows[0][0] = "year"
    message = refused(empty_con, as_csv(rows), "c2.csv")
    assert message.splitlines()[1] == (
        'c2.csv lacks the column "time_period" (expected time_period, geographic_level and the '
        "table's own columns as DfE publishes C1, C2, C4, D3, D5, D6, D7, CSWW; or, in a "
        "statistical-neighbour file, old_la_code (or LA num), la_name and SN1 to SN10)."
    )


def test_case_spaces_and_punctuation_in_headers_do_not_matter(empty_con):
    rows = rows_of(C2)
    rows[0] = [h.upper().replace("_", " ") for h in rows[0]]
    result = load(empty_con, as_csv(rows), "C2 SHOUTING.csv")
    assert result.added == 1803


def test_reordered_columns_load_the_same_figures(tmp_path):
    rows = rows_of(C2)
    order = list(reversed(range(len(rows[0]))))
    shuffled = [[r[i] for i in order] for r in rows]
    figures = []
    for name, data in (("as_published.csv", C2.read_bytes()), ("reordered.csv", as_csv(shuffled))):
        con = db.connect(tmp_path / f"{name}.duckdb")
        try:
            result = load(con, data, name)
            figures.append(
                con.execute("select * exclude (upload_id) from comparator order by all").fetchall()
            )
        finally:
            con.close()
        assert result.added == 1803
    assert figures[0] == figures[1]


def test_a_table_the_dashboard_does_not_use_is_refused(empty_con):
    data = (
        b"time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
        b"region_name,old_la_code,new_la_code,la_name,category,at31_children\n"
        b"2024,Reporting year,National,E92000001,England,,,,,,Children in need at 31 March,"
        b"399500\n"
    )
    message = refused(empty_con, data, "b1.csv")
    assert message.splitlines()[1].startswith(
        'b1.csv is a DfE table this dashboard does not use ("Children in need at 31 March"). '
        "It can load: C1 children in need: referrals and re-referrals; C2 children in need: "
    )


def test_the_wrong_kind_either_way_is_named(empty_con):
    measures = b"measure_id,month,value\nassessments_within_45wd_pct,2016-08,80\n"
    assert (
        refused(empty_con, measures, "m.csv")
        .splitlines()[1]
        .startswith(
            "m.csv looks like a measures file, not a dfe file (expected the columns time_period, "
        )
    )
    assert refused(empty_con, C2.read_bytes(), C2.name, "measures").splitlines()[1] == (
        f"{C2.name} looks like a dfe file, not a measures file (expected the columns "
        "measure_id, month, team (optional), numerator (optional), denominator (optional), "
        "value (optional); choose the kind dfe or another file)."
    )


def test_bad_cells_are_named_by_row_as_excel_shows_it_and_column(empty_con):
    rows = rows_of(C2)[:5]
    rows[2][rows[0].index("31-40_days")] = "n/a"
    rows[4][0] = "2024/25"
    data = as_csv(rows[:2]) + b"\r\n" + as_csv(rows[2:])  # a blank line: row 3 is empty
    message = refused(empty_con, data, "c2.csv")
    assert message.splitlines() == [
        "c2.csv was not loaded: 2 problems found. Nothing was changed.",
        'c2.csv, row 4, column "31-40_days": "n/a" is not a number or a GSS symbol '
        "(c, z, x, :, u, k, low).",
        'c2.csv, row 6, column "time_period": "2024/25" is not a year (expected e.g. 2016).',
    ]


def test_an_area_twice_and_a_council_without_its_code(empty_con):
    rows = rows_of(C2)[:4]
    torbay = next(r for r in rows_of(C2) if r[0] == "2024" and r[9] == "Torbay")
    nameless = list(torbay)
    nameless[7] = ""
    message = refused(empty_con, as_csv([*rows, rows[1], nameless]), "c2.csv")
    assert message.splitlines()[1:] == [
        'c2.csv, row 5, column "time_period": "2024" repeats row 2: England 2024 is there twice '
        "(expected each area and year once).",
        'c2.csv, row 6, column "old_la_code" is empty (expected the council\'s 3-digit LA code '
        "on a Local authority row).",
    ]


def test_more_problems_than_listed_are_all_counted(empty_con):
    rows = rows_of(C2)[:31]
    for row in rows[1:]:
        row[rows[0].index("Same_day")] = "?"
    message = refused(empty_con, as_csv(rows), "c2.csv")
    lines = message.splitlines()
    assert lines[0] == "c2.csv was not loaded: 30 problems found. Nothing was changed."
    assert lines[1] == 'c2.csv, row 2, column "Same_day": "?" is not a number or a GSS symbol ' + (
        "(c, z, x, :, u, k, low)."
    )
    assert lines[-1].startswith("Showing 20 of 30 problems")


def test_a_neighbour_file_needs_its_model_year_in_its_name(empty_con):
    message = refused(empty_con, SN_2025.read_bytes(), "neighbours.csv")
    assert message.splitlines()[1] == (
        "neighbours.csv is a statistical-neighbour file, but its name does not say which model "
        'it is. Keep the model year in the file name as DfE publishes it (e.g. "sn_model_2025_'
        'wide.csv").'
    )


def test_a_neighbour_file_missing_a_neighbour_column(empty_con):
    rows = rows_of(SN_2025)
    cut = rows[0].index("SN_10")
    data = as_csv([r[:cut] for r in rows])
    message = refused(empty_con, data, "sn_model_2025_wide.csv")
    assert message.splitlines()[1] == (
        'sn_model_2025_wide.csv looks like a statistical-neighbour file but has no column "SN10".'
    )


def test_a_workbook_is_read_like_the_csv(empty_con):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows_of(C2)[:40]:
        sheet.append([int(c) if c.isdigit() else c for c in row])
    out = io.BytesIO()
    book.save(out)
    result = load(empty_con, out.getvalue(), "c2.xlsx")
    assert result.added == 39
    assert empty_con.execute(
        "select value from comparator where area_code = 'E92000001'"
    ).fetchone()[0] == pytest.approx(84.5, abs=0.05)


# --- preview, load, undo -------------------------------------------------------------------


def c2_changed(**changes: str) -> bytes:
    """C2 as published, with cells changed: {'Torbay 2016 Same_day': '0', ...}, or rows dropped."""
    rows = rows_of(C2)
    header = rows[0]
    out = [header]
    for row in rows[1:]:
        key = f"{row[9] or row[6] or row[4]} {row[0]}"
        if changes.get(f"{key} drop"):
            continue
        for column in header:
            if f"{key} {column}" in changes:
                row[header.index(column)] = changes[f"{key} {column}"]
        out.append(row)
    return as_csv(out)


def test_preview_counts_added_replaced_removed_unchanged_with_old_and_new(con):
    data = c2_changed(**{"Torbay 2016 Assessments_completed": "c", "England 2024 drop": "yes"})
    checked = ingest.check(con, data, "c2_new.csv", "dfe")
    p = checked.preview
    assert checked.rows == 1802
    assert (p.added, p.replaced, p.unchanged) == (0, 2, 1801)  # the dropped row is replaced
    changes = p.changes.set_index("area")
    torbay = changes.loc["Torbay"]
    assert torbay["action"] == "replace" and torbay["year"] == 2016
    assert torbay["old_value"] == pytest.approx(90.1, abs=0.05)
    assert torbay["new_symbol"] == "c" and torbay["old_symbol"] is None
    england = changes.loc["England"]
    assert england["year"] == 2024 and england["old_value"] == pytest.approx(84.5, abs=0.05)
    assert england[["new_value", "new_symbol", "new_numerator"]].isna().all()


def test_a_new_year_is_added_and_undo_restores_exactly(con, demo_db):
    rows = rows_of(C2)
    new_year = [rows[0]] + [["2025", *r[1:]] for r in rows[1:] if r[0] == "2024"]
    before = data_tables(demo_db)
    result = load(con, as_csv(new_year), "c2_2025.csv")
    assert (result.added, result.replaced, result.unchanged) == (len(new_year) - 1, 0, 0)
    assert con.execute("select count(*) from comparator where year = 2025 and "
                       "source_table = 'c2'").fetchone()[0] == len(new_year) - 1  # fmt: skip
    undone = ingest.undo(con, result.upload_id, "tester")
    assert undone.summary().startswith(f"undid upload {result.upload_id} (dfe, c2_2025.csv)")
    assert data_tables(demo_db) == before


def test_replacing_published_figures_then_undo_puts_them_back(con, demo_db):
    before = data_tables(demo_db)
    data = c2_changed(**{"Torbay 2016 Same_day": "0", "South West 2015 drop": "yes"})
    result = load(con, data, "c2_new.csv")
    assert (result.added, result.replaced, result.unchanged) == (0, 2, 1801)
    torbay = con.execute(
        "select value, upload_id from comparator where area_name = 'Torbay' and year = 2016 "
        "and measure_id = 'assessments_within_45wd_pct'"
    ).fetchone()
    assert torbay[1] == result.upload_id and torbay[0] < 90
    ingest.undo(con, result.upload_id, "tester")
    assert data_tables(demo_db) == before


def test_undo_waits_for_a_later_load_of_the_same_figures(con, demo_db):
    before = data_tables(demo_db)
    rows = rows_of(C2)
    first = [rows[0]] + [["2025", *r[1:]] for r in rows[1:] if r[0] == "2024"]
    second = [list(r) for r in first]
    second[1][rows[0].index("Same_day")] = "1"
    a = load(con, as_csv(first), "c2_2025.csv")
    b = load(con, as_csv(second), "c2_2025_revised.csv")
    assert (b.added, b.replaced) == (0, 1)
    with pytest.raises(CibError, match=f"later upload {b.upload_id} changed or re-loaded"):
        ingest.undo(con, a.upload_id, "tester")
    ingest.undo(con, b.upload_id, "tester")
    ingest.undo(con, a.upload_id, "tester")
    assert data_tables(demo_db) == before


def test_undo_waits_for_a_later_load_that_refilled_a_removed_figure(con, demo_db):
    before = data_tables(demo_db)
    a = load(con, c2_changed(**{"Torbay 2024 drop": "yes"}), "c2_without_torbay.csv")
    rows = rows_of(C2)
    torbay_only = [rows[0]] + [r for r in rows[1:] if r[0] == "2024" and r[9] == "Torbay"]
    b = load(con, as_csv(torbay_only), "c2_torbay.csv")
    assert b.replaced > 100  # it replaces the year, putting Torbay back
    with pytest.raises(CibError, match=f"later upload {b.upload_id} changed"):
        ingest.undo(con, a.upload_id, "tester")
    ingest.undo(con, b.upload_id, "tester")
    ingest.undo(con, a.upload_id, "tester")
    assert data_tables(demo_db) == before


def test_a_neighbour_model_reload_previews_and_undoes(con, demo_db):
    before = data_tables(demo_db)
    rows = rows_of(SN_2025)
    torbay = next(r for r in rows if r[0] == "880")
    torbay[rows[0].index("SN_1P")] = "Close"
    checked = ingest.check(con, as_csv(rows), "sn_model_2025_wide.csv", "dfe")
    p = checked.preview
    assert (p.added, p.replaced, p.unchanged) == (0, 1, 1529)
    change = p.changes.iloc[0]
    assert (change["la_name"], change["neighbour_rank"]) == ("Torbay", 1)
    assert (change["old_closeness"], change["new_closeness"]) == ("Very close", "Close")
    result = ingest.load(con, checked, "tester")
    ingest.undo(con, result.upload_id, "tester")
    assert data_tables(demo_db) == before


def test_the_template_says_where_each_table_comes_from():
    text = ingest.get("dfe").template().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["dfe_table", "title", "year means", "columns read", "gives", "download"]
    assert [r[0] for r in rows[1:]] == ["C1", "C2", "C4", "D3", "D5", "D6", "D7", "CSWW", "SN"]
    assert all(r[5].startswith("https://") for r in rows[1:])
    c2 = rows[2]
    assert "Same_day" in c2[3] and c2[4] == "assessments_within_45wd_pct"


# --- the Upload page -------------------------------------------------------------------------


def upload_page() -> AppTest:
    at = AppTest.from_file("../dashboard.py", default_timeout=90)
    at.run()
    at.switch_page("pages/upload.py").run()
    assert not at.exception, at.exception
    return at


def test_upload_page_previews_and_loads_a_dfe_file(demo_db):
    at = upload_page()
    at.selectbox(key="upload_kind").set_value("dfe").run()
    data = c2_changed(**{"Torbay 2016 Assessments_completed": "c"})
    at.get("file_uploader")[0].set_value(("c2_revised.csv", data, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert [m.value for m in at.metric] == ["0", "1", "1,802"]
    changes = at.dataframe[0].value
    assert changes["Area"].tolist() == ["Torbay"]
    assert changes["Symbol"].tolist() == ["– → c"]
    next(b for b in at.button if b.key == "upload_confirm").click().run()
    assert not at.exception, at.exception
    assert (
        at.success[0]
        .value.replace("\\", "")
        .startswith("loaded c2_revised.csv as upload 2 (dfe): 0 added, 1 replaced, 1,802 unchanged")
    )
    con = db.connect(demo_db)
    try:
        symbol = con.execute(
            "select symbol from comparator where area_name = 'Torbay' and year = 2016 and "
            "source_table = 'c2'"
        ).fetchone()
    finally:
        con.close()
    assert symbol == ("c",)


def test_upload_page_refuses_a_renamed_file_with_its_reason(demo_db):
    at = upload_page()
    data = (ROOT / "tests" / "files" / "faulty" / "dfe__renamed_column.csv").read_bytes()
    at.get("file_uploader")[0].set_value(("c2.csv", data, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    assert 'has no column "41-45_days"' in at.error[0].value.replace("\\", "")
    assert not [b for b in at.button if b.key == "upload_confirm"]
