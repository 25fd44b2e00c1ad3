"""What pages may ask for: cached functions returning DataFrames, one cursor per call.

Each area has a module here (cib.data.spc, cib.data.plan, ...); this one holds the connection
and the measure functions every page uses.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from cib import config, db, demo, reports
from cib import measures as measures_mod
from cib.config import ALL_TEAMS
from cib.measures import Measure


@st.cache_resource
def connection() -> db.Connection:
    """The app's one connection to its database, migrated, with demo data on first start."""
    con = db.connect(config.db_path())
    demo.seed_if_empty(con)
    return con


def clear_caches() -> None:
    """After a load or undo: every page must see the new data."""
    st.cache_data.clear()


@st.cache_data(ttl="10m")
def measures() -> pd.DataFrame:
    """The measure catalogue in board order."""
    with connection().cursor() as cur:
        return reports.catalogue(cur)


def measure(measure_id: str) -> Measure:
    """One measure of the catalogue."""
    row = measures().set_index("measure_id").loc[measure_id]
    return measures_mod.from_row({"measure_id": measure_id, **row.to_dict()})


@st.cache_data(ttl="10m")
def measure_series(measure_id: str, team: str = ALL_TEAMS) -> pd.DataFrame:
    """One row a month for a measure and team: value, n, target, RAG, change, direction."""
    with connection().cursor() as cur:
        return reports.measure_series(cur, measure_id, team)


@st.cache_data(ttl="10m")
def measure_series_by_team(measure_id: str) -> pd.DataFrame:
    """Every team's monthly figures for a measure, with target and RAG."""
    with connection().cursor() as cur:
        return reports.measure_series_by_team(cur, measure_id)


@st.cache_data(ttl="10m")
def scorecard(month: dt.date, team: str = ALL_TEAMS) -> pd.DataFrame:
    """Every measure at a month: value, n, target, RAG, change and direction."""
    with connection().cursor() as cur:
        return reports.scorecard(cur, month, team)


@st.cache_data(ttl="10m")
def sparklines(month: dt.date, team: str = ALL_TEAMS) -> pd.DataFrame:
    """The 12 months up to a month for every measure, for the scorecard's sparklines."""
    with connection().cursor() as cur:
        return reports.sparklines(cur, month, team)


@st.cache_data(ttl="10m")
def months() -> list[dt.date]:
    """Months with whole-council figures, latest first."""
    with connection().cursor() as cur:
        return reports.months(cur)


@st.cache_data(ttl="10m")
def teams(measure_id: str | None = None) -> list[str]:
    """Teams with figures, 'All' first."""
    with connection().cursor() as cur:
        return reports.teams(cur, measure_id)


@st.cache_data(ttl="10m")
def targets(measure_id: str) -> pd.DataFrame:
    """A measure's target trajectory."""
    with connection().cursor() as cur:
        return reports.targets(cur, measure_id)


@st.cache_data(ttl="10m")
def data_as_at() -> tuple[dt.date | None, dt.datetime | None]:
    """The latest month with figures, and when data was last loaded."""
    with connection().cursor() as cur:
        return reports.data_as_at(cur)
