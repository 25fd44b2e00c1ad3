"""The board pack as PDF (fpdf2): A4 landscape pages in the same order as the slides.

Only the PDF core fonts are used (Helvetica), so nothing is installed or fetched: text is kept
to Latin-1, and the symbols the app shows beside words (status marks, arrows) are drawn as
vector shapes in the app's colours instead. Charts are drawn with fpdf2's lines and shapes
(vector, no browser). Text stays real text, so it can be searched, copied and read aloud.
"""

from __future__ import annotations

import math

import pandas as pd
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from cib import board
from cib.export import model, scale
from cib.export.model import Card, Chart, Pack

FONT = "Helvetica"
PAGE_W, PAGE_H = 297.0, 210.0
MARGIN = 12.0
CONTENT_W = PAGE_W - 2 * MARGIN
TOP = 26.0  # below the page title
BOTTOM = PAGE_H - 12.0

# Characters the core fonts lack, as the nearest Latin-1 text; status symbols are dropped
# from text because they are drawn as shapes beside the words.
_ASCII = {
    "–": "-",
    "—": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "…": "...",
    "→": "to",
    "≥": ">=",
    "≤": "<=",
    "✓": "",
    "✗": "",
    "▲": "",
    "▼": "",
    "▶": "",
    "↑": "",
    "↓": "",
    "○": "",
    "●": "",
    "◆": "",
}


def latin1(text: object) -> str:
    """Text the core fonts can print: symbols dropped, dashes and quotes made plain."""
    text = str(text)
    if text.startswith("– "):  # the app's 'no status' mark, not a dash: drawn as a shape
        text = text[2:]
    out = "".join(_ASCII.get(ch, ch) for ch in text)
    out = out.replace("  ", " ").strip() if out != str(text) else out
    return out.encode("latin-1", "replace").decode("latin-1")


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


class PackPDF(FPDF):
    """A4 landscape with the pack's footer on every page."""

    def __init__(self, pack: Pack) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.pack = pack
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=14)
        self.set_title(latin1(f"{pack.title}: {pack.subtitle}"))
        self.set_author(latin1(pack.council))
        self.set_subject("Board pack")
        self.set_creator("Children's Improvement Board dashboard")
        self.set_lang("en-GB")

    def footer(self) -> None:
        """Title, month, data as at, page number."""
        self.set_y(-10)
        self.font(8, colour=model.MUTED_COLOUR)
        text = f"{self.pack.title} - {self.pack.month_text} - {self.pack.as_at_text}"
        if self.pack.publication:
            text += " - Publication version (small counts suppressed)"
        self.cell(CONTENT_W - 15, 5, latin1(text))
        self.cell(15, 5, str(self.page_no()), align="R")

    def font(self, size: float, bold: bool = False, colour: str = model.TEXT_COLOUR) -> None:
        """Helvetica at a size, bold or not, in a colour."""
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*_rgb(colour))

    def fill(self, colour: str) -> None:
        """Fill colour."""
        self.set_fill_color(*_rgb(colour))

    def draw(self, colour: str, width: float = 0.2) -> None:
        """Line colour and width."""
        self.set_draw_color(*_rgb(colour))
        self.set_line_width(width)

    def heading(self, text: str) -> None:
        """A page title with a rule under it."""
        self.set_xy(MARGIN, MARGIN)
        self.font(20, bold=True, colour=model.ACTUAL_COLOUR)
        self.start_section(latin1(text))
        self.cell(CONTENT_W, 10, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.fill(model.ACTUAL_COLOUR)
        self.rect(MARGIN, MARGIN + 11, CONTENT_W, 0.8, style="F")
        self.set_y(TOP)


# --- Shapes that stand for the app's symbols ---------------------------------------------------


def marker(pdf: PackPDF, status: str | None, cx: float, cy: float, r: float = 1.3) -> None:
    """A RAG marker as the charts draw it: circle (on), diamond (near), cross (off)."""
    colour = model.rag_colour(status)
    pdf.fill(colour)
    pdf.draw(model.TEXT_COLOUR, 0.15)
    if status == "amber":
        pts = [(cx, cy - r * 1.25), (cx + r * 1.25, cy), (cx, cy + r * 1.25), (cx - r * 1.25, cy)]
        pdf.polygon(pts, style="DF")
    elif status == "red":
        pdf.draw(colour, r * 0.7)
        pdf.line(cx - r, cy - r, cx + r, cy + r)
        pdf.line(cx - r, cy + r, cx + r, cy - r)
    elif status == "green":
        pdf.circle(cx, cy, r, style="DF")
    else:
        pdf.fill("#FFFFFF")
        pdf.draw(model.MUTED_COLOUR, 0.25)
        pdf.circle(cx, cy, r, style="DF")


def arrow(pdf: PackPDF, up: bool, cx: float, cy: float, colour: str, r: float = 1.4) -> None:
    """A small filled triangle pointing up or down (direction of travel)."""
    pdf.fill(colour)
    pdf.draw(colour, 0.1)
    if up:
        pts = [(cx - r, cy + r * 0.8), (cx + r, cy + r * 0.8), (cx, cy - r * 0.9)]
    else:
        pts = [(cx - r, cy - r * 0.8), (cx + r, cy - r * 0.8), (cx, cy + r * 0.9)]
    pdf.polygon(pts, style="DF")


def _status_chip(pdf: PackPDF, status: str | None, label: str, x: float, y: float) -> float:
    """Marker and status word on its tint; returns the width used."""
    bg, fg = model.badge_colours(status)
    pdf.font(9, bold=True, colour=fg)
    text = latin1(label)
    w = pdf.get_string_width(text) + 7
    pdf.fill(bg)
    pdf.rect(x, y, w, 5, style="F")
    marker(pdf, status, x + 2.3, y + 2.5, 1.1)
    pdf.set_xy(x + 4.2, y)
    pdf.cell(w - 4.2, 5, text)
    return w


# --- Pages -------------------------------------------------------------------------------------


def _title_page(pdf: PackPDF, pack: Pack) -> None:
    pdf.add_page()
    pdf.fill(model.ACTUAL_COLOUR)
    pdf.rect(0, 0, 8, PAGE_H, style="F")
    pdf.set_xy(30, 55)
    pdf.font(18, colour=model.MUTED_COLOUR)
    pdf.cell(0, 10, latin1(pack.council), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_x(30)
    pdf.font(32, bold=True, colour=model.ACTUAL_COLOUR)
    pdf.start_section(latin1(model.BOARD_NAME))
    pdf.cell(0, 16, latin1(model.BOARD_NAME), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_x(30)
    pdf.font(20)
    pdf.cell(0, 12, latin1(pack.subtitle), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(8)
    pdf.set_x(30)
    pdf.font(13, colour=model.MUTED_COLOUR)
    pdf.cell(0, 8, latin1(pack.as_at_text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if pack.publication:
        pdf.set_x(30)
        pdf.cell(
            0, 8, latin1("Publication version: counts under 5 are suppressed and shown as 'c'.")
        )


def _tiles(pdf: PackPDF, pack: Pack) -> None:
    tiles = pack.headline
    gap = 4.0
    w = (CONTENT_W - gap * (len(tiles) - 1)) / len(tiles)
    h = 26.0
    y = pdf.get_y()
    for i, (label, value, status) in enumerate(tiles):
        x = MARGIN + i * (w + gap)
        bg, fg = model.badge_colours(status) if status else ("#F3F2F1", model.TEXT_COLOUR)
        pdf.fill(bg)
        pdf.draw(model.rag_colour(status) if status else model.GRID_COLOUR, 0.5)
        pdf.rect(x, y, w, h, style="DF")
        pdf.set_xy(x, y + 2)
        pdf.font(28, bold=True, colour=fg)
        pdf.cell(w, 13, value, align="C")
        words = latin1(label)
        pdf.font(11, colour=fg)
        text_w = pdf.get_string_width(words)
        sx = x + (w - text_w) / 2
        if status:
            marker(pdf, status, sx - 3.5, y + 19.5, 1.4)
        elif "Improving" in label or "Deteriorating" in label:
            arrow(pdf, "Improving" in label, sx - 3.5, y + 19.5, fg)
        pdf.set_xy(x, y + 16)
        pdf.cell(w, 7, words, align="C")
    pdf.set_y(y + h + 6)


def _summary_page(pdf: PackPDF, pack: Pack) -> None:
    pdf.add_page()
    pdf.heading(f"Summary, {pack.month_text}")
    _tiles(pdf, pack)
    size = 12 if sum(len(s) for s in pack.sentences) < 1900 else 10.5
    for sentence in pack.sentences:
        y = pdf.get_y()
        pdf.fill(model.ACTUAL_COLOUR)
        pdf.circle(MARGIN + 1.5, y + size * 0.22, 0.9, style="F")
        pdf.set_x(MARGIN + 5)
        pdf.font(size)
        pdf.multi_cell(CONTENT_W - 5, size * 0.45, latin1(sentence), align="L")
        pdf.ln(size * 0.18)


def _table(
    pdf: PackPDF,
    header: list[str],
    rows: list[list[str]],
    widths: list[float],
    *,
    size: float = 9,
    fills: list[list[tuple[str, str] | None]] | None = None,
) -> None:
    """A table with a dark header row that repeats on a new page; fills: (bg, fg) per cell."""
    pdf.font(size)
    pdf.fill("#FFFFFF")  # cells not striped or styled are white, whatever was drawn before
    heading = FontFace(emphasis="BOLD", color=_rgb("#FFFFFF"), fill_color=_rgb(model.ACTUAL_COLOUR))
    with pdf.table(
        col_widths=widths,
        width=CONTENT_W,
        text_align="LEFT",
        headings_style=heading,
        line_height=size * 0.48,
        padding=1.2,
        borders_layout="HORIZONTAL_LINES",
        cell_fill_color=_rgb("#F3F2F1"),
        cell_fill_mode="ROWS",
        repeat_headings=1,
    ) as table:
        table.row([latin1(h) for h in header])
        for r, values in enumerate(rows):
            row = table.row()
            for c, value in enumerate(values):
                style = fills[r][c] if fills else None
                face = (
                    FontFace(emphasis="BOLD", color=_rgb(style[1]), fill_color=_rgb(style[0]))
                    if style
                    else None
                )
                row.cell(latin1(value), style=face)


def _scorecard_page(pdf: PackPDF, pack: Pack) -> None:
    pdf.add_page()
    pdf.heading(f"Scorecard, {pack.month_text}")
    card = pack.scorecard
    header = model.SCORECARD_COLUMNS
    rows, fills = model.scorecard_cells(card)
    _table(pdf, header, rows, [34, 44, 15, 11, 15, 24, 48, 52], size=9, fills=fills)


def draw_chart(pdf: PackPDF, chart: Chart, x: float, y: float, w: float, h: float) -> None:
    """A line chart: gridlines and value labels, dashed target step, actual line, RAG markers."""
    left, bottom, top_pad = 13.0, 6.0, 5.0
    px, py, pw, ph = x + left, y + top_pad, w - left - 2, h - top_pad - bottom
    low, high, step = scale.axis_range([*chart.actual, *chart.target], chart.unit)
    n = max(1, len(chart.categories))

    def ypos(v: float) -> float:
        return py + ph - (v - low) / (high - low) * ph

    def xpos(i: int) -> float:
        return px + (i + 0.5) * pw / n

    pdf.font(7, colour=model.MUTED_COLOUR)
    for tick in scale.ticks(low, high, step):
        ty = ypos(tick)
        pdf.draw(model.GRID_COLOUR, 0.2)
        pdf.line(px, ty, px + pw, ty)
        label = scale.tick_label(tick, step, chart.unit)
        pdf.set_xy(x, ty - 2)
        pdf.cell(left - 1.5, 4, label, align="R")
    pdf.draw(model.MUTED_COLOUR, 0.3)
    pdf.line(px, py + ph, px + pw, py + ph)
    every = 6 if n > 12 else 2
    for i, cat in enumerate(chart.categories):
        if i % every == 0:
            pdf.line(xpos(i), py + ph, xpos(i), py + ph + 1)
            pdf.set_xy(xpos(i) - 8, py + ph + 1)
            pdf.cell(16, 4, cat, align="C")
    if chart.has_target:
        pdf.draw(model.TARGET_COLOUR, 0.45)
        pdf.set_dash_pattern(dash=1.2, gap=0.8)
        half = pw / n / 2
        prev = None
        for i, t in enumerate(chart.target):
            if t is None:
                prev = None
                continue
            ty = ypos(t)
            if prev is not None and prev != ty:
                pdf.line(xpos(i) - half, prev, xpos(i) - half, ty)
            pdf.line(xpos(i) - half, ty, xpos(i) + half, ty)
            prev = ty
        pdf.set_dash_pattern()
    pdf.draw(model.ACTUAL_COLOUR, 0.6)
    run: list[tuple[float, float]] = []
    for i, v in enumerate([*chart.actual, None]):
        if v is None:
            if len(run) > 1:
                pdf.polyline(run)
            run = []
        else:
            run.append((xpos(i), ypos(v)))
    for i, (v, status) in enumerate(zip(chart.actual, chart.rag, strict=True)):
        if v is not None:
            marker(pdf, status, xpos(i), ypos(v), 0.9)
    # legend, top right: a word beside each line style
    lx = x + w - 42
    pdf.draw(model.ACTUAL_COLOUR, 0.6)
    pdf.line(lx, y + 2, lx + 5, y + 2)
    pdf.set_xy(lx + 6, y)
    pdf.font(7, colour=model.TEXT_COLOUR)
    pdf.cell(14, 4, "Actual")
    if chart.has_target:
        pdf.draw(model.TARGET_COLOUR, 0.45)
        pdf.set_dash_pattern(dash=1.2, gap=0.8)
        pdf.line(lx + 20, y + 2, lx + 25, y + 2)
        pdf.set_dash_pattern()
        pdf.set_xy(lx + 26, y)
        pdf.cell(14, 4, "Target")


def _card(pdf: PackPDF, card: Card, x: float, y: float, w: float, h: float) -> None:
    pdf.set_xy(x, y)
    pdf.font(11, bold=True, colour=model.ACTUAL_COLOUR)
    pdf.cell(w, 6, latin1(card.short_title))
    text_h = 20.0
    draw_chart(pdf, card.chart, x, y + 6, w, h - 6 - text_h)
    ty = y + h - text_h + 1
    pdf.set_xy(x, ty)
    pdf.font(15, bold=True, colour=model.ACTUAL_COLOUR)
    value = latin1(card.value_text)
    vw = pdf.get_string_width(value) + 2
    pdf.cell(vw, 7, value)
    pdf.font(9)
    extra = f"({card.n_text})  " if card.n_text else ""
    extra += f"target {card.target_text}" if card.target_text else ""
    ew = pdf.get_string_width(latin1(extra)) + 3
    pdf.cell(ew, 7, latin1(extra))
    _status_chip(pdf, card.rag, card.rag_label, x + vw + ew, ty + 1)
    pdf.set_xy(x + 4, ty + 7.5)
    pdf.font(8.5)
    direction = next((d for d in ("better", "worse") if f" {d} than" in card.change_text), None)
    if direction:
        colour = "#005A30" if direction == "better" else "#942514"
        arrow(pdf, direction == "better", x + 1.6, ty + 9.7, colour, 1.1)
    pdf.cell(w - 4, 4.5, latin1(card.change_text or "No figure the month before"))
    pdf.set_xy(x + 4, ty + 12.5)
    pdf.font(8.5, colour=model.MUTED_COLOUR)
    if card.trend in (board.IMPROVING, board.DETERIORATING):
        arrow(pdf, card.trend == board.IMPROVING, x + 1.6, ty + 14.7, model.MUTED_COLOUR, 1.1)
    pdf.cell(w - 4, 4.5, "Trend: " + latin1(card.trend_text))


_GRID = {1: 1, 2: 2, 3: 3, 4: 2, 5: 3, 6: 3}


def _area_page(pdf: PackPDF, pack: Pack, area: model.Area) -> None:
    pdf.add_page()
    pdf.heading(area.title)
    cols = _GRID.get(len(area.cards), 3)
    rows = math.ceil(len(area.cards) / cols)
    gap = 6.0
    avail_h = BOTTOM - TOP - 4
    w = (CONTENT_W - gap * (cols - 1)) / cols
    h = min(85.0, (avail_h - gap * (rows - 1)) / rows)
    for i, card in enumerate(area.cards):
        r, c = divmod(i, cols)
        _card(pdf, card, MARGIN + c * (w + gap), TOP + r * (h + gap), w, h)
    if any(card.suppressed or any(card.chart.suppressed) for card in area.cards):
        pdf.set_auto_page_break(False)  # the note sits just above the footer, on this page
        pdf.set_xy(MARGIN, BOTTOM - 2)
        pdf.font(8, colour=model.MUTED_COLOUR)
        pdf.cell(CONTENT_W, 4, "c = suppressed: fewer than 5 cases", align="R")
        pdf.set_auto_page_break(True, margin=14)


def _plan_bars(pdf: PackPDF, part: model.PlanPart, x: float, y: float, w: float) -> float:
    """Stacked horizontal bars: actions per theme by status; returns the height used."""
    themes = list(dict.fromkeys(part.by_theme["theme"]))
    table = part.by_theme.pivot_table(index="theme", columns="status", values="count",
                                      aggfunc="sum", sort=False).reindex(themes)  # fmt: skip
    biggest = max(1, int(table.fillna(0).sum(axis=1).max())) if len(table) else 1
    label_w, bar_h, gap = 48.0, 9.0, 4.0
    scale_w = w - label_w - 2
    pdf.font(8.5)
    for i, theme in enumerate(themes):
        by = y + i * (bar_h + gap)
        pdf.set_xy(x, by)
        pdf.multi_cell(label_w - 2, 4.2, latin1(theme), align="R", max_line_height=4.2)
        bx = x + label_w
        for status in model.PLAN_STATUSES:
            count = table.at[theme, status] if status in table else 0
            count = 0 if pd.isna(count) else int(count)
            if not count:
                continue
            seg = scale_w * count / biggest
            style = model.PLAN_STATUS_STYLE[status]
            pdf.fill(style["fill"])
            pdf.rect(bx, by, seg, bar_h, style="F")
            pdf.set_xy(bx, by)
            pdf.font(9, bold=True, colour=style["text"])
            pdf.cell(seg, bar_h, str(count), align="C")
            bx += seg
        pdf.font(8.5)
    ly = y + len(themes) * (bar_h + gap) + 1
    lx = x + label_w
    pdf.font(8)
    for status in model.PLAN_STATUSES:
        pdf.fill(model.PLAN_STATUS_STYLE[status]["fill"])
        pdf.rect(lx, ly + 0.8, 3, 3, style="F")
        pdf.set_xy(lx + 3.8, ly)
        pdf.cell(pdf.get_string_width(status) + 4, 4.5, status)
        lx += pdf.get_string_width(status) + 10
    return ly + 6 - y


def _plan_page(pdf: PackPDF, pack: Pack) -> None:
    pdf.add_page()
    part = pack.plan
    if part is None:
        pdf.heading("Improvement plan")
        pdf.font(13)
        pdf.cell(0, 8, latin1(pack.plan_note))
        return
    c = part.counts
    pdf.heading(f"Improvement plan: {c['complete']} of {c['actions']} actions complete")
    pdf.font(12)
    pdf.cell(0, 7, latin1(
        f"At {board.date_label(part.as_at)}: {c['overdue']} overdue, {c['at_risk']} at risk or "
        "off track."
    ), new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
    pdf.ln(2)
    bars_top = pdf.get_y()
    used = _plan_bars(pdf, part, MARGIN, bars_top, CONTENT_W * 0.62) if len(part.by_theme) else 0
    pdf.set_y(bars_top + used + 2)
    pdf.font(12, bold=True, colour=model.ACTUAL_COLOUR)
    pdf.cell(0, 7, "Needs attention: overdue, off track or at risk", new_x=XPos.LMARGIN,
             new_y=YPos.NEXT)  # fmt: skip
    att = part.attention
    if att.empty:
        pdf.font(10)
        pdf.cell(0, 6, "No action is overdue, off track or at risk.", new_x=XPos.LMARGIN,
                 new_y=YPos.NEXT)  # fmt: skip
    else:
        cols = ["Action", "What", "Who", "Due", "Status"]
        rows = [[str(v) for v in r] for r in att[cols].values]
        fills = [[None] * 4 + [_status_fill(s)] for s in att["Status"]]
        _table(pdf, cols, rows, [14, 110, 60, 26, 35], size=9, fills=fills)
    if part.since is not None:
        pdf.ln(3)
        pdf.font(12, bold=True, colour=model.ACTUAL_COLOUR)
        pdf.cell(0, 7, latin1(f"Changed since the last board ({board.date_label(part.since)})"),
                 new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
        if part.changes.empty:
            pdf.font(10)
            pdf.cell(0, 6, "No action changed status.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        else:
            rows = [[str(v) for v in r] for r in part.changes.values]
            _table(pdf, list(part.changes.columns), rows, [14, 150, 40, 40], size=9)


def _status_fill(label: str) -> tuple[str, str] | None:
    for status, style in model.PLAN_STATUS_STYLE.items():
        if status in label:
            return style["fill"], style["text"]
    return None


def _appendix(pdf: PackPDF, pack: Pack) -> None:
    pdf.add_page()
    pdf.heading("Appendix: definitions")
    defs = pack.definitions
    rows = [[str(v) for v in r] for r in defs.values]
    _table(pdf, list(defs.columns), rows, [45, 120, 16, 50, 42], size=8.5)
    pdf.add_page()
    pdf.heading("Appendix: how to read this pack")
    for para in pack.how_to_read + pack.notes:
        y = pdf.get_y()
        pdf.fill(model.ACTUAL_COLOUR)
        pdf.circle(MARGIN + 1.5, y + 2.6, 0.9, style="F")
        pdf.set_x(MARGIN + 5)
        pdf.font(11)
        pdf.multi_cell(CONTENT_W - 5, 5.2, latin1(para), align="L")
        pdf.ln(2)


def render(pack: Pack) -> bytes:
    """The pack as a PDF file's bytes."""
    pdf = PackPDF(pack)
    _title_page(pdf, pack)
    _summary_page(pdf, pack)
    _scorecard_page(pdf, pack)
    for area in pack.areas:
        _area_page(pdf, pack, area)
    _plan_page(pdf, pack)
    _appendix(pdf, pack)
    return bytes(pdf.output())
