"""Case-file audits: the grade scale, reading grades, and the figures computed from the audits.

Grades are read on the scale the council set (Ofsted's four points by default, or a 0-10
scaling such as Signs of Safety's). Each audit keeps its scale and score; the SQL macro
`audit_band` turns a score into one of Ofsted's four grades, using the thresholds set here for
0-10 scores, so % good or better and % inadequate mean the same on either scale. The figures
(`load_computed_audits`) are rebuilt in the same transaction as every load or undo of audits and
every change of the thresholds. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import asdict, dataclass

import pandas as pd

from cib import db
from cib.config import ALL_TEAMS
from cib.errors import CibError

GOOD_OR_BETTER = "audits_good_or_better_pct"
INADEQUATE = "audits_inadequate_pct"
MEASURES = (GOOD_OR_BETTER, INADEQUATE)

OFSTED = "ofsted"
TEN = "ten"
SCALES = {OFSTED: "Ofsted four-point (Outstanding to Inadequate)", TEN: "0-10 scaling"}
GRADES = ("Outstanding", "Good", "Requires improvement", "Inadequate")  # best first
_OFSTED_SCORES = {"Outstanding": 4.0, "Good": 3.0, "Requires improvement": 2.0, "Inadequate": 1.0}
_OFSTED_WORDS = {
    "outstanding": "Outstanding",
    "o": "Outstanding",
    "good": "Good",
    "g": "Good",
    "requiresimprovement": "Requires improvement",
    "requiresimprovementtobegood": "Requires improvement",
    "ri": "Requires improvement",
    "inadequate": "Inadequate",
    "i": "Inadequate",
    # Ofsted's own numbering: 1 Outstanding ... 4 Inadequate.
    "1": "Outstanding",
    "2": "Good",
    "3": "Requires improvement",
    "4": "Inadequate",
    "grade1": "Outstanding",
    "grade2": "Good",
    "grade3": "Requires improvement",
    "grade4": "Inadequate",
}
_CODE_PREFIX = re.compile(r"^[a-z]\)\s*")  # 'a) Outstanding'
_SETTING_KEYS = {
    "scale": "audit_scale",
    "outstanding_from": "audit_outstanding_from",
    "good_from": "audit_good_from",
    "inadequate_upto": "audit_inadequate_upto",
}


@dataclass(frozen=True)
class GradeScale:
    """How grades are read and banded.

    scale: how new uploads are read ('ofsted' or 'ten'). The thresholds band 0-10 scores into
    Ofsted's grades: outstanding_from and above Outstanding, good_from and above Good, up to
    inadequate_upto Inadequate, Requires improvement between (11 = no score is Outstanding).
    """

    scale: str = OFSTED
    outstanding_from: float = 9.0
    good_from: float = 7.0
    inadequate_upto: float = 3.0

    def check(self) -> GradeScale:
        """This scale if its settings make sense, else a CibError saying what to change."""
        if self.scale not in SCALES:
            raise CibError(f'"{self.scale}" is not a grade scale (expected one of {list(SCALES)})')
        values = (self.inadequate_upto, self.good_from, self.outstanding_from)
        if any(not isinstance(v, int | float) or math.isnan(v) for v in values):
            raise CibError("the 0-10 thresholds must be numbers")
        if not 0 <= self.inadequate_upto < self.good_from <= self.outstanding_from <= 11:
            raise CibError(
                "the 0-10 thresholds must rise: 0 <= inadequate up to < good from <= outstanding "
                f"from <= 11 (got {self.inadequate_upto:g}, {self.good_from:g}, "
                f"{self.outstanding_from:g})"
            )
        return self

    def band_params(self) -> dict[str, float]:
        """The thresholds as the SQL queries take them."""
        return {
            "outstanding_from": float(self.outstanding_from),
            "good_from": float(self.good_from),
            "inadequate_upto": float(self.inadequate_upto),
        }

    def band(self, scale: str, score: float) -> str:
        """The Ofsted grade a score stands for (the same rule as the SQL macro audit_band)."""
        if scale == OFSTED:
            return {4: GRADES[0], 3: GRADES[1], 2: GRADES[2]}.get(int(score), GRADES[3])
        if score >= self.outstanding_from:
            return GRADES[0]
        if score >= self.good_from:
            return GRADES[1]
        if score > self.inadequate_upto:
            return GRADES[2]
        return GRADES[3]

    def describe(self) -> str:
        """One line for people, e.g. for the page's caption."""
        if self.scale == OFSTED:
            return "Grades read on Ofsted's four-point scale."
        top = (
            f"{self.outstanding_from:g}-10 Outstanding, "
            if self.outstanding_from <= 10
            else "no score counts as Outstanding, "
        )
        return (
            f"Grades read as 0-10 scores: {top}{self.good_from:g} and above Good, "
            f"up to {self.inadequate_upto:g} Inadequate, Requires improvement between."
        )

    def expected(self) -> str:
        """What a grade cell should hold, for messages."""
        if self.scale == OFSTED:
            return "Outstanding, Good, Requires improvement or Inadequate (or Ofsted's 1-4)"
        return "a score from 0 to 10"


def parse_grade(text: str, scale: str) -> tuple[str | None, float | None, str | None]:
    """(grade as stored, score, None) or (None, None, why not) for one trimmed cell."""
    if scale == OFSTED:
        key = re.sub(r"[^a-z0-9]", "", _CODE_PREFIX.sub("", text.casefold()))
        grade = _OFSTED_WORDS.get(key)
        if grade is None:
            return None, None, f"is not a grade (expected {GradeScale(OFSTED).expected()})"
        return grade, _OFSTED_SCORES[grade], None
    try:
        score = float(text.strip().removesuffix("/10").strip())
    except ValueError:
        score = math.nan
    if math.isnan(score) or not 0 <= score <= 10:
        return None, None, f"is not a grade (expected {GradeScale(TEN).expected()})"
    return f"{score:g}", score, None


# --- settings -------------------------------------------------------------------------------


def grade_scale(cur: db.Cursor | None) -> GradeScale:
    """The council's grade scale from the settings table (the defaults where none is set)."""
    if cur is None:
        return GradeScale()
    found = dict(db.rows(cur, "fct_audits_settings"))
    values = asdict(GradeScale())
    for field, key in _SETTING_KEYS.items():
        if found.get(key) is not None:
            values[field] = found[key] if field == "scale" else float(found[key])
    return GradeScale(**values)


def set_grade_scale(cur: db.Cursor, scale: GradeScale) -> None:
    """Save the scale and rebuild the audit figures, both on the caller's transaction."""
    scale.check()
    for field, key in _SETTING_KEYS.items():
        db.execute(cur, "load_audits_setting", key=key, value=str(getattr(scale, field)))
    recompute(cur, scale)


def recompute(cur: db.Cursor, scale: GradeScale | None = None) -> None:
    """Rebuild % good or better and % inadequate from the audits, on the caller's transaction."""
    scale = scale or grade_scale(cur)
    db.execute(cur, "load_computed_audits_delete")
    db.execute(cur, "load_computed_audits", **scale.band_params())


# --- what the Audits page shows --------------------------------------------------------------


def summary(cur: db.Cursor) -> dict:
    """Audits held: how many, first and last audit date, teams, themes, scales in use."""
    row = db.query(cur, "fct_audits_summary").iloc[0]
    return {k: (None if _missing(v) else v) for k, v in row.items()}


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, list | tuple) and pd.isna(value))


def grade_mix(
    cur: db.Cursor, team: str = ALL_TEAMS, scale: GradeScale | None = None
) -> pd.DataFrame:
    """Audits per month and grade (every grade, zeros included), best grade first."""
    scale = scale or grade_scale(cur)
    found = db.query(cur, "fct_audits_grade_mix", team=team, **scale.band_params())
    return _complete(found, "month")


def by_team(
    cur: db.Cursor, first: dt.date, last: dt.date, scale: GradeScale | None = None
) -> pd.DataFrame:
    """Audits per team and grade in the months first..last (first of month, inclusive)."""
    scale = scale or grade_scale(cur)
    found = db.query(cur, "fct_audits_by_team", first=first, last=last, **scale.band_params())
    return _complete(found, "team")


def by_theme(
    cur: db.Cursor,
    first: dt.date,
    last: dt.date,
    team: str = ALL_TEAMS,
    scale: GradeScale | None = None,
) -> pd.DataFrame:
    """Theme grades per theme and grade in the months first..last, for a team or everyone."""
    scale = scale or grade_scale(cur)
    found = db.query(
        cur, "fct_audits_by_theme", first=first, last=last, team=team, **scale.band_params()
    )
    return _complete(found, "theme")


def _complete(found: pd.DataFrame, by: str) -> pd.DataFrame:
    """`by` x grade with zeros where no audit had that grade; grades best first."""
    if found.empty:
        return pd.DataFrame({by: [], "grade": [], "n": []})
    grid = pd.MultiIndex.from_product(
        [list(dict.fromkeys(found[by])), list(GRADES)], names=[by, "grade"]
    )
    out = found.set_index([by, "grade"])["n"].reindex(grid, fill_value=0).reset_index()
    out["grade"] = pd.Categorical(out["grade"], categories=list(GRADES), ordered=True)
    out["n"] = out["n"].astype(int)
    return out


def shares(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per `by` value: audits, good or better (n, %), inadequate (n, %)."""
    if frame.empty:
        return pd.DataFrame(
            columns=[
                by,
                "audits",
                "good_or_better",
                "good_or_better_pct",
                "inadequate",
                "inadequate_pct",
            ]
        )
    wide = frame.pivot_table(index=by, columns="grade", values="n", aggfunc="sum", observed=False)
    wide = wide.reindex(columns=list(GRADES), fill_value=0).fillna(0)
    total = wide.sum(axis=1)
    good = wide["Outstanding"] + wide["Good"]
    out = pd.DataFrame(
        {
            "audits": total.astype(int),
            "good_or_better": good.astype(int),
            "good_or_better_pct": (100 * good / total.where(total > 0)).round(1),
            "inadequate": wide["Inadequate"].astype(int),
            "inadequate_pct": (100 * wide["Inadequate"] / total.where(total > 0)).round(1),
        }
    )
    order = list(dict.fromkeys(frame[by]))
    return out.reindex(order).reset_index()
