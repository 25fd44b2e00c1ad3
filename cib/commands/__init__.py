"""Subcommands of `python -m cib`: each module has register(subparsers) and run(args) -> int."""
