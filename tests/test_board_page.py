"""The Board pack page through AppTest: downloads, summary, presentation mode and its slides."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.test_board import seed_demo_plan

PAGE = "../pages/board.py"  # relative to this file


@pytest.fixture
def plan_db(demo_db: Path) -> Path:
    seed_demo_plan(demo_db)
    return demo_db


def run_page(**query: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [f"{m.label}|{m.value}|{m.delta}" for m in at.metric]
    return "\n".join(str(p) for p in parts)


def test_board_pack_page(plan_db):
    at = run_page()
    assert at.title[0].value == "Board pack"
    assert [s.value for s in at.header] == [
        "Download the pack for Mar 2018",
        "Board summary, Mar 2018",
    ]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["✓ On target"] == "9" and metrics["✗ Off target"] == "4"
    assert metrics["Overdue actions"] == "3"
    assert len(at.get("download_button")) == 3
    body = texts(at)
    assert "In Mar 2018, 9 of the 14 measures with a target were on target" in body
    assert "Data as at **Mar 2018**" in body
    assert at.query_params["month"] == ["2018-03"] or at.query_params["month"] == "2018-03"


def test_publication_toggle_hides_small_counts(plan_db):
    at = run_page()
    at.toggle(key="board_publication").set_value(True).run()
    assert not at.exception
    body = texts(at)
    assert "counts under 5, and percentages and changes built on them" in body
    table = at.dataframe[-1].value
    inadequate = table[table["Measure"] == "Audits inadequate"].iloc[0]
    assert inadequate["Value"] == "c"  # 1 of 45


def test_presentation_mode_slides_and_buttons(plan_db):
    at = run_page(present="1")
    assert at.title[0].value == "Board summary, Mar 2018"
    assert at.toggle(key="board_present").value is True
    assert "**1 / 7**" in texts(at)
    assert at.button(key="board_prev").disabled
    at.button(key="board_next").click().run()
    assert at.title[0].value == "Front door and assessment: 4 of 4 on target"
    assert len(at.get("plotly_chart")) == 6  # a chart per measure
    body = texts(at)
    assert "Assessments within 45 WD|88.7%|▲ better than Feb 2018 (+3.2 pts)" in body
    assert "118 of 133 · Target **83\\.0%** · :green[**✓ On target**]" in body
    for _ in range(5):
        at.button(key="board_next").click().run()
    assert at.title[0].value == "Improvement plan: 28 of 35 actions complete"
    assert at.button(key="board_next").disabled
    assert "**7 / 7**" in texts(at)
    at.button(key="board_prev").click().run()
    assert at.title[0].value == "Workforce: 1 of 3 on target"
    # Page Up / Page Down from a presenter remote reach the same callbacks
    at.button(key="board_prev_page").click().run()
    assert at.title[0].value == "Quality of practice: 1 of 2 on target"


def test_presentation_deep_link_high_contrast_and_exit(plan_db):
    at = run_page(present="1", slide="7", month="2016-06")
    assert at.title[0].value.startswith("Improvement plan:")
    at.toggle(key="board_contrast").set_value(True).run()
    assert not at.exception
    at.button(key="board_prev").click().run()
    assert at.title[0].value.startswith("Workforce")
    assert "**6 / 7**" in texts(at)
    at.toggle(key="board_present").set_value(False).run()
    assert not at.exception
    assert at.title[0].value == "Board pack"
    assert "present" not in at.query_params


def test_presentation_toggle_starts_the_slides(plan_db):
    at = run_page()
    at.toggle(key="board_present").set_value(True).run()
    assert not at.exception
    assert at.title[0].value == "Board summary, Mar 2018"


def test_page_is_in_the_navigation():
    nav = (ROOT / "cib" / "navigation.py").read_text(encoding="utf-8")
    if "pages/board.py" not in nav:
        pytest.skip("the lead adds pages/board.py (url path 'board') to cib/navigation.py")
    assert '"board"' in nav
