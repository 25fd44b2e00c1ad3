"""Board pack export: seconds for each format for one month, against the 30 s budget.

Run: `python -m benchmarks.bench_export` (or `python dev.py bench`). For W1 (the demo council,
with its improvement plan) and W2 (153 councils x 10 years, about 2.2M observations, the
board month's figures found among all of them) it times reading the month (gather: scorecard,
series, SPC, plan), then building and writing each format from a cold database connection, the
way the command line does. Prints the median of a few runs and the ratio to the budget.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from benchmarks import workloads
from benchmarks.timing import timed
from cib import board, db, demo_plan, export, plan_store

BUDGET_SECONDS = 30.0
W1_MONTH = dt.date(2018, 3, 1)
W2_MONTH = dt.date(2025, 3, 1)


def with_plan(path: Path) -> Path:
    """Add the demo improvement plan (35 actions, monthly updates) to a database."""
    con = db.connect(path)
    with db.transaction(con) as cur:
        if plan_store.actions(cur).empty:
            demo_plan.seed_plan(cur, db.scalar(cur, "load_upload_demo"))
    con.close()
    return path


def gather(path: Path, month: dt.date) -> board.Board:
    """Open the file afresh and read and build one month's board."""
    con = db.connect(path, migrate_schema=False)
    try:
        with con.cursor() as cur:
            return board.build(board.gather(cur, month))
    finally:
        con.close()


def bench(name: str, path: Path, month: dt.date, out: Path) -> list[tuple[str, float, int]]:
    """(label, seconds, bytes) for gathering the month and for each format end to end."""
    rows = [(f"{name} read month", timed(lambda: gather(path, month), repeat=3), 0)]
    for fmt in export.FORMATS:
        target = out / f"{name}.{fmt}"
        seconds = timed(lambda fmt=fmt, target=target: export.write(gather(path, month), fmt,
                                                                  target), repeat=3)  # fmt: skip
        rows.append((f"{name} {fmt}", seconds, target.stat().st_size))
    return rows


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        w1 = with_plan(workloads.w1(tmp / "w1.duckdb"))
        w2, build = workloads.w2(tmp / "w2.duckdb")
        with_plan(w2)
        print(f"W2 built in {build:.1f} s")
        rows = bench("W1", w1, W1_MONTH, tmp) + bench("W2", w2, W2_MONTH, tmp)
    print(f"{'workload / step':<20}{'seconds':>10}{'size KB':>10}{'of budget':>12}")
    for label, seconds, size in rows:
        kb = f"{size / 1024:,.0f}" if size else ""
        print(f"{label:<20}{seconds:>10.2f}{kb:>10}{seconds / BUDGET_SECONDS:>11.1%}")
    worst = max(seconds for label, seconds, _ in rows if "read" not in label)
    verdict = "meets" if worst < BUDGET_SECONDS else "MISSES"
    print(f"goal: each export < {BUDGET_SECONDS:.0f} s: slowest {worst:.2f} s, ratio "
          f"{worst / BUDGET_SECONDS:.3f} of the budget ({verdict})")  # fmt: skip
    return 0 if worst < BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
