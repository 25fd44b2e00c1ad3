"""The board summary for a month: facts and plain sentences a director can read out.

`gather` reads what the pages show (cib.reports scorecard and series, the SPC summary, the
improvement plan) for one month; everything after it is a pure function of DataFrames:
`measure_table` (one row per measure with its status, trend and texts), `summarise` (the counts,
exceptions and changes) and `sentences` (the words). The PPTX, PDF and HTML packs and the
presentation page all render these, so every output carries the same numbers as the dashboard.

Trend: where a measure has enough history for SPC (15 points or more), 'improving' and
'deteriorating' mean a special-cause improvement or concern in the latest month (NHS 'Making
Data Count'); otherwise they mean better or worse than the month before (direction of travel).
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from types import ModuleType

import pandas as pd

from cib import db, measures, publication, reports
from cib.config import ALL_TEAMS
from cib.errors import CibError

IMPROVING = "improving"
DETERIORATING = "deteriorating"
NO_CHANGE = "no significant change"
NOT_JUDGED = "not judged"
TRENDS = (IMPROVING, DETERIORATING, NO_CHANGE, NOT_JUDGED)
TREND_SYMBOLS = {IMPROVING: "▲", DETERIORATING: "▼", NO_CHANGE: "▶", NOT_JUDGED: "–"}

BASIS_SPC = "SPC"
BASIS_DIRECTION = "month on month"

OFF_TARGET = "Off target"
SPC_CONCERN = "Special-cause concern"
OVERDUE_ACTION = "Overdue action"

_SPC_SIGNAL = {
    "improvement_high": IMPROVING,
    "improvement_low": IMPROVING,
    "concern_high": DETERIORATING,
    "concern_low": DETERIORATING,
    "common_cause": NO_CHANGE,
    "neither_high": NOT_JUDGED,
    "neither_low": NOT_JUDGED,
}
_DIRECTION_TREND = {"better": IMPROVING, "worse": DETERIORATING, "same": NO_CHANGE}


def _optional(name: str) -> ModuleType | None:
    """A module other issues build (SPC, the plan); the pack still builds without it."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


@dataclass(frozen=True)
class BoardInputs:
    """Everything one month's board summary and pack are built from (read once, then pure)."""

    month: dt.date
    card: pd.DataFrame  # reports.scorecard for the month (whole council)
    previous: pd.DataFrame  # reports.scorecard for the month before
    series: dict[str, pd.DataFrame]  # reports.measure_series per measure, up to the month
    spc: pd.DataFrame | None = None  # spc.summary_frame up to the month (None: no SPC module)
    spc_previous: pd.DataFrame | None = None  # the same up to the month before
    plan: pd.DataFrame | None = None  # plan.plan_as_at (None: no plan module)
    plan_changes: pd.DataFrame | None = None  # plan.changes_since the last board
    plan_themes: pd.DataFrame | None = None  # theme_id, title
    plan_as_at: dt.date | None = None
    plan_since: dt.date | None = None
    latest_month: dt.date | None = None
    loaded_at: dt.datetime | None = None
    publication: bool = False


def previous_month(month: dt.date) -> dt.date:
    """The first of the month before."""
    return (pd.Timestamp(month) - pd.DateOffset(months=1)).date()


def month_label(month: dt.date | pd.Timestamp | None) -> str:
    """'Oct 2016'."""
    return "–" if month is None or pd.isna(month) else f"{pd.Timestamp(month):%b %Y}"


def date_label(day: dt.date | pd.Timestamp | None) -> str:
    """'26 Oct 2016'."""
    return "–" if day is None or pd.isna(day) else f"{pd.Timestamp(day):%-d %b %Y}"


def parse_month(text: str) -> dt.date:
    """'2018-03' -> 1 Mar 2018; anything else is a CibError saying what to type."""
    try:
        stamp = pd.Timestamp(dt.datetime.strptime(text.strip(), "%Y-%m"))
    except (ValueError, AttributeError):
        raise CibError(f'"{text}" is not a month; write it as YYYY-MM, e.g. 2018-03') from None
    return stamp.date()


# --- Reading (the only part that touches the database) ----------------------------------------


def gather(cur: db.Cursor, month: dt.date, publication_mode: bool = False) -> BoardInputs:
    """Read one month's scorecard, series, SPC and plan, exactly as the pages show them."""
    month = pd.Timestamp(month).date().replace(day=1)
    before = previous_month(month)
    card = reports.scorecard(cur, month, ALL_TEAMS)
    previous = reports.scorecard(cur, before, ALL_TEAMS)
    series = {}
    for measure_id in card["measure_id"]:
        full = reports.measure_series(cur, measure_id, ALL_TEAMS)
        series[measure_id] = full[full["month"] <= pd.Timestamp(month)].reset_index(drop=True)
    spc_now, spc_before = _spc(cur, series, month, before)
    plan_parts = _plan(cur, month)
    latest, loaded = reports.data_as_at(cur)
    return BoardInputs(
        month=month,
        card=card,
        previous=previous,
        series=series,
        spc=spc_now,
        spc_previous=spc_before,
        latest_month=latest,
        loaded_at=loaded,
        publication=publication_mode,
        **plan_parts,
    )


def _spc(
    cur: db.Cursor, series: dict[str, pd.DataFrame], month: dt.date, before: dt.date
) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    spc, spc_store = _optional("cib.spc"), _optional("cib.spc_store")
    if spc is None or not hasattr(spc, "summary_frame"):
        return None, None
    rebases = spc_store.all_rebases(cur) if spc_store is not None else None
    catalogue = reports.catalogue(cur)
    frames = [
        spc.summary_frame(catalogue, series.__getitem__, rebases, up_to=up_to)
        for up_to in (month, before)
    ]
    return frames[0], frames[1]


def plan_as_at(updates: pd.DataFrame, month: dt.date) -> dt.date:
    """The plan's position for a month: its latest progress update in or before that month."""
    month_end = (pd.Timestamp(month) + pd.offsets.MonthEnd(0)).date()
    if updates is None or updates.empty:
        return month_end
    dates = pd.to_datetime(updates["update_date"])
    known = dates[dates <= pd.Timestamp(month_end)]
    return known.max().date() if len(known) else month_end


def _plan(cur: db.Cursor, month: dt.date) -> dict:
    plan, plan_store = _optional("cib.plan"), _optional("cib.plan_store")
    if plan is None or plan_store is None:
        return {}
    actions = plan_store.actions(cur)
    if actions.empty:
        return {}  # no plan loaded: the pack says so
    updates = plan_store.updates(cur)
    as_at = plan_as_at(updates, month)
    since = plan.previous_board(updates, as_at)
    return {
        "plan": plan.plan_as_at(actions, updates, as_at),
        "plan_changes": (
            plan.changes_since(actions, updates, since, as_at) if since is not None else None
        ),
        "plan_themes": plan_store.themes(cur),
        "plan_as_at": as_at,
        "plan_since": since,
    }


# --- One row per measure ----------------------------------------------------------------------


def _is_missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def trend_of(variation: object, direction: object, polarity: str) -> tuple[str, str | None]:
    """(trend, basis): SPC's variation icon where it has one, else the direction of travel."""
    if polarity not in ("up", "down"):
        return NOT_JUDGED, None
    if isinstance(variation, str) and variation in _SPC_SIGNAL:
        return _SPC_SIGNAL[variation], BASIS_SPC
    if isinstance(direction, str) and direction in _DIRECTION_TREND:
        return _DIRECTION_TREND[direction], BASIS_DIRECTION
    return NOT_JUDGED, None


def _spc_columns(table: pd.DataFrame, spc: pd.DataFrame | None, month: dt.date) -> pd.DataFrame:
    """Add spc_variation / spc_assurance (None where SPC has no icon for this month's figure)."""
    spc_mod = _optional("cib.spc")
    table["spc_variation"] = None
    table["spc_assurance"] = None
    table["spc_label"] = ""
    if spc is None or spc.empty:
        return table
    spc = spc.set_index("measure_id")
    for i, r in table.iterrows():
        if r["measure_id"] not in spc.index:
            continue
        s = spc.loc[r["measure_id"]]
        latest = s["latest_month"]
        # An icon describes the latest point: only use it when that point is this month's.
        if _is_missing(latest) or pd.Timestamp(latest) != pd.Timestamp(month):
            continue
        if s["variation"] not in _SPC_SIGNAL:
            continue  # 'none': too few points, so a run chart
        table.at[i, "spc_variation"] = s["variation"]
        table.at[i, "spc_assurance"] = s["assurance"]
        if spc_mod is not None and hasattr(spc_mod, "VARIATION_LABELS"):
            table.at[i, "spc_label"] = spc_mod.VARIATION_LABELS[s["variation"]].short
        else:
            table.at[i, "spc_label"] = str(s["variation"]).replace("_", " ")
    return table


def measure_table(
    card: pd.DataFrame,
    month: dt.date,
    spc: pd.DataFrame | None = None,
    previous: pd.DataFrame | None = None,
    *,
    publication_mode: bool = False,
) -> pd.DataFrame:
    """One row per measure for a month: figures, status, trend and the texts every output shows.

    card: reports.scorecard for the month; previous: for the month before (RAG last month, and
    publication mode's check of last month's counts); spc: the SPC summary up to the month.
    Publication mode hides small counts (cib.publication) in figures and texts alike.
    """
    table = card.copy()
    table["has_figure"] = table["value"].notna()
    if publication_mode:
        table = publication.suppress_scorecard(table, previous)
    else:
        table["suppressed"] = False
        table["previous_suppressed"] = False
    table = _spc_columns(table, spc, month)
    trends = [
        trend_of(v, d, p) if f else (NOT_JUDGED, None)
        for v, d, p, f in zip(
            table["spc_variation"],
            table["direction"],
            table["polarity"],
            table["has_figure"],
            strict=True,
        )
    ]
    table["trend"] = [t for t, _ in trends]
    table["trend_basis"] = [b for _, b in trends]
    if previous is not None and len(previous):
        table["previous_rag"] = table["measure_id"].map(
            dict(zip(previous["measure_id"], previous["rag"], strict=True))
        )
    else:
        table["previous_rag"] = None
    since = month_label(previous_month(month))
    table["value_text"] = [_value_text(r) for r in table.itertuples()]
    table["n_text"] = [_n_text(r) for r in table.itertuples()]
    table["target_text"] = [
        measures.format_value(r.target, r.unit, r.decimals) if not _is_missing(r.target) else ""
        for r in table.itertuples()
    ]
    table["change_text"] = [
        measures.describe_change(r.direction, r.change, r.unit, r.decimals, since) or ""
        if not (r.suppressed or r.previous_suppressed)
        else _word_change(r.direction, since)
        for r in table.itertuples()
    ]
    table["trend_text"] = [_trend_text(r) for r in table.itertuples()]
    return table.reset_index(drop=True)


def _value_text(r: object) -> str:
    if r.suppressed:
        return publication.SYMBOL
    return measures.format_value(r.value, r.unit, r.decimals)


def _n_text(r: object) -> str:
    """'20 of 28' for a %, '' where there are no counts (or they are hidden)."""
    if r.suppressed or r.unit != "%" or _is_missing(r.denominator):
        return ""
    if _is_missing(r.numerator):
        return f"n={r.denominator:,.0f}"
    return f"{r.numerator:,.0f} of {r.denominator:,.0f}"


def _word_change(direction: object, since: str) -> str:
    """A change whose size is hidden: the arrow and word only."""
    if not isinstance(direction, str):
        return ""
    if direction == "same":
        return f"{measures.DIRECTION_SYMBOLS['same']} same as {since}"
    return f"{measures.DIRECTION_SYMBOLS[direction]} {direction} than {since}"


def _trend_text(r: object) -> str:
    """'▲ improving (SPC: improvement (H))' or '▼ deteriorating (worse than last month)'."""
    symbol = TREND_SYMBOLS[r.trend]
    if r.trend_basis == BASIS_SPC:
        return f"{symbol} {r.trend} (SPC: {r.spc_label})"
    if r.trend_basis == BASIS_DIRECTION:
        return f"{symbol} {r.trend} (vs last month)"
    if r.polarity not in ("up", "down"):
        return f"{symbol} {r.trend}: neither higher nor lower is better"
    return f"{symbol} {r.trend}"


# --- The month in numbers ---------------------------------------------------------------------


@dataclass(frozen=True)
class BoardSummary:
    """The counts, exceptions and changes the board reads for a month."""

    month: dt.date
    previous_month: dt.date
    measures: int
    with_figure: int
    with_target: int
    on_target: int
    near_target: int
    off_target: int
    improving: int
    deteriorating: int
    no_change: int
    not_judged: int
    judged_by_spc: int
    better: int
    worse: int
    compared: int  # measures with a figure this month and the month before
    exceptions: pd.DataFrame  # kind, ref, title, detail
    rag_changes: pd.DataFrame  # measure_id, short_title, from_rag, to_rag, value_text
    new_concerns: list[str]
    plan: dict[str, int] | None = None  # actions, complete, overdue, at_risk
    plan_as_at: dt.date | None = None
    plan_since: dt.date | None = None
    plan_completed: list[str] = field(default_factory=list)
    plan_worsened: list[str] = field(default_factory=list)
    plan_improved: list[str] = field(default_factory=list)
    publication: bool = False
    suppressed: int = 0


_EXCEPTION_COLUMNS = ["kind", "ref", "title", "detail"]
_WORSE_STATUSES = ("At risk", "Off track")


def _exceptions(table: pd.DataFrame, plan_frame: pd.DataFrame | None) -> pd.DataFrame:
    rows = []
    for r in table[table["rag"] == "red"].itertuples():
        n = f" ({r.n_text})" if r.n_text else ""
        detail = f"{r.value_text}{n} against a target of {r.target_text}"
        rows.append((OFF_TARGET, r.measure_id, r.short_title, detail))
    concern = table["spc_variation"].astype(str).str.startswith("concern")
    for r in table[concern].itertuples():
        rows.append((SPC_CONCERN, r.measure_id, r.short_title, f"{r.value_text}, {r.spc_label}"))
    if plan_frame is not None and len(plan_frame):
        for r in plan_frame[plan_frame["overdue"]].itertuples():
            due = date_label(r.due_date)
            who = f"{r.who}, " if isinstance(r.who, str) and r.who else ""
            detail = f"{who}due {due}, now {r.status.lower()}"
            rows.append((OVERDUE_ACTION, r.action_id, r.what, detail))
    return pd.DataFrame(rows, columns=_EXCEPTION_COLUMNS)


def _rag_changes(table: pd.DataFrame) -> pd.DataFrame:
    cols = ["measure_id", "short_title", "from_rag", "to_rag", "value_text"]
    known = table[table["rag"].notna() & table["previous_rag"].notna()]
    moved = known[known["rag"] != known["previous_rag"]]
    out = moved.rename(columns={"previous_rag": "from_rag", "rag": "to_rag"})
    return out[cols].reset_index(drop=True)


def _new_concerns(table: pd.DataFrame, spc_previous: pd.DataFrame | None) -> list[str]:
    """Measures with a special-cause concern this month that had none the month before."""
    concern = table["spc_variation"].astype(str).str.startswith("concern")
    if spc_previous is None or spc_previous.empty:
        return []
    before = dict(zip(spc_previous["measure_id"], spc_previous["variation"], strict=True))
    return [
        r.short_title
        for r in table[concern].itertuples()
        if not str(before.get(r.measure_id, "")).startswith("concern")
    ]


def summarise(
    table: pd.DataFrame,
    *,
    month: dt.date,
    plan_frame: pd.DataFrame | None = None,
    plan_changes: pd.DataFrame | None = None,
    plan_as_at_date: dt.date | None = None,
    plan_since: dt.date | None = None,
    spc_previous: pd.DataFrame | None = None,
    publication_mode: bool = False,
) -> BoardSummary:
    """The month's counts, exceptions and changes from measure_table and the plan frames."""
    rag = table["rag"]
    trend = table["trend"]
    plan_counts = None
    completed: list[str] = []
    worsened: list[str] = []
    improved: list[str] = []
    if plan_frame is not None:
        plan_counts = {
            "actions": len(plan_frame),
            "complete": int((plan_frame["status"] == "Complete").sum()),
            "overdue": int(plan_frame["overdue"].sum()) if len(plan_frame) else 0,
            "at_risk": int(plan_frame["status"].isin(_WORSE_STATUSES).sum()),
        }
    if plan_changes is not None and len(plan_changes):
        for r in plan_changes.itertuples():
            label = f"{r.action_id} {r.what}"
            if r.completed:
                completed.append(label)
            elif r.to_status in _WORSE_STATUSES and r.from_status not in _WORSE_STATUSES:
                worsened.append(f"{label} ({r.to_status.lower()})")
            elif r.from_status in _WORSE_STATUSES and r.to_status not in _WORSE_STATUSES:
                improved.append(f"{label} ({r.to_status.lower()})")
    return BoardSummary(
        month=pd.Timestamp(month).date(),
        previous_month=previous_month(month),
        measures=len(table),
        with_figure=int(table["has_figure"].sum()),
        with_target=int(rag.notna().sum()),
        on_target=int((rag == "green").sum()),
        near_target=int((rag == "amber").sum()),
        off_target=int((rag == "red").sum()),
        improving=int((trend == IMPROVING).sum()),
        deteriorating=int((trend == DETERIORATING).sum()),
        no_change=int((trend == NO_CHANGE).sum()),
        not_judged=int((trend == NOT_JUDGED).sum()),
        judged_by_spc=int((table["trend_basis"] == BASIS_SPC).sum()),
        better=int((table["direction"] == "better").sum()),
        worse=int((table["direction"] == "worse").sum()),
        compared=int(table["direction"].notna().sum()),
        exceptions=_exceptions(table, plan_frame),
        rag_changes=_rag_changes(table),
        new_concerns=_new_concerns(table, spc_previous),
        plan=plan_counts,
        plan_as_at=plan_as_at_date,
        plan_since=plan_since,
        plan_completed=completed,
        plan_worsened=worsened,
        plan_improved=improved,
        publication=publication_mode,
        suppressed=int(table["suppressed"].sum()),
    )


# --- Words ------------------------------------------------------------------------------------


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _was(n: int) -> str:
    return "was" if n == 1 else "were"


def join_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


MAX_LISTED = 5  # overdue actions named in a sentence; the rest are counted
_RAG_WORDS = {"green": "on target", "amber": "near target", "red": "off target"}
_RAG_RANK = {"green": 0, "amber": 1, "red": 2}


def sentences(s: BoardSummary) -> list[str]:
    """The summary as plain sentences with the numbers, in the order a chair would read them."""
    month, before = month_label(s.month), month_label(s.previous_month)
    out = []
    if s.with_target:
        out.append(
            f"In {month}, {s.on_target} of the {s.with_target} measures with a target "
            f"{_was(s.on_target)} on target, {s.near_target} {_was(s.near_target)} near target "
            f"and {s.off_target} {_was(s.off_target)} off target."
        )
    else:
        out.append(f"In {month}, no measure had a target in force.")
    judged = s.improving + s.deteriorating + s.no_change
    by_direction = judged - s.judged_by_spc
    if s.judged_by_spc and by_direction:
        basis = (
            f"SPC for {s.judged_by_spc} with enough history, the change since {before} for "
            f"the other {by_direction}"
        )
    elif s.judged_by_spc:
        basis = "SPC, by NHS England's Making Data Count rules"
    else:
        basis = f"the change since {before}"
    if not judged:
        out.append(f"There are no figures for {before} to compare with, so no trend yet.")
    else:
        out.append(
            f"Of {_plural(judged, 'measure')} with a better direction, {s.improving} "
            f"{'is' if s.improving == 1 else 'are'} improving, {s.deteriorating} "
            f"{'is' if s.deteriorating == 1 else 'are'} deteriorating and {s.no_change} "
            f"show{'s' if s.no_change == 1 else ''} no significant change (judged by {basis})."
        )
    ex = s.exceptions
    for kind, lead in (
        (OFF_TARGET, "Off target"),
        (SPC_CONCERN, "Special-cause concern, a significant change for the worse"),
    ):
        part = ex[ex["kind"] == kind]
        if len(part):
            items = [f"{r.title}, {r.detail}" for r in part.itertuples()]
            out.append(f"{lead}: {'; '.join(items)}.")
    if s.rag_changes is not None and len(s.rag_changes):
        parts = []
        for worse, word in ((True, "worse"), (False, "better")):
            moved = [
                f"{r.short_title} (now {_RAG_WORDS[r.to_rag]})"
                for r in s.rag_changes.itertuples()
                if (_RAG_RANK[r.to_rag] > _RAG_RANK[r.from_rag]) == worse
            ]
            if moved:
                parts.append(
                    f"{_plural(len(moved), 'measure')} moved to a {word} status: "
                    f"{join_words(moved)}"
                )
        out.append(f"Since {before}, {'; '.join(parts)}.")
    elif s.with_target and s.compared:
        out.append(f"No measure changed status since {before}.")
    if s.compared:
        out.append(
            f"Compared with {before}, {_plural(s.better, 'measure')} got better and "
            f"{s.worse} got worse."
        )
    if s.new_concerns:
        out.append(f"New special-cause concern this month: {join_words(s.new_concerns)}.")
    out.extend(_plan_sentences(s))
    if s.publication:
        out.append(publication.NOTE)
    return out


def _plan_sentences(s: BoardSummary) -> list[str]:
    if s.plan is None:
        return ["No improvement plan has been loaded yet."]
    p = s.plan
    at = date_label(s.plan_as_at)
    if not p["actions"]:
        return [f"The improvement plan had no actions at {at}."]
    out = [
        f"Improvement plan at {at}: {p['complete']} of {_plural(p['actions'], 'action')} "
        f"complete, {p['overdue']} overdue and {p['at_risk']} at risk or off track."
    ]
    overdue = s.exceptions[s.exceptions["kind"] == OVERDUE_ACTION]
    if len(overdue):
        items = [f"{r.ref} {r.title} ({r.detail})" for r in overdue.head(MAX_LISTED).itertuples()]
        more = len(overdue) - MAX_LISTED
        tail = f"; and {more} more" if more > 0 else ""
        out.append(f"Overdue: {'; '.join(items)}{tail}.")
    if s.plan_since is None:
        return out
    since = date_label(s.plan_since)
    changes = []
    if s.plan_completed:
        changes.append(f"{_plural(len(s.plan_completed), 'action')} completed")
    if s.plan_worsened:
        changes.append(f"{len(s.plan_worsened)} moved to at risk or off track")
    if s.plan_improved:
        changes.append(f"{len(s.plan_improved)} back on track")
    if changes:
        out.append(f"Since the last board ({since}): {join_words(changes)}.")
    else:
        out.append(f"No action changed status since the last board ({since}).")
    return out


def headline(s: BoardSummary) -> list[tuple[str, str, str | None]]:
    """The big numbers for a title slide or presentation: (label, number, status key)."""
    items = [
        ("On target", str(s.on_target), "green"),
        ("Near target", str(s.near_target), "amber"),
        ("Off target", str(s.off_target), "red"),
        (f"{TREND_SYMBOLS[IMPROVING]} Improving", str(s.improving), None),
        (f"{TREND_SYMBOLS[DETERIORATING]} Deteriorating", str(s.deteriorating), None),
    ]
    if s.plan is not None:
        items.append(("Overdue actions", str(s.plan["overdue"]), None))
    return items


# --- All at once ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Board:
    """One month's board: the inputs, the measure table, the summary and its sentences."""

    inputs: BoardInputs
    table: pd.DataFrame
    summary: BoardSummary
    sentences: list[str]


def build(inputs: BoardInputs) -> Board:
    """The measure table, summary and sentences for gathered inputs (publication applied)."""
    table = measure_table(
        inputs.card,
        inputs.month,
        inputs.spc,
        inputs.previous,
        publication_mode=inputs.publication,
    )
    summary = summarise(
        table,
        month=inputs.month,
        plan_frame=inputs.plan,
        plan_changes=inputs.plan_changes,
        plan_as_at_date=inputs.plan_as_at,
        plan_since=inputs.plan_since,
        spc_previous=inputs.spc_previous,
        publication_mode=inputs.publication,
    )
    return Board(inputs, table, summary, sentences(summary))


def series_for_pack(inputs: BoardInputs, measure_id: str, months: int = 24) -> pd.DataFrame:
    """A measure's last `months` months up to the board month, small counts hidden if asked."""
    series = inputs.series.get(measure_id)
    if series is None or series.empty:
        return pd.DataFrame(columns=["month", "value", "numerator", "denominator", "target"])
    start = pd.Timestamp(inputs.month) - pd.DateOffset(months=months - 1)
    part = series[series["month"] >= start].reset_index(drop=True)
    if inputs.publication:
        unit = inputs.card.set_index("measure_id").at[measure_id, "unit"]
        part = publication.suppress_series(part, unit)
    else:
        part = part.assign(suppressed=False)
    return part
