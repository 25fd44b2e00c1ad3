"""Reading an action tracker: a table of strings in, typed rows and a list of problems out.

The `actions` upload kind plugs in here: the ingest layer reads the CSV or workbook into a
DataFrame of strings (header row as columns), calls validate_tracker with the measure ids and
recommendation ids the database knows, and loads the typed frame with
cib.plan_store.load_tracker only when there are no problems. No database and no Streamlit here.

One row per action per progress update, laid out like a council's tracker:
What / Who / How / When / Success measures / Current status, plus the action and recommendation
ids, the update's date and text. Rows are numbered as Excel shows them (the header is row 1).
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd

from cib import plan

# Canonical column -> header spellings accepted, compared after lower-casing and dropping
# spaces, underscores and punctuation ("When?" -> "when", "Current Status" -> "currentstatus").
COLUMNS: dict[str, tuple[str, ...]] = {
    "action_id": ("actionid", "action", "actionno", "actionnumber", "actionref", "nos", "no",
                  "ref"),
    "recommendation_id": ("recommendationid", "recommendation", "recommendationno", "recid",
                          "recommendationref"),
    "theme": ("theme", "themeid", "themetitle"),
    "what": ("what", "actiondescription", "description"),
    "who": ("who", "owner", "actionowner", "lead", "responsible"),
    "how": ("how",),
    "due_date": ("when", "duedate", "due", "deadline", "bywhen", "targetdate"),
    "success_measures": ("successmeasures", "successmeasure", "measures", "measureids"),
    "status": ("currentstatus", "status", "progressstatus"),
    "update_date": ("updatedate", "dateofupdate", "asat", "updated", "reportdate"),
    "update_text": ("updatetext", "update", "progressupdate", "progress", "outcome", "commentary"),
    "recommendation_text": ("recommendationtext",),
    "recommendation_source": ("recommendationsource", "source"),
    "recommendation_date": ("recommendationdate", "sourcedate"),
}  # fmt: skip
REQUIRED = ("action_id", "recommendation_id", "what", "who", "due_date", "status", "update_date")
HEADER_LABELS = {
    "action_id": "Action id",
    "recommendation_id": "Recommendation id",
    "theme": "Theme",
    "what": "What",
    "who": "Who",
    "how": "How",
    "due_date": "When (due date)",
    "success_measures": "Success measures",
    "status": "Current status",
    "update_date": "Update date",
    "update_text": "Update",
    "recommendation_text": "Recommendation text",
    "recommendation_source": "Source",
    "recommendation_date": "Source date",
}
SOURCES = {"inspection": "Inspection", "monitoringvisit": "Monitoring visit"}
TYPED_COLUMNS = ["row", *COLUMNS]
_DATE_HELP = 'expected dd/mm/yyyy, yyyy-mm-dd, or a month such as "Mar 2016"'


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, where an analyst can find it."""

    row: int | None  # as Excel numbers it (header = 1); None for the whole file
    column: str | None  # the header as written in the file
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"Row {self.row}")
        if self.column is not None:
            where.append(f'column "{self.column}"')
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class TrackerResult:
    """The typed tracker rows (columns TYPED_COLUMNS) and every problem found."""

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file can be loaded."""
        return not self.problems


def normalise_header(header: object) -> str:
    """'Current Status ' -> 'currentstatus': case, spaces, underscores and punctuation ignored."""
    return re.sub(r"[\W_]+", "", str(header).lower())


def _clean(value: object) -> str:
    """A cell as trimmed text ('' for blank); non-breaking spaces count as spaces."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).replace("\xa0", " ").strip()


_DAY_FIRST = ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y",
              "%d-%b-%Y", "%d-%b-%y", "%d %b %y", "%d-%B-%Y")  # fmt: skip
_ISO = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y/%m/%d")
_MONTHS = ("%b %Y", "%B %Y", "%b-%y", "%b-%Y", "%B-%y", "%B-%Y", "%Y-%m", "%m/%Y", "%b %y")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(text: str) -> dt.date | None:
    """A tracker date: day-first, ISO, an Excel serial number, or a month (its last day).

    'When? March 2016' means by the end of March, so a month alone is the month's last day.
    """
    text = _clean(text)
    if not text:
        return None
    for fmt in _ISO + _DAY_FIRST:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    for fmt in _MONTHS:
        try:
            first = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return first.replace(day=calendar.monthrange(first.year, first.month)[1])
    if re.fullmatch(r"\d{5}(\.0+)?", text):  # a date cell read as its Excel serial number
        serial = int(float(text))
        if 20000 <= serial <= 80000:  # 1954 to 2119: anything else is not a date
            return _EXCEL_EPOCH + dt.timedelta(days=serial)
    return None


def split_measures(text: str) -> list[str]:
    """Measure ids from a 'Success measures' cell: separated by commas, semicolons or lines."""
    return [m.lower() for m in re.split(r"[,;\s]+", _clean(text)) if m]


def match_columns(headers: list[object]) -> tuple[dict[str, str], list[Problem]]:
    """Canonical column -> header as written; problems for missing or doubled columns."""
    found: dict[str, str] = {}
    problems = []
    alias = {a: canon for canon, names in COLUMNS.items() for a in names}
    for header in headers:
        canon = alias.get(normalise_header(header))
        if canon is None:
            continue  # other columns (e.g. a RAG or notes column) are ignored
        if canon in found:
            problems.append(
                Problem(
                    None,
                    None,
                    f'columns "{found[canon]}" and "{header}" both mean '
                    f'"{HEADER_LABELS[canon]}"; keep one of them',
                )  # fmt: skip
            )
            continue
        found[canon] = str(header)
    missing = [HEADER_LABELS[c] for c in REQUIRED if c not in found]
    if missing:
        problems.append(
            Problem(
                None,
                None,
                "the file has no column for "
                + ", ".join(f'"{m}"' for m in missing)
                + ". An action tracker needs: "
                + ", ".join(HEADER_LABELS[c] for c in REQUIRED)
                + " (headers may differ in case, spacing and punctuation).",
            )  # fmt: skip
        )
    return found, problems


def _unknown_measure(measure_id: str, known: list[str]) -> str:
    close = difflib.get_close_matches(measure_id, known, n=1, cutoff=0.6)
    hint = f' (did you mean "{close[0]}"?)' if close else ""
    return f'"{measure_id}" is not a measure id{hint}'


def validate_tracker(
    raw: pd.DataFrame,
    measure_ids: Collection[str],
    recommendation_ids: Collection[str] | None = None,
) -> TrackerResult:
    """Check every row of a tracker and type it; nothing is dropped silently.

    raw: the sheet as strings, header row as its columns. measure_ids: ids in the catalogue.
    recommendation_ids: ids in the database (None: do not check); a recommendation not among
    them needs its text in the file.
    """
    columns, problems = match_columns(list(raw.columns))
    if problems:
        return TrackerResult(pd.DataFrame(columns=TYPED_COLUMNS), problems)
    known_measures = sorted({m.lower() for m in measure_ids})
    rows = []
    for i, (_, cells) in enumerate(raw.iterrows()):
        values = {canon: _clean(cells[header]) for canon, header in columns.items()}
        if not any(_clean(v) for v in cells.tolist()):
            continue  # trailing blank rows are common in files saved from Excel
        excel_row = i + 2
        row = {"row": excel_row, **{c: values.get(c, "") for c in COLUMNS}}

        def bad(canon: str, message: str, excel_row: int = excel_row) -> None:
            problems.append(Problem(excel_row, columns[canon], message))

        for canon in REQUIRED:
            if not values[canon]:
                bad(canon, "is blank")
        if values["status"]:
            status = plan.parse_status(values["status"])
            if status is None:
                bad("status", f'"{values["status"]}" is not a status (use '
                    + ", ".join(plan.STATUSES[:-1]) + f" or {plan.STATUSES[-1]})")  # fmt: skip
            row["status"] = status
        for canon in ("due_date", "update_date", "recommendation_date"):
            if values.get(canon):
                parsed = parse_date(values[canon])
                if parsed is None:
                    bad(canon, f'"{values[canon]}" is not a date ({_DATE_HELP})')
                row[canon] = parsed
            else:
                row[canon] = None
        ids = split_measures(values.get("success_measures", ""))
        for m in ids:
            if m not in known_measures:
                bad("success_measures", _unknown_measure(m, known_measures))
        row["success_measures"] = ",".join(sorted(set(ids)))
        if values.get("recommendation_source"):
            source = SOURCES.get(normalise_header(values["recommendation_source"]))
            if source is None:
                bad("recommendation_source", f'"{values["recommendation_source"]}" is not a '
                    'source (use Inspection or Monitoring visit)')  # fmt: skip
            row["recommendation_source"] = source
        rows.append(row)

    frame = pd.DataFrame(rows, columns=TYPED_COLUMNS)
    problems += _cross_row_problems(frame, columns, recommendation_ids)
    position = {str(h): i for i, h in enumerate(raw.columns)}
    problems.sort(key=lambda p: (p.row or 0, position.get(p.column, -1)))  # as the file reads
    if not problems:
        for canon in ("due_date", "update_date", "recommendation_date"):
            frame[canon] = pd.to_datetime(frame[canon])
    return TrackerResult(frame, problems)


def _cross_row_problems(
    frame: pd.DataFrame, columns: dict[str, str], recommendation_ids: Collection[str] | None
) -> list[Problem]:
    """Problems that need more than one row: duplicates, conflicts, unknown recommendations."""
    problems = []
    seen: dict[tuple, int] = {}
    rec_of: dict[str, tuple[str, int]] = {}
    texts = {
        r: t for r, t in zip(frame["recommendation_id"], frame["recommendation_text"], strict=True)
        if t
    }  # fmt: skip
    for r in frame.itertuples():
        if r.action_id and r.update_date:
            key = (r.action_id, r.update_date)
            if key in seen:
                problems.append(Problem(r.row, columns["update_date"],
                    f'action "{r.action_id}" already has an update dated '
                    f"{r.update_date:%d/%m/%Y} in row {seen[key]}"))  # fmt: skip
            else:
                seen[key] = r.row
        if r.action_id and r.recommendation_id:
            first = rec_of.setdefault(r.action_id, (r.recommendation_id, r.row))
            if first[0] != r.recommendation_id:
                problems.append(Problem(r.row, columns["recommendation_id"],
                    f'action "{r.action_id}" is under recommendation "{first[0]}" in row '
                    f'{first[1]}, not "{r.recommendation_id}"'))  # fmt: skip
        if (
            recommendation_ids is not None
            and r.recommendation_id
            and r.recommendation_id not in recommendation_ids
            and r.recommendation_id not in texts
        ):
            problems.append(Problem(r.row, columns["recommendation_id"],
                f'"{r.recommendation_id}" is not a recommendation in the plan; add a '
                '"Recommendation text" column to create it'))  # fmt: skip
        if r.recommendation_text and not r.theme and "theme" in columns:
            problems.append(Problem(r.row, columns["theme"],
                "is blank (a new or changed recommendation needs its theme)"))  # fmt: skip
        elif r.recommendation_text and "theme" not in columns:
            problems.append(Problem(r.row, columns["recommendation_text"],
                'a recommendation needs its theme: add a "Theme" column'))  # fmt: skip
    return problems


def problems_message(problems: list[Problem], limit: int = 50) -> str:
    """Every problem up to limit, one a line, with the total; says nothing was loaded."""
    shown = [str(p) for p in problems[:limit]]
    more = len(problems) - len(shown)
    head = f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the action tracker"
    lines = [head + (f" (the first {limit} are listed)" if more else "") + ":", *shown]
    lines.append("Nothing was loaded.")
    return "\n".join(lines)
