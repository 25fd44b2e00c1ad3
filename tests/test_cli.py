"""The command line as analysts and outside checks use it: real processes, real files."""

import csv
import io
import json
import subprocess
import sys

from tests.conftest import ROOT


def cib(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cib", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_measure_prints_36_months_with_targets_and_rag(demo_db):
    out = cib("measure", "assessments_within_45wd_pct", "--format", "csv", "--db", str(demo_db))
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(rows) == 36
    assert list(rows[0])[:6] == ["month", "value", "numerator", "denominator", "target", "rag"]
    assert rows[0]["month"] == "2015-04" and rows[-1]["month"] == "2018-03"
    assert all(r["target"] and r["rag"] in {"green", "amber", "red"} for r in rows)
    assert round(float(rows[-1]["value"]), 1) == 88.7


def test_measure_json_and_team(demo_db):
    out = cib("measure", "caseload_avg", "--team", "MASH", "--format", "json", "--db", str(demo_db))
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert len(rows) == 36 and set(rows[0]) >= {"month", "value", "target", "rag"}


def test_missing_values_print_empty(demo_db):
    out = cib("measure", "audits_good_or_better_pct", "--db", str(demo_db))
    first = list(csv.DictReader(io.StringIO(out.stdout)))[0]
    assert first["target"] == "" and first["rag"] == ""  # no target before Apr 2016


def test_unknown_measure_is_an_analyst_error(demo_db):
    out = cib("measure", "assessments_45wd", "--db", str(demo_db))
    assert out.returncode == 1
    assert "did you mean" in out.stderr and "Traceback" not in out.stderr
    assert out.stdout == ""


def test_unknown_team_names_the_teams(demo_db):
    out = cib("measure", "caseload_avg", "--team", "Nowhere", "--db", str(demo_db))
    assert out.returncode == 1 and "MASH" in out.stderr


def test_db_option_creates_a_new_file_and_uses_no_other(tmp_path, monkeypatch):
    monkeypatch.setenv("CIB_DB", str(tmp_path / "not-this-one.duckdb"))
    target = tmp_path / "sub" / "new.duckdb"
    out = cib("demo", "--db", str(target))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("demo loaded:") and len(out.stdout.strip().splitlines()) == 1
    assert target.exists() and not (tmp_path / "not-this-one.duckdb").exists()
    again = cib("demo", "--db", str(target))
    assert again.returncode == 1 and "--replace" in again.stderr
    replaced = cib("demo", "--db", str(target), "--replace")
    assert replaced.returncode == 0, replaced.stderr


def test_help_lists_the_subcommands():
    out = cib("--help")
    assert out.returncode == 0
    for name in ["demo", "measure"]:
        assert name in out.stdout
