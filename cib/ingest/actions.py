"""Kind `actions`: an improvement-plan action tracker, one row per action per progress update.

Laid out like a council's tracker (What / Who / How / When / Success measures / Current
status), plus the action and recommendation ids and the update's date and text; a tracker
that also names a theme and the recommendation's text creates the recommendation. The checks
are cib.plan_validate's (unknown measure ids, status words and dates that do not parse, an
update given twice, an unknown recommendation), the versioned store cib.plan_store's. This
module plugs them into the upload pipeline: problems keep the row as Excel shows it and the
column as written, and the preview says, for each row of the file, what it adds or changes.

A row is `replaced` when it changes something held: it corrects the progress update held for
that action and date, or it is the row that defines its action (the action's latest update, as
cib.plan_store reads it) or its recommendation and that definition changes. It is `added` when
it only adds (a new update, action or recommendation), `unchanged` otherwise.

Undo removes every plan row the upload added, so the versions before it are current again; a
later upload that wrote rows for the same action, recommendation or theme is undone first.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from cib import db, plan_store, plan_validate
from cib.ingest.headers import Column, normalise
from cib.ingest.kinds import Context, Counts, Incoming, Kind, Preview

PREVIEW_LIMIT = 500
_DESCRIPTIONS = {
    "action_id": ("The action's number in the plan", "1.1"),
    "recommendation_id": ("The Ofsted recommendation the action answers", "R1"),
    "theme": ("The plan theme (needed with a recommendation text)", "Quality assurance and audit"),
    "what": ("What will be done", "Run monthly case audits"),
    "who": ("Who owns the action", "Head of Quality Assurance"),
    "how": ("How it will be done", "Audit 40 cases a month"),
    "due_date": ("When: the due date, dd/mm/yyyy, or a month (its last day)", "30/09/2018"),
    "success_measures": (
        "Measure ids the action should move, separated by commas or semicolons",
        "audits_good_or_better_pct",
    ),
    "status": ("Not started, On track, At risk, Off track or Complete", "On track"),
    "update_date": ("The date of this progress update, dd/mm/yyyy", "26/04/2018"),
    "update_text": ("The progress update itself", "First 40 audits done"),
    "recommendation_text": ("Creates or rewords the recommendation (with Theme)", ""),
    "recommendation_source": ("Inspection or Monitoring visit", "Inspection"),
    "recommendation_date": ("The date of the inspection or visit", "12/01/2016"),
}
# cib.plan_validate's cross-row messages, said as the pipeline says them (value, then why).
_TWICE = re.compile(r'^action "(.*)" already has an update dated (\S+) in row (\d+)$')
_OTHER_REC = re.compile(r'^action "(.*)" is under recommendation "(.*)" in row (\d+), not "(.*)"$')
_PART = re.compile(r'^"([^"]*)" (.*)$')
_NEEDS_THEME = 'a recommendation needs its theme: add a "Theme" column'
# Text the preview compares; blank and missing are one (no how, no update text), as loaded.
_TEXT = ("action_id", "recommendation_id", "status", "update_text", "what", "who", "how",
         "measure_ids", "theme_id", "source", "recommendation_text")  # fmt: skip


def _columns() -> tuple[Column, ...]:
    """The tracker's columns, with every header spelling cib.plan_validate accepts."""
    columns = []
    for name, spellings in plan_validate.COLUMNS.items():
        aliases = {normalise(name): ""}  # each spelling once, as the page lists them
        for spelling in (plan_validate.HEADER_LABELS[name], *spellings):
            aliases.setdefault(normalise(spelling), spelling)
        columns.append(
            Column(
                name,
                required=name in plan_validate.REQUIRED,
                aliases=tuple(a for a in aliases.values() if a),
                description=_DESCRIPTIONS[name][0],
                example=_DESCRIPTIONS[name][1],
            )
        )
    return tuple(columns)


class Actions(Kind):
    """Action tracker rows: action, recommendation, what, who, how, when, status, update."""

    name = "actions"
    title = "Improvement plan action tracker"
    description = (
        "One row per action per progress update: What, Who, How, When, Success measures, "
        "Current status, the update's date and text."
    )
    order = 50
    ignore_unknown_columns = True  # RAG, notes and other tracker columns are read past
    columns = _columns()

    def pick_sheet(self, sheet_names: list[str]) -> str | None:
        """In a workbook, the sheet named like "Action tracker" or "Actions"."""
        for word in ("tracker", "action"):
            for name in sheet_names:
                if word in name.casefold():
                    return name
        return None

    def validate(self, incoming: Incoming, ctx: Context) -> pd.DataFrame:
        """Typed tracker rows (cib.plan_validate.TYPED_COLUMNS); problems to the pipeline."""
        recommendations = (
            plan_store.known_recommendation_ids(ctx.cursor) if ctx.cursor is not None else None
        )
        result = plan_validate.validate_tracker(
            _tracker_table(incoming), ctx.catalogue["measure_id"].tolist(), recommendations
        )
        for problem in result.problems:
            _add_problem(incoming, problem)
        frame = result.frame
        # A blank source means "Inspection" to cib.plan_store, which only fills missing ones.
        source = frame["recommendation_source"]
        frame["recommendation_source"] = source.astype(object).where(source != "", None)
        return frame

    def preview(self, cur: db.Cursor, payload: pd.DataFrame) -> Preview:
        """Each row's change against the plan as it stands: added, replaced or unchanged."""
        rows = _changes(cur, payload)
        changed = rows[rows["action"].notna()]
        replaced_first = (changed["action"] != "replace").to_numpy()
        order = np.lexsort((changed["row"].to_numpy(), replaced_first))
        sample = changed.iloc[order[:PREVIEW_LIMIT]].reset_index(drop=True)
        added = int((rows["action"] == "add").sum())
        replaced = int((rows["action"] == "replace").sum())
        return Preview(added, replaced, len(rows) - added - replaced, sample)

    def load(self, cur: db.Cursor, payload: pd.DataFrame, upload_id: int) -> Counts:
        """Add the new and changed versions under this upload (the counts read first)."""
        p = self.preview(cur, payload)
        plan_store.load_tracker(cur, payload, upload_id)
        return Counts(p.added, p.replaced, p.unchanged)

    def undo_blockers(self, cur: db.Cursor, upload_id: int) -> list[int]:
        """Later loaded uploads that wrote rows for the same actions, recommendations or themes."""
        found = db.rows(cur, "fct_upload_actions_undo_blockers", upload_id=upload_id)
        return [int(r[0]) for r in found]

    def undo(self, cur: db.Cursor, upload_id: int) -> None:
        """Remove every plan row the upload added: the versions before it are current again."""
        plan_store.undo(cur, upload_id)


def _tracker_table(incoming: Incoming) -> pd.DataFrame:
    """The file as cib.plan_validate reads it: a column per known field, blank rows put back.

    Columns carry their canonical names, so the pipeline's header matching is the only one;
    blank rows go back in so the position of each row gives its row number as Excel shows it.
    """
    names = list(incoming.found)
    rows = incoming.rows
    size = int(rows[-1]) - 1 if len(rows) else 0  # row 2 is position 0
    table = pd.DataFrame("", index=range(size), columns=names, dtype=object)
    at = rows.astype(int) - 2
    for name in names:
        table.loc[at, name] = incoming.text(name).to_numpy(dtype=object)
    return table


def _add_problem(incoming: Incoming, problem: plan_validate.Problem) -> None:
    """One of cib.plan_validate's problems, with the column named and placed as in the file."""
    column = problem.column
    header = incoming.header(column) if column else None
    position = incoming.position(column) if column else -1
    cell = None
    if column and problem.row is not None and incoming.has(column):
        where = np.flatnonzero(incoming.rows == problem.row)
        cell = incoming.text(column).iloc[int(where[0])] if len(where) else None
    value, message = _split(cell or None, problem.message)
    incoming.problems.add(
        message,
        row=problem.row or 0,
        column=header,
        column_index=position,
        value=value,
    )


def _split(cell: str | None, message: str) -> tuple[str | None, str]:
    """The cell and what is wrong with it: '"Amber" is not a status' -> ('Amber', 'is not ...')."""
    if cell and message.startswith(f'"{cell}" '):
        return cell, message[len(cell) + 3 :]
    part = _PART.match(message)
    if cell and part:  # one of several ids in a cell: name it, and show the whole cell
        return cell, f'holds "{part[1]}", which {part[2]}'
    twice = _TWICE.match(message)
    if twice:
        action, date, first = twice.groups()
        return cell, (
            f'repeats row {first}: action "{action}" has an update dated {date} there '
            "(expected one update per action and date)"
        )
    other = _OTHER_REC.match(message)
    if other:
        action, first_rec, first, _ = other.groups()
        return cell, (
            f'differs from row {first}, where action "{action}" is under recommendation '
            f'"{first_rec}" (expected one recommendation per action)'
        )
    if message == _NEEDS_THEME:
        return cell, (
            'needs a theme (expected a "Theme" column: a new or reworded recommendation '
            "belongs to a theme)"
        )
    return cell if message.startswith("is ") else None, message


def _changes(cur: db.Cursor, tracker: pd.DataFrame) -> pd.DataFrame:
    """One row per file row: what it would add or change (action add/replace/None), old -> new."""
    frames = plan_store.tracker_frames(tracker, plan_store.themes(cur))
    rows = pd.DataFrame(
        {
            "row": tracker["row"].astype("int64"),
            "action_id": tracker["action_id"],
            "recommendation_id": tracker["recommendation_id"],
            "update_date": pd.to_datetime(tracker["update_date"]),
            "status": frames.updates["status"],
            "update_text": frames.updates["update_text"],
            "defines_action": tracker.index.isin(frames.actions.index),
            "defines_recommendation": tracker.index.isin(frames.recommendations.index),
        },
        index=tracker.index,
    )
    action = frames.actions.reindex(tracker.index)
    for name in ("what", "who", "how", "due_date", "measure_ids"):
        rows[name] = action[name]
    rec = frames.recommendations.reindex(tracker.index)
    rows["theme_id"] = rec["theme_id"]
    rows["source"] = rec["source"]
    rows["source_date"] = pd.to_datetime(rec["source_date"])
    rows["recommendation_text"] = rec["text"]
    rows["due_date"] = pd.to_datetime(rows["due_date"])
    for name in _TEXT:  # a string dtype, so DuckDB reads VARCHAR even when every value is blank
        text = [None if pd.isna(v) or v == "" else str(v) for v in rows[name]]
        rows[name] = pd.array(text, dtype="string")
    cur.register("incoming_actions_rows", rows.reset_index(drop=True))
    try:
        return db.query(cur, "fct_upload_actions_preview_rows")
    finally:
        cur.unregister("incoming_actions_rows")


KIND = Actions()
