"""`python -m cib measure ID`: the series the measure page shows."""

from __future__ import annotations

import argparse

from cib import reports
from cib.commands.common import add_db_option, add_format_option, open_db, write_table
from cib.config import ALL_TEAMS
from cib.errors import CibError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the measure subcommand."""
    p = sub.add_parser(
        "measure",
        help="print a measure's monthly series",
        description="Print one measure's monthly series, as the Measure page shows it: month "
        "(YYYY-MM), value, numerator, denominator, target, rag (green/amber/red; empty when "
        "there is no target), then tolerance and symbol. Percentages are on the 0-100 scale.",
    )
    p.add_argument("measure_id", metavar="ID", help="measure id, e.g. assessments_within_45wd_pct")
    p.add_argument("--team", default=ALL_TEAMS, help="team name (default: All, the whole council)")
    add_db_option(p)
    add_format_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the series as CSV or JSON."""
    con = open_db(args)
    try:
        with con.cursor() as cur:
            series = reports.measure_series(cur, args.measure_id, args.team)
            if series.empty:
                teams = reports.teams(cur, args.measure_id)
                if args.team not in teams and teams:
                    raise CibError(
                        f'no figures for team "{args.team}"; teams with figures: '
                        + ", ".join(teams)
                    )
    finally:
        con.close()
    write_table(reports.cli_series(series), args.format)
    return 0
