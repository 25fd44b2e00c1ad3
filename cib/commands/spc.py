"""`python -m cib spc`: XmR limits, special-cause rules and MDC icons for a series, as JSON."""

from __future__ import annotations

import argparse
import json
import re
import sys

from cib import reports, spc, spc_store
from cib.commands.common import add_db_option, open_db
from cib.config import ALL_TEAMS
from cib.errors import CibError

_SEPARATORS = re.compile(r"[,\s;]+")
_NEGATIVE_LIST = re.compile(r"^-\d*\.?\d+%?([,;\s]+-?(\d*\.?\d+%?)?)*,?$")

EPILOG = """\
Output: JSON with the mean and process limits (upl, lpl) of the last segment, one entry per
point (0-based, in order) with the rules fired (beyond_limit, shift, trend, two_in_three), the
variation icon (common_cause, improvement_high, improvement_low, concern_high, concern_low,
neither_high, neither_low, none) and the assurance icon (pass, fail, hit_and_miss, none).
With fewer than 15 values the chart is a run chart: no limits, no flags, both icons none.
Missing values may be written as an empty item or NA (e.g. 1,,3): they keep their position but
are left out of the calculation.

Examples:
  python -m cib spc --values 1,2,1,2,10,1,2,1,2,1,2,1,2,1,2,1,2,1
  python -m cib spc --values "70, 72, 75" --polarity up --target 83
  python -m cib spc --values 5 6 7 8 --rebase-at 2 --screen
  python -m cib spc --measure assessments_within_45wd_pct --db data/cib.duckdb
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `spc` subcommand."""
    parser = subparsers.add_parser(
        "spc",
        help="SPC (Making Data Count) analysis of a series of values, printed as JSON",
        description="Statistical process control by NHS England's Making Data Count method: "
        "XmR chart limits, special-cause rules and the variation and assurance icons.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--values",
        nargs="+",
        metavar="V",
        help="the series, oldest first: comma- or space-separated numbers (1,2,3 or 1 2 3)",
    )
    source.add_argument(
        "--measure",
        metavar="ID",
        help="instead of --values: a measure in the database (--db), with its polarity, "
        "target trajectory and stored rebases",
    )
    parser.add_argument(
        "--team", default=ALL_TEAMS, help="with --measure: the team (default: All, the council)"
    )
    parser.add_argument(
        "--polarity",
        choices=spc.POLARITIES,
        default=None,
        help="up = higher is better, down = lower is better (default: neither, or the "
        "measure's own with --measure)",
    )
    parser.add_argument(
        "--target",
        default=None,
        metavar="T",
        help="the target (one number, or one a point separated by commas for a trajectory)",
    )
    parser.add_argument(
        "--screen",
        action="store_true",
        help="screen out moving ranges above 3.267 x their mean before setting the limits "
        "(off by default, as in the MDC tools)",
    )
    parser.add_argument(
        "--rebase-at",
        action="append",
        default=[],
        metavar="N",
        help="0-based position of the first point of a new segment with its own limits "
        "(repeatable)",
    )
    parser.add_argument(
        "--shift-points",
        default="7",
        metavar="K",
        help="points in a row on one side of the mean that make a shift (6-8, default 7)",
    )
    parser.add_argument(
        "--trend-points",
        default="7",
        metavar="K",
        help="points rising or falling in a row that make a trend (5-8, default 7)",
    )
    add_db_option(parser)  # read only with --measure
    # argparse reads "-1,2,3" as an unknown option; a list that starts negative is a value.
    parser._negative_number_matcher = _NEGATIVE_LIST
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Analyse the values (or a stored measure) and print the result as JSON."""
    if args.measure is not None:
        return _run_measure(args)
    values = parse_numbers(args.values, "--values")
    if not any(v is not None for v in values):
        raise CibError("--values: give at least one number, e.g. --values 1,2,3.")
    target = _target(args.target, len(values))
    result = spc.analyse(
        values,
        polarity=args.polarity or "neither",
        target=target,
        screen=args.screen,
        rebase_at=_rebase_at(args),
        **_rule_settings(args),
    )
    _print(result.to_dict())
    return 0


def _run_measure(args: argparse.Namespace) -> int:
    con = open_db(args)
    try:
        with con.cursor() as cur:
            m = reports.measure(cur, args.measure)
            series = reports.measure_series(cur, args.measure, args.team)
            stored = spc_store.rebases(cur, args.measure)
    finally:
        con.close()
    if series.empty:
        raise CibError(f'there are no figures for "{args.measure}" (team {args.team}).')
    target = _target(args.target, len(series))
    if target is None:
        target = series["target"].tolist()
    positions = spc.rebase_indices(series["month"], stored["month"])
    result = spc.analyse(
        series["value"].tolist(),
        polarity=args.polarity or m.polarity,
        target=target,
        screen=args.screen,
        rebase_at=sorted({*positions, *_rebase_at(args)}),
        **_rule_settings(args),
    )
    out = {"measure_id": m.measure_id, "team": args.team, **result.to_dict()}
    for point, month in zip(out["points"], series["month"], strict=True):
        point["month"] = f"{month:%Y-%m}"
    out["rebase_months"] = [f"{month:%Y-%m}" for month in stored["month"]]
    _print(out)
    return 0


def _print(payload: dict) -> None:
    sys.stdout.write(json.dumps(payload, indent=2) + "\n")


def _rule_settings(args: argparse.Namespace) -> dict[str, int]:
    return {
        "shift_points": _whole(args.shift_points, "--shift-points"),
        "trend_points": _whole(args.trend_points, "--trend-points"),
    }


def _rebase_at(args: argparse.Namespace) -> list[int]:
    return [_whole(item, "--rebase-at") for raw in args.rebase_at for item in _split(raw)]


def _target(text: str | None, n: int) -> float | list[float | None] | None:
    """One target, or one a value (a trajectory)."""
    target = None
    if text is not None:
        targets = parse_numbers([text], "--target")
        if len(targets) == 1:
            target = targets[0]
        elif len(targets) == n:
            target = targets
        else:
            raise CibError(f"--target: give one number, or one a value ({n}); got {len(targets)}.")
    return target


def parse_numbers(items: list[str], option: str) -> list[float | None]:
    """Numbers from comma/space-separated text; an empty item or NA is a missing value."""
    text = ",".join(items)
    parts = [p.strip() for p in re.split(r"[,;]", text)]
    parts = [q for p in parts for q in (p.split() or [""])]
    if parts and parts[-1] == "":
        parts = parts[:-1]  # a trailing comma adds nothing
    out: list[float | None] = []
    for i, part in enumerate(parts, start=1):
        if part.upper() in {"", "NA", "N/A", "NAN", "NULL"}:
            out.append(None)
            continue
        try:
            number = float(part.rstrip("%"))
        except ValueError:
            raise CibError(
                f"{option}: item {i} ({part!r}) is not a number. Use numbers separated by "
                "commas, e.g. 1,2,3.5 (leave an item empty for a missing month)."
            ) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise CibError(f"{option}: item {i} ({part!r}) is not a finite number.")
        out.append(number)
    return out


def _split(text: str) -> list[str]:
    return [p for p in _SEPARATORS.split(text.strip()) if p]


def _whole(text: str, option: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise CibError(f"{option}: {text!r} is not a whole number.") from None
