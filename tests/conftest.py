"""Fixtures: a fresh, real DuckDB file per test in tmp_path, pointed to by CIB_DB."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from cib import comparator_store, db, demo

ROOT = Path(__file__).resolve().parents[1]


def _clear_streamlit_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()  # else a connection to an earlier test's file is reused


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database built once per session; tests get their own copy."""
    path = tmp_path_factory.mktemp("template") / "demo.duckdb"
    con = db.connect(path)
    demo.seed(con)
    con.close()
    return path


@pytest.fixture(scope="session")
def dfe_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database with the published DfE statistics in data/dfe/ loaded, built once per
    session; tests copy it."""
    path = tmp_path_factory.mktemp("dfe") / "dfe.duckdb"
    con = db.connect(path)
    with db.transaction(con) as cur:
        comparator_store.seed_published(cur)
    con.close()
    return path


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh, migrated, empty database file; CIB_DB points at it."""
    path = tmp_path / "cib.duckdb"
    db.connect(path).close()
    monkeypatch.setenv("CIB_DB", str(path))
    _clear_streamlit_caches()
    yield path
    _clear_streamlit_caches()


@pytest.fixture
def demo_db(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _demo_template: Path
) -> Iterator[Path]:
    """A fresh copy of the demo database; CIB_DB points at it."""
    path = tmp_path / "cib.duckdb"
    shutil.copyfile(_demo_template, path)
    monkeypatch.setenv("CIB_DB", str(path))
    _clear_streamlit_caches()
    yield path
    _clear_streamlit_caches()


@pytest.fixture
def con(demo_db: Path) -> Iterator[db.Connection]:
    """A connection to a fresh demo database (closed after the test)."""
    connection = db.connect(demo_db)
    yield connection
    connection.close()
