"""Crash safety: SIGKILL the CLI in the middle of a large load, again and again.

Each time the database must open, and hold the whole upload or none of it.
"""

import os
import random
import signal
import subprocess
import sys
import time

from cib import db
from tests.conftest import ROOT

ROWS = 200_000
MONTHS = [f"{y}-{m:02d}" for y in range(2008, 2018) for m in range(1, 13)]
MEASURES = ("assessments_within_45wd_pct", "rereferrals_12m_pct", "agency_sw_pct")


def big_extract(path, tag: str) -> None:
    """ROWS new figures whose teams all start with tag, so each round's rows can be counted."""
    lines = ["measure_id,month,team,numerator,denominator,value"]
    per_team = len(MEASURES) * len(MONTHS)
    for t in range(ROWS // per_team + 1):
        for m in MEASURES:
            lines += [f"{m},{mo},{tag} team {t},{t % 40},{40 + t % 9}," for mo in MONTHS]
    path.write_text("\n".join(lines[: ROWS + 1]) + "\n", encoding="utf-8")


def start_load(path, db_path):
    cmd = [sys.executable, "-m", "cib", "load", "measures", str(path)]
    cmd += ["--db", str(db_path), "--user", "crash", "--progress"]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def kill_after(proc, stage: str, extra: float) -> str:
    """Wait until the load reports `stage`, wait `extra` seconds more, then SIGKILL it."""
    seen = ""
    for raw in proc.stderr:
        line = raw.decode()
        seen += line
        if stage in line:
            time.sleep(extra)
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    return seen


def write_phase_seconds(path, db_path) -> float:
    """How long a whole load takes from 'Loading' (inside the transaction) to the exit."""
    proc = start_load(path, db_path)
    for raw in proc.stderr:
        if b"Loading" in raw:
            started = time.perf_counter()
            break
    proc.wait(timeout=300)
    assert proc.returncode == 0
    return time.perf_counter() - started


def state(db_path, tag: str) -> tuple[int, list[tuple]]:
    con = db.connect(db_path)  # opening replays the write-ahead log, if any
    try:
        n = con.execute(
            "select count(*) from observation where team like ?", [f"{tag} team %"]
        ).fetchone()[0]
        log = con.execute(
            "select status, rows_added from upload where file_name = ?", [f"{tag}.csv"]
        ).fetchall()
        failed = db.failed_checks(con.cursor())
        return n, log, failed
    finally:
        con.close()


def test_sigkill_mid_load_leaves_all_or_nothing(db_path, tmp_path):
    first = tmp_path / "Timing.csv"
    big_extract(first, "Timing")
    phase = write_phase_seconds(first, db_path)  # the window the kills aim at
    total = state(db_path, "Timing")[0]
    assert total == ROWS
    rng = random.Random(2016)
    # Kill at spread points of the write phase (rows written, checks, commit), plus random ones.
    plan = [("Loading", phase * f) for f in (0, 0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 1.0)]
    plan += [("Checking the data", 0.0), ("Loaded", 0.0), ("Loading", phase * rng.random())]
    outcomes = []
    killed = 0
    for i, (stage, extra) in enumerate(plan):
        tag = f"Round{i}"
        path = tmp_path / f"{tag}.csv"
        big_extract(path, tag)
        proc = start_load(path, db_path)
        seen = kill_after(proc, stage, extra)
        assert stage in seen, f"the load never reached {stage!r}: {seen}"
        killed += proc.returncode == -signal.SIGKILL

        n, log, failed = state(db_path, tag)
        assert n in (0, ROWS), f"round {i}: {n} rows is part of an upload"
        if n:
            assert log == [("loaded", ROWS)]
        else:
            assert log == []
        assert not failed, failed
        total += n
        outcomes.append(n == ROWS)
        path.unlink()

    # The kills really landed mid-load: most processes died by SIGKILL; some uploads are
    # wholly absent and some (killed after the commit) wholly there.
    assert killed >= len(plan) // 2, f"only {killed} of {len(plan)} loads were still running"
    assert not all(outcomes), "every load finished before the kill"
    assert any(outcomes), "no kill came after a commit"
    con = db.connect(db_path)
    assert con.execute("select count(*) from observation").fetchone()[0] == total
    con.close()


def test_after_a_crash_the_same_file_loads_whole(db_path, tmp_path):
    path = tmp_path / "Again.csv"
    big_extract(path, "Again")
    proc = start_load(path, db_path)
    kill_after(proc, "Loading", 0.0)
    out = subprocess.run(
        [sys.executable, "-m", "cib", "load", "measures", str(path), "--db", str(db_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "CIB_DB": str(db_path)},
    )
    assert out.returncode == 0, out.stderr
    n, log, failed = state(db_path, "Again")
    assert n == ROWS and not failed
    assert log[-1] == ("loaded", ROWS)
