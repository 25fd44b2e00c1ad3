"""What pages may ask for about DfE comparators: cached series and panels for the council."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cib import comparator_store, comparators, config, dfe
from cib.data import connection


def has_comparator(measure_id: str) -> bool:
    """True when the measure has a DfE comparator definition (figures may not be loaded)."""
    return measure_id in dfe.MEASURES


def _inputs(measure_id: str, sn_model: int | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    with connection().cursor() as cur:
        values = comparator_store.values(cur, measure_id)
        neighbours = comparator_store.neighbours(cur, config.COUNCIL_LA_CODE, sn_model)
    return values, neighbours


@st.cache_data(ttl="10m")
def series(measure_id: str, sn_model: int | None = None) -> pd.DataFrame:
    """Per year: the council, England, its region and the neighbour median (empty if none)."""
    if not has_comparator(measure_id):
        return pd.DataFrame(columns=comparators.SERIES_COLUMNS)
    values, neighbours = _inputs(measure_id, sn_model)
    polarity = dfe.MEASURES[measure_id].polarity
    return comparators.derive_series(values, neighbours, config.COUNCIL_LA_CODE, polarity)


@st.cache_data(ttl="10m")
def panel(measure_id: str, year: int | None = None, sn_model: int | None = None) -> pd.DataFrame:
    """One year (default the latest): council, England, region, median and each neighbour."""
    if not has_comparator(measure_id):
        return pd.DataFrame(columns=comparators.PANEL_COLUMNS)
    values, neighbours = _inputs(measure_id, sn_model)
    polarity = dfe.MEASURES[measure_id].polarity
    return comparators.panel(values, neighbours, config.COUNCIL_LA_CODE, polarity, year)


@st.cache_data(ttl="10m")
def years(measure_id: str) -> list[int]:
    """Years with DfE figures for the measure, latest first."""
    found = series(measure_id)
    return sorted({int(y) for y in found["year"]}, reverse=True)


@st.cache_data(ttl="10m")
def sn_models() -> list[int]:
    """Statistical-neighbour model years loaded, oldest first."""
    with connection().cursor() as cur:
        return comparator_store.sn_models(cur)
