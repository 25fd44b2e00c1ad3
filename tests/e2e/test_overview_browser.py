"""What a person sees: the real app in headless Chromium at 1920x1080."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import wait_for_app

pytestmark = pytest.mark.e2e


def test_overview_shows_scorecard_and_charts(page, app_server_url, screenshot_dir):
    page.goto(app_server_url)
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Performance scorecard, Mar 2018")).to_be_visible()
    expect(page.get_by_text("Front door and assessment")).to_be_visible()
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Assessments within 45 WD")
    expect(metric).to_contain_text("88.7%")
    expect(metric).to_contain_text("better than Feb 2018")
    expect(page.locator(".js-plotly-plot")).to_have_count(16, timeout=20_000)
    expect(page.get_by_text("Data as at")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "overview.png"))


def test_open_measure_from_a_card(page, app_server_url, screenshot_dir):
    page.goto(app_server_url)
    wait_for_app(page)
    page.get_by_role("link", name="Open measure").first.click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/measure\?measure=assessments_within_45wd_pct"))
    heading = page.get_by_role("heading", name="Assessments completed within 45 working days")
    expect(heading).to_be_visible()
    chart = page.locator(".js-plotly-plot").first
    expect(chart).to_be_visible()
    expect(chart).to_contain_text("against target")
    page.screenshot(path=str(screenshot_dir / "measure.png"))


def test_measure_deep_link_and_download(page, app_server_url):
    page.goto(f"{app_server_url}/measure?measure=caseload_avg")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Average social worker caseload")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download these figures (CSV)").click()
    body = open(info.value.path(), encoding="utf-8").read().splitlines()
    assert body[0].startswith("month,team,value,numerator,denominator,target,rag")
    assert len(body) == 37
