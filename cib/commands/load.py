"""`python -m cib load KIND FILE`: validate an extract and load it, all or nothing."""

from __future__ import annotations

import argparse
import getpass
import sys
import textwrap
from pathlib import Path

from cib import ingest
from cib.commands.common import add_db_option, open_db
from cib.errors import CibError

EPILOG = """\
The file is CSV (UTF-8, UTF-8 with BOM or Windows-1252; comma or semicolon) or an Excel
workbook (.xlsx: the first sheet, or --sheet NAME), judged by its content, not its name.
Column headers match whatever their case, spacing or punctuation. Every problem is listed
(the first 50 and the count) and nothing is loaded unless the whole file is good. Loading
the same file again changes nothing ("already loaded"). Each load is logged with who, when,
the file's name and SHA-256, and the rows added, replaced and unchanged; the Upload page
can undo it.

A database file that does not exist yet is created with an empty schema (no demo data).

Kinds and their columns:
{kinds}

Examples:
  python -m cib load measures extract_2016_08.csv --user "A Analyst"
  python -m cib load targets targets.xlsx --sheet Targets --db data/cib.duckdb
  python -m cib load auto extract.csv --check
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `load` subcommand."""
    kinds = "\n".join(
        textwrap.fill(
            f"{k.name}: {k.column_list()}", width=92, initial_indent="  ", subsequent_indent="    "
        )
        for k in ingest.kinds().values()
    )
    parser = subparsers.add_parser(
        "load",
        help="validate an extract (CSV or XLSX) and load it into the database, all or nothing",
        description="Validate an extract and load it in one transaction: all of it or nothing.",
        epilog=EPILOG.format(kinds=kinds),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "kind",
        metavar="KIND",
        help=f"what the file holds: {', '.join(ingest.kinds())}, or {ingest.AUTO} "
        "to tell from its columns",
    )
    parser.add_argument("file", metavar="FILE", type=Path, help="the CSV or XLSX file")
    add_db_option(parser)
    parser.add_argument(
        "--user",
        metavar="NAME",
        default=None,
        help="who is loading it, for the upload log (default: your login name)",
    )
    parser.add_argument("--sheet", metavar="NAME", default=None, help="the workbook sheet to read")
    parser.add_argument(
        "--progress",
        action="store_true",
        help="report each stage on stderr as it starts (for large files)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="validate and show what would change, but load nothing",
    )
    parser.set_defaults(func=run)


def _user(args: argparse.Namespace) -> str:
    if args.user and args.user.strip():
        return args.user.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CibError(f"there is no file {path}") from None
    except IsADirectoryError:
        raise CibError(f"{path} is a folder, not a file (expected a CSV or XLSX file)") from None
    except OSError as err:
        raise CibError(f"cannot read {path}: {err.strerror}") from None


def _report(fraction: float, stage: str) -> None:
    print(f"progress: {fraction:4.0%} {stage}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    """Load the file; one summary line on success, the problems on stderr otherwise."""
    ingest.pipeline.resolve_kind(args.kind)  # an unknown kind fails before opening anything
    data = _read(args.file)
    user = _user(args)
    progress = _report if args.progress else None
    con = open_db(args)
    try:
        if args.check:
            checked = ingest.check(
                con,
                data,
                args.file.name,
                args.kind,
                sheet=args.sheet,
                user_name=user,
                progress=progress,
            )
            print(_check_summary(checked))
            return 0
        result = ingest.load_file(
            con, data, args.file.name, args.kind, user, sheet=args.sheet, progress=progress
        )
        print(result.summary())
        return 0
    finally:
        con.close()


def _check_summary(checked: ingest.Checked) -> str:
    if checked.already:
        return f"already loaded: {checked.file_name} is upload {checked.already.upload_id}"
    p = checked.preview
    return (
        f"checked {checked.file_name} ({checked.kind.name}, {checked.rows:,} rows): would add "
        f"{p.added:,}, replace {p.replaced:,}, leave {p.unchanged:,} unchanged; nothing loaded"
    )
