"""Acceptance: a List 4 file of 2,400 records, loaded through `python -m cib load assessments`,
gives exactly the figures worked out independently (numpy busday_count and gov.uk's list of
England & Wales bank holidays, typed in here) in `python -m cib measure`, for every month and
team: 0 mismatches."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from cib import db
from tests.conftest import ROOT

# England & Wales bank holidays 2015-2018 (gov.uk), written out so the expected figures do not
# depend on the library the app uses.
BANK_HOLIDAYS = np.array(
    [
        "2015-01-01",
        "2015-04-03",
        "2015-04-06",
        "2015-05-04",
        "2015-05-25",
        "2015-08-31",
        "2015-12-25",
        "2015-12-28",
        "2016-01-01",
        "2016-03-25",
        "2016-03-28",
        "2016-05-02",
        "2016-05-30",
        "2016-08-29",
        "2016-12-26",
        "2016-12-27",
        "2017-01-02",
        "2017-04-14",
        "2017-04-17",
        "2017-05-01",
        "2017-05-29",
        "2017-08-28",
        "2017-12-25",
        "2017-12-26",
        "2018-01-01",
        "2018-03-30",
        "2018-04-02",
        "2018-05-07",
        "2018-05-28",
        "2018-08-27",
        "2018-12-25",
        "2018-12-26",
    ],
    dtype="datetime64[D]",
)
TEAMS = {  # as written in the file -> as the dashboard groups it (trimmed)
    "Assessment Team 1": "Assessment Team 1",
    " Assessment Team 1 ": "Assessment Team 1",
    "Assessment Team 2": "Assessment Team 2",
    "MASH\xa0": "MASH",
    "MASH": "MASH",
    "Safeguarding North": "Safeguarding North",
}
N = 2400


def working_days(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """DOMAIN.md: the days after the start up to and including the end, weekdays that are not
    bank holidays. busday_count counts [a, b), so both ends move on a day."""
    return np.busday_count(start + 1, end + 1, holidays=BANK_HOLIDAYS)


def make_records(seed: int = 45) -> pd.DataFrame:
    """Random assessments over two winters, two Easters and every other bank holiday of
    2015-2017, with the edges placed on purpose."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2015-10-01") + rng.integers(0, 640, N)
    length = rng.choice([0, 1, 2, 5, 10, 20, 28, 40, 60, 63, 64, 65, 66, 70, 90, 120, 200], N)
    length = length + rng.integers(0, 8, N)
    end = start + length
    edges = [  # start, end: same day, 45 and 46 working days, Christmas, Easter
        ("2016-04-01", "2016-04-01"),
        ("2016-03-24", "2016-03-29"),
        ("2015-12-24", "2016-01-04"),
        ("2016-12-23", "2017-01-03"),
        ("2017-04-13", "2017-04-18"),
        ("2016-03-01", "2016-05-04"),
        ("2016-03-01", "2016-05-05"),
        ("2016-12-01", "2017-02-08"),
        ("2016-12-01", "2017-02-09"),
    ]
    for i, (s, e) in enumerate(edges):
        start[i], end[i] = np.datetime64(s), np.datetime64(e)
    still_open = rng.random(N) < 0.08
    still_open[: len(edges)] = False
    frame = pd.DataFrame(
        {
            "child": [f"LA{n:06d}" for n in rng.permutation(N)],
            "start": start,
            "end": np.where(still_open, np.datetime64("NaT"), end),
            "team_written": rng.choice(list(TEAMS), N),
        }
    )
    frame["team"] = frame["team_written"].map(TEAMS)
    return frame


def write_list4(frame: pd.DataFrame) -> bytes:
    """As a council's extract: Annex A headers (one in lower case), columns the measures do not
    use, day-first dates, codes like 'a) Yes' and '#N/A'."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(
        [
            "Child Unique ID",
            "Gender",
            "Date of Birth",
            "Age of Child (Years)",
            "continuous assessment start date",
            "Child Seen During Continuous Assessment",
            "Continuous Assessment Date of Authorisation",
            "Was the child assessed as requiring LA children's social care support?",
            "Allocated Team",
            "Allocated Worker",
        ]
    )
    for r in frame.itertuples():
        end = "" if pd.isna(r.end) else f"{r.end:%d/%m/%Y}"
        w.writerow(
            [
                r.child,
                "a) Male",
                "01/01/2010",
                "#N/A",
                f"{r.start:%d/%m/%Y}",
                "a) Yes",
                end,
                "a) Yes" if end else "",
                r.team_written,
                "A Worker",
            ]
        )
    return out.getvalue().encode("utf-8")


def expected_figures(frame: pd.DataFrame) -> dict[tuple[str, str, str], tuple]:
    """(measure, team, YYYY-MM) -> (value, numerator, denominator), worked out here."""
    done = frame.dropna(subset=["end"]).copy()
    done["wd"] = working_days(
        done["start"].to_numpy("datetime64[D]"), done["end"].to_numpy("datetime64[D]")
    )
    done["month"] = done["end"].dt.strftime("%Y-%m")
    out = {}
    for team, part in [("All", done), *done.groupby("team")]:
        for month, g in part.groupby("month"):
            n = len(g)
            w45, w20 = int((g["wd"] <= 45).sum()), int((g["wd"] <= 20).sum())
            out[("assessments_within_45wd_pct", team, month)] = (100 * w45 / n, w45, n)
            out[("assessments_within_20wd_pct", team, month)] = (100 * w20 / n, w20, n)
            out[("assessments_completed", team, month)] = (n, None, None)
            out[("assessments_median_wd", team, month)] = (float(np.median(g["wd"])), None, n)
    # The backlog at each month end from the first month with an authorisation to the last
    # month any record mentions: open (started, not yet authorised) and past 45 working days.
    first = done["end"].min().to_period("M")
    last = pd.concat([frame["start"], frame["end"]]).max().to_period("M")
    for period in pd.period_range(first, last, freq="M"):
        month_end = np.datetime64(period.end_time.date())
        is_open = (frame["start"] <= month_end) & (frame["end"].isna() | (frame["end"] > month_end))
        age = working_days(frame["start"].to_numpy("datetime64[D]"), np.full(N, month_end))
        late = is_open.to_numpy() & (age > 45)
        for team in ["All", *sorted(set(TEAMS.values()))]:
            mine = late if team == "All" else late & (frame["team"] == team).to_numpy()
            key = ("open_assessments_over_45wd", team, str(period))
            out[key] = (int(mine.sum()), None, None)
    return out


def cib(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cib", *args], cwd=ROOT, capture_output=True, text=True, timeout=180
    )


def _number(text: str) -> float | None:
    return None if text == "" else float(text)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The file loaded through the command line into a new database."""
    folder = tmp_path_factory.mktemp("acceptance")
    frame = make_records()
    path, file = folder / "cib.duckdb", folder / "Annex_A_List_4.csv"
    file.write_bytes(write_list4(frame))
    out = cib("load", "assessments", str(file), "--db", str(path))
    assert out.returncode == 0, out.stderr
    assert f"{N:,} added" in out.stdout
    return frame, path


def test_records_span_bank_holidays(loaded):
    frame, _ = loaded
    assert len(frame) >= 2000
    done = frame.dropna(subset=["end"])
    inside = [h for h in pd.to_datetime(BANK_HOLIDAYS) if "2015-12" <= f"{h:%Y-%m}" <= "2017-05"]
    spans = [((done["start"] < h) & (done["end"] >= h)).sum() for h in inside]
    assert len(inside) == 15 and min(spans) > 20  # each holiday Christmas 2015 - May 2017


def test_cli_measure_output_matches_independent_figures(loaded):
    frame, path = loaded
    expected = expected_figures(frame)
    mismatches, compared = [], 0
    teams = ["All", *sorted(set(TEAMS.values()))]
    measures = [
        "assessments_within_45wd_pct",
        "assessments_within_20wd_pct",
        "assessments_completed",
        "open_assessments_over_45wd",
    ]
    for measure in measures:
        for team in teams:
            out = cib("measure", measure, "--team", team, "--format", "csv", "--db", str(path))
            assert out.returncode == 0, out.stderr
            got = {
                r["month"]: (r, _number(r["value"]))
                for r in csv.DictReader(io.StringIO(out.stdout))
            }
            want = {k[2]: v for k, v in expected.items() if k[0] == measure and k[1] == team}
            if set(got) != set(want):
                mismatches.append((measure, team, "months", sorted(set(got) ^ set(want))))
            for month, (value, num, den) in want.items():
                compared += 1
                row, shown = got.get(month, ({}, None))
                ok = shown is not None and abs(shown - value) < 1e-9
                if num is not None:
                    ok = ok and _number(row["numerator"]) == num
                    ok = ok and _number(row["denominator"]) == den
                ok = ok and row.get("source") == "computed from records"
                if not ok:
                    mismatches.append((measure, team, month, (value, num, den), row))
    assert compared > 500  # 4 measures x 5 teams x the months
    assert mismatches == [], mismatches[:5]


def test_median_working_days_matches(loaded):
    """Not yet in the catalogue (so not in `measure`): read from the computed figures."""
    frame, path = loaded
    want = {(k[1], k[2]): v[0] for k, v in expected_figures(frame).items() if k[0].endswith("_wd")}
    con = db.connect(path)
    try:
        # test-only read
        got = (
            con.cursor()
            .execute(
                "select team, strftime(month, '%Y-%m'), value from computed_observation "
                "where measure_id = 'assessments_median_wd'"
            )
            .fetchall()
        )
    finally:
        con.close()
    assert {(t, m): v for t, m, v in got} == want
