"""What pages may ask for about SPC: cached results, the summary, and rebases (add/remove).

Adding or removing a rebase checks the signed-in user's role itself (analysts and above), and
records the change in the audit trail in the same transaction.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from cib import audit, auth, db, spc, spc_store
from cib import data as core
from cib.config import ALL_TEAMS
from cib.errors import CibError


@st.cache_data(ttl="10m")
def rebases(measure_id: str) -> pd.DataFrame:
    """A measure's rebases, oldest first: month, reason, created_at."""
    with core.connection().cursor() as cur:
        return spc_store.rebases(cur, measure_id)


@st.cache_data(ttl="10m")
def all_rebases() -> pd.DataFrame:
    """Every measure's rebases."""
    with core.connection().cursor() as cur:
        return spc_store.all_rebases(cur)


@st.cache_data(ttl="10m")
def result(measure_id: str, team: str = ALL_TEAMS, screen: bool = False) -> spc.SpcResult:
    """The SPC analysis of a measure's monthly series, with its rebases."""
    m = core.measure(measure_id)
    return spc.analyse_series(
        core.measure_series(measure_id, team),
        polarity=m.polarity,
        rebase_months=rebases(measure_id)["month"],
        screen=screen,
    )


@st.cache_data(ttl="10m")
def summary(team: str = ALL_TEAMS, up_to: dt.date | None = None) -> pd.DataFrame:
    """One row per measure: variation and assurance icons, latest value, mean and limits.

    `up_to` (a month) judges each measure as at that month, e.g. for the scorecard's month.
    """
    return spc.summary_frame(
        core.measures(),
        lambda measure_id: core.measure_series(measure_id, team),
        all_rebases(),
        up_to=up_to,
    )


REBASE_ADDED = "spc_rebase_added"
REBASE_REMOVED = "spc_rebase_removed"


def can_rebase() -> bool:
    """Whether the current user may add or remove rebases (for showing the form)."""
    try:
        user = auth.current_user()
    except CibError:
        return False
    return user is not None and user.can("rebase_spc")


def add_rebase(measure_id: str, month: dt.date, reason: str) -> dt.date:
    """Recalculate a measure's limits from this month on; every page then sees the change."""
    user = auth.ensure_can("rebase_spc")
    with db.transaction(core.connection()) as cur:
        first = spc_store.add_rebase(cur, measure_id, month, reason)
        audit.record(cur, user, REBASE_ADDED, f"{measure_id} from {first:%Y-%m}: {reason.strip()}")
    core.clear_caches()
    return first


def remove_rebase(measure_id: str, month: dt.date) -> None:
    """Take away a measure's rebase at this month."""
    user = auth.ensure_can("rebase_spc")
    with db.transaction(core.connection()) as cur:
        first = spc_store.first_of_month(month)
        spc_store.remove_rebase(cur, measure_id, first)
        audit.record(cur, user, REBASE_REMOVED, f"{measure_id} from {first:%Y-%m}")
    core.clear_caches()
