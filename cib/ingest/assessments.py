"""Kind `assessments`: Ofsted Annex A List 4, one row per child and assessment start date.

Reads a List 4 CSV, or the "List 4" sheet of a whole Annex A workbook. Only what the measures
need is kept (child id, start and authorisation dates, team, outcome); every other column
(names, date of birth, gender, worker, ...) is read past and never stored, and codes in those
columns never fail a load (CONTRACT, Assessments rule 6). Re-loading an overlapping extract
updates records by (child id, start date), so repeated open assessments are not counted twice.
Each load and undo rebuilds the figures computed from the records in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from cib import assessments, db
from cib.calendar import CALENDAR_START
from cib.config import ALL_TEAMS
from cib.ingest import parse
from cib.ingest.checks import repeated_keys
from cib.ingest.headers import Column, normalise
from cib.ingest.kinds import Context, Incoming, KeyedKind, KeyedQueries

CHILD = "Child Unique ID"
START = "Continuous Assessment Start Date"
AUTHORISED = "Continuous Assessment Date of Authorisation"
TEAM = "Allocated Team"
OUTCOME = "Was the child assessed as requiring LA children's social care support?"

UNALLOCATED = "Unallocated"  # the team of a record whose Allocated Team is blank
EXCEL_ERRORS = {
    "#n/a",
    "#value!",
    "#ref!",
    "#div/0!",
    "#num!",
    "#name?",
    "#null!",
    "#spill!",
    "#calc!",
    "#getting_data",
}

_DATE_HINT = "a date as dd/mm/yyyy"
_CODE_PREFIX = re.compile(r"^[a-z]\)\s*")  # Annex A codes: 'a) Yes', 'b) No'
_OUTCOMES = {
    "yes": "Yes",
    "y": "Yes",
    "true": "Yes",
    "1": "Yes",
    "no": "No",
    "n": "No",
    "false": "No",
    "0": "No",
    "unknown": "Unknown",
    "u": "Unknown",
    "notknown": "Unknown",
    "notrecorded": "Unknown",
}
_SHORT_YEAR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2})")
_EXCEL_SERIAL = re.compile(r"\d{5}(?:\.0+)?")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class Assessments(KeyedKind):
    """Annex A List 4: child id, start date, authorisation date, team, outcome."""

    name = "assessments"
    title = "Assessments (Annex A List 4)"
    description = (
        "One row per child assessment (Ofsted Annex A List 4): a blank authorisation date means "
        "the assessment is still open."
    )
    order = 30
    key = ("child_id", "start_date")
    ignore_unknown_columns = True  # names, date of birth, worker ...: read past, never stored
    queries = KeyedQueries(
        incoming="incoming_assessments",
        preview_counts="fct_upload_assessments_preview_counts",
        preview_changes="fct_upload_assessments_preview_changes",
        history="load_assessments_history",
        upsert="load_assessments_upsert",
        undo_blockers="fct_upload_assessments_undo_blockers",
        undo_delete="load_assessments_undo_delete",
        undo_restore="load_assessments_undo_restore",
    )
    columns = (
        Column(
            CHILD,
            aliases=(
                "child id",
                "child_id",
                "childid",
                "child unique identifier",
                "la child id",
                "unique child id",
                "person id",
                "child reference",
            ),
            description="The council's own (pseudonymous) id for the child",
            example="C100234",
        ),
        Column(
            START,
            aliases=(
                "assessment start date",
                "start date",
                "start_date",
                "assessment actual start date",
                "continuous assessment start",
            ),
            description="The day the assessment started, dd/mm/yyyy",
            example="03/05/2016",
        ),
        Column(
            AUTHORISED,
            aliases=(
                "assessment authorisation date",
                "date of authorisation",
                "authorisation date",
                "authorised date",
                "date authorised",
                "authorised_date",
                "assessment completion date",
                "completion date",
                "continuous assessment authorisation date",
            ),
            description="The day the assessment was authorised, dd/mm/yyyy; blank while open",
            example="24/06/2016",
        ),
        Column(
            TEAM,
            required=False,
            aliases=("team", "team name", "allocated_team"),
            description="The team the assessment is allocated to (blank: Unallocated)",
            example="Assessment Team 1",
        ),
        Column(
            OUTCOME,
            required=False,
            aliases=(
                "outcome",
                "assessment outcome",
                "requiring support",
                "requires la childrens social care support",
                "requiring lacsc support",
                "was the child assessed as requiring la childrens social care support",
            ),
            description="Yes, No or Unknown (Y/N and 'a) Yes' are read too); not checked",
            example="Yes",
        ),
    )

    def pick_sheet(self, sheet_names: list[str]) -> str | None:
        """The sheet named like "List 4" in a whole Annex A workbook (else "Assessments")."""
        return pick_list4(sheet_names)

    def validate(self, incoming: Incoming, ctx: Context) -> pd.DataFrame:
        """Typed records: child_id, start_date, authorised_date, team, outcome."""
        child = incoming.text(CHILD)
        no_child = (child == "").to_numpy()
        incoming.flag(CHILD, no_child, "is empty (expected the child's id)")
        child_error = child.str.casefold().isin(EXCEL_ERRORS).to_numpy()
        incoming.flag(CHILD, child_error, "is an Excel error value (expected the child's id)")

        start = read_dates(incoming.text(START))
        incoming.flag(
            START,
            start.empty,
            f"is empty (expected the day the assessment started, as {_DATE_HINT})",
            show_value=False,
        )
        incoming.flag(START, start.bad, start.errors)
        authorised = read_dates(incoming.text(AUTHORISED))
        incoming.flag(AUTHORISED, authorised.bad, authorised.errors)

        start_values = pd.Series(parse.as_date_array(start.values))
        auth_values = pd.Series(parse.as_date_array(authorised.values))
        for column, values in ((START, start_values), (AUTHORISED, auth_values)):
            future = values.gt(ctx.today).fillna(False).to_numpy(bool)
            incoming.flag(
                column,
                future,
                f"is in the future (expected a date on or before {ctx.today:%d/%m/%Y})",
            )
            early = values.lt(CALENDAR_START).fillna(False).to_numpy(bool)
            incoming.flag(
                column, early, f"is before {CALENDAR_START:%Y} (expected a date from then on)"
            )
        before = auth_values.lt(start_values).fillna(False).to_numpy(bool)
        messages = np.full(len(incoming), None, dtype=object)
        if before.any():
            started = start_values[before].map(lambda d: f"{d:%d/%m/%Y}")
            messages[before] = [
                f'is before the start date {s} in column "{incoming.header(START)}" (expected '
                "an authorisation on or after the day the assessment started)"
                for s in started
            ]
        incoming.flag(AUTHORISED, before, messages)

        team = incoming.text(TEAM)
        team_error = team.str.casefold().isin(EXCEL_ERRORS).to_numpy()
        incoming.flag(
            TEAM,
            team_error,
            "is an Excel error value (expected the team's name, or blank if unallocated)",
        )
        whole = (team.str.casefold() == ALL_TEAMS.casefold()).to_numpy()
        incoming.flag(
            TEAM,
            whole,
            f"is the name the dashboard uses for the whole council (expected the team the "
            f'assessment is allocated to, or blank for "{UNALLOCATED}")',
        )
        teams = team.where(team != "", UNALLOCATED)

        frame = pd.DataFrame(
            {
                "child_id": pd.array(child.to_numpy(dtype=object), dtype="str"),
                "start_date": parse.as_date_array(start.values),
                "authorised_date": parse.as_date_array(authorised.values),
                "team": pd.array(teams.to_numpy(dtype=object), dtype="str"),
                "outcome": pd.array(outcomes(incoming.text(OUTCOME)), dtype="str"),
            }
        )
        usable = ~no_child & pd.notna(start.values)
        repeated_keys(
            incoming,
            frame,
            ["child_id", "start_date"],
            usable,
            "assessment",
            column=START,
            message=lambda first, key: (
                f'repeats row {first}: the same child ("{key["child_id"]}") '
                "and start date (expected each assessment once)"
            ),
        )
        return frame

    def refresh(self, cur: db.Cursor) -> None:
        """After a load or undo: rebuild the figures computed from the records."""
        assessments.recompute(cur)


def pick_list4(sheet_names: list[str]) -> str | None:
    """The sheet named like "List 4" ("List_4", "list 4 - Assessments"), else "Assessments"."""
    for name in sheet_names:
        key = normalise(name)
        if re.fullmatch(r"(annexa)?list0?4(?!\d).*", key):
            return name
    for name in sheet_names:
        if normalise(name) in ("assessments", "assessment", "l4", "list4assessments"):
            return name
    return None


def read_dates(cells: pd.Series) -> parse.Parsed:
    """Day-first dates, as parse.dates, and also dd/mm/yy and Excel serial numbers (42461)."""
    parsed = parse.dates(cells)
    bad = np.flatnonzero(parsed.bad)
    if not len(bad):
        return parsed
    values, errors = parsed.values.copy(), parsed.errors.copy()
    texts = cells.to_numpy(dtype=object)
    for i in bad:
        found, why = _fallback_date(str(texts[i]))
        if found is not None or why is not None:
            values[i], errors[i] = found, why
    return parse.Parsed(values, parsed.empty, errors)


def _fallback_date(text: str) -> tuple[dt.date | None, str | None]:
    """A date parse.dates does not read, or why not; (None, None) when it is no such case."""
    if text.casefold() in EXCEL_ERRORS:
        return None, (
            f"is an Excel error value, not a date (expected {_DATE_HINT}, or blank while the "
            "assessment is open)"
        )
    if m := _SHORT_YEAR.fullmatch(text):
        year = int(m[3])
        year += 2000 if year < 30 else 1900  # Excel's rule for two-digit years
        try:
            return dt.date(year, int(m[2]), int(m[1])), None
        except ValueError:
            return None, f"is not a real date (expected {_DATE_HINT}, day first)"
    if _EXCEL_SERIAL.fullmatch(text):
        # A date cell formatted as a number: Excel counts days from 30 Dec 1899.
        return _EXCEL_EPOCH + dt.timedelta(days=int(float(text))), None
    return None, None


def outcomes(cells: pd.Series) -> np.ndarray:
    """'Yes', 'No' or 'Unknown' from the many ways files write them; None when blank or other.

    No measure uses the outcome, so an unfamiliar code is kept as missing, never refused.
    """
    keys = [re.sub(r"[^a-z0-9]", "", _CODE_PREFIX.sub("", t.casefold())) for t in cells]
    return np.array([_OUTCOMES.get(k) for k in keys], dtype=object)


KIND = Assessments()
