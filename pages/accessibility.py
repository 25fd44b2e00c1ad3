import datetime as dt

import streamlit as st

from cib import auth, navigation, ui
from cib.config import COUNCIL_NAME

auth.require_role("viewer", "Accessibility statement")

# Kept in step with the tests: tests/test_accessibility_rules.py checks that the axe-core version
# named here is the one bundled with the pinned axe-playwright-python, and that every exclusion
# the browser test makes is listed under known limits.
AXE_CORE_VERSION = "4.12.1"
AXE_PACKAGE = "axe-playwright-python 0.1.8"
PREPARED = dt.date(2026, 11, 26)
REVIEWED = dt.date(2026, 11, 26)

council = ui.md_escape(COUNCIL_NAME)
st.title("Accessibility statement")
st.caption(
    f"Children's Improvement Board dashboard · prepared {ui.date_label(PREPARED)} · "
    f"last reviewed {ui.date_label(REVIEWED)}"
)

st.markdown(
    f"This statement applies to the {council} Children's Improvement Board dashboard: the "
    "scorecard, measure pages, SPC summary, improvement plan, board pack and presentation mode, "
    "upload and administration pages. It is run by the council's children's services "
    "performance team.\n\n"
    "We want as many people as possible to be able to use it. You should be able to:\n"
    "- reach and use every control with a keyboard alone, and always see where you are (a "
    "yellow and black focus ring);\n"
    "- read every chart as a sentence and as a table: each chart has a text alternative and "
    "its figures in a table beside it;\n"
    "- tell every status without colour: red, amber and green carry a symbol and a word "
    "(✓ On target, ! Near target, ✗ Off target), differ in lightness, and chart markers "
    "differ in shape; SPC icons carry a letter and a shape;\n"
    "- present to the board in large type, with a high-contrast (white and yellow on black) "
    "option;\n"
    "- find what an abbreviation means (see the glossary below, or *Abbreviations used here* "
    "on each page, and the (?) help beside each measure's name)."
)

ui.section("How accessible this dashboard is")
st.markdown(
    "We know some parts are not fully accessible:\n"
    "- Charts are drawn as pictures (Plotly). A screen reader reads each chart's summary "
    "sentence, not its individual points; the same figures are in the table under each chart. "
    "Hover boxes on charts are for mouse users only: they repeat what the tables say.\n"
    "- Moving (panning) a chart's view needs dragging (WCAG 2.5.7 Dragging Movements). "
    "Zooming does not: the chart's zoom in, zoom out and reset buttons work with one click or "
    "the keyboard, and the tables and the month and team choices give the same figures.\n"
    "- Tables are Streamlit's data grid, drawn on a canvas. Streamlit gives screen readers an "
    "accessible table behind it, but moving cell by cell can be less smooth than in a plain "
    "HTML table. Every table can be downloaded as a CSV file.\n"
    "- Streamlit's own file upload box marks its drop area with a presentational role although "
    "it can be focused (an automated check reports this as minor, *presentation-role-conflict*). "
    "The *Browse files* button beside it works with a keyboard and a screen reader.\n"
    "- The PDF board pack is not a tagged PDF, so a screen reader may read it in the wrong "
    "order. The PowerPoint and web page versions of the pack have real text and editable "
    "charts; use one of those, or ask us for another format.\n"
    "- Sign-in through the council's identity provider happens on the provider's own pages, "
    "which this statement does not cover.\n"
    "- The dashboard has not yet been tested by disabled users or with a screen reader."
)

ui.section("Feedback and contact information")
st.markdown(
    "If you need anything on this dashboard in a different format (large print, an accessible "
    "spreadsheet, audio), or you find a problem not listed on this page, tell the children's "
    "services performance team (through the council's service desk, or the board's "
    "secretariat). Say which page, what you were trying to do and what you use (for example a "
    "screen reader or magnifier). We will reply within 5 working days."
)

ui.section("Enforcement procedure")
st.markdown(
    "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public "
    "Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 "
    "(the 'accessibility regulations'). If you are not happy with how we respond to your "
    "complaint, contact the Equality Advisory and Support Service (EASS)."
)

ui.section("Technical information about this dashboard's accessibility")
st.markdown(
    f"{council} Council is committed to making its websites and internal services accessible, "
    "in accordance with the accessibility regulations.\n\n"
    "**Compliance status.** This dashboard is partially compliant with the Web Content "
    "Accessibility Guidelines (WCAG) version 2.2 AA standard, because of the non-compliances "
    "listed under *How accessible this dashboard is*."
)

ui.section("What we test, and how")
pages = ", ".join(spec.title for spec in navigation.PAGES)
st.markdown(
    f"The dashboard's automated test suite makes these checks on every change, in a real "
    "browser (Chromium) at 1920×1080:\n"
    f"- **Automated checks** with axe-core {AXE_CORE_VERSION} (Deque Systems, bundled in "
    f"{AXE_PACKAGE}, so the check runs offline) against WCAG 2.0, 2.1 and 2.2 A and AA and "
    f"best-practice rules, on every page: {ui.md_escape(pages)}; presentation mode (summary, an "
    "area slide and the plan slide) in normal and high contrast; the sign-in screen; and the "
    "upload page showing a rejected file. A serious or critical problem fails the build.\n"
    "- **Keyboard**: the tests move through the scorecard and a measure page with the Tab key, "
    "check that every control takes the focus and shows a visible focus ring, and change the "
    "month with the keyboard alone.\n"
    "- **Greyscale**: the tests take a picture of the scorecard, turn it to greyscale and check "
    "that on target, near target and off target still look different, and carry different "
    "words and symbols.\n"
    "- **Colour contrast**: the tests check every chart colour against its background (at "
    "least 3:1 for lines, markers and bars; 4.5:1 for text) and every status tag's text "
    "against its fill.\n"
    "- **Charts**: the tests check that every chart on every page has a title that says what "
    "it shows (a small chart in a card takes the card's heading), axis titles with units, a "
    "text alternative and a table of its figures.\n"
    "- **Words**: every measure has a definition (the (?) help on the scorecard and *About this "
    "measure* on its page); abbreviations are defined below; dates read '26 Oct 2016'."
)

ui.section("Preparation of this accessibility statement")
st.markdown(
    f"This statement was prepared on {ui.date_label(PREPARED)}. It was last reviewed on "
    f"{ui.date_label(REVIEWED)}. The dashboard was last tested on {ui.date_label(REVIEWED)} "
    "by the team that builds it, with the automated and keyboard checks described above."
)

ui.section("Glossary")
st.markdown(
    "\n".join(
        f"- **{ui.md_escape(term)}**: {ui.md_escape(text)}" for term, text in ui.GLOSSARY.items()
    )
)
