"""The rules the codebase keeps, checked (after Datasette's test_docs.py)."""

import re
import subprocess
import sys

import pytest

from cib import queries
from tests.conftest import ROOT

PAGES = sorted((ROOT / "pages").glob("*.py"))
QUERY_FILES = sorted((ROOT / "queries").glob("*.sql"))
SQL_WORDS = re.compile(r"\b(select|insert|update|delete)\b.+\b(from|into|set|where)\b", re.I)
PYTHON = [p for p in ROOT.rglob("*.py") if ".venv" not in p.parts]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_pages_do_not_touch_duckdb_or_sql(page):
    source = page.read_text(encoding="utf-8")
    assert "duckdb" not in source
    assert not SQL_WORDS.search(source), "move SQL into queries/*.sql"
    assert "unsafe_allow_html" not in source


def test_only_db_module_imports_duckdb():
    importers = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "cib").rglob("*.py")
        if re.search(r"^\s*(import duckdb|from duckdb)", p.read_text(encoding="utf-8"), re.M)
    ]
    assert importers == ["cib/db.py"]


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.name)
def test_query_files_are_named_by_role_and_load(path):
    assert re.match(r"^(ddl|load|dim|fct|chk)_[a-z0-9_]+$", path.stem)
    text = queries.load(path.stem)
    assert text.lstrip().startswith("--"), "say what one row is and which params it takes"
    body = "\n".join(line.split("--", 1)[0] for line in text.splitlines())
    assert body.count(";") <= 1 and not body.strip().rstrip(";").count(";"), "one statement"
    assert "{" not in body and "%s" not in body, "values are bound, never formatted"


def test_every_query_file_is_used():
    code = "\n".join(
        p.read_text(encoding="utf-8")
        for p in PYTHON
        if p.is_relative_to(ROOT / "cib") or p.is_relative_to(ROOT / "benchmarks")
    )
    unused = [
        p.stem
        for p in QUERY_FILES
        if f'"{p.stem}"' not in code and not p.stem.startswith(("ddl_", "chk_data_"))
    ]
    assert not unused, f"orphan queries: {unused}"


def test_ruff_check_and_format():
    for args in (["check", "."], ["format", "--check", "."]):
        out = subprocess.run(
            [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
        )
        assert out.returncode == 0, out.stdout + out.stderr


def test_the_project_stands_alone():
    """Nothing in the repo reads the team's shared folder: a clone must work without it."""
    shared = "/".join(["..", "shared"])  # spelt so that this file does not match itself
    for p in PYTHON:
        text = p.read_text(encoding="utf-8")
        assert shared not in text and "/work" + "/shared" not in text, p
