import functools

import pandas as pd
import streamlit as st

from cib import auth, board, data, export, measures, publication, ui
from cib.charts import board as board_charts
from cib.data import board as board_data
from cib.export import model

auth.require_role("viewer", "Board pack")

# Static CSS only (no data): presentation mode hides the sidebar and toolbar and makes the type
# readable across a room; the high-contrast option is white and yellow on black (a switched-on
# toggle turns yellow, so its state shows on black too).
PRESENT_CSS = """<style>
[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], [data-testid='stHeader'],
[data-testid='stToolbar'], [data-testid='stDecoration'] { display: none !important; }
[data-testid='stMainBlockContainer'] { padding: 0.8rem 2.5rem 1rem !important;
  max-width: 100% !important; }
[data-testid='stMainBlockContainer'] p, [data-testid='stMainBlockContainer'] li,
[data-testid='stMainBlockContainer'] td, [data-testid='stMainBlockContainer'] th,
[data-testid='stMainBlockContainer'] label { font-size: 24px !important; line-height: 1.35; }
[data-testid='stMainBlockContainer'] h1 { font-size: 3.1rem !important; padding-top: 0.3rem; }
[data-testid='stMainBlockContainer'] :is(h2, h3) { font-size: 2rem !important; }
[data-testid='stMainBlockContainer'] [data-testid='stMetricValue'],
[data-testid='stMainBlockContainer'] [data-testid='stMetricValue'] p {
  font-size: 4.4rem !important; line-height: 1.1; font-weight: 700; }
[data-testid='stMainBlockContainer'] [data-testid='stMetricLabel'] p {
  font-size: 26px !important; font-weight: 700; }
[data-testid='stMainBlockContainer'] [data-testid='stMetricDelta'],
[data-testid='stMainBlockContainer'] [data-testid='stMetricDelta'] p { font-size: 22px !important; }
.st-key-board_next_page, .st-key-board_prev_page { display: none !important; }
</style>"""
HIGH_CONTRAST_CSS = """<style>
.stApp, [data-testid='stAppViewContainer'], [data-testid='stMain'] { background: #000 !important; }
[data-testid='stMainBlockContainer'] * { color: #FFF !important; border-color: #FFF !important; }
[data-testid='stMainBlockContainer'] strong { color: #FFDD00 !important; }
[data-testid='stMainBlockContainer'] button {
  background: #000 !important; border: 2px solid #FFDD00 !important; }
[data-testid='stMainBlockContainer'] table, [data-testid='stMainBlockContainer'] td,
[data-testid='stMainBlockContainer'] th { background: #000 !important; }
[data-testid='stMetricDelta'] { background: transparent !important; }
[data-testid='stMetricDelta'] svg { fill: #FFF !important; }
[data-testid='stMainBlockContainer'] [data-testid='stSelectbox'] div,
[data-testid='stAlertContainer'] { background: #000 !important; }
[data-testid='stCheckbox'] label[data-selected='true'] > span + div {
  background: #FFDD00 !important; }
[data-testid='stCheckbox'] label[data-selected='true'] > span + div > div {
  background: #000 !important; }
</style>"""

SLIDE = "board_slide"


def tiles(headline: list) -> None:
    """The month's big numbers, each with its word (and RAG symbol)."""
    for col, (label, value, status) in zip(st.columns(len(headline)), headline, strict=True):
        symbol = f"{measures.RAG_SYMBOLS[status]} " if status else ""
        col.metric(f"{symbol}{label}", value, border=True)


_STATUS_COLOUR = {"green": "green", "amber": "orange", "red": "red"}


def status_text(status: str | None, high_contrast: bool) -> str:
    """The status as bold symbol and word, coloured (plain white in high contrast)."""
    words = f"**{measures.rag_label(status)}**"
    colour = _STATUS_COLOUR.get(status) if isinstance(status, str) else None
    return words if high_contrast or colour is None else f":{colour}[{words}]"


def measure_card(card: model.Card, high_contrast: bool, chart_height: int) -> None:
    """One measure on an area slide: figure, status, change, trend and its chart."""
    with st.container(border=True):
        st.metric(
            ui.md_escape(card.short_title),
            card.value_text,
            card.change_text or None,
            delta_color=ui.direction_colour(card.direction),
            delta_arrow="off",
        )
        parts = [ui.md_escape(card.n_text)] if card.n_text else []
        if card.target_text:
            parts.append(f"Target **{ui.md_escape(card.target_text)}**")
        parts.append(status_text(card.rag, high_contrast))
        st.markdown(" · ".join(parts))
        st.markdown(f"Trend: {ui.md_escape(card.trend_text)}")
        if len(card.chart.series):
            st.plotly_chart(
                board_charts.slide_chart(
                    card.chart.series,
                    data.measure(card.measure_id),
                    high_contrast=high_contrast,
                    height=chart_height,
                ),
                theme=None,
                key=f"slide_chart_{card.measure_id}",
                config={"displayModeBar": False, "staticPlot": True},
                alt=card.chart.alt,
            )


def summary_slide(pack: model.Pack, high_contrast: bool) -> None:
    st.title(f"Board summary, {pack.month_text}")
    tiles(pack.headline)
    st.markdown("\n".join(f"- {ui.md_escape(s)}" for s in pack.sentences))


def area_slide(area: model.Area, high_contrast: bool) -> None:
    st.title(area.title)
    # One row: an area has at most five measures, and a slide must fit the screen.
    for col, card in zip(st.columns(len(area.cards)), area.cards, strict=True):
        with col:
            measure_card(card, high_contrast, 330)
    st.caption(
        "Charts: the last 24 months. Solid line: the council's figure; dashed line: the target; "
        "markers: ● on target, ◆ near target, ✖ off target."
    )


def plan_slide(pack: model.Pack) -> None:
    part = pack.plan
    if part is None:
        st.title("Improvement plan")
        st.info("No improvement plan loaded yet.")
        return
    c = part.counts
    st.title(f"Improvement plan: {c['complete']} of {c['actions']} actions complete")
    st.caption(f"Plan status at {board.date_label(part.as_at)} (the board's progress update)")
    tiles(
        [
            ("Actions complete", f"{c['complete']} of {c['actions']}", None),
            ("Overdue", str(c["overdue"]), None),
            ("At risk or off track", str(c["at_risk"]), None),
        ]
    )
    left, right = st.columns([1, 1.3], gap="large")
    with left:
        st.header("Needs attention")
        if part.attention.empty:
            st.markdown("No action is overdue, off track or at risk.")
        else:
            st.table(part.attention[["Action", "What", "Due", "Status"]].set_index("Action"))
    with right:
        since = board.date_label(part.since) if part.since else "the last board"
        st.header(f"Changed since {since}")
        if part.changes.empty:
            st.markdown("No action changed status.")
        else:
            st.table(part.changes.set_index("Action"))


def go_to(step: int, count: int) -> None:
    """Move the slide on or back (a button's callback), staying within the slides."""
    st.session_state[SLIDE] = max(0, min(count - 1, st.session_state.get(SLIDE, 0) + step))
    st.query_params["slide"] = str(st.session_state[SLIDE] + 1)


def set_presenting() -> None:
    """The presentation toggle's callback: ?present=1 in the URL is the mode."""
    if st.session_state["board_present"]:
        st.query_params["present"] = "1"
        st.query_params["slide"] = "1"
        st.session_state[SLIDE] = 0
    else:
        st.query_params.pop("present", None)
        st.query_params.pop("slide", None)


months = data.months()
if not months:
    st.title("Board pack")
    st.info("No figures loaded yet. An analyst can add a monthly extract on the Upload page.")
    st.stop()

presenting = st.query_params.get("present") == "1"
st.session_state["board_present"] = presenting  # the URL decides; the toggle follows it

if presenting:
    st.html(PRESENT_CSS)
    bar = st.columns([1.3, 0.9, 0.6, 0.9, 1.3, 1.3, 1.2], vertical_alignment="center")
    with bar[0]:
        month = ui.month_picker("Month", months, key="board_month")
    st.query_params["month"] = f"{month:%Y-%m}"
    high_contrast = bar[4].toggle("High contrast", key="board_contrast")
    public = bar[5].toggle("Publication version", key="board_publication")
    bar[6].toggle("Presentation mode", key="board_present", on_change=set_presenting)
    if high_contrast:
        st.html(HIGH_CONTRAST_CSS)
    pack = board_data.pack(month, public)
    slides = ["summary", *range(len(pack.areas)), "plan"]
    if SLIDE not in st.session_state:
        wanted = st.query_params.get("slide", "1")
        st.session_state[SLIDE] = int(wanted) - 1 if wanted.isdigit() else 0
    st.session_state[SLIDE] = max(0, min(len(slides) - 1, st.session_state[SLIDE]))
    current = st.session_state[SLIDE]
    bar[1].button(
        "◀ Previous",
        key="board_prev",
        on_click=go_to,
        args=(-1, len(slides)),
        disabled=current == 0,
        shortcut="Left",
        width="stretch",
    )
    bar[2].markdown(f"**{current + 1} / {len(slides)}**")
    bar[3].button(
        "Next ▶",
        key="board_next",
        on_click=go_to,
        args=(1, len(slides)),
        disabled=current == len(slides) - 1,
        shortcut="Right",
        width="stretch",
    )
    # Presenter remotes send Page Down / Page Up: hidden buttons take those keys too.
    st.button("Next", key="board_next_page", on_click=go_to, args=(1, len(slides)),
              shortcut="PageDown")  # fmt: skip
    st.button("Previous", key="board_prev_page", on_click=go_to, args=(-1, len(slides)),
              shortcut="PageUp")  # fmt: skip
    slide = slides[current]
    if slide == "summary":
        summary_slide(pack, high_contrast)
    elif slide == "plan":
        plan_slide(pack)
    else:
        area_slide(pack.areas[slide], high_contrast)
    note = f"{pack.title} · {pack.as_at_text}"
    if public:
        note += " · publication version: counts under 5 shown as 'c'"
    st.caption(ui.md_escape(note))
    st.stop()

head, pick_month, pick_publication = st.columns([5, 1.3, 1.6], vertical_alignment="bottom")
with pick_month:
    month = ui.month_picker("Month", months, key="board_month")
with pick_publication:
    public = st.toggle(
        "Publication version",
        key="board_publication",
        help="For public council papers: counts under 5, and percentages and changes built on "
        "them, are suppressed and shown as 'c'. Nothing child-level is ever in a pack.",
    )
with head:
    st.caption("Children's Improvement Board")
    st.title("Board pack")
ui.data_as_at()
st.query_params["month"] = f"{month:%Y-%m}"

st.toggle(
    "Presentation mode",
    key="board_present",
    on_change=set_presenting,
    help="Full-screen slides for screen-sharing: no sidebar, large type, one section a slide. "
    "Next and previous with the buttons or the arrow keys (Page Up/Down too). Or open this "
    "page with ?present=1.",
)

ui.section(f"Download the pack for {ui.month_label(month)}")
formats = {
    "pptx": "PowerPoint (editable charts)",
    "pdf": "PDF",
    "html": "Web page (one file, works offline)",
}
for col, (fmt, label) in zip(st.columns(len(formats)), formats.items(), strict=True):
    col.download_button(
        label,
        data=functools.partial(board_data.pack_file, month, fmt, public),
        file_name=board_data.file_name(month, fmt, public),
        mime=export.MIME[fmt],
        key=f"board_download_{fmt}",
        on_click="ignore",
        width="stretch",
    )
if public:
    st.caption(ui.md_escape(publication.NOTE))

pack = board_data.pack(month, public)
ui.section(f"Board summary, {pack.month_text}")
tiles(pack.headline)
st.markdown("\n".join(f"- {ui.md_escape(s)}" for s in pack.sentences))

built = board_data.built(month, public)
exceptions = built.summary.exceptions
with st.expander(f"Exceptions ({len(exceptions)})", expanded=bool(len(exceptions))):
    if exceptions.empty:
        st.markdown("No measure off target or in special-cause concern, and no overdue action.")
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    "Kind": exceptions["kind"],
                    "Measure or action": exceptions["title"],
                    "Detail": exceptions["detail"],
                }
            ),
            hide_index=True,
            width="stretch",
        )
with st.expander("Scorecard as a table"):
    st.dataframe(pack.scorecard.drop(columns=["rag"]), hide_index=True, width="stretch")
ui.glossary()
