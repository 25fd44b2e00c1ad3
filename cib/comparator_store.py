"""DfE comparator figures in the database: load a parsed file, preview, undo, read back.

Every function takes a cursor; loads run on the caller's transaction cursor
(`with db.transaction(con) as cur:`) so an upload is all or nothing. A load replaces that DfE
table's rows for the years the file holds (or the whole statistical-neighbour model), keeping
what it replaced so undoing the upload restores it exactly.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cib import config, db, dfe
from cib.errors import CibError

PUBLISHED_DIR = config.DATA_DIR / "dfe"


def _frame(parsed: dfe.ParsedFile) -> tuple[str, pd.DataFrame]:
    """The registered name and a frame with plain dtypes DuckDB reads reliably."""
    rows = parsed.rows.copy()
    text = [c for c in rows.columns if rows[c].dtype == object or str(rows[c].dtype) == "str"]
    for c in text:
        rows[c] = rows[c].astype(object).where(rows[c].notna(), None)
    if parsed.table == "sn":
        return "incoming_sn", rows
    rows["period_end"] = pd.to_datetime(rows["period_end"])
    return "incoming_dfe", rows


def load_parsed(cur: db.Cursor, parsed: dfe.ParsedFile, upload_id: int | None = None) -> int:
    """Write a parsed DfE file on this (transaction) cursor; returns the rows written."""
    name, frame = _frame(parsed)
    cur.register(name, frame)
    try:
        if parsed.table == "sn":
            if upload_id is not None:
                db.execute(cur, "load_dfe_neighbours_archive", upload_id=upload_id)
            db.execute(cur, "load_dfe_neighbours_delete")
            db.execute(cur, "load_dfe_neighbours_insert", upload_id=upload_id)
        else:
            if upload_id is not None:
                db.execute(
                    cur, "load_dfe_values_archive", upload_id=upload_id, source_table=parsed.table
                )
            db.execute(cur, "load_dfe_values_delete", source_table=parsed.table)
            db.execute(cur, "load_dfe_values_insert", upload_id=upload_id)
    finally:
        cur.unregister(name)
    return len(frame)


def load_dfe_file(cur: db.Cursor, data: bytes, file_name: str, upload_id: int) -> int:
    """The upload kind `dfe`: parse a DfE CSV and load it on this transaction cursor."""
    return load_parsed(cur, dfe.parse_file(data, file_name), upload_id)


def preview_dfe_file(cur: db.Cursor, data: bytes, file_name: str) -> dict[str, int | str]:
    """What loading the file would do, without writing: table, added/replaced/unchanged/removed."""
    return preview_parsed(cur, dfe.parse_file(data, file_name))


def preview_parsed(cur: db.Cursor, parsed: dfe.ParsedFile) -> dict[str, int | str]:
    """What loading a parsed file would do: table, title, added/replaced/unchanged/removed."""
    name, frame = _frame(parsed)
    cur.register(name, frame)
    try:
        if parsed.table == "sn":
            counts = db.query(cur, "fct_dfe_preview_neighbours")
        else:
            counts = db.query(cur, "fct_dfe_preview_values", source_table=parsed.table)
    finally:
        cur.unregister(name)
    result: dict[str, int | str] = {"table": parsed.table, "title": parsed.title}
    result.update({k: int(v) for k, v in counts.iloc[0].items()})
    return result


def undo_blockers(cur: db.Cursor, upload_id: int) -> list[int]:
    """Later uploads, still loaded, that replaced figures this upload wrote (undo those first)."""
    found = db.query(cur, "fct_upload_dfe_undo_blockers", upload_id=upload_id)["upload_id"]
    return [int(u) for u in found.dropna()]


def undo_dfe_load(cur: db.Cursor, upload_id: int) -> None:
    """Remove what a DfE upload added and restore what it replaced (on a transaction cursor)."""
    blockers = undo_blockers(cur, upload_id)
    if blockers:
        later = ", ".join(map(str, blockers))
        raise CibError(
            f"upload {upload_id} cannot be undone: later upload(s) {later} replaced its "
            "figures. Undo that later upload first."
        )
    for name in (
        "load_dfe_undo_values_delete",
        "load_dfe_undo_values_restore",
        "load_dfe_undo_values_forget",
        "load_dfe_undo_neighbours_delete",
        "load_dfe_undo_neighbours_restore",
        "load_dfe_undo_neighbours_forget",
    ):
        db.execute(cur, name, upload_id=upload_id)


def published_files(folder: Path | None = None) -> list[Path]:
    """The DfE CSVs shipped with the product (data/dfe/), in name order."""
    return sorted((folder or PUBLISHED_DIR).glob("*.csv"))


def seed_published(cur: db.Cursor, upload_id: int | None = None) -> int:
    """Load every DfE file in data/dfe/ (the demo's comparators); returns the rows written."""
    files = published_files()
    if not files:
        raise CibError(f"no DfE files found in {PUBLISHED_DIR}")
    return sum(load_parsed(cur, dfe.parse_path(p), upload_id) for p in files)


# --- reading ---------------------------------------------------------------------------------


def values(cur: db.Cursor, measure_id: str) -> pd.DataFrame:
    """Every DfE figure for a measure (England, regions, councils; all years)."""
    return db.query(cur, "fct_comparator_values", measure_id=measure_id)


def sn_models(cur: db.Cursor) -> list[int]:
    """The statistical-neighbour model years loaded, oldest first."""
    return [int(y) for y in db.query(cur, "dim_comparator_sn_models")["model_year"]]


def neighbours(cur: db.Cursor, la_code: str, model_year: int | None = None) -> pd.DataFrame:
    """A council's statistical neighbours in a model (default: the latest loaded)."""
    models = sn_models(cur)
    if model_year is None:
        if not models:
            return db.query(cur, "fct_comparator_neighbours", la_code=la_code, model_year=-1)
        model_year = models[-1]
    elif model_year not in models:
        loaded = ", ".join(map(str, models)) or "none"
        raise CibError(
            f"no {model_year} statistical-neighbour model is loaded (loaded: {loaded}). "
            "Load the DfE neighbour file for that model first."
        )
    return db.query(cur, "fct_comparator_neighbours", la_code=la_code, model_year=model_year)


def measures_loaded(cur: db.Cursor) -> pd.DataFrame:
    """Measures with DfE figures loaded: measure_id, source_table, first/last year, figures."""
    return db.query(cur, "dim_comparator_measures")
