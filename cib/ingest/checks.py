"""Checks several kinds share: measure ids, blank cells, repeated keys."""

from __future__ import annotations

import difflib
from collections.abc import Callable

import numpy as np
import pandas as pd

from cib.config import ALL_TEAMS
from cib.ingest.kinds import Context, Incoming


def fmt(x: float) -> str:
    """A number in a message: 80, 83.4, 0.125."""
    if float(x).is_integer():
        return f"{int(x):d}"
    return f"{x:.4f}".rstrip("0").rstrip(".")


def per_row(mask: np.ndarray, make: Callable[..., str], *columns: np.ndarray) -> np.ndarray:
    """A message for each flagged row, made from that row's values (None elsewhere)."""
    messages = np.full(len(mask), None, dtype=object)
    where = np.flatnonzero(mask)
    if len(where):
        messages[where] = [
            make(*values) for values in zip(*(c[where] for c in columns), strict=True)
        ]
    return messages


def measure_ids(incoming: Incoming, ctx: Context, column: str = "measure_id") -> pd.Series:
    """Lower-cased measure ids; blank and unknown ones flagged (with the closest known id)."""
    ids = incoming.text(column).str.lower()
    known = ctx.catalogue["measure_id"].tolist()
    example = known[0] if known else "assessments_within_45wd_pct"
    empty = (ids == "").to_numpy()
    incoming.flag(column, empty, f"is empty (expected a measure id such as {example})")
    unknown = ~empty & ~ids.isin(known).to_numpy()
    if unknown.any():
        codes, distinct = pd.factorize(ids)
        hints = np.array([_suggest(t, known) for t in distinct] + [""], dtype=object)
        incoming.flag(column, unknown, hints[codes])
    return ids


def _suggest(measure_id: str, known: list[str]) -> str:
    close = difflib.get_close_matches(measure_id, known, n=1, cutoff=0.6)
    if close:
        return (
            "is not a known measure id (expected an id from the catalogue: did you mean "
            f'"{close[0]}"?)'
        )
    return "is not a known measure id (expected an id from the measure catalogue)"


def units(ids: pd.Series, ctx: Context) -> np.ndarray:
    """The unit ('%', 'count', 'days', 'rate') of each row's measure; None if unknown."""
    lookup = dict(zip(ctx.catalogue["measure_id"], ctx.catalogue["unit"], strict=True))
    codes, distinct = pd.factorize(ids)
    return np.array([lookup.get(i) for i in distinct] + [None], dtype=object)[codes]


def teams(incoming: Incoming, column: str = "team") -> pd.Series:
    """Team names as written (trimmed); blank or 'all' in any case means the whole council."""
    text = incoming.text(column)
    whole = (text == "") | (text.str.lower() == ALL_TEAMS.lower())
    return text.where(~whole, ALL_TEAMS)


def repeated_keys(
    incoming: Incoming,
    frame: pd.DataFrame,
    key: list[str],
    usable: np.ndarray,
    what: str,
    *,
    column: str | None = None,
    message: Callable[[int, pd.Series], str] | None = None,
) -> None:
    """Flag every row whose key an earlier row already used (only rows whose key parsed).

    `column` names the column the problem is reported on (None: the row); `message(first_row,
    key_values)` words it, by default "repeats row N: the same <what> (expected each ... once)".
    """
    candidates = frame.loc[usable, key]
    if candidates.empty:
        return
    dup = candidates.duplicated(keep=False)
    if not dup.any():
        return
    rows = pd.Series(incoming.rows[usable], index=candidates.index)
    group_first = (
        rows[dup].groupby([candidates.loc[dup, k] for k in key], sort=False).transform("min")
    )
    later = group_first[rows[dup] != group_first]
    mask = np.zeros(len(frame), dtype=bool)
    mask[later.index.to_numpy()] = True
    messages = np.full(len(frame), None, dtype=object)
    if message is None:
        messages[later.index.to_numpy()] = [
            f"repeats row {first}: the same {what} (expected each {what} once)" for first in later
        ]
    else:
        values = frame.loc[later.index, key]
        messages[later.index.to_numpy()] = [
            message(first, values.loc[i]) for i, first in later.items()
        ]
    incoming.flag(column, mask, messages)
