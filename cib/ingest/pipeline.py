"""One upload pipeline for every kind: read, validate, preview, load (all or nothing), undo."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from cib import db
from cib.errors import CibError
from cib.ingest import reading
from cib.ingest.kinds import Context, Fit, Incoming, Kind, Preview, detect, fit, get, kinds
from cib.ingest.problems import Problems, UploadRejected

Progress = Callable[[float, str], None]  # (fraction done 0-1, what is happening)
AUTO = "auto"  # the kind word that means "tell from the headers"

# Loads and undos are serialised in this process: the check for "already loaded", the writes
# and the log entry must not interleave between two threads (DuckDB lets only one process
# write the file, so this lock covers every writer).
_WRITE_LOCK = threading.Lock()


@dataclass
class Previous:
    """The upload, still loaded, that already holds this file."""

    upload_id: int
    file_name: str
    user_name: str
    loaded_at: dt.datetime


@dataclass
class Checked:
    """A file that passed validation: what it is, its typed rows, and what loading would do."""

    kind: Kind
    file_name: str
    sha256: str
    description: str  # how it was read, e.g. 'CSV, UTF-8, comma-separated'
    payload: Any  # the kind's typed rows
    rows: int
    preview: Preview | None  # None when already loaded
    already: Previous | None = None


@dataclass
class LoadResult:
    """What a load did, or that the file was already loaded."""

    kind: str
    file_name: str
    upload_id: int
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    already: Previous | None = None

    def summary(self) -> str:
        """One line for the analyst (the CLI prints it)."""
        if self.already:
            p = self.already
            return (
                f"already loaded: {self.file_name} is upload {p.upload_id} ({self.kind}, loaded "
                f"{p.loaded_at:%d %b %Y %H:%M} by {p.user_name}); nothing changed"
            )
        return (
            f"loaded {self.file_name} as upload {self.upload_id} ({self.kind}): "
            f"{self.added:,} added, {self.replaced:,} replaced, {self.unchanged:,} unchanged"
        )


def sha256(data: bytes) -> str:
    """The file's fingerprint: the same bytes are the same file whatever its name."""
    return hashlib.sha256(data).hexdigest()


def _noop(fraction: float, stage: str) -> None:
    return None


def resolve_kind(name: str | None) -> Kind | None:
    """The kind named (None for 'auto'); an unknown word is an error listing the kinds."""
    if name is None or name.strip().lower() in ("", AUTO):
        return None
    kind = get(name)
    if kind is None:
        known = ", ".join(kinds())
        raise CibError(f'"{name}" is not a kind of upload (expected one of: {known}, or {AUTO})')
    return kind


def check(
    con: db.Connection,
    data: bytes,
    file_name: str,
    kind: str | None = None,
    *,
    sheet: str | None = None,
    user_name: str = "unknown",
    today: dt.date | None = None,
    progress: Progress | None = None,
    log_refusal: bool = True,
) -> Checked:
    """Read and validate a file, and preview it against the database. Writes no data.

    Raises UploadRejected with every problem found (and logs the refusal unless told not to).
    """
    progress = progress or _noop
    chosen = resolve_kind(kind)
    digest = sha256(data)
    problems = Problems(file_name)
    if chosen is not None:  # the same file again is found before reading a byte of it
        with con.cursor() as cur:
            previous = _already_loaded(cur, chosen.name, digest)
        if previous is not None:
            return Checked(chosen, file_name, digest, "", None, 0, None, previous)
    try:
        progress(0.05, "Reading the file")
        raw = reading.read(
            data,
            file_name,
            problems,
            sheet=sheet,
            pick_sheet=chosen.pick_sheet if chosen else _pick_any_sheet,
        )
        if raw is None:
            raise problems.rejected()
        found = _columns(raw, chosen, problems)
        chosen = found.kind
        with con.cursor() as cur:
            previous = _already_loaded(cur, chosen.name, digest)
            if previous is not None:
                return Checked(chosen, file_name, digest, raw.description, None, 0, None, previous)
            progress(0.25, "Checking every row")
            ctx = Context(
                problems,
                today or dt.date.today(),
                db.query(cur, "fct_upload_measure_catalogue"),
                cur,
            )
            payload = chosen.validate(Incoming(raw, found.match.found, problems), ctx)
            if problems:
                raise problems.rejected()
            progress(0.7, "Comparing with the data already loaded")
            preview = chosen.preview(cur, payload)
    except UploadRejected as err:
        if log_refusal:
            log_refused(
                con, (chosen.name if chosen else kind) or AUTO, file_name, digest, user_name, err
            )
        raise
    progress(1.0, "Checked")
    return Checked(
        chosen, file_name, digest, raw.description, payload, chosen.size(payload), preview
    )


def _pick_any_sheet(names: list[str]) -> str | None:
    """With no kind chosen, a workbook's sheet is the first any kind would pick, else the first."""
    for kind in kinds().values():
        picked = kind.pick_sheet(names)
        if picked:
            return picked
    return None


def _columns(raw: reading.RawTable, chosen: Kind | None, problems: Problems) -> Fit:
    """Match headers to the kind (or detect it); column problems go to problems."""
    if chosen is None:
        found = detect(raw.headers)
        if found is None:
            problems.add(
                "does not look like any kind of upload from its columns (expected the columns "
                "of one kind: choose the kind to be told which are missing, or start from its "
                "template)"
            )
            raise problems.rejected()
    else:
        found = fit(chosen, raw.headers)
        if not found.complete:
            better = detect(raw.headers)
            if better is not None and better.kind is not chosen:
                problems.add(
                    f"looks like a {better.kind.name} file, not a {chosen.name} file (expected "
                    f"the columns {chosen.column_list()}; choose the kind {better.kind.name} "
                    "or another file)"
                )
                raise problems.rejected()
    kind = found.kind
    for message in found.missing:
        problems.add(message)
    if not kind.ignore_unknown_columns:
        known = kind.column_list()
        for i in found.match.unknown:
            problems.add(
                f"is not a known column (expected only the columns {known})",
                column=raw.column_name(i),
                column_index=raw.positions[i],
            )
    for i in found.match.unnamed:
        filled = raw.cells[i] != ""
        first = int(raw.rows[filled.to_numpy()][0])
        problems.add(
            f"has values (the first in row {first}) but no header (expected a column name "
            "in the header row)",
            column=raw.column_name(i),
            column_index=raw.positions[i],
        )
    for i, name in found.match.repeated:
        problems.add(
            f'is a second "{name}" column (expected each column once)',
            column=raw.column_name(i),
            column_index=raw.positions[i],
        )
    if found.missing:
        raise problems.rejected()  # without the columns, the values cannot be checked
    if not len(raw.cells):
        problems.add("has no rows of data below the header (expected at least one row)")
        raise problems.rejected()
    return found


def _already_loaded(cur: db.Cursor, kind: str, digest: str) -> Previous | None:
    found = db.rows(cur, "fct_upload_already_loaded", kind=kind, sha256=digest)
    return Previous(*found[0]) if found else None


def log_refused(
    con: db.Connection,
    kind: str,
    file_name: str,
    digest: str | None,
    user_name: str,
    err: UploadRejected,
) -> None:
    """Log a refused attempt in the upload table; no data table changes."""
    with _WRITE_LOCK, db.transaction(con) as cur:
        db.execute(
            cur,
            "load_upload_refused",
            kind=kind,
            file_name=file_name,
            sha256=digest,
            user_name=user_name,
            message=str(err),
        )


def load(
    con: db.Connection,
    checked: Checked,
    user_name: str,
    *,
    progress: Progress | None = None,
) -> LoadResult:
    """Load a checked file in one transaction: all of it or nothing; logged with its counts.

    The same file (same content and kind) still loaded is reported as already loaded and
    changes nothing.
    """
    progress = progress or _noop
    kind = checked.kind
    result = LoadResult(kind.name, checked.file_name, 0)
    with _WRITE_LOCK:
        try:
            with db.transaction(con) as cur:
                previous = _already_loaded(cur, kind.name, checked.sha256)
                if previous is not None:
                    result.already, result.upload_id = previous, previous.upload_id
                    return result
                progress(0.1, "Loading")
                upload_id = int(
                    db.scalar(
                        cur,
                        "load_upload_start",
                        kind=kind.name,
                        file_name=checked.file_name,
                        sha256=checked.sha256,
                        user_name=user_name,
                    )
                )
                counts = kind.load(cur, checked.payload, upload_id)
                progress(0.8, "Checking the data")
                _raise_on_failed_checks(cur, checked.file_name, upload_id)
                result.upload_id = upload_id
                result.added, result.replaced = counts.added, counts.replaced
                result.unchanged = counts.unchanged
                db.execute(
                    cur,
                    "load_upload_finish",
                    upload_id=upload_id,
                    rows_added=counts.added,
                    rows_replaced=counts.replaced,
                    rows_unchanged=counts.unchanged,
                    message=f"{checked.description}; {checked.rows:,} rows",
                )
        except UploadRejected as err:
            refused = err
        else:
            progress(1.0, "Loaded")
            return result
    log_refused(con, kind.name, checked.file_name, checked.sha256, user_name, refused)
    raise refused


def _raise_on_failed_checks(cur: db.Cursor, file_name: str, upload_id: int) -> None:
    """Data checks run on the load's own cursor, so they see its uncommitted rows."""
    failures = db.failed_checks(cur, upload_id=upload_id)
    if failures:
        problems = Problems(file_name)
        for name, rows in failures.items():
            problems.add(
                f"would break the data check {name} ({len(rows):,} rows, e.g. "
                f"{_first_row(rows)}) (expected data that passes every check)"
            )
        raise problems.rejected()


def _first_row(rows: pd.DataFrame) -> str:
    return ", ".join(f"{k}={v}" for k, v in rows.iloc[0].items())


def load_file(
    con: db.Connection,
    data: bytes,
    file_name: str,
    kind: str | None,
    user_name: str,
    *,
    sheet: str | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> LoadResult:
    """Check and load a file in one go (the CLI's path): raises UploadRejected if refused."""
    progress = progress or _noop
    checked = check(
        con,
        data,
        file_name,
        kind,
        sheet=sheet,
        user_name=user_name,
        today=today,
        progress=lambda f, s: progress(f * 0.6, s),
    )
    if checked.already:
        return LoadResult(
            checked.kind.name,
            file_name,
            checked.already.upload_id,
            already=checked.already,
        )
    return load(con, checked, user_name, progress=lambda f, s: progress(0.6 + f * 0.4, s))


# --- undo ------------------------------------------------------------------------------------


@dataclass
class UndoResult:
    """What an undo did."""

    upload_id: int
    kind: str
    file_name: str

    def summary(self) -> str:
        """One line for the analyst."""
        return (
            f"undid upload {self.upload_id} ({self.kind}, {self.file_name}): what it replaced "
            "is back"
        )


def undo(con: db.Connection, upload_id: int, user_name: str) -> UndoResult:
    """Undo a load: remove what it wrote and restore exactly what it replaced, in one transaction.

    Refused (with the reason) when a later load, still loaded, changed the same rows: undo that
    one first, so every undo restores an exact earlier state.
    """
    with _WRITE_LOCK, db.transaction(con) as cur:
        found = db.rows(cur, "fct_upload_one", upload_id=upload_id)
        if not found:
            raise CibError(f"there is no upload {upload_id}")
        _, kind_name, file_name, _, _, status = found[0]
        if status != "loaded":
            raise CibError(
                f"upload {upload_id} ({file_name}) is {status}: there is nothing to undo"
            )
        kind = get(kind_name)
        if kind is None:
            raise CibError(
                f"upload {upload_id} ({file_name}) is {kind_name} data, which cannot be undone here"
            )
        blockers = kind.undo_blockers(cur, upload_id)
        if blockers:
            later = ", ".join(str(b) for b in blockers)
            noun = "upload" if len(blockers) == 1 else "uploads"
            raise CibError(
                f"upload {upload_id} ({file_name}) cannot be undone yet: later {noun} {later} "
                f"changed or re-loaded the same rows. Undo {later} first."
            )
        kind.undo(cur, upload_id)
        db.execute(cur, "load_upload_undone", upload_id=upload_id)
        db.execute(cur, "load_upload_undo_log", upload_id=upload_id, user_name=user_name)
        failures = db.failed_checks(cur, upload_id=upload_id)
        if failures:
            raise CibError(
                f"undoing upload {upload_id} would break the data checks "
                f"{', '.join(failures)}; nothing was changed"
            )
    return UndoResult(upload_id, kind_name, file_name)


def upload_kind(con: db.Connection, upload_id: int) -> str | None:
    """The kind of an upload ('demo' for the demo data), or None if there is no such upload."""
    with con.cursor() as cur:
        found = db.rows(cur, "fct_upload_one", upload_id=upload_id)
    return found[0][1] if found else None


def history(con: db.Connection) -> pd.DataFrame:
    """Every upload attempt, newest first."""
    with con.cursor() as cur:
        return db.query(cur, "fct_upload_history")
