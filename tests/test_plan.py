"""The improvement plan: loading, history kept, overdue, changed-since, tracker validation."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from cib import db, demo_plan, measures, plan, plan_store, plan_validate
from cib.errors import CibError

D = dt.date
LAST_BOARD = D(2018, 3, 22)


def _new_upload(cur: db.Cursor) -> int:
    return int(db.scalar(cur, "load_upload_demo"))


@pytest.fixture
def plan_con(db_path):
    """A fresh database with only the demo plan loaded (as upload 1)."""
    con = db.connect(db_path)
    with db.transaction(con) as cur:
        demo_plan.seed_plan(cur, _new_upload(cur))
    yield con
    con.close()


def _frames(**kw: list[dict]) -> plan_store.PlanFrames:
    """Small plan frames; any not given are empty."""
    cols = {
        "themes": plan_store.THEME_COLUMNS,
        "recommendations": plan_store.RECOMMENDATION_COLUMNS,
        "actions": plan_store.ACTION_COLUMNS,
        "updates": plan_store.UPDATE_COLUMNS,
    }
    return plan_store.PlanFrames(
        **{k: pd.DataFrame(kw.get(k, []), columns=c) for k, c in cols.items()}
    )


def _load(con, frames: plan_store.PlanFrames) -> tuple[int, dict[str, int]]:
    with db.transaction(con) as cur:
        upload_id = _new_upload(cur)
        return upload_id, plan_store.load_plan(cur, frames, upload_id)


# --- loading ---------------------------------------------------------------------------------


def test_demo_plan_loads_every_table(plan_con):
    cur = plan_con.cursor()
    assert len(plan_store.themes(cur)) == 4
    recs = plan_store.recommendations(cur)
    assert list(recs["recommendation_id"]) == [f"R{i}" for i in range(1, 9)]
    assert set(recs["source"]) == {"Inspection", "Monitoring visit"}
    assert recs.set_index("recommendation_id").loc["R8", "source_date"] == pd.Timestamp(2016, 7, 13)
    acts = plan_store.actions(cur)
    assert len(acts) == 35
    assert list(acts["action_id"][:5]) == ["1.1", "1.2", "1.3", "1.4", "2.1"]
    assert (
        acts.set_index("action_id").loc["1.1", "theme"] == "A robust model of social work practice"
    )
    links = plan_store.action_measures(cur)
    assert set(links["measure_id"]) <= {m.measure_id for m in measures.CATALOGUE}
    assert links["title"].notna().all()
    assert list(links.loc[links["action_id"] == "1.1", "measure_id"]) == [
        "assessments_within_45wd_pct",
        "open_assessments_over_45wd",
    ]  # catalogue order
    ups = plan_store.updates(cur)
    assert ups["update_date"].min() == pd.Timestamp(2016, 2, 25)
    assert ups["update_date"].max() == pd.Timestamp(2018, 3, 22)


def test_loading_the_same_plan_again_adds_nothing(plan_con):
    _, added = _load(plan_con, demo_plan.frames())
    assert added == {
        "themes": 0,
        "recommendations": 0,
        "actions": 0,
        "measure_links": 0,
        "updates": 0,
    }


def test_load_counts_what_it_added(db_path):
    con = db.connect(db_path)
    _, added = _load(con, demo_plan.frames())
    frames = demo_plan.frames()
    assert added["themes"] == 4
    assert added["recommendations"] == 8
    assert added["actions"] == 35
    assert added["updates"] == len(frames.updates)
    assert added["measure_links"] == sum(
        len(plan.measure_ids(m)) for m in frames.actions["measure_ids"]
    )
    con.close()


def test_a_refused_plan_leaves_the_database_as_it_was(plan_con):
    before = len(plan_store.updates(plan_con.cursor()))
    bad = _frames(
        updates=[
            {"action_id": "1.1", "update_date": D(2018, 4, 26), "status": "On track"},
            {"action_id": "1.2", "update_date": D(2018, 4, 26), "status": "Green"},
        ]
    )
    with pytest.raises(CibError, match="unknown action status 'Green'"):
        _load(plan_con, bad)
    assert len(plan_store.updates(plan_con.cursor())) == before


def test_a_doubled_update_is_refused(plan_con):
    row = {"action_id": "1.1", "update_date": D(2018, 4, 26), "status": "On track"}
    with pytest.raises(CibError, match="progress update 1.1, 2018-04-26 appears more than once"):
        _load(plan_con, _frames(updates=[row, row]))


# --- history kept, corrections, undo ---------------------------------------------------------


def test_a_correction_keeps_the_earlier_update_as_history(plan_con):
    day = D(2018, 3, 22)
    correction = _frames(
        updates=[
            {
                "action_id": "5.5",
                "update_date": day,
                "status": "At risk",
                "update_text": "Corrected: still at risk, not off track.",
            }
        ]
    )
    upload_id, added = _load(plan_con, correction)
    assert added["updates"] == 1
    cur = plan_con.cursor()
    now = plan_store.updates(cur)
    row = now[(now["action_id"] == "5.5") & (now["update_date"] == pd.Timestamp(day))]
    assert list(row["status"]) == ["At risk"]  # one current row per date
    history = plan_store.update_history(cur, "5.5")
    on_day = history[history["update_date"] == pd.Timestamp(day)]
    assert list(on_day["status"]) == ["Off track", "At risk"]  # both kept, in load order
    assert list(on_day["is_current"]) == [False, True]
    assert (
        plan.plan_as_at(plan_store.actions(cur), now, day)
        .set_index("action_id")
        .loc["5.5", "status"]
        == "At risk"
    )

    with db.transaction(plan_con) as c:
        plan_store.undo(c, upload_id)
    now = plan_store.updates(plan_con.cursor())
    row = now[(now["action_id"] == "5.5") & (now["update_date"] == pd.Timestamp(day))]
    assert list(row["status"]) == ["Off track"]


def test_a_new_month_adds_updates_and_keeps_the_old_ones(plan_con):
    cur = plan_con.cursor()
    before = plan_store.updates(cur)
    new_month = _frames(
        updates=[
            {
                "action_id": "5.2",
                "update_date": D(2018, 4, 26),
                "status": "Complete",
                "update_text": "Average caseload below 18.",
            }  # fmt: skip
        ]
    )
    _load(plan_con, new_month)
    after = plan_store.updates(plan_con.cursor())
    assert len(after) == len(before) + 1
    pd.testing.assert_frame_equal(
        after[after["update_date"] < pd.Timestamp(2018, 4, 1)].reset_index(drop=True),
        before.reset_index(drop=True),
    )


def test_a_changed_action_is_a_new_version_and_undo_restores_the_old(plan_con):
    acts = plan_store.actions(plan_con.cursor())
    changed = acts[acts["action_id"] == "5.2"][plan_store.ACTION_COLUMNS].copy()
    changed["due_date"] = pd.Timestamp(2018, 6, 30)
    changed["measure_ids"] = "caseload_avg,vacancy_rate_pct"
    upload_id, added = _load(plan_con, _frames(actions=changed.to_dict("records")))
    assert added["actions"] == 1 and added["measure_links"] == 2
    cur = plan_con.cursor()
    now = plan_store.actions(cur).set_index("action_id")
    assert now.loc["5.2", "due_date"] == pd.Timestamp(2018, 6, 30)
    assert now.loc["5.2", "measure_ids"] == "caseload_avg,vacancy_rate_pct"
    assert len(now) == 35
    # no longer overdue at the last board: its new due date is in the future
    status = plan.plan_as_at(plan_store.actions(cur), plan_store.updates(cur), LAST_BOARD)
    assert not status.set_index("action_id").loc["5.2", "overdue"]

    with db.transaction(plan_con) as c:
        plan_store.undo(c, upload_id)
    now = plan_store.actions(plan_con.cursor()).set_index("action_id")
    assert now.loc["5.2", "due_date"] == pd.Timestamp(2017, 9, 30)
    assert now.loc["5.2", "measure_ids"] == "caseload_avg"


# --- overdue and status as at a date ---------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "status", "as_at", "expected"),
    [
        (D(2016, 6, 30), "On track", D(2016, 7, 28), True),  # due passed, not complete
        (D(2016, 6, 30), "Off track", D(2016, 7, 1), True),  # the day after
        (D(2016, 6, 30), "At risk", D(2016, 6, 30), False),  # due today: not yet overdue
        (D(2016, 6, 30), "Complete", D(2017, 1, 1), False),  # complete is never overdue
        (D(2016, 6, 30), "Not started", D(2016, 6, 23), False),  # before the due date
        (None, "At risk", D(2018, 1, 1), False),  # no due date
        (pd.NaT, "At risk", D(2018, 1, 1), False),
        (pd.Timestamp(2016, 6, 30), "On track", D(2016, 7, 28), True),
    ],
)
def test_is_overdue(due, status, as_at, expected):
    assert plan.is_overdue(due, status, as_at) is expected


def _demo_status(as_at: dt.date) -> pd.DataFrame:
    f = demo_plan.frames()
    acts = f.actions.merge(
        f.recommendations[["recommendation_id", "theme_id", "source_date"]], on="recommendation_id"
    ).merge(f.themes.rename(columns={"title": "theme"}), on="theme_id")
    return plan.plan_as_at(acts, f.updates, as_at)


def test_overdue_at_the_last_board():
    frame = _demo_status(LAST_BOARD)
    assert list(frame["action_id"][:3]) == ["5.2", "6.4", "6.5"]  # overdue first
    overdue = frame[frame["overdue"]].set_index("action_id")
    assert list(overdue.index) == ["5.2", "6.4", "6.5"]
    assert overdue.loc["5.2", "days_overdue"] == (LAST_BOARD - D(2017, 9, 30)).days
    assert overdue.loc["6.4", "status"] == "On track"  # on track yet overdue
    # 5.5 is off track but due 31 Mar 2018: not overdue at 22 Mar
    row = frame.set_index("action_id").loc["5.5"]
    assert (row["status"], bool(row["overdue"]), row["attention"]) == (
        "Off track",
        False,
        "Off track",
    )
    assert plan.summary(frame) == {"actions": 35, "complete": 28, "overdue": 3, "at_risk": 4}


def test_overdue_depends_on_the_as_at_date():
    july = _demo_status(D(2016, 7, 28)).set_index("action_id")
    assert july.loc["1.1", "status"] == "Off track" and july.loc["1.1", "overdue"]
    assert july.loc["3.1", "status"] == "At risk" and not july.loc["3.1", "overdue"]  # due 31 Jul
    august = _demo_status(D(2016, 8, 25)).set_index("action_id")
    assert august.loc["3.1", "status"] == "Complete" and not august.loc["3.1", "overdue"]


def test_status_as_at_uses_the_latest_update_on_or_before_the_date():
    ups = pd.DataFrame(
        {
            "action_id": ["a", "a", "a", "b"],
            "update_date": pd.to_datetime(["2016-02-25", "2016-03-24", "2016-04-28", "2016-04-28"]),
            "status": ["Not started", "On track", "At risk", "On track"],
            "update_text": ["x", "y", "z", "w"],
        }
    )
    got = plan.status_as_at(ups, D(2016, 4, 1)).set_index("action_id")
    assert got.loc["a", "status"] == "On track" and "b" not in got.index
    assert (
        plan.status_as_at(ups, D(2016, 4, 28)).set_index("action_id").loc["a", "status"]
        == "At risk"
    )


def test_an_action_joins_the_plan_with_its_first_update():
    feb = _demo_status(D(2016, 2, 25)).set_index("action_id")
    assert "8.1" not in feb.index  # its recommendation came from the July monitoring visit
    assert "5.5" not in feb.index  # first reported in Oct 2016
    assert feb.loc["1.2", "status"] == "Not started"
    assert len(_demo_status(D(2016, 7, 28))) == 28
    assert "8.1" in set(_demo_status(D(2016, 8, 25))["action_id"])


def test_an_action_with_no_update_yet_is_not_started_once_recommended():
    acts = pd.DataFrame(
        {"action_id": ["a", "b"], "source_date": pd.to_datetime(["2016-01-12", "2016-07-13"]),
         "due_date": pd.to_datetime(["2016-03-31", None]), "theme_id": "T1", "theme": "t"}
    )  # fmt: skip
    ups = pd.DataFrame(columns=["action_id", "update_date", "status", "update_text"])
    got = plan.plan_as_at(acts, ups, D(2016, 4, 28)).set_index("action_id")
    assert list(got.index) == ["a"]  # b's recommendation was not made yet
    assert got.loc["a", "status"] == "Not started" and got.loc["a", "overdue"]
    assert pd.isna(got.loc["a", "last_update"])


def test_board_order_puts_overdue_then_off_track_then_at_risk_first():
    frame = pd.DataFrame(
        {
            "action_id": ["1.10", "1.2", "2", "3", "4", "5"],
            "attention": ["Complete", "At risk", "Overdue", "On track", "Off track", "At risk"],
            "due_date": pd.to_datetime(
                ["2016-01-01", "2017-01-01", "2018-01-01", "2016-01-01", "2019-01-01", "2016-06-30"]
            ),
        }
    )
    assert list(plan.sort_for_board(frame)["action_id"]) == ["2", "4", "5", "1.2", "3", "1.10"]


def test_natural_order_of_ids():
    ids = ["1.10", "1.2", "R10", "R2", "2.1", "1.1"]
    assert sorted(ids, key=plan.natural_key) == ["1.1", "1.2", "1.10", "2.1", "R2", "R10"]


# --- changed since ---------------------------------------------------------------------------


def test_changed_since_the_last_board():
    f = demo_plan.frames()
    acts = f.actions.assign(theme="t")
    since = plan.previous_board(f.updates, LAST_BOARD)
    assert since == D(2018, 2, 22)
    changes = plan.changes_since(acts, f.updates, since, LAST_BOARD)
    assert list(changes["action_id"]) == ["2.2", "5.5", "6.4"]  # completions first
    assert list(changes["completed"]) == [True, False, False]
    assert list(zip(changes["from_status"], changes["to_status"], strict=True)) == [
        ("At risk", "Complete"),
        ("At risk", "Off track"),
        ("At risk", "On track"),
    ]


def test_changed_since_counts_only_changes_in_the_window():
    ups = pd.DataFrame(
        {
            "action_id": ["a", "a", "a", "a", "b", "c"],
            "update_date": pd.to_datetime(
                ["2016-02-25", "2016-03-24", "2016-04-28", "2016-05-26", "2016-04-28", "2016-04-28"]
            ),
            "status": [
                "Not started",
                "On track",
                "On track",
                "Complete",
                "On track",
                "Not started",
            ],
            "update_text": ["", "", "", "", "", ""],
        }
    )
    acts = pd.DataFrame(
        {"action_id": ["a", "b", "c"], "what": ["A", "B", "C"], "who": "x", "theme": "t"}
    )
    # after 24 Mar up to 28 Apr: a unchanged (On track again), b's first update is a change,
    # c's first update 'Not started' is not
    got = plan.changes_since(acts, ups, D(2016, 3, 24), D(2016, 4, 28))
    assert list(got["action_id"]) == ["b"]
    assert (got.loc[0, "from_status"], got.loc[0, "to_status"]) == ("Not started", "On track")
    # since is exclusive, as_at inclusive
    got = plan.changes_since(acts, ups, D(2016, 2, 1), D(2016, 5, 26))
    assert list(got["action_id"]) == ["a", "b", "a"]  # completions first, then latest first
    assert list(got["to_status"]) == ["Complete", "On track", "On track"]
    assert plan.changes_since(acts, ups, D(2016, 5, 26), D(2016, 6, 30)).empty


def test_status_history_merges_repeated_statuses_into_periods():
    f = demo_plan.frames()
    hist = plan.status_history(f.updates, LAST_BOARD)
    one = hist[hist["action_id"] == "1.1"]
    assert list(one["status"]) == ["On track", "At risk", "Off track", "On track", "Complete"]
    assert one["start"].iloc[0] == pd.Timestamp(2016, 2, 25)
    assert (one["end"].iloc[:-1].to_numpy() == one["start"].iloc[1:].to_numpy()).all()
    assert one["end"].iloc[-1] == pd.Timestamp(LAST_BOARD)


def test_status_counts_keep_every_theme_and_status():
    frame = _demo_status(LAST_BOARD)
    themes = demo_plan.frames().themes
    counts = plan.status_counts(frame[frame["who"] == "MASH Manager"], themes)
    assert len(counts) == 4 * 5
    assert counts["count"].sum() == 2
    assert counts.set_index(["theme_id", "status"]).loc[("T2", "Complete"), "count"] == 1


def test_filter_by_owner_and_status():
    frame = _demo_status(LAST_BOARD)
    got = plan.filter_actions(frame, ["Head of Service, Safeguarding"], ["On track"])
    assert list(got["action_id"]) == ["6.4"]
    assert len(plan.filter_actions(frame)) == 35


@pytest.mark.parametrize(
    ("text", "status"),
    [("COMPLETED", "Complete"), ("on-track", "On track"), (" Not yet started ", "Not started"),
     ("At Risk", "At risk"), ("off_track", "Off track"), ("Green", None), ("", None), (None, None)],
)  # fmt: skip
def test_parse_status(text, status):
    assert plan.parse_status(text) == status


# --- the demo --------------------------------------------------------------------------------


def test_demo_plan_is_deterministic_and_believable():
    a, b = demo_plan.frames(), demo_plan.frames()
    pd.testing.assert_frame_equal(a.updates, b.updates)
    dates = demo_plan.board_dates()
    assert len(dates) == 26 and dates[0] == D(2016, 2, 25) and dates[-1] == LAST_BOARD
    assert all(d.weekday() == 3 and 22 <= d.day <= 28 for d in dates)  # fourth Thursday
    assert set(a.updates["status"]) == set(plan.STATUSES)
    assert a.updates.groupby("action_id").size().min() >= 1
    # updates stop once an action is complete
    last = a.updates.sort_values("update_date").groupby("action_id").tail(1)
    completes = a.updates[a.updates["status"] == "Complete"]
    assert completes["action_id"].is_unique
    assert set(completes["action_id"]) <= set(last["action_id"])
    assert 28 <= len(a.actions) <= 36 and len(a.recommendations) == 8 and len(a.themes) == 4


# --- action tracker validation (the `actions` upload kind) -----------------------------------

KNOWN = [m.measure_id for m in measures.CATALOGUE]
HEADER = ["NOS", "Recommendation", "What?", "Who?", "How?", "When?", "Success measures",
          "Current Status", "Update date", "Update"]  # fmt: skip


def _tracker(*rows: list[str], header: list[str] = HEADER) -> pd.DataFrame:
    return pd.DataFrame([list(r) for r in rows], columns=header, dtype=object)


GOOD = [
    ["9.1", "R1", "Run a pilot", "MASH Manager", "Weekly", "March 2018",
     "rereferrals_12m_pct; ICPC_within_15wd_pct", "On Track", "26/04/2018", "Started"],
    ["9.1", "R1", "Run a pilot", "MASH Manager", "Weekly", "31/03/2018",
     "rereferrals_12m_pct", "COMPLETED", "2018-05-24", "Done"],
    ["", "", "", "", "", "", "", "", "", ""],  # a trailing blank row from Excel
]  # fmt: skip


def test_a_good_tracker_is_typed():
    result = plan_validate.validate_tracker(_tracker(*GOOD), KNOWN, {"R1"})
    assert result.ok, [str(p) for p in result.problems]
    f = result.frame
    assert list(f["row"]) == [2, 3]
    assert list(f["status"]) == ["On track", "Complete"]
    assert list(f["due_date"]) == [pd.Timestamp(2018, 3, 31)] * 2  # a month means its last day
    assert list(f["update_date"]) == [pd.Timestamp(2018, 4, 26), pd.Timestamp(2018, 5, 24)]
    assert f.loc[0, "success_measures"] == "icpc_within_15wd_pct,rereferrals_12m_pct"


def test_tracker_problems_name_row_column_and_value():
    rows = [
        ["9.1", "R1", "Run a pilot", "MASH Manager", "", "31/02/2018", "rereferals_12m_pct",
         "Amber", "26/04/2018", ""],
        ["9.2", "R1", "", "MASH Manager", "", "soon", "", "On track", "26/04/2018", ""],
        ["9.1", "R1", "Run a pilot", "MASH Manager", "", "31/03/2018", "", "On track",
         "26/04/2018", ""],
    ]  # fmt: skip
    result = plan_validate.validate_tracker(_tracker(*rows), KNOWN, {"R1"})
    messages = [str(p) for p in result.problems]
    assert messages == [
        'Row 2, column "When?": "31/02/2018" is not a date (expected dd/mm/yyyy, yyyy-mm-dd, '
        'or a month such as "Mar 2016")',
        'Row 2, column "Success measures": "rereferals_12m_pct" is not a measure id (did you '
        'mean "rereferrals_12m_pct"?)',
        'Row 2, column "Current Status": "Amber" is not a status (use Not started, On track, '
        "At risk, Off track or Complete)",
        'Row 3, column "What?": is blank',
        'Row 3, column "When?": "soon" is not a date (expected dd/mm/yyyy, yyyy-mm-dd, or a '
        'month such as "Mar 2016")',
        'Row 4, column "Update date": action "9.1" already has an update dated 26/04/2018 in row 2',
    ]
    assert not result.ok


def test_tracker_missing_columns_and_unknown_recommendation():
    result = plan_validate.validate_tracker(_tracker(header=["What", "Who"]), KNOWN)
    assert "no column for" in str(result.problems[0]) and '"When (due date)"' in str(
        result.problems[0]
    )
    result = plan_validate.validate_tracker(_tracker(GOOD[0]), KNOWN, {"R2"})
    assert [str(p) for p in result.problems] == [
        'Row 2, column "Recommendation": "R1" is not a recommendation in the plan; add a '
        '"Recommendation text" column to create it'
    ]


def test_problems_message_lists_the_first_fifty_and_the_total():
    rows = [[f"9.{i}", "R1", "x", "y", "", "31/03/2018", "", "Amber", "26/04/2018", ""]
            for i in range(60)]  # fmt: skip
    result = plan_validate.validate_tracker(_tracker(*rows), KNOWN, {"R1"})
    text = plan_validate.problems_message(result.problems)
    assert text.startswith("60 problems in the action tracker (the first 50 are listed):")
    assert text.count("\n") == 51 and text.endswith("Nothing was loaded.")


@pytest.mark.parametrize(
    ("text", "day"),
    [("31/03/2016", D(2016, 3, 31)), ("1/4/16", D(2016, 4, 1)), ("2016-03-31", D(2016, 3, 31)),
     ("2016-03-31 00:00:00", D(2016, 3, 31)), ("31 Mar 2016", D(2016, 3, 31)),
     ("Mar-16", D(2016, 3, 31)), ("February 2016", D(2016, 2, 29)), ("42460", D(2016, 3, 31)),
     ("31/02/2016", None), ("Ongoing", None), ("123", None), ("\xa0", None)],
)  # fmt: skip
def test_parse_tracker_dates(text, day):
    assert plan_validate.parse_date(text) == day


def test_a_validated_tracker_loads_new_actions_and_a_new_theme(plan_con):
    header = [*HEADER, "Theme", "Recommendation text", "Source", "Source date"]
    rows = [
        [*GOOD[0], "Cross-cutting: domestic abuse", "Improve the response to domestic abuse.",
         "Monitoring visit", "15/03/2018"],
        ["1.1", "R1", "Clear the backlog of assessments open beyond 45 working days", "x", "",
         "30/06/2016", "", "Complete", "26/04/2018", "Checked again", "", "", "", ""],
    ]  # fmt: skip
    rows[0][1] = "R9"
    cur = plan_con.cursor()
    result = plan_validate.validate_tracker(
        _tracker(*rows, header=header), KNOWN, plan_store.known_recommendation_ids(cur)
    )
    assert result.ok, [str(p) for p in result.problems]
    with db.transaction(plan_con) as c:
        added = plan_store.load_tracker(c, result.frame, _new_upload(c))
    assert added["themes"] == 1 and added["recommendations"] == 1
    assert added["actions"] == 2  # 9.1 new, 1.1 changed (who and how)
    assert added["updates"] == 2
    cur = plan_con.cursor()
    themes = plan_store.themes(cur).set_index("theme_id")
    assert themes.loc["T5", "title"] == "Cross-cutting: domestic abuse"
    acts = plan_store.actions(cur).set_index("action_id")
    assert acts.loc["9.1", "theme"] == "Cross-cutting: domestic abuse"
    assert acts.loc["9.1", "source"] == "Monitoring visit"
    assert acts.loc["1.1", "who"] == "x" and pd.isna(acts.loc["1.1", "how"])
    assert acts.loc["1.1", "recommendation_id"] == "R1"


def test_a_plan_with_blanks_or_an_unknown_source_is_refused(plan_con):
    rec = {"recommendation_id": "R9", "theme_id": "T1", "source": "Peer review", "text": "x"}
    with pytest.raises(CibError, match="unknown recommendation source 'Peer review'"):
        _load(plan_con, _frames(recommendations=[rec]))
    action = {"action_id": "9.1", "recommendation_id": "R1", "what": "x", "who": None}
    with pytest.raises(CibError, match="every action needs who; some are blank"):
        _load(plan_con, _frames(actions=[action]))


def test_a_failure_later_in_the_transaction_undoes_the_whole_plan_load(plan_con):
    extra = _frames(
        themes=[{"theme_id": "T9", "title": "Early help"}],
        updates=[{"action_id": "1.1", "update_date": D(2018, 4, 26), "status": "Complete"}],
    )
    with pytest.raises(RuntimeError), db.transaction(plan_con) as cur:
        added = plan_store.load_plan(cur, extra, _new_upload(cur))
        assert added["themes"] == 1 and added["updates"] == 1  # seen inside the transaction
        raise RuntimeError("a later check failed")
    cur = plan_con.cursor()
    assert "T9" not in set(plan_store.themes(cur)["theme_id"])
    assert plan_store.updates(cur)["update_date"].max() == pd.Timestamp(LAST_BOARD)


# --- charts ----------------------------------------------------------------------------------


def test_theme_chart_shows_counts_on_a_zero_based_stack():
    from cib.charts import plan as plan_charts

    frame = _demo_status(LAST_BOARD)
    counts = plan.status_counts(frame, demo_plan.frames().themes)
    fig = plan_charts.status_by_theme(counts)
    assert [t.name for t in fig.data] == [plan.status_label(s) for s in plan.STATUSES]
    complete = fig.data[-1]
    assert list(complete.x) == [8, 14, 3, 3] and list(complete.text) == ["8", "14", "3", "3"]
    assert list(fig.data[0].text) == ["", "", "", ""]  # no zero labels
    assert fig.layout.barmode == "stack" and fig.layout.xaxis.rangemode == "tozero"
    assert fig.layout.title.text == "28 of 35 actions complete"
    table = plan_charts.status_counts_table(counts)
    assert list(table["Total"]) == [8, 17, 5, 5]


def test_timeline_escapes_text_and_marks_due_dates():
    from cib.charts import plan as plan_charts

    acts = pd.DataFrame(
        {"action_id": ["1.1", "<i>2</i>"], "what": ["<script>alert(1)</script>", "b"],
         "due_date": pd.to_datetime(["2016-06-30", None])}
    )  # fmt: skip
    ups = pd.DataFrame(
        {"action_id": ["1.1", "1.1", "<i>2</i>"],
         "update_date": pd.to_datetime(["2016-02-25", "2016-03-24", "2016-03-24"]),
         "status": ["On track", "Complete", "At risk"], "update_text": ["<b>x</b>", "", None]}
    )  # fmt: skip
    fig = plan_charts.status_timeline(
        plan.status_history(ups, D(2016, 4, 28)), acts, D(2016, 4, 28)
    )
    text = fig.to_json()
    assert "<script>" not in text and "<b>x" not in text and "<i>2" not in text
    labels = list(fig.layout.yaxis.categoryarray)
    assert labels[0].startswith("1.1 · &lt;script&gt;alert(1)&lt;/script")  # wrapped, escaped
    assert labels[1] == "&lt;i&gt;2&lt;/i&gt; · b"
    due = next(t for t in fig.data if t.name == "Due date")
    assert list(due.x) == ["2016-06-30"]  # the action with no due date has no marker
    bars = {t.name: t for t in fig.data if t.type == "bar" and len(t.x)}
    assert set(bars) == {"● On track", "! At risk", "✓ Complete"}
    assert list(bars["● On track"].base) == ["2016-02-25"]
    assert bars["● On track"].x[0] == 28 * 86_400_000  # until the next update
    assert list(bars["✓ Complete"].text) == ["Complete"]  # the word on the bar
