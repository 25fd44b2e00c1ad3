"""The improvement plan in a real browser: theme -> recommendation -> action -> linked measure."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from cib import db, demo_plan, plan_store
from tests.e2e import harness
from tests.e2e.harness import wait_for_app

pytestmark = pytest.mark.e2e

HOSTILE = "<script>alert(1)</script><b>x</b>"
WAIT = 20_000  # ms: the machine is shared, and Plotly draws after the script ends


def _add_plan_and_hostile_action(path: Path) -> None:
    """The demo plan (if the demo lacks it) plus an action whose text is markup."""
    con = db.connect(path)
    with db.transaction(con) as cur:
        if plan_store.themes(cur).empty:
            demo_plan.seed_plan(cur, int(db.scalar(cur, "load_upload_demo")))
        hostile = plan_store.PlanFrames(
            themes=pd.DataFrame(columns=plan_store.THEME_COLUMNS),
            recommendations=pd.DataFrame(columns=plan_store.RECOMMENDATION_COLUMNS),
            actions=pd.DataFrame(
                [
                    [
                        "1.9",
                        "R1",
                        f"{HOSTILE} what",
                        f"{HOSTILE} who",
                        HOSTILE,
                        "2018-12-31",
                        "assessments_within_45wd_pct",
                    ]
                ],
                columns=plan_store.ACTION_COLUMNS,
            ),  # fmt: skip
            updates=pd.DataFrame(
                [["1.9", "2018-03-22", "At risk", f"{HOSTILE} update"]],
                columns=plan_store.UPDATE_COLUMNS,
            ),
        )
        plan_store.load_plan(cur, hostile, int(db.scalar(cur, "load_upload_demo")))
    con.close()


@pytest.fixture(scope="module")
def plan_server(tmp_path_factory: pytest.TempPathFactory, _demo_template: Path) -> Iterator[str]:
    """The app on a copy of the demo database with one hostile action added."""
    path = tmp_path_factory.mktemp("e2e_plan") / "cib.duckdb"
    shutil.copyfile(_demo_template, path)
    _add_plan_and_hostile_action(path)
    with harness.app_server(path) as url:
        yield url


def _choose(page: Page, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox by its label and the start of the option text."""
    box = page.get_by_role("combobox", name=label, exact=True)
    opener = (
        page.locator("[data-testid='stSelectbox']")
        .filter(has=box)
        .get_by_role("button", name="Open")
    )  # the text box itself only filters; this button opens the list
    wanted = page.get_by_role("option").filter(has_text=re.compile("^" + re.escape(option)))
    for _ in range(3):  # a rerun that lands mid-click can close the list again
        opener.click()
        try:
            wanted.first.wait_for(state="visible", timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    wanted.first.click()
    wait_for_app(page)


def _open_plan(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.get_by_role("link", name="Improvement plan").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Improvement plan")).to_be_visible(timeout=WAIT)


def test_walk_theme_recommendation_action_to_the_linked_measure(
    page: Page, plan_server: str, screenshot_dir: Path
):
    _open_plan(page, plan_server)
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Overdue (not complete)")
    expect(metric).to_contain_text("3", timeout=WAIT)
    expect(page.locator(".js-plotly-plot").first).to_contain_text("actions complete", timeout=WAIT)
    page.screenshot(path=str(screenshot_dir / "plan.png"))

    _choose(page, "Theme", "A robust model of social work practice")
    _choose(page, "Recommendation", "R1 · Ensure that assessments")
    _choose(page, "Action", "1.1 · Clear the backlog")
    heading = "Action 1.1: Clear the backlog of assessments open beyond 45 working days"
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=WAIT)
    facts = page.locator("[data-testid='stMarkdownContainer'] p").filter(has_text="Who:")
    expect(facts).to_contain_text("Who: Head of Service, Assessment", timeout=WAIT)
    expect(facts).to_contain_text("When (due): 30 Jun 2016", timeout=WAIT)
    measure = page.locator("[data-testid='stMetric']").filter(
        has_text="Open assessments over 45 WD (Mar 2018)"
    )
    expect(measure).to_be_visible(timeout=WAIT)
    card = measure.locator("xpath=ancestor::div[@data-testid='stVerticalBlock'][1]")
    sparkline = card.locator(".js-plotly-plot")  # the linked measure's line with its target
    expect(sparkline).to_be_visible(timeout=WAIT)
    expect(card).to_contain_text("Target", timeout=WAIT)
    timeline = page.locator(".js-plotly-plot").filter(has_text="Action 1.1: status")
    expect(timeline).to_be_visible(timeout=WAIT)
    expect(page).to_have_url(re.compile(r"/plan\?theme=T2&rec=R1&action=1\.1"), timeout=WAIT)
    measure.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "plan_drill.png"))

    page.get_by_role("link", name=re.compile("Open the recommendation view")).click()
    wait_for_app(page)
    title = page.get_by_role("heading", name="Recommendation", exact=True)
    expect(title).to_be_visible(timeout=WAIT)
    expect(
        page.get_by_role("heading", name="R1 · A robust model of social work practice")
    ).to_be_visible(timeout=WAIT)
    expect(page.get_by_text("Outcomes: linked measures")).to_be_visible(timeout=WAIT)
    expect(
        page.locator("[data-testid='stMetric']").filter(has_text="Assessments within 45 WD")
    ).to_be_visible(timeout=WAIT)
    expect(page.locator(".js-plotly-plot").first).to_contain_text(
        "status at each board", timeout=WAIT
    )
    page.screenshot(path=str(screenshot_dir / "recommendation.png"))


def test_action_text_with_markup_is_shown_as_typed(
    page: Page, plan_server: str, screenshot_dir: Path
):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _open_plan(page, plan_server)
    _choose(page, "Theme", "A robust model of social work practice")
    _choose(page, "Recommendation", "R1 · Ensure that assessments")
    _choose(page, "Action", "1.9 · <script>")
    main = page.locator("[data-testid='stMain']")
    expect(main.get_by_role("heading", name=f"Action 1.9: {HOSTILE} what")).to_be_visible(
        timeout=WAIT
    )
    facts = main.locator("[data-testid='stMarkdownContainer'] p").filter(has_text="Who:")
    expect(facts).to_contain_text(f"Who: {HOSTILE} who", timeout=WAIT)
    expect(facts).to_contain_text(f"Latest update: {HOSTILE} update", timeout=WAIT)
    chosen = page.get_by_role("combobox", name="Action", exact=True)
    expect(chosen).to_have_value(f"1.9 · {HOSTILE} what", timeout=WAIT)
    assert main.locator("script").count() == 0
    assert main.locator("b").count() == 0  # Markdown bold is <strong>; a <b> came from data
    page.wait_for_timeout(500)
    assert dialogs == []
    page.screenshot(path=str(screenshot_dir / "plan_hostile_text.png"))
