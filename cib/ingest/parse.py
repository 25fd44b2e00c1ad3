"""Value parsers for columns of text cells: months, day-first dates, numbers, GSS symbols.

Each takes a Series of trimmed text ('' for blank) and returns arrays: the parsed values, which
cells were blank, and for each cell that could not be read, why (None where it was fine).
Months and dates repeat a lot, so they are parsed once per distinct text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# GSS symbols used in DfE and ONS statistics: the value is missing, for the reason given.
GSS_SYMBOLS = {
    "c": "confidential (suppressed)",
    "z": "not applicable",
    "x": "not available",
    ":": "not available",
    "u": "low reliability",
    "k": "rounds to zero",
    "low": "low",
}
SYMBOL_HINT = "or a GSS symbol such as c, x or z for a missing value"

MONTH_EXAMPLES = "a month such as 2016-08, Aug-16, Aug 2016, August 2016 or 01/08/2016"
DATE_EXAMPLES = "a date as dd/mm/yyyy (day first) or yyyy-mm-dd"

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

_Y_M = re.compile(r"(\d{4})[-/](\d{1,2})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DMY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")
_M_Y = re.compile(r"(\d{1,2})/(\d{4})")
_NAMED = re.compile(r"(?:(\d{1,2})(?:st|nd|rd|th)?[\s-]+)?([a-z]+)\.?[\s,'-]*(\d{4}|\d{2})")

_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_THOUSANDS = r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?"


def month_name(day: dt.date) -> str:
    """'Aug 2016': how the product shows a month."""
    return day.strftime("%b %Y")


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # Excel's rule for two-digit years: 00-29 are 20xx
        year += 2000 if year < 30 else 1900
    return year


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_month(text: str) -> tuple[dt.date | None, str | None]:
    """The first of the month a cell names, or None and why not (with what was expected)."""
    low = text.casefold()
    day = None  # None: the text names a month, not a day
    if m := _Y_M.fullmatch(low):
        year, month = int(m[1]), int(m[2])
    elif m := _ISO.fullmatch(low):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _DMY.fullmatch(low):
        day, month, year = int(m[1]), int(m[3]), int(m[4])
    elif m := _M_Y.fullmatch(low):
        month, year = int(m[1]), int(m[2])
    elif (m := _NAMED.fullmatch(low)) and m[2] in _MONTHS:
        month, year, day = _MONTHS[m[2]], _year(m[3]), int(m[1]) if m[1] else None
    else:
        return None, f"is not a month (expected {MONTH_EXAMPLES})"
    first = _make_date(year, month, 1)
    if day is None:
        if first is None:
            return None, f"is not a real month (expected {MONTH_EXAMPLES})"
        return first, None
    if first is None or _make_date(year, month, day) is None:
        return None, f"is not a real date (expected {MONTH_EXAMPLES}; dates are read day first)"
    if day != 1:
        return None, (
            f"is not the first of a month (expected a month, e.g. {first:%d/%m/%Y} "
            f"for {month_name(first)})"
        )
    return first, None


def parse_date(text: str) -> tuple[dt.date | None, str | None]:
    """A day-first or ISO date, or None and why not. Never read month first."""
    low = text.casefold()
    if m := _ISO.fullmatch(low):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _DMY.fullmatch(low):
        day, month, year = int(m[1]), int(m[3]), int(m[4])
    elif (m := _NAMED.fullmatch(low)) and m[1] and m[2] in _MONTHS:
        day, month, year = int(m[1]), _MONTHS[m[2]], _year(m[3])
    else:
        return None, f"is not a date (expected {DATE_EXAMPLES})"
    found = _make_date(year, month, day)
    if found is None:
        return None, f"is not a real date (expected {DATE_EXAMPLES})"
    return found, None


@dataclass
class Parsed:
    """A parsed column: values, which cells were blank, and a reason for each unreadable cell."""

    values: np.ndarray  # float64 (NaN where missing), or object dates (None where missing)
    empty: np.ndarray  # bool: the cell was blank
    errors: np.ndarray  # object: why the cell could not be read, None where it was fine
    symbols: np.ndarray | None = None  # object: the GSS symbol written, None where none
    date_array: pd.api.extensions.ExtensionArray | None = None  # dates as a DATE column

    @property
    def bad(self) -> np.ndarray:
        """Cells that held something that could not be read."""
        return pd.notna(self.errors)


DATE = pd.ArrowDtype(pa.date32())  # a DATE column DuckDB reads directly


def _by_distinct(cells: pd.Series, parser: callable) -> Parsed:
    codes, distinct = pd.factorize(cells, sort=False)
    results = [parser(t) if t else (None, None) for t in distinct]
    found = np.array([r[0] for r in results] + [None], dtype=object)
    why = np.array([r[1] for r in results] + [None], dtype=object)
    parsed = Parsed(found[codes], (cells == "").to_numpy(), why[codes])
    # The DATE column too, built from the distinct values (much faster than from every row).
    taken = pa.array(found[:-1], type=pa.date32()).take(pa.array(codes, type=pa.int64()))
    parsed.date_array = pd.array(taken, dtype=DATE)
    return parsed


def months(cells: pd.Series) -> Parsed:
    """Parse a column of months; values are dates (first of month) or None."""
    return _by_distinct(cells, parse_month)


def dates(cells: pd.Series) -> Parsed:
    """Parse a column of day-first or ISO dates; values are dates or None."""
    return _by_distinct(cells, parse_date)


def as_date_array(values: object) -> pd.api.extensions.ExtensionArray:
    """Dates (None where missing), or a Parsed column, as a DATE column DuckDB reads directly."""
    if isinstance(values, Parsed):
        if values.date_array is not None:
            return values.date_array
        values = values.values
    return pd.array(values, dtype=DATE)


def numbers(cells: pd.Series, *, percent: bool = False, symbols: bool = True) -> Parsed:
    """Parse numbers like 83.4, 83.4%, 1,234 or -2; GSS symbols are missing values, kept.

    percent: a trailing % is allowed (the number is already on the 0-100 scale).
    """
    text = cells.astype("str")
    empty = (text == "").to_numpy()
    body = text
    if percent and body.str.contains("%", regex=False).any():
        body = body.str.removesuffix("%").str.rstrip()
    if body.str.contains(",", regex=False).any():
        thousands = body.str.fullmatch(_THOUSANDS).fillna(False).to_numpy(dtype=bool)
        body = body.where(~thousands, body.str.replace(",", "", regex=False))
    fast = _all_numbers(body, empty)
    if fast is not None:  # the usual case: every cell a plain number or blank
        return Parsed(fast, empty, np.full(len(text), None, dtype=object), _nothing(len(text)))
    symbol = _nothing(len(text))
    if symbols:
        low = text.str.lower().str.removeprefix("[").str.removesuffix("]")
        is_symbol = low.isin(list(GSS_SYMBOLS)).to_numpy()
        symbol[is_symbol] = low.to_numpy(dtype=object)[is_symbol]
    else:
        is_symbol = np.zeros(len(text), dtype=bool)
    readable = body.str.fullmatch(_NUMBER).fillna(False).to_numpy(dtype=bool)
    values = np.full(len(text), np.nan)
    if readable.any():
        values[readable] = pd.to_numeric(body[readable]).to_numpy(dtype=float)
    bad = ~(readable | empty | is_symbol)
    errors = np.full(len(text), None, dtype=object)
    if bad.any():
        examples = "83.4, 83.4% or 1,234" if percent else "83 or 1,234"
        hint = f", {SYMBOL_HINT}" if symbols else ""
        errors[bad] = f"is not a number (expected a number such as {examples}{hint})"
    return Parsed(values, empty, errors, symbol)


def _nothing(n: int) -> np.ndarray:
    return np.full(n, None, dtype=object)


def _all_numbers(body: pd.Series, empty: np.ndarray) -> np.ndarray | None:
    """Every non-blank cell as a finite float, or None if any is not (then check cell by cell)."""
    try:
        found = pc.cast(pa.array(body.where(~empty, "0")), pa.float64())
    except pa.ArrowInvalid:
        return None
    values = found.to_numpy(zero_copy_only=False)
    if not np.isfinite(values).all():
        return None  # 'nan' or 'inf' written out: not numbers an analyst means
    return np.where(empty, np.nan, values)
