"""Kind `audits`: case-file audit results, one row per case, audit date and audit type.

Columns: audit_date, case_ref, team, audit_type (optional), grade, then any theme grades. A
further column is read as a theme (e.g. "Quality of plan", "theme_voice_of_the_child") when
most of its filled cells are grades; its other filled cells must then be grades too. Further
columns that hold no grades (auditor, comments) are read past and never stored. Grades are read
on the council's scale (cib.audits.GradeScale: Ofsted's four points, or 0-10). Each load and
undo rebuilds % good or better and % inadequate in the same transaction.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd

from cib import audits, db
from cib.calendar import CALENDAR_START
from cib.config import ALL_TEAMS
from cib.ingest import parse
from cib.ingest.assessments import EXCEL_ERRORS, UNALLOCATED, read_dates
from cib.ingest.checks import repeated_keys
from cib.ingest.headers import Column
from cib.ingest.kinds import Context, Incoming, KeyedKind, KeyedQueries

DEFAULT_AUDIT_TYPE = "Case file audit"
THEME_SHARE = 0.5  # a further column is a theme when more than this share of its cells grade
_THEME_PREFIX = re.compile(r"^\s*theme\s*[:\-_.]?\s*", re.IGNORECASE)


class Audits(KeyedKind):
    """Case audit results: audit_date, case_ref, team, audit_type, grade, theme grades."""

    name = "audits"
    title = "Case audit results"
    description = (
        "One row per case audit: date, case reference, team, audit type, overall grade, and "
        "optionally a column per theme graded."
    )
    order = 40
    key = ("case_ref", "audit_date", "audit_type")
    ignore_unknown_columns = True  # theme grades, auditor, comments ...
    queries = KeyedQueries(
        incoming="incoming_audits",
        preview_counts="fct_upload_audits_preview_counts",
        preview_changes="fct_upload_audits_preview_changes",
        history="load_audits_history",
        upsert="load_audits_upsert",
        undo_blockers="fct_upload_audits_undo_blockers",
        undo_delete="load_audits_undo_delete",
        undo_restore="load_audits_undo_restore",
    )
    columns = (
        Column(
            "audit_date",
            aliases=(
                "audit date",
                "date of audit",
                "date audited",
                "audited on",
                "date completed",
                "audit completed",
                "completed",
            ),
            description="The day the audit was completed, dd/mm/yyyy",
            example="14/07/2016",
        ),
        Column(
            "case_ref",
            aliases=(
                "case reference",
                "case ref",
                "case id",
                "case number",
                "case",
                "child id",
                "child unique id",
                "case_reference",
            ),
            description="The case's reference in the council's system (no names)",
            example="CR20431",
        ),
        Column(
            "team",
            aliases=("allocated team", "team name", "service", "unit"),
            description="The team holding the case (blank: Unallocated)",
            example="Safeguarding North",
        ),
        Column(
            "audit_type",
            required=False,
            aliases=("audit type", "type", "type of audit", "audit kind"),
            description=f"e.g. Case file audit, Thematic audit (blank: {DEFAULT_AUDIT_TYPE})",
            example=DEFAULT_AUDIT_TYPE,
        ),
        Column(
            "grade",
            aliases=(
                "overall grade",
                "overall judgement",
                "judgement",
                "overall",
                "rating",
                "overall rating",
                "audit grade",
                "grading",
                "overall score",
            ),
            description="Outstanding, Good, Requires improvement or Inadequate (or 0-10 when "
            "the council grades on a 0-10 scale)",
            example="Good",
        ),
    )

    def validate(self, incoming: Incoming, ctx: Context) -> pd.DataFrame:
        """Typed audits: case_ref, audit_date, audit_type, team, scale, grade, score, themes."""
        scale = audits.grade_scale(ctx.cursor)

        case = incoming.text("case_ref")
        no_case = (case == "").to_numpy()
        incoming.flag("case_ref", no_case, "is empty (expected the case's reference)")
        incoming.flag(
            "case_ref",
            case.str.casefold().isin(EXCEL_ERRORS).to_numpy(),
            "is an Excel error value (expected the case's reference)",
        )

        date = read_dates(incoming.text("audit_date"))
        incoming.flag(
            "audit_date",
            date.empty,
            "is empty (expected the day the audit was completed, as dd/mm/yyyy)",
            show_value=False,
        )
        incoming.flag("audit_date", date.bad, date.errors)
        days = pd.Series(parse.as_date_array(date.values))
        incoming.flag(
            "audit_date",
            days.gt(ctx.today).fillna(False).to_numpy(bool),
            f"is in the future (expected a date on or before {ctx.today:%d/%m/%Y})",
        )
        incoming.flag(
            "audit_date",
            days.lt(CALENDAR_START).fillna(False).to_numpy(bool),
            f"is before {CALENDAR_START:%Y} (expected a date from then on)",
        )

        team = incoming.text("team")
        incoming.flag(
            "team",
            team.str.casefold().isin(EXCEL_ERRORS).to_numpy(),
            "is an Excel error value (expected the team's name)",
        )
        incoming.flag(
            "team",
            (team.str.casefold() == ALL_TEAMS.casefold()).to_numpy(),
            "is the name the dashboard uses for the whole council (expected the team holding "
            "the case)",
        )
        audit_type = incoming.text("audit_type")

        grade, score, why = _grades(incoming.text("grade"), scale.scale)
        blank = (incoming.text("grade") == "").to_numpy()
        incoming.flag(
            "grade",
            blank,
            f"is empty (expected {scale.expected()})",
            show_value=False,
        )
        incoming.flag("grade", ~blank & pd.isna(score), why)

        frame = pd.DataFrame(
            {
                "case_ref": pd.array(case.to_numpy(dtype=object), dtype="str"),
                "audit_date": parse.as_date_array(date.values),
                "audit_type": pd.array(
                    audit_type.where(audit_type != "", DEFAULT_AUDIT_TYPE).to_numpy(dtype=object),
                    dtype="str",
                ),
                "team": pd.array(
                    team.where(team != "", UNALLOCATED).to_numpy(dtype=object), dtype="str"
                ),
                "scale": scale.scale,
                "grade": pd.array(grade, dtype="str"),
                "score": score.astype(float),
                "themes": pd.array(_themes(incoming, scale.scale), dtype="str"),
            }
        )
        usable = ~no_case & pd.notna(date.values)
        repeated_keys(
            incoming,
            frame,
            ["case_ref", "audit_date", "audit_type"],
            usable,
            "audit",
            column="case_ref",
            message=lambda first, _key: (
                f"repeats row {first}: the same case, audit date and "
                "audit type (expected each audit once)"
            ),
        )
        return frame

    def refresh(self, cur: db.Cursor) -> None:
        """After a load or undo: rebuild the audit figures."""
        audits.recompute(cur)


def _grades(cells: pd.Series, scale: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Grade as stored, score (NaN where unreadable) and why not, for each cell."""
    codes, distinct = pd.factorize(cells, sort=False)
    found = [audits.parse_grade(t, scale) if t else (None, None, None) for t in distinct]
    found.append((None, None, None))  # code -1: never produced for text, kept for safety
    grade = np.array([f[0] for f in found], dtype=object)[codes]
    score = np.array([np.nan if f[1] is None else f[1] for f in found], dtype=float)[codes]
    why = np.array([f[2] for f in found], dtype=object)[codes]
    return grade, score, why


def theme_name(header: str) -> str:
    """'theme_quality_of_plan' -> 'Quality of plan'; 'Voice of the child' stays as it is."""
    text = _THEME_PREFIX.sub("", header).replace("_", " ")
    text = " ".join(text.split()) or header.strip()
    return text[0].upper() + text[1:]


def _themes(incoming: Incoming, scale: str) -> np.ndarray:
    """Each row's theme grades as a JSON object (theme -> score), None when it has none."""
    raw = incoming.raw
    known = set(incoming.found.values())
    per_row: list[dict[str, float]] = [{} for _ in range(len(incoming))]
    for i, header in enumerate(raw.headers):
        if i in known or not header:
            continue
        cells = raw.cells[i]
        filled = (cells != "").to_numpy()
        if not filled.any():
            continue
        _, score, why = _grades(cells, scale)
        readable = ~np.isnan(score)
        if readable[filled].mean() <= THEME_SHARE:
            continue  # auditor, comments ...: not a theme, not stored
        bad = filled & ~readable
        if bad.any():
            incoming.problems.add_cells(
                incoming.rows[bad],
                cells.to_numpy(dtype=object)[bad],
                list(why[bad]),
                column=raw.column_name(i),
                column_index=raw.positions[i],
            )
        name = theme_name(header)
        for row in np.flatnonzero(readable):
            per_row[row][name] = float(score[row])
    return np.array([json.dumps(d, sort_keys=True) if d else None for d in per_row], dtype=object)


KIND = Audits()
