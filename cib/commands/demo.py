"""`python -m cib demo`: build the demo database."""

from __future__ import annotations

import argparse

from cib import db, demo
from cib.commands.common import add_db_option, open_db
from cib.errors import CibError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the demo subcommand."""
    p = sub.add_parser(
        "demo",
        help="fill a database with the demo data",
        description="Create (or refill) a database with the deterministic demo data: a council "
        "judged inadequate in Jan 2016, Apr 2015 - Mar 2018, 8 teams. Refuses a database that "
        "already holds other data unless --replace is given.",
    )
    add_db_option(p)
    p.add_argument(
        "--replace", action="store_true", help="delete every figure and target first, then load"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Seed the demo; one summary line."""
    con = open_db(args)
    try:
        with con.cursor() as cur:
            empty = db.scalar(cur, "chk_database_empty")
        if not empty:
            if not args.replace:
                raise CibError(
                    "the database already holds data; use --replace to clear it and load the demo"
                )
            demo.clear(con)
        upload_id = demo.seed(con)
        with con.cursor() as cur:
            n = db.scalar(cur, "fct_upload_row_count", upload_id=upload_id)
    finally:
        con.close()
    print(f"demo loaded: {n} monthly figures and targets (upload {upload_id})")
    return 0
