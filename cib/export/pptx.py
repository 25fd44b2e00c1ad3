"""The board pack as PowerPoint: native, editable charts (python-pptx), real text, app colours.

16:9 slides: title, summary, scorecard, one slide per area (a line chart per measure with its
target), the improvement plan, then the appendix (definitions, how to read the pack). Charts use
string categories ('Apr 17'), which PowerPoint and LibreOffice both draw cleanly.
"""

from __future__ import annotations

import io
import math

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from cib import board, measures
from cib.export import model, scale
from cib.export.model import Card, Chart, Pack

FONT = "Arial"
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.45)
TITLE_H = Inches(0.85)
FOOTER_H = Inches(0.35)
_MARKERS = {
    "green": XL_MARKER_STYLE.CIRCLE,
    "amber": XL_MARKER_STYLE.DIAMOND,
    "red": XL_MARKER_STYLE.X,
    None: XL_MARKER_STYLE.CIRCLE,
}


def rgb(hex_colour: str) -> RGBColor:
    """'#12436D' -> RGBColor."""
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


# --- Text -------------------------------------------------------------------------------------


def _text(
    slide: object,
    x: int,
    y: int,
    w: int,
    h: int,
    paragraphs: list[str | list[tuple[str, dict]]],
    *,
    size: float = 14,
    colour: str = model.TEXT_COLOUR,
    bold: bool = False,
    align: PP_ALIGN = PP_ALIGN.LEFT,
    anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
    space_after: float = 0,
    bullet: bool = False,
) -> object:
    """A text box; each paragraph is a string or a list of (text, style) runs."""
    box = slide.shapes.add_textbox(x, y, w, h)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(frame, side, Inches(0.04))
    for i, para in enumerate(paragraphs):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.alignment = align
        p.space_after = Pt(space_after)
        runs = [(para, {})] if isinstance(para, str) else para
        if bullet:
            runs = [("•  ", {}), *runs]
        for text, style in runs:
            run = p.add_run()
            run.text = text
            font = run.font
            font.name = FONT
            font.size = Pt(style.get("size", size))
            font.bold = style.get("bold", bold)
            font.color.rgb = rgb(style.get("colour", colour))
    return box


def _fit_size(paragraphs: list[str], width_in: float, height_in: float, sizes: tuple) -> float:
    """The largest font size at which the paragraphs fit the box (Arial, about 0.5 em a char)."""
    for size in sizes:
        per_line = max(10, int(width_in * 72 / (size * 0.5)))
        lines = sum(max(1, math.ceil(len(p) / per_line)) for p in paragraphs)
        needed = lines * size * 1.2 / 72 + len(paragraphs) * size * 0.5 / 72
        if needed <= height_in:
            return size
    return sizes[-1]


def _frame(prs: Presentation, pack: Pack, title: str, number: int) -> object:
    """A blank slide with its title, a rule under it and the footer."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _text(slide, MARGIN, Inches(0.25), WIDTH - 2 * MARGIN, TITLE_H - Inches(0.25), [title],
          size=28, bold=True, colour=model.ACTUAL_COLOUR, anchor=MSO_ANCHOR.MIDDLE)  # fmt: skip
    rule = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, MARGIN, TITLE_H + Inches(0.02), WIDTH - 2 * MARGIN, Inches(0.03)
    )
    _solid(rule, model.ACTUAL_COLOUR)
    foot = f"{pack.title} · {pack.month_text} · {pack.as_at_text}"
    if pack.publication:
        foot += " · Publication version (small counts suppressed)"
    _text(slide, MARGIN, HEIGHT - FOOTER_H, WIDTH - 2 * MARGIN - Inches(0.6), FOOTER_H, [foot],
          size=10, colour=model.MUTED_COLOUR, anchor=MSO_ANCHOR.MIDDLE)  # fmt: skip
    _text(slide, WIDTH - MARGIN - Inches(0.6), HEIGHT - FOOTER_H, Inches(0.6), FOOTER_H,
          [str(number)], size=10, colour=model.MUTED_COLOUR, align=PP_ALIGN.RIGHT,
          anchor=MSO_ANCHOR.MIDDLE)  # fmt: skip
    return slide


def _solid(shape: object, fill: str, line: str | None = None) -> None:
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(fill)
    if line is None:
        shape.line.fill.background()
    else:
        shape.line.color.rgb = rgb(line)
        shape.line.width = Pt(1.5)
    shape.shadow.inherit = False


def _alt(graphic_frame: object, text: str) -> None:
    """Alt text on a chart or table (python-pptx has no API for it: set cNvPr@descr)."""
    graphic_frame._element.nvGraphicFramePr.cNvPr.set("descr", text)


# --- Slides -----------------------------------------------------------------------------------


def _title_slide(prs: Presentation, pack: Pack) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(0.35), HEIGHT)
    _solid(band, model.ACTUAL_COLOUR)
    x, w = Inches(1.0), WIDTH - Inches(2.0)
    _text(slide, x, Inches(1.6), w, Inches(0.6), [pack.council], size=24,
          colour=model.MUTED_COLOUR)  # fmt: skip
    _text(slide, x, Inches(2.2), w, Inches(1.2), [model.BOARD_NAME], size=44, bold=True,
          colour=model.ACTUAL_COLOUR)  # fmt: skip
    _text(slide, x, Inches(3.4), w, Inches(0.8), [pack.subtitle], size=28)
    lines = [pack.as_at_text]
    if pack.publication:
        lines.append("Publication version: counts under 5 are suppressed and shown as 'c'.")
    _text(slide, x, Inches(4.6), w, Inches(1.0), lines, size=18, colour=model.MUTED_COLOUR,
          space_after=6)  # fmt: skip


def _summary_slide(prs: Presentation, pack: Pack, number: int) -> None:
    slide = _frame(prs, pack, f"Summary, {pack.month_text}", number)
    tiles = pack.headline
    gap = Inches(0.2)
    tile_w = int((WIDTH - 2 * MARGIN - gap * (len(tiles) - 1)) / len(tiles))
    top, tile_h = TITLE_H + Inches(0.25), Inches(1.35)
    for i, (label, value, status) in enumerate(tiles):
        x = MARGIN + i * (tile_w + gap)
        bg, fg = model.badge_colours(status) if status else ("#F3F2F1", model.TEXT_COLOUR)
        tile = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, x, top, tile_w, tile_h)
        _solid(tile, bg, model.rag_colour(status) if status else model.GRID_COLOUR)
        _text(slide, x, top + Inches(0.05), tile_w, Inches(0.8), [value], size=44, bold=True,
              colour=fg, align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.MIDDLE)  # fmt: skip
        _text(slide, x, top + Inches(0.85), tile_w, Inches(0.45), [label], size=16, colour=fg,
              align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.MIDDLE)  # fmt: skip
    body_top = top + tile_h + Inches(0.25)
    body_h = HEIGHT - FOOTER_H - body_top - Inches(0.1)
    body_w = WIDTH - 2 * MARGIN
    size = _fit_size(pack.sentences, body_w / 914400 - 0.3, body_h / 914400, (18, 16, 14, 13, 12))
    _text(slide, MARGIN, body_top, body_w, body_h, pack.sentences, size=size,
          space_after=size * 0.4, bullet=True)  # fmt: skip


def _table(
    slide: object,
    x: int,
    y: int,
    w: int,
    widths: list[float],
    header: list[str],
    rows: list[list[str]],
    *,
    size: float = 11,
    row_h: float = 0.3,
    fills: list[list[tuple[str, str] | None]] | None = None,
) -> object:
    """A native table with a dark header; fills[r][c] = (background, text colour) or None."""
    shape = slide.shapes.add_table(
        len(rows) + 1, len(header), x, y, w, Inches(row_h * (len(rows) + 1))
    )
    table = shape.table
    total = sum(widths)
    for c, share in enumerate(widths):
        table.columns[c].width = Emu(int(w * share / total))
    for r in range(len(rows) + 1):
        table.rows[r].height = Inches(row_h)
        for c in range(len(header)):
            cell = table.cell(r, c)
            text = header[c] if r == 0 else rows[r - 1][c]
            cell.margin_left = cell.margin_right = Inches(0.05)
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            frame = cell.text_frame
            frame.word_wrap = True
            frame.paragraphs[0].text = ""
            run = frame.paragraphs[0].add_run()
            run.text = text
            run.font.name = FONT
            run.font.size = Pt(size)
            if r == 0:
                run.font.bold = True
                run.font.color.rgb = rgb("#FFFFFF")
                cell.fill.solid()
                cell.fill.fore_color.rgb = rgb(model.ACTUAL_COLOUR)
                continue
            style = fills[r - 1][c] if fills else None
            cell.fill.solid()
            cell.fill.fore_color.rgb = rgb(
                style[0] if style else ("#FFFFFF" if r % 2 else "#F3F2F1")
            )
            run.font.color.rgb = rgb(style[1] if style else model.TEXT_COLOUR)
            run.font.bold = bool(style)
    return shape


def _scorecard_slide(prs: Presentation, pack: Pack, number: int) -> None:
    slide = _frame(prs, pack, f"Scorecard, {pack.month_text}", number)
    card = pack.scorecard
    header = model.SCORECARD_COLUMNS
    rows, fills = model.scorecard_cells(card)
    avail = (HEIGHT - FOOTER_H - TITLE_H - Inches(0.35)) / 914400
    row_h = min(0.36, avail / (len(rows) + 1))
    shape = _table(slide, MARGIN, TITLE_H + Inches(0.2), WIDTH - 2 * MARGIN,
                   [1.7, 2.3, 0.8, 0.6, 0.8, 1.3, 2.4, 2.6], header, rows, size=11,
                   row_h=row_h, fills=fills)  # fmt: skip
    _alt(shape, f"Scorecard for {pack.month_text}: every measure's value, target and status.")


def _number_format(chart: Chart) -> str:
    decimals = 0 if chart.unit == "count" else min(chart.decimals, 1)
    base = "0" if decimals == 0 else "0." + "0" * decimals
    return f'{base}"%"' if chart.unit == "%" else base


def _skip_labels(chart_obj: object, every: int) -> None:
    """Label every nth month on the category axis (c:tickLblSkip; not in python-pptx's API)."""
    cat_ax = chart_obj._chartSpace.find(".//" + qn("c:catAx"))
    anchor = cat_ax.find(qn("c:noMultiLvlLbl"))
    for tag in ("c:tickLblSkip", "c:tickMarkSkip"):
        el = etree.Element(qn(tag))
        el.set("val", str(every))
        anchor.addprevious(el)


def _series_by_status(chart: Chart) -> list[tuple[str | None, list[float | None]]]:
    """One marker series per RAG status present: the month's value where it has that status."""
    out = []
    for status in ("green", "amber", "red", None):
        values = [
            v if v is not None and r == status else None
            for v, r in zip(chart.actual, chart.rag, strict=True)
        ]
        if any(v is not None for v in values):
            out.append((status, values))
    return out


def add_line_chart(
    slide: object, chart: Chart, x: int, y: int, w: int, h: int, *, legend: bool = False
) -> object:
    """A native line chart as the app draws it: the actual line, RAG markers, dashed target.

    Each RAG status is its own marker-only series (colour, shape and a legend word), as the
    app's Plotly chart has a trace per status, so PowerPoint and LibreOffice draw them alike.
    Small charts leave the legend to the slide's key (legend=False).
    """
    data = CategoryChartData(number_format=_number_format(chart))
    data.categories = chart.categories
    data.add_series("Actual", chart.actual)
    statuses = _series_by_status(chart) if chart.has_target else []
    for status, values in statuses:
        data.add_series(measures.rag_label(status), values)
    if chart.has_target:
        data.add_series("Target", chart.target)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, x, y, w, h, data)
    _alt(frame, chart.alt)
    c = frame.chart
    c.font.name = FONT
    c.font.size = Pt(10)
    c.font.color.rgb = rgb(model.TEXT_COLOUR)
    c.has_title = False
    c.has_legend = legend
    if legend:
        c.legend.position = XL_LEGEND_POSITION.TOP
        c.legend.include_in_layout = False
        c.legend.font.size = Pt(9)
    series = list(c.plots[0].series)
    actual = series[0]
    actual.smooth = False
    if statuses:
        actual.marker.style = XL_MARKER_STYLE.NONE
    else:  # no target, so no status: plain markers in the line's colour
        actual.marker.style = XL_MARKER_STYLE.CIRCLE
        actual.marker.size = 5
        actual.marker.format.fill.solid()
        actual.marker.format.fill.fore_color.rgb = rgb(model.ACTUAL_COLOUR)
        actual.marker.format.line.color.rgb = rgb(model.ACTUAL_COLOUR)
    actual.format.line.color.rgb = rgb(model.ACTUAL_COLOUR)
    actual.format.line.width = Pt(2.25)
    for (status, _), s in zip(statuses, series[1:], strict=False):
        colour = rgb(model.rag_colour(status))
        s.smooth = False
        s.format.line.fill.background()  # markers only
        s.marker.style = _MARKERS.get(status, XL_MARKER_STYLE.CIRCLE)
        s.marker.size = 8 if status == "red" else 7
        s.marker.format.fill.solid()
        s.marker.format.fill.fore_color.rgb = colour
        # a cross has no inside: its outline is its colour
        s.marker.format.line.color.rgb = colour if status == "red" else rgb(model.TEXT_COLOUR)
        s.marker.format.line.width = Pt(1.75 if status == "red" else 0.75)
    if chart.has_target:
        target = series[-1]
        target.smooth = False
        target.marker.style = XL_MARKER_STYLE.NONE
        target.format.line.color.rgb = rgb(model.TARGET_COLOUR)
        target.format.line.width = Pt(1.75)
        target.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    low, high, step = scale.axis_range([*chart.actual, *chart.target], chart.unit)
    axis = c.value_axis
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = low, high, step
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = rgb(model.GRID_COLOUR)
    axis.format.line.fill.background()
    axis.tick_labels.font.size = Pt(10)
    axis.tick_labels.number_format = _number_format(chart).replace("0.0", "0")
    axis.tick_labels.number_format_is_linked = False
    cat = c.category_axis
    cat.tick_labels.font.size = Pt(10)
    cat.format.line.color.rgb = rgb(model.MUTED_COLOUR)
    _skip_labels(c, 6 if len(chart.categories) > 12 else 2)
    return frame


def _card(slide: object, card: Card, x: int, y: int, w: int, h: int) -> None:
    """One measure: its name, a chart, and its figures, status and trend as text."""
    _text(slide, x, y, w, Inches(0.4), [card.short_title], size=15, bold=True,
          colour=model.ACTUAL_COLOUR)  # fmt: skip
    text_h = Inches(1.02)
    add_line_chart(slide, card.chart, x, y + Inches(0.38), w, h - Inches(0.38) - text_h)
    _, fg = model.badge_colours(card.rag)
    n = f"  ({card.n_text})" if card.n_text else ""
    target = f"target {card.target_text}   " if card.target_text else ""
    line1 = [
        (card.value_text, {"bold": True, "size": 20, "colour": model.ACTUAL_COLOUR}),
        (n, {"size": 12}),
    ]
    line2 = [(target, {"size": 12}), (card.rag_label, {"bold": True, "size": 12, "colour": fg})]
    line3 = [(card.change_text or "no figure the month before", {"size": 11})]
    line4 = [(card.trend_text, {"size": 11, "colour": model.MUTED_COLOUR})]
    _text(slide, x, y + h - text_h, w, text_h, [line1, line2, line3, line4], size=12)


_GRID = {1: 1, 2: 2, 3: 3, 4: 2, 5: 3, 6: 3}


def _key(slide: object, x: int, y: int, w: int) -> None:
    """The charts' key, once a slide: line styles and the RAG markers' colours and shapes."""
    runs = [
        ("━ ", {"colour": model.ACTUAL_COLOUR, "bold": True}),
        ("Actual    ", {}),
        ("╍ ", {"colour": model.TARGET_COLOUR, "bold": True}),
        ("Target    ", {}),
    ]
    for status, shape in (("green", "●"), ("amber", "◆"), ("red", "✗")):
        runs += [
            (shape + " ", {"colour": model.rag_colour(status)}),
            (measures.RAG_LABELS[status] + "    ", {}),
        ]
    _text(slide, x, y, w, Inches(0.3), [runs], size=11, align=PP_ALIGN.RIGHT)


def _area_slide(prs: Presentation, pack: Pack, area: model.Area, number: int) -> None:
    slide = _frame(prs, pack, area.title, number)
    cards = area.cards
    cols = _GRID.get(len(cards), 3)
    rows = math.ceil(len(cards) / cols)
    gap = Inches(0.3)
    top = TITLE_H + Inches(0.15)
    avail_h = HEIGHT - FOOTER_H - top - Inches(0.35)  # room for the key
    w = int((WIDTH - 2 * MARGIN - gap * (cols - 1)) / cols)
    h = int((avail_h - gap * (rows - 1)) / rows)
    for i, card in enumerate(cards):
        r, c = divmod(i, cols)
        _card(slide, card, MARGIN + c * (w + gap), top + r * (h + gap), w, h)
    _key(slide, WIDTH - MARGIN - Inches(7.2), HEIGHT - FOOTER_H - Inches(0.32), Inches(7.2))
    if any(card.suppressed or any(card.chart.suppressed) for card in cards):
        _text(slide, MARGIN, HEIGHT - FOOTER_H - Inches(0.32), Inches(5), Inches(0.3),
              ["c = suppressed: fewer than 5 cases"], size=11,
              colour=model.MUTED_COLOUR)  # fmt: skip


def _plan_chart(slide: object, part: model.PlanPart, x: int, y: int, w: int, h: int) -> None:
    # Bars are drawn bottom-up: list the themes last-first so the first theme is on top.
    themes = list(dict.fromkeys(part.by_theme["theme"]))[::-1]
    data = CategoryChartData(number_format='0;-0;""')  # zeros draw no label
    data.categories = themes
    for status in model.PLAN_STATUSES:
        counts = part.by_theme[part.by_theme["status"] == status].set_index("theme")["count"]
        data.add_series(
            f"{model.PLAN_SYMBOLS[status]} {status}", [int(counts.get(t, 0)) for t in themes]
        )
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, x, y, w, h, data)
    total, done = part.counts["actions"], part.counts["complete"]
    _alt(frame, f"Actions by theme and status: {done} of {total} complete.")
    c = frame.chart
    c.font.name = FONT
    c.font.size = Pt(11)
    c.has_legend = True
    c.legend.position = XL_LEGEND_POSITION.BOTTOM
    c.legend.include_in_layout = False
    plot = c.plots[0]
    plot.gap_width = 60
    plot.overlap = 100
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = '0;-0;""'
    labels.number_format_is_linked = False
    labels.show_value = True
    labels.position = XL_LABEL_POSITION.CENTER
    labels.font.size = Pt(12)
    labels.font.bold = True
    for series, status in zip(plot.series, model.PLAN_STATUSES, strict=True):
        style = model.PLAN_STATUS_STYLE[status]
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = rgb(style["fill"])
        series.data_labels.font.color.rgb = rgb(style["text"])
        series.data_labels.font.size = Pt(12)
        series.data_labels.number_format = '0;-0;""'
        series.data_labels.number_format_is_linked = False
        series.data_labels.show_value = True
        series.data_labels.position = XL_LABEL_POSITION.CENTER
    c.category_axis.tick_labels.font.size = Pt(11)
    c.value_axis.minimum_scale = 0
    c.value_axis.has_major_gridlines = True
    c.value_axis.major_gridlines.format.line.color.rgb = rgb(model.GRID_COLOUR)
    c.value_axis.tick_labels.font.size = Pt(10)


def _plan_slide(prs: Presentation, pack: Pack, number: int) -> None:
    part = pack.plan
    if part is None:
        slide = _frame(prs, pack, "Improvement plan", number)
        _text(slide, MARGIN, TITLE_H + Inches(0.4), WIDTH - 2 * MARGIN, Inches(1),
              [pack.plan_note], size=20)  # fmt: skip
        return
    counts = part.counts
    title = f"Improvement plan: {counts['complete']} of {counts['actions']} actions complete"
    slide = _frame(prs, pack, title, number)
    top = TITLE_H + Inches(0.15)
    left_w = Inches(5.6)
    status_line = [
        (f"At {board.date_label(part.as_at)}:  ", {"size": 16}),
        (f"{counts['overdue']} overdue", {"size": 16, "bold": True, "colour": "#942514"}),
        ("  ·  ", {"size": 16}),
        (f"{counts['at_risk']} at risk or off track", {"size": 16, "bold": True}),
    ]
    _text(slide, MARGIN, top, WIDTH - 2 * MARGIN, Inches(0.45), [status_line], size=16)
    body_top = top + Inches(0.5)
    body_h = HEIGHT - FOOTER_H - body_top - Inches(0.1)
    if len(part.by_theme):
        _plan_chart(slide, part, MARGIN, body_top, left_w, body_h)
    right_x = MARGIN + left_w + Inches(0.3)
    right_w = WIDTH - MARGIN - right_x
    _text(slide, right_x, body_top, right_w, Inches(0.4),
          ["Needs attention: overdue, off track or at risk"], size=16, bold=True,
          colour=model.ACTUAL_COLOUR)  # fmt: skip
    y = body_top + Inches(0.45)
    att = part.attention
    if att.empty:
        _text(slide, right_x, y, right_w, Inches(0.4),
              ["No action is overdue, off track or at risk."], size=14)  # fmt: skip
        y += Inches(0.5)
    else:
        shown = att.head(8)
        rows = [
            [str(v) for v in r] for r in shown[["Action", "What", "Who", "Due", "Status"]].values
        ]
        fills = [[None] * 4 + [_status_fill(s)] for s in shown["Status"]]
        _table(slide, right_x, y, right_w, [0.75, 3.1, 1.85, 1.1, 1.5],
               ["Action", "What", "Who", "Due", "Status"], rows, size=10, row_h=0.42,
               fills=fills)  # fmt: skip
        y += Inches(0.42 * (len(rows) + 1) + 0.15)
        if len(att) > len(shown):
            _text(slide, right_x, y - Inches(0.1), right_w, Inches(0.3),
                  [f"and {len(att) - len(shown)} more (see the plan page)"], size=11)  # fmt: skip
            y += Inches(0.25)
    if part.since is not None:
        since = board.date_label(part.since)
        ch = part.changes
        lines = (
            [f"{r.Action} {r.What}: {r.From} → {r.To}" for r in ch.head(5).itertuples()]
            if len(ch)
            else ["No action changed status."]
        )
        room = HEIGHT - FOOTER_H - y - Inches(0.05)
        if room > Inches(0.6):
            _text(slide, right_x, y, right_w, Inches(0.35),
                  [f"Changed since the last board ({since})"], size=14, bold=True,
                  colour=model.ACTUAL_COLOUR)  # fmt: skip
            _text(slide, right_x, y + Inches(0.35), right_w, room - Inches(0.35), lines,
                  size=11, bullet=True)  # fmt: skip


def _status_fill(label: str) -> tuple[str, str] | None:
    for status, style in model.PLAN_STATUS_STYLE.items():
        if status in label:
            return style["fill"], style["text"]
    return None


def _definition_slides(prs: Presentation, pack: Pack, number: int) -> int:
    defs = pack.definitions
    per = 8
    pages = max(1, math.ceil(len(defs) / per))
    for page in range(pages):
        part = defs.iloc[page * per : (page + 1) * per]
        suffix = f" ({page + 1} of {pages})" if pages > 1 else ""
        slide = _frame(prs, pack, f"Appendix: definitions{suffix}", number)
        rows = [[str(v) for v in r] for r in part.values]
        avail = (HEIGHT - FOOTER_H - TITLE_H - Inches(0.35)) / 914400
        _table(slide, MARGIN, TITLE_H + Inches(0.2), WIDTH - 2 * MARGIN,
               [2.2, 6.0, 0.8, 2.2, 1.6], list(defs.columns), rows, size=10,
               row_h=min(0.75, avail / (len(rows) + 1)))  # fmt: skip
        number += 1
    slide = _frame(prs, pack, "Appendix: how to read this pack", number)
    paras = pack.how_to_read + pack.notes
    body_h = HEIGHT - FOOTER_H - TITLE_H - Inches(0.4)
    size = _fit_size(paras, (WIDTH - 2 * MARGIN) / 914400 - 0.3, body_h / 914400, (18, 16, 14))
    _text(slide, MARGIN, TITLE_H + Inches(0.25), WIDTH - 2 * MARGIN, body_h, paras, size=size,
          space_after=size * 0.6, bullet=True)  # fmt: skip
    return number + 1


def render(pack: Pack) -> bytes:
    """The pack as a .pptx file's bytes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    prs.core_properties.title = f"{pack.title}: {pack.subtitle}"
    prs.core_properties.author = pack.council
    prs.core_properties.subject = "Board pack"
    _title_slide(prs, pack)
    number = 2
    _summary_slide(prs, pack, number)
    _scorecard_slide(prs, pack, number + 1)
    number += 2
    for area in pack.areas:
        _area_slide(prs, pack, area, number)
        number += 1
    _plan_slide(prs, pack, number)
    _definition_slides(prs, pack, number + 1)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
