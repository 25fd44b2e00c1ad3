"""Publication mode: hide counts under 5, and the figures built on them, before a pack goes public.

Board packs that go into public council papers must not let a reader single out a few
children. The rule (pure functions on the frames cib.reports returns):

- a count under SMALL_COUNT (0 to 4) is suppressed: a numerator or denominator, or the value of
  a 'count' measure (e.g. 4 open assessments past 45 working days);
- a percentage or rate is suppressed when its numerator or denominator is suppressed (a % of a
  small group, or a small % of a known group, gives the count away);
- a month-on-month change is suppressed when either month's figure is suppressed (the change
  and one figure give the other);
- a suppressed figure shows as SYMBOL ('c', the GSS symbol for confidential), never as a blank
  that a reader might take for 'no data'.

RAG status and direction words are kept: they say 'off target' or 'worse', not how many. Values
uploaded without a numerator and denominator carry no counts, so only 'count' measures among
them can be judged small.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

SMALL_COUNT = 5  # counts below this are suppressed
SYMBOL = "c"
NOTE = (
    f"Publication version: counts under {SMALL_COUNT}, and percentages and changes built on "
    f"them, are suppressed and shown as '{SYMBOL}'."
)
COUNT_UNITS = ("count",)


def is_small(count: object) -> bool:
    """True for a count under SMALL_COUNT (missing is not small: there is nothing to hide)."""
    if count is None or count is pd.NA:
        return False
    try:
        number = float(count)
    except (TypeError, ValueError):
        return False
    return not math.isnan(number) and number < SMALL_COUNT


def _small(values: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    return numbers.notna() & (numbers < SMALL_COUNT)


def suppressed_mask(frame: pd.DataFrame, unit: pd.Series | str) -> pd.Series:
    """Which rows' figures must be hidden: a small numerator, denominator or count value."""
    units = unit if isinstance(unit, pd.Series) else pd.Series(unit, index=frame.index)
    mask = pd.Series(False, index=frame.index)
    for col in ("numerator", "denominator"):
        if col in frame:
            mask |= _small(frame[col])
    if "value" in frame:
        mask |= units.isin(COUNT_UNITS) & _small(frame["value"])
    return mask


def suppress_scorecard(card: pd.DataFrame, previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """The scorecard with small counts and what is built on them blanked.

    Adds 'suppressed' (this month's figure hidden) and 'previous_suppressed'. previous is last
    month's scorecard (same columns), so a change built on last month's hidden figure is hidden.
    """
    out = card.copy()
    now = suppressed_mask(out, out["unit"])
    if previous is not None and len(previous):
        prev_small = suppressed_mask(previous, previous["unit"])
        before = out["measure_id"].map(dict(zip(previous["measure_id"], prev_small, strict=True)))
        before = before.fillna(False).astype(bool)
    else:
        before = pd.Series(False, index=out.index)
    out["suppressed"] = now
    out["previous_suppressed"] = before
    for col in ("value", "numerator", "denominator"):
        if col in out:
            out[col] = out[col].astype(float).where(~now, np.nan)
    if "change" in out:
        out["change"] = out["change"].astype(float).where(~(now | before), np.nan)
    if "previous_value" in out:
        out["previous_value"] = out["previous_value"].astype(float).where(~before, np.nan)
    return out


def suppress_series(series: pd.DataFrame, unit: str) -> pd.DataFrame:
    """A measure's monthly series with small-count months blanked; 'suppressed' added.

    The change column (if any) is blanked for a month when it or the month before is hidden.
    """
    out = series.copy()
    mask = suppressed_mask(out, unit)
    out["suppressed"] = mask
    for col in ("value", "numerator", "denominator"):
        if col in out:
            out[col] = out[col].astype(float).where(~mask, np.nan)
    if "change" in out:
        out["change"] = out["change"].where(~(mask | mask.shift(1, fill_value=False)), np.nan)
    return out
