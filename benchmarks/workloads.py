"""Benchmark workloads. W1: one council, as the demo. W2: national, 153 councils x 10 years.

W2 keeps every council's rows in the one observation table (teams are prefixed by council code;
the benchmarked council's whole-council rows are team 'All'), about 2.2M observations, so the
scorecard and measure queries have to find their rows among all of them.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd

from cib import db, demo, measures

COUNCILS = 153
YEARS = 10
TEAMS_PER_COUNCIL = 7  # plus the council's whole-council row


def w1(path: Path) -> Path:
    """The demo database."""
    con = db.connect(path)
    demo.seed(con)
    con.close()
    return path


def w2_frames(seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """About 2.2M monthly observations for 153 councils over 10 years, and the demo targets."""
    rng = np.random.default_rng(seed)
    months = pd.date_range("2015-04-01", periods=12 * YEARS, freq="MS")
    ids = [m.measure_id for m in measures.CATALOGUE]
    teams = []
    for c in range(COUNCILS):
        prefix = "" if c == 0 else f"E{c:08d} "
        teams += [f"{prefix}All" if c else "All"] + [
            f"{prefix}Team {t + 1}" for t in range(TEAMS_PER_COUNCIL)
        ]
    grid = pd.MultiIndex.from_product([ids, months, teams], names=["measure_id", "month", "team"])
    frame = grid.to_frame(index=False)
    n = len(frame)
    den = rng.poisson(60, n).astype(float) + 1
    num = rng.binomial(den.astype(int), rng.uniform(0.5, 0.95, n)).astype(float)
    frame["numerator"] = num
    frame["denominator"] = den
    frame["value"] = 100 * num / den
    frame["symbol"] = None
    frame["measure_id"] = frame["measure_id"].astype(str)
    frame["team"] = frame["team"].astype(str)
    return frame, demo.targets()


def w2(path: Path, csv_dir: Path | None = None) -> tuple[Path, float]:
    """Build the W2 database (and CSV copies for the pandas baseline); returns (path, seconds)."""
    started = time.perf_counter()
    obs, targets = w2_frames()
    con = db.connect(path)
    with db.transaction(con) as cur:
        upload_id = db.scalar(cur, "load_upload_demo")
        cur.register("incoming_observations", obs)
        db.execute(cur, "load_demo_observations", upload_id=upload_id)
        cur.register("incoming_targets", targets)
        db.execute(cur, "load_demo_targets", upload_id=upload_id)
    con.close()
    if csv_dir is not None:
        csv_dir.mkdir(parents=True, exist_ok=True)
        obs.to_csv(csv_dir / "observations.csv", index=False)
        targets.to_csv(csv_dir / "targets.csv", index=False)
    return path, time.perf_counter() - started
