"""SPC rebases kept per measure: list, add and remove (functions taking a cursor)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from cib import db
from cib.errors import CibError


def rebases(cur: db.Cursor, measure_id: str) -> pd.DataFrame:
    """A measure's rebases, oldest first: measure_id, month, reason, created_at."""
    return _typed(db.query(cur, "dim_spc_rebases", measure_id=measure_id))


def all_rebases(cur: db.Cursor) -> pd.DataFrame:
    """Every measure's rebases, by measure then month."""
    return _typed(db.query(cur, "dim_spc_rebases_all"))


def add_rebase(cur: db.Cursor, measure_id: str, month: Any, reason: str) -> dt.date:
    """Start a new SPC segment for the measure at this month (its first day); returns the month.

    Adding the same month again replaces its reason.
    """
    if not measure_id or not str(measure_id).strip():
        raise CibError("Choose a measure to rebase.")
    reason = (reason or "").strip()
    if not reason:
        raise CibError(
            "Give a reason for the rebase (e.g. 'new practice model from Apr 2016'): "
            "the board needs to know why the limits were recalculated."
        )
    first = first_of_month(month)
    db.execute(cur, "load_spc_rebase", measure_id=measure_id, month=first, reason=reason)
    return first


def remove_rebase(cur: db.Cursor, measure_id: str, month: Any) -> None:
    """Remove the measure's rebase at this month (no error if there is none)."""
    db.execute(cur, "load_spc_rebase_delete", measure_id=measure_id, month=first_of_month(month))


def first_of_month(month: Any) -> dt.date:
    """The first day of the month a date, timestamp or 'YYYY-MM' text falls in."""
    try:
        stamp = pd.Timestamp(month)
    except (TypeError, ValueError):
        raise CibError(f"{month!r} is not a month (expected e.g. 2016-04).") from None
    if pd.isna(stamp):
        raise CibError("Choose a month for the rebase.")
    return dt.date(stamp.year, stamp.month, 1)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["month"] = pd.to_datetime(frame["month"])
    return frame
