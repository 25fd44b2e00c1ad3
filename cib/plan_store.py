"""The improvement plan in the database: load frames, undo an upload, read what pages show.

Every function takes a cursor, so a load runs inside the caller's transaction (and its checks
see the uncommitted rows). Rows are versioned by upload: nothing is updated in place, a load
adds only what is new or changed, and undoing an upload brings back what was there before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from cib import db, plan
from cib.errors import CibError

THEME_COLUMNS = ["theme_id", "title"]
RECOMMENDATION_COLUMNS = ["recommendation_id", "theme_id", "source", "source_date", "text"]
ACTION_COLUMNS = ["action_id", "recommendation_id", "what", "who", "how", "due_date", "measure_ids"]
UPDATE_COLUMNS = ["action_id", "update_date", "status", "update_text"]
# In this order: an action's measure links are added after the action's new version.
_LOADS = [
    "load_plan_theme",
    "load_plan_recommendation",
    "load_plan_action",
    "load_plan_action_measure",
    "load_plan_action_update",
]
_UNDOS = [
    "load_plan_undo_theme",
    "load_plan_undo_recommendation",
    "load_plan_undo_action",
    "load_plan_undo_action_measure",
    "load_plan_undo_action_update",
]


@dataclass(frozen=True)
class PlanFrames:
    """A plan (or part of one) ready to load: themes, recommendations, actions, updates."""

    themes: pd.DataFrame
    recommendations: pd.DataFrame
    actions: pd.DataFrame
    updates: pd.DataFrame


def _typed(frame: pd.DataFrame, columns: list[str], dates: tuple[str, ...] = ()) -> pd.DataFrame:
    """The columns a load query reads, text as str (or None) and dates as datetimes."""
    out = frame.reindex(columns=columns).copy()
    for col in columns:
        if col in dates:
            out[col] = pd.to_datetime(out[col])
        else:  # a string dtype: DuckDB reads VARCHAR even when every value is missing
            text = [None if pd.isna(v) else str(v) for v in out[col].astype(object)]
            out[col] = pd.array(text, dtype="string")
    return out


def _check(frames: PlanFrames) -> None:
    """Refuse a plan whose statuses or keys a later read would misunderstand."""
    bad = sorted(set(frames.updates["status"]) - set(plan.STATUSES))
    if bad:
        raise CibError(
            f"unknown action status {', '.join(map(repr, bad))}; use {', '.join(plan.STATUSES)}"
        )
    sources = set(frames.recommendations["source"].dropna()) - {"Inspection", "Monitoring visit"}
    if sources:
        raise CibError(
            f"unknown recommendation source {', '.join(map(repr, sorted(sources)))}; "
            "use Inspection or Monitoring visit"
        )
    for name, frame, needed in [
        ("theme", frames.themes, ["theme_id", "title"]),
        (
            "recommendation",
            frames.recommendations,
            ["recommendation_id", "theme_id", "source", "text"],
        ),
        ("action", frames.actions, ["action_id", "recommendation_id", "what", "who"]),
        ("progress update", frames.updates, ["action_id", "update_date", "status"]),
    ]:
        blank = [c for c in needed if frame[c].isna().any() or (frame[c].astype(str) == "").any()]
        if blank:
            raise CibError(f"every {name} needs {' and '.join(blank)}; some are blank")
    for name, frame, key in [
        ("theme", frames.themes, ["theme_id"]),
        ("recommendation", frames.recommendations, ["recommendation_id"]),
        ("action", frames.actions, ["action_id"]),
        ("progress update", frames.updates, ["action_id", "update_date"]),
    ]:
        doubled = frame[frame.duplicated(key, keep=False)]
        if len(doubled):
            first = ", ".join(str(v) for v in doubled.iloc[0][key])
            raise CibError(f"the {name} {first} appears more than once; keep one row for it")


def load_plan(cur: db.Cursor, frames: PlanFrames, upload_id: int) -> dict[str, int]:
    """Add what is new or changed in these frames under one upload; returns rows added by table.

    Runs on the caller's cursor (inside its transaction). Measure ids in actions.measure_ids
    are ','-separated.
    """
    frames = PlanFrames(  # every column a load reads, missing ones as blanks
        frames.themes.reindex(columns=THEME_COLUMNS),
        frames.recommendations.reindex(columns=RECOMMENDATION_COLUMNS),
        frames.actions.reindex(columns=ACTION_COLUMNS),
        frames.updates.reindex(columns=UPDATE_COLUMNS),
    )
    _check(frames)
    incoming = {
        "incoming_plan_theme": _typed(frames.themes, THEME_COLUMNS),
        "incoming_plan_recommendation": _typed(
            frames.recommendations, RECOMMENDATION_COLUMNS, ("source_date",)
        ),
        "incoming_plan_action": _typed(frames.actions, ACTION_COLUMNS, ("due_date",)),
        "incoming_plan_update": _typed(frames.updates, UPDATE_COLUMNS, ("update_date",)),
    }
    incoming["incoming_plan_action"]["measure_ids"] = pd.array(
        [
            ",".join(sorted(set(plan.measure_ids(v))))
            for v in incoming["incoming_plan_action"]["measure_ids"]
        ],
        dtype="string",
    )
    for name, frame in incoming.items():
        cur.register(name, frame)
    try:
        for name in _LOADS:
            db.execute(cur, name, upload_id=upload_id)
        counts = db.query(cur, "fct_plan_upload_counts", upload_id=upload_id).iloc[0]
    finally:
        for name in incoming:
            cur.unregister(name)
    return {k: int(v) for k, v in counts.items()}


def undo(cur: db.Cursor, upload_id: int) -> None:
    """Remove every plan row an upload added (on the caller's cursor, in its transaction)."""
    for name in _UNDOS:
        db.execute(cur, name, upload_id=upload_id)


def known_recommendation_ids(cur: db.Cursor) -> set[str]:
    """Recommendation ids in the plan now (to validate a tracker against)."""
    return set(db.query(cur, "dim_plan_recommendation_ids")["recommendation_id"])


def tracker_frames(tracker: pd.DataFrame, themes: pd.DataFrame) -> PlanFrames:
    """Split validated tracker rows (cib.plan_validate) into the frames load_plan takes.

    An action's definition comes from its latest update's row (trackers revise due dates).
    A theme cell names an existing theme by id or title; any other title becomes a new theme.
    """
    by_key = {
        str(t).casefold(): i for i, t in zip(themes["theme_id"], themes["theme_id"], strict=True)
    }
    by_key |= {
        str(t).casefold(): i for i, t in zip(themes["theme_id"], themes["title"], strict=True)
    }
    numbered = [
        int(i[1:]) for i in themes["theme_id"] if str(i)[:1] == "T" and str(i)[1:].isdigit()
    ]
    next_no = max(numbered, default=0) + 1
    new_themes = []
    with_text = tracker[tracker["recommendation_text"].fillna("") != ""]
    theme_of: dict[str, str] = {}
    for title in dict.fromkeys(with_text["theme"]):
        key = str(title).casefold()
        if key not in by_key:
            by_key[key] = f"T{next_no}"
            new_themes.append({"theme_id": f"T{next_no}", "title": title})
            next_no += 1
        theme_of[title] = by_key[key]
    recs = with_text.sort_values("update_date").groupby("recommendation_id").tail(1)
    recommendations = pd.DataFrame(
        {
            "recommendation_id": recs["recommendation_id"],
            "theme_id": recs["theme"].map(theme_of),
            # a blank Source cell means the inspection, like a missing one
            "source": recs["recommendation_source"].replace("", None).fillna("Inspection"),
            "source_date": recs["recommendation_date"],
            "text": recs["recommendation_text"],
        }
    )
    latest = tracker.sort_values("update_date").groupby("action_id").tail(1)
    actions = pd.DataFrame(
        {
            "action_id": latest["action_id"],
            "recommendation_id": latest["recommendation_id"],
            "what": latest["what"],
            "who": latest["who"],
            "how": latest["how"].replace("", None),
            "due_date": latest["due_date"],
            "measure_ids": latest["success_measures"],
        }
    )
    updates = tracker[["action_id", "update_date", "status", "update_text"]].copy()
    updates["update_text"] = updates["update_text"].replace("", None)
    return PlanFrames(
        pd.DataFrame(new_themes, columns=THEME_COLUMNS), recommendations, actions, updates
    )


def load_tracker(cur: db.Cursor, tracker: pd.DataFrame, upload_id: int) -> dict[str, int]:
    """Load validated action-tracker rows (cib.plan_validate.validate_tracker) under an upload."""
    return load_plan(cur, tracker_frames(tracker, themes(cur)), upload_id)


# --- Reading ----------------------------------------------------------------------------------


def themes(cur: db.Cursor) -> pd.DataFrame:
    """Themes now: theme_id, title."""
    return db.query(cur, "dim_plan_themes")


def recommendations(cur: db.Cursor) -> pd.DataFrame:
    """Recommendations now with their theme, in natural id order."""
    return _natural(db.query(cur, "fct_plan_recommendations"), "recommendation_id")


def actions(cur: db.Cursor) -> pd.DataFrame:
    """Actions now with recommendation and theme, in natural id order ('1.2' before '1.10')."""
    return _natural(db.query(cur, "fct_plan_actions"), "action_id")


def updates(cur: db.Cursor) -> pd.DataFrame:
    """Every current action's progress updates as they stand now (corrections applied)."""
    return db.query(cur, "fct_plan_updates")


def update_history(cur: db.Cursor, action_id: str) -> pd.DataFrame:
    """Every update ever recorded for one action, corrections included, with who loaded it."""
    return db.query(cur, "fct_plan_update_history", action_id=action_id)


def action_measures(cur: db.Cursor) -> pd.DataFrame:
    """Each current action's success measures: action_id, measure_id, title, short_title."""
    return db.query(cur, "fct_plan_action_measures")


def plan_as_at(cur: db.Cursor, as_at: dt.date | None = None) -> pd.DataFrame:
    """Every action with its status at as_at (default: the latest update date), board order."""
    ups = updates(cur)
    return plan.plan_as_at(actions(cur), ups, as_at or plan.default_as_at(ups))


def _natural(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    return frame.sort_values(column, key=lambda s: s.map(plan.natural_key)).reset_index(drop=True)
