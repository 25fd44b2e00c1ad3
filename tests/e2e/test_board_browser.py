"""Presentation mode in a real browser at 1920x1080, and the HTML pack opened offline."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cib import board, db, export
from tests.e2e.harness import wait_for_app
from tests.test_board import seed_demo_plan

pytestmark = pytest.mark.e2e

SLIDES = [
    "Board summary, Mar 2018",
    "Front door and assessment: 4 of 4 on target",
    "Child protection: 2 of 4 on target",
    "Children in care: 1 of 1 on target",
    "Quality of practice: 1 of 2 on target",
    "Workforce: 1 of 3 on target",
    "Improvement plan: 28 of 35 actions complete",
]


def heading(page, text: str):
    return page.get_by_role("heading", name=text, exact=True, level=1)


def font_sizes(page, selector: str) -> list[float]:
    return page.eval_on_selector_all(
        selector,
        "els => els.filter(e => e.offsetParent !== null && e.textContent.trim())"
        "          .map(e => parseFloat(getComputedStyle(e).fontSize))",
    )


@pytest.fixture(scope="module")
def board_url(tmp_path_factory, _demo_template, browser):
    """The app on a demo database with the improvement plan, for the board page.

    The home page is opened once first, as a person would: until dashboard.py has run in a
    session, Streamlit serves a pages/ file by its own name, outside the app's navigation.
    """
    from tests.e2e import harness

    path = tmp_path_factory.mktemp("board") / "cib.duckdb"
    shutil.copyfile(_demo_template, path)
    seed_demo_plan(path)
    with harness.app_server(path) as url:
        first = browser.new_page()
        first.goto(url)
        wait_for_app(first)
        first.close()
        yield url


def test_presentation_mode_at_a_shared_screen_size(page, board_url, screenshot_dir):
    page.goto(f"{board_url}/board?present=1")
    wait_for_app(page)
    expect(heading(page, SLIDES[0])).to_be_visible(timeout=30_000)
    expect(page.locator("[data-testid='stMetricValue']").first).to_be_visible()
    # No sidebar and no toolbar: only the slide and its controls.
    for testid in ("stSidebar", "stHeader", "stToolbar", "stSidebarCollapsedControl"):
        assert not page.locator(f"[data-testid='{testid}']").first.is_visible(), testid
    # Large type: body text at least 18 px, the headline numbers much larger.
    body = font_sizes(page, "[data-testid='stMainBlockContainer'] li, "
                            "[data-testid='stMainBlockContainer'] p")  # fmt: skip
    assert body and min(body) >= 18, body
    numbers = font_sizes(page, "[data-testid='stMetricValue']")
    assert numbers and min(numbers) >= 3 * 18, numbers
    expect(page.get_by_text("In Mar 2018, 9 of the 14 measures with a target")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "board_present_1_summary.png"))

    # Next and previous with the buttons...
    page.get_by_role("button", name="Next ▶").click()
    expect(heading(page, SLIDES[1])).to_be_visible(timeout=20_000)
    page.get_by_role("button", name="◀ Previous").click()
    expect(heading(page, SLIDES[0])).to_be_visible(timeout=20_000)
    # ... and with the keyboard: arrows, and Page Down / Page Up from a presenter remote.
    page.mouse.click(960, 1040)  # focus the page, not a widget
    for i in range(1, len(SLIDES)):
        page.keyboard.press("ArrowRight" if i % 2 else "PageDown")
        expect(heading(page, SLIDES[i])).to_be_visible(timeout=20_000)
        wait_for_app(page)
        if i in (1, 2, len(SLIDES) - 1):
            name = SLIDES[i].split(":")[0].lower().replace(" ", "_")
            page.screenshot(path=str(screenshot_dir / f"board_present_{i + 1}_{name}.png"))
    page.keyboard.press("ArrowLeft")
    expect(heading(page, SLIDES[-2])).to_be_visible(timeout=20_000)
    page.keyboard.press("PageUp")
    expect(heading(page, SLIDES[-3])).to_be_visible(timeout=20_000)
    assert "slide=5" in page.url


def test_high_contrast_option(page, board_url, screenshot_dir):
    page.goto(f"{board_url}/board?present=1&slide=2")
    wait_for_app(page)
    expect(heading(page, SLIDES[1])).to_be_visible(timeout=30_000)
    page.get_by_text("High contrast").click()
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.stApp')).backgroundColor"
        " === 'rgb(0, 0, 0)'",
        timeout=20_000,
    )
    wait_for_app(page)
    colour = page.eval_on_selector(
        "[data-testid='stMainBlockContainer'] li, [data-testid='stMainBlockContainer'] p",
        "e => getComputedStyle(e).color",
    )
    assert colour == "rgb(255, 255, 255)"
    page.screenshot(path=str(screenshot_dir / "board_present_high_contrast.png"))


def test_board_pack_page_and_presentation_toggle(page, board_url, screenshot_dir):
    page.goto(f"{board_url}/board")
    wait_for_app(page)
    expect(heading(page, "Board pack")).to_be_visible(timeout=30_000)
    expect(page.locator("[data-testid='stSidebar']")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="PDF").click()
    assert info.value.suggested_filename == "board-pack-2018-03.pdf"
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF")
    page.screenshot(path=str(screenshot_dir / "board_page.png"))
    page.get_by_text("Presentation mode").click()
    expect(heading(page, SLIDES[0])).to_be_visible(timeout=20_000)
    assert "present=1" in page.url


def test_html_pack_opens_offline_with_no_request(page, tmp_path, _demo_template, screenshot_dir):
    path = tmp_path / "cib.duckdb"
    shutil.copyfile(_demo_template, path)
    seed_demo_plan(path)
    con = db.connect(path)
    try:
        with con.cursor() as cur:
            built = board.build(board.gather(cur, dt.date(2018, 3, 1)))
    finally:
        con.close()
    out = tmp_path / "pack.html"
    export.write(built, "html", out)
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(out.as_uri())
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length")
    page.wait_for_timeout(1000)
    assert requests == [out.as_uri()], requests
    assert not errors, errors
    plots = page.locator(".js-plotly-plot")
    assert plots.count() == 17  # 16 measures and the plan
    assert page.locator(".js-plotly-plot .scatterlayer .trace").count() >= 15
    expect(page.get_by_role("heading", name="Summary, Mar 2018")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "board_pack_html.png"))
