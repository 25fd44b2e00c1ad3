"""`python -m cib load KIND FILE`: one summary line and exit 0, or the problems and exit 1."""

from cib import cli, db
from tests.conftest import ROOT
from tests.test_load_faulty_files import snapshot

VALID = ROOT / "tests" / "files" / "valid"


def run(capsys, *args):
    code = cli.main(["load", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_messy_excel_csv_loads_with_one_summary_line(tmp_path, capsys):
    path = tmp_path / "new.duckdb"  # does not exist yet: created, migrated, no demo data
    messy = VALID / "measures_windows1252_semicolon.csv"
    code, out, err = run(capsys, "measures", messy, "--db", path, "--user", "Ann")
    assert (code, err) == (0, "")
    assert out == (
        "loaded measures_windows1252_semicolon.csv as upload 1 (measures): 5 added, "
        "0 replaced, 0 unchanged\n"
    )
    con = db.connect(path)
    assert con.execute("select count(*), min(month) from observation").fetchone()[0] == 5
    assert con.execute("select user_name, kind from upload").fetchall() == [("Ann", "measures")]
    con.close()


def test_again_is_already_loaded_exit_0_and_nothing_changes(db_path, capsys):
    messy = VALID / "measures_utf8_bom.csv"
    run(capsys, "measures", messy, "--db", db_path)
    before = snapshot(db_path)
    code, out, err = run(capsys, "measures", messy, "--db", db_path)
    assert (code, err) == (0, "")
    assert out.startswith("already loaded: measures_utf8_bom.csv is upload 1 (measures, loaded ")
    assert out.endswith("); nothing changed\n") and out.count("\n") == 1
    assert snapshot(db_path) == before


def test_check_only_previews_and_loads_nothing(db_path, capsys):
    before = snapshot(db_path)
    book = VALID / "targets_two_sheets.xlsx"
    code, out, err = run(capsys, "auto", book, "--db", db_path, "--sheet", "Targets", "--check")
    assert (code, err) == (0, "")
    assert out == (
        "checked targets_two_sheets.xlsx (targets, 2 rows): would add 2, replace 0, "
        "leave 0 unchanged; nothing loaded\n"
    )
    assert snapshot(db_path) == before


def test_db_option_uses_that_file_and_no_other(db_path, tmp_path, capsys, monkeypatch):
    other = tmp_path / "other.duckdb"
    monkeypatch.setenv("CIB_DB", str(db_path))
    before = snapshot(db_path)
    code, _, _ = run(capsys, "measures", VALID / "measures_utf8_bom.csv", "--db", other)
    assert code == 0
    assert snapshot(db_path) == before
    assert len(snapshot(other)["observation"]) == 4


def test_usage_problems_are_one_clear_line(db_path, tmp_path, capsys):
    code, out, err = run(capsys, "measure", VALID / "measures_utf8_bom.csv", "--db", db_path)
    assert (code, out) == (1, "")
    assert err.startswith('error: "measure" is not a kind of upload (expected one of: measures')
    code, out, err = run(capsys, "measures", tmp_path / "missing.csv", "--db", db_path)
    assert (code, err) == (1, f"error: there is no file {tmp_path / 'missing.csv'}\n")
    code, out, err = run(capsys, "measures", tmp_path, "--db", db_path)
    assert code == 1 and "is a folder, not a file" in err


def test_progress_goes_to_stderr_and_the_summary_to_stdout(db_path, capsys):
    code, out, err = run(
        capsys, "measures", VALID / "measures_workbook.xlsx", "--db", db_path, "--progress"
    )
    assert code == 0
    assert out.startswith("loaded measures_workbook.xlsx as upload 1 (measures): 2 added")
    stages = [line.split("%", 1)[1].strip() for line in err.splitlines()]
    assert stages[0] == "Reading the file" and stages[-1] == "Loaded"
    assert "Loading" in stages
