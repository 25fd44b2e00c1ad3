"""Small Streamlit pieces every page shares: the 'data as at' line, badges, safe text."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import streamlit as st

from cib import data, measures

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>:~$])")
_BADGE_COLOUR = {"green": "green", "amber": "orange", "red": "red", None: "gray"}


def md_escape(text: object) -> str:
    """Text from data made safe for st.markdown: shown literally, never as markup or HTML."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


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


def rag_badge(status: object) -> str:
    """Markdown for a RAG badge: coloured, with its symbol and word."""
    key = status if isinstance(status, str) else None
    return f":{_BADGE_COLOUR[key]}-badge[{measures.rag_label(key)}]"


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


def page_style() -> None:
    """Tighter top padding so a shared screen shows more of the page (static CSS, no data)."""
    st.html(
        "<style>[data-testid='stMainBlockContainer']{padding-top:2.2rem;padding-bottom:2rem}"
        "[data-testid='stMetricValue']{font-size:2.6rem}</style>"
    )
