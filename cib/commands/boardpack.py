"""`python -m cib boardpack`: a month's board pack as PPTX, PDF or self-contained HTML."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from cib import board, export, reports
from cib.commands.common import add_db_option, open_db
from cib.errors import CibError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the boardpack subcommand."""
    p = sub.add_parser(
        "boardpack",
        help="write a month's board pack (pptx, pdf or html)",
        description="Write the board pack for a month: a title, the summary (measures on "
        "target, improving or deteriorating; exceptions; what changed since last month), the "
        "scorecard, a page per area with each measure's chart, the improvement plan and an "
        "appendix of definitions. The numbers are the dashboard's. PPTX has editable native "
        "charts; HTML is one file that works offline. --publication suppresses counts under "
        "5, and percentages and changes built on them, for public council papers.",
    )
    p.add_argument("--month", required=True, metavar="YYYY-MM", help="the board month")
    p.add_argument(
        "--format",
        choices=export.FORMATS,
        default=None,
        help="pptx, pdf or html (default: from the --out file's extension)",
    )
    p.add_argument("--out", required=True, type=Path, metavar="FILE", help="file to write")
    p.add_argument(
        "--publication",
        action="store_true",
        help="suppress counts under 5 (and percentages built on them) for public papers",
    )
    add_db_option(p)
    p.set_defaults(func=run)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    suffix = args.out.suffix.lower().lstrip(".")
    if suffix in export.FORMATS:
        return suffix
    raise CibError(f'cannot tell the format from "{args.out.name}"; add --format pptx, pdf or html')


def run(args: argparse.Namespace) -> int:
    """Build the pack and write it; one summary line on stdout."""
    started = time.perf_counter()
    month = board.parse_month(args.month)
    fmt = _format(args)
    out = args.out
    if out.exists() and out.is_dir():
        raise CibError(
            f"{out} is a folder; give a file name, e.g. {out / export.file_name(args.month, fmt)}"
        )
    if not out.parent.exists():
        raise CibError(f"the folder {out.parent} does not exist; create it or choose another")
    con = open_db(args)
    try:
        with con.cursor() as cur:
            months = reports.months(cur)
            if not months:
                raise CibError("the database has no figures yet; load a monthly extract first")
            if month not in months:
                raise CibError(
                    f"no whole-council figures for {args.month}; months with figures run from "
                    f"{min(months):%Y-%m} to {max(months):%Y-%m}"
                )
            built = board.build(board.gather(cur, month, args.publication))
    finally:
        con.close()
    try:
        size = export.write(built, fmt, out)
    except OSError as err:
        raise CibError(f"cannot write {out}: {err.strerror or err}") from None
    kind = "publication " if args.publication else ""
    print(
        f"board pack for {month:%Y-%m} written to {out} ({kind}{fmt}, {size / 1024:,.0f} KB, "
        f"{time.perf_counter() - started:.1f} s)"
    )
    return 0
