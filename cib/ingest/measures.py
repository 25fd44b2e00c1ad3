"""Kind `measures`: the monthly measure extract, one row per measure x month x team."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from cib.ingest import parse
from cib.ingest.checks import fmt, measure_ids, per_row, repeated_keys, teams, units
from cib.ingest.headers import MEASURE_ID, Column
from cib.ingest.kinds import Context, Incoming, KeyedKind, KeyedQueries
from cib.ingest.reading import TEXT

PCT_AGREEMENT = 0.5  # CONTRACT: value must be 100 x num / den within 0.5 percentage points
_COMPUTED_UNITS = ("%", "rate", "days")  # value = (100 x) numerator / denominator


class Measures(KeyedKind):
    """Monthly figures: measure_id, month, team, numerator, denominator, value."""

    name = "measures"
    title = "Monthly measure extract"
    description = "One row per measure, month and team (blank team = whole council)."
    order = 10
    key = ("measure_id", "month", "team")
    queries = KeyedQueries(
        incoming="incoming_measures",
        preview_counts="fct_upload_measures_preview_counts",
        preview_changes="fct_upload_measures_preview_changes",
        history="load_measures_history",
        upsert=("load_measures_replace_changed", "load_measures_insert_new"),
        undo_blockers="fct_upload_measures_undo_blockers",
        undo_delete="load_measures_undo_delete",
        undo_restore="load_measures_undo_restore",
    )
    columns = (
        MEASURE_ID,
        Column(
            "month",
            aliases=("period", "reporting month", "month start", "month ending", "date"),
            description="The month, e.g. 2016-08, Aug-16, August 2016 or 01/08/2016",
            example="2016-08",
        ),
        Column(
            "team",
            required=False,
            aliases=("team name", "allocated team", "service", "unit"),
            description="Blank or All for the whole council, else the team's name",
            example="All",
        ),
        Column(
            "numerator",
            required=False,
            aliases=("num", "n"),
            description="How many met the measure (for a %)",
            example="128",
        ),
        Column(
            "denominator",
            required=False,
            aliases=("denom", "d", "total", "base", "out of"),
            description="How many there were in all (for a %)",
            example="163",
        ),
        Column(
            "value",
            required=False,
            aliases=("percentage", "percent", "pct", "rate", "result", "figure", "actual"),
            description="The figure; for a % on the 0-100 scale (83.4 or 83.4%)",
            example="78.5",
        ),
    )

    def missing_columns(self, found: set[str]) -> list[str]:
        """measure_id and month, and value or both numerator and denominator."""
        missing = super().missing_columns(found)
        if "value" not in found and not {"numerator", "denominator"} <= found:
            missing.append(
                'lacks a "value" column, or both "numerator" and "denominator" '
                f"(expected the columns {self.column_list()})"
            )
        return missing

    def validate(self, incoming: Incoming, ctx: Context) -> pd.DataFrame:
        """Typed rows (measure_id, month, team, numerator, denominator, value, symbol)."""
        ids = measure_ids(incoming, ctx)
        unit = units(ids, ctx)
        month = parse.months(incoming.text("month"))
        incoming.flag("month", month.empty, f"is empty (expected {parse.MONTH_EXAMPLES})")
        incoming.flag("month", month.bad, month.errors)
        months = parse.as_date_array(month)
        future = pd.Series(months).gt(ctx.today.replace(day=1)).fillna(False).to_numpy(bool)
        incoming.flag("month", future, "is in the future (expected a month that has started)")

        num = parse.numbers(incoming.text("numerator"))
        den = parse.numbers(incoming.text("denominator"))
        val = parse.numbers(incoming.text("value"), percent=True)
        for column, parsed in (("numerator", num), ("denominator", den), ("value", val)):
            incoming.flag(column, parsed.bad, parsed.errors)
        negative = (num.values < 0) | (den.values < 0)
        for column, parsed in (("numerator", num), ("denominator", den)):
            incoming.flag(column, parsed.values < 0, "is negative (expected a count of 0 or more)")

        value = self._values(incoming, unit, num, den, val, negative)
        symbol = np.where(pd.notna(val.symbols), val.symbols, num.symbols)
        symbol = np.where(pd.notna(symbol), symbol, den.symbols)
        has_symbol = pd.notna(symbol)
        symbols = pd.array(symbol if has_symbol.any() else pa.nulls(len(symbol)), dtype=TEXT)

        frame = pd.DataFrame(
            {
                "measure_id": ids.array,
                "month": months,
                "team": teams(incoming).array,
                "numerator": num.values,
                "denominator": den.values,
                "value": value,
                "symbol": symbols,
            }
        )
        usable = (ids != "").to_numpy() & pd.notna(month.values)
        repeated_keys(incoming, frame, list(self.key), usable, "measure, month and team")
        return frame

    def _values(
        self,
        incoming: Incoming,
        unit: np.ndarray,
        num: parse.Parsed,
        den: parse.Parsed,
        val: parse.Parsed,
        negative: np.ndarray,
    ) -> np.ndarray:
        """The value of each row: as given, else worked out from numerator and denominator."""
        pct = unit == "%"
        n, d, v = num.values, den.values, val.values
        both = ~np.isnan(n) & ~np.isnan(d)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(pct, 100.0, 1.0) * n / d
        computable = both & (d > 0) & np.isin(unit, _COMPUTED_UNITS)
        given = ~np.isnan(v)
        value = np.where(given, v, np.where(val.empty & computable, ratio, np.nan))

        # A row with no figure and no symbol saying why is refused; the reason depends on what
        # was there.
        has_symbol = pd.notna(val.symbols) | pd.notna(num.symbols) | pd.notna(den.symbols)
        unreadable = val.bad | num.bad | den.bad | negative
        nothing = np.isnan(value) & ~has_symbol & ~unreadable & pd.notna(unit)
        zero_den = nothing & both & (d == 0)
        incoming.flag(
            "denominator",
            zero_den,
            "is 0, so the value cannot be worked out (expected a denominator above 0, or a value)",
            show_value=False,
        )
        counted = nothing & ~zero_den & both & (unit == "count")
        where = "value" if incoming.has("value") else "numerator"
        incoming.flag(
            where,
            counted,
            "is empty (expected a value: a count is not worked out from numerator and denominator)",
            show_value=False,
        )
        empty = nothing & ~zero_den & ~counted
        incoming.flag(
            where,
            empty,
            f"is empty (expected a number, or a numerator and a denominator, {parse.SYMBOL_HINT})",
            show_value=False,
        )

        # Checks that only make sense for percentages.
        outside = pct & given & ((v < 0) | (v > 100))
        incoming.flag("value", outside, "is outside 0-100 (expected a percentage from 0 to 100)")
        too_many = pct & both & ~negative & (n > d)
        incoming.flag(
            "numerator",
            too_many,
            per_row(
                too_many,
                lambda b: (
                    f"is more than the denominator, {fmt(b)} (expected at most the "
                    "denominator for a % measure)"
                ),
                d,
            ),
        )
        check = pct & given & both & (d > 0) & ~too_many & ~outside
        disagree = check & (np.abs(np.where(check, v - ratio, 0.0)) > PCT_AGREEMENT + 1e-9)
        incoming.flag(
            "value",
            disagree,
            per_row(
                disagree,
                lambda r, a, b: (
                    "does not match the numerator and denominator (expected "
                    f"{r:.1f} = 100 x {fmt(a)} / {fmt(b)}, within {PCT_AGREEMENT})"
                ),
                ratio,
                n,
                d,
            ),
        )
        return value


KIND = Measures()
