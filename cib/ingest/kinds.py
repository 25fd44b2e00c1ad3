"""The kind interface, the registry of kinds, and detecting a file's kind from its headers."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import pkgutil
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from cib import config, db
from cib.ingest.headers import Column, HeaderMatch, match
from cib.ingest.problems import Problems
from cib.ingest.reading import RawTable

TEMPLATES_DIR = config.DATA_DIR / "templates"


@dataclass
class Context:
    """What a validate step may use besides the file itself."""

    problems: Problems
    today: dt.date  # a month after this one is in the future
    catalogue: pd.DataFrame  # the measure table: measure_id, title, unit, ...
    cursor: db.Cursor | None = None  # for other read-only lookups a kind needs


@dataclass
class Incoming:
    """A file's rows as text, its columns named as the kind names them, rows as Excel shows."""

    raw: RawTable
    found: dict[str, int]  # column name -> position in raw.cells
    problems: Problems

    def __len__(self) -> int:
        return len(self.raw.cells)

    @property
    def rows(self) -> np.ndarray:
        """The Excel row number of each row."""
        return self.raw.rows

    def has(self, name: str) -> bool:
        """Whether the file has this column."""
        return name in self.found

    def text(self, name: str) -> pd.Series:
        """A column's trimmed text ('' for blank; all '' when the file lacks the column)."""
        if name not in self.found:
            return pd.Series([""] * len(self), dtype="str")
        return self.raw.cells[self.found[name]]

    def header(self, name: str) -> str:
        """The column's header as written in the file (the kind's name if the file lacks it)."""
        return self.raw.column_name(self.found[name]) if name in self.found else name

    def position(self, name: str) -> int:
        """Where the column is in the file (for ordering problems), -1 if absent."""
        return self.raw.positions[self.found[name]] if name in self.found else -1

    def flag(
        self,
        name: str | None,
        mask: np.ndarray,
        message: str | np.ndarray | list[str],
        *,
        show_value: bool = True,
    ) -> None:
        """A problem in column `name` for every row where mask is true."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        if not isinstance(message, str):
            message = list(np.asarray(message, dtype=object)[mask])
        if name is None or not self.has(name):
            values = [None] * int(mask.sum())
            column = None if name is None else name
            self.problems.add_cells(self.rows[mask], values, message, column=column)
            return
        values = self.text(name).to_numpy(dtype=object)[mask] if show_value else [None] * mask.sum()
        self.problems.add_cells(
            self.rows[mask],
            values,
            message,
            column=self.header(name),
            column_index=self.position(name),
        )


@dataclass
class Preview:
    """What a load would do: rows added, replaced (old -> new) and unchanged, with a sample."""

    added: int
    replaced: int
    unchanged: int
    changes: pd.DataFrame = field(default_factory=pd.DataFrame)  # first rows added/replaced


@dataclass
class Counts:
    """What a load did."""

    added: int
    replaced: int
    unchanged: int


class Kind:
    """One kind of extract. Subclass it in a module of cib.ingest that sets KIND = YourKind().

    Override validate, and either use KeyedKind (upsert with history) or override preview,
    load, undo_blockers and undo.
    """

    name: ClassVar[str]  # the word used in `load KIND FILE`, e.g. 'measures'
    title: ClassVar[str]  # for people, e.g. 'Monthly measure extract'
    description: ClassVar[str] = ""  # one sentence: what one row is
    columns: ClassVar[tuple[Column, ...]]
    order: ClassVar[int] = 100  # position in lists of kinds
    ignore_unknown_columns: ClassVar[bool] = False  # True: extra columns never fail a load

    def missing_columns(self, found: set[str]) -> list[str]:
        """Messages for required columns the file lacks (default: every required column)."""
        return [
            f'lacks the column "{c.name}" (expected the columns {self.column_list()})'
            for c in self.columns
            if c.required and c.name not in found
        ]

    def column_list(self) -> str:
        """'measure_id, month, team (optional), ...' for messages."""
        return ", ".join(c.name if c.required else f"{c.name} (optional)" for c in self.columns)

    def pick_sheet(self, sheet_names: list[str]) -> str | None:
        """The sheet to read in a workbook when none is named; None for the first."""
        return None

    def validate(self, incoming: Incoming, ctx: Context) -> Any:
        """Text cells -> a typed payload (usually a DataFrame); problems go to ctx.problems."""
        raise NotImplementedError

    def size(self, payload: Any) -> int:
        """How many rows the payload holds (for progress and messages)."""
        return len(payload)

    def preview(self, cur: db.Cursor, payload: Any) -> Preview:
        """Compare the payload with the database: added, replaced old -> new, unchanged."""
        raise NotImplementedError

    def load(self, cur: db.Cursor, payload: Any, upload_id: int) -> Counts:
        """Write the payload on the transaction's cursor, remembering what it replaced."""
        raise NotImplementedError

    def undo_blockers(self, cur: db.Cursor, upload_id: int) -> list[int]:
        """Later uploads, still loaded, that changed rows this upload wrote (undo those first)."""
        raise NotImplementedError

    def undo(self, cur: db.Cursor, upload_id: int) -> None:
        """Remove what the upload wrote and put back exactly what it replaced."""
        raise NotImplementedError

    def template(self) -> bytes:
        """A CSV template for this kind: data/templates/<name>.csv, else its header and example."""
        path = TEMPLATES_DIR / f"{self.name}.csv"
        if path.exists():
            return path.read_bytes()
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([c.name for c in self.columns])
        writer.writerow([c.example for c in self.columns])
        return out.getvalue().encode("utf-8")


@dataclass(frozen=True)
class KeyedQueries:
    """The named queries a KeyedKind runs. Each reads the frame registered as `incoming`."""

    incoming: str  # the name the payload is registered under, e.g. incoming_measures
    preview_counts: str  # one row: added, replaced, unchanged
    preview_changes: str  # rows added or replaced, old -> new ($limit)
    history: str  # copies rows about to be replaced or re-supplied ($upload_id)
    upsert: str | tuple[str, ...]  # inserts new rows, replaces changed ones ($upload_id), in order
    undo_blockers: str  # later loaded uploads that changed this one's rows ($upload_id)
    undo_delete: str  # deletes the rows the upload wrote ($upload_id)
    undo_restore: str  # puts back the rows it replaced ($upload_id)


class KeyedKind(Kind):
    """A kind whose rows upsert one table by key, keeping replaced rows so undo is exact."""

    key: ClassVar[tuple[str, ...]]
    queries: ClassVar[KeyedQueries]
    preview_limit: ClassVar[int] = 500

    def preview(self, cur: db.Cursor, payload: pd.DataFrame) -> Preview:
        """Counts and a sample of the changes, compared with what the database holds now."""
        q = self.queries
        cur.register(q.incoming, payload)
        try:
            counts = db.query(cur, q.preview_counts).iloc[0]
            changes = db.query(cur, q.preview_changes, limit=self.preview_limit)
        finally:
            cur.unregister(q.incoming)
        return Preview(
            int(counts["added"]), int(counts["replaced"]), int(counts["unchanged"]), changes
        )

    def load(self, cur: db.Cursor, payload: pd.DataFrame, upload_id: int) -> Counts:
        """History first (it reads the rows before they change), then the upsert."""
        q = self.queries
        cur.register(q.incoming, payload)
        try:
            counts = db.query(cur, q.preview_counts).iloc[0]
            db.execute(cur, q.history, upload_id=upload_id)
            for name in (q.upsert,) if isinstance(q.upsert, str) else q.upsert:
                db.execute(cur, name, upload_id=upload_id)
        finally:
            cur.unregister(q.incoming)
        self.refresh(cur)
        return Counts(int(counts["added"]), int(counts["replaced"]), int(counts["unchanged"]))

    def undo_blockers(self, cur: db.Cursor, upload_id: int) -> list[int]:
        """Later loaded uploads that replaced or re-supplied rows this one wrote."""
        found = db.rows(cur, self.queries.undo_blockers, upload_id=upload_id)
        return [int(r[0]) for r in found]

    def undo(self, cur: db.Cursor, upload_id: int) -> None:
        """Delete the rows it wrote, then restore the rows it replaced."""
        db.execute(cur, self.queries.undo_delete, upload_id=upload_id)
        db.execute(cur, self.queries.undo_restore, upload_id=upload_id)
        self.refresh(cur)

    def refresh(self, cur: db.Cursor) -> None:
        """Rebuild what is computed from this kind's table, on the same transaction (none here)."""


# --- registry --------------------------------------------------------------------------------

_KINDS: dict[str, Kind] | None = None


def kinds() -> dict[str, Kind]:
    """Every kind, by name, in display order: each module of cib.ingest with a KIND."""
    global _KINDS
    if _KINDS is None:
        import cib.ingest as package

        found: list[Kind] = []
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"cib.ingest.{info.name}")
            kind = getattr(module, "KIND", None)
            if isinstance(kind, Kind):
                found.append(kind)
        _KINDS = {k.name: k for k in sorted(found, key=lambda k: (k.order, k.name))}
    return _KINDS


def get(name: str) -> Kind | None:
    """The kind with this name, or None."""
    return kinds().get(name.strip().lower())


@dataclass
class Fit:
    """How well a file's headers fit a kind."""

    kind: Kind
    match: HeaderMatch
    missing: list[str]  # messages for required columns that are not there
    share: float  # fraction of the file's named columns the kind knows

    @property
    def complete(self) -> bool:
        """Every required column is there."""
        return not self.missing


def fit(kind: Kind, headers: list[str]) -> Fit:
    """Match headers against one kind."""
    found = match(headers, kind.columns)
    named = sum(1 for h in headers if h) or 1
    return Fit(kind, found, kind.missing_columns(set(found.found)), found.recognised() / named)


def detect(headers: list[str]) -> Fit | None:
    """The kind a file looks like from its headers: all required columns there, most known."""
    fits = [fit(k, headers) for k in kinds().values()]
    complete = [f for f in fits if f.complete]
    if not complete:
        return None
    return max(complete, key=lambda f: (f.share, len(f.match.found)))
