"""Comparator series (England, region, neighbour median, council), ranks, storage and charts."""

import math
import shutil

import pandas as pd
import plotly.graph_objects as go
import pytest

from cib import comparator_store, comparators, db, dfe, measures
from cib.charts import comparators as charts
from cib.charts.style import PALETTE
from cib.errors import CibError
from tests.conftest import ROOT

DFE_DIR = ROOT / "data" / "dfe"
C1 = DFE_DIR / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
SN2025 = DFE_DIR / "sn_model_2025_wide.csv"
TORBAY = "880"
CATALOGUE = {m.measure_id: m for m in measures.CATALOGUE}


# --- pure derivation on small, hand-made figures ------------------------------------------------


def values_frame(rows: list[tuple]) -> pd.DataFrame:
    """rows: (year, level, code, value, symbol); councils are in region R1 unless code is 'X'."""
    out = []
    for year, level, code, value, symbol in rows:
        region = "R2" if code == "X" else "R1"
        out.append({
            "source_table": "c1", "measure_id": "m", "year": year,
            "period_end": pd.Timestamp(year, 3, 31), "geographic_level": level,
            "area_code": code,
            "area_name": {"E": "England", "R1": "Region one", "R2": "Region two"}.get(code, code),
            "region_code": {"National": None, "Regional": code}.get(level, region),
            "region_name": None, "la_code": code if level == "Local authority" else None,
            "gss_code": None, "numerator": None, "denominator": None,
            "value": value, "symbol": symbol,
        })  # fmt: skip
    return pd.DataFrame(out)


def model(codes: list[str]) -> pd.DataFrame:
    return pd.DataFrame({
        "model_year": 2025, "la_code": "A", "neighbour_rank": range(1, len(codes) + 1),
        "neighbour_code": codes, "neighbour_name": [f"Council {c}" for c in codes],
        "closeness": "Close",
    })  # fmt: skip


def small(council: float | None = 30.0, n3: tuple = (None, "c")) -> pd.DataFrame:
    la = "Local authority"
    return values_frame([
        (2024, "National", "E", 25.0, None), (2024, "Regional", "R1", 27.0, None),
        (2024, "Regional", "R2", 99.0, None),
        (2024, la, "A", council, None if council is not None else "c"),
        (2024, la, "N1", 10.0, None), (2024, la, "N2", 20.0, None),
        (2024, la, "N3", *n3), (2024, la, "N4", 40.0, None),
        (2024, la, "X", 5.0, None), (2024, la, "Y", 50.0, None),
    ])  # fmt: skip


def row(series: pd.DataFrame, area_type: str, year: int = 2024) -> pd.Series:
    found = series[(series["area_type"] == area_type) & (series["year"] == year)]
    assert len(found) == 1, (area_type, year)
    return found.iloc[0]


def test_median_leaves_out_suppressed_neighbours_and_says_how_many_it_used():
    s = comparators.derive_series(small(), model(["N1", "N2", "N3", "N4"]), "A", "down")
    median = row(s, "neighbours_median")
    assert median["value"] == 20.0  # median of 10, 20, 40 (N3 is "c")
    assert median["note"] == "median of 3 of 4 neighbours with a figure"


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    s = comparators.derive_series(small(n3=(30.0, None)), model(["N1", "N2", "N3", "N4"]), "A",
                                  "down")  # fmt: skip
    assert row(s, "neighbours_median")["value"] == 25.0


def test_median_with_no_neighbour_figure_is_not_available_not_zero():
    s = comparators.derive_series(small(), model(["N3", "Q"]), "A", "up")
    median = row(s, "neighbours_median")
    assert math.isnan(median["value"])
    assert median["symbol"] == "x" and median["symbol_meaning"] == "not available"
    assert median["note"] == "no neighbour has a published figure"


def test_england_region_and_council_rows():
    s = comparators.derive_series(small(), model(["N1", "N2", "N3", "N4"]), "A", "down")
    assert row(s, "england")["value"] == 25.0
    assert (row(s, "region")["area"], row(s, "region")["value"]) == ("Region one", 27.0)
    assert row(s, "council")["value"] == 30.0
    assert list(s["area_type"]) == ["council", "england", "region", "neighbours_median"]


@pytest.mark.parametrize(
    ("polarity", "neighbours", "england"),
    # council 30 among itself and N1 10, N2 20, N4 40 (N3 suppressed): lower better -> 3rd of 4;
    # higher better -> 2nd. In England also X 5 and Y 50 (6 councils with a figure).
    [("down", (3, 4), (4, 6)), ("up", (2, 4), (3, 6))],
)
def test_ranks_follow_polarity(polarity, neighbours, england):
    s = comparators.derive_series(small(), model(["N1", "N2", "N3", "N4"]), "A", polarity)
    council = row(s, "council")
    assert (council["rank_among_neighbours"], council["neighbours_ranked"]) == neighbours
    assert (council["rank_in_england"], council["england_ranked"]) == england


def test_equal_figures_as_shown_share_the_better_rank():
    # 30.04 and 29.96 are both shown as 30.0: they tie, and both take rank 3 (lower is better).
    frame = small(council=30.04, n3=(29.96, None))
    s = comparators.derive_series(frame, model(["N1", "N2", "N3", "N4"]), "A", "down")
    assert row(s, "council")["rank_among_neighbours"] == 3
    assert row(s, "council")["value"] == 30.0


def test_no_ranks_for_a_measure_with_no_good_direction():
    s = comparators.derive_series(small(), model(["N1", "N2"]), "A", "neither")
    assert pd.isna(row(s, "council")["rank_among_neighbours"])
    assert pd.isna(row(s, "council")["rank_in_england"])


def test_suppressed_council_is_shown_as_suppressed_and_not_ranked():
    s = comparators.derive_series(small(council=None), model(["N1", "N2"]), "A", "down")
    council = row(s, "council")
    assert math.isnan(council["value"]) and council["symbol"] == "c"
    assert council["symbol_meaning"] == "suppressed to protect confidentiality"
    assert pd.isna(council["rank_in_england"])


def test_without_a_neighbour_model_there_is_no_median_and_no_neighbour_rank():
    s = comparators.derive_series(small(), model([]), "A", "down")
    assert "neighbours_median" not in set(s["area_type"])
    council = row(s, "council")
    assert pd.isna(council["rank_among_neighbours"]) and council["rank_in_england"] == 4


def test_panel_lists_each_neighbour_with_its_rank_and_why_a_figure_is_missing():
    p = comparators.panel(small(), model(["N1", "N2", "N3", "N4", "Q"]), "A", "up")
    assert set(p["year"]) == {2024}
    by_code = p.set_index("la_code")
    assert by_code.loc["N4", "rank"] == 1 and by_code.loc["A", "rank"] == 2
    assert by_code.loc["N3", "symbol"] == "c"
    assert by_code.loc["N3", "symbol_meaning"] == "suppressed to protect confidentiality"
    assert by_code.loc["Q", "symbol_meaning"] == "no figure published"  # no row that year
    assert list(p["area_type"][:4]) == ["council", "england", "region", "neighbours_median"]


# --- real DfE files in a real database -----------------------------------------------------------


@pytest.fixture
def seeded(dfe_template, tmp_path):
    path = tmp_path / "cib.duckdb"
    shutil.copyfile(dfe_template, path)
    con = db.connect(path)
    yield con
    con.close()


def real_series(con, measure_id, sn_model=None, la=TORBAY):
    with con.cursor() as cur:
        values = comparator_store.values(cur, measure_id)
        neighbours = comparator_store.neighbours(cur, la, sn_model)
    return values, neighbours, dfe.MEASURES[measure_id].polarity


def test_seeding_loads_every_published_file(seeded):
    with seeded.cursor() as cur:
        loaded = comparator_store.measures_loaded(cur)
        assert set(loaded["measure_id"]) == set(dfe.MEASURES)
        assert comparator_store.sn_models(cur) == [2021, 2025]


def test_known_values_through_the_database(seeded):
    values, neighbours, polarity = real_series(seeded, "assessments_within_45wd_pct")
    s = comparators.derive_series(values, neighbours, TORBAY, polarity)
    assert row(s, "england", 2016)["value"] == 83.4
    assert row(s, "council", 2016)["value"] == 90.1
    assert row(s, "region", 2016)["area"] == "South West"
    values, neighbours, polarity = real_series(seeded, "rereferrals_12m_pct")
    s = comparators.derive_series(values, neighbours, TORBAY, polarity)
    assert (row(s, "england", 2016)["value"], row(s, "council", 2016)["value"]) == (22.5, 28.9)


def test_rereferral_median_and_rank_2016_by_hand(seeded):
    # 2021 model, 2016 C1 rereferral_percent of Torbay's neighbours: Isle of Wight 32.9,
    # Plymouth 36.1, Redcar 10.0, Rotherham 28.0, Southend 19.9, Telford 17.1, Wigan 25.3,
    # NE Lincolnshire 11.5, Norfolk 24.3; BCP (839) did not exist until 2020.
    # Sorted: 10, 11.5, 17.1, 19.9, [24.3], 25.3, 28, 32.9, 36.1 -> median 24.3 of 9.
    # Torbay 28.9 (lower is better) comes after 10, 11.5, 17.1, 19.9, 24.3, 25.3, 28 -> 8th of 10.
    values, neighbours, polarity = real_series(seeded, "rereferrals_12m_pct", 2021)
    s = comparators.derive_series(values, neighbours, TORBAY, polarity)
    median = row(s, "neighbours_median", 2016)
    assert median["value"] == 24.3
    assert median["note"] == "median of 9 of 10 neighbours with a figure"
    council = row(s, "council", 2016)
    assert (council["rank_among_neighbours"], council["neighbours_ranked"]) == (8, 10)


def test_rank_in_england_agrees_with_a_count_straight_from_the_csv(seeded):
    raw = pd.read_csv(C1, dtype=str, keep_default_na=False)
    las = raw[(raw["geographic_level"] == "Local authority") & (raw["time_period"] == "2016")]
    figures = pd.to_numeric(las["rereferral_percent"], errors="coerce").dropna()
    better = int((figures < 28.9).sum())  # lower is better
    values, neighbours, polarity = real_series(seeded, "rereferrals_12m_pct")
    council = row(comparators.derive_series(values, neighbours, TORBAY, polarity), "council", 2016)
    assert (council["rank_in_england"], council["england_ranked"]) == (better + 1, len(figures))


def test_assessment_median_2017_by_hand_with_torbay_suppressed(seeded):
    # 2021 model, C2 2017, within 45 days / completed for each neighbour (BCP not yet formed):
    # IoW 2131/2691 79.2, Plymouth 3673/3900 94.2, Redcar 1201/1568 76.6, Rotherham 4899/5728
    # 85.5, Southend 1283/2012 63.8, Telford 2456/3248 75.6, Wigan 3861/4582 84.3,
    # NE Lincs 1354/1947 69.5, Norfolk 6275/8242 76.1. Sorted, the 5th of 9 is 76.6.
    values, neighbours, polarity = real_series(seeded, "assessments_within_45wd_pct", 2021)
    s = comparators.derive_series(values, neighbours, TORBAY, polarity)
    assert row(s, "neighbours_median", 2017)["value"] == 76.6
    council = row(s, "council", 2017)
    assert council["symbol"] == "c" and pd.isna(council["rank_among_neighbours"])


def test_the_latest_model_is_the_default(seeded):
    _, neighbours, _ = real_series(seeded, "rereferrals_12m_pct")
    assert set(neighbours["model_year"]) == {2025}
    assert neighbours["neighbour_name"].iloc[0] == "Tameside"
    with seeded.cursor() as cur, pytest.raises(CibError, match="no 2019 statistical-neighbour"):
        comparator_store.neighbours(cur, TORBAY, 2019)


def test_workforce_figures_are_at_30_september(seeded):
    values, neighbours, polarity = real_series(seeded, "agency_sw_pct")
    s = comparators.derive_series(values, neighbours, TORBAY, polarity)
    council = row(s, "council", 2019)
    assert council["value"] == 42.8 and str(council["period_end"]) == "2019-09-30"


# --- loading: replace by years, preview, undo, all or nothing ----------------------------------


def c1_2016_only(torbay_value: str = "30.0", drop: str | None = None) -> bytes:
    lines = C1.read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        if cells[0] != "2016" or cells[7] == drop:
            continue
        if cells[7] == TORBAY:
            cells[13] = torbay_value
        out.append(",".join(cells))
    return ("\n".join(out) + "\n").encode("utf-8")


def torbay(con, year):
    with con.cursor() as cur:
        values = comparator_store.values(cur, "rereferrals_12m_pct")
    found = values[(values["year"] == year) & (values["area_code"] == TORBAY)]
    return found.iloc[0]


def count(con, table):
    return con.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608 (fixed names)


def test_a_load_replaces_that_tables_rows_for_the_years_in_the_file_only(seeded):
    before = count(seeded, "comparator")
    with db.transaction(seeded) as cur:
        preview = comparator_store.preview_dfe_file(cur, c1_2016_only(), "c1_2016.csv")
        written = comparator_store.load_dfe_file(cur, c1_2016_only(), "c1_2016.csv", 7)
    assert preview == {"table": "c1", "title": dfe.TABLES["c1"].title, "added": 0,
                       "replaced": 1, "unchanged": 163, "removed": 0}  # fmt: skip
    assert written == 164
    assert torbay(seeded, 2016)["value"] == 30.0
    assert torbay(seeded, 2015)["value"] == 24.9  # other years untouched
    assert count(seeded, "comparator") == before


def test_preview_counts_rows_the_file_no_longer_has(seeded):
    with seeded.cursor() as cur:
        preview = comparator_store.preview_dfe_file(cur, c1_2016_only(drop="879"), "c1.csv")
    assert (preview["removed"], preview["replaced"]) == (1, 1)


def test_undo_restores_exactly_what_the_upload_replaced(seeded):
    snapshot = seeded.execute("select * from comparator order by all").df()
    with db.transaction(seeded) as cur:
        comparator_store.load_dfe_file(cur, c1_2016_only(drop="879"), "c1.csv", 7)
    assert count(seeded, "comparator") == len(snapshot) - 1
    with db.transaction(seeded) as cur:
        comparator_store.undo_dfe_load(cur, 7)
    after = seeded.execute("select * from comparator order by all").df()
    pd.testing.assert_frame_equal(snapshot, after)
    assert count(seeded, "comparator_replaced") == 0


def test_undo_is_refused_when_a_later_upload_replaced_the_same_figures(seeded):
    with db.transaction(seeded) as cur:
        comparator_store.load_dfe_file(cur, c1_2016_only("30.0"), "c1_a.csv", 7)
    with db.transaction(seeded) as cur:
        comparator_store.load_dfe_file(cur, c1_2016_only("31.0"), "c1_b.csv", 8)
    with seeded.cursor() as cur:
        assert comparator_store.undo_blockers(cur, 7) == [8]
        assert comparator_store.undo_blockers(cur, 8) == []
    with db.transaction(seeded) as cur, pytest.raises(CibError, match="later upload.s. 8"):
        comparator_store.undo_dfe_load(cur, 7)
    assert torbay(seeded, 2016)["value"] == 31.0
    for upload in (8, 7):
        with db.transaction(seeded) as cur:
            comparator_store.undo_dfe_load(cur, upload)
    assert torbay(seeded, 2016)["value"] == 28.9


def test_a_failed_transaction_leaves_the_figures_as_they_were(seeded):
    with pytest.raises(RuntimeError), db.transaction(seeded) as cur:
        comparator_store.load_dfe_file(cur, c1_2016_only("99.0"), "c1.csv", 7)
        raise RuntimeError("a later step of the upload failed")
    assert torbay(seeded, 2016)["value"] == 28.9


def test_a_bad_file_writes_nothing(seeded):
    before = count(seeded, "comparator")
    with pytest.raises(CibError), db.transaction(seeded) as cur:
        comparator_store.load_dfe_file(cur, b"Name,Score\nA,1\n", "scores.csv", 7)
    assert count(seeded, "comparator") == before


def test_a_neighbour_model_is_replaced_whole_and_undo_brings_it_back(seeded):
    data = SN2025.read_bytes()
    with db.transaction(seeded) as cur:
        preview = comparator_store.preview_dfe_file(cur, data, SN2025.name)
        comparator_store.load_dfe_file(cur, data, SN2025.name, 9)
    assert (preview["unchanged"], preview["added"], preview["replaced"]) == (1530, 0, 0)
    assert count(seeded, "stat_neighbour") == 1560 + 1530
    with db.transaction(seeded) as cur:
        comparator_store.undo_dfe_load(cur, 9)
    uploads = seeded.execute("select distinct upload_id from stat_neighbour").fetchall()
    assert uploads == [(None,)] and count(seeded, "stat_neighbour") == 1560 + 1530


# --- charts ------------------------------------------------------------------------------------


def monthly_figure():
    months = pd.date_range("2015-04-01", "2018-03-01", freq="MS")
    return go.Figure(go.Scatter(x=months, y=[70.0] * len(months), name="Actual"))


def test_annual_markers_sit_on_march_with_annual_legend_names(seeded):
    values, neighbours, polarity = real_series(seeded, "assessments_within_45wd_pct")
    s = comparators.derive_series(values, neighbours, TORBAY, polarity)
    fig = charts.add_comparator_markers(monthly_figure(), s,
                                        CATALOGUE["assessments_within_45wd_pct"])  # fmt: skip
    names = [t.name for t in fig.data]
    assert names[1:] == [
        "England (annual, year to March)",
        "South West (annual, year to March)",
        "Statistical neighbours median (annual, year to March)",
        "Torbay published (annual, year to March)",
    ]
    england = fig.data[1]
    assert {pd.Timestamp(x).month for x in england.x} == {3}
    assert [pd.Timestamp(x).year for x in england.x] == [2015, 2016, 2017, 2018]
    assert list(england.y) == [81.5, 83.4, 82.9, 82.7]
    council = fig.data[4]
    assert math.isnan(council.y[2])  # 2017 suppressed: no point, never zero
    notes = [a.text for a in fig.layout.annotations]
    assert notes == ["Torbay, year to Mar 2017: suppressed (c)"]


def test_workforce_markers_are_labelled_at_30_september(seeded):
    values, neighbours, polarity = real_series(seeded, "caseload_avg")
    s = comparators.derive_series(values, neighbours, TORBAY, polarity)
    fig = charts.add_comparator_markers(monthly_figure(), s, CATALOGUE["caseload_avg"])
    assert fig.data[1].name == "England (annual, at 30 September)"
    assert [pd.Timestamp(x).strftime("%Y-%m") for x in fig.data[1].x] == ["2017-09"]


def test_panel_figure_highlights_the_council_sorts_best_first_and_starts_at_zero(seeded):
    values, neighbours, polarity = real_series(seeded, "assessments_within_45wd_pct")
    p = comparators.panel(values, neighbours, TORBAY, polarity)
    m = CATALOGUE["assessments_within_45wd_pct"]
    fig = charts.comparator_panel(p, m)
    bar = fig.data[0]
    assert list(bar.x) == sorted(bar.x, reverse=True)  # higher is better: best at the top
    council = list(bar.y).index("<b>Torbay (council)</b>")
    assert bar.marker.color[council] == PALETTE["actual"]
    assert bar.text[council] == "<b>80.6%</b>"
    england = list(bar.y).index("England")
    assert bar.marker.color[england] == PALETTE["comparator_england"]
    assert fig.layout.xaxis.range[0] == 0
    assert fig.layout.title.text == "Torbay: 10th of 11 neighbours, 96th of 138 in England"
    assert "year to Mar 2024" in fig.layout.xaxis.title.text
    assert len(bar.y) == 14  # council, England, region, median and ten neighbours


def test_panel_figure_says_suppressed_instead_of_drawing_zero(seeded):
    values, neighbours, polarity = real_series(seeded, "assessments_within_45wd_pct")
    p = comparators.panel(values, neighbours, TORBAY, polarity, year=2017)
    fig = charts.comparator_panel(p, CATALOGUE["assessments_within_45wd_pct"])
    bar = fig.data[0]
    council = list(bar.y).index("<b>Torbay (council)</b>")
    assert bar.text[council] == "suppressed (c)"
    assert council == len(bar.y) - 1  # no figure: listed last
    assert fig.layout.title.text == "Torbay, year to Mar 2017: suppressed (c)"


def test_tables_behind_the_charts(seeded):
    values, neighbours, polarity = real_series(seeded, "assessments_within_45wd_pct")
    m = CATALOGUE["assessments_within_45wd_pct"]
    s = comparators.derive_series(values, neighbours, TORBAY, polarity)
    table = charts.markers_table(s, m)
    torbay_2017 = table[(table["Year"] == "year to Mar 2017") & (table["Area"] == "Torbay")]
    assert torbay_2017["Value"].iloc[0] == "suppressed (c)"
    torbay_2016 = table[(table["Year"] == "year to Mar 2016") & (table["Area"] == "Torbay")]
    assert torbay_2016["Value"].iloc[0] == "90.1%"
    assert torbay_2016["Rank in England"].iloc[0].endswith("of 137")
    panel_table = charts.panel_table(comparators.panel(values, neighbours, TORBAY, polarity), m)
    assert panel_table["Area"].iloc[0] == "Isle of Wight"
    assert panel_table.loc[panel_table["Area"] == "Torbay", "Rank among neighbours"].iloc[0] == (
        "10th of 11"
    )


def test_data_layer_serves_the_configured_council(demo_db):
    con = db.connect(demo_db)
    with db.transaction(con) as cur:
        comparator_store.seed_published(cur)
    con.close()
    from cib.data import comparators as data

    s = data.series("rereferrals_12m_pct")
    assert row(s, "council", 2016)["value"] == 28.9
    assert data.sn_models() == [2021, 2025]
    assert data.years("rereferrals_12m_pct")[0] == 2025
    p = data.panel("rereferrals_12m_pct", 2016, 2021)
    assert row(p.assign(year=2016), "neighbours_median", 2016)["value"] == 24.3
    assert data.series("assessments_completed").empty  # no comparator for this measure
