"""What the Case audits page may ask for: cached tables, and the grade scale (admins)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from cib import audit, audits, auth, db
from cib.config import ALL_TEAMS
from cib.data import clear_caches, connection


@st.cache_data(ttl="10m")
def grade_scale() -> audits.GradeScale:
    """The council's grade scale and 0-10 thresholds."""
    with connection().cursor() as cur:
        return audits.grade_scale(cur)


@st.cache_data(ttl="10m")
def summary() -> dict:
    """Audits held: how many, date range, teams, scales."""
    with connection().cursor() as cur:
        return audits.summary(cur)


@st.cache_data(ttl="10m")
def grade_mix(team: str = ALL_TEAMS) -> pd.DataFrame:
    """Audits per month and grade."""
    with connection().cursor() as cur:
        return audits.grade_mix(cur, team)


@st.cache_data(ttl="10m")
def by_team(first: dt.date, last: dt.date) -> pd.DataFrame:
    """Audits per team and grade over the months first..last."""
    with connection().cursor() as cur:
        return audits.by_team(cur, first, last)


@st.cache_data(ttl="10m")
def by_theme(first: dt.date, last: dt.date, team: str = ALL_TEAMS) -> pd.DataFrame:
    """Theme grades per theme and grade over the months first..last."""
    with connection().cursor() as cur:
        return audits.by_theme(cur, first, last, team)


def can_change_scale() -> bool:
    """Whether the current user may change the grade scale (administrators)."""
    try:
        user = auth.current_user()
    except Exception:  # noqa: BLE001 - sign-in settings broken: nobody may change anything
        return False
    return user is not None and user.can("manage_measures")


def set_grade_scale(scale: audits.GradeScale) -> None:
    """Save the grade scale; the audit figures are rebuilt in the same transaction, and the
    change is recorded in the audit trail."""
    user = auth.ensure_can("manage_measures")
    scale.check()
    with db.transaction(connection()) as cur:
        audits.set_grade_scale(cur, scale)
        audit.record(cur, user, "audit_scale_changed", scale.describe())
    clear_caches()
