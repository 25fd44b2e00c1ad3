"""`python -m cib comparators MEASURE`: England, region, neighbour median and council, per year."""

from __future__ import annotations

import argparse
import difflib
import sys

import pandas as pd

from cib import comparator_store, comparators, config, dfe
from cib.commands.common import add_db_option, add_format_option, open_db, write_table
from cib.errors import CibError

COLUMNS = ["year", "area", "value", "symbol"]  # CONTRACT: these first, in this order
EXTRA = [
    "area_type",
    "symbol_meaning",
    "period_end",
    "numerator",
    "denominator",
    "note",
    "rank_among_neighbours",
    "neighbours_ranked",
    "rank_in_england",
    "england_ranked",
    "source_table",
    "sn_model",
]

EPILOG = """\
Columns: year, area, value, symbol, then area_type (council, england, region,
neighbours_median, neighbour), symbol_meaning, period_end (YYYY-MM), numerator, denominator,
note, ranks (1 = best) among the council and its neighbours and among all councils in England,
the DfE table and the neighbour model used.
year is DfE's time_period: the year to 31 March (workforce figures: at 30 September).
A suppressed or unavailable figure has an empty value and its GSS symbol (c = suppressed,
z = not applicable, x or : = not available, u = low reliability, k / low = rounds to zero).
The neighbour median leaves out neighbours without a figure and says how many it used.

Measures with a DfE comparator:
""" + "\n".join(
    f"  {m.measure_id:<30} {m.table.upper():<5} {m.label}" for m in dfe.MEASURES.values()
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `comparators` subcommand."""
    parser = subparsers.add_parser(
        "comparators",
        help="DfE comparators for a measure: England, region, neighbour median, council",
        description="Annual DfE figures for one measure: the council, England, the council's "
        "region and the median of its ten statistical neighbours, with ranks.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("measure", metavar="MEASURE", help="measure id, e.g. rereferrals_12m_pct")
    add_format_option(parser)
    add_db_option(parser)
    parser.add_argument(
        "--neighbours",
        action="store_true",
        help="also list each statistical neighbour's figure, every year",
    )
    parser.add_argument(
        "--sn-model",
        type=int,
        default=None,
        metavar="YEAR",
        help="statistical-neighbour model year (e.g. 2021; default: the latest loaded)",
    )
    parser.add_argument(
        "--la",
        default=config.COUNCIL_LA_CODE,
        metavar="CODE",
        help=f"the council's 3-digit DfE LA code (default {config.COUNCIL_LA_CODE}, "
        f"{config.COUNCIL_NAME}; set CIB_COUNCIL_LA_CODE to change it)",
    )
    parser.set_defaults(func=run)


def measure_spec(measure_id: str) -> dfe.MeasureSpec:
    """The comparator definition of a measure id, or an error naming the closest id."""
    measure_id = measure_id.strip()
    if measure_id in dfe.MEASURES:
        return dfe.MEASURES[measure_id]
    from cib import measures  # the catalogue: a known measure may simply have no comparator

    catalogue = [m.measure_id for m in measures.CATALOGUE]
    with_one = ", ".join(dfe.MEASURES)
    if measure_id in catalogue:
        raise CibError(
            f'measure "{measure_id}" has no DfE comparator. Measures with one: {with_one}.'
        )
    known = list(dict.fromkeys(list(dfe.MEASURES) + catalogue))
    close = difflib.get_close_matches(measure_id.lower(), known, n=1, cutoff=0.4)
    hint = f' Did you mean "{close[0]}"?' if close else f" Measures with a comparator: {with_one}."
    raise CibError(f'unknown measure "{measure_id}".{hint}')


def table(
    values: pd.DataFrame,
    neighbours: pd.DataFrame,
    spec: dfe.MeasureSpec,
    la_code: str,
    with_neighbours: bool,
) -> pd.DataFrame:
    """The rows the command prints, columns COLUMNS + EXTRA."""
    if with_neighbours:
        out = comparators.with_neighbours(values, neighbours, la_code, spec.polarity)
    else:
        out = comparators.derive_series(values, neighbours, la_code, spec.polarity)
    out["period_end"] = pd.to_datetime(out["period_end"]).dt.strftime("%Y-%m")
    out["source_table"] = spec.table
    out["sn_model"] = int(neighbours["model_year"].iloc[0]) if len(neighbours) else None
    out["sn_model"] = out["sn_model"].astype("Int64")
    return out[COLUMNS + EXTRA]


def run(args: argparse.Namespace) -> int:
    """Print the comparator table for one measure."""
    spec = measure_spec(args.measure)
    la_code = str(args.la).strip()
    con = open_db(args)
    try:
        with con.cursor() as cur:
            values = comparator_store.values(cur, spec.measure_id)
            if values.empty:
                raise CibError(
                    f"no DfE figures are loaded for {spec.measure_id} (DfE table "
                    f"{spec.table.upper()}). Load the published CSV first: "
                    "python -m cib load dfe FILE"
                )
            known = values["la_code"].dropna().unique()
            if la_code not in known:
                raise CibError(
                    f"council {la_code} has no figures in DfE table {spec.table.upper()}. "
                    "Use the council's 3-digit DfE LA code (e.g. 880 for Torbay)."
                )
            neighbours = comparator_store.neighbours(cur, la_code, args.sn_model)
    finally:
        con.close()
    if neighbours.empty:
        print(
            f"note: no statistical neighbours are loaded for council {la_code}; "
            "the neighbour median and ranks among neighbours are left out.",
            file=sys.stderr,
        )
    write_table(table(values, neighbours, spec, la_code, args.neighbours), args.format)
    return 0
