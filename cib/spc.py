"""Statistical process control by NHS England's 'Making Data Count' (MDC) method: XmR charts.

Pure functions (numpy and pandas; no Streamlit, no SQL): limits, special-cause rules, the
variation and assurance icons.
The decisions that make the method exact are in CONTRACT.md ("Statistical process control");
in short:

- Limits: mean +/- 2.66 x mean moving range; 2-sigma lines at two thirds of that distance.
  Screening (off by default, as in the MDC tools) drops, in one pass, moving ranges above
  3.267 x the mean moving range from the mean moving range; the mean itself is unchanged.
- Rules: a point strictly beyond a process limit; a shift of 7 (6-8) points strictly on one side
  of the mean (a point on the mean breaks it, and a shift does not run across a rebase); a trend
  of 7 points including endpoints, all rising or all falling (an equal value breaks it, and a
  trend does run across a rebase); two of three consecutive points beyond a 2-sigma line, all
  three on the same side of the mean, points beyond 3 sigma counting (the MDC 2023 rule).
- Polarity ('up', 'down', 'neither') turns a rule's direction into improvement, concern or
  neutral. A point that is both improvement and concern counts as improvement (the MDC Excel
  tool's choice).
- Fewer than 15 points: a run chart (median, no limits, no flags, no icons) and a reason.

Missing values (None/NaN) keep their position but are left out of every calculation: the moving
range bridges the gap (it is taken between consecutive non-missing points), and a missing month
neither counts in nor breaks a run. The icons come from the latest non-missing point, and the
15-point minimum counts non-missing points only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cib.errors import CibError

LIMIT_FACTOR = 2.66  # 3 sigma = 3 / d2(=1.128) x mean moving range, as MDC rounds it
SCREEN_FACTOR = 3.267  # D4 for n = 2: the upper limit of the moving-range chart
MIN_POINTS = 15  # MDC SQL @SettingMinimumPoints: fewer points and the chart is a run chart
MIN_SEGMENT_POINTS = 12  # MDC SQL @SettingMinimumPointsPartition: fewer and limits are trial
SHIFT_RANGE = (6, 8)
TREND_RANGE = (5, 8)

POLARITIES = ("up", "down", "neither")
# Also the order of precedence when one point fires several (as NHSRplotthedots ranks them).
RULES = ("beyond_limit", "trend", "two_in_three", "shift")
SIGNALS = ("improvement", "concern", "neutral")

VARIATION_ICONS = (
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neither_high",
    "neither_low",
    "none",
)
ASSURANCE_ICONS = ("pass", "fail", "hit_and_miss", "none")


class SpcInputError(CibError):
    """Numbers or settings that SPC cannot work with; the message says what to change."""


@dataclass(frozen=True)
class Flag:
    """One special-cause rule fired at a point, and which way (high = above / rising)."""

    rule: str
    direction: str  # 'high' | 'low'


@dataclass(frozen=True)
class Segment:
    """One stretch of points between rebases, with its own mean and limits."""

    start: int  # first position (0-based, inclusive)
    end: int  # last position (inclusive)
    n: int  # non-missing points
    mean: float | None
    mean_moving_range: float | None
    upl: float | None
    lpl: float | None
    upper_two_sigma: float | None
    lower_two_sigma: float | None
    moving_ranges_screened_out: int = 0


@dataclass(frozen=True)
class SpcPoint:
    """One point of the series with its segment's lines and the rules it fired."""

    index: int
    value: float | None
    segment: int
    mean: float | None
    upl: float | None
    lpl: float | None
    upper_two_sigma: float | None
    lower_two_sigma: float | None
    target: float | None
    flags: tuple[Flag, ...] = ()
    signal: str | None = None  # 'improvement' | 'concern' | 'neutral' | None (common cause)

    @property
    def rules(self) -> list[str]:
        """The names of the rules fired here, in order of precedence, each once."""
        fired = {f.rule for f in self.flags}
        return [r for r in RULES if r in fired]


@dataclass(frozen=True)
class SpcResult:
    """Everything an SPC chart, an icon or the CLI needs for one series."""

    points: tuple[SpcPoint, ...]
    segments: tuple[Segment, ...]
    polarity: str
    is_run_chart: bool
    variation: str
    assurance: str
    target: float | None  # the latest target: the one assurance is judged against
    median: float | None  # run charts show the median
    shift_points: int
    trend_points: int
    screen: bool
    reason: str | None = None  # why there are no icons (run chart), for the reader
    assurance_reason: str | None = None  # why assurance is 'none', when it is
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def n(self) -> int:
        """Non-missing points."""
        return sum(p.value is not None for p in self.points)

    @property
    def latest(self) -> SpcPoint | None:
        """The latest non-missing point (the one the variation icon describes)."""
        return next((p for p in reversed(self.points) if p.value is not None), None)

    @property
    def last_segment(self) -> Segment | None:
        """The segment whose mean and limits are reported as the chart's own."""
        return self.segments[-1] if self.segments else None

    @property
    def mean(self) -> float | None:
        """Mean of the last segment (None if the series is empty)."""
        return self.last_segment.mean if self.last_segment else None

    @property
    def upl(self) -> float | None:
        """Upper process limit of the last segment (None for a run chart)."""
        return self.last_segment.upl if self.last_segment else None

    @property
    def lpl(self) -> float | None:
        """Lower process limit of the last segment (None for a run chart)."""
        return self.last_segment.lpl if self.last_segment else None

    def rule_text(self, index: int) -> list[str]:
        """The rules fired at a point, in plain English."""
        return [
            describe_flag(f, self.shift_points, self.trend_points)
            for f in _by_precedence(self.points[index].flags)
        ]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary: top-level mean and limits, one entry per point, the icons."""
        last = self.last_segment
        return {
            "n": self.n,
            "chart": "run" if self.is_run_chart else "xmr",
            "polarity": self.polarity,
            "mean": _out(self.mean),
            "upl": _out(self.upl),
            "lpl": _out(self.lpl),
            "upper_limit": _out(self.upl),
            "lower_limit": _out(self.lpl),
            "upper_two_sigma": _out(last.upper_two_sigma if last else None),
            "lower_two_sigma": _out(last.lower_two_sigma if last else None),
            "mean_moving_range": _out(last.mean_moving_range if last else None),
            "median": _out(self.median),
            "target": _out(self.target),
            "screen": self.screen,
            "shift_points": self.shift_points,
            "trend_points": self.trend_points,
            "variation_icon": self.variation,
            "assurance_icon": self.assurance,
            "variation_label": VARIATION_LABELS[self.variation].label,
            "assurance_label": ASSURANCE_LABELS[self.assurance].label,
            "reason": self.reason,
            "assurance_reason": self.assurance_reason,
            "warnings": list(self.warnings),
            "segments": [
                {
                    "start": s.start,
                    "end": s.end,
                    "n": s.n,
                    "mean": _out(s.mean),
                    "upl": _out(s.upl),
                    "lpl": _out(s.lpl),
                    "upper_two_sigma": _out(s.upper_two_sigma),
                    "lower_two_sigma": _out(s.lower_two_sigma),
                    "mean_moving_range": _out(s.mean_moving_range),
                    "moving_ranges_screened_out": s.moving_ranges_screened_out,
                }
                for s in self.segments
            ],
            "points": [
                {
                    "index": p.index,
                    "value": _out(p.value),
                    "segment": p.segment,
                    "mean": _out(p.mean),
                    "upl": _out(p.upl),
                    "lpl": _out(p.lpl),
                    "target": _out(p.target),
                    "rules": p.rules,
                    "flags": [
                        {"rule": f.rule, "direction": f.direction} for f in _by_precedence(p.flags)
                    ],
                    "signal": p.signal,
                    "special_cause": bool(p.flags),
                    "description": self.rule_text(p.index),
                }
                for p in self.points
            ],
        }


@dataclass(frozen=True)
class IconInfo:
    """How to show an icon without relying on colour: a letter, a shape and words."""

    code: str
    label: str  # full words, e.g. "Special cause - improvement (H)"
    short: str  # for a scorecard line, e.g. "improvement (H)"
    letter: str  # drawn inside the icon ('' for none)
    shape: str  # 'circle' | 'diamond' | 'square' | 'none': differs by meaning, not only colour
    colour: str  # accessible colour, >= 4.5:1 against white (so its text reads too)
    mdc_colour: str  # the MDC tools' original colour, for reference
    meaning: str  # one sentence for a reader new to SPC


# MDC's blue (#00B0F0, 2.48:1) and grey (#A6A6A6, 2.43:1) fail WCAG 1.4.11 on white, and
# MDC's orange fail icon (#FF6600) is 2.94:1: these darker shades keep each hue at >= 4.5:1.
COLOURS = {
    "improvement": "#007AA8",
    "concern": "#B35000",
    "neutral": "#490092",
    "common_cause": "#6B6B6B",
    "pass": "#0072C6",
    "fail": "#B35000",
    "hit_and_miss": "#6B6B6B",
}
MDC_COLOURS = {
    "improvement": "#00B0F0",
    "concern": "#E46C0A",
    "neutral": "#490092",
    "common_cause": "#A6A6A6",
    "pass": "#0072C6",
    "fail": "#FF6600",
    "hit_and_miss": "#A6A6A6",
}

VARIATION_LABELS: dict[str, IconInfo] = {
    "common_cause": IconInfo(
        "common_cause",
        "Common cause - no significant change",
        "common cause",
        "~",
        "circle",
        COLOURS["common_cause"],
        MDC_COLOURS["common_cause"],
        "The latest point is within the expected variation of the process.",
    ),
    "improvement_high": IconInfo(
        "improvement_high",
        "Special cause - improvement (H)",
        "improvement (H)",
        "H",
        "circle",
        COLOURS["improvement"],
        MDC_COLOURS["improvement"],
        "A significant change for the better: values are unusually high, and higher is better.",
    ),
    "improvement_low": IconInfo(
        "improvement_low",
        "Special cause - improvement (L)",
        "improvement (L)",
        "L",
        "circle",
        COLOURS["improvement"],
        MDC_COLOURS["improvement"],
        "A significant change for the better: values are unusually low, and lower is better.",
    ),
    "concern_high": IconInfo(
        "concern_high",
        "Special cause - concern (H)",
        "concern (H)",
        "H",
        "diamond",
        COLOURS["concern"],
        MDC_COLOURS["concern"],
        "A significant change for the worse: values are unusually high, and lower is better.",
    ),
    "concern_low": IconInfo(
        "concern_low",
        "Special cause - concern (L)",
        "concern (L)",
        "L",
        "diamond",
        COLOURS["concern"],
        MDC_COLOURS["concern"],
        "A significant change for the worse: values are unusually low, and higher is better.",
    ),
    "neither_high": IconInfo(
        "neither_high",
        "Special cause - neither improvement nor concern (H)",
        "special cause (H)",
        "H",
        "square",
        COLOURS["neutral"],
        MDC_COLOURS["neutral"],
        "A significant change upwards in a measure where neither direction is better.",
    ),
    "neither_low": IconInfo(
        "neither_low",
        "Special cause - neither improvement nor concern (L)",
        "special cause (L)",
        "L",
        "square",
        COLOURS["neutral"],
        MDC_COLOURS["neutral"],
        "A significant change downwards in a measure where neither direction is better.",
    ),
    "none": IconInfo(
        "none",
        "No variation icon",
        "no SPC icon",
        "",
        "none",
        COLOURS["common_cause"],
        MDC_COLOURS["common_cause"],
        "Too few points for process limits: shown as a run chart.",
    ),
}

ASSURANCE_LABELS: dict[str, IconInfo] = {
    "pass": IconInfo(
        "pass",
        "Target consistently met (P)",
        "target met (P)",
        "P",
        "circle",
        COLOURS["pass"],
        MDC_COLOURS["pass"],
        "The whole range of expected values is on the right side of the target.",
    ),
    "fail": IconInfo(
        "fail",
        "Target consistently missed (F)",
        "target missed (F)",
        "F",
        "diamond",
        COLOURS["fail"],
        MDC_COLOURS["fail"],
        "The whole range of expected values is on the wrong side of the target: "
        "it will not be met without a change to the process.",
    ),
    "hit_and_miss": IconInfo(
        "hit_and_miss",
        "Target hit and miss (?)",
        "hit and miss (?)",
        "?",
        "square",
        COLOURS["hit_and_miss"],
        MDC_COLOURS["hit_and_miss"],
        "The target lies within the process limits: it will be met in some months, not others.",
    ),
    "none": IconInfo(
        "none",
        "No assurance icon",
        "no assurance icon",
        "",
        "none",
        COLOURS["common_cause"],
        MDC_COLOURS["common_cause"],
        "No target, a measure with no better direction, or too few points.",
    ),
}

SIGNAL_WORDS = {
    "improvement": "Special cause - improvement",
    "concern": "Special cause - concern",
    "neutral": "Special cause - neither improvement nor concern",
    None: "Common cause",
}


def describe_flag(flag: Flag, shift_points: int = 7, trend_points: int = 7) -> str:
    """A rule in plain English, e.g. 'Shift: 7 or more points in a row above the mean'."""
    high = flag.direction == "high"
    if flag.rule == "beyond_limit":
        return "Above the upper process limit" if high else "Below the lower process limit"
    if flag.rule == "shift":
        side = "above" if high else "below"
        return f"Shift: {shift_points} or more points in a row {side} the mean"
    if flag.rule == "trend":
        way = "rising" if high else "falling"
        return f"Trend: {trend_points} or more points in a row {way}"
    if flag.rule == "two_in_three":
        line = "upper" if high else "lower"
        return f"Two of three points beyond the {line} 2-sigma line"
    raise ValueError(f"unknown rule {flag.rule!r}")


def moving_ranges(values: Sequence[float]) -> np.ndarray:
    """|x_i - x_(i-1)| between consecutive non-missing values (one fewer than those values)."""
    x = _as_array(values)
    x = x[~np.isnan(x)]
    return np.abs(np.diff(x))


def mean_moving_range(values: Sequence[float], *, screen: bool = False) -> tuple[float | None, int]:
    """The mean moving range and how many moving ranges screening dropped (None if < 2 values)."""
    mr = moving_ranges(values)
    if len(mr) == 0:
        return None, 0
    mr_bar = float(mr.mean())
    if not screen:
        return mr_bar, 0
    keep = mr <= SCREEN_FACTOR * mr_bar  # one pass; "above" the screening limit is dropped
    return float(mr[keep].mean()), int((~keep).sum())


def limits(values: Sequence[float], *, screen: bool = False) -> Segment:
    """Mean, process limits and 2-sigma lines of one run of values (one segment)."""
    x = _as_array(values)
    return _segment(x, 0, len(x) - 1, screen=screen)


def rebase_indices(months: Iterable[Any], rebase_months: Iterable[Any]) -> list[int]:
    """Positions where new segments start: the first month on or after each rebase month.

    A rebase month before the first point or after the last one starts no segment.
    """
    stamps = pd.to_datetime(pd.Series(list(months)))
    found: set[int] = set()
    for month in rebase_months:
        when = pd.Timestamp(month).to_period("M").start_time
        later = np.flatnonzero((stamps >= when).to_numpy())
        if len(later) and later[0] > 0:
            found.add(int(later[0]))
    return sorted(found)


def analyse(
    values: Sequence[float | None],
    *,
    polarity: str = "neither",
    target: float | Sequence[float | None] | None = None,
    screen: bool = False,
    rebase_at: Iterable[int] = (),
    shift_points: int = 7,
    trend_points: int = 7,
    min_points: int = MIN_POINTS,
) -> SpcResult:
    """Run the MDC XmR method over a series (oldest first) and choose its two icons.

    `target` is one number or one per point (a trajectory; assurance uses the latest one given).
    `rebase_at` holds 0-based positions where a new segment, with its own limits, starts.
    """
    x = _as_array(values)
    n = len(x)
    polarity = _check_polarity(polarity)
    targets = _targets(target, n)
    starts = _segment_starts(rebase_at, n)
    _check_setting("shift_points", shift_points, SHIFT_RANGE)
    _check_setting("trend_points", trend_points, TREND_RANGE)
    if min_points < 2:
        raise SpcInputError("min_points must be at least 2.")

    latest_target = _latest(targets)
    valid = ~np.isnan(x)
    n_valid = int(valid.sum())
    seg_of = np.searchsorted(np.array(starts), np.arange(n), side="right") - 1

    if n_valid < min_points:
        reason = (
            "No values to chart."
            if n_valid == 0
            else f"Only {n_valid} data point{'s' if n_valid != 1 else ''}: process limits and "
            f"SPC icons need at least {min_points}, so this is a run chart around the median."
        )
        points = tuple(
            SpcPoint(i, _out(x[i]), int(seg_of[i]), None, None, None, None, None, _out(targets[i]))
            for i in range(n)
        )
        return SpcResult(
            points=points,
            segments=(),
            polarity=polarity,
            is_run_chart=True,
            variation="none",
            assurance="none",
            target=latest_target,
            median=float(np.median(x[valid])) if n_valid else None,
            shift_points=shift_points,
            trend_points=trend_points,
            screen=screen,
            reason=reason,
            assurance_reason=reason,
        )

    ends = [*(s - 1 for s in starts[1:]), n - 1]
    segments = tuple(
        _segment(x[s : e + 1], s, e, screen=screen) for s, e in zip(starts, ends, strict=True)
    )
    flags: list[set[Flag]] = [set() for _ in range(n)]
    for seg in segments:
        _flag_segment(x, seg, flags, shift_points)
    _flag_trends(x, flags, trend_points)

    points = []
    for i in range(n):
        seg = segments[seg_of[i]]
        fired = tuple(_by_precedence(flags[i]))
        points.append(
            SpcPoint(
                index=i,
                value=_out(x[i]),
                segment=int(seg_of[i]),
                mean=seg.mean,
                upl=seg.upl,
                lpl=seg.lpl,
                upper_two_sigma=seg.upper_two_sigma,
                lower_two_sigma=seg.lower_two_sigma,
                target=_out(targets[i]),
                flags=fired,
                signal=_signal(fired, polarity),
            )
        )
    latest = next(p for p in reversed(points) if p.value is not None)
    assurance, assurance_reason = _assurance(segments[-1], latest_target, polarity)
    warnings = tuple(
        f"The limits from point {s.start} rest on only {s.n} points (MDC advises at least "
        f"{MIN_SEGMENT_POINTS}): treat them as trial limits."
        for s in segments
        if s.n < MIN_SEGMENT_POINTS
    )
    return SpcResult(
        points=tuple(points),
        segments=segments,
        polarity=polarity,
        is_run_chart=False,
        variation=_variation(latest.flags, polarity),
        assurance=assurance,
        target=latest_target,
        median=float(np.median(x[valid])),
        shift_points=shift_points,
        trend_points=trend_points,
        screen=screen,
        reason=None,
        assurance_reason=assurance_reason,
        warnings=warnings,
    )


# --- internals -------------------------------------------------------------------------------


def _out(value: Any) -> float | None:
    """A plain float for output, None for missing."""
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _as_array(values: Any) -> np.ndarray:
    """Values as floats with NaN for missing; anything not a number is refused in words."""
    out = []
    for i, v in enumerate(list(values)):
        if v is None or v is pd.NA or v is pd.NaT:
            out.append(math.nan)
            continue
        try:
            f = float(v)
        except (TypeError, ValueError):
            raise SpcInputError(f"Value {i + 1} ({v!r}) is not a number.") from None
        if math.isinf(f):
            raise SpcInputError(f"Value {i + 1} is infinite; SPC needs finite numbers.")
        out.append(f)
    return np.array(out, dtype=float)


def _check_polarity(polarity: str) -> str:
    if polarity not in POLARITIES:
        raise SpcInputError(
            f"Polarity {polarity!r} is not one of {', '.join(POLARITIES)} "
            "(up = higher is better, down = lower is better)."
        )
    return polarity


def _check_setting(name: str, value: int, allowed: tuple[int, int]) -> None:
    low, high = allowed
    if not isinstance(value, int | np.integer) or not low <= value <= high:
        raise SpcInputError(f"{name} must be a whole number from {low} to {high}; got {value!r}.")


def _targets(target: Any, n: int) -> np.ndarray:
    if target is None:
        return np.full(n, math.nan)
    if np.ndim(target) == 0:
        t = _as_array([target])[0]
        return np.full(n, t)
    t = _as_array(target)
    if len(t) != n:
        raise SpcInputError(f"There are {n} values but {len(t)} targets: give one target a point.")
    return t


def _latest(targets: np.ndarray) -> float | None:
    given = targets[~np.isnan(targets)]
    return float(given[-1]) if len(given) else None


def _segment_starts(rebase_at: Iterable[int], n: int) -> list[int]:
    starts = {0}
    for r in rebase_at:
        if isinstance(r, bool) or not isinstance(r, int | np.integer):
            raise SpcInputError(f"A rebase position must be a whole number; got {r!r}.")
        if not 0 <= r < max(n, 1):
            raise SpcInputError(
                f"Rebase at {r} is outside the series: positions run from 0 to {n - 1}."
            )
        starts.add(int(r))
    return sorted(starts)


def _segment(x: np.ndarray, start: int, end: int, *, screen: bool) -> Segment:
    present = x[~np.isnan(x)]
    if len(present) == 0:
        return Segment(start, end, 0, None, None, None, None, None, None)
    mean = float(present.mean())
    mr_bar, dropped = mean_moving_range(present, screen=screen)
    if mr_bar is None:
        return Segment(start, end, len(present), mean, None, None, None, None, None)
    spread = LIMIT_FACTOR * mr_bar
    return Segment(
        start=start,
        end=end,
        n=len(present),
        mean=mean,
        mean_moving_range=mr_bar,
        upl=mean + spread,
        lpl=mean - spread,
        upper_two_sigma=mean + spread * 2 / 3,
        lower_two_sigma=mean - spread * 2 / 3,
        moving_ranges_screened_out=dropped,
    )


def _runs(keys: np.ndarray) -> list[tuple[int, int, int]]:
    """Maximal runs of equal keys as (key, first, last) positions."""
    out = []
    first = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[first]:
            out.append((int(keys[first]), first, i - 1))
            first = i
    return out


def _flag_segment(x: np.ndarray, seg: Segment, flags: list[set[Flag]], shift_points: int) -> None:
    """Rules judged against the segment's own mean and limits: beyond, shift, two in three."""
    if seg.upl is None or seg.mean is None:
        return
    pos = np.arange(seg.start, seg.end + 1)
    pos = pos[~np.isnan(x[pos])]
    v = x[pos]
    for p, value in zip(pos, v, strict=True):
        if value > seg.upl:
            flags[p].add(Flag("beyond_limit", "high"))
        elif value < seg.lpl:
            flags[p].add(Flag("beyond_limit", "low"))

    side = np.sign(v - seg.mean).astype(int)  # 0 on the mean: breaks a shift
    for key, first, last in _runs(side):
        if key != 0 and last - first + 1 >= shift_points:
            for p in pos[first : last + 1]:
                flags[p].add(Flag("shift", "high" if key > 0 else "low"))

    for j in range(len(v) - 2):
        window = v[j : j + 3]
        for direction, same_side, beyond in (
            ("high", window > seg.mean, window > seg.upper_two_sigma),
            ("low", window < seg.mean, window < seg.lower_two_sigma),
        ):
            if same_side.all() and beyond.sum() >= 2:
                for k in np.flatnonzero(beyond):
                    flags[pos[j + k]].add(Flag("two_in_three", direction))


def _flag_trends(x: np.ndarray, flags: list[set[Flag]], trend_points: int) -> None:
    """Trends over the whole series (they run across rebases); an equal value breaks one."""
    pos = np.flatnonzero(~np.isnan(x))
    if len(pos) < 2:
        return
    steps = np.sign(np.diff(x[pos])).astype(int)
    for key, first, last in _runs(steps):
        if key != 0 and last - first + 1 >= trend_points - 1:
            for p in pos[first : last + 2]:  # n steps join n + 1 points
                flags[p].add(Flag("trend", "high" if key > 0 else "low"))


def _by_precedence(flags: Iterable[Flag]) -> list[Flag]:
    return sorted(flags, key=lambda f: (RULES.index(f.rule), f.direction != "high"))


def _signal(flags: Sequence[Flag], polarity: str) -> str | None:
    if not flags:
        return None
    if polarity == "neither":
        return "neutral"
    good = "high" if polarity == "up" else "low"
    return "improvement" if any(f.direction == good for f in flags) else "concern"


def _variation(flags: Sequence[Flag], polarity: str) -> str:
    signal = _signal(flags, polarity)
    if signal is None:
        return "common_cause"
    if signal == "improvement":
        return "improvement_high" if polarity == "up" else "improvement_low"
    if signal == "concern":
        return "concern_low" if polarity == "up" else "concern_high"
    # Neither: the direction of the strongest rule (beyond a limit > trend > 2 in 3 > shift).
    return f"neither_{_by_precedence(flags)[0].direction}"


def _assurance(seg: Segment, target: float | None, polarity: str) -> tuple[str, str | None]:
    if target is None:
        return "none", "No target is set for this measure."
    if polarity == "neither":
        return "none", "Neither direction is better for this measure, so a target cannot be met."
    if seg.upl is None or seg.lpl is None:
        return "none", "The latest segment has too few points for process limits."
    if polarity == "up":
        if target <= seg.lpl:
            return "pass", None
        if target >= seg.upl:
            return "fail", None
    else:
        if target >= seg.upl:
            return "pass", None
        if target <= seg.lpl:
            return "fail", None
    return "hit_and_miss", None


def analyse_series(
    series: Any,
    *,
    polarity: str = "neither",
    rebase_months: Iterable[Any] = (),
    **settings: Any,
) -> SpcResult:
    """`analyse` a measure's monthly frame (month, value, optional target), oldest first.

    Rebase months become positions with `rebase_indices`; `settings` pass on to `analyse`.
    """
    series = series.sort_values("month")
    target = series["target"].tolist() if "target" in series else None
    return analyse(
        series["value"].tolist(),
        polarity=polarity,
        target=target,
        rebase_at=rebase_indices(series["month"], rebase_months),
        **settings,
    )


SUMMARY_COLUMNS = [
    "measure_id",
    "title",
    "short_title",
    "area",
    "unit",
    "decimals",
    "polarity",
    "n",
    "latest_month",
    "latest_value",
    "mean",
    "lpl",
    "upl",
    "target",
    "variation",
    "assurance",
    "variation_label",
    "assurance_label",
    "chart",
    "note",
]


def summary_frame(
    catalogue: Any,
    series_for: Any,
    rebases: Any = None,
    *,
    up_to: Any = None,
    **settings: Any,
) -> pd.DataFrame:
    """One row per measure of the catalogue: its SPC icons, latest value, mean and limits.

    `series_for(measure_id)` returns the measure's monthly frame (month, value, target);
    `rebases` has measure_id and month columns; `up_to` ignores months after it (so icons can
    describe a chosen month). The note says why a measure has no icon.
    """
    rows = []
    for m in catalogue.itertuples(index=False):
        series = series_for(m.measure_id).sort_values("month").reset_index(drop=True)
        if up_to is not None and len(series):
            series = series[pd.to_datetime(series["month"]) <= pd.Timestamp(up_to)]
        months = (
            rebases.loc[rebases["measure_id"] == m.measure_id, "month"]
            if rebases is not None and len(rebases)
            else []
        )
        result = analyse_series(series, polarity=m.polarity, rebase_months=months, **settings)
        latest = result.latest
        rows.append(
            {
                "measure_id": m.measure_id,
                "title": m.title,
                "short_title": m.short_title,
                "area": m.area,
                "unit": m.unit,
                "decimals": m.decimals,
                "polarity": m.polarity,
                "n": result.n,
                "latest_month": series["month"].iloc[latest.index] if latest else pd.NaT,
                "latest_value": latest.value if latest else None,
                "mean": result.mean,
                "lpl": result.lpl,
                "upl": result.upl,
                "target": result.target,
                "variation": result.variation,
                "assurance": result.assurance,
                "variation_label": VARIATION_LABELS[result.variation].label,
                "assurance_label": ASSURANCE_LABELS[result.assurance].label,
                "chart": "run" if result.is_run_chart else "xmr",
                "note": result.reason or result.assurance_reason or "",
            }
        )
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
