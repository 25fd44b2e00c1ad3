"""Assessment timeliness from child-level records (Annex A List 4).

The monthly figures are computed in SQL from the records (`load_computed_assessments_stage`:
working days are differences of the calendar's working-day index), rebuilt in the same
transaction as every load or undo of assessments and every change of local closure days. This
module holds the pure rules (duration and backlog bands), that rebuild, the local-closure
changes and the tables the Assessments page shows. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from cib import calendar, db
from cib.config import ALL_TEAMS
from cib.errors import CibError

WITHIN_45 = "assessments_within_45wd_pct"
WITHIN_20 = "assessments_within_20wd_pct"
COMPLETED = "assessments_completed"
MEDIAN = "assessments_median_wd"
BACKLOG = "open_assessments_over_45wd"
MEASURES = (WITHIN_45, WITHIN_20, COMPLETED, MEDIAN, BACKLOG)

# DfE table C2's duration bands (working days from start to authorisation); upper bounds.
DURATION_BANDS = ("Same day", "1-10", "11-20", "21-30", "31-40", "41-45", "46-50", "51-60", "61+")
_DURATION_UPPER = (0, 10, 20, 30, 40, 45, 50, 60)
# How long open assessments had been open at a month end (working days).
BACKLOG_BANDS = ("0-20", "21-45", "46-60", "61-90", "91+")
_BACKLOG_UPPER = (20, 45, 60, 90)
OVER_45_BANDS = ("46-60", "61-90", "91+")


def duration_band(working_days: int) -> str:
    """The DfE band of a completed assessment's duration: 'Same day', '1-10', ... '61+'."""
    if working_days < 0:
        raise ValueError("an assessment cannot be authorised before it starts")
    for band, upper in zip(DURATION_BANDS, _DURATION_UPPER, strict=False):
        if working_days <= upper:
            return band
    return DURATION_BANDS[-1]


def backlog_band(working_days: int) -> str:
    """The age band of an assessment open at a month end: '0-20', '21-45', ... '91+'."""
    for band, upper in zip(BACKLOG_BANDS, _BACKLOG_UPPER, strict=False):
        if working_days <= upper:
            return band
    return BACKLOG_BANDS[-1]


def recompute(cur: db.Cursor, today: dt.date | None = None) -> None:
    """Rebuild every figure computed from assessment records, on the caller's transaction.

    All figures are computed afresh and compared with those held; only the ones added, changed
    or gone are written (a load usually changes a few months, and rewriting every row of a keyed
    table is slow).
    """
    db.execute(cur, "load_computed_assessments_stage", today=today or dt.date.today())
    db.execute(cur, "load_computed_assessments_delete")
    db.execute(cur, "load_computed_assessments")
    db.execute(cur, "load_computed_assessments_drop")


# --- local closure days ------------------------------------------------------------------


def closures(cur: db.Cursor) -> pd.DataFrame:
    """The council's local closure days: date, reason."""
    return db.query(cur, "dim_local_closures")


def rebuild_calendar(cur: db.Cursor) -> None:
    """Rebuild the working-day calendar from the bank holidays and the closure days now held."""
    frame = calendar.build_frame(db.local_closures(cur))
    cur.register("incoming_calendar", frame)
    try:
        db.execute(cur, "load_calendar")
    finally:
        cur.unregister("incoming_calendar")


def change_closures(
    cur: db.Cursor,
    add: Iterable[tuple[dt.date, str]] = (),
    remove: Iterable[dt.date] = (),
    today: dt.date | None = None,
) -> list[str]:
    """Add or remove local closure days, rebuild the calendar and every figure that counts
    working days, all on the caller's transaction. Returns one line per change made."""
    done = []
    for day, reason in add:
        day = _closure_day(day)
        hols = calendar.bank_holidays(day.year, day.year)
        if day.weekday() >= 5 or day in hols:
            what = "a weekend" if day.weekday() >= 5 else f"a bank holiday ({hols[day]})"
            raise CibError(
                f"{day:%-d %b %Y} is {what}, so it is not a working day already "
                "(expected a weekday that would otherwise be worked)"
            )
        db.execute(
            cur, "load_assessments_closure_add", date=day, reason=(reason or "").strip() or None
        )
        done.append(f"closed {day:%-d %b %Y}")
    for day in remove:
        day = _closure_day(day)
        db.execute(cur, "load_assessments_closure_remove", date=day)
        done.append(f"reopened {day:%-d %b %Y}")
    if done:
        rebuild_calendar(cur)
        recompute(cur, today)
    return done


def _closure_day(day: dt.date | pd.Timestamp) -> dt.date:
    day = pd.Timestamp(day).date()
    if not calendar.CALENDAR_START <= day <= calendar.CALENDAR_END:
        raise CibError(
            f"{day:%-d %b %Y} is outside the working-day calendar (expected a date from "
            f"{calendar.CALENDAR_START:%Y} to {calendar.CALENDAR_END:%Y})"
        )
    return day


# --- what the Assessments page shows ------------------------------------------------------


def summary(cur: db.Cursor) -> dict:
    """Records held: total, open, first start, last date, teams."""
    row = db.query(cur, "fct_assessments_summary").iloc[0]
    return {k: (None if pd.isna(v) else v) for k, v in row.items()}


def duration_bands(cur: db.Cursor, team: str = ALL_TEAMS) -> pd.DataFrame:
    """Completed assessments per month of authorisation and DfE duration band (every band)."""
    found = db.query(cur, "fct_assessments_duration_bands", team=team)
    return _complete_grid(found, DURATION_BANDS)


def backlog_by_age(cur: db.Cursor, team: str = ALL_TEAMS) -> pd.DataFrame:
    """Open assessments at each month end by how long they had been open (every band)."""
    found = db.query(cur, "fct_assessments_backlog_ages", team=team)
    return _complete_grid(found, BACKLOG_BANDS)


def _complete_grid(found: pd.DataFrame, bands: tuple[str, ...]) -> pd.DataFrame:
    """month x band with a zero where nothing fell in a band (or a month had none); in order."""
    if found.empty:
        return pd.DataFrame({"month": pd.Series(dtype="datetime64[us]"), "band": [], "n": []})
    grid = pd.MultiIndex.from_product(
        [sorted(found["month"].unique()), list(bands)], names=["month", "band"]
    )
    counted = found.dropna(subset=["band"]).set_index(["month", "band"])["n"]
    out = counted.reindex(grid, fill_value=0).reset_index()
    out["band"] = pd.Categorical(out["band"], categories=list(bands), ordered=True)
    out["n"] = out["n"].astype(int)
    return out


def team_comparison(cur: db.Cursor, month: dt.date) -> pd.DataFrame:
    """One row per team (whole council first) for a month: every timeliness figure and its n."""
    return db.query(cur, "fct_assessments_teams", month=month)


def months(cur: db.Cursor) -> list[dt.date]:
    """Months with assessment figures for the whole council, latest first."""
    return list(db.query(cur, "dim_assessments_months")["month"].dt.date)
