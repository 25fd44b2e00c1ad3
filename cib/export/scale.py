"""Axis ranges for the pack's charts: a few round ticks around the data (line charts may crop)."""

from __future__ import annotations

import math
from collections.abc import Iterable


def nice_step(span: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 x 10^k) giving about `ticks` intervals over span."""
    if span <= 0 or math.isnan(span):
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for mult in (1, 2, 2.5, 5, 10):
        if raw <= mult * power:
            return mult * power
    return 10 * power


def axis_range(
    values: Iterable[float | None], unit: str, ticks: int = 4
) -> tuple[float, float, float]:
    """(low, high, step) covering the values with a margin; % stays within 0-100.

    Line charts may crop the value axis (ONS guidance), so the range hugs the data with a gap
    below the lowest point rather than starting at zero.
    """
    found = [float(v) for v in values if v is not None and not math.isnan(float(v))]
    if not found:
        return (0.0, 100.0, 25.0) if unit == "%" else (0.0, 1.0, 0.25)
    lo, hi = min(found), max(found)
    if hi == lo:
        pad = abs(hi) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    pad = (hi - lo) * 0.08
    lo, hi = lo - pad, hi + pad
    if unit == "%":
        lo, hi = max(lo, 0.0), min(hi, 100.0)
    elif min(found) >= 0:
        lo = max(lo, 0.0)
    step = nice_step(hi - lo, ticks)
    low = math.floor(lo / step) * step
    high = math.ceil(hi / step) * step
    if unit == "%":
        low, high = max(low, 0.0), min(high, 100.0)
    return low, high, step


def ticks(low: float, high: float, step: float) -> list[float]:
    """The tick values from low to high."""
    count = int(round((high - low) / step))
    return [round(low + i * step, 10) for i in range(count + 1)]


def tick_label(value: float, step: float, unit: str) -> str:
    """'40%', '2.5', '120'."""
    text = f"{step:g}"
    decimals = len(text.split(".")[1]) if "." in text else 0
    text = f"{value:,.{decimals}f}"
    return f"{text}%" if unit == "%" else text
