"""`python -m cib boardpack`: files written, one summary line, analyst-readable errors."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from cib import cli
from tests.conftest import ROOT
from tests.test_board import seed_demo_plan


@pytest.fixture
def plan_db(demo_db: Path) -> Path:
    seed_demo_plan(demo_db)
    return demo_db


def run(*args: str) -> tuple[int, str, str]:
    """The CLI in a fresh process, as an analyst runs it."""
    out = subprocess.run(
        [sys.executable, "-m", "cib", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    return out.returncode, out.stdout, out.stderr


def test_writes_each_format(plan_db, tmp_path):
    for fmt, magic in (("pptx", b"PK"), ("pdf", b"%PDF"), ("html", b"<!DOCTYPE html>")):
        out = tmp_path / f"pack.{fmt}"
        code, stdout, stderr = run(
            "boardpack", "--db", str(plan_db), "--month", "2018-03", "--format", fmt,
            "--out", str(out),
        )  # fmt: skip
        assert code == 0, stderr
        assert out.read_bytes().startswith(magic)
        lines = stdout.strip().splitlines()
        assert len(lines) == 1
        assert re.match(rf"board pack for 2018-03 written to .*pack\.{fmt} \({fmt}, ", lines[0])
    prs = Presentation(tmp_path / "pack.pptx")
    assert len(prs.slides) == 12
    text = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "pack.pdf").pages)
    assert "Summary, Mar 2018" in text and "88.7%" in text


def test_format_from_the_file_name_and_publication(plan_db, tmp_path):
    out = tmp_path / "public.pdf"
    code, stdout, stderr = run(
        "boardpack", "--db", str(plan_db), "--month", "2018-03", "--out", str(out),
        "--publication",
    )  # fmt: skip
    assert code == 0, stderr
    assert "(publication pdf," in stdout
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "(3 of 52)" not in text and "Publication version" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "March 2018", "--out", "x.pdf"], '"March 2018" is not a month'),
        (
            ["--month", "2019-01", "--out", "x.pdf"],
            "months with figures run from 2015-04 to 2018-03",
        ),
        (["--month", "2018-03", "--out", "x.docx"], "cannot tell the format"),
        (["--month", "2018-03", "--out", "missing/x.pdf"], "does not exist"),
    ],
)
def test_errors_speak_to_the_analyst(plan_db, tmp_path, monkeypatch, capsys, args, message):
    monkeypatch.chdir(tmp_path)
    code = cli.main(["boardpack", "--db", str(plan_db), *args])
    err = capsys.readouterr().err
    assert code == 1
    assert message in err and "Traceback" not in err
    assert not list(tmp_path.glob("x.*"))


def test_empty_database_is_refused(tmp_path, capsys):
    code = cli.main(
        ["boardpack", "--db", str(tmp_path / "new.duckdb"), "--month", "2018-03",
         "--out", str(tmp_path / "x.pdf")]
    )  # fmt: skip
    assert code == 1
    assert "no figures yet" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_help_lists_the_options():
    code, stdout, _ = run("boardpack", "--help")
    assert code == 0
    for option in ("--month", "--format", "--out", "--publication", "--db"):
        assert option in stdout
