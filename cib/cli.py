"""`python -m cib`: one entry point, a subcommand per job."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback

from cib.errors import CibError

# Each module in cib.commands registers one subcommand; listed here to fix the --help order.
COMMANDS = ["demo", "measure", "load", "spc", "comparators", "boardpack"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand that is installed."""
    parser = argparse.ArgumentParser(
        prog="python -m cib",
        description="Children's Improvement Board dashboard: data, checks and exports.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"cib.commands.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"cib.commands.{name}":
                raise
            continue  # not built yet
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; analyst-facing errors go to stderr with a non-zero exit."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CibError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as err:  # noqa: BLE001 - an analyst gets a sentence, not a traceback
        if os.environ.get("CIB_DEBUG"):
            traceback.print_exc()
        print(
            f"error: unexpected problem ({type(err).__name__}: {err}). Nothing further was "
            "changed. Set CIB_DEBUG=1 to see the details, and report it to the dashboard team.",
            file=sys.stderr,
        )
        return 1
