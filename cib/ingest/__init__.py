"""Uploads: one pipeline for every kind of extract (the Upload page and `python -m cib load`).

Flow: bytes -> `reading.read` (CSV in UTF-8/BOM/UTF-16/Windows-1252, comma/semicolon/tab, or
XLSX; format judged by content) -> headers matched to the kind's columns (`headers.normalise`:
case, spaces, punctuation and bracketed units ignored; aliases) -> `Kind.validate` (text ->
typed payload, every problem collected) -> `Kind.preview` (added / replaced old -> new /
unchanged) -> `pipeline.load` (one transaction, logged in `upload`, data checks on the same
cursor) -> `pipeline.undo` (restores exactly what a load replaced).

Adding a kind (assessments, audits, actions, dfe, ...): write a module `cib/ingest/<name>.py`
that ends with `KIND = YourKind()`; it is found by `kinds.kinds()`. A kind declares:

    class Audits(Kind):                     # or KeyedKind: upsert one table by key, with history
        name = "audits"                     # the word in `load KIND FILE`
        title = "Case audit results"        # for people
        description = "One row per audit."  # one sentence: what a row is
        columns = (Column("audit_date", aliases=("date of audit",)), ...)  # required/optional
        order = 30                          # position in lists of kinds
        ignore_unknown_columns = False      # True: extra columns never fail a load

        def missing_columns(self, found): ...   # optional: "value, or numerator and denominator"
        def pick_sheet(self, sheet_names): ...  # optional: e.g. the sheet named like "List 4"
        def validate(self, incoming, ctx) -> payload:
            # incoming.text("audit_date") is a Series of trimmed text; incoming.rows the Excel
            # row numbers; use parse.dates / parse.months / parse.numbers and
            # incoming.flag(column, mask, message) for problems ("is not a date (expected
            # dd/mm/yyyy)"); ctx.catalogue has the measures, ctx.today, ctx.cursor for lookups.
        def size(self, payload) -> int: ...     # rows (default len(payload))
        def preview(self, cur, payload) -> Preview        # compare with the database
        def load(self, cur, payload, upload_id) -> Counts # named load_<name>_*.sql on cur
        def undo_blockers(self, cur, upload_id) -> list[int]  # later loads to undo first
        def undo(self, cur, upload_id) -> None            # restore exactly what it replaced

A KeyedKind (one table upserted by key; replaced rows kept in a history table so an undo is
exact) needs only `key`, `validate` and `queries = KeyedQueries(...)` naming its SQL files
(see measures.py: fct_upload_measures_preview_counts, load_measures_insert_new, ...).
A template CSV for each kind lives in data/templates/<name>.csv.

Messages name the file, the row as Excel shows it (header = row 1), the column as written, the
value and what was expected; UploadRejected lists the first 50 and the total count.
"""

from cib.ingest.headers import Column, normalise
from cib.ingest.kinds import (
    Context,
    Counts,
    Incoming,
    KeyedKind,
    KeyedQueries,
    Kind,
    Preview,
    get,
    kinds,
)
from cib.ingest.pipeline import (
    AUTO,
    Checked,
    LoadResult,
    UndoResult,
    check,
    history,
    load,
    load_file,
    undo,
)
from cib.ingest.problems import Problem, Problems, UploadRejected

__all__ = [
    "AUTO",
    "Checked",
    "Column",
    "Context",
    "Counts",
    "Incoming",
    "Kind",
    "KeyedKind",
    "KeyedQueries",
    "LoadResult",
    "Preview",
    "Problem",
    "Problems",
    "UndoResult",
    "UploadRejected",
    "check",
    "get",
    "history",
    "kinds",
    "load",
    "load_file",
    "normalise",
    "undo",
]
