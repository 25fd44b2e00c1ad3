"""Demo child-level records: assessments and case audits behind the demo's monthly figures.

The demo (cib.demo) builds monthly aggregates per team. These records reproduce them exactly,
so the figures on screen stay the same once they are computed from records:
- assessments: for every team and month, the number authorised, how many took 45 working days
  or fewer and how many 20 or fewer equal the demo's assessments_completed,
  assessments_within_45wd_pct and assessments_within_20wd_pct counts. Start dates are real
  working days before the authorisation, so durations span bank holidays. Some assessments are
  still open; the backlog past 45 working days follows the demo's story (it peaks in the winter
  of 2015-16 and falls after) and equals the demo's figure wherever the late completions allow
  (a backlog can only shrink by as many as were completed late the next month).
- audits: about 40 a month; per team and month the number and the number graded good or better
  equal the demo's audits_good_or_better_pct counts, and the share inadequate follows the
  demo's audits_inadequate_pct. Each audit also grades four themes.
Deterministic (fixed seed). No real child: ids are made up.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

import numpy as np
import pandas as pd

from cib import assessments, audits, calendar, db, demo
from cib.config import ALL_TEAMS

SEED = 20151102  # the inspection's first day
THEMES = ("Quality of assessment", "Quality of plan", "Management oversight", "Voice of the child")
AUDIT_TYPES = (("Case file audit", 0.8), ("Thematic audit", 0.15), ("Dip sample", 0.05))
_OFSTED_SCORE = {g: 4.0 - i for i, g in enumerate(audits.GRADES)}


class _Days:
    """Working days of the demo's calendar: index of a date, the working day with an index."""

    def __init__(self, closures: Iterable[dt.date] = ()) -> None:
        frame = calendar.build_frame(closures, start=dt.date(2013, 1, 1), end=dt.date(2019, 12, 31))
        self.index = dict(zip(frame["date"], frame["working_day_index"], strict=True))
        working = frame[frame["is_working_day"]]
        self.day = dict(zip(working["working_day_index"], working["date"], strict=True))
        self._by_month: dict[tuple[int, int], list[dt.date]] = {}
        for day in working["date"]:
            self._by_month.setdefault((day.year, day.month), []).append(day)

    @staticmethod
    def _month(offset: int) -> tuple[int, int]:
        """(year, month) `offset` months after the demo's first month."""
        n = demo.FIRST_MONTH.year * 12 + demo.FIRST_MONTH.month - 1 + offset
        return n // 12, n % 12 + 1

    def month_end(self, offset: int) -> dt.date:
        """The last day of the month `offset` months after the demo's first month."""
        year, month = self._month(offset + 1)
        return dt.date(year, month, 1) - dt.timedelta(days=1)

    def end_index(self, offset: int) -> int:
        """The working-day index of that month's last day."""
        return int(self.index[self.month_end(offset)])

    def working_days_in(self, offset: int) -> list[dt.date]:
        """The working days of the month `offset` months after the demo's first month."""
        return self._by_month[self._month(offset)]


def _team_counts(obs: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per assessing team, month by month: completed, within 45, within 20, backlog."""
    wanted = {
        ("assessments_within_45wd_pct", "denominator"): "completed",
        ("assessments_within_45wd_pct", "numerator"): "within_45",
        ("assessments_within_20wd_pct", "numerator"): "within_20",
        ("open_assessments_over_45wd", "value"): "backlog",
    }
    out = {}
    teams = obs[(obs["measure_id"] == "assessments_within_45wd_pct") & (obs["team"] != ALL_TEAMS)]
    for team in dict.fromkeys(teams["team"]):
        part = obs[obs["team"] == team]
        cols = {}
        for (measure, field), name in wanted.items():
            series = part[part["measure_id"] == measure].set_index("month")[field]
            cols[name] = series.fillna(0).astype(int)
        out[team] = pd.DataFrame(cols).sort_index().reset_index(drop=True)
    return out


def _duration(rng: np.random.Generator, low: int, high: int) -> int:
    """A duration in low..high working days, longer ones a little likelier (work takes time)."""
    if low == 0 and rng.random() < 0.06:
        return 0  # same day
    days = np.arange(max(low, 1), high + 1)
    weights = 1.0 + (days - days[0]) / 6.0
    return int(rng.choice(days, p=weights / weights.sum()))


def assessment_records(closures: Iterable[dt.date] = ()) -> pd.DataFrame:
    """Every demo assessment: child_id, start_date, authorised_date (None if open), team,
    outcome. Reproduces the demo's timeliness counts for every team and month."""
    rng = np.random.default_rng(SEED)
    days = _Days(closures)
    rows: list[tuple] = []
    for team, counts in _team_counts(demo.observations()).items():
        rows += _team_records(rng, days, team, counts)
    frame = pd.DataFrame(rows, columns=["start_date", "authorised_date", "team"])
    frame = frame.sort_values(["start_date", "team"], kind="stable").reset_index(drop=True)
    frame["child_id"] = _child_ids(rng, frame)
    done = frame["authorised_date"].notna()
    frame["outcome"] = np.where(
        done, rng.choice(["Yes", "No", "Unknown"], len(frame), p=[0.72, 0.25, 0.03]), None
    )
    frame["start_date"] = pd.to_datetime(frame["start_date"])
    frame["authorised_date"] = pd.to_datetime(frame["authorised_date"])
    return frame[["child_id", "start_date", "authorised_date", "team", "outcome"]]


def _team_records(
    rng: np.random.Generator, days: _Days, team: str, counts: pd.DataFrame
) -> list[tuple]:
    """One team's assessments, month by month: on time, late, and open."""
    rows = []
    active: list[int] = []  # each open assessment past 45 WD: the month it first was, at its end
    months = len(counts)
    for i in range(months):
        completed, within_45, within_20, backlog = counts.loc[i].tolist()
        late = completed - within_45
        if i == 0:
            finishing: list[int] = []
            # Already past 45 working days at the first month end: some for a while before.
            active = [int(-rng.integers(0, 3)) for _ in range(backlog)]
        else:
            # k of last month end's backlog are authorised this month (each one late). The
            # backlog can only fall by as many as were completed late, so where the demo's
            # figure falls faster it is reached as closely as it can be.
            low = min(max(0, len(active) - backlog), late, len(active))
            high = min(len(active), late)
            k = low + int(rng.binomial(high - low, 0.5)) if high > low else low
            picked = set(rng.choice(len(active), size=k, replace=False).tolist()) if k else set()
            finishing = [j for n, j in enumerate(active) if n in picked]
            active = [j for n, j in enumerate(active) if n not in picked]
            active += [i] * max(0, backlog - len(active))
        workdays = days.working_days_in(i)
        for n in range(completed):
            end = workdays[int(rng.integers(len(workdays)))]
            end_ix = int(days.index[end])
            if n < within_20:
                start_ix = end_ix - _duration(rng, 0, 20)
            elif n < within_45:
                start_ix = end_ix - _duration(rng, 21, 45)
            elif n < within_45 + len(finishing):
                start_ix = _past_45_from(rng, days, finishing[n - within_45])
            else:
                # Late, but passed 45 working days this month: not in last month's backlog.
                start_ix = int(rng.integers(days.end_index(i - 1) - 45, end_ix - 46 + 1))
            rows.append((days.day[start_ix], end, team))
    for j in active:  # still open and past 45 working days at the last month end
        rows.append((days.day[_past_45_from(rng, days, j)], None, team))
    last_end = days.end_index(months - 1)
    recent = int(rng.poisson(max(1, counts["completed"].iloc[-1]) * 1.3))
    for _ in range(recent):  # open, not yet past 45 working days
        rows.append((days.day[int(rng.integers(last_end - 45, last_end + 1))], None, team))
    return rows


def _past_45_from(rng: np.random.Generator, days: _Days, first: int) -> int:
    """A start (working-day index) first past 45 working days at the end of month `first`."""
    low = days.end_index(first - 1) - 45  # not past 45 at the month end before
    high = days.end_index(first) - 46  # past 45 at this month end
    return int(rng.integers(low, high + 1))


def _child_ids(rng: np.random.Generator, frame: pd.DataFrame) -> list[str]:
    """Made-up ids; about 1 in 16 assessments is a child's second (a later start date)."""
    numbers = rng.permutation(np.arange(100000, 100000 + len(frame)))
    ids: list[str] = []
    seen: list[tuple[str, dt.date]] = []
    for n, start in zip(numbers, frame["start_date"], strict=True):
        if seen and rng.random() < 0.06:
            child, first = seen[int(rng.integers(len(seen)))]
            if first < start:
                ids.append(child)
                continue
        child = f"C{n}"
        ids.append(child)
        seen.append((child, start))
    return ids


def audit_records() -> pd.DataFrame:
    """Every demo case audit: per team and month the number and the number good or better equal
    the demo's; the share inadequate follows the demo's story; four themes graded."""
    rng = np.random.default_rng(SEED + 1)
    days = _Days()
    obs = demo.observations()
    good = obs[obs["measure_id"] == audits.GOOD_OR_BETTER].set_index(["team", "month"])
    bad = obs[obs["measure_id"] == audits.INADEQUATE].set_index(["team", "month"])["value"]
    types, type_p = zip(*AUDIT_TYPES, strict=True)
    month_index = {m: i for i, m in enumerate(demo.months())}
    rows = []
    for (team, month), r in good.iterrows():
        if team == ALL_TEAMS or not r["denominator"]:
            continue
        n, n_good = int(r["denominator"]), int(r["numerator"])
        rate = bad.get((team, month), np.nan)
        n_bad = 0 if pd.isna(rate) else min(n - n_good, int(round(n * rate / 100)))
        n_outstanding = int(rng.binomial(n_good, 0.12))
        grades = ["Outstanding"] * n_outstanding + ["Good"] * (n_good - n_outstanding)
        grades += ["Inadequate"] * n_bad + ["Requires improvement"] * (n - n_good - n_bad)
        workdays = days.working_days_in(month_index[month])
        for grade in grades:
            score = _OFSTED_SCORE[grade]
            steps = rng.choice([-1.0, 0.0, 1.0], size=len(THEMES), p=[0.2, 0.6, 0.2])
            graded = rng.random(len(THEMES)) > 0.08  # a theme now and then not graded
            themes = {
                theme: min(4.0, max(1.0, score + float(step)))
                for theme, step, g in zip(THEMES, steps, graded, strict=True)
                if g
            }
            rows.append(
                {
                    "audit_date": workdays[int(rng.integers(len(workdays)))],
                    "audit_type": str(rng.choice(types, p=type_p)),
                    "team": team,
                    "scale": audits.OFSTED,
                    "grade": grade,
                    "score": score,
                    "themes": json.dumps(themes, sort_keys=True) if themes else None,
                }
            )
    frame = pd.DataFrame(rows).sort_values(["audit_date", "team"], kind="stable")
    frame = frame.reset_index(drop=True)
    frame["case_ref"] = [f"CR{n}" for n in rng.permutation(np.arange(20000, 20000 + len(frame)))]
    frame["audit_date"] = pd.to_datetime(frame["audit_date"])
    return frame[
        ["case_ref", "audit_date", "audit_type", "team", "scale", "grade", "score", "themes"]
    ]


def seed_records(cur: db.Cursor, upload_id: int) -> tuple[int, int]:
    """Load the demo assessments and audits on the caller's transaction (as the demo upload) and
    compute their figures. Returns (assessments, audits) loaded."""
    found = assessment_records(db.local_closures(cur))
    graded = audit_records()
    cur.register("incoming_demo_assessments", found)
    cur.register("incoming_demo_audits", graded)
    try:
        db.execute(cur, "load_assessments_demo", upload_id=upload_id)
        db.execute(cur, "load_audits_demo", upload_id=upload_id)
    finally:
        cur.unregister("incoming_demo_assessments")
        cur.unregister("incoming_demo_audits")
    assessments.recompute(cur)
    audits.recompute(cur)
    return len(found), len(graded)


def clear_records(cur: db.Cursor) -> None:
    """Delete every assessment and audit record and the figures computed from them."""
    db.execute(cur, "load_assessments_demo_clear")
    db.execute(cur, "load_audits_demo_clear")
    db.execute(cur, "load_computed_assessments_clear")
    db.execute(cur, "load_computed_audits_delete")


def seed_if_missing(con: db.Connection) -> bool:
    """Add the demo records to a demo database made before they existed; True if it did.

    Nothing happens when the demo was never loaded or records are already held.
    """
    with db.transaction(con) as cur:
        upload_id, has_records = db.rows(cur, "fct_assessments_demo_upload")[0]
        if upload_id is None or has_records:
            return False
        seed_records(cur, int(upload_id))
    return True
