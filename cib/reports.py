"""The tables the pages and the command line show, built from a cursor (no Streamlit here)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from cib import db, measures
from cib.config import ALL_TEAMS
from cib.errors import CibError
from cib.measures import Measure


def catalogue(cur: db.Cursor) -> pd.DataFrame:
    """Every measure, in board order."""
    return db.query(cur, "dim_measures")


def measure(cur: db.Cursor, measure_id: str) -> Measure:
    """One measure from the catalogue; an unknown id is an error naming the closest ones."""
    cat = catalogue(cur)
    found = cat[cat["measure_id"] == measure_id]
    if found.empty:
        raise CibError(unknown_measure_message(measure_id, list(cat["measure_id"])))
    return measures.from_row(found.iloc[0])


def unknown_measure_message(measure_id: str, known: list[str]) -> str:
    """'no measure "x"; did you mean "y"?' with the known ids when nothing is close."""
    import difflib

    close = difflib.get_close_matches(measure_id, known, n=1, cutoff=0.5)
    hint = f'did you mean "{close[0]}"?' if close else "known measures: " + ", ".join(known)
    return f'there is no measure "{measure_id}"; {hint}'


def _add_status(frame: pd.DataFrame, m: Measure) -> pd.DataFrame:
    """Add rag and rag_label columns from value, target and tolerance."""
    frame["rag"] = measures.rag_many(
        frame["value"], frame["target"], frame["tolerance"], m.polarity, m.decimals
    )
    labels = {status: measures.rag_label(status) for status in [*measures.RAG_SYMBOLS, None]}
    frame["rag_label"] = frame["rag"].fillna("none").map({**labels, "none": labels[None]})
    return frame


def measure_series(cur: db.Cursor, measure_id: str, team: str = ALL_TEAMS) -> pd.DataFrame:
    """One row a month: value, n, target in force, tolerance, RAG, change and direction."""
    m = measure(cur, measure_id)
    frame = db.query(cur, "fct_measure_series", measure_id=measure_id, team=team)
    frame = _add_status(frame, m)
    previous = frame["value"].shift(1)
    # A change is only month-on-month when the months are consecutive.
    consecutive = frame["month"].diff().dt.days.between(28, 31)
    frame["change"] = (frame["value"] - previous).where(consecutive)
    frame["direction"] = [
        measures.direction(v, p, m.polarity, m.decimals) if c else None
        for v, p, c in zip(frame["value"], previous, consecutive, strict=True)
    ]
    return frame


def measure_series_by_team(cur: db.Cursor, measure_id: str) -> pd.DataFrame:
    """One row per team and month for a measure, with target and RAG."""
    m = measure(cur, measure_id)
    return _add_status(db.query(cur, "fct_measure_series_by_team", measure_id=measure_id), m)


def scorecard(cur: db.Cursor, month: dt.date, team: str = ALL_TEAMS) -> pd.DataFrame:
    """One row per measure at a month: value, n, target, RAG, change and direction of travel."""
    frame = db.query(cur, "fct_scorecard", month=month, team=team)
    frame["rag"] = [
        measures.rag(r.value, r.target, r.tolerance, r.polarity, r.decimals)
        for r in frame.itertuples()
    ]
    frame["rag_label"] = frame["rag"].map(measures.rag_label)
    frame["change"] = frame["value"] - frame["previous_value"]
    frame["previous_month"] = pd.Timestamp(month) - pd.DateOffset(months=1)
    frame["direction"] = [
        measures.direction(r.value, r.previous_value, r.polarity, r.decimals)
        for r in frame.itertuples()
    ]
    return frame


def sparklines(cur: db.Cursor, month: dt.date, team: str = ALL_TEAMS) -> pd.DataFrame:
    """The last 12 months of every measure up to a month: measure_id, month, value, target."""
    return db.query(cur, "fct_scorecard_sparklines", month=month, team=team)


def months(cur: db.Cursor) -> list[dt.date]:
    """Months with whole-council figures, latest first."""
    return list(db.query(cur, "dim_months")["month"].dt.date)


def teams(cur: db.Cursor, measure_id: str | None = None) -> list[str]:
    """Teams with figures ('All' first), for one measure or for any."""
    if measure_id is None:
        return list(db.query(cur, "dim_all_teams")["team"])
    return list(db.query(cur, "dim_teams", measure_id=measure_id)["team"])


def targets(cur: db.Cursor, measure_id: str) -> pd.DataFrame:
    """A measure's target trajectory: effective_from, target, tolerance, kind."""
    return db.query(cur, "fct_targets", measure_id=measure_id)


def data_as_at(cur: db.Cursor) -> tuple[dt.date | None, dt.datetime | None]:
    """The latest month with figures and when data was last loaded."""
    latest, loaded = db.rows(cur, "fct_data_as_at")[0]
    return latest, loaded


def cli_series(series: pd.DataFrame) -> pd.DataFrame:
    """The measure series as the command line prints it (CONTRACT: month first, YYYY-MM)."""
    out = pd.DataFrame(
        {
            "month": series["month"].dt.strftime("%Y-%m"),
            "value": series["value"],
            "numerator": series["numerator"],
            "denominator": series["denominator"],
            "target": series["target"],
            "rag": series["rag"],
            "tolerance": series["tolerance"],
            "symbol": series["symbol"],
            "source": series["source"],
        }
    )
    return out
