"""Loading a 1M-row measures extract through the upload pipeline, against bare DuckDB read_csv.

Run: `python -m benchmarks.bench_load [--rows N]`. Prints rows/s for the pipeline (read, check
every row, preview, load in one transaction with history and data checks) and for DuckDB's own
`create table ... as select * from read_csv(...)` on the same file in the same process, and
the ratio between them. Each is the best of --repeat runs on a fresh database file, taken in
turn, so a busy moment on the (shared, noisy) machine hits both alike. Compare ratios.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np

from cib import db, ingest
from cib.measures import CATALOGUE

WORK = Path(__file__).resolve().parent / ".work"


def extract(path: Path, rows: int, shift: float = 0.0) -> None:
    """A realistic monthly extract: every measure x 96 months x enough teams, all valid."""
    months = [f"{y}-{m:02d}" for y in range(2010, 2018) for m in range(1, 13)]
    per_team = len(CATALOGUE) * len(months)
    teams = -(-rows // per_team)
    rng = np.random.default_rng(2016)
    lines = ["measure_id,month,team,numerator,denominator,value"]
    for t in range(teams):
        den = rng.integers(20, 400, per_team)
        num = (den * rng.uniform(0.3, 0.95, per_team)).astype(int)
        i = 0
        for m in CATALOGUE:
            for month in months:
                if m.unit == "%":
                    value = 100.0 * num[i] / den[i]
                    lines.append(f"{m.measure_id},{month},Team {t},{num[i]},{den[i]},{value:.4f}")
                else:
                    lines.append(f"{m.measure_id},{month},Team {t},,,{num[i] + shift}")
                i += 1
    path.write_text("\n".join(lines[: rows + 1]) + "\n", encoding="utf-8")


def baseline(path: Path, folder: Path) -> float:
    """Seconds for DuckDB's bare read_csv into a table (no checks, no history, no log)."""
    (folder / "baseline.duckdb").unlink(missing_ok=True)
    con = duckdb.connect(str(folder / "baseline.duckdb"))
    started = time.perf_counter()
    con.execute("create table t as select * from read_csv(?, header = true)", [str(path)])
    con.commit()
    seconds = time.perf_counter() - started
    assert con.execute("select count(*) from t").fetchone()[0] > 0
    con.close()
    return seconds


def pipeline(path: Path, con: db.Connection) -> tuple[float, dict[str, float], object]:
    """Seconds for the whole upload pipeline, and the time each stage took."""
    marks: list[tuple[str, float]] = []
    started = time.perf_counter()
    result = ingest.load_file(
        con,
        path.read_bytes(),
        path.name,
        "measures",
        "benchmark",
        progress=lambda _f, stage: marks.append((stage, time.perf_counter())),
    )
    seconds = time.perf_counter() - started
    stages: dict[str, float] = {}
    edges = [("start", started), *marks, ("end", started + seconds)]
    for (name, t0), (_, t1) in zip(edges, edges[1:], strict=False):
        stages[name] = stages.get(name, 0.0) + (t1 - t0)
    return seconds, stages, result


def main(argv: list[str] | None = None) -> int:
    """Build the extract, time both, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best counts")
    args = parser.parse_args(argv)
    WORK.mkdir(exist_ok=True)
    path = WORK / f"measures_{args.rows}.csv"
    if not path.exists():
        extract(path, args.rows)
    changed = WORK / f"measures_{args.rows}_changed.csv"
    if not changed.exists():
        extract(changed, args.rows, shift=1.0)  # same keys: every count figure replaced
    size_mb = path.stat().st_size / 1e6

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bases, runs = [], []
        for i in range(args.repeat):
            bases.append(baseline(path, folder))
            con = db.connect(folder / f"cib_{i}.duckdb")
            runs.append(pipeline(path, con))
            assert runs[-1][2].added == args.rows, runs[-1][2].summary()
            if i < args.repeat - 1:
                con.close()
        base = min(bases)
        seconds, stages, result = min(runs, key=lambda r: r[0])
        again = time.perf_counter()
        repeat = ingest.load_file(con, path.read_bytes(), path.name, "measures", "benchmark")
        again = time.perf_counter() - again
        assert repeat.already is not None
        replace_s, _, replaced = pipeline(changed, con)
        con.close()

    print(f"extract: {args.rows:,} rows, {size_mb:.1f} MB CSV")
    print(f"duckdb read_csv into a table: {base:6.2f} s  {args.rows / base:12,.0f} rows/s")
    print(f"upload pipeline (new rows):   {seconds:6.2f} s  {args.rows / seconds:12,.0f} rows/s")
    print(f"ratio pipeline / read_csv:    {seconds / base:6.1f} x")
    for name, s in stages.items():
        print(f"  {name:<40} {s:6.2f} s")
    print(
        f"upload pipeline (replace):    {replace_s:6.2f} s  {args.rows / replace_s:12,.0f} rows/s "
        f"({replaced.replaced:,} replaced, {replaced.unchanged:,} unchanged)"
    )
    print(f"same file again (already loaded): {again:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
