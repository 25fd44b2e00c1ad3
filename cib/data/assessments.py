"""What the Assessments page may ask for: cached tables, and local closure days (admins)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from cib import assessments, audit, auth, db
from cib.config import ALL_TEAMS
from cib.data import clear_caches, connection


@st.cache_data(ttl="10m")
def summary() -> dict:
    """Assessment records held: how many, how many open, date range, teams."""
    with connection().cursor() as cur:
        return assessments.summary(cur)


@st.cache_data(ttl="10m")
def months() -> list[dt.date]:
    """Months with whole-council assessment figures, latest first."""
    with connection().cursor() as cur:
        return assessments.months(cur)


@st.cache_data(ttl="10m")
def duration_bands(team: str = ALL_TEAMS) -> pd.DataFrame:
    """Completed assessments per month and DfE duration band."""
    with connection().cursor() as cur:
        return assessments.duration_bands(cur, team)


@st.cache_data(ttl="10m")
def backlog_by_age(team: str = ALL_TEAMS) -> pd.DataFrame:
    """Open assessments at each month end by working days open."""
    with connection().cursor() as cur:
        return assessments.backlog_by_age(cur, team)


@st.cache_data(ttl="10m")
def team_comparison(month: dt.date) -> pd.DataFrame:
    """Every team's timeliness figures for a month, whole council first."""
    with connection().cursor() as cur:
        return assessments.team_comparison(cur, month)


@st.cache_data(ttl="10m")
def closures() -> pd.DataFrame:
    """The council's local closure days: date, reason."""
    with connection().cursor() as cur:
        return assessments.closures(cur)


def can_change_closures() -> bool:
    """Whether the current user may change closure days (administrators)."""
    try:
        user = auth.current_user()
    except Exception:  # noqa: BLE001 - sign-in settings broken: nobody may change anything
        return False
    return user is not None and user.can("manage_measures")


def change_closures(
    add: list[tuple[dt.date, str]] | None = None, remove: list[dt.date] | None = None
) -> list[str]:
    """Add or remove closure days; the calendar and every working-day figure are rebuilt in the
    same transaction, and the change is recorded in the audit trail."""
    user = auth.ensure_can("manage_measures")
    with db.transaction(connection()) as cur:
        done = assessments.change_closures(cur, add or [], remove or [])
        if done:
            audit.record(cur, user, "closures_changed", "Local closure days: " + "; ".join(done))
    clear_caches()
    return done
