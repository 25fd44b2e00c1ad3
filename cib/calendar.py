"""Working days: England & Wales bank holidays (offline, from `holidays`) plus local closures.

A working day is Monday-Friday that is not a bank holiday or a local closure day. Working days
between a start and an end date count the days *after* the start up to *and including* the end,
so a same-day assessment takes 0 working days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache

import holidays
import numpy as np
import pandas as pd

CALENDAR_START = dt.date(2000, 1, 1)
CALENDAR_END = dt.date(2040, 12, 31)


@cache
def bank_holidays(
    first_year: int = CALENDAR_START.year, last_year: int = CALENDAR_END.year
) -> dict:
    """England & Wales bank holidays that fall on a weekday, date -> name."""
    found = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    # A weekend-dated entry is replaced by its "(observed)" weekday substitute: drop the original.
    return {day: name for day, name in sorted(found.items()) if day.weekday() < 5}


def build_frame(
    local_closures: Iterable[dt.date] = (),
    start: dt.date = CALENDAR_START,
    end: dt.date = CALENDAR_END,
) -> pd.DataFrame:
    """One row a date: is_working_day, working_day_index (running count), holiday name."""
    days = pd.date_range(start, end, freq="D")
    named = {pd.Timestamp(d): n for d, n in bank_holidays(start.year, end.year).items()}
    closures = {pd.Timestamp(d) for d in local_closures}
    holiday = pd.Series([named.get(d) for d in days], index=days, dtype=object)
    holiday[days.isin(list(closures)) & holiday.isna()] = "Local closure"
    working = (days.dayofweek < 5) & holiday.isna().to_numpy()
    return pd.DataFrame(
        {
            "date": days.date,
            "is_working_day": working,
            "working_day_index": np.cumsum(working).astype("int32"),
            "holiday": holiday.to_numpy(),
        }
    )


def working_days_between(
    start: dt.date, end: dt.date, local_closures: Iterable[dt.date] = ()
) -> int:
    """Working days after start up to and including end: 0 on the same day, < 0 if reversed."""
    non_working = list(bank_holidays(min(start, end).year, max(start, end).year))
    non_working += list(local_closures)
    cal = np.busdaycalendar(
        weekmask="1111100", holidays=np.array(non_working, dtype="datetime64[D]")
    )
    # busday_count counts [a, b): shifting both ends by a day gives (start, end].
    one = dt.timedelta(days=1)
    return int(np.busday_count(start + one, end + one, busdaycal=cal))
