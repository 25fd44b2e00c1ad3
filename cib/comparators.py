"""Comparator series from DfE figures: England, region, statistical-neighbour median, council.

Pure pandas: DataFrames in (from cib.comparator_store), DataFrames out. Decisions:
- Figures are compared as DfE publishes them, to one decimal place; figures derived from counts
  (C2, C4) are rounded the same way first, so two councils shown alike rank alike.
- The neighbour median is DfE's own convention: the median of the neighbours that have a
  published figure that year. Suppressed or missing neighbours are left out (not counted as
  zero); how many of the ten were used is reported beside it. With none, the median is missing
  with the symbol 'x' (not available).
- Ranks: 1 = best by the measure's polarity; equal figures share the better rank; councils with
  no figure are not ranked. Among neighbours = the council and its neighbours with a figure;
  in England = every council with a figure that year. A measure with no good direction
  (polarity 'neither') has no ranks.
- One neighbour model (default the latest loaded, as DfE's dashboard) serves every year, so a
  change in the median is a change in performance, not in who the neighbours are.
"""

from __future__ import annotations

import pandas as pd

from cib import dfe

DECIMALS = 1
MEDIAN_LABEL = "Statistical neighbours (median)"
ROLE_ORDER = {"council": 0, "england": 1, "region": 2, "neighbours_median": 3, "neighbour": 4}

SERIES_COLUMNS = [
    "year",
    "period_end",
    "area",
    "area_type",
    "value",
    "symbol",
    "symbol_meaning",
    "numerator",
    "denominator",
    "note",
    "rank_among_neighbours",
    "neighbours_ranked",
    "rank_in_england",
    "england_ranked",
]

PANEL_COLUMNS = [
    "year",
    "area",
    "area_type",
    "value",
    "symbol",
    "symbol_meaning",
    "rank",
    "closeness",
    "la_code",
    "rank_in_england",
    "england_ranked",
]


def _shown(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").astype(float).round(DECIMALS)


def _symbol(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def ranks(figures: pd.Series, polarity: str) -> pd.Series:
    """Rank of each figure, 1 = best by polarity, ties share the better rank; NaN unranked."""
    if polarity not in ("up", "down"):
        return pd.Series(float("nan"), index=figures.index)
    return _shown(figures).rank(method="min", ascending=(polarity == "down"))


def council_region(values: pd.DataFrame, la_code: str) -> tuple[str, str] | None:
    """The council's region (code, name) as its latest DfE row gives it."""
    rows = values[
        (values["geographic_level"] == "Local authority") & (values["la_code"] == la_code)
    ]
    rows = rows.dropna(subset=["region_code"])
    if rows.empty:
        return None
    latest = rows.sort_values("year").iloc[-1]
    return str(latest["region_code"]), str(latest["region_name"])


def _la_rows(values: pd.DataFrame) -> pd.DataFrame:
    return values[values["geographic_level"] == "Local authority"]


def neighbour_figures(values: pd.DataFrame, neighbours: pd.DataFrame) -> pd.DataFrame:
    """One row per year x neighbour: rank in the model, code, name, figure and symbol.

    Years are those of the figures; a neighbour with no row that year (e.g. a council formed
    later) appears with no figure and no symbol.
    """
    years = sorted(values["year"].unique())
    if neighbours.empty or not years:
        return pd.DataFrame(
            columns=["year", "neighbour_rank", "la_code", "area", "closeness", "value", "symbol",
                     "numerator", "denominator"]
        )  # fmt: skip
    grid = pd.MultiIndex.from_product(
        [years, neighbours["neighbour_code"]], names=["year", "la_code"]
    ).to_frame(index=False)
    model = neighbours[["neighbour_code", "neighbour_rank", "neighbour_name", "closeness"]]
    model = model.rename(columns={"neighbour_code": "la_code", "neighbour_name": "area"})
    grid = grid.merge(model, on="la_code")
    las = _la_rows(values)[["year", "la_code", "value", "symbol", "numerator", "denominator"]]
    out = grid.merge(las, on=["year", "la_code"], how="left")
    out["value"] = _shown(out["value"])
    return out.sort_values(["year", "neighbour_rank"]).reset_index(drop=True)


def _row(year: int, period_end: object, area: str, area_type: str, **extra: object) -> dict:
    row = dict.fromkeys(SERIES_COLUMNS)
    row.update(year=int(year), period_end=period_end, area=area, area_type=area_type)
    row.update(extra)
    return row


def derive_series(
    values: pd.DataFrame, neighbours: pd.DataFrame, la_code: str, polarity: str
) -> pd.DataFrame:
    """Per year: the council, England, its region and the neighbour median (SERIES_COLUMNS).

    `values` are a measure's DfE figures (comparator_store.values), `neighbours` the council's
    neighbours in the chosen model (comparator_store.neighbours).
    """
    if values.empty:
        return pd.DataFrame(columns=SERIES_COLUMNS)
    region = council_region(values, la_code)
    las = _la_rows(values)
    sn = neighbour_figures(values, neighbours)
    n_model = len(neighbours)
    rows: list[dict] = []
    for year, year_rows in values.groupby("year", sort=True):
        period_end = pd.Timestamp(year_rows["period_end"].iloc[0]).date()

        def figure(frame: pd.DataFrame) -> dict:
            r = frame.iloc[0]
            symbol = _symbol(r["symbol"]) if pd.isna(r["value"]) else None
            return {
                "value": _shown(pd.Series([r["value"]])).iloc[0],
                "symbol": symbol,
                "symbol_meaning": dfe.symbol_meaning(symbol),
                "numerator": r["numerator"],
                "denominator": r["denominator"],
            }

        council = year_rows[(year_rows["geographic_level"] == "Local authority")
                            & (year_rows["la_code"] == la_code)]  # fmt: skip
        if not council.empty:
            year_las = las[las["year"] == year].set_index("la_code")["value"]
            in_england = ranks(year_las, polarity)
            group_codes = [la_code] + list(sn.loc[sn["year"] == year, "la_code"])
            group = year_las[year_las.index.isin(group_codes)]
            in_group = ranks(group, polarity)
            extra = figure(council)
            if pd.notna(extra["value"]) and polarity in ("up", "down"):
                extra.update(
                    rank_in_england=int(in_england[la_code]),
                    england_ranked=int(in_england.notna().sum()),
                )
                if n_model:
                    extra.update(
                        rank_among_neighbours=int(in_group[la_code]),
                        neighbours_ranked=int(in_group.notna().sum()),
                    )
            rows.append(_row(year, period_end, str(council["area_name"].iloc[0]), "council",
                             **extra))  # fmt: skip
        england = year_rows[year_rows["geographic_level"] == "National"]
        if not england.empty:
            rows.append(_row(year, period_end, str(england["area_name"].iloc[0]), "england",
                             **figure(england)))  # fmt: skip
        if region is not None:
            reg = year_rows[(year_rows["geographic_level"] == "Regional")
                            & (year_rows["area_code"] == region[0])]  # fmt: skip
            if not reg.empty:
                rows.append(_row(year, period_end, str(reg["area_name"].iloc[0]), "region",
                                 **figure(reg)))  # fmt: skip
        if n_model:
            year_sn = sn[sn["year"] == year]
            have = year_sn["value"].dropna()
            if len(have):
                median = round(float(have.median()), DECIMALS + 1)
                note = f"median of {len(have)} of {n_model} neighbours with a figure"
                rows.append(_row(year, period_end, MEDIAN_LABEL, "neighbours_median",
                                 value=median, note=note))  # fmt: skip
            else:
                rows.append(_row(year, period_end, MEDIAN_LABEL, "neighbours_median",
                                 symbol="x", symbol_meaning=dfe.symbol_meaning("x"),
                                 note="no neighbour has a published figure"))  # fmt: skip
    out = pd.DataFrame(rows, columns=SERIES_COLUMNS)
    order = out["area_type"].map(ROLE_ORDER)
    out = out.assign(_o=order).sort_values(["year", "_o"]).drop(columns="_o")
    return _typed(out.reset_index(drop=True))


def _typed(out: pd.DataFrame) -> pd.DataFrame:
    """Whole-number columns as nullable integers, figures as floats, symbols as text or None."""
    out["year"] = out["year"].astype(int)
    for col in ("rank_among_neighbours", "neighbours_ranked", "rank_in_england", "england_ranked"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("Int64")
    for col in ("value", "numerator", "denominator"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype(float)
    for col in ("symbol", "symbol_meaning", "note"):
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out


def latest_year(series: pd.DataFrame) -> int | None:
    """The latest year the council has a row (figure or symbol), else the latest with any row."""
    if series.empty:
        return None
    council = series[series["area_type"] == "council"]
    pool = council if not council.empty else series
    return int(pool["year"].max())


def panel(
    values: pd.DataFrame,
    neighbours: pd.DataFrame,
    la_code: str,
    polarity: str,
    year: int | None = None,
    series: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One year: the council, England, region, neighbour median and each neighbour (PANEL_COLUMNS).

    `rank` is the place among the council and its neighbours (council and neighbour rows).
    `series` may pass derive_series' result when the caller already has it.
    """
    if series is None:
        series = derive_series(values, neighbours, la_code, polarity)
    if year is None:
        year = latest_year(series)
    if year is None:
        return pd.DataFrame(columns=PANEL_COLUMNS)
    head = series[series["year"] == year].copy()
    head["la_code"] = None
    head.loc[head["area_type"] == "council", "la_code"] = la_code
    head["rank"] = head["rank_among_neighbours"].astype("Float64")
    head["closeness"] = None
    sn = neighbour_figures(values[values["year"] == year], neighbours)
    if not sn.empty:
        group = pd.concat(
            [
                pd.Series(sn["value"].to_numpy(), index=sn["la_code"]),
                pd.Series(head.loc[head["area_type"] == "council", "value"].to_numpy(),
                          index=[la_code] * int((head["area_type"] == "council").sum())),
            ]
        )  # fmt: skip
        group_ranks = ranks(group, polarity)
        sn["rank"] = group_ranks.iloc[: len(sn)].to_numpy()
        sn["area_type"] = "neighbour"
        sn["symbol"] = [
            _symbol(s) if pd.isna(v) else None
            for s, v in zip(sn["symbol"], sn["value"], strict=True)
        ]
        sn["symbol_meaning"] = sn["symbol"].map(dfe.symbol_meaning)
        sn.loc[sn["value"].isna() & sn["symbol"].isna(), "symbol_meaning"] = "no figure published"
    out = pd.concat([head, sn], ignore_index=True) if not sn.empty else head
    out["year"] = int(year)
    out["rank"] = pd.to_numeric(out["rank"], errors="coerce").astype("Int64")
    return out[PANEL_COLUMNS].reset_index(drop=True)


def with_neighbours(
    values: pd.DataFrame, neighbours: pd.DataFrame, la_code: str, polarity: str
) -> pd.DataFrame:
    """derive_series plus one row per neighbour and year (area_type 'neighbour').

    A neighbour's rank_among_neighbours is its place in the same group as the council's.
    """
    series = derive_series(values, neighbours, la_code, polarity)
    parts = []
    for year in series["year"].unique():
        one = panel(values, neighbours, la_code, polarity, int(year), series=series)
        one = one[one["area_type"] == "neighbour"]
        counts = neighbour_figures(values[values["year"] == year], neighbours).set_index("la_code")
        rows = pd.DataFrame({
            "year": one["year"],
            "period_end": series.loc[series["year"] == year, "period_end"].iloc[0],
            "area": one["area"],
            "area_type": "neighbour",
            "value": one["value"],
            "symbol": one["symbol"],
            "symbol_meaning": one["symbol_meaning"],
            "numerator": one["la_code"].map(counts["numerator"]),
            "denominator": one["la_code"].map(counts["denominator"]),
            "note": ("statistical neighbour " + one["closeness"].fillna("").astype(str).str.lower())
            .str.strip(),
            "rank_among_neighbours": one["rank"],
        })  # fmt: skip
        parts.append(rows.reindex(columns=SERIES_COLUMNS))
    if not parts:
        return series
    out = pd.concat([series, *parts], ignore_index=True)
    out = out.assign(_o=out["area_type"].map(ROLE_ORDER)).sort_values(["year", "_o"], kind="stable")
    return _typed(out.drop(columns="_o").reset_index(drop=True))
