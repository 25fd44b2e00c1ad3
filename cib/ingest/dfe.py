"""Kind `dfe`: DfE published tables (C1, C2, C4, D3, D5, D6, D7, workforce) and neighbour files.

The reading, table detection and tidying are cib.dfe's (columns found by name, never by
position, so newer releases with extra or reordered columns load); storing, preview and undo
are cib.comparator_store's. This module plugs them into the upload pipeline: its problems
become the pipeline's (row as Excel shows it, column as written), and a preview shows each
figure that changes, old -> new.

A load replaces the table's figures for every year the file holds (a neighbour file: its whole
model). Figures of those years that the file no longer has are removed; the preview counts them
as replaced (old -> blank), so the page's three counts still add up to what changes.
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from cib import comparator_store, db, dfe
from cib.errors import CibError
from cib.ingest.headers import Column
from cib.ingest.kinds import Context, Counts, Incoming, Kind, Preview

PREVIEW_LIMIT = 500
TIDY = ("time_period", "geographic_level")  # every DfE tidy CSV has these
SN_CODE = "old_la_code"  # the council code column a neighbour file shares with the tables
SN_FIRST = "SN1"  # a neighbour file's first neighbour column (SN1 or SN_1)

# Where an analyst downloads each table (the template lists them).
_EES = "https://explore-education-statistics.service.gov.uk/find-statistics/"
_CIN = _EES + "characteristics-of-children-in-need"
_CSWW = _EES + "children-s-social-work-workforce"
_LAIT = "https://www.gov.uk/government/publications/local-authority-interactive-tool-lait"

# dfe's row problems: 'row 5, column "Same_day": "abc" is not a number ...'
_ROW_PROBLEM = re.compile(r'^row (\d+), column "(.*?)": (.*)$')
_TOTAL = re.compile(r'^".*" has (\d+) problem')
_TWICE = re.compile(r"^(.*) (\d{4}) appears twice \(first on row (\d+)\)$")
_REWORDED = {
    "a regional row needs a code": "is empty (expected the region's code on a Regional row)",
    "a local authority row needs its LA code": (
        "is empty (expected the council's 3-digit LA code on a Local authority row)"
    ),
}


def _table_columns() -> tuple[Column, ...]:
    """One column per DfE table: the figure that identifies it, and the others it needs."""
    out = []
    for table in dfe.TABLES.values():
        first, *rest = table.columns
        measures = ", ".join(m.measure_id for m in table.measures)
        out.append(
            Column(
                first,
                required=False,
                description=f"{table.title}: with {', '.join(rest)}; gives {measures}",
            )
        )
    return tuple(out)


class Dfe(Kind):
    """A DfE tidy CSV as published, or a statistical-neighbour file (2021 or 2025 model)."""

    name = "dfe"
    title = "DfE published statistics"
    description = (
        "One row per year and area (England, a region or a council) as DfE publishes the table "
        "(C1, C2, C4, D3, D5, D6, D7 or the workforce indicators), or one row per council in a "
        "statistical-neighbour file."
    )
    order = 60
    ignore_unknown_columns = True  # DfE adds columns between releases; only names matter
    columns = (
        Column(
            "time_period",
            required=False,
            description="Every DfE table: the year, to 31 March (workforce: at 30 September)",
            example="2024",
        ),
        Column(
            "geographic_level",
            required=False,
            description="Every DfE table: National, Regional or Local authority (others read past)",
            example="Local authority",
        ),
        Column("region_code", required=False, description="GSS code of the region"),
        Column("region_name", required=False, description="The region", example="South West"),
        Column(
            SN_CODE,
            required=False,
            aliases=("la num", "la code"),
            description="The council's 3-digit DfE LA code (neighbour files: LA num)",
            example="880",
        ),
        Column("new_la_code", required=False, description="The council's 9-character GSS code"),
        Column("la_name", required=False, description="The council", example="Torbay"),
        *_table_columns(),
        Column(
            SN_FIRST,
            required=False,
            aliases=("sn 1",),
            description="Neighbour files: SN1 to SN10, the ten closest councils' LA codes, "
            "each followed by its closeness; the model year comes from the file name",
            example="879",
        ),
    )

    def column_list(self) -> str:
        """What a DfE file holds, for messages (the full list of table columns is long)."""
        tables = ", ".join(code.upper() for code in dfe.TABLES)
        return (
            f"time_period, geographic_level and the table's own columns as DfE publishes "
            f"{tables}; or, in a statistical-neighbour file, {SN_CODE} (or LA num), la_name "
            "and SN1 to SN10"
        )

    def missing_columns(self, found: set[str]) -> list[str]:
        """A tidy table needs time_period and geographic_level; a neighbour file its LA code."""
        if set(TIDY) <= found or {SN_CODE, SN_FIRST} <= found:
            return []
        if SN_FIRST in found:
            lacking = [SN_CODE]
        else:
            lacking = [c for c in TIDY if c not in found]
        return [f'lacks the column "{c}" (expected {self.column_list()})' for c in lacking]

    def validate(self, incoming: Incoming, ctx: Context) -> dfe.ParsedFile | None:
        """The file read by cib.dfe into long rows; its problems go to the pipeline's list."""
        raw = incoming.raw
        try:
            return dfe.parse_cells(raw.headers, _excel_rows(incoming), raw.file_name)
        except CibError as err:
            _add_problems(incoming, str(err))
            return None

    def size(self, payload: dfe.ParsedFile) -> int:
        """Figures (measure x year x area), or neighbour links, the file gives."""
        return len(payload.rows)

    def preview(self, cur: db.Cursor, payload: dfe.ParsedFile) -> Preview:
        """Figures added, replaced (removed ones included) and unchanged, with a sample."""
        counts = comparator_store.preview_parsed(cur, payload)
        name, frame, query, params = _incoming(payload)
        cur.register(name, frame)
        try:
            changes = db.query(cur, query, limit=PREVIEW_LIMIT, **params)
        finally:
            cur.unregister(name)
        return Preview(
            int(counts["added"]),
            int(counts["replaced"]) + int(counts["removed"]),
            int(counts["unchanged"]),
            changes,
        )

    def load(self, cur: db.Cursor, payload: dfe.ParsedFile, upload_id: int) -> Counts:
        """Replace the table's figures for the file's years (or the neighbour model)."""
        counts = comparator_store.preview_parsed(cur, payload)  # before the rows change
        comparator_store.load_parsed(cur, payload, upload_id)
        return Counts(
            int(counts["added"]),
            int(counts["replaced"]) + int(counts["removed"]),
            int(counts["unchanged"]),
        )

    def undo_blockers(self, cur: db.Cursor, upload_id: int) -> list[int]:
        """Later loads, still loaded, that replaced this one's figures or re-filled its gaps."""
        found = db.rows(cur, "fct_upload_dfe_undo_blockers", upload_id=upload_id)
        return [int(r[0]) for r in found]

    def undo(self, cur: db.Cursor, upload_id: int) -> None:
        """Remove the figures the upload wrote and put back exactly those it replaced."""
        comparator_store.undo_dfe_load(cur, upload_id)

    def template(self) -> bytes:
        """Not a file to fill in: where to download each table DfE publishes, and what is read."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["dfe_table", "title", "year means", "columns read", "gives", "download"])
        for table in dfe.TABLES.values():
            writer.writerow(
                [
                    table.code.upper(),
                    table.title,
                    table.period_label,
                    ", ".join(("time_period", "geographic_level", *table.columns)),
                    ", ".join(m.measure_id for m in table.measures),
                    _CSWW if table.code == "csww" else _CIN,
                ]
            )
        writer.writerow(
            [
                "SN",
                "Statistical neighbours (keep the model year in the file name, e.g. "
                "sn_model_2025_wide.csv)",
                "the model year",
                f"{SN_CODE} or LA num, la_name, SN1 to SN10 and their closeness",
                "each council's ten closest councils",
                _LAIT,
            ]
        )
        return out.getvalue().encode("utf-8")


def _excel_rows(incoming: Incoming) -> list[list[str]]:
    """The data rows with blank ones put back, so cib.dfe numbers each as Excel shows it."""
    cells = incoming.raw.cells.to_numpy(dtype=object).tolist()
    rows = incoming.rows
    if not len(rows):
        return []
    out: list[list[str]] = [[] for _ in range(int(rows[-1]) - 1)]  # row 2 is index 0
    for number, row in zip(rows, cells, strict=True):
        out[int(number) - 2] = row
    return out


def _add_problems(incoming: Incoming, message: str) -> None:
    """cib.dfe's refusal as the pipeline's problems: each row problem where it is, else the file."""
    problems = incoming.problems
    lines = message.splitlines()
    total = _TOTAL.match(lines[0])
    listed = [m for m in map(_ROW_PROBLEM.match, lines[1:]) if m]
    if not (total and listed):
        problems.add(_file_message(message, incoming.raw.file_name))
        return
    raw = incoming.raw
    where = {h: i for i, h in reversed(list(enumerate(raw.headers)))}  # first of a name
    by_row = dict(zip(raw.rows.tolist(), range(len(raw.rows)), strict=True))
    for found in listed:
        row, column, text = int(found[1]), found[2], found[3]
        i = where.get(column)
        cell = None
        if i is not None and row in by_row:
            cell = raw.cells[i].iloc[by_row[row]]
        value, text = _split_value(cell, text)
        problems.add(
            _reword(text),
            row=row,
            column=column,
            column_index=raw.positions[i] if i is not None else -1,
            value=value,
        )
    # cib.dfe lists the first problems only; the count says how many there were in all.
    problems.total += max(int(total[1]) - len(listed), 0)


def _split_value(cell: str | None, text: str) -> tuple[str | None, str]:
    """'"abc" is not a number' -> ('abc', 'is not a number'), when "abc" is the cell."""
    if cell and text.startswith(f'"{cell}" '):
        return cell, text[len(cell) + 3 :]
    return (cell or None), text


def _reword(text: str) -> str:
    """A row problem as the pipeline words them: what is wrong, then what was expected."""
    if text in _REWORDED:
        return _REWORDED[text]
    twice = _TWICE.match(text)
    if twice:
        area, year, first = twice.groups()
        return (
            f"repeats row {first}: {area} {year} is there twice (expected each area and year once)"
        )
    return text


def _file_message(message: str, file_name: str) -> str:
    """A file-wide refusal without the file's name (the pipeline adds it) or 'Nothing loaded'."""
    text = " ".join(message.split())
    prefix = f'"{file_name}" '
    if text.startswith(prefix):
        text = text[len(prefix) :]
    for tail in (" Nothing was loaded.", " Nothing was loaded"):
        if text.endswith(tail):
            text = text[: -len(tail)]
    return text


def _incoming(parsed: dfe.ParsedFile) -> tuple[str, pd.DataFrame, str, dict]:
    """The frame the preview sample reads, its registered name, query and parameters."""
    rows = parsed.rows.copy()
    for c in rows.columns:  # text as object with None: DuckDB reads VARCHAR with nulls
        if rows[c].dtype == object or str(rows[c].dtype) == "str":
            rows[c] = rows[c].astype(object).where(rows[c].notna(), None)
    if parsed.table == "sn":
        return "incoming_sn", rows, "fct_upload_dfe_preview_neighbours", {}
    rows = rows.drop(columns=["period_end"])
    return (
        "incoming_dfe",
        rows,
        "fct_upload_dfe_preview_values",
        {"source_table": parsed.table},
    )


KIND = Dfe()
