"""Uploading in a real browser: a bad file shows its problems; a good one previews, loads, and
the scorecard moves on to the new month."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import ROOT
from tests.e2e.harness import wait_for_app

pytestmark = pytest.mark.e2e

WAIT = 30_000  # ms: the machine is shared, so a run can be slow
FAULTY = ROOT / "tests" / "files" / "faulty"
APRIL = (
    "measure_id,month,team,numerator,denominator,value\n"
    "assessments_within_45wd_pct,Apr-18,,130,150,86.7%\n"
    "rereferrals_12m_pct,Apr-18,,40,190,\n"
    "caseload_avg,Apr-18,,,,17.5\n"
)


def choose_file(page, path):
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(path))
    wait_for_app(page, timeout=60_000)


def test_bad_file_then_good_file_reaches_the_scorecard(page, app_server, screenshot_dir, tmp_path):
    page.goto(app_server)  # the entry page first, as a person arrives
    wait_for_app(page, timeout=60_000)
    page.goto(f"{app_server}/upload")
    wait_for_app(page, timeout=60_000)
    expect(page.get_by_role("heading", name="Upload data")).to_be_visible(timeout=WAIT)

    choose_file(page, FAULTY / "measures__value_disagrees.csv")
    error = page.get_by_role("alert").filter(has_text="was not loaded")
    expect(error).to_be_visible(timeout=WAIT)
    expect(error).to_contain_text(
        'row 3, column "value": "75" does not match the numerator', timeout=WAIT
    )
    expect(page.get_by_role("button", name=re.compile(r"^Load [\d,]+ rows"))).to_have_count(
        0, timeout=WAIT
    )
    page.screenshot(path=str(screenshot_dir / "upload_error.png"))

    good = tmp_path / "april_2018.csv"
    good.write_text(APRIL, encoding="utf-8")
    choose_file(page, good)
    expect(page.get_by_text("passed every check")).to_be_visible(timeout=WAIT)
    added = page.locator("[data-testid='stMetric']").filter(has_text="Rows to add")
    expect(added).to_contain_text("3", timeout=WAIT)
    page.screenshot(path=str(screenshot_dir / "upload_preview.png"))

    page.get_by_role("button", name="Load 3 rows").click()
    wait_for_app(page, timeout=60_000)
    expect(page.get_by_text("loaded april_2018.csv as upload")).to_be_visible(timeout=WAIT)
    expect(page.get_by_text("Data as at Apr 2018")).to_be_visible(timeout=WAIT)
    page.screenshot(path=str(screenshot_dir / "upload_done.png"))

    page.goto(app_server)
    wait_for_app(page, timeout=60_000)
    expect(page.get_by_role("heading", name="Performance scorecard, Apr 2018")).to_be_visible(
        timeout=WAIT
    )
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Average caseload")
    expect(metric).to_contain_text("17.5", timeout=WAIT)
    page.screenshot(path=str(screenshot_dir / "upload_scorecard.png"))
