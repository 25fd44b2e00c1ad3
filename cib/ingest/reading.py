"""Bytes of an uploaded file -> a table of text cells, each row numbered as Excel shows it.

The real format is judged by the content, not the name: a workbook saved as `.csv` is read as a
workbook, an old `.xls` or binary junk is refused with a message saying what it is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from cib.ingest.problems import Problems, column_letter

SheetPicker = Callable[[list[str]], "str | None"]
TEXT = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' "str", kept in Arrow

_NBSP = "\xa0"
_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
_EXPECTED_FORMAT = "expected a CSV file saved from Excel, or an Excel workbook (.xlsx)"


@dataclass
class RawTable:
    """A sheet of text cells: the header row, then data rows numbered as Excel shows them."""

    file_name: str
    file_format: str  # 'csv' or 'xlsx'
    description: str  # how it was read, e.g. 'CSV, Windows-1252, semicolon-separated'
    headers: list[str]  # the header cells as written (trimmed), '' where blank
    positions: list[int]  # 0-based position in the file of each kept column
    cells: pd.DataFrame  # one text column per kept column, '' for a blank cell
    rows: np.ndarray  # Excel row number of each row of cells
    sheet: str | None = None
    sheet_names: list[str] = field(default_factory=list)

    def column_name(self, i: int) -> str:
        """The column's header as written, or its Excel letter when it has none."""
        return self.headers[i] or f"column {column_letter(self.positions[i])}"


def read(
    data: bytes,
    file_name: str,
    problems: Problems,
    *,
    sheet: str | None = None,
    pick_sheet: SheetPicker | None = None,
) -> RawTable | None:
    """Read CSV or XLSX bytes; None (with the reason in problems) when it cannot be read."""
    kind = sniff(data)
    if kind == "empty":
        problems.add("is empty (expected a header row and at least one row of data)")
        return None
    if kind == "xlsx":
        return _read_xlsx(data, file_name, problems, sheet, pick_sheet)
    if kind != "text":
        problems.add(_REFUSED[kind])
        return None
    return _read_csv(data, file_name, problems)


_REFUSED = {
    "xls": "is an Excel 97-2003 workbook (.xls), which cannot be read (expected .xlsx or CSV: "
    "in Excel use File > Save As and choose Excel Workbook or CSV UTF-8)",
    "ods": "is an OpenDocument spreadsheet, which cannot be read (expected .xlsx or CSV: "
    "use Save As and choose Excel 2007-365 or Text CSV)",
    "zip": f"is a zip archive, not a CSV file or an Excel workbook ({_EXPECTED_FORMAT})",
    "damaged": "looks like a damaged Excel workbook or zip archive and cannot be read "
    f"({_EXPECTED_FORMAT})",
    "pdf": f"is a PDF document, not a CSV file or an Excel workbook ({_EXPECTED_FORMAT})",
    "binary": f"is not a CSV file or an Excel workbook: it looks like binary data "
    f"({_EXPECTED_FORMAT})",
}


def sniff(data: bytes) -> str:
    """What the bytes are: empty, xlsx, xls, ods, zip, damaged, pdf, binary or text."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe,;"):
        return "empty"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return "damaged"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "mimetype" in names and "content.xml" in names:
            return "ods"
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"  # OLE2: an old workbook, or an encrypted (password-protected) one
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 with a BOM: Excel's "Unicode Text"
    head = data[:65536]
    if b"\x00" in head:
        return "binary"
    controls = sum(head.count(bytes([c])) for c in range(32) if c not in (9, 10, 13))
    return "binary" if controls > len(head) // 100 else "text"


# --- CSV -------------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The text and its encoding's name: UTF-8 (with or without BOM), UTF-16 or Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8 with BOM"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        # Five bytes are undefined in Windows-1252; Latin-1 maps every byte.
        return data.decode("latin-1"), "Windows-1252"


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever appears most in the first non-blank line (unquoted)."""
    for line in text[:65536].splitlines():
        if line.strip(" ,;\t"):
            counts = dict.fromkeys(_DELIMITERS, 0)
            quoted = False
            for ch in line:
                if ch == '"':
                    quoted = not quoted
                elif not quoted and ch in counts:
                    counts[ch] += 1
            best = max(counts, key=lambda d: counts[d])
            return best if counts[best] else ","
    return ","


def _arrow_frame(text: str, delimiter: str) -> pd.DataFrame | None:
    """Fastest path: Arrow's parser, every cell text. None when rows differ in length."""
    first = next(csv.reader(io.StringIO(text[:1_000_000]), delimiter=delimiter), None)
    if not first:
        return None  # a blank first line: let the slower parsers number the rows
    names = [f"c{i}" for i in range(len(first))]
    try:
        table = pa_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pa_csv.ReadOptions(column_names=names),
            # Blank lines are kept as rows, so the record number is the row Excel shows.
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values='"' in text,  # only quoted cells hold line breaks
                ignore_empty_lines=False,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        return None
    return pd.DataFrame({i: pd.Series(col, dtype=TEXT) for i, col in enumerate(table.columns)})


def _read_csv(data: bytes, file_name: str, problems: Problems) -> RawTable | None:
    text, encoding = decode(data)
    delimiter = sniff_delimiter(text)
    frame = _arrow_frame(text, delimiter)
    try:
        # Next: the C parser, which pads short rows. Every record is a row, blank lines
        # included, so the record number is the row number Excel shows.
        if frame is None:
            frame = pd.read_csv(
                io.StringIO(text),
                sep=delimiter,
                header=None,
                dtype=str,
                na_filter=False,
                skip_blank_lines=False,
                engine="c",
            )
    except (pd.errors.ParserError, ValueError):
        # A row longer than the first one: read it cell by cell so nothing is lost.
        records = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        width = max((len(r) for r in records), default=0)
        records = [r + [""] * (width - len(r)) for r in records]
        frame = pd.DataFrame(records, dtype=str)
    except pd.errors.EmptyDataError:
        frame = pd.DataFrame()
    description = f"CSV, {encoding}, {_DELIMITERS[delimiter]}-separated"
    return _table(frame, file_name, "csv", description, problems, first_row=1)


# --- XLSX ------------------------------------------------------------------------------------


def _read_xlsx(
    data: bytes,
    file_name: str,
    problems: Problems,
    sheet: str | None,
    pick_sheet: SheetPicker | None,
) -> RawTable | None:
    import openpyxl  # late import: only workbooks need it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged workbook
        problems.add(
            "could not be read as an Excel workbook: it may be damaged or password-protected "
            "(expected a workbook that opens in Excel, or a CSV file)"
        )
        return None
    try:
        names = list(book.sheetnames)
        chosen = _choose_sheet(book, names, sheet, pick_sheet, problems)
        if chosen is None:
            return None
        records, first_row = _sheet_records(book[chosen])
    finally:
        book.close()
    frame = pd.DataFrame(records, dtype=str) if records else pd.DataFrame()
    description = f'Excel workbook, sheet "{chosen}"'
    table = _table(frame, file_name, "xlsx", description, problems, first_row=first_row)
    if table is not None:
        table.sheet, table.sheet_names = chosen, names
    return table


def _choose_sheet(
    book: object,
    names: list[str],
    wanted: str | None,
    pick_sheet: SheetPicker | None,
    problems: Problems,
) -> str | None:
    if wanted:
        by_name = {n.strip().casefold(): n for n in names}
        found = by_name.get(wanted.strip().casefold())
        if found is None:
            listed = ", ".join(f'"{n}"' for n in names)
            problems.add(f'has no sheet named "{wanted}" (expected one of: {listed})')
        return found
    if pick_sheet is not None:
        picked = pick_sheet(names)
        if picked:
            return picked
    visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    return (visible or names)[0]


def _sheet_records(ws: object) -> tuple[list[list[str]], int]:
    """Every row of a worksheet as text cells, and the row number of the first one."""
    records: list[list[str]] = []
    first_row = None
    previous = 0
    for cells in ws.iter_rows():
        number = next((c.row for c in cells if getattr(c, "row", None)), previous + 1)
        if first_row is None:
            first_row = number
        # openpyxl yields gap rows as empty rows, so numbers run on; pad any it skipped
        while previous and number > previous + 1:
            records.append([])
            previous += 1
        records.append([_cell_text(c) for c in cells])
        previous = number
    width = max((len(r) for r in records), default=0)
    return [r + [""] * (width - len(r)) for r in records], first_row or 1


def _cell_text(cell: object) -> str:
    """A cell as the analyst sees it: dates ISO, whole numbers without '.0', percents with %."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int | float):
        if "%" in (getattr(cell, "number_format", "") or ""):
            return _number_text(round(float(value) * 100, 10)) + "%"
        return _number_text(value)
    return str(value)


def _number_text(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


# --- shared ----------------------------------------------------------------------------------


def _table(
    frame: pd.DataFrame,
    file_name: str,
    file_format: str,
    description: str,
    problems: Problems,
    *,
    first_row: int,
) -> RawTable | None:
    """Trim cells, drop blank rows and blank unnamed columns, split off the header row."""
    if frame.shape[1]:
        frame = pd.DataFrame({i: _clean(frame.iloc[:, i]) for i in range(frame.shape[1])})
        keep_rows = np.zeros(len(frame), dtype=bool)
        for i in range(frame.shape[1]):
            keep_rows |= (frame[i] != "").to_numpy()
    else:
        keep_rows = np.zeros(len(frame), dtype=bool)
    row_numbers = np.arange(first_row, first_row + len(frame))
    if not keep_rows.any():
        problems.add("is empty (expected a header row and at least one row of data)")
        return None
    if not keep_rows.all():
        frame = frame[keep_rows]
        row_numbers = row_numbers[keep_rows]
    headers = list(frame.iloc[0])
    body = frame.iloc[1:]
    # Excel leaves blank columns at the right (and sometimes between); a column with no
    # header and no values carries nothing.
    positions = [i for i, h in enumerate(headers) if h or (body[i] != "").any()]
    body = pd.DataFrame({n: body[i].reset_index(drop=True) for n, i in enumerate(positions)})
    if not positions:
        body = pd.DataFrame(index=range(len(row_numbers) - 1))
    return RawTable(
        file_name=file_name,
        file_format=file_format,
        description=description,
        headers=[headers[i] for i in positions],
        positions=positions,
        cells=body,
        rows=row_numbers[1:],
    )


def _clean(column: pd.Series) -> pd.Series:
    """Text as an analyst means it: non-breaking spaces are spaces, surrounding space trimmed."""
    column = column.astype(TEXT)
    if column.str.contains(_NBSP, regex=False).any():
        column = column.str.replace(_NBSP, " ", regex=False)
    return column.str.strip()
