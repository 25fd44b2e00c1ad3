"""Value parsers and header matching: what Excel writes, read as an analyst means it."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from cib.ingest import parse
from cib.ingest.headers import Column, match, normalise

AUG = dt.date(2016, 8, 1)


@pytest.mark.parametrize(
    "text",
    [
        "2016-08",
        "2016/08",
        "2016-8",
        "Aug-16",
        "aug-16",
        "Aug 16",
        "Aug 2016",
        "Aug-2016",
        "August 2016",
        "AUGUST 2016",
        "Aug. 2016",
        "01/08/2016",
        "1/8/2016",
        "01-08-2016",
        "01.08.2016",
        "2016-08-01",
        "2016-08-01 00:00:00",
        "08/2016",
        "1 Aug 2016",
        "01-Aug-16",
    ],
)
def test_every_month_form_excel_writes(text):
    assert parse.parse_month(text) == (AUG, None)


def test_sept_and_two_digit_years_follow_excel():
    assert parse.parse_month("Sept 2016")[0] == dt.date(2016, 9, 1)
    assert parse.parse_month("Jan-29")[0] == dt.date(2029, 1, 1)
    assert parse.parse_month("Jan-30")[0] == dt.date(1930, 1, 1)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Aug-2O16", "is not a month"),
        ("Augu 2016", "is not a month"),
        ("2016-13", "is not a real month"),
        ("15/08/2016", "is not the first of a month (expected a month, e.g. 01/08/2016 for Aug"),
        ("2016-08-15", "is not the first of a month"),
        ("31/02/2016", "is not a real date"),
        ("08/31/2016", "is not a real date"),  # month first is never guessed
        ("", "is not a month"),
    ],
)
def test_months_that_are_refused_say_why(text, why):
    found, message = parse.parse_month(text)
    assert found is None
    assert message.startswith(why)
    assert "(expected" in message


def test_dates_are_day_first_never_month_first():
    assert parse.parse_date("03/04/2016") == (dt.date(2016, 4, 3), None)
    assert parse.parse_date("2016-04-03") == (dt.date(2016, 4, 3), None)
    assert parse.parse_date("3 Apr 2016") == (dt.date(2016, 4, 3), None)
    assert parse.parse_date("04/13/2016")[1].startswith("is not a real date")
    assert parse.parse_date("Apr 2016")[1].startswith("is not a date")


def test_months_column_parses_each_distinct_text_once():
    cells = pd.Series(["Aug-16", "", "2016-08", "nonsense", "Aug-16"], dtype="str")
    out = parse.months(cells)
    assert list(out.values) == [AUG, None, AUG, None, AUG]
    assert list(out.empty) == [False, True, False, False, False]
    assert list(out.bad) == [False, False, False, True, False]


def test_numbers_read_percent_signs_thousands_and_gss_symbols():
    cells = pd.Series(
        ["83.4%", "83.4 %", "1,234", "1,234.5", "-2", ".5", "1e3", "c", "[x]", "Low", ":", ""],
        dtype="str",
    )
    out = parse.numbers(cells, percent=True)
    expected = [83.4, 83.4, 1234, 1234.5, -2, 0.5, 1000]
    assert out.values[:7].tolist() == expected
    assert np.isnan(out.values[7:]).all()
    assert list(out.symbols[7:]) == ["c", "x", "low", ":", None]
    assert not out.bad.any()
    assert list(out.empty) == [False] * 11 + [True]


@pytest.mark.parametrize("text", ["83,4", "12a", "1,23", "nan", "inf", "1.2.3", "£5", "5 5"])
def test_numbers_that_are_refused(text):
    out = parse.numbers(pd.Series([text], dtype="str"), percent=True)
    assert out.bad.tolist() == [True]
    assert out.errors[0].startswith("is not a number (expected a number such as 83.4")


def test_percent_sign_only_where_a_percentage_is_meant():
    out = parse.numbers(pd.Series(["45%"], dtype="str"))
    assert out.bad.tolist() == [True]
    no_symbols = parse.numbers(pd.Series(["c"], dtype="str"), symbols=False)
    assert no_symbols.bad.tolist() == [True]


@pytest.mark.parametrize(
    "header",
    ["measure_id", "Measure ID", "MEASURE-ID", " measure id ", "Measure\xa0Id", "measure.id"],
)
def test_headers_match_whatever_case_spacing_and_punctuation(header):
    assert normalise(header) == "measureid"


def test_bracketed_units_are_ignored_and_aliases_match():
    assert normalise("Value (%)") == "value"
    columns = (Column("value", aliases=("percentage",)), Column("month", aliases=("period",)))
    found = match(["Percentage", "Period", "Colour", "", "VALUE"], columns)
    assert found.found == {"value": 0, "month": 1}
    assert found.unknown == [2]
    assert found.unnamed == [3]
    assert found.repeated == [(4, "value")]
