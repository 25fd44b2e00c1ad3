"""The improvement plan's rules: statuses, status as at a date, overdue, changes, ordering.

Pure functions on DataFrames (no database, no Streamlit), so the rules are tested on their own.
Frames follow the fct_plan_* queries: actions (action_id, recommendation_id, theme_id, theme,
what, who, how, due_date, measure_ids, ...) and updates (action_id, update_date, status,
update_text).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import pandas as pd

NOT_STARTED = "Not started"
ON_TRACK = "On track"
AT_RISK = "At risk"
OFF_TRACK = "Off track"
COMPLETE = "Complete"
STATUSES = (NOT_STARTED, ON_TRACK, AT_RISK, OFF_TRACK, COMPLETE)

# A symbol beside each word so a status reads at a glance and never by colour alone.
STATUS_SYMBOLS = {NOT_STARTED: "○", ON_TRACK: "●", AT_RISK: "!", OFF_TRACK: "✗", COMPLETE: "✓"}

OVERDUE = "Overdue"
# Board order: what needs the board's attention first, finished work last.
ATTENTION_ORDER = {OVERDUE: 0, OFF_TRACK: 1, AT_RISK: 2, NOT_STARTED: 3, ON_TRACK: 4, COMPLETE: 5}

# Words councils write in trackers, after lower-casing and dropping spaces and punctuation.
_STATUS_WORDS = {
    "notstarted": NOT_STARTED,
    "notyetstarted": NOT_STARTED,
    "ontrack": ON_TRACK,
    "atrisk": AT_RISK,
    "offtrack": OFF_TRACK,
    "complete": COMPLETE,
    "completed": COMPLETE,
}


def parse_status(text: object) -> str | None:
    """The status a tracker cell means ('COMPLETED' -> 'Complete'), or None if unknown."""
    if not isinstance(text, str):
        return None
    return _STATUS_WORDS.get(re.sub(r"[\W_]+", "", text.lower()))


def status_label(status: str) -> str:
    """The status with its symbol, e.g. '✗ Off track'."""
    return f"{STATUS_SYMBOLS.get(status, '?')} {status}"


def natural_key(identifier: object) -> tuple:
    """Sort key that puts '1.2' before '1.10' and 'R2' before 'R10'."""
    parts = re.split(r"(\d+)", str(identifier))
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p.lower()) for p in parts if p)


def _as_date(value: object) -> dt.date | None:
    if value is None or pd.isna(value):  # pd.NaT is a datetime too
        return None
    return pd.Timestamp(value).date()


def is_overdue(due_date: object, status: str | None, as_at: dt.date) -> bool:
    """Overdue: the due date has passed (strictly before the as-at date) and it is not complete."""
    due = _as_date(due_date)
    return due is not None and due < as_at and status != COMPLETE


def update_dates(updates: pd.DataFrame) -> list[dt.date]:
    """The dates progress was reported on, latest first (the board's 'as at' choices)."""
    if updates.empty:
        return []
    dates = {_as_date(d) for d in updates["update_date"]}
    return sorted((d for d in dates if d is not None), reverse=True)


def default_as_at(updates: pd.DataFrame, today: dt.date | None = None) -> dt.date:
    """The latest update date in the data (the demo ends Mar 2018), else today."""
    dates = update_dates(updates)
    return dates[0] if dates else (today or dt.date.today())


def previous_board(updates: pd.DataFrame, as_at: dt.date) -> dt.date | None:
    """The update date before the latest one on or before as_at: the last board's position."""
    earlier = [d for d in update_dates(updates) if d <= as_at]
    return earlier[1] if len(earlier) > 1 else None


def status_as_at(updates: pd.DataFrame, as_at: dt.date) -> pd.DataFrame:
    """Each action's latest update on or before as_at: action_id, status, update_date, text."""
    cols = ["action_id", "status", "update_date", "update_text"]
    if updates.empty:
        return pd.DataFrame(columns=cols)
    dates = pd.to_datetime(updates["update_date"])
    known = updates[dates <= pd.Timestamp(as_at)].copy()
    known["_d"] = pd.to_datetime(known["update_date"])
    latest = known.sort_values(["action_id", "_d"]).groupby("action_id", sort=False).tail(1)
    return latest[cols].reset_index(drop=True)


def _in_plan_at(actions: pd.DataFrame, updates: pd.DataFrame, as_at: dt.date) -> pd.Series:
    """Whether each action was in the plan at as_at: from its first progress update on.

    An action with no update at all counts from its recommendation's date (always, if undated),
    so a new action shows as 'Not started' rather than not at all.
    """
    when = pd.Timestamp(as_at)
    first = pd.Series(pd.NaT, index=actions.index, dtype="datetime64[ns]")
    if len(updates):
        starts = pd.to_datetime(updates["update_date"]).groupby(updates["action_id"]).min()
        first = pd.to_datetime(actions["action_id"].map(starts))
    made = pd.to_datetime(actions.get("source_date", pd.Series(pd.NaT, index=actions.index)))
    no_update = first.isna()
    return (~no_update & (first <= when)) | (no_update & (made.isna() | (made <= when)))


def plan_as_at(actions: pd.DataFrame, updates: pd.DataFrame, as_at: dt.date) -> pd.DataFrame:
    """Every action in the plan at as_at with its status then, overdue flag and attention order.

    An action joins the plan with its first update; with none yet it is 'Not started'. Sorted
    overdue first, then off track, at risk, not started, on track, complete; within each,
    earliest due date first.
    """
    in_plan = actions[_in_plan_at(actions, updates, as_at)].copy()
    latest = status_as_at(updates, as_at).rename(
        columns={"update_date": "last_update", "update_text": "latest_update"}
    )
    frame = in_plan.merge(latest, on="action_id", how="left")
    frame["status"] = frame["status"].fillna(NOT_STARTED)
    frame["due_date"] = pd.to_datetime(frame["due_date"])
    frame["last_update"] = pd.to_datetime(frame["last_update"])
    frame["overdue"] = [
        is_overdue(d, s, as_at) for d, s in zip(frame["due_date"], frame["status"], strict=True)
    ]
    frame["days_overdue"] = [
        (as_at - d.date()).days if o else None
        for d, o in zip(frame["due_date"], frame["overdue"], strict=True)
    ]
    frame["days_overdue"] = frame["days_overdue"].astype("Int64")
    frame["attention"] = [
        OVERDUE if o else s for o, s in zip(frame["overdue"], frame["status"], strict=True)
    ]
    frame["status_label"] = frame["status"].map(status_label)
    return sort_for_board(frame)


def sort_for_board(frame: pd.DataFrame) -> pd.DataFrame:
    """Overdue and at-risk first, complete last; then by due date and action id."""
    if frame.empty:
        return frame.reset_index(drop=True)
    order = frame["attention"].map(ATTENTION_ORDER).fillna(len(ATTENTION_ORDER))
    due = pd.to_datetime(frame["due_date"]).fillna(pd.Timestamp.max)
    key = pd.DataFrame({"o": order, "d": due, "a": frame["action_id"].map(natural_key)})
    ranked = sorted(frame.index, key=lambda i: (key.at[i, "o"], key.at[i, "d"], key.at[i, "a"]))
    return frame.loc[ranked].reset_index(drop=True)


def filter_actions(
    frame: pd.DataFrame, owners: Iterable[str] = (), statuses: Iterable[str] = ()
) -> pd.DataFrame:
    """Actions whose owner and status are among those chosen (nothing chosen = all)."""
    owners, statuses = list(owners), list(statuses)
    keep = pd.Series(True, index=frame.index)
    if owners:
        keep &= frame["who"].isin(owners)
    if statuses:
        keep &= frame["status"].isin(statuses)
    return frame[keep]


def status_counts(frame: pd.DataFrame, themes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Actions per theme and status (zeros included): theme_id, theme, status, count.

    themes (theme_id, title) keeps every theme on the chart even when a filter empties it.
    """
    if themes is None:
        themes = frame[["theme_id", "theme"]].drop_duplicates().rename(columns={"theme": "title"})
    rows = []
    for theme_id, title in sorted(
        zip(themes["theme_id"], themes["title"], strict=True), key=lambda t: natural_key(t[0])
    ):
        part = frame[frame["theme_id"] == theme_id]
        for status in STATUSES:
            rows.append(
                {
                    "theme_id": theme_id,
                    "theme": title,
                    "status": status,
                    "count": int((part["status"] == status).sum()),
                }
            )
    return pd.DataFrame(rows, columns=["theme_id", "theme", "status", "count"])


def status_history(updates: pd.DataFrame, as_at: dt.date) -> pd.DataFrame:
    """Each action's statuses as periods: action_id, status, start, end (the next change or as_at).

    Consecutive updates with the same status are one period, so the timeline shows changes.
    """
    cols = ["action_id", "status", "start", "end", "update_text"]
    if updates.empty:
        return pd.DataFrame(columns=cols)
    upto = updates[pd.to_datetime(updates["update_date"]) <= pd.Timestamp(as_at)].copy()
    upto["update_date"] = pd.to_datetime(upto["update_date"])
    rows = []
    for action_id, part in upto.sort_values("update_date").groupby("action_id", sort=False):
        periods: list[dict] = []
        for r in part.itertuples():
            if periods and periods[-1]["status"] == r.status:
                continue
            if periods:
                periods[-1]["end"] = r.update_date
            periods.append(
                {
                    "action_id": action_id,
                    "status": r.status,
                    "start": r.update_date,
                    "end": pd.Timestamp(as_at),
                    "update_text": r.update_text,
                }
            )
        rows.extend(periods)
    frame = pd.DataFrame(rows, columns=cols)
    return frame.sort_values(
        ["action_id", "start"], key=lambda s: s.map(natural_key) if s.name == "action_id" else s
    ).reset_index(drop=True)


def changes_since(
    actions: pd.DataFrame, updates: pd.DataFrame, since: dt.date, as_at: dt.date
) -> pd.DataFrame:
    """Status changes reported after since, up to and including as_at, completions first.

    A change is an update whose status differs from the action's previous update (or from
    'Not started' when it is the first). Columns: action_id, what, who, theme, update_date,
    from_status, to_status, completed, update_text.
    """
    cols = [
        "action_id",
        "what",
        "who",
        "theme",
        "update_date",
        "from_status",
        "to_status",
        "completed",
        "update_text",
    ]
    if updates.empty:
        return pd.DataFrame(columns=cols)
    frame = updates.copy()
    frame["update_date"] = pd.to_datetime(frame["update_date"])
    frame = frame.sort_values(["action_id", "update_date"])
    frame["from_status"] = frame.groupby("action_id")["status"].shift(1).fillna(NOT_STARTED)
    frame = frame.rename(columns={"status": "to_status"})
    window = (frame["update_date"] > pd.Timestamp(since)) & (
        frame["update_date"] <= pd.Timestamp(as_at)
    )
    changed = frame[window & (frame["from_status"] != frame["to_status"])].copy()
    changed["completed"] = changed["to_status"] == COMPLETE
    changed = changed.merge(actions[["action_id", "what", "who", "theme"]], on="action_id")
    changed["_a"] = changed["action_id"].map(natural_key)
    changed = changed.sort_values(
        ["completed", "update_date", "_a"], ascending=[False, False, True]
    )
    return changed[cols].reset_index(drop=True)


def measure_ids(value: object) -> list[str]:
    """The measure ids of a ','-separated list ('' or missing -> none)."""
    if not isinstance(value, str):
        return []
    return [m for m in value.split(",") if m]


def summary(frame: pd.DataFrame) -> dict[str, int]:
    """Headline counts for the board: actions, complete, overdue, at risk or off track."""
    return {
        "actions": len(frame),
        "complete": int((frame["status"] == COMPLETE).sum()),
        "overdue": int(frame["overdue"].sum()) if len(frame) else 0,
        "at_risk": int(frame["status"].isin([AT_RISK, OFF_TRACK]).sum()),
    }
