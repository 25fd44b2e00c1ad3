"""Reading what Excel writes: encodings, delimiters, workbooks, row numbers, junk."""

import datetime as dt
import io

import openpyxl
import pytest

from cib.ingest import reading
from cib.ingest.kinds import detect
from cib.ingest.problems import Problems
from tests.conftest import ROOT

FILES = ROOT / "tests" / "files"


def read(data: bytes, name: str = "f.csv", **kw):
    problems = Problems(name)
    table = reading.read(data, name, problems, **kw)
    return table, problems


def workbook(sheets: dict[str, list[list]], pct_cols: tuple[int, ...] = ()) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
        for col in pct_cols:
            for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
                cell.number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("a,b\r\nÉquipe,1\r\n".encode(), "UTF-8"),
        ("a,b\r\nÉquipe,1\r\n".encode("utf-8-sig"), "UTF-8 with BOM"),
        ("a,b\r\nÉquipe,1\r\n".encode("cp1252"), "Windows-1252"),
        ("a\tb\r\nÉquipe\t1\r\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_encodings_excel_saves(data, encoding):
    table, problems = read(data)
    assert not problems
    assert table.headers == ["a", "b"]
    assert table.cells.iloc[0].tolist() == ["Équipe", "1"]
    assert encoding in table.description


@pytest.mark.parametrize(("sep", "word"), [(",", "comma"), (";", "semicolon"), ("\t", "tab")])
def test_delimiter_is_sniffed_from_the_header(sep, word):
    value = "15" if sep == "," else "1,5"  # a comma inside a semicolon file is data
    text = sep.join(["measure_id", "month", "value"]) + "\n" + sep.join(["m", "Aug-16", value])
    table, _ = read(text.encode())
    assert table.headers == ["measure_id", "month", "value"]
    assert word in table.description
    assert table.cells.iloc[0].tolist() == ["m", "Aug-16", value]


def test_rows_are_numbered_as_excel_shows_them():
    text = 'h1,h2\n\na,"line one\nline two"\n,\nb,2\n\n\n'
    table, problems = read(text.encode())
    assert not problems
    # header row 1, blank row 2, a on row 3 (one row despite the line break), blank, b on row 5
    assert table.rows.tolist() == [3, 5]
    assert table.cells[0].tolist() == ["a", "b"]


def test_cells_are_trimmed_including_non_breaking_spaces():
    table, _ = read("team,x\n\xa0 MASH \xa0,1\n".encode())
    assert table.cells.iloc[0, 0] == "MASH"


def test_trailing_blank_columns_are_ignored_but_a_filled_unnamed_column_is_kept():
    table, _ = read(b"a,b,,\n1,2,,\n3,4,,\n")
    assert table.headers == ["a", "b"]
    table, _ = read(b"a,b,\n1,2,\n3,4,x\n")
    assert table.headers == ["a", "b", ""]
    assert table.column_name(2) == "column C"


def test_a_longer_row_keeps_every_cell():
    table, _ = read(b"a,b\n1,2\n3,4,5\n")
    assert table.headers == ["a", "b", ""]
    assert table.cells.iloc[1].tolist() == ["3", "4", "5"]


def test_workbook_first_visible_sheet_dates_and_percent_cells():
    data = workbook(
        {
            "Extract": [
                ["measure_id", "month", "value", "n"],
                ["m", dt.datetime(2016, 8, 1), 0.834, 12.0],
                [None, None, None, None],
                ["m", dt.date(2016, 9, 1), 0.5, 3.25],
            ],
            "Other": [["x"]],
        },
        pct_cols=(3,),
    )
    table, problems = read(data, "extract.xlsx")
    assert not problems
    assert table.sheet == "Extract"
    assert table.rows.tolist() == [2, 4]
    assert table.cells.iloc[0].tolist() == ["m", "2016-08-01", "83.4%", "12"]
    assert table.cells.iloc[1].tolist() == ["m", "2016-09-01", "50%", "3.25"]


def test_workbook_named_sheet_any_case_and_a_missing_sheet():
    data = workbook({"Notes": [["hello"]], "Data": [["a"], ["1"]]})
    table, _ = read(data, "w.xlsx", sheet=" data ")
    assert table.sheet == "Data"
    assert table.headers == ["a"]
    table, problems = read(data, "w.xlsx", sheet="Targets")
    assert table is None
    assert problems.sentences() == [
        'w.xlsx has no sheet named "Targets" (expected one of: "Notes", "Data").'
    ]


def test_kind_can_pick_the_sheet():
    data = workbook({"Cover": [["x"]], "List 4": [["a"], ["1"]]})
    table, _ = read(data, "w.xlsx", pick_sheet=lambda names: next(n for n in names if "4" in n))
    assert table.sheet == "List 4"


def test_content_not_name_decides_the_format():
    data = workbook({"Sheet1": [["measure_id"], ["m"]]})
    table, problems = read(data, "looks_like.csv")
    assert table.file_format == "xlsx" and not problems
    table, problems = read(b"a,b\n1,2\n", "looks_like.xlsx")
    assert table.file_format == "csv" and not problems


@pytest.mark.parametrize(
    ("data", "starts"),
    [
        (b"", "f.csv is empty"),
        (b"\r\n\r\n,,,\r\n", "f.csv is empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "f.csv is an Excel 97-2003 workbook"),
        (b"%PDF-1.4\n...", "f.csv is a PDF document"),
        (bytes(range(256)) * 4, "f.csv is not a CSV file or an Excel workbook"),
        (b"PK\x03\x04broken", "f.csv looks like a damaged Excel workbook"),
    ],
)
def test_what_cannot_be_read_is_refused_with_what_it_is(data, starts):
    table, problems = read(data)
    assert table is None
    assert problems.sentences()[0].startswith(starts)


def test_detect_tells_kinds_apart_from_headers():
    assert detect(["Measure ID", "Month", "Team", "Value"]).kind.name == "measures"
    assert detect(["measure_id", "month", "numerator", "denominator"]).kind.name == "measures"
    assert detect(["measure_id", "Effective From", "Target"]).kind.name == "targets"
    assert detect(["measure_id", "month"]) is None
