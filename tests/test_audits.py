"""Case audits: grade scales, reading files with theme grades, the computed figures."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys

import pandas as pd
import pytest

from cib import audits, db, ingest
from cib.errors import CibError
from cib.ingest.audits import theme_name
from tests.conftest import ROOT

D = dt.date


def csv_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue().encode("utf-8")


def load(con, header, rows, name="audits.csv"):
    data = csv_bytes(header, rows)
    return ingest.load_file(con, data, name, "audits", "tester", today=D(2024, 1, 31))


def figure(con, measure: str, team: str, month: dt.date) -> tuple:
    # test-only read of the computed figures
    return (
        con.cursor()
        .execute(
            "select numerator, denominator, value from computed_observation "
            "where measure_id = ? and team = ? and month = ?",
            [measure, team, month],
        )
        .fetchone()
    )


@pytest.fixture
def con(db_path):
    connection = db.connect(db_path)
    yield connection
    connection.close()


HEADER = ["audit_date", "case_ref", "team", "audit_type", "grade"]


# --- grades ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("Outstanding", "Outstanding"),
        ("good", "Good"),
        ("a) Good", "Good"),
        ("G", "Good"),
        ("Requires improvement to be good", "Requires improvement"),
        ("Requires Improvement", "Requires improvement"),
        ("RI", "Requires improvement"),
        ("INADEQUATE", "Inadequate"),
        ("1", "Outstanding"),
        ("4", "Inadequate"),
        ("Grade 2", "Good"),
    ],
)
def test_ofsted_grades_in_their_many_spellings(text, grade):
    assert audits.parse_grade(text, audits.OFSTED)[:2] == (grade, audits._OFSTED_SCORES[grade])


def test_ten_point_scores_and_refusals():
    assert audits.parse_grade("7", audits.TEN) == ("7", 7.0, None)
    assert audits.parse_grade("6.5/10", audits.TEN)[:2] == ("6.5", 6.5)
    for bad in ("11", "-1", "Good", "seven"):
        grade, score, why = audits.parse_grade(bad, audits.TEN)
        assert grade is None and "expected a score from 0 to 10" in why
    assert "expected Outstanding, Good" in audits.parse_grade("Great", audits.OFSTED)[2]


def test_scale_settings_must_make_sense():
    audits.GradeScale(audits.TEN, 11, 7, 3).check()  # 11: nothing counts as outstanding
    for wrong in [("ten", 9, 7, 7), ("ten", 6, 7, 3), ("ten", 12, 7, 3), ("five", 9, 7, 3)]:
        with pytest.raises(CibError):
            audits.GradeScale(*wrong).check()


def test_python_band_agrees_with_the_sql_macro(con):
    scale = audits.GradeScale(audits.TEN, 9, 6.5, 3)
    cur = con.cursor()
    for kind, scores in ((audits.OFSTED, [1, 2, 3, 4]), (audits.TEN, [x / 2 for x in range(21)])):
        for score in scores:
            # test-only: the macro every audit query uses
            sql = cur.execute(
                "select audit_band(?, ?, ?, ?, ?)", [kind, score, 9.0, 6.5, 3.0]
            ).fetchone()[0]
            assert sql == scale.band(kind, score), (kind, score)


def test_theme_names():
    assert theme_name("theme_quality_of_plan") == "Quality of plan"
    assert theme_name("Theme: voice of the child") == "Voice of the child"
    assert theme_name("Management oversight") == "Management oversight"


# --- files -----------------------------------------------------------------------------------


def test_audits_with_themes_load_and_compute(con):
    header = [*HEADER, "Quality of plan", "theme_voice_of_the_child", "Auditor", "Comments"]
    rows = [
        [
            "14/07/2016",
            "CR1",
            "North",
            "Case file audit",
            "Good",
            "Good",
            "Outstanding",
            "A B",
            "Good work",
        ],
        ["15/07/2016", "CR2", "North", "", "Inadequate", "Inadequate", "", "A B", "Drift"],
        [
            "18/07/2016",
            "CR3",
            " South\xa0",
            "Thematic audit",
            "Requires improvement",
            "Requires improvement",
            "Good",
            "C D",
            "",
        ],
        ["02/08/2016", "CR1", "North", "Case file audit", "Outstanding", "", "Good", "A B", ""],
    ]
    result = load(con, header, rows)
    assert result.added == 4
    # test-only: what is kept (no auditor, no comments)
    stored = con.cursor().execute("select * from case_audit order by audit_date").df()
    assert list(stored.columns) == [
        "case_ref",
        "audit_date",
        "audit_type",
        "team",
        "scale",
        "grade",
        "score",
        "themes",
        "upload_id",
    ]
    assert stored["audit_type"].tolist()[1] == "Case file audit"  # blank: the default
    assert json.loads(stored["themes"][0]) == {"Quality of plan": 3.0, "Voice of the child": 4.0}
    assert set(stored["team"]) == {"North", "South"}

    july = D(2016, 7, 1)
    assert figure(con, audits.GOOD_OR_BETTER, "All", july) == (1, 3, 100 / 3)
    assert figure(con, audits.INADEQUATE, "All", july) == (1, 3, 100 / 3)
    assert figure(con, audits.GOOD_OR_BETTER, "North", july) == (1, 2, 50.0)
    assert figure(con, audits.GOOD_OR_BETTER, "All", D(2016, 8, 1)) == (1, 1, 100.0)

    cur = con.cursor()
    themes = audits.shares(audits.by_theme(cur, july, D(2016, 8, 1)), "theme")
    assert themes.set_index("theme")["audits"].to_dict() == {
        "Quality of plan": 3,
        "Voice of the child": 3,
    }
    mix = audits.grade_mix(cur)
    assert mix[mix["month"] == pd.Timestamp(july)]["n"].tolist() == [0, 1, 1, 1]  # best first
    teams = audits.shares(audits.by_team(cur, july, july), "team").set_index("team")
    assert teams.loc["North", "good_or_better_pct"] == 50.0


def test_problems_named_by_row_and_column(con):
    header = [*HEADER, "Quality of plan", "Comments"]
    rows = [
        ["14/07/2016", "CR1", "North", "", "Good", "Good", "x"],  # row 2: fine
        ["14/07/2016", "CR1", "North", "", "Good", "Good", ""],  # row 3: repeats row 2
        ["14/07/2030", "CR2", "North", "", "Good", "Good", ""],  # row 4: future
        ["15/07/2016", "CR3", "North", "", "", "Good", ""],  # row 5: no grade
        ["15/07/2016", "CR4", "North", "", "Great", "Good", ""],  # row 6: not a grade
        ["15/07/2016", "CR5", "North", "", "Good", "Very good", ""],  # row 7: theme not a grade
        ["15/07/2016", "", "All", "", "Good", "Good", ""],  # row 8: no case, team 'All'
    ]
    with pytest.raises(ingest.UploadRejected) as info:
        load(con, header, rows)
    text = str(info.value)
    for expected in [
        'row 3, column "case_ref": "CR1" repeats row 2',
        'row 4, column "audit_date": "14/07/2030" is in the future',
        'row 5, column "grade" is empty',
        'row 6, column "grade": "Great" is not a grade',
        'row 7, column "Quality of plan": "Very good" is not a grade',
        'row 8, column "case_ref" is empty',
        'row 8, column "team": "All" is the name the dashboard uses',
    ]:
        assert expected in text, expected
    assert audits.summary(con.cursor())["audits"] == 0


def test_reload_updates_and_undo_restores(con):
    one = [
        ["14/07/2016", "CR1", "North", "", "Good"],
        ["15/07/2016", "CR2", "North", "", "Inadequate"],
    ]
    two = [
        ["15/07/2016", "CR2", "North", "", "Requires improvement"],
        ["16/07/2016", "CR3", "North", "", "Good"],
    ]
    first = load(con, HEADER, one, "a.csv")
    second = load(con, HEADER, two, "b.csv")
    assert (second.added, second.replaced) == (1, 1)
    july = D(2016, 7, 1)
    assert figure(con, audits.INADEQUATE, "All", july) == (0, 3, 0.0)
    ingest.undo(con, second.upload_id, "tester")
    assert figure(con, audits.INADEQUATE, "All", july) == (1, 2, 50.0)
    ingest.undo(con, first.upload_id, "tester")
    assert figure(con, audits.INADEQUATE, "All", july) is None


def test_ten_point_scale_and_changing_thresholds_recomputes(con):
    with db.transaction(con) as cur:
        audits.set_grade_scale(cur, audits.GradeScale(audits.TEN, 9, 7, 3))
    scores = [10, 8, 7, 6, 3, 0]
    rows = [["14/07/2016", f"CR{i}", "North", "", str(s)] for i, s in enumerate(scores)]
    load(con, [*HEADER, "Voice of the child"], [r + [r[-1]] for r in rows])
    july = D(2016, 7, 1)
    assert figure(con, audits.GOOD_OR_BETTER, "All", july) == (3, 6, 50.0)  # 10, 8, 7
    assert figure(con, audits.INADEQUATE, "All", july) == (2, 6, 100 / 3)  # 3, 0
    with db.transaction(con) as cur:
        audits.set_grade_scale(cur, audits.GradeScale(audits.TEN, 11, 6, 2))
        assert audits.grade_scale(cur) == audits.GradeScale(audits.TEN, 11, 6, 2)
    assert figure(con, audits.GOOD_OR_BETTER, "All", july) == (4, 6, 200 / 3)  # 10, 8, 7, 6
    assert figure(con, audits.INADEQUATE, "All", july) == (1, 6, 100 / 6)  # 0
    themes = audits.by_theme(con.cursor(), july, july)
    assert themes[themes["grade"] == "Outstanding"]["n"].sum() == 0  # 11: none outstanding
    # A bad setting changes nothing.
    with pytest.raises(CibError), db.transaction(con) as cur:
        audits.set_grade_scale(cur, audits.GradeScale(audits.TEN, 9, 3, 5))
    assert audits.grade_scale(con.cursor()).good_from == 6


def test_cli_loads_audits_and_prints_the_measure(tmp_path):
    path = tmp_path / "a.duckdb"
    file = tmp_path / "audit_results.csv"
    file.write_bytes(
        csv_bytes(
            ["Date of audit", "Case Reference", "Team", "Overall grade", "Quality of plan"],
            [
                ["03/10/2016", "CR1", "North", "Good", "Good"],
                ["04/10/2016", "CR2", "North", "Requires improvement", "Inadequate"],
            ],
        )
    )
    run = [sys.executable, "-m", "cib"]
    out = subprocess.run(
        [*run, "load", "audits", str(file), "--db", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    out = subprocess.run(
        [*run, "measure", audits.GOOD_OR_BETTER, "--db", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    shown = [(r["month"], r["value"], r["numerator"], r["denominator"], r["source"]) for r in rows]
    assert shown == [("2016-10", "50.0", "1.0", "2.0", "computed from records")]
