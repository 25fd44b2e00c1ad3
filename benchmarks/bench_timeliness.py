"""Assessment timeliness over W2 (~6.5M assessment records): SQL against pandas + numpy.

Run: `python -m benchmarks.bench_timeliness` (one command; builds the workload in a temporary
folder, times both in the same run, prints both and the ratio, and checks they agree).

W2 is national scale: 153 councils x 10 years of Annex A List 4 records (~4,250 assessments a
council a year), 7 teams a council (team names prefixed by council), about 3% still open.
What is timed is what the app does after every load: every figure computed from the records,
for every month x team and the whole council - % within 45 and 20 working days, the count,
the median working days and the backlog open past 45 working days at each month end.
- SQL: `cib.assessments.recompute` (queries/load_computed_assessments_stage.sql: the working-day
  calendar joined for the start, the authorisation and the 46th working day; then only the
  figures that changed written), on the database file, in a transaction as a load runs it.
- Baseline: pandas + numpy.busday_count with the same bank holidays, vectorised (no Python loop
  over records; the backlog by difference arrays), in two forms: from the records already in
  memory (compute only), and reading the extract from CSV first (what a script or a naive app
  does on each run).
Compare ratios, not seconds: the machine is shared and noisy.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from cib import assessments, calendar, db

COUNCILS = 153
YEARS = 10
TEAMS_PER_COUNCIL = 7
RECORDS = 6_500_000
FIRST_DAY = np.datetime64("2015-01-01")
LAST_DAY = np.datetime64("2025-03-31")
TODAY = dt.date(2025, 4, 30)  # every month end of the window has passed
GOAL = 10.0


def w2_records(seed: int = 2016) -> pd.DataFrame:
    """About 6.5M assessment records: child_id, start_date, authorised_date, team, outcome."""
    rng = np.random.default_rng(seed)
    size = rng.lognormal(0, 0.5, COUNCILS)
    per_council = np.floor(size / size.sum() * RECORDS).astype(int)
    per_council[0] += RECORDS - per_council.sum()
    council = np.repeat(np.arange(COUNCILS), per_council)
    team_no = rng.integers(0, TEAMS_PER_COUNCIL, RECORDS)
    names = [
        f"{'' if c == 0 else f'E{c:08d} '}Team {t + 1}"
        for c in range(COUNCILS)
        for t in range(TEAMS_PER_COUNCIL)
    ]
    team = pd.Categorical.from_codes(council * TEAMS_PER_COUNCIL + team_no, categories=names)
    span = int((LAST_DAY - FIRST_DAY).astype(int))
    start = FIRST_DAY + rng.integers(0, span, RECORDS).astype("timedelta64[D]")
    quick = rng.random(RECORDS) < 0.8
    days = np.where(quick, rng.integers(0, 64, RECORDS), rng.integers(64, 220, RECORDS))
    end = start + days.astype("timedelta64[D]")
    still_open = (rng.random(RECORDS) < 0.02) | (end > LAST_DAY)
    child = np.char.add("C", np.arange(RECORDS).astype("U8"))
    return pd.DataFrame(
        {
            "child_id": pd.array(child, dtype="string[pyarrow]"),
            "start_date": start,
            "authorised_date": np.where(still_open, np.datetime64("NaT"), end).astype(
                "datetime64[s]"
            ),
            "team": team,
            "outcome": pd.array([None] * RECORDS, dtype="string[pyarrow]"),
        }
    )


def build(path: Path, frame: pd.DataFrame) -> float:
    """The W2 database: the records in the assessment table. Returns seconds taken."""
    started = time.perf_counter()
    con = db.connect(path)
    with db.transaction(con) as cur:
        upload_id = db.scalar(cur, "load_upload_demo")
        cur.register("incoming_demo_assessments", frame)
        db.execute(cur, "load_assessments_demo", upload_id=upload_id)
        cur.unregister("incoming_demo_assessments")
    con.close()
    return time.perf_counter() - started


def sql_once(path: Path) -> tuple[float, float]:
    """Open the file afresh and rebuild every figure in a transaction, as a load does:
    (seconds for the first run, median seconds of the next three)."""
    con = db.connect(path, migrate_schema=False)
    try:
        times = []
        for _ in range(4):
            started = time.perf_counter()
            with db.transaction(con) as cur:
                assessments.recompute(cur, TODAY)
            times.append(time.perf_counter() - started)
    finally:
        con.close()
    return times[0], statistics.median(times[1:])


def sql_figures(path: Path) -> pd.DataFrame:
    """Every computed figure, to check the baseline against."""
    con = db.connect(path, migrate_schema=False)
    try:
        with con.cursor() as cur:
            return cur.execute("select * from computed_observation").df()  # bench-only read
    finally:
        con.close()


# --- the baseline ------------------------------------------------------------------------------


def holidays() -> np.ndarray:
    """England & Wales bank holidays for the years in the workload."""
    return np.array(list(calendar.bank_holidays(2014, 2026)), dtype="datetime64[D]")


def pandas_figures(frame: pd.DataFrame, today: dt.date = TODAY) -> pd.DataFrame:
    """The same figures with pandas and numpy.busday_count (DOMAIN.md's rule: the days after
    the start up to and including the end, so both ends of [a, b) move on a day)."""
    hols = holidays()
    start = frame["start_date"].to_numpy("datetime64[D]")
    end = frame["authorised_date"].to_numpy("datetime64[D]")
    done = ~np.isnat(end)
    wd = np.busday_count(start[done] + 1, end[done] + 1, holidays=hols)
    month = end[done].astype("datetime64[M]")
    team = frame["team"].to_numpy()[done]
    parts = pd.DataFrame({"month": month, "team": team, "wd": wd})
    parts["w45"] = parts["wd"] <= 45
    parts["w20"] = parts["wd"] <= 20
    rows = []
    for keys in (["month", "team"], ["month"]):
        g = parts.groupby(keys, observed=True).agg(
            n=("wd", "size"), w45=("w45", "sum"), w20=("w20", "sum"), median=("wd", "median")
        )
        g = g.reset_index()
        if "team" not in keys:
            g["team"] = "All"
        rows.append(g)
    done_figs = pd.concat(rows, ignore_index=True)
    out = [
        done_figs.assign(
            measure_id="assessments_completed",
            numerator=np.nan,
            denominator=np.nan,
            value=done_figs["n"],
        ),
        done_figs.assign(
            measure_id="assessments_within_45wd_pct",
            numerator=done_figs["w45"],
            denominator=done_figs["n"],
            value=100 * done_figs["w45"] / done_figs["n"],
        ),
        done_figs.assign(
            measure_id="assessments_within_20wd_pct",
            numerator=done_figs["w20"],
            denominator=done_figs["n"],
            value=100 * done_figs["w20"] / done_figs["n"],
        ),
        done_figs.assign(
            measure_id="assessments_median_wd",
            numerator=np.nan,
            denominator=done_figs["n"],
            value=done_figs["median"],
        ),
    ]
    out.append(_backlog(frame, start, end, hols, today))
    cols = ["measure_id", "month", "team", "numerator", "denominator", "value"]
    result = pd.concat([o[cols] for o in out], ignore_index=True)
    result["month"] = pd.to_datetime(result["month"])
    result["team"] = result["team"].astype(str)
    return result


def _backlog(
    frame: pd.DataFrame, start: np.ndarray, end: np.ndarray, hols: np.ndarray, today: dt.date
) -> pd.DataFrame:
    """Open past 45 working days at each month end, by difference arrays over months."""
    done = ~np.isnat(end)
    first_month = end[done].astype("datetime64[M]").min()
    last_day = np.where(done, end, start).max()
    last_month = last_day.astype("datetime64[M]")
    months = np.arange(first_month, last_month + 1)
    month_ends = (months + 1).astype("datetime64[D]") - 1
    months = months[month_ends <= np.datetime64(today)]
    if not len(months):
        return pd.DataFrame(columns=["measure_id", "month", "team", "value"])
    d46 = np.busday_offset(start + 1, 45, roll="forward", holidays=hols)
    first = d46.astype("datetime64[M]")
    last = np.where(done, end.astype("datetime64[M]") - 1, months[-1])
    m0 = months[0]
    first_ix = np.maximum((first - m0).astype(int), 0)
    last_ix = (last - m0).astype(int)
    keep = last_ix >= first_ix
    codes = frame["team"].cat.codes.to_numpy()
    teams = frame["team"].cat.categories
    diff = np.zeros((len(teams), len(months) + 1), dtype=np.int64)
    np.add.at(diff, (codes[keep], np.minimum(first_ix[keep], len(months))), 1)
    np.add.at(diff, (codes[keep], np.minimum(last_ix[keep] + 1, len(months))), -1)
    counts = np.cumsum(diff[:, :-1], axis=1)
    present = np.bincount(codes, minlength=len(teams)) > 0
    by_team = pd.DataFrame(
        {
            "team": np.repeat(np.asarray(teams)[present], len(months)),
            "month": np.tile(months, present.sum()),
            "value": counts[present].ravel(),
        }
    )
    whole = pd.DataFrame({"team": "All", "month": months, "value": counts.sum(axis=0)})
    both = pd.concat([by_team, whole], ignore_index=True)
    return both.assign(
        measure_id="open_assessments_over_45wd", numerator=np.nan, denominator=np.nan
    )


def pandas_from_csv(path: Path) -> pd.DataFrame:
    """The baseline as a script runs it: read the extract, then compute."""
    frame = pd.read_csv(
        path,
        parse_dates=["start_date", "authorised_date"],
        dtype={"child_id": str, "team": "category"},
    )
    return pandas_figures(frame)


def agree(sql: pd.DataFrame, base: pd.DataFrame) -> int:
    """How many figures differ between the two (0 when they agree)."""
    key = ["measure_id", "month", "team"]
    both = sql.merge(base, on=key, how="outer", suffixes=("_sql", "_pd"), indicator=True)
    missing = int((both["_merge"] != "both").sum())
    close = np.isclose(both["value_sql"], both["value_pd"], rtol=0, atol=1e-9, equal_nan=True)
    return missing + int((~close & (both["_merge"] == "both")).sum())


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        started = time.perf_counter()
        frame = w2_records()
        made = time.perf_counter() - started
        loaded = build(tmp / "w2.duckdb", frame)
        csv_path = tmp / "list4.csv"
        table = pa.Table.from_pandas(frame[["child_id", "start_date", "authorised_date", "team"]])
        pacsv.write_csv(table, csv_path)
        print(
            f"W2 built: {len(frame):,} assessment records, {frame['team'].nunique():,} teams "
            f"({made:.1f} s to make, {loaded:.1f} s to load into DuckDB)"
        )
        with db.connect(tmp / "w2.duckdb", migrate_schema=False) as con:
            with db.transaction(con) as cur:  # the load that brought the records computed them
                assessments.recompute(cur, TODAY)
        cold, warm = sql_once(tmp / "w2.duckdb")
        sql = sql_figures(tmp / "w2.duckdb")
        base_times = []
        for _ in range(3):
            started = time.perf_counter()
            base = pandas_figures(frame)
            base_times.append(time.perf_counter() - started)
        memory = statistics.median(base_times)
        started = time.perf_counter()
        pandas_from_csv(csv_path)
        from_csv = time.perf_counter() - started
        differ = agree(sql, base)

    print(f"figures: {len(sql):,} (month x team x measure); SQL and pandas differ on {differ}")
    print(f"{'what':<50}{'seconds':>9}{'vs SQL first':>14}{'vs SQL warm':>13}")
    rows = [
        ("SQL (DuckDB), first run after opening the file", cold),
        ("SQL (DuckDB), warm (median of 3)", warm),
        ("pandas + busday_count, in memory (median of 3)", memory),
        ("pandas + busday_count, reading the CSV first", from_csv),
    ]
    for label, seconds in rows:
        print(f"{label:<50}{seconds:>9.2f}{seconds / cold:>13.1f}x{seconds / warm:>12.1f}x")
    for name, base_s in (("reading the CSV first", from_csv), ("in memory", memory)):
        ratio = base_s / cold
        verdict = "meets" if ratio >= GOAL else "misses"
        print(
            f"goal >= {GOAL:.0f}x, baseline {name}: {ratio:.1f}x against SQL's first run "
            f"({verdict}), {base_s / warm:.1f}x warm"
        )
    return 0 if differ == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
