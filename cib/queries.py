"""Named SQL: each query lives in queries/<name>.sql, one statement a file."""

from __future__ import annotations

import re
from functools import cache

from cib.config import QUERIES_DIR

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


@cache
def load(name: str) -> str:
    """The text of queries/<name>.sql."""
    if not _NAME.match(name):
        raise ValueError(f"query names are snake_case: {name!r}")
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


@cache
def parameters(name: str) -> frozenset[str]:
    """The $named parameters a query takes."""
    text = "\n".join(
        line.split("--", 1)[0] for line in load(name).splitlines()
    )  # a $word in a comment is not a parameter
    return frozenset(_PARAM.findall(text))


def names(prefix: str) -> list[str]:
    """Every query whose name starts with prefix, in name order."""
    return sorted(p.stem for p in QUERIES_DIR.glob(f"{prefix}*.sql"))
