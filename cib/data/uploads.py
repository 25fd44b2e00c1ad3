"""What the Upload page may ask for: kinds, templates, history; check, load and undo a file."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from cib import auth, ingest
from cib.data import clear_caches, connection
from cib.ingest.pipeline import Progress


def kinds() -> dict[str, str]:
    """Each kind of upload: name -> title, in display order."""
    return {name: kind.title for name, kind in ingest.kinds().items()}


def kind_columns(kind: str) -> pd.DataFrame:
    """The columns a kind of file has, for the page's help table."""
    rows = [
        {
            "Column": c.name,
            "Required": "yes" if c.required else "no",
            "Also accepted as": ", ".join(c.aliases),
            "What it holds": c.description,
            "Example": c.example,
        }
        for c in ingest.get(kind).columns
    ]
    return pd.DataFrame(rows)


def kind_description(kind: str) -> str:
    """One sentence: what a row of this kind is."""
    return ingest.get(kind).description


def template(kind: str) -> bytes:
    """The CSV template for a kind."""
    return ingest.get(kind).template()


@st.cache_data(ttl="10m")
def history() -> pd.DataFrame:
    """Every upload attempt, newest first."""
    return ingest.history(connection())


def undoable(frame: pd.DataFrame) -> pd.DataFrame:
    """The uploads in a history table that can be undone (loaded, of a kind the app knows)."""
    known = set(ingest.kinds())
    return frame[(frame["status"] == "loaded") & frame["kind"].isin(known)]


def changes_table(preview: ingest.Preview) -> pd.DataFrame:
    """A preview's sample of changes as people read it: 'old -> new' in one column per field."""
    frame = preview.changes
    pairs = [c[4:] for c in frame.columns if c.startswith("new_") and f"old_{c[4:]}" in frame]
    keys = [c for c in frame.columns if not c.startswith(("old_", "new_")) and c != "action"]
    out = pd.DataFrame({"Change": frame["action"].map({"add": "add", "replace": "replace"})})
    for key in keys:
        out[_label(key)] = [_show(v, key) for v in frame[key]]
    for field in pairs:
        old, new = frame[f"old_{field}"], frame[f"new_{field}"]
        out[_label(field)] = [
            _show(n, field)
            if a == "add" or _same(o, n)
            else f"{_show(o, field)} → {_show(n, field)}"
            for a, o, n in zip(frame["action"], old, new, strict=True)
        ]
    return out


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize().replace(" id", " ID")


def _same(a: object, b: object) -> bool:
    return (pd.isna(a) and pd.isna(b)) if pd.isna(a) or pd.isna(b) else a == b


def _show(value: object, name: str) -> str:
    """One cell: months as 'Aug 2016', dates as '1 Apr 2016', numbers without noise, blank '–'."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if isinstance(value, dt.date | pd.Timestamp):
        stamp = pd.Timestamp(value)
        return f"{stamp:%b %Y}" if name == "month" else f"{stamp:%-d %b %Y}"
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value)


def current_user() -> str:
    """The name the upload log records for this session's loads and undos."""
    return auth.user_name()


def check(
    data: bytes,
    file_name: str,
    kind: str,
    sheet: str | None,
    user_name: str,
    progress: Progress | None = None,
) -> ingest.Checked:
    """Validate and preview a file; raises UploadRejected listing every problem."""
    try:
        return ingest.check(
            connection(),
            data,
            file_name,
            kind,
            sheet=sheet or None,
            user_name=user_name,
            progress=progress,
        )
    finally:
        history.clear()  # a refusal is logged


def load(
    checked: ingest.Checked, user_name: str, progress: Progress | None = None
) -> ingest.LoadResult:
    """Load a checked file, all or nothing; every page then shows the new data."""
    auth.ensure_can(auth.upload_action(checked.kind.name))  # server-side, whatever the page showed
    try:
        return ingest.load(connection(), checked, user_name, progress=progress)
    finally:
        clear_caches()


def undo(upload_id: int, user_name: str) -> ingest.UndoResult:
    """Undo a load, restoring exactly what it replaced; every page then shows the change."""
    auth.ensure_can("undo")
    kind = ingest.pipeline.upload_kind(connection(), upload_id)
    if kind is not None:
        auth.ensure_can(auth.upload_action(kind))  # undoing targets changes targets
    try:
        return ingest.undo(connection(), upload_id, user_name)
    finally:
        clear_caches()
