"""The demo database: a believable, deterministic story of a council judged inadequate.

Apr 2015 - Mar 2018. Ofsted inspects in Oct-Nov 2015 and judges the council inadequate in Jan
2016; looking hard at the work uncovers a backlog, so most measures dip over the winter, then
recover through 2016-17 as the improvement plan bites. Targets step up each April.
Figures are built per team from counts (numerator / denominator), and the whole-council row is
the sum of the teams, as a real extract would be.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from cib import comparator_store, db, demo_plan, demo_records
from cib.config import ALL_TEAMS

SEED = 20160112  # the day the judgement was published, for a memorable fixed seed
FIRST_MONTH = dt.date(2015, 4, 1)
LAST_MONTH = dt.date(2018, 3, 1)

TEAMS = {  # team -> share of the council's assessments, audits and workforce
    "Assessment Team 1": 0.24,
    "Assessment Team 2": 0.22,
    "MASH": 0.10,
    "Safeguarding North": 0.14,
    "Safeguarding South": 0.13,
    "Children in Care": 0.09,
    "Disabled Children": 0.05,
    "Care Leavers": 0.03,
}
_ASSESSING = ["Assessment Team 1", "Assessment Team 2", "Safeguarding North",
              "Safeguarding South", "Disabled Children"]  # fmt: skip
_SAFEGUARDING = ["Safeguarding North", "Safeguarding South", "Disabled Children"]
_IN_CARE = ["Children in Care", "Disabled Children"]

# Key points of each rate's story: (month index from Apr 2015, probability). 9 = Jan 2016.
_STORY = {
    "assessments_within_45wd_pct": [(0, .74), (6, .72), (9, .60), (12, .66), (15, .76),
                                    (21, .81), (26, .86), (35, .88)],
    "assessments_within_20wd_pct": [(0, .38), (6, .36), (9, .28), (12, .33), (15, .42),
                                    (21, .50), (26, .55), (35, .565)],
    "rereferrals_12m_pct": [(0, .27), (8, .29), (10, .31), (14, .28), (22, .24), (35, .225)],
    "icpc_within_15wd_pct": [(0, .66), (7, .64), (10, .55), (15, .70), (24, .80), (35, .83)],
    "cp_reviews_in_timescale_pct": [(0, .86), (9, .78), (14, .90), (24, .93), (35, .92)],
    "cp_plans_2yrs_plus_pct": [(0, .06), (10, .08), (18, .05), (35, .03)],
    "cp_repeat_plans_pct": [(0, .24), (10, .27), (20, .21), (28, .22), (35, .26)],
    "cla_visits_in_timescale_pct": [(0, .82), (9, .74), (15, .88), (24, .94), (35, .96)],
    "audits_good_or_better_pct": [(0, .22), (9, .18), (12, .25), (20, .42), (28, .52),
                                  (35, .56)],
    "audits_inadequate_pct": [(0, .30), (9, .36), (12, .28), (20, .16), (28, .10), (35, .07)],
    "agency_sw_pct": [(0, .32), (10, .45), (16, .40), (26, .27), (35, .235)],
    "vacancy_rate_pct": [(0, .24), (10, .29), (18, .20), (35, .12)],
}  # fmt: skip

_TARGETS = [  # measure, effective from, target, tolerance (None = measure default), kind
    ("assessments_within_45wd_pct", "2015-04-01", 65, None, "local"),
    ("assessments_within_45wd_pct", "2016-04-01", 75, None, "local"),
    ("assessments_within_45wd_pct", "2017-04-01", 83, None, "local"),
    ("assessments_within_20wd_pct", "2016-04-01", 40, None, "local"),
    ("assessments_within_20wd_pct", "2017-04-01", 59.1, None, "local"),
    ("open_assessments_over_45wd", "2015-04-01", 30, 10, "local"),
    ("open_assessments_over_45wd", "2016-10-01", 15, 5, "local"),
    ("rereferrals_12m_pct", "2015-04-01", 25, None, "local"),
    ("rereferrals_12m_pct", "2017-04-01", 22, None, "local"),
    ("icpc_within_15wd_pct", "2015-04-01", 70, None, "local"),
    ("icpc_within_15wd_pct", "2017-04-01", 80, None, "local"),
    ("cp_reviews_in_timescale_pct", "2015-04-01", 95, 5, "statutory"),
    ("cp_plans_2yrs_plus_pct", "2015-04-01", 5, 2, "local"),
    ("cp_repeat_plans_pct", "2015-04-01", 22, None, "local"),
    ("cp_repeat_plans_pct", "2017-04-01", 19, None, "local"),
    ("cla_visits_in_timescale_pct", "2015-04-01", 90, None, "statutory"),
    ("cla_visits_in_timescale_pct", "2017-04-01", 95, None, "statutory"),
    ("audits_good_or_better_pct", "2016-04-01", 40, None, "local"),
    ("audits_good_or_better_pct", "2017-04-01", 60, None, "local"),
    ("audits_inadequate_pct", "2016-04-01", 20, None, "local"),
    ("audits_inadequate_pct", "2017-04-01", 10, None, "local"),
    ("caseload_avg", "2015-04-01", 22, 2, "local"),
    ("caseload_avg", "2017-04-01", 18, 2, "local"),
    ("agency_sw_pct", "2015-04-01", 30, None, "local"),
    ("agency_sw_pct", "2017-04-01", 20, None, "local"),
    ("vacancy_rate_pct", "2015-04-01", 20, None, "local"),
    ("vacancy_rate_pct", "2017-04-01", 15, None, "local"),
]


def months() -> pd.DatetimeIndex:
    """The demo's 36 months, first of each month."""
    return pd.date_range(FIRST_MONTH, LAST_MONTH, freq="MS")


def _curve(points: list[tuple[int, float]], n: int) -> np.ndarray:
    xs, ys = zip(*points, strict=True)
    return np.interp(np.arange(n), xs, ys)


def _rate_rows(rng: np.random.Generator, measure_id: str, teams: list[str], monthly_n: float,
               spread: float = 0.05) -> list[dict]:  # fmt: skip
    """Binomial counts per team and month around the story curve; 'All' is their sum."""
    idx = months()
    p = _curve(_STORY[measure_id], len(idx))
    rows = []
    share = np.array([TEAMS[t] for t in teams])
    share = share / share.sum()
    offsets = rng.normal(0, spread, len(teams))  # some teams do better than others throughout
    for i, month in enumerate(idx):
        num_all = den_all = 0
        for team, s, off in zip(teams, share, offsets, strict=True):
            den = int(rng.poisson(monthly_n * s))
            prob = float(np.clip(p[i] + off + rng.normal(0, 0.02), 0.01, 0.99))
            num = int(rng.binomial(den, prob)) if den else 0
            rows.append(_row(measure_id, month, team, num, den))
            num_all += num
            den_all += den
        rows.append(_row(measure_id, month, ALL_TEAMS, num_all, den_all))
    return rows


def _row(measure_id: str, month: pd.Timestamp, team: str, num: float | None,
         den: float | None, value: float | None = None) -> dict:  # fmt: skip
    if value is None and den:
        value = 100.0 * num / den
    return {"measure_id": measure_id, "month": month.date(), "team": team,
            "numerator": num, "denominator": den, "value": value}  # fmt: skip


def _assessment_rows(rng: np.random.Generator) -> list[dict]:
    """45 and 20 working-day timeliness share one set of assessments; completions and backlog."""
    rows_45 = _rate_rows(rng, "assessments_within_45wd_pct", _ASSESSING, 160, spread=0.04)
    p45 = _curve(_STORY["assessments_within_45wd_pct"], len(months()))
    p20 = _curve(_STORY["assessments_within_20wd_pct"], len(months()))
    rows_20, completed = [], []
    by_month: dict[tuple, list[dict]] = {}
    for r in rows_45:
        by_month.setdefault(r["month"], []).append(r)
    backlog = _curve([(0, 28), (7, 34), (9, 62), (12, 48), (18, 20), (26, 9), (35, 6)], 36)
    for i, (month, team_rows) in enumerate(by_month.items()):
        stamp = pd.Timestamp(month)
        num_all = den_all = 0
        open_all = 0
        for r in team_rows:
            if r["team"] == ALL_TEAMS:
                continue
            den, num45 = r["denominator"], r["numerator"]
            # of those within 45, the share also within 20 follows the 20-day story
            within20 = int(rng.binomial(num45, min(0.99, p20[i] / p45[i]))) if num45 else 0
            rows_20.append(_row("assessments_within_20wd_pct", stamp, r["team"], within20, den))
            completed.append(_row("assessments_completed", stamp, r["team"], None, None, den))
            team_open = int(rng.poisson(backlog[i] * TEAMS[r["team"]] / 0.78))
            completed.append(_row("open_assessments_over_45wd", stamp, r["team"], None, None,
                                  team_open))  # fmt: skip
            num_all += within20
            den_all += den
            open_all += team_open
        rows_20.append(_row("assessments_within_20wd_pct", stamp, ALL_TEAMS, num_all, den_all))
        completed.append(_row("assessments_completed", stamp, ALL_TEAMS, None, None, den_all))
        completed.append(_row("open_assessments_over_45wd", stamp, ALL_TEAMS, None, None,
                              open_all))  # fmt: skip
    return rows_45 + rows_20 + completed


def _caseload_rows(rng: np.random.Generator) -> list[dict]:
    """Average caseload = children allocated / case-holding social workers (FTE)."""
    per_worker = _curve([(0, 21.5), (8, 24), (10, 26.5), (16, 22), (26, 19), (35, 19.2)], 36)
    rows = []
    for i, month in enumerate(months()):
        cases_all = fte_all = 0.0
        for team, share in TEAMS.items():
            fte = round(max(2.0, share * 62 + rng.normal(0, 0.6)), 1)
            cases = int(rng.poisson(per_worker[i] * fte * (1 + rng.normal(0, 0.05))))
            rows.append(_row("caseload_avg", month, team, cases, fte, round(cases / fte, 1)))
            cases_all += cases
            fte_all += fte
        rows.append(_row("caseload_avg", month, ALL_TEAMS, cases_all, round(fte_all, 1),
                         round(cases_all / fte_all, 1)))  # fmt: skip
    return rows


def observations() -> pd.DataFrame:
    """Every demo figure: measure x month x team, with numerator and denominator where counted."""
    rng = np.random.default_rng(SEED)
    rows = _assessment_rows(rng)
    rows += _rate_rows(rng, "rereferrals_12m_pct", ["MASH"], 145)
    rows += _rate_rows(rng, "icpc_within_15wd_pct", _SAFEGUARDING, 26)
    rows += _rate_rows(rng, "cp_reviews_in_timescale_pct", _SAFEGUARDING, 48)
    rows += _rate_rows(rng, "cp_plans_2yrs_plus_pct", _SAFEGUARDING, 170, spread=0.01)
    rows += _rate_rows(rng, "cp_repeat_plans_pct", _SAFEGUARDING, 22)
    rows += _rate_rows(rng, "cla_visits_in_timescale_pct", _IN_CARE, 290, spread=0.02)
    rows += _rate_rows(rng, "audits_good_or_better_pct", list(TEAMS), 40, spread=0.06)
    rows += _rate_rows(rng, "audits_inadequate_pct", list(TEAMS), 40, spread=0.04)
    rows += _rate_rows(rng, "agency_sw_pct", list(TEAMS), 70, spread=0.06)
    rows += _rate_rows(rng, "vacancy_rate_pct", list(TEAMS), 80, spread=0.05)
    rows += _caseload_rows(rng)
    frame = pd.DataFrame(rows)
    frame["symbol"] = None
    frame["month"] = pd.to_datetime(frame["month"])
    return frame[["measure_id", "month", "team", "numerator", "denominator", "value", "symbol"]]


def targets() -> pd.DataFrame:
    """The demo improvement-plan target trajectories."""
    frame = pd.DataFrame(_TARGETS, columns=["measure_id", "effective_from", "target",
                                            "tolerance", "kind"])  # fmt: skip
    frame["effective_from"] = pd.to_datetime(frame["effective_from"])
    frame["target"] = frame["target"].astype(float)
    frame["tolerance"] = frame["tolerance"].astype(float)
    return frame


def seed(con: db.Connection) -> int:
    """Load the demo into a database in one transaction; returns the demo's upload id."""
    with db.transaction(con) as cur:
        upload_id = db.scalar(cur, "load_upload_demo")
        cur.register("incoming_observations", observations())
        db.execute(cur, "load_demo_observations", upload_id=upload_id)
        cur.register("incoming_targets", targets())
        db.execute(cur, "load_demo_targets", upload_id=upload_id)
        # Child-level assessments and case audits that reproduce the figures above exactly.
        demo_records.seed_records(cur, upload_id)
        # Published DfE figures (real, OGL) so the comparators show from the first start;
        # not tied to an upload, so undoing uploads never removes them.
        comparator_store.seed_published(cur)
        demo_plan.seed_plan(cur, upload_id)
    return upload_id


def clear(con: db.Connection) -> None:
    """Delete every figure and target, so the demo can be loaded afresh."""
    with db.transaction(con) as cur:
        db.execute(cur, "load_demo_clear_observations")
        db.execute(cur, "load_demo_clear_targets")
        demo_records.clear_records(cur)


def seed_if_empty(con: db.Connection) -> bool:
    """Seed the demo on first start (no figures, no uploads yet); True if it did."""
    with con.cursor() as cur:
        empty = db.scalar(cur, "chk_database_empty")
    if empty:
        seed(con)
    return bool(empty)
