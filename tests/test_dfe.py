"""Reading the DfE tables as published: known values, symbols, neighbours, and bad files."""

import csv
import io
import math

import pandas as pd
import pytest

from cib import dfe, measures
from cib.errors import CibError
from tests.conftest import ROOT

DFE_DIR = ROOT / "data" / "dfe"
FILES = {
    "c1": "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
    "c2": "c2_children_in_need_assessments_duration_2014_to_2024.csv",
    "c4": "c4_children_in_need_section_47s_and_icpcs_2013_to_2024.csv",
    "d3": "d3_cpps_subsequent_plan_2013_to_2025.csv",
    "d5": "d5_cpps_at31march_by_duration_2013_to_2025.csv",
    "d6": "d6_cpps_reviewed_within_timescales_2013_to_2024.csv",
    "d7": "d7_cpps_ending_by_duration_2013_to_2024.csv",
    "csww": "csww_indicators_2017_to_2025.csv",
    "sn2021": "New_Statistical_Neighbour_Groupings_April_2021.csv",
    "sn2025": "sn_model_2025_wide.csv",
}
ENGLAND, TORBAY = "E92000001", "880"


def raw(key: str) -> bytes:
    return (DFE_DIR / FILES[key]).read_bytes()


_PARSED: dict[str, dfe.ParsedFile] = {}


def parsed(key: str) -> dfe.ParsedFile:
    if key not in _PARSED:
        _PARSED[key] = dfe.parse_file(raw(key), FILES[key])
    return _PARSED[key]


def figure(key: str, measure_id: str, year: int, area_code: str) -> pd.Series:
    rows = parsed(key).rows
    found = rows[
        (rows["measure_id"] == measure_id)
        & (rows["year"] == year)
        & (rows["area_code"] == area_code)
    ]
    assert len(found) == 1, (measure_id, year, area_code)
    return found.iloc[0]


def rewrite(data: bytes, change) -> bytes:
    """The CSV with its rows passed through change(header, rows) -> (header, rows)."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header, body = change(rows[0], rows[1:])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *body])
    return out.getvalue().encode("utf-8")


# --- known values (data/dfe/README.md) --------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "area", "expected"),
    [(2015, ENGLAND, 81.5), (2016, ENGLAND, 83.4), (2024, ENGLAND, 84.5),
     (2016, TORBAY, 90.1), (2024, TORBAY, 80.6)],
)  # fmt: skip
def test_assessments_within_45_working_days_known_values(year, area, expected):
    row = figure("c2", "assessments_within_45wd_pct", year, area)
    assert round(row["value"], 1) == expected
    assert row["symbol"] is None or pd.isna(row["symbol"])


def test_torbay_2016_within_45_days_counts():
    # Torbay 2016 row of C2: Same_day 85, 1-10 376, 11-20 369, 21-30 261, 31-40 226, 41-45 87,
    # Assessments_completed 1558 -> 1404 / 1558 = 90.12%.
    row = figure("c2", "assessments_within_45wd_pct", 2016, TORBAY)
    assert (row["numerator"], row["denominator"]) == (1404, 1558)


@pytest.mark.parametrize(("area", "expected"), [(ENGLAND, 22.5), (TORBAY, 28.9)])
def test_rereferrals_2016_known_values(area, expected):
    row = figure("c1", "rereferrals_12m_pct", 2016, area)
    assert row["value"] == expected


# --- more values derived by hand from the CSVs ------------------------------------------------


def test_c2_uses_the_over_45_buckets_when_an_early_bucket_is_suppressed():
    # Torbay 2022: Same_day is "c"; 46-50 = 61, 51-60 = 73, 61+ = 78 of 1973 completed:
    # within 45 = 1973 - 212 = 1761 -> 1761 / 1973 = 89.25%.
    row = figure("c2", "assessments_within_45wd_pct", 2022, TORBAY)
    assert row["numerator"] == 1761
    assert round(row["value"], 1) == 89.3


def test_c2_with_a_bucket_suppressed_on_both_sides_is_suppressed_not_zero():
    # Torbay 2017: Same_day "c" and 46-50 "c": neither sum is known.
    row = figure("c2", "assessments_within_45wd_pct", 2017, TORBAY)
    assert math.isnan(row["value"]) and row["symbol"] == "c"


def test_c2_with_no_assessments_is_not_applicable():
    # Torbay 2014 (the single-assessment transition year): every count 0 -> 0/0 is "z".
    row = figure("c2", "assessments_within_45wd_pct", 2014, TORBAY)
    assert math.isnan(row["value"]) and row["symbol"] == "z"


def test_icpc_within_15_days_by_hand():
    # England 2016 C4 durations 0-10 = 14020, 11-15 = 41980, 16-20 = 6580, 21+ = 10390:
    # 56000 / 72970 = 76.74%.  Torbay 2016: 31, 231, 26, 37 -> 262 / 325 = 80.62%.
    # Torbay 2022: 14, 182, 0, 17 -> 196 / 213 = 92.02%.
    assert round(figure("c4", "icpc_within_15wd_pct", 2016, ENGLAND)["value"], 1) == 76.7
    torbay = figure("c4", "icpc_within_15wd_pct", 2016, TORBAY)
    assert (torbay["numerator"], torbay["denominator"]) == (262, 325)
    assert round(torbay["value"], 1) == 80.6
    assert round(figure("c4", "icpc_within_15wd_pct", 2022, TORBAY)["value"], 1) == 92.0
    # Torbay 2024: the 0-10 bucket is "c" -> suppressed.
    assert figure("c4", "icpc_within_15wd_pct", 2024, TORBAY)["symbol"] == "c"


def test_published_percentages_with_their_counts():
    # D6 England 2024: 31500 of 35090 reviewed in timescale, published 89.8.
    d6 = figure("d6", "cp_reviews_in_timescale_pct", 2024, ENGLAND)
    assert (d6["numerator"], d6["denominator"], d6["value"]) == (31500, 35090, 89.8)
    # D5 England 2025: 1130 of 49420 plans open 2+ years, published 2.3.
    d5 = figure("d5", "cp_plans_2yrs_plus_pct", 2025, ENGLAND)
    assert (d5["numerator"], d5["denominator"], d5["value"]) == (1130, 49420, 2.3)
    # D3 Torbay 2025: 70 of 210 plans starting were second or subsequent, published 33.3.
    d3 = figure("d3", "cp_repeat_plans_pct", 2025, TORBAY)
    assert (d3["numerator"], d3["denominator"], d3["value"]) == (70, 210, 33.3)
    # D5 Torbay 2025: the 2+ years cells are "c".
    assert figure("d5", "cp_plans_2yrs_plus_pct", 2025, TORBAY)["symbol"] == "c"


def test_workforce_measures_by_hand():
    # CSWW England 2024: cases 320461 / case-holders 20803.5 FTE = 15.40; vacancies 7188.6 of
    # (7188.6 + in post 34328.2) = 17.31%; agency rate published 16.2.
    caseload = figure("csww", "caseload_avg", 2024, ENGLAND)
    assert caseload["value"] == 15.4
    assert round(caseload["numerator"] / caseload["denominator"], 1) == 15.4
    vacancy = figure("csww", "vacancy_rate_pct", 2024, ENGLAND)
    assert vacancy["denominator"] == pytest.approx(41516.8)
    assert round(100 * vacancy["numerator"] / vacancy["denominator"], 1) == vacancy["value"] == 17.3
    assert figure("csww", "agency_sw_pct", 2024, ENGLAND)["value"] == 16.2
    # Torbay: agency rate 43.8% in 2020, caseload 21.0 in 2017.
    assert figure("csww", "agency_sw_pct", 2020, TORBAY)["value"] == 43.8
    assert figure("csww", "caseload_avg", 2017, TORBAY)["value"] == 21.0


def test_workforce_years_end_in_september_and_cin_years_in_march():
    assert str(figure("csww", "caseload_avg", 2024, ENGLAND)["period_end"]) == "2024-09-30"
    assert str(figure("c1", "rereferrals_12m_pct", 2024, ENGLAND)["period_end"]) == "2024-03-31"


def test_geography_is_kept():
    row = figure("c1", "rereferrals_12m_pct", 2016, TORBAY)
    assert row["geographic_level"] == "Local authority"
    assert (row["la_code"], row["gss_code"], row["area_name"]) == ("880", "E06000027", "Torbay")
    assert (row["region_code"], row["region_name"]) == ("E12000009", "South West")
    region = figure("c1", "rereferrals_12m_pct", 2016, "E12000009")
    assert region["geographic_level"] == "Regional" and region["area_name"] == "South West"


# --- symbols ----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["c1", "c2", "c4", "d3", "d5", "d6", "d7", "csww"])
def test_a_symbol_is_never_a_number(key):
    rows = parsed(key).rows
    with_symbol = rows[rows["symbol"].notna()]
    assert len(with_symbol) > 0, "every real table has some suppressed or unavailable cells"
    assert with_symbol["value"].isna().all()
    assert set(with_symbol["symbol"]) <= set(dfe.SYMBOLS)


def test_each_symbol_in_the_workforce_file_is_kept_with_its_meaning():
    rows = parsed("csww").rows
    agency = rows[rows["measure_id"] == "agency_sw_pct"]
    assert {"low", "u", "x"} <= set(agency["symbol"].dropna())
    assert dfe.symbol_meaning("c") == "suppressed to protect confidentiality"
    assert dfe.symbol_meaning("low") == "a positive figure that rounds to zero"
    assert dfe.symbol_meaning(None) is None


def test_a_suppressed_published_percentage_keeps_its_symbol():
    data = rewrite(raw("c1"), lambda h, rows: (h, [
        [*r[:13], "c", *r[14:]] if r[7] == TORBAY and r[0] == "2016" else r for r in rows
    ]))  # fmt: skip
    row = dfe.parse_file(data, "c1.csv").rows
    torbay = row[(row["year"] == 2016) & (row["area_code"] == TORBAY)].iloc[0]
    assert math.isnan(torbay["value"]) and torbay["symbol"] == "c"


# --- which table a file is ----------------------------------------------------------------------


@pytest.mark.parametrize("key", list(FILES))
def test_each_file_is_recognised_by_its_columns(key):
    expected = "sn" if key.startswith("sn") else key
    assert parsed(key).table == expected


def test_every_comparator_measure_matches_the_catalogue():
    catalogue = {m.measure_id: m for m in measures.CATALOGUE}
    with_comparator = {k for k, m in catalogue.items() if m.comparator}
    assert with_comparator <= set(dfe.MEASURES)
    for measure_id in with_comparator:
        spec, m = dfe.MEASURES[measure_id], catalogue[measure_id]
        assert (spec.table, spec.polarity, spec.unit) == (m.comparator, m.polarity, m.unit)


def test_reordered_columns_and_extra_columns_load_the_same():
    def shuffle(header, rows):
        order = list(reversed(range(len(header))))
        new_header = [header[i] for i in order] + ["new_indicator_2026"]
        return new_header, [[r[i] for i in order] + ["12.5"] for r in rows]

    data = rewrite(raw("c2"), shuffle)
    again = dfe.parse_file(data, "c2_newer_release.csv")
    assert again.table == "c2"
    key = ["measure_id", "year", "geographic_level", "area_code"]
    a = parsed("c2").rows.sort_values(key).reset_index(drop=True)
    b = again.rows.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)


def test_headers_match_whatever_the_case_spacing_and_punctuation():
    def restyle(header, rows):
        return [h.replace("_", " ").title() for h in header], rows

    data = rewrite(raw("c1"), restyle)
    row = dfe.parse_file(data, "c1.csv").rows
    torbay = row[(row["year"] == 2016) & (row["area_code"] == TORBAY)].iloc[0]
    assert torbay["value"] == 28.9


def test_a_semicolon_windows_1252_copy_loads():
    text = raw("d3").decode("utf-8").replace(",", ";").replace("Torbay", "Torbay é")
    row = dfe.parse_file(text.encode("cp1252"), "d3.csv").rows
    torbay = row[(row["year"] == 2025) & (row["area_code"] == TORBAY)].iloc[0]
    assert torbay["area_name"] == "Torbay é" and torbay["value"] == 33.3


def test_a_renamed_column_is_named_in_the_error():
    data = rewrite(raw("c2"), lambda h, rows: (
        [("Completed" if c == "Assessments_completed" else c) for c in h], rows))  # fmt: skip
    with pytest.raises(CibError) as err:
        dfe.parse_file(data, "c2_edited.csv")
    message = str(err.value)
    assert '"c2_edited.csv"' in message
    assert "C2 children in need: duration of assessments" in message
    assert 'no column "Assessments_completed"' in message
    assert "Nothing was loaded" in message


def test_a_renamed_geography_column_is_named_in_the_error():
    data = rewrite(raw("d6"), lambda h, rows: (
        [("LA" if c == "la_name" else c) for c in h], rows))  # fmt: skip
    with pytest.raises(CibError, match=r'\(D6\) but has no column "la_name"'):
        dfe.parse_file(data, "d6.csv")


def test_a_file_from_a_table_the_product_does_not_use_says_so():
    header = ["time_period", "time_identifier", "geographic_level", "country_code",
              "country_name", "region_code", "region_name", "old_la_code", "new_la_code",
              "la_name", "category", "CLA_count", "CLA_rate"]  # fmt: skip
    body = [["2024", "Reporting year", "National", "E92000001", "England", "", "", "", "", "",
             "Children looked after at 31 March", "83630", "70"]]  # fmt: skip
    data = rewrite(b"x\n", lambda h, rows: (header, body))
    with pytest.raises(CibError) as err:
        dfe.parse_file(data, "a1_cla.csv")
    message = str(err.value)
    assert "is a DfE table this dashboard does not use" in message
    assert "Children looked after at 31 March" in message
    assert "C2 children in need: duration of assessments" in message  # what it can load


def test_a_monthly_measures_extract_is_pointed_to_its_kind():
    data = b"measure_id,month,team,value\nrereferrals_12m_pct,2016-08,,24.1\n"
    with pytest.raises(CibError, match='load it as kind "measures"'):
        dfe.parse_file(data, "august.csv")


def test_a_file_that_is_not_a_dfe_table_is_refused_with_its_columns():
    with pytest.raises(CibError, match=r'not a DfE tidy CSV.*"Name", "Score"'):
        dfe.parse_file(b"Name,Score\nA,1\n", "scores.csv")


def test_a_workbook_is_refused_as_not_a_csv():
    with pytest.raises(CibError, match="spreadsheet workbook, not a CSV"):
        dfe.parse_file(b"PK\x03\x04" + b"\x00" * 100, "c2.csv")


def test_an_empty_file_is_refused():
    with pytest.raises(CibError, match='"empty.csv" is empty'):
        dfe.parse_file(b"\n\n", "empty.csv")


def test_a_value_that_is_neither_number_nor_symbol_names_row_and_column():
    data = rewrite(raw("c1"), lambda h, rows: (h, [
        [*r[:13], "n/a", *r[14:]] if i == 4 else r for i, r in enumerate(rows)
    ]))  # fmt: skip
    with pytest.raises(CibError) as err:
        dfe.parse_file(data, "c1.csv")
    # rows[4] is the sixth line of the file (the header is row 1)
    assert 'row 6, column "rereferral_percent": "n/a" is not a number or a GSS symbol' in str(
        err.value
    )


def test_a_repeated_row_is_refused():
    data = rewrite(raw("d3"), lambda h, rows: (h, rows + [rows[0]]))
    with pytest.raises(CibError, match="England 2025 appears twice"):
        dfe.parse_file(data, "d3.csv")


def test_financial_year_periods_are_read_as_the_year_ending():
    data = rewrite(raw("d3"), lambda h, rows: (h, [
        ["202425" if r[0] == "2025" else r[0], *r[1:]] for r in rows
    ]))  # fmt: skip
    assert 2025 in dfe.parse_file(data, "d3.csv").years


def test_other_geographic_levels_are_skipped_not_refused():
    data = rewrite(raw("d3"), lambda h, rows: (h, rows + [
        [*rows[0][:2], "Local authority district", *rows[0][3:]]
    ]))  # fmt: skip
    result = dfe.parse_file(data, "d3.csv")
    assert result.skipped_rows == 1
    assert len(result.rows) == len(parsed("d3").rows)


# --- statistical neighbours --------------------------------------------------------------------


def neighbours_of(key: str, code: str) -> list[str]:
    rows = parsed(key).rows
    return list(rows[rows["la_code"] == code].sort_values("neighbour_rank")["neighbour_name"])


def test_torbay_neighbours_in_the_2021_model():
    assert parsed("sn2021").model_year == 2021
    assert neighbours_of("sn2021", TORBAY) == [
        "Isle of Wight", "Plymouth", "Redcar and Cleveland", "Rotherham", "Southend-on-Sea",
        "Telford and Wrekin", "Wigan", "Bournemouth, Christchurch & Poole",
        "North East Lincolnshire", "Norfolk",
    ]  # fmt: skip
    rows = parsed("sn2021").rows
    assert set(rows.loc[rows["la_code"] == TORBAY, "closeness"]) == {"Very close"}


def test_torbay_neighbours_in_the_2025_model_with_closeness():
    assert parsed("sn2025").model_year == 2025
    assert neighbours_of("sn2025", TORBAY) == [
        "Tameside", "Sunderland", "Plymouth", "Rotherham", "Redcar and Cleveland",
        "Isle of Wight", "Barnsley", "Gateshead", "Rochdale", "Telford and Wrekin",
    ]  # fmt: skip
    rows = parsed("sn2025").rows
    torbay = rows[rows["la_code"] == TORBAY].sort_values("neighbour_rank")
    # "Close " in the file has a trailing space: closeness is tidied.
    assert list(torbay["closeness"]) == ["Very close"] * 5 + ["Close"] * 5


def test_every_council_has_ten_neighbours_and_notes_are_skipped():
    for key, councils in (("sn2021", 156), ("sn2025", 153)):
        rows = parsed(key).rows
        per_council = rows.groupby("la_code").size()
        assert len(per_council) == councils and (per_council == 10).all()
    assert parsed("sn2021").skipped_rows == 1  # the "Old SNs:" note row


def test_a_neighbour_file_needs_its_model_year_in_the_name():
    with pytest.raises(CibError, match="does not say which model"):
        dfe.parse_file(raw("sn2025"), "neighbours.csv")


def test_a_neighbour_file_missing_a_neighbour_column_is_refused():
    data = rewrite(raw("sn2025"), lambda h, rows: (
        [("SN_third" if c == "SN_3" else c) for c in h], rows))  # fmt: skip
    with pytest.raises(CibError, match='has no column "SN3"'):
        dfe.parse_file(data, "sn_model_2025_wide.csv")


def test_cells_already_read_as_text_parse_like_the_file():
    rows = list(csv.reader(io.StringIO(raw("sn2021").decode("utf-8-sig"))))
    from_cells = dfe.parse_cells(rows[0], rows[1:], FILES["sn2021"])
    pd.testing.assert_frame_equal(from_cells.rows, parsed("sn2021").rows)
    rows = list(csv.reader(io.StringIO(raw("d6").decode("utf-8"))))
    from_cells = dfe.parse_cells(rows[0], rows[1:], FILES["d6"])
    pd.testing.assert_frame_equal(from_cells.rows, parsed("d6").rows)
