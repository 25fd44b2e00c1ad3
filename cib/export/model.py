"""What a board pack says, once, for every format: built from cib.board, rendered by each writer.

The PPTX, PDF and HTML writers only lay this out; none of them reads the database or works out
a figure, so the three files (and the presentation page) carry the same numbers as the
dashboard. Nothing child-level is in it: only monthly whole-council figures, targets and the
improvement plan's actions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from cib import board, measures, publication
from cib.charts.style import PALETTE, RAG_STYLE
from cib.config import COUNCIL_NAME

CHART_MONTHS = 24  # each measure's chart shows the two years up to the board month
BOARD_NAME = "Children's Improvement Board"

# Plan-status colours: the app's plan chart colours (cib.charts.plan.STATUS_STYLE) where that
# module is present, else the same Analysis Function colours written here.
try:
    from cib.charts.plan import STATUS_STYLE as PLAN_STATUS_STYLE
except ImportError:  # the plan issue not landed: same colours
    PLAN_STATUS_STYLE = {
        "Not started": {"fill": "#8E8E8E", "text": "#0B0C0C"},
        "On track": {"fill": "#28A197", "text": "#0B0C0C"},
        "At risk": {"fill": "#F46A25", "text": "#0B0C0C"},
        "Off track": {"fill": "#801650", "text": "#FFFFFF"},
        "Complete": {"fill": "#12436D", "text": "#FFFFFF"},
    }
PLAN_STATUSES = ("Not started", "On track", "At risk", "Off track", "Complete")
PLAN_SYMBOLS = {
    "Not started": "○",
    "On track": "●",
    "At risk": "!",
    "Off track": "✗",
    "Complete": "✓",
}

# Columns a pack may carry from the plan and measures; anything else (a child id, a case
# reference) never reaches a writer.
CHILD_LEVEL_WORDS = ("child_id", "case_ref", "person_id", "upn", "nhs_number", "dob", "postcode")


@dataclass(frozen=True)
class Chart:
    """One measure's recent months: categories 'Apr 17', actual (None = gap), target, RAG."""

    measure_id: str
    title: str
    unit: str
    decimals: int
    categories: list[str]
    months: list[dt.date]
    actual: list[float | None]
    target: list[float | None]
    rag: list[str | None]
    suppressed: list[bool]
    series: pd.DataFrame  # the same rows as a frame, for Plotly (HTML)

    @property
    def has_target(self) -> bool:
        """True when a target is in force in any month shown."""
        return any(t is not None for t in self.target)

    @property
    def alt(self) -> str:
        """A text alternative for the chart (WCAG 1.1.1)."""
        shown = [(c, v) for c, v in zip(self.categories, self.actual, strict=True) if v is not None]
        if not shown:
            return f"{self.title}: no figures to chart."
        first, last = shown[0], shown[-1]
        fmt = measures.format_value
        text = (
            f"{self.title}, {self.categories[0]} to {self.categories[-1]}: from "
            f"{fmt(first[1], self.unit, self.decimals)} in {first[0]} to "
            f"{fmt(last[1], self.unit, self.decimals)} in {last[0]}"
        )
        if self.has_target:
            target = next(t for t in reversed(self.target) if t is not None)
            text += f"; target {fmt(target, self.unit, self.decimals)}"
        return text + "."


@dataclass(frozen=True)
class Card:
    """One measure on an area slide: its figures as text, status, trend and chart."""

    measure_id: str
    title: str
    short_title: str
    value_text: str
    n_text: str
    target_text: str
    rag: str | None
    rag_label: str
    change_text: str
    direction: str | None
    trend: str
    trend_text: str
    spc_variation: str | None
    spc_label: str
    suppressed: bool
    chart: Chart


@dataclass(frozen=True)
class Area:
    """One area of the scorecard: an active title and its measures."""

    name: str
    title: str
    cards: list[Card]


@dataclass(frozen=True)
class PlanPart:
    """The improvement plan's status at the board: counts, by theme, what needs attention."""

    as_at: dt.date
    since: dt.date | None
    counts: dict[str, int]
    by_theme: pd.DataFrame  # theme, status, count (every theme and status)
    attention: pd.DataFrame  # Action, What, Who, Due, Status (overdue, off track, at risk)
    changes: pd.DataFrame  # Action, What, From, To


@dataclass(frozen=True)
class Pack:
    """A month's board pack, ready to lay out."""

    council: str
    month: dt.date
    title: str
    subtitle: str
    as_at_text: str
    publication: bool
    headline: list[tuple[str, str, str | None]]
    sentences: list[str]
    scorecard: pd.DataFrame  # one row a measure, texts only
    areas: list[Area]
    plan: PlanPart | None
    definitions: pd.DataFrame  # Measure, Definition, Better, Source, Target
    how_to_read: list[str]
    notes: list[str] = field(default_factory=list)
    plan_note: str = "No improvement plan has been loaded yet."  # said when plan is None

    @property
    def month_text(self) -> str:
        """'Mar 2018'."""
        return board.month_label(self.month)


def _none(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def chart_for(inputs: board.BoardInputs, row: pd.Series) -> Chart:
    """A measure's chart data: the last CHART_MONTHS months, small counts hidden if asked."""
    part = board.series_for_pack(inputs, row["measure_id"], CHART_MONTHS)
    months = [pd.Timestamp(m).date() for m in part["month"]]
    rag = part["rag"] if "rag" in part else pd.Series([None] * len(part))
    return Chart(
        measure_id=row["measure_id"],
        title=row["short_title"],
        unit=row["unit"],
        decimals=int(row["decimals"]),
        categories=[f"{m:%b %y}" for m in months],
        months=months,
        actual=[_none(v) for v in part["value"]],
        target=[_none(v) for v in part["target"]],
        rag=[r if isinstance(r, str) else None for r in rag],
        suppressed=[bool(s) for s in part["suppressed"]],
        series=part,
    )


def _area_title(name: str, rows: pd.DataFrame) -> str:
    """'Child protection: 2 of 4 on target' (an active title of ten words or fewer)."""
    with_target = int(rows["rag"].notna().sum())
    if not with_target:
        return name
    on = int((rows["rag"] == "green").sum())
    return f"{name}: {on} of {with_target} on target"


def scorecard_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The scorecard as every pack prints it: texts only, one row a measure."""
    return pd.DataFrame(
        {
            "Area": table["area"],
            "Measure": table["short_title"],
            "Value": table["value_text"],
            "n": [
                "" if s or pd.isna(d) or u != "%" else f"{d:,.0f}"
                for s, d, u in zip(
                    table["suppressed"], table["denominator"], table["unit"], strict=True
                )
            ],
            "Target": table["target_text"],
            "Status": [measures.rag_label(r) for r in table["rag"]],
            "Change": table["change_text"],
            "Trend": table["trend_text"],
            "rag": table["rag"],
        }
    )


SCORECARD_COLUMNS = ["Area", "Measure", "Value", "n", "Target", "Status", "Change", "Trend"]
Fill = tuple[str, str] | None


def scorecard_cells(card: pd.DataFrame) -> tuple[list[list[str]], list[list[Fill]]]:
    """The scorecard as table cells for the PDF and PPTX packs (columns SCORECARD_COLUMNS), and
    each cell's (background, text) colours: only the Status cell has them, its RAG badge's."""
    rows = [[str(r[h]) for h in SCORECARD_COLUMNS] for _, r in card.iterrows()]
    status = SCORECARD_COLUMNS.index("Status")
    fills = [
        [badge_colours(rag if isinstance(rag, str) else None) if i == status else None
         for i in range(len(SCORECARD_COLUMNS))]
        for rag in card["rag"]
    ]  # fmt: skip
    return rows, fills


def _definitions(table: pd.DataFrame) -> pd.DataFrame:
    better = {"up": "Higher", "down": "Lower", "neither": "Neither"}
    targets = []
    for r in table.itertuples():
        if pd.isna(r.target):
            targets.append("None")
        else:
            kind = f" ({r.target_kind})" if isinstance(r.target_kind, str) else ""
            since = (
                f" from {board.month_label(r.target_from)}" if not pd.isna(r.target_from) else ""
            )
            targets.append(f"{r.target_text}{kind}{since}")
    return pd.DataFrame(
        {
            "Measure": table["title"],
            "Definition": table["definition"],
            "Better": table["polarity"].map(better),
            "Source": table["source"],
            "Target": targets,
        }
    )


HOW_TO_READ = [
    "Status compares the month's figure with the improvement-plan target in force: on target "
    "(✓) is on or better than the target; near target (!) is worse but within the measure's "
    "tolerance (5 percentage points for most % measures); off target (✗) is beyond it.",
    "Change compares the month with the month before: ▲ better, ▼ worse (judged by whether "
    "higher or lower is better); ↑ higher and ↓ lower for measures with no better direction.",
    "Trend uses statistical process control (SPC, NHS England 'Making Data Count') where a "
    "measure has 15 months or more: improving or deteriorating means a special-cause variation "
    "in the latest month; no significant change means common-cause variation. Measures with "
    "fewer months are judged on the change since the month before.",
    "SPC letters: (H) unusually high, (L) unusually low. Charts show the last 24 months: the "
    "solid line is the council's figure, the dashed line the target; markers show each month's "
    "status by colour and shape.",
    "n is the number of cases a percentage is built on; percentages on few cases swing widely.",
]


def _plan_part(inputs: board.BoardInputs, summary: board.BoardSummary) -> PlanPart | None:
    frame = inputs.plan
    if frame is None or summary.plan is None or not summary.plan["actions"]:
        return None
    by_theme = _by_theme(frame, inputs.plan_themes)
    need = frame[frame["attention"].isin(["Overdue", "Off track", "At risk"])]
    attention = pd.DataFrame(
        {
            "Action": need["action_id"],
            "What": need["what"],
            "Who": need["who"].fillna(""),
            "Due": [board.date_label(d) for d in need["due_date"]],
            "Status": [
                f"{PLAN_SYMBOLS.get(s, '')} {s}" + (" (overdue)" if o else "")
                for s, o in zip(need["status"], need["overdue"], strict=True)
            ],
        }
    )
    changes = inputs.plan_changes
    if changes is None or changes.empty:
        change_rows = pd.DataFrame(columns=["Action", "What", "From", "To"])
    else:
        change_rows = pd.DataFrame(
            {
                "Action": changes["action_id"],
                "What": changes["what"],
                "From": changes["from_status"],
                "To": changes["to_status"],
            }
        )
    return PlanPart(
        as_at=inputs.plan_as_at,
        since=inputs.plan_since,
        counts=summary.plan,
        by_theme=by_theme,
        attention=attention.reset_index(drop=True),
        changes=change_rows.reset_index(drop=True),
    )


def _by_theme(frame: pd.DataFrame, themes: pd.DataFrame | None) -> pd.DataFrame:
    """Actions per theme and status, every theme and status kept (zeros included)."""
    if themes is None or themes.empty:
        themes = (
            frame[["theme_id", "theme"]].drop_duplicates().rename(columns={"theme": "title"})
            if len(frame)
            else pd.DataFrame(columns=["theme_id", "title"])
        )
    rows = []
    for theme_id, title in zip(themes["theme_id"], themes["title"], strict=True):
        part = frame[frame["theme_id"] == theme_id] if len(frame) else frame
        for status in PLAN_STATUSES:
            count = int((part["status"] == status).sum()) if len(part) else 0
            rows.append({"theme": title, "status": status, "count": count})
    return pd.DataFrame(rows, columns=["theme", "status", "count"])


def check_no_child_level(frames: list[pd.DataFrame]) -> None:
    """Refuse to build a pack from a frame with a child-level column (a guard, never expected)."""
    for frame in frames:
        bad = [c for c in frame.columns if str(c).lower() in CHILD_LEVEL_WORDS]
        if bad:
            raise ValueError(f"child-level columns must not reach a board pack: {bad}")


def build_pack(b: board.Board, council: str = COUNCIL_NAME) -> Pack:
    """The pack for a built board (cib.board.build)."""
    inputs, table, summary = b.inputs, b.table, b.summary
    check_no_child_level([table, *inputs.series.values()])
    if inputs.plan is not None:
        check_no_child_level([inputs.plan])
    areas = []
    for name, rows in table.groupby("area", sort=False):
        cards = [
            Card(
                measure_id=r["measure_id"],
                title=r["title"],
                short_title=r["short_title"],
                value_text=r["value_text"],
                n_text=r["n_text"],
                target_text=r["target_text"],
                rag=r["rag"] if isinstance(r["rag"], str) else None,
                rag_label=measures.rag_label(r["rag"]),
                change_text=r["change_text"],
                direction=r["direction"] if isinstance(r["direction"], str) else None,
                trend=r["trend"],
                trend_text=r["trend_text"],
                spc_variation=r["spc_variation"],
                spc_label=r["spc_label"],
                suppressed=bool(r["suppressed"]),
                chart=chart_for(inputs, r),
            )
            for _, r in rows.iterrows()
        ]
        areas.append(Area(name=name, title=_area_title(name, rows), cards=cards))
    month_text = board.month_label(inputs.month)
    as_at = f"Data as at {board.month_label(inputs.latest_month)}"
    if inputs.loaded_at is not None and not pd.isna(inputs.loaded_at):
        as_at += f", last loaded {pd.Timestamp(inputs.loaded_at):%-d %b %Y}"
    notes = [publication.NOTE] if inputs.publication else []
    return Pack(
        council=council,
        month=inputs.month,
        title=f"{council} {BOARD_NAME}",
        subtitle=f"Performance and improvement plan, {month_text}",
        as_at_text=as_at,
        publication=inputs.publication,
        headline=board.headline(summary),
        sentences=b.sentences,
        scorecard=scorecard_rows(table),
        areas=areas,
        plan=_plan_part(inputs, summary),
        definitions=_definitions(table),
        how_to_read=list(HOW_TO_READ),
        notes=notes,
        plan_note=(
            f"The improvement plan had no actions at {board.date_label(inputs.plan_as_at)}."
            if inputs.plan is not None
            else "No improvement plan has been loaded yet."
        ),
    )


def rag_colour(status: str | None) -> str:
    """The marker colour of a RAG status (the app's)."""
    return RAG_STYLE.get(status, RAG_STYLE[None])["marker"]


def badge_colours(status: str | None) -> tuple[str, str]:
    """(background, text) of a RAG badge (the app's GOV.UK tag colours)."""
    style = RAG_STYLE.get(status, RAG_STYLE[None])
    return style["badge_bg"], style["badge_fg"]


ACTUAL_COLOUR = PALETTE["actual"]
TARGET_COLOUR = PALETTE["target"]
TEXT_COLOUR = PALETTE["text"]
MUTED_COLOUR = PALETTE["muted"]
GRID_COLOUR = PALETTE["grid"]
