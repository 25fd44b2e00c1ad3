"""The measure catalogue, RAG against a target trajectory, and direction of travel."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

PCT_TOLERANCE = 5.0  # DOMAIN.md: amber within 5 percentage points unless a target says otherwise


@dataclass(frozen=True)
class Measure:
    """One measure the board follows."""

    measure_id: str
    title: str
    short_title: str
    area: str
    unit: str  # '%', 'count', 'days' or 'rate'
    polarity: str  # 'up' (higher is better), 'down' (lower is better) or 'neither'
    decimals: int
    default_tolerance: float | None
    definition: str
    source: str
    comparator: str | None
    sort_order: int


AREAS = [
    "Front door and assessment",
    "Child protection",
    "Children in care",
    "Quality of practice",
    "Workforce",
]

_FD, _CP, _CIC, _QP, _WF = AREAS
_A4 = "Child-level assessment records (Annex A List 4), authorised in the month"
_CATALOGUE = [
    (
        "assessments_within_45wd_pct",
        "Assessments completed within 45 working days",
        "Assessments within 45 WD",
        _FD,
        "%",
        "up",
        1,
        PCT_TOLERANCE,
        "Of the assessments authorised in the month, the % that took 45 working days or fewer from "
        "start to authorisation (working days after the start date up to and including the "
        "authorisation date; weekends and England & Wales bank holidays excluded).",
        _A4,
        "c2",
    ),
    (
        "assessments_within_20wd_pct",
        "Assessments completed within 20 working days",
        "Assessments within 20 WD",
        _FD,
        "%",
        "up",
        1,
        PCT_TOLERANCE,
        "Of the assessments authorised in the month, the % that took 20 working days or fewer "
        "(local target; same working-day rule as the 45-day measure).",
        _A4,
        None,
    ),
    (
        "assessments_completed",
        "Assessments completed in the month",
        "Assessments completed",
        _FD,
        "count",
        "neither",
        0,
        None,
        "Number of social work assessments authorised in the month.",
        _A4,
        None,
    ),
    (
        "assessments_median_wd",
        "Median working days to complete an assessment",
        "Median days per assessment",
        _FD,
        "days",
        "down",
        1,
        None,
        "The median number of working days from start to authorisation of the assessments "
        "authorised in the month (same working-day rule as the 45-day measure).",
        _A4,
        None,
    ),
    (
        "open_assessments_over_45wd",
        "Open assessments past 45 working days",
        "Open assessments over 45 WD",
        _FD,
        "count",
        "down",
        0,
        5.0,
        "Assessments not yet authorised at the month end that had already run more than 45 "
        "working days (the backlog).",
        "Child-level assessment records, open at month end",
        None,
    ),
    (
        "rereferrals_12m_pct",
        "Re-referrals within 12 months",
        "Re-referrals within 12 months",
        _FD,
        "%",
        "down",
        1,
        PCT_TOLERANCE,
        "Of the referrals received in the month, the % for a child referred within the previous "
        "12 months.",
        "Monthly referrals extract (children's social care system)",
        "c1",
    ),
    (
        "icpc_within_15wd_pct",
        "Initial child protection conferences within 15 working days",
        "ICPCs within 15 WD",
        _CP,
        "%",
        "up",
        1,
        PCT_TOLERANCE,
        "Of the initial child protection conferences held in the month, the % held within 15 "
        "working days of the start of the section 47 enquiry.",
        "Monthly child protection extract",
        "c4",
    ),
    (
        "cp_reviews_in_timescale_pct",
        "Child protection reviews held in timescale",
        "CP reviews in timescale",
        _CP,
        "%",
        "up",
        1,
        PCT_TOLERANCE,
        "Of the child protection review conferences due in the month, the % held within timescale "
        "(first within 3 months of the ICPC, then at most every 6 months).",
        "Monthly child protection extract",
        "d6",
    ),
    (
        "cp_plans_2yrs_plus_pct",
        "Child protection plans lasting 2 years or more",
        "CP plans 2 years or more",
        _CP,
        "%",
        "down",
        1,
        PCT_TOLERANCE,
        "Of the children on a child protection plan at the month end, the % whose plan had lasted "
        "2 years or more.",
        "Monthly child protection extract",
        "d5",
    ),
    (
        "cp_repeat_plans_pct",
        "Repeat child protection plans",
        "Repeat CP plans",
        _CP,
        "%",
        "down",
        1,
        PCT_TOLERANCE,
        "Of the child protection plans starting in the month, the % that are a second or "
        "subsequent plan for the child (at any time).",
        "Monthly child protection extract",
        "d3",
    ),
    (
        "cla_visits_in_timescale_pct",
        "Children in care visited in timescale",
        "CLA visits in timescale",
        _CIC,
        "%",
        "up",
        1,
        PCT_TOLERANCE,
        "Of the children looked after at the month end, the % whose last statutory social worker "
        "visit was within timescale (at most 6 weeks, or the child's care plan interval).",
        "Monthly children in care extract",
        None,
    ),
    (
        "audits_good_or_better_pct",
        "Case audits graded good or better",
        "Audits good or better",
        _QP,
        "%",
        "up",
        0,
        PCT_TOLERANCE,
        "Of the case-file audits completed in the month, the % graded Good or Outstanding on "
        "Ofsted's four-point scale.",
        "Case audit results",
        None,
    ),
    (
        "audits_inadequate_pct",
        "Case audits graded inadequate",
        "Audits inadequate",
        _QP,
        "%",
        "down",
        0,
        PCT_TOLERANCE,
        "Of the case-file audits completed in the month, the % graded Inadequate.",
        "Case audit results",
        None,
    ),
    (
        "caseload_avg",
        "Average social worker caseload",
        "Average caseload",
        _WF,
        "rate",
        "down",
        1,
        2.0,
        "Children allocated to case-holding social workers at the month end, divided by the "
        "number of case-holding social workers (FTE).",
        "Monthly workforce extract",
        "csww",
    ),
    (
        "agency_sw_pct",
        "Agency social workers",
        "Agency social workers",
        _WF,
        "%",
        "down",
        1,
        PCT_TOLERANCE,
        "Agency social workers (FTE) as a % of all social workers in post, agency included, at the "
        "month end.",
        "Monthly workforce extract",
        "csww",
    ),
    (
        "vacancy_rate_pct",
        "Social worker vacancy rate",
        "Vacancy rate",
        _WF,
        "%",
        "down",
        1,
        PCT_TOLERANCE,
        "Vacant social worker posts (FTE) as a % of all established posts at the month end.",
        "Monthly workforce extract",
        "csww",
    ),
]

CATALOGUE: tuple[Measure, ...] = tuple(
    Measure(*row[:9], source=row[9], comparator=row[10], sort_order=i)
    for i, row in enumerate(_CATALOGUE, start=1)
)


def catalogue_frame() -> pd.DataFrame:
    """The built-in catalogue as rows for the measure table (columns in table order)."""
    return pd.DataFrame([asdict(m) for m in CATALOGUE])


def from_row(row: dict | pd.Series) -> Measure:
    """A Measure from a row of the measure table."""
    fields = Measure.__dataclass_fields__
    values = {k: row[k] for k in fields}
    for key in ("default_tolerance", "comparator"):
        if _missing(values[key]):
            values[key] = None
    return Measure(**values)


# --- RAG -------------------------------------------------------------------------------------

RAG_LABELS = {"green": "On target", "amber": "Near target", "red": "Off target", None: "No target"}
RAG_SYMBOLS = {"green": "✓", "amber": "!", "red": "✗", None: "–"}


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA or x is pd.NaT


def rag(
    value: float | None,
    target: float | None,
    tolerance: float | None,
    polarity: str,
    decimals: int = 1,
) -> str | None:
    """'green' on or better than target, 'amber' worse but within tolerance, 'red' beyond.

    The value is compared as it is shown (rounded to the measure's decimals), so a figure shown
    as 83.0% against a target of 83% is on target. None when there is no value, no target, or
    the measure has no good direction.
    """
    if _missing(value) or _missing(target) or polarity not in ("up", "down"):
        return None
    shown = round(float(value), decimals)
    better_by = shown - float(target) if polarity == "up" else float(target) - shown
    better_by = round(better_by, 9)  # float noise must not turn 'on target' amber
    if better_by >= 0:
        return "green"
    tol = 0.0 if _missing(tolerance) else float(tolerance)
    return "amber" if -better_by <= tol + 1e-9 else "red"


def rag_many(
    values: pd.Series, targets: pd.Series, tolerances: pd.Series, polarity: str, decimals: int = 1
) -> pd.Series:
    """rag() for whole columns at once (same rules), for long series."""
    index = values.index
    if polarity not in ("up", "down"):
        return pd.Series([None] * len(values), index=index, dtype=object)
    v = pd.to_numeric(values, errors="coerce").astype(float).round(int(decimals)).to_numpy()
    t = pd.to_numeric(targets, errors="coerce").astype(float).to_numpy()
    tol = pd.to_numeric(tolerances, errors="coerce").astype(float).fillna(0.0).to_numpy()
    better_by = (v - t if polarity == "up" else t - v).round(9)
    out = np.where(better_by >= 0, "green", np.where(-better_by <= tol + 1e-9, "amber", "red"))
    result = pd.Series(out, index=index, dtype=object)
    result[np.isnan(v) | np.isnan(t)] = None
    return result


def rag_label(status: str | None) -> str:
    """The status as symbol and word, e.g. '✓ On target': never colour alone."""
    status = status if isinstance(status, str) else None
    return f"{RAG_SYMBOLS[status]} {RAG_LABELS[status]}"


# --- Direction of travel ---------------------------------------------------------------------

DIRECTION_SYMBOLS = {"better": "▲", "worse": "▼", "same": "▶", "higher": "↑", "lower": "↓"}


def direction(
    current: float | None, previous: float | None, polarity: str, decimals: int = 1
) -> str | None:
    """'better', 'worse' or 'same' against the previous month, judged by polarity.

    For a measure with no good direction, 'higher', 'lower' or 'same'. Compared as shown.
    """
    if _missing(current) or _missing(previous):
        return None
    change = round(float(current), decimals) - round(float(previous), decimals)
    if abs(change) < 10.0 ** -(int(decimals) + 3):
        return "same"
    if polarity == "neither":
        return "higher" if change > 0 else "lower"
    return "better" if (change > 0) == (polarity == "up") else "worse"


# --- Targets ----------------------------------------------------------------------------------


def target_in_force(trajectory: pd.DataFrame, month: dt.date) -> pd.Series | None:
    """The target row (effective_from, target, tolerance, kind) in force in a month, or None."""
    month_ts = pd.Timestamp(month)
    live = trajectory[pd.to_datetime(trajectory["effective_from"]) <= month_ts]
    if live.empty:
        return None
    return live.sort_values("effective_from").iloc[-1]


def format_value(value: float | None, unit: str, decimals: int) -> str:
    """A value as the board reads it: '78.4%', '163', '21.3'."""
    if _missing(value):
        return "–"
    text = f"{float(value):,.{decimals}f}"
    return f"{text}%" if unit == "%" else text


def format_change(change: float | None, unit: str, decimals: int) -> str:
    """A month-on-month change: '+4.1 pts' for %, '+12' for counts."""
    if _missing(change):
        return ""
    text = f"{float(change):+,.{decimals}f}"
    return f"{text} pts" if unit == "%" else text


def describe_change(
    direction_word: str | None, change: float | None, unit: str, decimals: int, since: str
) -> str | None:
    """'▲ better than Feb 2018 (+3.2 pts)': arrow and word, so colour is never the only signal."""
    if not isinstance(direction_word, str):
        return None
    if direction_word == "same":
        return f"{DIRECTION_SYMBOLS['same']} same as {since}"
    arrow = DIRECTION_SYMBOLS[direction_word]
    return f"{arrow} {direction_word} than {since} ({format_change(change, unit, decimals)})"
