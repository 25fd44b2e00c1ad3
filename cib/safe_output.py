"""Downloads and chart text that are safe whatever the data holds.

Text in the database came from files people uploaded (action text, team names, measure
titles). A spreadsheet cell that starts with `=`, `+`, `-` or `@` is run as a formula when the
CSV or workbook is opened ("CSV injection", OWASP), so every download goes through
`to_csv_bytes` / `to_xlsx_bytes`, which put a `'` before such text. Plotly reads `<b>`, `<br>`
and `<a href>` in chart text as markup, so text from data goes through `plotly_text` first.
"""

from __future__ import annotations

import io
import re

import pandas as pd

# OWASP's list (=, +, -, @, tab, carriage return) plus the full-width forms some spreadsheet
# programs also accept as the start of a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Characters XML 1.0 (so .xlsx) cannot hold; openpyxl refuses them.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise_text(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, with a `'` put before it."""
    if isinstance(value, str) and (
        value.startswith(_FORMULA_START) or value.lstrip().startswith(_FORMULA_START)
    ):
        return "'" + value
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the frame whose text cells (and headers) cannot start a formula.

    Numbers stay numbers: a negative number is a value, not a formula.
    """
    out = frame.copy()
    out.columns = [neutralise_text(str(c)) for c in out.columns]
    for i, column in enumerate(out.columns):
        values = out.iloc[:, i]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values):
            continue
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(object)
        out[column] = values.map(neutralise_text)
    return out


def to_csv_bytes(frame: pd.DataFrame, *, excel_bom: bool = False) -> bytes:
    """The frame as UTF-8 CSV, formulas neutralised (`excel_bom`: so Excel reads accents)."""
    # CRLF (RFC 4180) so a stray carriage return inside a cell is quoted, not a new row.
    text = neutralise_formulas(frame).to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig" if excel_bom else "utf-8")


def to_xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "Data") -> bytes:
    """The frame as an Excel workbook, every text cell stored as text, formulas neutralised."""
    safe = neutralise_formulas(frame)
    for i, column in enumerate(safe.columns):
        values = safe.iloc[:, i]
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            safe[column] = values.dt.tz_localize(None)  # Excel has no time zones
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            safe[column] = values.map(
                lambda v: _ILLEGAL_XML.sub("", v) if isinstance(v, str) else v
            )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe.to_excel(writer, index=False, sheet_name=sheet_name[:31])
    return buffer.getvalue()


def plotly_text(value: object) -> str:
    """Text from data for a Plotly title, legend or label: shown literally, never as markup."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
