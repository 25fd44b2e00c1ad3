"""Writes the corpus files that cannot be typed as text (workbooks, binary, other encodings).

Run once with `.venv/bin/python tests/files/make_files.py`; the files are kept in git so the
tests never depend on this script's output changing.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
FAULTY = HERE / "faulty"
VALID = HERE / "valid"


def _workbook(rows: list[list[object]], title: str = "Sheet1", pct_cell: str = "") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if pct_cell:  # shown as 82.4% in Excel, stored as 0.824
        sheet[pct_cell].number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def faulty() -> None:
    rng = random.Random(7)
    (FAULTY / "measures__binary_junk.csv").write_bytes(
        bytes(rng.randrange(256) for _ in range(600))
    )
    # An old .xls starts with the OLE2 signature.
    (FAULTY / "measures__old_excel.xls").write_bytes(
        bytes.fromhex("d0cf11e0a1b11ae1") + bytes(rng.randrange(256) for _ in range(500))
    )
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("notes.txt", "not a workbook")
    (FAULTY / "measures__zip_archive.csv").write_bytes(zipped.getvalue())
    # A workbook saved with a .csv name: read as a workbook, so the message names its row.
    header = ["measure_id", "month", "team", "value"]
    (FAULTY / "measures__workbook_named_csv.csv").write_bytes(
        _workbook(
            [
                header,
                ["assessments_within_45wd_pct", dt.datetime(2016, 8, 1), "All", 78.5],
                [None, None, None, None],
                ["assessments_within_45wd_pct", dt.datetime(2016, 9, 1), "All", "n/a"],
            ]
        )
    )
    (FAULTY / "measures__windows1252_bad_month.csv").write_bytes(
        "measure_id;month;team;value\r\n"
        "assessments_within_45wd_pct;Août 2016;Équipe Nord;78,5\r\n".encode("cp1252")
    )
    lines = ["measure_id,month,team,value"]
    lines += [f"assessments_within_45wd_pct,2016-08,Team {i},{100 + i}" for i in range(60)]
    (FAULTY / "measures__many_problems.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (FAULTY / "measures__damaged_workbook.xlsx").write_bytes(
        _workbook([header])[:400] + b"\x00" * 50
    )


def valid() -> None:
    # Windows-1252, semicolons, Aug-16 months, 83.4%, thousands, GSS symbols, NBSP in a team
    # name, trailing blank columns and rows: as Excel on a UK PC saves "CSV (semicolon)".
    text = (
        "Measure ID;Month;Team;Numerator;Denominator;Value (%);;\r\n"
        "assessments_within_45wd_pct;Aug-16;;1,234;1,480;83.4%;;\r\n"
        "assessments_within_45wd_pct;Aug-16;\xa0Équipe Nord\xa0;100;125;80%;;\r\n"
        "rereferrals_12m_pct;Aug-16;All;c;c;c;;\r\n"
        "caseload_avg;Aug-16;All;;;19.5;;\r\n"
        "assessments_completed;Aug-16;All;;;1,480;;\r\n"
        ";;;;;;;\r\n"
        ";;;;;;;\r\n"
    )
    (VALID / "measures_windows1252_semicolon.csv").write_bytes(text.encode("cp1252"))
    bom = (
        "\ufeffmeasure_id,month,team,numerator,denominator,value\r\n"
        "assessments_within_45wd_pct,August 2016,MASH,20,24,83.3%\r\n"
        "assessments_within_45wd_pct,01/09/2016,MASH,21,24,87.5\r\n"
        "cp_repeat_plans_pct,Sep 2016,All,,,x\r\n"
        "agency_sw_pct,2016-09,Assessment Team 1,3,12,\r\n"
        ",,,,,\r\n"
    )
    (VALID / "measures_utf8_bom.csv").write_bytes(bom.encode("utf-8"))
    header = ["Measure_ID", "MONTH", "team", "numerator", "denominator", "value"]
    rows = [
        header,
        ["assessments_within_45wd_pct", dt.datetime(2016, 10, 1), "All", 140, 170, 140 / 170],
        ["caseload_avg", "Oct-16", None, None, None, 18.25],
    ]
    (VALID / "measures_workbook.xlsx").write_bytes(_workbook(rows, title="Extract", pct_cell="F2"))
    targets = [
        ["measure_id", "effective_from", "target", "tolerance", "kind"],
        ["assessments_within_45wd_pct", "01/04/2016", "75%", None, "Local"],
        ["cp_reviews_in_timescale_pct", dt.datetime(2015, 4, 1), 95, 5, "statutory"],
    ]
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["Targets agreed by the board"])
    sheet = book.create_sheet("Targets")
    for row in targets:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    (VALID / "targets_two_sheets.xlsx").write_bytes(out.getvalue())


if __name__ == "__main__":
    FAULTY.mkdir(exist_ok=True)
    VALID.mkdir(exist_ok=True)
    faulty()
    valid()
