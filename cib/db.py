"""The only module that speaks to DuckDB: connect, migrate, run named queries, transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from cib import queries
from cib.errors import CibError

Connection = duckdb.DuckDBPyConnection
Cursor = duckdb.DuckDBPyConnection


def connect(path: Path | str, *, migrate_schema: bool = True) -> duckdb.DuckDBPyConnection:
    """Open (creating if need be) the database file and bring its schema up to date."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path))
    except duckdb.IOException as err:
        if "lock" in str(err).lower():
            # DuckDB lets one process hold a file: the app and a CLI load cannot share it.
            raise CibError(
                f"the database {path} is in use by another program (is the dashboard running?). "
                "Stop it, or load the file through the dashboard's Upload page."
            ) from None
        raise CibError(f"cannot open the database {path}: {err}") from None
    if migrate_schema:
        migrate(con)
    return con


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Run every ddl_*.sql (idempotent) and fill the reference tables that are empty."""
    from cib import calendar, measures  # late import: both use this module

    with transaction(con) as cur:
        for name in queries.names("ddl_"):
            cur.execute(queries.load(name))
        cur.register("incoming_measures", measures.catalogue_frame())
        execute(cur, "load_measure_catalogue")
        cur.unregister("incoming_measures")
        if scalar(cur, "chk_calendar_empty"):
            cur.register("incoming_calendar", calendar.build_frame(local_closures(cur)))
            execute(cur, "load_calendar")
            cur.unregister("incoming_calendar")


def local_closures(cur: Cursor) -> list:
    """Council closure days (e.g. 27-31 Dec) that count as non-working."""
    return list(query(cur, "dim_local_closures")["date"].dt.date)


def _bind(name: str, params: dict[str, Any]) -> dict[str, Any]:
    wanted = queries.parameters(name)
    missing = wanted - params.keys()
    if missing:
        raise TypeError(f"query {name} needs parameters {sorted(missing)}")
    return {k: params[k] for k in wanted}


def query(cur: Cursor, name: str, **params: Any) -> pd.DataFrame:
    """Run queries/<name>.sql with bound parameters and return its rows."""
    return cur.execute(queries.load(name), _bind(name, params)).df()


def rows(cur: Cursor, name: str, **params: Any) -> list[tuple]:
    """Run a named query and return its rows as tuples."""
    return cur.execute(queries.load(name), _bind(name, params)).fetchall()


def scalar(cur: Cursor, name: str, **params: Any) -> Any:
    """Run a named query and return the first column of its first row (None if no rows)."""
    row = cur.execute(queries.load(name), _bind(name, params)).fetchone()
    return None if row is None else row[0]


def execute(cur: Cursor, name: str, **params: Any) -> None:
    """Run a named statement that changes data."""
    cur.execute(queries.load(name), _bind(name, params))


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[Cursor]:
    """A cursor in one transaction: committed at the end, rolled back on any exception."""
    cur = con.cursor()
    cur.begin()
    try:
        yield cur
        cur.commit()
    except BaseException:
        cur.rollback()
        raise
    finally:
        cur.close()


def failed_checks(cur: Cursor, **params: Any) -> dict[str, pd.DataFrame]:
    """Run every chk_data_*.sql on this cursor (it sees uncommitted rows); any rows = failed."""
    failures = {}
    for name in queries.names("chk_data_"):
        found = query(cur, name, **{k: params[k] for k in queries.parameters(name) & params.keys()})
        if len(found):
            failures[name] = found
    return failures
