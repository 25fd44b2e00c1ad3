"""Two loads at once (two threads, or the app and the CLI) never lose or mix rows."""

import subprocess
import sys
import threading

import pytest

from cib import db, ingest
from tests.conftest import ROOT
from tests.test_load_faulty_files import snapshot

ROWS = 1500
MONTHS = [f"{y}-{m:02d}" for y in (2019, 2020) for m in range(1, 13)]


def extract(tag: str, value: float, teams: int = ROWS // len(MONTHS)) -> bytes:
    lines = ["measure_id,month,team,value"]
    lines += [f"caseload_avg,{m},{tag} {t},{value}" for m in MONTHS for t in range(teams)]
    return ("\n".join(lines) + "\n").encode()


def run_together(*jobs):
    """Start every job at the same moment on its own thread; return results or errors."""
    barrier = threading.Barrier(len(jobs))
    out: list = [None] * len(jobs)

    def run(i, job):
        barrier.wait()
        try:
            out[i] = job()
        except Exception as err:  # noqa: BLE001 - the test inspects it
            out[i] = err

    threads = [threading.Thread(target=run, args=(i, j)) for i, j in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return out


@pytest.fixture
def con(db_path):
    connection = db.connect(db_path)
    yield connection
    connection.close()


def rows_by_team_prefix(con, prefix):
    return con.execute(
        "select value, upload_id, count(*) from observation where team like ? group by all",
        [f"{prefix} %"],
    ).fetchall()


@pytest.mark.parametrize("round_", range(3))
def test_two_threads_loading_different_files_both_arrive_whole(con, round_):
    a, b = extract("North", 11.0), extract("South", 22.0)
    ra, rb = run_together(
        lambda: ingest.load_file(con, a, "north.csv", "measures", "ann"),
        lambda: ingest.load_file(con, b, "south.csv", "measures", "bob"),
    )
    assert isinstance(ra, ingest.LoadResult) and isinstance(rb, ingest.LoadResult), (ra, rb)
    assert ra.upload_id != rb.upload_id
    n = len(MONTHS) * (ROWS // len(MONTHS))
    assert rows_by_team_prefix(con, "North") == [(11.0, ra.upload_id, n)]
    assert rows_by_team_prefix(con, "South") == [(22.0, rb.upload_id, n)]
    log = con.execute(
        "select upload_id, user_name, rows_added from upload order by upload_id"
    ).fetchall()
    assert sorted(log) == sorted([(ra.upload_id, "ann", n), (rb.upload_id, "bob", n)])


def test_the_same_file_twice_at_once_is_loaded_once(con):
    data = extract("East", 5.0)
    results = run_together(*[lambda: ingest.load_file(con, data, "east.csv", "measures", "t")] * 3)
    assert all(isinstance(r, ingest.LoadResult) for r in results), results
    loaded = [r for r in results if r.already is None]
    assert len(loaded) == 1
    assert all(r.already.upload_id == loaded[0].upload_id for r in results if r.already)
    assert con.execute("select count(*) from upload").fetchone() == (1,)


def test_two_files_for_the_same_rows_at_once_never_mix(con, db_path):
    base = ingest.load_file(con, extract("West", 1.0), "base.csv", "measures", "t")
    original = snapshot(db_path)["observation"]
    results = run_together(
        lambda: ingest.load_file(con, extract("West", 2.0), "two.csv", "measures", "t"),
        lambda: ingest.load_file(con, extract("West", 3.0), "three.csv", "measures", "t"),
    )
    first, last = sorted(results, key=lambda r: r.upload_id)
    assert (first.replaced, last.replaced) == (ROWS // len(MONTHS) * len(MONTHS),) * 2
    # every row is the last load's, whole: value and upload agree
    value = 2.0 if last.file_name == "two.csv" else 3.0
    n = len(MONTHS) * (ROWS // len(MONTHS))
    assert rows_by_team_prefix(con, "West") == [(value, last.upload_id, n)]
    # undo in reverse order walks back through exact earlier states
    ingest.undo(con, last.upload_id, "t")
    assert rows_by_team_prefix(con, "West") == [(5.0 - value, first.upload_id, n)]
    ingest.undo(con, first.upload_id, "t")
    assert snapshot(db_path)["observation"] == original
    assert rows_by_team_prefix(con, "West") == [(1.0, base.upload_id, n)]


def test_a_load_and_an_undo_at_once_are_serialised(con):
    old = ingest.load_file(con, extract("Hill", 1.0), "hill.csv", "measures", "t")
    results = run_together(
        lambda: ingest.undo(con, old.upload_id, "t"),
        lambda: ingest.load_file(con, extract("Vale", 2.0), "vale.csv", "measures", "t"),
    )
    assert not any(isinstance(r, Exception) for r in results), results
    assert rows_by_team_prefix(con, "Hill") == []
    assert rows_by_team_prefix(con, "Vale")[0][0] == 2.0


def test_the_cli_cannot_load_while_the_app_holds_the_database(con, db_path, tmp_path):
    """The app's process holds the file: the CLI is refused cleanly and changes nothing."""
    ingest.load_file(con, extract("App", 1.0), "app.csv", "measures", "app")
    before = snapshot(db_path)
    path = tmp_path / "cli.csv"
    path.write_bytes(extract("Cli", 2.0))
    out = subprocess.run(
        [sys.executable, "-m", "cib", "load", "measures", str(path), "--db", str(db_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert out.returncode == 1
    assert "is in use by another program" in out.stderr
    assert "Traceback" not in out.stderr
    assert snapshot(db_path) == before
