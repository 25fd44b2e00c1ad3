"""Options and output shared by the subcommands."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

import pandas as pd

from cib import config, db


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """--db PATH: use this database file and no other (created and migrated if new)."""
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        metavar="PATH",
        help="DuckDB file to use (default: $CIB_DB, else data/cib.duckdb); created if new",
    )


def open_db(args: argparse.Namespace) -> db.Connection:
    """Open the database the command was pointed at (an analyst-readable error if it can't)."""
    return db.connect(args.db if args.db is not None else config.db_path())


def add_format_option(parser: argparse.ArgumentParser) -> None:
    """--format csv|json."""
    parser.add_argument("--format", choices=["csv", "json"], default="csv", help="output format")


def write_table(frame: pd.DataFrame, fmt: str, out: TextIO | None = None) -> None:
    """Print a table as CSV (header first) or as a JSON list of objects; missing is empty/null."""
    out = out or sys.stdout
    if fmt == "json":
        records = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
        json.dump(records, out, indent=2, default=str)
        out.write("\n")
    else:
        frame.to_csv(out, index=False, lineterminator="\n")
