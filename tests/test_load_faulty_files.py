"""The faulty-file corpus: each file gets its exact message and leaves every data table as it was.

tests/files/faulty/KIND__what_is_wrong.ext holds a file; KIND__what_is_wrong.ext.expected the
exact text `python -m cib load KIND FILE` must print on stderr.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from cib import cli, db
from tests.conftest import ROOT

FAULTY = ROOT / "tests" / "files" / "faulty"
CASES = sorted(p for p in FAULTY.iterdir() if p.suffix != ".expected")


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted (the upload log separately under 'upload')."""
    con = db.connect(path)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'main' order by table_name"
            ).fetchall()
        ]
        return {t: con.execute(f'select * from "{t}" order by all').fetchall() for t in tables}  # noqa: S608
    finally:
        con.close()


def assert_only_a_refusal_was_logged(before: dict, after: dict, file_name: str) -> None:
    """Data tables identical; the upload log gained at most refused attempts for this file."""
    assert {t: v for t, v in after.items() if t != "upload"} == {
        t: v for t, v in before.items() if t != "upload"
    }
    assert after["upload"][: len(before["upload"])] == before["upload"]
    new = after["upload"][len(before["upload"]) :]
    assert all(row[2] == file_name and row[6] == "refused" for row in new), new


def test_the_corpus_is_big_enough():
    assert len(CASES) >= 20
    assert all(Path(f"{p}.expected").exists() for p in CASES)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_faulty_file_gets_its_exact_message_and_changes_no_data(path, demo_db, capsys):
    kind = path.name.split("__")[0]
    expected = Path(f"{path}.expected").read_text(encoding="utf-8")
    before = snapshot(demo_db)

    code = cli.main(["load", kind, str(path), "--db", str(demo_db), "--user", "t"])

    out = capsys.readouterr()
    assert code == 1
    assert out.out == ""
    assert out.err == expected
    assert "Traceback" not in out.err
    after = snapshot(demo_db)
    assert_only_a_refusal_was_logged(before, after, path.name)
    assert len(after["upload"]) == len(before["upload"]) + 1  # the attempt is on the log


def test_refused_attempt_is_logged_with_its_message(demo_db, capsys):
    path = FAULTY / "measures__value_disagrees.csv"
    cli.main(["load", "measures", str(path), "--db", str(demo_db), "--user", "Ann"])
    con = db.connect(demo_db)
    row = con.execute(
        "select kind, file_name, user_name, status, sha256, message from upload "
        "order by upload_id desc limit 1"
    ).fetchone()
    con.close()
    assert row[:4] == ("measures", "measures__value_disagrees.csv", "Ann", "refused")
    assert len(row[4]) == 64
    assert "does not match the numerator and denominator" in row[5]


def test_a_real_process_prints_no_traceback_and_exits_1(demo_db):
    path = FAULTY / "measures__binary_junk.csv"
    out = subprocess.run(
        [sys.executable, "-m", "cib", "load", "measures", str(path), "--db", str(demo_db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert out.returncode == 1
    assert out.stdout == ""
    assert out.stderr == (FAULTY / "measures__binary_junk.csv.expected").read_text()
