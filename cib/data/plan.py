"""What the plan pages may ask for: cached frames of the improvement plan, one cursor a call."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from cib import plan, plan_store
from cib.data import connection


@st.cache_data(ttl="10m")
def themes() -> pd.DataFrame:
    """Themes now: theme_id, title."""
    with connection().cursor() as cur:
        return plan_store.themes(cur)


@st.cache_data(ttl="10m")
def recommendations() -> pd.DataFrame:
    """Recommendations now with their theme."""
    with connection().cursor() as cur:
        return plan_store.recommendations(cur)


@st.cache_data(ttl="10m")
def actions() -> pd.DataFrame:
    """Actions now with recommendation and theme."""
    with connection().cursor() as cur:
        return plan_store.actions(cur)


@st.cache_data(ttl="10m")
def updates() -> pd.DataFrame:
    """Every current action's progress updates as they stand now."""
    with connection().cursor() as cur:
        return plan_store.updates(cur)


@st.cache_data(ttl="10m")
def action_measures() -> pd.DataFrame:
    """Each action's success measures with their titles."""
    with connection().cursor() as cur:
        return plan_store.action_measures(cur)


@st.cache_data(ttl="10m")
def update_history(action_id: str) -> pd.DataFrame:
    """Every update ever recorded for an action, corrections included."""
    with connection().cursor() as cur:
        return plan_store.update_history(cur, action_id)


def update_dates() -> list[dt.date]:
    """Dates progress was reported on, latest first."""
    return plan.update_dates(updates())


def default_as_at() -> dt.date:
    """The latest update date in the data."""
    return plan.default_as_at(updates())


def previous_board(as_at: dt.date) -> dt.date | None:
    """The update date before as_at's board, for 'changed since the last board'."""
    return plan.previous_board(updates(), as_at)


@st.cache_data(ttl="10m")
def plan_as_at(as_at: dt.date) -> pd.DataFrame:
    """Every action in the plan at as_at: status then, overdue, board order."""
    return plan.plan_as_at(actions(), updates(), as_at)


def owners() -> list[str]:
    """Action owners, A to Z."""
    return sorted(actions()["who"].dropna().unique())


def status_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Actions per theme and status for the chart, every theme kept."""
    return plan.status_counts(frame, themes())


@st.cache_data(ttl="10m")
def status_history(as_at: dt.date) -> pd.DataFrame:
    """Each action's status periods up to as_at."""
    return plan.status_history(updates(), as_at)


@st.cache_data(ttl="10m")
def changes_since(since: dt.date, as_at: dt.date) -> pd.DataFrame:
    """Status changes and completions reported after since, up to as_at."""
    return plan.changes_since(actions(), updates(), since, as_at)
