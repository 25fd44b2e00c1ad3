import datetime as dt

import numpy as np
import pytest

from cib import calendar, db

D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (D(2022, 3, 1), D(2022, 3, 1), 0),  # same day
        (D(2021, 12, 24), D(2022, 1, 4), 4),  # CONTRACT: Christmas and New Year substitutes
        (D(2022, 4, 1), D(2022, 6, 10), 45),  # CONTRACT: spans Easter and the Jubilee
        (D(2022, 4, 1), D(2022, 6, 13), 46),
        (D(2016, 3, 24), D(2016, 3, 29), 1),  # Good Friday and Easter Monday 2016
        (D(2022, 9, 16), D(2022, 9, 20), 1),  # the Queen's state funeral, 19 Sep 2022
        (D(2023, 5, 5), D(2023, 5, 9), 1),  # the coronation, 8 May 2023
        (D(2016, 10, 1), D(2016, 10, 3), 1),  # from a Saturday to the Monday
    ],
)
def test_working_days_between(start, end, days):
    assert calendar.working_days_between(start, end) == days


def test_local_closures_are_not_working_days():
    closures = [D(2016, 12, 28), D(2016, 12, 29), D(2016, 12, 30)]
    assert calendar.working_days_between(D(2016, 12, 23), D(2017, 1, 3)) == 4
    assert calendar.working_days_between(D(2016, 12, 23), D(2017, 1, 3), closures) == 1


def test_bank_holidays_are_weekdays_from_the_library():
    hols = calendar.bank_holidays(2015, 2026)
    assert len(hols) == 99  # gov.uk England & Wales weekday bank holidays 2015-2026
    assert D(2020, 5, 8) in hols and D(2020, 5, 4) not in hols  # VE Day moved May Day
    assert all(d.weekday() < 5 for d in hols)


def test_calendar_table_matches_numpy(con):
    """Working days by index subtraction in SQL equal numpy's busday_count, over random spans."""
    rng = np.random.default_rng(1)
    cur = con.cursor()
    cal = cur.execute("select date, working_day_index from calendar").df()  # test-only check
    index = dict(zip(cal["date"].dt.date, cal["working_day_index"], strict=True))
    hols = np.array(list(calendar.bank_holidays(2014, 2020)), dtype="datetime64[D]")
    starts = np.datetime64("2014-01-01") + rng.integers(0, 365 * 5, 500)
    ends = starts + rng.integers(0, 120, 500)
    expected = np.busday_count(starts + 1, ends + 1, holidays=hols)
    got = [
        index[e.astype(object)] - index[s.astype(object)] for s, e in zip(starts, ends, strict=True)
    ]
    assert list(expected) == got


def test_calendar_covers_the_years_in_use(con):
    cur = con.cursor()
    first, last, n = cur.execute("select min(date), max(date), count(*) from calendar").fetchone()
    assert first <= D(2010, 1, 1) and last >= D(2035, 12, 31)
    assert n == (last - first).days + 1
    assert db.scalar(cur, "chk_calendar_empty") is False
