"""Header names matched regardless of case, spacing and punctuation, with known aliases."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise(header: str) -> str:
    """'Value (%)', 'VALUE', ' value_' -> 'value': case, spaces, punctuation, units ignored."""
    text = header.replace("\xa0", " ").casefold()
    key = _NOT_ALNUM.sub("", _PARENTHESES.sub("", text))
    # A header that is all unit, e.g. '(%)', keeps what is inside rather than becoming blank
    return key or _NOT_ALNUM.sub("", text)


@dataclass(frozen=True)
class Column:
    """A column a kind of file has: its name, whether it must be there, other names it goes by."""

    name: str
    required: bool = True
    aliases: tuple[str, ...] = ()
    description: str = ""
    example: str = ""

    def keys(self) -> set[str]:
        """Every normalised header that means this column."""
        return {normalise(self.name), *(normalise(a) for a in self.aliases)}


# The catalogue's measure id, as the measures and targets extracts both name it.
MEASURE_ID = Column(
    "measure_id",
    aliases=("measure", "measure code", "kpi", "kpi code", "kpi id", "indicator"),
    description="The measure's id from the catalogue",
    example="assessments_within_45wd_pct",
)


@dataclass
class HeaderMatch:
    """Which file column (by position) holds each known column, and what did not match."""

    found: dict[str, int]  # column name -> position in the table
    unknown: list[int]  # positions of columns with a header no column answers to
    unnamed: list[int]  # positions of columns with values but no header
    repeated: list[tuple[int, str]]  # (position, column name) of a second column for one name

    def recognised(self) -> int:
        """How many of the file's columns this kind knows."""
        return len(self.found) + len(self.repeated)


def match(headers: list[str], columns: tuple[Column, ...]) -> HeaderMatch:
    """Match a file's headers to a kind's columns."""
    lookup: dict[str, str] = {}
    for column in columns:
        for key in column.keys():
            lookup.setdefault(key, column.name)
    found: dict[str, int] = {}
    unknown, unnamed, repeated = [], [], []
    for i, header in enumerate(headers):
        if not header:
            unnamed.append(i)
            continue
        name = lookup.get(normalise(header))
        if name is None:
            unknown.append(i)
        elif name in found:
            repeated.append((i, name))
        else:
            found[name] = i
    return HeaderMatch(found, unknown, unnamed, repeated)
