"""What a person sees on the Assessment timeliness and Case audits pages: the real app in
headless Chromium at 1920x1080, on the demo with its child-level records.

The pages are served by dashboard.py once cib.navigation lists them (url paths assessments and
audits); until then by a minimal entry script that mounts the same page files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cib import db, demo_records, navigation
from tests.e2e import harness
from tests.e2e.harness import ROOT, wait_for_app

pytestmark = pytest.mark.e2e

ENTRY = """
import streamlit as st
from cib import ui
st.set_page_config(page_title="Children's Improvement Board", layout="wide")
ui.page_style()
st.navigation([
    st.Page({overview!r}, title="Scorecard", default=True),
    st.Page({assessments!r}, title="Assessment timeliness", url_path="assessments"),
    st.Page({audits!r}, title="Case audits", url_path="audits"),
]).run()
"""


def _listed() -> bool:
    paths = {spec.path for spec in navigation.PAGES}
    return {"pages/assessments.py", "pages/audits.py"} <= paths


@contextmanager
def _entry_server(entry: Path, db_path: Path) -> Iterator[str]:
    """`streamlit run entry` on a free port (as harness.app_server does for dashboard.py)."""
    port = harness.free_port()
    env = {**os.environ, "CIB_DB": str(db_path), "PYTHONPATH": str(ROOT)}
    log = open(db_path.with_suffix(".server.log"), "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(entry), "--server.headless=true",
         "--server.address=127.0.0.1", f"--server.port={port}",
         "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the app did not start; see {log.name}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def records_app(tmp_path_factory, _demo_template) -> Iterator[str]:
    """The app on a copy of the demo database with its assessment and audit records."""
    folder = tmp_path_factory.mktemp("records_e2e")
    path = folder / "cib.duckdb"
    shutil.copyfile(_demo_template, path)
    con = db.connect(path)
    demo_records.seed_if_missing(con)
    con.close()
    if _listed():
        with harness.app_server(path) as url:
            yield url
        return
    entry = folder / "entry.py"
    pages = {
        name: str(ROOT / "pages" / f"{name}.py") for name in ("overview", "assessments", "audits")
    }
    entry.write_text(ENTRY.format(**pages), encoding="utf-8")
    with _entry_server(entry, path) as url:
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
