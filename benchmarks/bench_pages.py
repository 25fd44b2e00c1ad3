"""Scorecard and measure-page data: DuckDB (cold and cached) against a naive pandas app.

Run: `python -m benchmarks.bench_pages` (or `python dev.py bench`). Prints seconds and the ratio
pandas / DuckDB for each workload; compare ratios, not seconds (shared, noisy machines).
The baseline is what a naive Streamlit app would do on each rerun: read the extracts from CSV
with pandas, filter, join the target in force (merge_asof) and compute RAG.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from benchmarks import workloads
from benchmarks.timing import timed
from cib import db, measures, reports

MONTH = dt.date(2018, 3, 1)
MEASURE = "assessments_within_45wd_pct"


def duck_cold(path: Path, what: Callable[[db.Cursor], object]) -> Callable[[], object]:
    """Open the file afresh (empty buffer pool) and run the page's queries."""

    def run() -> object:
        con = db.connect(path, migrate_schema=False)
        try:
            with con.cursor() as cur:
                return what(cur)
        finally:
            con.close()

    return run


def pandas_scorecard(csv_dir: Path) -> pd.DataFrame:
    """The naive app: read both CSVs, take the month's whole-council rows, attach targets, RAG."""
    obs = pd.read_csv(csv_dir / "observations.csv", parse_dates=["month"])
    tgt = pd.read_csv(csv_dir / "targets.csv", parse_dates=["effective_from"])
    now = obs[(obs["team"] == "All") & (obs["month"] == pd.Timestamp(MONTH))]
    before = pd.Timestamp(MONTH) - pd.DateOffset(months=1)
    prev = obs[(obs["team"] == "All") & (obs["month"] == before)]
    live = tgt[tgt["effective_from"] <= pd.Timestamp(MONTH)].sort_values("effective_from")
    live = live.groupby("measure_id").tail(1)
    previous = prev[["measure_id", "value"]].rename(columns={"value": "previous"})
    card = now.merge(live, on="measure_id", how="left")
    card = card.merge(previous, on="measure_id", how="left")
    cat = {m.measure_id: m for m in measures.CATALOGUE}
    card["rag"] = [
        measures.rag(r.value, r.target, r.tolerance, cat[r.measure_id].polarity)
        for r in card.itertuples()
    ]
    return card


def pandas_series(csv_dir: Path) -> pd.DataFrame:
    """The naive app's measure page: read, take one measure (every team, for the small
    multiples, and the whole council), merge_asof the target, RAG."""
    obs = pd.read_csv(csv_dir / "observations.csv", parse_dates=["month"])
    tgt = pd.read_csv(csv_dir / "targets.csv", parse_dates=["effective_from"])
    s = obs[obs["measure_id"] == MEASURE].sort_values("month")
    t = tgt[tgt["measure_id"] == MEASURE].sort_values("effective_from")
    s = pd.merge_asof(s, t.drop(columns="measure_id"), left_on="month", right_on="effective_from")
    s["tolerance"] = s["tolerance"].fillna(5.0)
    s["rag"] = measures.rag_many(s["value"], s["target"], s["tolerance"], "up", 1)
    return s.sort_values(["team", "month"])


def scorecard_page(cur: db.Cursor) -> object:
    """Everything the overview asks the database for."""
    return reports.scorecard(cur, MONTH), reports.sparklines(cur, MONTH)


def measure_page(cur: db.Cursor) -> object:
    """Everything the measure page asks the database for."""
    return reports.measure_series(cur, MEASURE), reports.measure_series_by_team(cur, MEASURE)


def bench(name: str, path: Path, csv_dir: Path) -> list[tuple[str, float, float, float]]:
    """Cold and warm DuckDB timings, and the pandas baseline, for both pages."""
    rows = []
    for page, what, baseline in [
        ("scorecard", scorecard_page, pandas_scorecard),
        ("measure", measure_page, pandas_series),
    ]:
        cold = timed(duck_cold(path, what))
        con = db.connect(path, migrate_schema=False)
        with con.cursor() as cur:
            what(cur)
            warm = timed(lambda cur=cur, what=what: what(cur))
        con.close()
        base = timed(lambda baseline=baseline: baseline(csv_dir), repeat=3)
        rows.append((f"{name} {page}", cold, warm, base))
    return rows


def export_w1_csv(path: Path, csv_dir: Path) -> None:
    """The W1 data as the CSV extracts the pandas baseline reads."""
    from cib import demo

    csv_dir.mkdir(parents=True, exist_ok=True)
    demo.observations().to_csv(csv_dir / "observations.csv", index=False)
    demo.targets().to_csv(csv_dir / "targets.csv", index=False)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        w1 = workloads.w1(tmp / "w1.duckdb")
        export_w1_csv(w1, tmp / "w1csv")
        w2, build = workloads.w2(tmp / "w2.duckdb", tmp / "w2csv")
        with db.connect(w2, migrate_schema=False) as con:
            n = db.scalar(con.cursor(), "fct_observation_count")
        print(f"W2 built: {n:,} observations in {build:.1f} s")
        rows = bench("W1", w1, tmp / "w1csv") + bench("W2", w2, tmp / "w2csv")
    print(f"{'workload / page':<16}{'duckdb cold s':>15}{'duckdb warm s':>15}{'pandas s':>11}"
          f"{'ratio cold':>12}{'ratio warm':>12}")  # fmt: skip
    for label, cold, warm, base in rows:
        print(f"{label:<16}{cold:>15.4f}{warm:>15.4f}{base:>11.4f}{base / cold:>11.1f}x"
              f"{base / warm:>11.1f}x")  # fmt: skip
    w2_cold = next(r[1] for r in rows if r[0] == "W2 scorecard")
    verdict = "meets" if w2_cold <= 1.0 else "MISSES"
    print(f"goal: W2 scorecard data <= 1 s cold: {w2_cold:.3f} s ({verdict})")
    print("(cached: pages call these through st.cache_data, so a repeat view costs a dict lookup)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
