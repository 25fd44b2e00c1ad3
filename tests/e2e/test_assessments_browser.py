"""What a person sees on the Assessment timeliness and Case audits pages: the real app in
headless Chromium at 1920x1080, on the demo with its child-level records.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from cib import db, demo_records
from tests.e2e import harness
from tests.e2e.harness import wait_for_app

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def records_app(tmp_path_factory, _demo_template) -> Iterator[str]:
    """The app on a copy of the demo database with its assessment and audit records."""
    folder = tmp_path_factory.mktemp("records_e2e")
    path = folder / "cib.duckdb"
    shutil.copyfile(_demo_template, path)
    con = db.connect(path)
    demo_records.seed_if_missing(con)
    con.close()
    with harness.app_server(path) as url:
        yield url


def _scroll_to(page, text: str) -> None:
    page.get_by_text(text, exact=True).first.scroll_into_view_if_needed()
    page.wait_for_timeout(600)


def test_assessment_timeliness_page(page, records_app, screenshot_dir):
    page.goto(f"{records_app}/assessments")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Assessment timeliness")).to_be_visible()
    expect(page.get_by_text("Data as at")).to_be_visible()
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Within 45 working days")
    expect(metric).to_contain_text("88.7%")
    expect(metric).to_contain_text("(n=133)")
    expect(page.get_by_text("Target 83.0% · ✓ On target")).to_be_visible()
    charts = page.locator(".js-plotly-plot")
    expect(charts).to_have_count(4)
    expect(charts.nth(0)).to_contain_text("Assessments on time, whole council, against target")
    expect(charts.nth(0)).to_contain_text("(118 of 133)")  # the latest figure with its n
    page.screenshot(path=str(screenshot_dir / "assessments.png"))
    _scroll_to(page, "How long assessments took (DfE bands)")
    expect(charts.nth(1)).to_contain_text("61+ WD")
    page.screenshot(path=str(screenshot_dir / "assessments_bands.png"))
    _scroll_to(page, "Teams compared, Mar 2018")
    expect(charts.nth(3)).to_contain_text("88.7% (118 of 133)")
    table = page.locator("[data-testid='stDataFrame']").last
    expect(table).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "assessments_teams.png"))


def test_case_audits_page(page, records_app, screenshot_dir):
    page.goto(f"{records_app}/audits")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Case audits")).to_be_visible()
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Good or better")
    expect(metric).to_contain_text("(n=45)")
    charts = page.locator(".js-plotly-plot")
    expect(charts).to_have_count(4)
    expect(charts.nth(0)).to_contain_text("Audit grades, whole council, against target")
    page.screenshot(path=str(screenshot_dir / "audits.png"))
    _scroll_to(page, "Grade mix and number of audits each month")
    expect(charts.nth(1)).to_contain_text("Requires improvement")
    page.screenshot(path=str(screenshot_dir / "audits_mix.png"))
    _scroll_to(page, "By team, Apr 2017 to Mar 2018")
    expect(charts.nth(2)).to_contain_text("good or better")
    page.screenshot(path=str(screenshot_dir / "audits_teams.png"))
