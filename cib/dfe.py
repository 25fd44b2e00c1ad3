"""DfE published tables (children in need, child protection, workforce) read into long rows.

Pure pandas, no database. A file arrives as bytes; which DfE table it is comes from its column
names (never positions, so newer releases with extra or reordered columns still load). Header
names are matched ignoring case, spaces, underscores and punctuation (CONTRACT.md, uploads).
GSS symbols in a cell (`c` suppressed, `z` not applicable, ...) become a missing value with the
symbol kept, never zero. Statistical-neighbour files (2021 and 2025 models) give each council's
ten closest councils.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cib.errors import CibError

# GSS symbols as the DfE uses them, with what an analyst should read for each.
SYMBOLS: dict[str, str] = {
    "c": "suppressed to protect confidentiality",
    "z": "not applicable",
    "x": "not available",
    ":": "not available",
    "u": "low reliability",
    "k": "rounds to zero",
    "low": "a positive figure that rounds to zero",
}

LEVELS = {"National": "england", "Regional": "region", "Local authority": "la"}
ENGLAND_CODE = "E92000001"


def symbol_meaning(symbol: str | None) -> str | None:
    """What a GSS symbol means, e.g. 'c' -> 'suppressed to protect confidentiality'."""
    if symbol is None or (isinstance(symbol, float) and math.isnan(symbol)):
        return None
    return SYMBOLS.get(str(symbol), "not published")


def normalise(name: str) -> str:
    """A header as it is matched: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


@dataclass(frozen=True)
class MeasureSpec:
    """How one dashboard measure is read from a DfE table.

    Either `value` names the published figure, or the figure is derived as
    100 x sum(numerator) / sum(denominator). When a numerator column is suppressed, `complement`
    lists the columns whose sum taken from the denominator gives the same numerator.
    """

    measure_id: str
    table: str
    label: str
    unit: str
    polarity: str
    value: str | None
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    complement: tuple[str, ...] = ()
    definition: str = ""

    @property
    def columns(self) -> tuple[str, ...]:
        """Every published column this measure reads."""
        cols = ((self.value,) if self.value else ()) + self.numerator + self.denominator
        return tuple(dict.fromkeys(cols + self.complement))


@dataclass(frozen=True)
class TableSpec:
    """One DfE table: its code, title, the period its year stands for, and its measures."""

    code: str
    title: str
    period_label: str  # how a year is described: 'year to March', 'at 31 March', ...
    period_month: int  # the month the year ends in (3 = March, 9 = September)
    identity: tuple[str, ...]  # columns that say "this is that table" on their own
    measures: tuple[MeasureSpec, ...] = field(default_factory=tuple)

    @property
    def columns(self) -> tuple[str, ...]:
        """Every table-specific column the product needs."""
        cols: list[str] = list(self.identity)
        for m in self.measures:
            cols.extend(m.columns)
        return tuple(dict.fromkeys(cols))

    def period_end(self, year: int) -> dt.date:
        """The last day of the period a time_period stands for."""
        return dt.date(year, self.period_month, 31 if self.period_month == 3 else 30)


_C2_WITHIN = ("Same_day", "1-10_days", "11-20_days", "21-30_days", "31-40_days", "41-45_days")
_C2_OVER = ("46-50_days", "51-60_days", "61+_days")
_C4_ALL = (
    "Duration_0-10_days",
    "Duration_11-15_days",
    "Duration_16-20_days",
    "Duration_21+_days",
)

TABLES: dict[str, TableSpec] = {
    t.code: t
    for t in [
        TableSpec(
            "c1",
            "C1 children in need: referrals and re-referrals",
            "year to March",
            3,
            ("referral_count", "rereferral_count"),
            (
                MeasureSpec(
                    "rereferrals_12m_pct", "c1", "Re-referrals within 12 months", "%", "down",
                    "rereferral_percent", ("rereferral_count",), ("referral_count",),
                    definition="Referrals in the year within 12 months of a previous referral, "
                    "as a % of all referrals (published rereferral_percent).",
                ),
            ),
        ),
        TableSpec(
            "c2",
            "C2 children in need: duration of assessments",
            "year to March",
            3,
            ("Assessments_completed",) + _C2_WITHIN + _C2_OVER,
            (
                MeasureSpec(
                    "assessments_within_45wd_pct", "c2",
                    "Assessments completed within 45 working days", "%", "up",
                    None, _C2_WITHIN, ("Assessments_completed",), _C2_OVER,
                    definition="(Same day + 1-10 + 11-20 + 21-30 + 31-40 + 41-45 days) / "
                    "Assessments_completed; if a bucket up to 45 days is suppressed, "
                    "Assessments_completed - (46-50 + 51-60 + 61+ days) is used instead.",
                ),
            ),
        ),
        TableSpec(
            "c4",
            "C4 children in need: section 47 enquiries and initial child protection conferences",
            "year to March",
            3,
            ("Section47", "ICPC") + _C4_ALL,
            (
                MeasureSpec(
                    "icpc_within_15wd_pct", "c4",
                    "ICPCs within 15 working days of the section 47 start", "%", "up",
                    None, _C4_ALL[:2], _C4_ALL,
                    definition="(0-10 + 11-15 working days) / all ICPCs with a duration "
                    "(0-10 + 11-15 + 16-20 + 21+ days).",
                ),
            ),
        ),
        TableSpec(
            "d3",
            "D3 child protection plans starting: second or subsequent plans",
            "year to March",
            3,
            ("CPP_start", "CPP_subsequent"),
            (
                MeasureSpec(
                    "cp_repeat_plans_pct", "d3", "Second or subsequent child protection plans",
                    "%", "down", "CPP_subsequent_percent", ("CPP_subsequent",), ("CPP_start",),
                    definition="Plans starting in the year that are a second or subsequent "
                    "plan (at any time), as a % of all plans starting (CPP_subsequent_percent).",
                ),
            ),
        ),
        TableSpec(
            "d5",
            "D5 child protection plans at 31 March by duration",
            "at 31 March",
            3,
            ("CPP_At31",),
            (
                MeasureSpec(
                    "cp_plans_2yrs_plus_pct", "d5",
                    "Child protection plans open 2 years or more", "%", "down",
                    "2_years_or_more_percent", ("2_years_or_more",), ("CPP_At31",),
                    definition="Children on a plan at 31 March whose plan had lasted 2 years "
                    "or more, as a % of all children on a plan then (D5, as DfE's own "
                    "dashboard; matches a monthly snapshot of open plans).",
                ),
            ),
        ),
        TableSpec(
            "d6",
            "D6 child protection plans reviewed within timescales",
            "at 31 March",
            3,
            ("CPP_At31_3Months", "Reviewed_within_timescales"),
            (
                MeasureSpec(
                    "cp_reviews_in_timescale_pct", "d6",
                    "Child protection plans reviewed within timescales", "%", "up",
                    "Reviewed_within_timescales_percent", ("Reviewed_within_timescales",),
                    ("CPP_At31_3Months",),
                    definition="Children on a plan at 31 March for at least 3 months whose "
                    "reviews were all held in timescale (Reviewed_within_timescales_percent).",
                ),
            ),
        ),
        TableSpec(
            "d7",
            "D7 child protection plans ending by duration",
            "year to March",
            3,
            ("CPP_End",),
            (
                MeasureSpec(
                    "cp_plans_ended_2yrs_plus_pct", "d7",
                    "Child protection plans ending after 2 years or more", "%", "down",
                    "2_years_or_more_percent", ("2_years_or_more",), ("CPP_End",),
                    definition="Plans ending in the year that had lasted 2 years or more, as a "
                    "% of all plans ending (D7; the older NI 64 style definition).",
                ),
            ),
        ),
        TableSpec(
            "csww",
            "Children's social work workforce indicators",
            "at 30 September",
            9,
            ("inpost_fte", "case_holders_fte"),
            (
                MeasureSpec(
                    "caseload_avg", "csww", "Average caseload of case-holding social workers",
                    "rate", "down", "caseload_fte", ("cases",), ("case_holders_fte",),
                    definition="Cases held at 30 September / case-holding social workers (FTE) "
                    "(caseload_fte).",
                ),
                MeasureSpec(
                    "agency_sw_pct", "csww", "Agency social workers", "%", "down",
                    "agency_rate_fte", ("agency_fte",), (),
                    definition="Agency social workers (FTE) as a % of all social workers "
                    "(agency_rate_fte, as published; DfE's exact denominator is not restated).",
                ),
                MeasureSpec(
                    "vacancy_rate_pct", "csww", "Social worker vacancy rate", "%", "down",
                    "vacancy_rate_fte", ("vacancy_fte",), ("vacancy_fte", "inpost_fte"),
                    definition="Vacancies (FTE) / (vacancies + social workers in post, FTE) "
                    "at 30 September (vacancy_rate_fte).",
                ),
            ),
        ),
    ]
}  # fmt: skip

MEASURES: dict[str, MeasureSpec] = {m.measure_id: m for t in TABLES.values() for m in t.measures}

# Geography columns every tidy table has; country columns are optional (England is assumed).
GEO_COLUMNS = (
    "time_period",
    "geographic_level",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
)

VALUE_COLUMNS = [
    "source_table",
    "measure_id",
    "year",
    "period_end",
    "geographic_level",
    "area_code",
    "area_name",
    "region_code",
    "region_name",
    "la_code",
    "gss_code",
    "numerator",
    "denominator",
    "value",
    "symbol",
]

NEIGHBOUR_COLUMNS = [
    "model_year",
    "la_code",
    "la_name",
    "neighbour_rank",
    "neighbour_code",
    "neighbour_name",
    "closeness",
]

# Header names (normalised) of the council code column in the two neighbour-file layouts.
_SN_CODE = ("oldlacode", "lanum", "lanumber", "lacode")
_SN_NAME = ("laname",)
_SN_COUNT = 10


@dataclass(frozen=True)
class ParsedFile:
    """A DfE file read into long rows, ready to load."""

    file_name: str
    table: str  # a TABLES code, or 'sn' for a statistical-neighbour file
    title: str
    rows: pd.DataFrame  # VALUE_COLUMNS, or NEIGHBOUR_COLUMNS for 'sn'
    model_year: int | None = None
    skipped_rows: int = 0

    @property
    def years(self) -> list[int]:
        """The years (time_period) the file holds, or the model year."""
        if self.table == "sn":
            return [self.model_year] if self.model_year else []
        return sorted(int(y) for y in self.rows["year"].unique())


# --- reading ---------------------------------------------------------------------------------


@dataclass
class _Grid:
    """A CSV as text cells: the header row and the data rows (row 2 onwards, as Excel counts)."""

    header: list[str]
    rows: list[list[str]]
    index: dict[str, int]  # normalised header -> first position

    def position(self, name: str) -> int | None:
        return self.index.get(normalise(name))


def _decode(data: bytes, file_name: str) -> str:
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise CibError(
            f'"{file_name}" is a spreadsheet workbook, not a CSV. DfE publishes these tables as '
            'CSV files: download the CSV ("Download data" on explore-education-statistics) '
            "and load that."
        )
    if b"\x00" in data[:4096]:
        raise CibError(f'"{file_name}" is not a text CSV file (it holds binary data).')
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CibError(f'"{file_name}" is not readable text (neither UTF-8 nor Windows-1252).')


def _read_grid(data: bytes, file_name: str) -> _Grid:
    text = _decode(data, file_name)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return _grid(list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)), file_name)


def _grid(records: list[list[str]], file_name: str) -> _Grid:
    records = [["" if c is None else str(c).replace("\xa0", " ").strip() for c in r]
               for r in records]  # fmt: skip
    # Blank rows (Excel leaves them at the end) are kept as empty lists so row numbers hold.
    while records and not any(records[-1]):
        records.pop()
    if not records:
        raise CibError(f'"{file_name}" is empty.')
    header = records[0]
    index: dict[str, int] = {}
    for pos, name in enumerate(header):
        key = normalise(name)
        if key and key not in index:
            index[key] = pos
    return _Grid(header, records[1:], index)


def _missing_columns(grid: _Grid, names: Sequence[str]) -> list[str]:
    return [n for n in names if grid.position(n) is None]


def _table_list() -> str:
    return "; ".join(f"{t.code.upper()} {t.title.split(' ', 1)[1]}" for t in TABLES.values())


def detect(grid_header: Sequence[str]) -> str:
    """Which table a header row belongs to ('c1' ... 'csww', or 'sn'); CibError if none."""
    grid = _Grid(list(grid_header), [], {})
    for pos, name in enumerate(grid_header):
        grid.index.setdefault(normalise(name), pos)
    return _detect(grid, "the file")


def _detect(grid: _Grid, file_name: str) -> str:
    keys = set(grid.index)
    if any(f"sn{k}" in keys for k in (1, 2)) and any(k in keys for k in _SN_CODE):
        return "sn"
    complete = [
        code for code, t in TABLES.items() if not _missing_columns(grid, GEO_COLUMNS + t.columns)
    ]
    if len(complete) == 1:
        return complete[0]
    if len(complete) > 1:
        names = ", ".join(c.upper() for c in complete)
        raise CibError(
            f'"{file_name}" has the columns of more than one DfE table ({names}); '
            "load each table from its own file as published."
        )
    # Nothing matches in full: say what it looks like and what is missing.
    scores = {}
    for code, t in TABLES.items():
        specific = t.columns
        scores[code] = sum(grid.position(c) is not None for c in specific) / len(specific)
    best = max(scores.values())
    is_tidy = {"timeperiod", "geographiclevel"} <= keys
    if best >= 0.5:
        likely = [c for c, s in scores.items() if s == best]
        parts = []
        for code in likely:
            missing = _missing_columns(grid, GEO_COLUMNS + TABLES[code].columns)
            parts.append(
                f"{TABLES[code].title} ({code.upper()}) but has no column "
                + ", ".join(f'"{m}"' for m in missing)
            )
        raise CibError(
            f'"{file_name}" looks like DfE table ' + " or ".join(parts) + ". Columns are found "
            "by name (case, spaces and punctuation ignored): check the header row has not been "
            "renamed. Nothing was loaded."
        )
    if {"measureid", "month"} <= keys:
        raise CibError(
            f'"{file_name}" is a monthly measures extract, not a DfE table: load it as kind '
            '"measures". Nothing was loaded.'
        )
    if is_tidy:
        what = _describe_other_table(grid)
        raise CibError(
            f'"{file_name}" is a DfE table this dashboard does not use{what}. It can load: '
            f"{_table_list()}; or a statistical-neighbour file. Nothing was loaded."
        )
    shown = ", ".join(f'"{h}"' for h in grid.header[:8] if h)
    raise CibError(
        f'"{file_name}" is not a DfE tidy CSV: it has no time_period and geographic_level '
        f"columns (its first columns are {shown}). It can load: {_table_list()}; or a "
        "statistical-neighbour file. Nothing was loaded."
    )


def _describe_other_table(grid: _Grid) -> str:
    pos = grid.position("category")
    if pos is not None:
        values = {r[pos] for r in grid.rows[:50] if len(r) > pos and r[pos]}
        if len(values) == 1:
            return f' ("{values.pop()}")'
    geo = {normalise(c) for c in GEO_COLUMNS} | {"timeidentifier", "countrycode", "countryname"}
    others = [h for h in grid.header if h and normalise(h) not in geo][:6]
    return f" (its figures are {', '.join(others)})" if others else ""


# --- values ----------------------------------------------------------------------------------


class _Problems:
    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self.items: list[str] = []

    def add(self, row: int, column: str, message: str) -> None:
        self.items.append(f'row {row}, column "{column}": {message}')

    def raise_if_any(self) -> None:
        if not self.items:
            return
        shown = self.items[:20]
        more = len(self.items) - len(shown)
        tail = f"\n... and {more} more" if more else ""
        raise CibError(
            f'"{self.file_name}" has {len(self.items)} problem(s); nothing was loaded:\n'
            + "\n".join(shown)
            + tail
        )


_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")


def _parse_cell(text: str) -> tuple[float, str | None] | None:
    """(number, None), (nan, symbol), (nan, None) for blank; None when unreadable."""
    t = text.strip()
    if t == "":
        return math.nan, None
    if t.lower() in SYMBOLS:
        return math.nan, t.lower()
    t = t.replace(",", "").rstrip("%").strip()
    if _NUMBER.match(t):
        return float(t), None
    return None


def _column(grid: _Grid, name: str, problems: _Problems, keep: list[int]) -> pd.DataFrame:
    """One published column parsed for the kept rows: columns num (float) and sym."""
    pos = grid.position(name)
    header = grid.header[pos]
    nums, syms = [], []
    for i in keep:
        row = grid.rows[i]
        cell = row[pos] if pos < len(row) else ""
        parsed = _parse_cell(cell)
        if parsed is None:
            problems.add(
                i + 2, header, f'"{cell}" is not a number or a GSS symbol (c, z, x, :, u, k, low)'
            )
            parsed = (math.nan, None)
        nums.append(parsed[0])
        syms.append(parsed[1])
    return pd.DataFrame({"num": nums, "sym": pd.Series(syms, dtype=object)})


def _year(text: str) -> int | None:
    t = text.strip()
    if re.fullmatch(r"\d{4}", t):
        return int(t)
    if re.fullmatch(r"\d{6}", t):  # financial-year style 201516 -> the year ending 2016
        return int(t[:4]) + 1
    return None


def _sum(cols: list[pd.DataFrame]) -> tuple[pd.Series, pd.Series]:
    """Sum of columns (missing if any is missing) and the first symbol that made it missing."""
    total = sum((c["num"] for c in cols), start=pd.Series(0.0, index=cols[0].index))
    sym = pd.Series([None] * len(total), dtype=object, index=total.index)
    for c in reversed(cols):  # the leftmost missing column's symbol wins
        sym = c["sym"].where(c["num"].isna() & c["sym"].notna(), sym)
    return total, sym


def _measure_values(
    spec: MeasureSpec, cols: dict[str, pd.DataFrame]
) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """numerator, denominator, value and symbol of one measure for every row."""
    num, num_sym = _sum([cols[c] for c in spec.numerator])
    if spec.denominator:
        den, den_sym = _sum([cols[c] for c in spec.denominator])
    else:
        den = pd.Series(math.nan, index=num.index)
        den_sym = pd.Series([None] * len(num), dtype=object, index=num.index)
    if spec.value is not None:
        value = cols[spec.value]["num"].copy()
        sym = cols[spec.value]["sym"].copy()
        return num, den, value, sym
    if spec.complement:
        over, _ = _sum([cols[c] for c in spec.complement])
        num = num.where(num.notna(), den - over)
    with_den = den.notna() & (den > 0)
    value = (100.0 * num / den).where(with_den & num.notna())
    # Why a derived figure is missing: the total's symbol, zero cases ('z'), else a bucket's.
    sym = pd.Series([None] * len(num), dtype=object, index=num.index)
    sym = num_sym.where(value.isna() & num.isna(), sym)
    sym = sym.where(~(den == 0), "z")
    sym = den_sym.where(den.isna() & den_sym.notna(), sym)
    sym = sym.where(value.isna(), None)
    return num, den, value, sym


def parse_table(grid: _Grid, code: str, file_name: str) -> ParsedFile:
    """Long rows (VALUE_COLUMNS) for every measure the table provides."""
    table = TABLES[code]
    problems = _Problems(file_name)
    pos = {c: grid.position(c) for c in GEO_COLUMNS}
    country_pos = grid.position("country_code")
    country_name_pos = grid.position("country_name")

    def cell(row: list[str], p: int | None) -> str:
        return row[p].strip() if p is not None and p < len(row) else ""

    keep: list[int] = []
    geo: list[dict] = []
    skipped = 0
    seen: dict[tuple, int] = {}
    for i, row in enumerate(grid.rows):
        if not any(row):
            continue
        level = cell(row, pos["geographic_level"])
        if level not in LEVELS:
            skipped += 1  # other geographies (e.g. local authority districts) are not needed
            continue
        year_text = cell(row, pos["time_period"])
        year = _year(year_text)
        if year is None:
            problems.add(i + 2, grid.header[pos["time_period"]],
                         f'"{year_text}" is not a year (expected e.g. 2016)')  # fmt: skip
            continue
        region_code, la_code = cell(row, pos["region_code"]), cell(row, pos["old_la_code"])
        if level == "National":
            area_code = cell(row, country_pos) or ENGLAND_CODE
            area_name = cell(row, country_name_pos) or "England"
        elif level == "Regional":
            area_code, area_name = region_code, cell(row, pos["region_name"])
            if not area_code:
                problems.add(i + 2, grid.header[pos["region_code"]], "a regional row needs a code")
                continue
        else:
            area_code, area_name = la_code, cell(row, pos["la_name"])
            if not area_code:
                problems.add(i + 2, grid.header[pos["old_la_code"]],
                             "a local authority row needs its LA code")  # fmt: skip
                continue
        key = (year, level, area_code)
        if key in seen:
            first = seen[key]
            problems.add(i + 2, grid.header[pos["time_period"]],
                         f"{area_name} {year} appears twice (first on row {first})")  # fmt: skip
            continue
        seen[key] = i + 2
        keep.append(i)
        geo.append({
            "year": year,
            "period_end": table.period_end(year),
            "geographic_level": level,
            "area_code": area_code,
            "area_name": area_name,
            "region_code": region_code or None,
            "region_name": cell(row, pos["region_name"]) or None,
            "la_code": la_code or None,
            "gss_code": cell(row, pos["new_la_code"]) or None,
        })  # fmt: skip
    needed = {c for m in table.measures for c in m.columns}
    cols = {c: _column(grid, c, problems, keep) for c in sorted(needed)}
    problems.raise_if_any()
    if not keep:
        raise CibError(
            f'"{file_name}" ({table.title}) has no National, Regional or Local authority rows. '
            "Nothing was loaded."
        )
    base = pd.DataFrame(geo)
    frames = []
    for spec in table.measures:
        num, den, value, sym = _measure_values(spec, cols)
        part = base.copy()
        part.insert(0, "measure_id", spec.measure_id)
        part.insert(0, "source_table", code)
        part["numerator"] = num.to_numpy()
        part["denominator"] = den.to_numpy()
        part["value"] = value.to_numpy()
        part["symbol"] = sym.to_numpy()
        frames.append(part)
    rows = pd.concat(frames, ignore_index=True)[VALUE_COLUMNS]
    return ParsedFile(file_name, code, table.title, rows, skipped_rows=skipped)


# --- statistical neighbours ------------------------------------------------------------------


def _model_year(file_name: str) -> int | None:
    found = re.findall(r"(?<!\d)(20\d\d)(?!\d)", Path(file_name).name)
    return int(found[-1]) if found else None


def _closeness(text: str) -> str | None:
    t = " ".join(text.split())
    return t[:1].upper() + t[1:].lower() if t else None


def parse_neighbours(grid: _Grid, file_name: str) -> ParsedFile:
    """Each council's ten statistical neighbours, in order of closeness (NEIGHBOUR_COLUMNS)."""
    year = _model_year(file_name)
    if year is None:
        raise CibError(
            f'"{file_name}" is a statistical-neighbour file, but its name does not say which '
            "model it is. Keep the model year in the file name as DfE publishes it (e.g. "
            '"sn_model_2025_wide.csv"). Nothing was loaded.'
        )
    code_pos = next((grid.index[k] for k in _SN_CODE if k in grid.index), None)
    name_pos = next((grid.index[k] for k in _SN_NAME if k in grid.index), None)
    sn_pos = {k: grid.position(f"SN{k}") for k in range(1, _SN_COUNT + 1)}
    missing = [f"SN{k}" for k, p in sn_pos.items() if p is None]
    if name_pos is None:
        missing.insert(0, "la_name")
    if missing:
        raise CibError(
            f'"{file_name}" looks like a statistical-neighbour file but has no column '
            + ", ".join(f'"{m}"' for m in missing)
            + ". Nothing was loaded."
        )

    def closeness_pos(k: int) -> int | None:
        named = grid.position(f"SN{k}P")
        if named is not None:
            return named
        # The 2021 layout repeats one header "SNP" after each SNk: the pairing is by position.
        after = sn_pos[k] + 1
        ok = after < len(grid.header) and normalise(grid.header[after]) == "snp"
        return after if ok else None

    close_pos = {k: closeness_pos(k) for k in sn_pos}
    names: dict[str, str] = {}
    records = []
    problems = _Problems(file_name)
    skipped = 0
    for i, row in enumerate(grid.rows):
        code = row[code_pos].strip() if code_pos < len(row) else ""
        if not re.fullmatch(r"\d{3}", code):
            skipped += bool(any(row))  # blank lines and notes such as "Old SNs:"
            continue
        name = row[name_pos].strip() if name_pos < len(row) else ""
        names.setdefault(code, name)
        for k in range(1, _SN_COUNT + 1):
            p = sn_pos[k]
            neighbour = row[p].strip() if p < len(row) else ""
            if not neighbour:
                continue
            if not re.fullmatch(r"\d{3}", neighbour):
                problems.add(i + 2, grid.header[p], f'"{neighbour}" is not a 3-digit LA code')
                continue
            cp = close_pos[k]
            records.append({
                "model_year": year,
                "la_code": code,
                "la_name": name,
                "neighbour_rank": k,
                "neighbour_code": neighbour,
                "closeness": _closeness(row[cp]) if cp is not None and cp < len(row) else None,
            })  # fmt: skip
    problems.raise_if_any()
    if not records:
        raise CibError(f'"{file_name}" lists no councils with neighbours. Nothing was loaded.')
    rows = pd.DataFrame(records)
    rows["neighbour_name"] = rows["neighbour_code"].map(names)
    rows = rows.drop_duplicates(["la_code", "neighbour_rank"], keep="first")
    return ParsedFile(
        file_name,
        "sn",
        f"Statistical neighbours, {year} model",
        rows[NEIGHBOUR_COLUMNS].reset_index(drop=True),
        model_year=year,
        skipped_rows=skipped,
    )


# --- entry points ----------------------------------------------------------------------------


def parse_file(data: bytes, file_name: str) -> ParsedFile:
    """Read a DfE CSV (bytes), detect its table from its columns, and tidy it to long rows."""
    grid = _read_grid(data, file_name)
    code = _detect(grid, file_name)
    if code == "sn":
        return parse_neighbours(grid, file_name)
    return parse_table(grid, code, file_name)


def parse_cells(header: Sequence[str], rows: Sequence[Sequence[str]], file_name: str) -> ParsedFile:
    """parse_file for a table already read as text (e.g. by the upload pipeline's reader).

    `rows` are the data rows in file order, the first being row 2 as Excel counts.
    """
    grid = _grid([list(header), *[list(r) for r in rows]], file_name)
    code = _detect(grid, file_name)
    if code == "sn":
        return parse_neighbours(grid, file_name)
    return parse_table(grid, code, file_name)


def parse_path(path: Path | str) -> ParsedFile:
    """parse_file for a file on disk."""
    path = Path(path)
    return parse_file(path.read_bytes(), path.name)
