"""`python -m cib spc` run as a subprocess, as an analyst (or the contract checker) runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cib import db, spc_store

ROOT = Path(__file__).resolve().parents[1]
VIGNETTE = "1,2,1,2,10,1,2,1,2,1,2,1,2,1,2,1,2,1"


def cib(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cib", "spc", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def spc_json(*args: str) -> dict:
    done = cib(*args)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return json.loads(done.stdout)


def test_vignette_vector_unscreened():
    out = spc_json("--values", VIGNETTE)
    assert round(out["mean"], 2) == 1.94
    assert round(out["upl"], 2) == 6.95
    assert round(out["lpl"], 2) == -3.06
    assert len(out["points"]) == 18
    assert [p["index"] for p in out["points"]] == list(range(18))
    assert out["points"][4]["rules"] == ["beyond_limit"]
    assert all(p["rules"] == [] for i, p in enumerate(out["points"]) if i != 4)
    assert out["variation_icon"] == "common_cause"
    assert out["assurance_icon"] == "none"


def test_vignette_vector_screened():
    out = spc_json("--values", VIGNETTE, "--screen")
    assert round(out["mean"], 2) == 1.94
    assert (round(out["upl"], 2), round(out["lpl"], 2)) == (4.60, -0.72)


def test_polarity_and_target_choose_the_icons():
    values = ",".join(["8,12"] * 10 + ["40"])
    out = spc_json("--values", values, "--polarity", "up", "--target", "-10")
    assert out["variation_icon"] == "improvement_high"
    assert out["assurance_icon"] == "pass"
    assert out["points"][-1]["signal"] == "improvement"
    down = spc_json("--values", values, "--polarity", "down", "--target", "-10")
    assert (down["variation_icon"], down["assurance_icon"]) == ("concern_high", "fail")


def test_target_on_the_limit_counts_as_pass():
    first = spc_json("--values", VIGNETTE)
    out = spc_json("--values", VIGNETTE, "--polarity", "up", "--target", repr(first["lpl"]))
    assert out["assurance_icon"] == "pass"


def test_values_may_be_written_with_spaces():
    comma = spc_json("--values", VIGNETTE)
    spaced = spc_json("--values", VIGNETTE.replace(",", ", "))
    words = spc_json("--values", *VIGNETTE.split(","))
    assert comma == spaced == words


def test_negative_values_and_missing_items():
    out = spc_json("--values", "-1,2,,4", "--polarity", "down")
    assert [p["value"] for p in out["points"]] == [-1.0, 2.0, None, 4.0]
    assert out["chart"] == "run"
    assert spc_json("--values=-1,2,,4") == spc_json("--values", "-1", "2", "", "4")


def test_rebase_at_is_repeatable_and_the_last_segment_is_reported():
    values = ",".join(["1,2"] * 8 + ["20,22"] * 8 + ["40,44"] * 8)
    out = spc_json("--values", values, "--rebase-at", "16", "--rebase-at", "32")
    assert [(s["start"], s["end"]) for s in out["segments"]] == [(0, 15), (16, 31), (32, 47)]
    assert out["mean"] == 42.0
    assert out["points"][0]["mean"] == 1.5 and out["points"][20]["mean"] == 21.0


def test_fewer_than_15_points_is_a_run_chart_with_no_limits_or_icons():
    out = spc_json("--values", "1,2,1,2,1,2,1,2,1,2,1,2,1,50", "--polarity", "up", "--target", "1")
    assert out["chart"] == "run"
    assert out["upl"] is None and out["lpl"] is None
    assert all(p["rules"] == [] for p in out["points"])
    assert (out["variation_icon"], out["assurance_icon"]) == ("none", "none")
    assert "15" in out["reason"]


def test_shift_points_setting():
    values = ",".join(["13,7"] * 4 + ["11"] * 6 + ["9,9,9,10,9,9,9,10"] + ["7,13"] * 2)
    assert not any("shift" in p["rules"] for p in spc_json("--values", values)["points"])
    six = spc_json("--values", values, "--shift-points", "6")
    assert sum("shift" in p["rules"] for p in six["points"]) == 6


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--values", "1,x"], "'x'"),
        (["--values", "1,2,3", "--rebase-at", "7"], "outside the series"),
        (["--values", "1,2,3", "--rebase-at", "two"], "whole number"),
        (["--values", "1,2,3", "--target", "high"], "not a number"),
        (["--values", "1,2,3", "--target", "1,2"], "one number"),
        (["--values", VIGNETTE, "--shift-points", "9"], "6 to 8"),
        (["--values", "1,inf"], "finite"),
        (["--values", ","], "at least one number"),
    ],
)
def test_bad_input_is_one_line_for_an_analyst(args, words):
    done = cib(*args)
    assert done.returncode != 0
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert "usage:" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert words in lines[0]


def test_measure_from_the_database_uses_its_stored_rebases(db_path):
    figures = pd.DataFrame(
        {
            "measure_id": "caseload_avg",
            "month": pd.date_range("2016-01-01", periods=20, freq="MS"),
            "team": "All",
            "numerator": None,
            "denominator": None,
            "value": [20.0, 22.0] * 5 + [15.0, 16.0] * 5,
            "symbol": None,
        }
    )
    con = db.connect(db_path)
    with db.transaction(con) as cur:
        cur.register("incoming_observations", figures)
        db.execute(cur, "load_demo_observations", upload_id=None)
        spc_store.add_rebase(cur, "caseload_avg", "2016-11-01", "new caseload policy")
    con.close()
    path = db_path
    out = spc_json("--measure", "caseload_avg", "--db", str(path))
    assert out["measure_id"] == "caseload_avg" and out["polarity"] == "down"
    assert out["points"][0]["month"] == "2016-01" and out["points"][-1]["month"] == "2017-08"
    assert [s["start"] for s in out["segments"]] == [0, 10]
    assert out["rebase_months"] == ["2016-11"]
    assert out["mean"] == 15.5


def test_unknown_measure_is_an_analyst_error(tmp_path):
    done = cib("--measure", "no_such_measure", "--db", str(tmp_path / "x.duckdb"))
    assert done.returncode == 1
    assert done.stderr.startswith("error: there is no measure")
