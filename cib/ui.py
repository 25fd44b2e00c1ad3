"""Small Streamlit pieces every page shares: the 'data as at' line, badges, safe text, headings,
the glossary and the page's CSS (focus indicators)."""

from __future__ import annotations

import datetime as dt
import html
import re

import pandas as pd
import streamlit as st

from cib import data, measures
from cib.charts.style import rag_style

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>:~$])")


def md_escape(text: object) -> str:
    """Text from data made safe for st.markdown: shown literally, never as markup or HTML."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


_MD_INLINE = re.compile(r"([\\`*_\[\]<>~$|])")


def md_label(text: object) -> str:
    """Text from data for a metric or widget label (inline Markdown): markup escaped, but
    hyphens, dots and brackets left as typed, because Streamlit also puts the label verbatim
    into the help button's accessible name ("Help for Re-referrals", not "Re\\-referrals")."""
    return _MD_INLINE.sub(r"\\\1", str(text))


def month_label(month: dt.date | pd.Timestamp | None) -> str:
    """'Oct 2016'."""
    return "–" if month is None or pd.isna(month) else f"{pd.Timestamp(month):%b %Y}"


def date_label(day: dt.date | pd.Timestamp | None) -> str:
    """'26 Oct 2016'."""
    return "–" if day is None or pd.isna(day) else f"{pd.Timestamp(day):%-d %b %Y}"


def data_as_at() -> None:
    """The visible 'data as at' line every page carries."""
    latest, loaded = data.data_as_at()
    loaded_text = f" · last loaded {pd.Timestamp(loaded):%-d %b %Y %H:%M}" if loaded else ""
    st.caption(f"Data as at **{month_label(latest)}**{loaded_text}")


def rag_tag(status: object) -> str:
    """HTML for a RAG tag: symbol and word on a fill whose lightness marks the status too.

    On target is light with a dark green border, near target mid amber, off target dark red
    (cib.charts.style.RAG_STYLE), so the three differ in greyscale and to colour-blind readers.
    """
    key = status if isinstance(status, str) and status in measures.RAG_LABELS else None
    style = rag_style(key)
    border = "dashed" if key is None else "solid"
    return (
        f'<span class="cib-rag cib-rag-{key or "none"}" style="background:{style["badge_bg"]};'
        f'color:{style["badge_fg"]};border:2px {border} {style["badge_border"]}">'
        f"{html.escape(measures.rag_label(key))}</span>"
    )


def target_line(target_text: str, status: object) -> str:
    """HTML for 'Target 83.0% · [✓ On target]' under a figure."""
    return (
        f'<div class="cib-target">Target <strong>{html.escape(target_text)}</strong> · '
        f"{rag_tag(status)}</div>"
    )


def rag_counts_line(total: int, counts: dict) -> str:
    """HTML for '16 measures · [✓ On target] 9 · [! Near target] 1 · ...' (scorecard head)."""
    parts = [f"<strong>{total} measures</strong>"]
    for key in ["green", "amber", "red", None]:
        parts.append(f"{rag_tag(key)} <strong>{int(counts.get(key, 0))}</strong>")
    return f'<div class="cib-target">{" · ".join(parts)}</div>'


def section(title: str) -> None:
    """A section heading under the page title (h2, so heading levels never skip one)."""
    st.header(title, divider="gray")


# Abbreviations and terms shown on the pages, defined once (WCAG 3.1.4 Abbreviations).
GLOSSARY: dict[str, str] = {
    "WD": "Working days: Monday to Friday, not counting bank holidays in England and Wales or "
    "the council's own closure days. Counted from the day after the start date up to and "
    "including the end date.",
    "SPC": "Statistical process control: charts that tell a real change (special cause) from "
    "the usual month-to-month noise (common cause), by NHS England's Making Data Count rules.",
    "RAG": "Red, amber, green: a measure against its target. Shown as ✓ On target (green), "
    "! Near target (amber: worse than target but within its tolerance) and ✗ Off target (red).",
    "ICPC": "Initial child protection conference: the first meeting of professionals and the "
    "family to decide whether a child needs a child protection plan.",
    "CP": "Child protection. A CP plan sets out how a child at risk of significant harm will "
    "be kept safe.",
    "CLA": "Child looked after: a child in the council's care (also called a looked-after child).",
    "DfE": "Department for Education, which publishes the national figures used as comparators.",
    "FTE": "Full-time equivalent.",
    "n": "The number of cases a percentage is worked out from.",
    "pts": "Percentage points: the difference between two percentages.",
    "H / L": "On an SPC icon: the special cause is a run of high (H) or low (L) values.",
}
_ABBREVIATION = re.compile(r"\b(WD|SPC|RAG|ICPCs?|CP|CLA|DfE|FTE)\b")


def terms_in(*texts: str) -> list[str]:
    """The glossary abbreviations that appear in these texts, in glossary order."""
    found = {m.group(1).rstrip("s") for t in texts for m in _ABBREVIATION.finditer(str(t))}
    return [term for term in GLOSSARY if term in found]


def glossary(terms: list[str] | None = None, *, label: str = "Abbreviations used here") -> None:
    """An expander defining the given abbreviations (all of them if None); nothing if none."""
    chosen = list(GLOSSARY) if terms is None else [t for t in GLOSSARY if t in terms]
    if not chosen:
        return
    with st.expander(label):
        st.markdown("\n".join(f"- **{md_escape(t)}**: {md_escape(GLOSSARY[t])}" for t in chosen))


def month_picker(label: str, months: list[dt.date], key: str) -> dt.date:
    """A month selectbox showing 'Oct 2016', latest first, remembered in the URL (?month=)."""
    wanted = st.query_params.get("month")
    index = 0
    for i, m in enumerate(months):
        if wanted and f"{m:%Y-%m}" == wanted:
            index = i
    return st.selectbox(label, months, index=index, format_func=month_label, key=key)


_DIRECTION_COLOUR = {"better": "green", "worse": "red"}


def direction_colour(direction: object) -> str:
    """Metric delta colour: green for better, red for worse, grey otherwise (arrow + word too)."""
    return _DIRECTION_COLOUR.get(direction, "gray") if isinstance(direction, str) else "gray"


# Static CSS, no data.
# Focus (WCAG 2.4.7): a two-tone ring, yellow inside and near-black outside, that shows on white
# and on the black high-contrast slides alike, on every control Streamlit leaves without a
# visible one: navigation and page links, selectboxes, the table canvas, the main scroller, and
# checkboxes and toggles (whose real input is clipped to 1px, so the ring goes on the label).
# A chart's or table's tool buttons and a heading's link show while they have the focus, not only on
# hover, and a control scrolled to stays clear of the sticky header (2.4.11).
# Input boundaries (1.4.11): Streamlit draws the edges of fields, checkboxes and toggle tracks at
# 1.5:1; these take a grey of 4.6:1 on white (4.3:1 on the black slides).
_FOCUS_RING = (
    "outline:3px solid #FFDD00 !important;outline-offset:0 !important;"
    "box-shadow:0 0 0 6px #0B0C0C !important"
)
FIELD_EDGE = "#6F777B"
FIELD_SELECTORS = (
    ".stApp .react-aria-ComboBox>[role='group']",
    ".stApp [data-testid='stDateInputField']",
    ".stApp [data-testid='stTextInputRootElement']",
    ".stApp [data-testid='stTextAreaRootElement']",
    ".stApp [data-testid='stNumberInputContainer']",
    ".stApp [data-testid='stCheckbox'] label>span+div",
    ".stApp [data-testid='stFileUploaderDropzone']",
)


def _fields(suffix: str) -> str:
    return ",".join(f"{selector}{suffix}" for selector in FIELD_SELECTORS)


PAGE_CSS = (
    "<style>"
    "[data-testid='stMainBlockContainer']{padding-top:2.2rem;padding-bottom:2rem}"
    "[data-testid='stMetricValue']{font-size:2.6rem}"
    "[data-testid='stMainBlockContainer'] h2{font-size:1.75rem}"
    ".stApp a:focus-visible,.stApp button:focus-visible,.stApp summary:focus-visible,"
    ".stApp input:focus-visible,.stApp textarea:focus-visible,.stApp canvas:focus-visible,"
    ".stApp [tabindex]:focus-visible,[data-testid='stMain']:focus-visible,"
    f".stApp label:has(input:focus-visible),{_fields(':has(:focus-visible)')}{{{_FOCUS_RING}}}"
    # ...on the whole field, not the input inside it, which the field's edge would clip
    f"{_fields(' input:focus-visible')}{{outline:none !important;box-shadow:none !important}}"
    ".js-plotly-plot .plotly .modebar:focus-within,[data-testid='stElementToolbar']:focus-within"
    "{opacity:1 !important;transition:none}"
    "[data-testid='stHeaderActionElements'] a:focus-visible{opacity:1 !important}"
    "html,[data-testid='stMain'],[data-testid='stAppViewContainer']{scroll-padding-top:4.5rem}"
    f"{_fields('')}{{border:1px solid {FIELD_EDGE} !important}}"
    ".cib-rag{display:inline-block;padding:0 0.45em;border-radius:0.3em;font-weight:700;"
    "white-space:nowrap;line-height:1.5}"
    ".cib-target{font-size:1rem;line-height:1.9}"
    "</style>"
)


def page_style() -> None:
    """The app's CSS: tighter top padding, section heading size, focus rings, field edges, tags."""
    st.html(PAGE_CSS)


def team_label(team: str) -> str:
    """'Whole council' for the 'All' team, else the team's name."""
    return "Whole council" if team == "All" else team


def row_for_month(series: pd.DataFrame, month: dt.date) -> pd.Series | None:
    """The row of a monthly series for one month, or None."""
    row = series[series["month"] == pd.Timestamp(month)]
    return None if row.empty else row.iloc[0]


def percent_metric(
    column: object, label: str, row: pd.Series | None, *, decimals: int, of_what: str
) -> None:
    """A % with its n as a metric, then the target in force and the status in words."""
    if row is None or pd.isna(row["value"]):
        column.metric(label, "–")
        return
    column.metric(
        label,
        f"{measures.format_value(row['value'], '%', decimals)}  (n={row['denominator']:,.0f})",
        help=f"{row['numerator']:,.0f} of {row['denominator']:,.0f} {of_what}",
    )
    target = measures.format_value(row["target"], "%", decimals)
    column.html(target_line(target, row["rag"]))
