"""`python -m cib comparators MEASURE`, run as a user runs it (a subprocess), on real DfE files."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.fixture
def seeded(dfe_template, tmp_path):
    path = tmp_path / "cib.duckdb"
    shutil.copyfile(dfe_template, path)
    return path


def cib(*args, env_db=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CIB_")}
    if env_db is not None:
        env["CIB_DB"] = str(env_db)
    return subprocess.run(
        [sys.executable, "-m", "cib", "comparators", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def rows_of(out):
    return list(csv.DictReader(io.StringIO(out)))


def pick(rows, year, area_type):
    found = [r for r in rows if str(r["year"]) == str(year) and r["area_type"] == area_type]
    assert len(found) == 1, (year, area_type)
    return found[0]


def assert_clean_failure(result, *phrases):
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "usage:" not in result.stderr
    for phrase in phrases:
        assert phrase in result.stderr


def test_csv_has_the_contract_columns_first_and_the_known_values(seeded):
    result = cib("rereferrals_12m_pct", "--db", seeded)
    assert result.returncode == 0, result.stderr
    header = result.stdout.splitlines()[0].split(",")
    assert header[:4] == ["year", "area", "value", "symbol"]
    rows = rows_of(result.stdout)
    assert pick(rows, 2016, "england")["value"] == "22.5"
    torbay = pick(rows, 2016, "council")
    assert (torbay["area"], torbay["value"], torbay["symbol"]) == ("Torbay", "28.9", "")
    assert torbay["period_end"] == "2016-03"
    assert pick(rows, 2016, "region")["area"] == "South West"
    years = {r["year"] for r in rows}
    assert years == {str(y) for y in range(2013, 2026)}
    assert len(rows) == 4 * len(years)  # council, England, region, neighbour median each year


def test_json_has_the_same_keys_and_shows_suppression(seeded):
    result = cib("assessments_within_45wd_pct", "--format", "json", "--db", seeded)
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert list(records[0])[:4] == ["year", "area", "value", "symbol"]
    torbay_2016 = pick(records, 2016, "council")
    assert torbay_2016["value"] == 90.1 and torbay_2016["year"] == 2016
    assert pick(records, 2016, "england")["value"] == 83.4
    torbay_2017 = pick(records, 2017, "council")
    assert torbay_2017["value"] is None and torbay_2017["symbol"] == "c"
    assert torbay_2017["symbol_meaning"] == "suppressed to protect confidentiality"
    assert pick(records, 2014, "council")["symbol"] == "z"  # no assessments that year


def test_neighbour_model_choice_and_ranks(seeded):
    result = cib("rereferrals_12m_pct", "--sn-model", "2021", "--db", seeded)
    assert result.returncode == 0, result.stderr
    rows = rows_of(result.stdout)
    median = pick(rows, 2016, "neighbours_median")
    assert median["value"] == "24.3" and median["sn_model"] == "2021"
    assert median["note"] == "median of 9 of 10 neighbours with a figure"
    torbay = pick(rows, 2016, "council")
    assert (torbay["rank_among_neighbours"], torbay["neighbours_ranked"]) == ("8", "10")
    default = rows_of(cib("rereferrals_12m_pct", "--db", seeded).stdout)
    assert pick(default, 2016, "neighbours_median")["sn_model"] == "2025"


def test_each_neighbour_can_be_listed(seeded):
    result = cib("rereferrals_12m_pct", "--neighbours", "--sn-model", "2021", "--db", seeded)
    rows = rows_of(result.stdout)
    neighbours = [r for r in rows if r["year"] == "2016" and r["area_type"] == "neighbour"]
    assert len(neighbours) == 10
    by_name = {r["area"]: r for r in neighbours}
    assert by_name["Redcar and Cleveland"]["value"] == "10.0"  # 124 of 1246 referrals
    assert (by_name["Redcar and Cleveland"]["numerator"], by_name["Redcar and Cleveland"][
        "denominator"]) == ("124.0", "1246.0")  # fmt: skip
    assert by_name["Redcar and Cleveland"]["rank_among_neighbours"] == "1"
    bcp = by_name["Bournemouth, Christchurch & Poole"]  # formed in 2019: no 2016 figure
    assert (bcp["value"], bcp["symbol_meaning"]) == ("", "no figure published")


def test_workforce_years_print_as_september(seeded):
    rows = rows_of(cib("caseload_avg", "--db", seeded).stdout)
    torbay = pick(rows, 2017, "council")
    assert (torbay["value"], torbay["period_end"]) == ("21.0", "2017-09")


def test_another_council_by_its_la_code(seeded):
    rows = rows_of(cib("rereferrals_12m_pct", "--la", "879", "--db", seeded).stdout)
    plymouth = pick(rows, 2016, "council")
    assert (plymouth["area"], plymouth["value"]) == ("Plymouth", "36.1")


def test_the_db_option_wins_over_the_environment(seeded, tmp_path):
    other = tmp_path / "other.duckdb"
    result = cib("rereferrals_12m_pct", "--db", seeded, env_db=other)
    assert result.returncode == 0, result.stderr
    assert not other.exists()


def test_unknown_measure_names_the_closest_id(seeded):
    assert_clean_failure(
        cib("rereferals_12m", "--db", seeded),
        'unknown measure "rereferals_12m"',
        'Did you mean "rereferrals_12m_pct"?',
    )


def test_a_measure_without_a_comparator_says_so(seeded):
    assert_clean_failure(
        cib("assessments_completed", "--db", seeded),
        'measure "assessments_completed" has no DfE comparator',
        "rereferrals_12m_pct",
    )


def test_no_figures_loaded_is_a_clear_error_on_a_new_database(tmp_path):
    path = tmp_path / "new.duckdb"
    assert_clean_failure(
        cib("rereferrals_12m_pct", "--db", path),
        "no DfE figures are loaded for rereferrals_12m_pct (DfE table C1)",
        "python -m cib load dfe FILE",
    )
    assert path.exists()  # a new path is created and migrated


def test_an_unloaded_neighbour_model_is_refused(seeded):
    assert_clean_failure(
        cib("rereferrals_12m_pct", "--sn-model", "2019", "--db", seeded),
        "no 2019 statistical-neighbour model is loaded (loaded: 2021, 2025)",
    )


def test_an_unknown_council_is_refused(seeded):
    assert_clean_failure(
        cib("rereferrals_12m_pct", "--la", "999", "--db", seeded),
        "council 999 has no figures in DfE table C1",
    )


def test_help_lists_the_measures_with_a_comparator():
    result = subprocess.run(
        [sys.executable, "-m", "cib", "comparators", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    for measure_id in ("assessments_within_45wd_pct", "vacancy_rate_pct", "cp_repeat_plans_pct"):
        assert measure_id in result.stdout
