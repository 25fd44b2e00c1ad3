"""What the board pack page may ask for: a month's board (summary, table) and its export files."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from cib import board, export
from cib.data import connection
from cib.export import model


@st.cache_data(ttl="10m", max_entries=24)
def built(month: dt.date, publication: bool = False) -> board.Board:
    """The board for a month: inputs, measure table, summary and sentences (cib.board)."""
    with connection().cursor() as cur:
        return board.build(board.gather(cur, month, publication))


@st.cache_data(ttl="10m", max_entries=6)
def pack_file(month: dt.date, fmt: str, publication: bool = False) -> bytes:
    """The board pack for a month as the bytes of a .pptx, .pdf or .html file."""
    return export.render(built(month, publication), fmt)


def file_name(month: dt.date, fmt: str, publication: bool = False) -> str:
    """'board-pack-2018-03.pptx'."""
    return export.file_name(f"{month:%Y-%m}", fmt, publication)


@st.cache_data(ttl="10m", max_entries=24)
def pack(month: dt.date, publication: bool = False) -> model.Pack:
    """The pack's content for a month, as the exports lay it out (slides show the same)."""
    return model.build_pack(built(month, publication))
