"""Accessibility in a real browser (issue 10, WCAG 2.2 AA): axe-core on every page, the keyboard,
and a greyscale scorecard.

axe-core comes bundled inside axe-playwright-python (no download at run time). A serious or
critical violation fails the test; every violation is printed with its rule id and targets.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from cib import navigation, ui, users
from tests.conftest import ROOT
from tests.e2e import harness
from tests.e2e.harness import wait_for_app

pytestmark = pytest.mark.e2e

WAIT = 60_000  # ms: the machine is shared, so a run can be slow
BLOCKING = {"serious", "critical"}
# Violations inside Streamlit's own markup that no configuration or CSS of ours can fix: the exact
# rule and node (CSS selector as axe reports it), with the reason. Each is listed under known
# limits on the accessibility statement (pages/accessibility.py). Never a whole rule.
EXCLUDED: dict[tuple[str, str], str] = {}
FAULTY = ROOT / "tests" / "files" / "faulty"


# --- axe ---------------------------------------------------------------------------------------


def run_axe(page: Page) -> list[dict]:
    """axe-core's violations on the page as it stands (every rule axe runs by default).

    The script is the copy bundled in the package; the check asks nothing of the network.
    """
    outside: list[str] = []

    def note(request) -> None:
        if not request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            outside.append(request.url)

    page.on("request", note)
    page.evaluate(AXE_SCRIPT)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    page.remove_listener("request", note)
    assert not outside, f"axe fetched from outside the machine: {outside}"
    return result["violations"]


def report(where: str, violations: list[dict]) -> str:
    """Rule id, impact and the target of every node, one line each."""
    lines = [f"axe on {where}: {len(violations)} rule(s) violated"]
    for v in violations:
        lines.append(f"  {v['id']} [{v['impact']}] {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            target = " ".join(map(str, node["target"]))
            excluded = (
                " (excluded: Streamlit's own markup)" if (v["id"], target) in EXCLUDED else ""
            )
            lines.append(f"    - {target}{excluded}: {node['html'][:160]}")
    return "\n".join(lines)


def blocking(violations: list[dict]) -> list[tuple[str, str]]:
    """(rule id, target) of every serious or critical node not excluded by name."""
    return [
        (v["id"], " ".join(map(str, node["target"])))
        for v in violations
        if v["impact"] in BLOCKING
        for node in v["nodes"]
        if (v["id"], " ".join(map(str, node["target"]))) not in EXCLUDED
    ]


def assert_accessible(page: Page, where: str) -> None:
    """Run axe; print everything it found; fail on any serious or critical violation."""
    violations = run_axe(page)
    text = report(where, violations)
    print(text)
    assert not blocking(violations), text


def open_expanders(page: Page) -> None:
    """Open every expander in the main area, so axe checks what they hold too."""
    closed = page.locator("[data-testid='stMain'] details:not([open]) > summary")
    for _ in range(closed.count()):
        closed.first.click()
    page.wait_for_timeout(1200)  # tables and charts inside draw after opening


def url_for(spec: navigation.PageSpec) -> str:
    return "/" if spec.url_path is None else f"/{spec.url_path}"


@pytest.fixture(scope="module")
def app(app_server_url: str, browser: Browser) -> str:
    """The session's app, entered once by its front page (as a person arrives) before deep links."""
    context = browser.new_context(viewport=harness.VIEWPORT)
    pg = context.new_page()
    pg.goto(app_server_url)
    wait_for_app(pg, timeout=WAIT)
    context.close()
    return app_server_url


@pytest.mark.parametrize("spec", navigation.PAGES, ids=lambda s: s.title)
def test_axe_finds_nothing_serious_on_each_page(page: Page, app: str, spec):
    page.goto(app + url_for(spec))
    wait_for_app(page, timeout=WAIT)
    expect(page.get_by_role("heading", level=1).first).to_be_visible(timeout=WAIT)
    open_expanders(page)
    assert_accessible(page, spec.title)


SLIDES = [("summary", 1), ("area", 2), ("plan", 7)]


@pytest.mark.parametrize("contrast", [False, True], ids=["normal", "high_contrast"])
@pytest.mark.parametrize("name,slide", SLIDES, ids=[s for s, _ in SLIDES])
def test_axe_finds_nothing_serious_in_presentation_mode(
    page, app, screenshot_dir, name, slide, contrast
):
    page.goto(f"{app}/board?present=1&slide={slide}")
    wait_for_app(page, timeout=WAIT)
    expect(page.get_by_text(re.compile(rf"^{slide} / \d+$"))).to_be_visible(timeout=WAIT)
    if contrast:
        page.get_by_text("High contrast", exact=True).click()
        wait_for_app(page, timeout=WAIT)
        expect(page.locator(".stApp")).to_have_css("background-color", "rgb(0, 0, 0)")
    where = f"presentation mode, {name} slide{', high contrast' if contrast else ''}"
    assert_accessible(page, where)
    suffix = "_high_contrast" if contrast else ""
    page.screenshot(path=str(screenshot_dir / f"a11y_present_{name}{suffix}.png"))


def test_axe_finds_nothing_serious_on_upload_with_an_error(page, app, screenshot_dir):
    page.goto(f"{app}/upload")
    wait_for_app(page, timeout=WAIT)
    chooser = page.locator("[data-testid='stFileUploader'] input[type='file']")
    chooser.set_input_files(str(FAULTY / "measures__value_disagrees.csv"))
    wait_for_app(page, timeout=WAIT)
    expect(page.get_by_role("alert").filter(has_text="was not loaded")).to_be_visible(timeout=WAIT)
    assert_accessible(page, "Upload data, a rejected file")
    page.screenshot(path=str(screenshot_dir / "a11y_upload_error.png"), full_page=True)


@pytest.fixture
def signin_app(tmp_path: Path, _demo_template: Path, monkeypatch) -> Iterator[str]:
    """The app with username and password sign-in on: one administrator, ada."""
    user_file = tmp_path / "users.toml"
    monkeypatch.setenv("CIB_USERS", str(user_file))
    users.add("ada", "Ada Admin", "admin", "correct horse battery")
    path = tmp_path / "cib.duckdb"
    shutil.copyfile(_demo_template, path)
    with harness.app_server(path, extra_env={"CIB_USERS": str(user_file)}) as url:
        yield url


def test_axe_finds_nothing_serious_on_sign_in_and_with_sign_in_on(page, signin_app, screenshot_dir):
    page.goto(signin_app)
    wait_for_app(page, timeout=WAIT)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=WAIT)
    assert_accessible(page, "the sign-in screen")

    page.get_by_role("textbox", name="Username").fill("ada")
    page.get_by_role("textbox", name="Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    wait_for_app(page, timeout=WAIT)
    expect(page.get_by_role("alert")).to_be_visible(timeout=WAIT)
    assert_accessible(page, "the sign-in screen with an error")
    page.screenshot(path=str(screenshot_dir / "a11y_signin_error.png"))

    page.get_by_role("textbox", name="Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    wait_for_app(page, timeout=WAIT)
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=WAIT)
    # The sign-in lives in this browser session: move by the menu, not by a new page load.
    page.get_by_role("link", name="Administration").click()
    wait_for_app(page, timeout=WAIT)
    expect(page.get_by_role("heading", name="Administration")).to_be_visible(timeout=WAIT)
    page.get_by_role("tab", name="Users").click()
    page.wait_for_timeout(800)
    assert_accessible(page, "Administration with sign-in on (users tab)")


# --- greyscale ---------------------------------------------------------------------------------

RAG = {"green": ("✓", "On target"), "amber": ("!", "Near target"), "red": ("✗", "Off target")}


def test_greyscale_scorecard_still_tells_red_from_amber_from_green(page, app, screenshot_dir):
    page.goto(app)
    wait_for_app(page, timeout=WAIT)
    expect(page.locator(".cib-rag-red").first).to_be_visible(timeout=WAIT)
    grey = Image.open(io.BytesIO(page.screenshot())).convert("L")  # ITU-R 601 luma
    grey.save(screenshot_dir / "scorecard_greyscale.png")

    lightness = {}
    for status, (symbol, word) in RAG.items():
        tags = page.locator(f".cib-rag-{status}")
        assert tags.count() >= 1, f"no {status} tag on the scorecard"
        texts = set(tags.all_inner_texts())
        assert texts == {f"{symbol} {word}"}, texts  # the words and symbols, not colour alone
        box = tags.first.bounding_box()
        inside = grey.crop(
            (int(box["x"]) + 3, int(box["y"]) + 3, int(box["x"] + box["width"]) - 3,
             int(box["y"] + box["height"]) - 3)
        )  # fmt: skip
        # The fill is the commonest grey inside the tag (the text is a minority of pixels).
        lightness[status] = max(range(256), key=inside.histogram().__getitem__)
    print("greyscale fill of each tag (0 black - 255 white):", lightness)
    values = sorted(lightness.values())
    assert min(b - a for a, b in zip(values, values[1:], strict=False)) >= 50, lightness
    # Darker means worse: off target is the darkest, on target the lightest.
    assert lightness["red"] < lightness["amber"] < lightness["green"], lightness


# --- keyboard ----------------------------------------------------------------------------------

# What Tab should reach; an element taken out of the tab order on purpose (tabindex=-1, such as
# the arrow button inside a selectbox, which the keyboard opens with Alt+Down) is not a stop.
FOCUSABLE = ", ".join(
    f"{tag}:not([tabindex='-1'])"
    for tag in [
        "a[href]",
        "button:not([disabled])",
        "input:not([disabled]):not([type='hidden'])",
        "select",
        "textarea",
        "summary",
        "[tabindex]",
    ]
)
MARK = """(selector) => {
  const visible = (e) => {
    if (!e.getClientRects().length) return false;
    const s = getComputedStyle(e);
    return s.visibility !== 'hidden' && !e.closest('[inert], [aria-hidden="true"]');
  };
  const all = [...document.querySelectorAll(selector)].filter(visible);
  all.forEach((e, i) => e.setAttribute('data-a11y-id', String(i)));
  return all.map((e) => e.tagName + ' ' + (e.getAttribute('aria-label') || e.innerText || '')
                         .trim().slice(0, 50));
}"""
# The focused element's look: outline and box-shadow of it and of its nearest ancestors (a
# widget may draw its ring on a wrapper), each with its size and the opacity it is seen at.
LOOK = """() => {
  const looks = [];
  let e = document.activeElement;
  for (let depth = 0; e && e !== document.body && depth < 6; depth++, e = e.parentElement) {
    const s = getComputedStyle(e), r = e.getBoundingClientRect();
    let opacity = 1;
    for (let a = e; a; a = a.parentElement) opacity *= Number(getComputedStyle(a).opacity);
    looks.push({outline: s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0
                         || s.outlineColor.endsWith(', 0)') ? '' : s.outlineStyle + ' '
                         + s.outlineWidth + ' ' + s.outlineColor,
                shadow: s.boxShadow === 'none' ? '' : s.boxShadow,
                size: Math.min(r.width, r.height), opacity});
  }
  const a = document.activeElement;
  return {id: a.getAttribute('data-a11y-id'), tag: a.tagName,
          name: (a.getAttribute('aria-label') || a.innerText || '').trim().slice(0, 50), looks};
}"""


def ring(look: dict) -> bool:
    """A focus indicator that can be seen: an outline or shadow on an element of real size."""
    return any(
        (x["outline"] or x["shadow"]) and x["size"] >= 8 and x["opacity"] > 0.5
        for x in look["looks"]
    )


def tab_through(page: Page, limit: int = 400) -> tuple[list[str], list[dict]]:
    """From a freshly loaded page, press Tab until the focus comes round again.

    Returns every focusable element on the page and what each press of Tab focused.
    """
    # Fades still running would be measured half-way: look at each focus as it ends.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    expected = page.evaluate(MARK, FOCUSABLE)
    seen: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        look = page.evaluate(LOOK)
        if seen and look["id"] is not None and look["id"] == seen[0]["id"]:
            break  # round again
        seen.append(look)
    else:
        pytest.fail(f"the focus never came round again in {limit} presses of Tab")
    return expected, seen


def check_keyboard(page: Page, where: str) -> None:
    expected, seen = tab_through(page)
    reached = {int(x["id"]) for x in seen if x["id"] is not None}
    missed = [name for i, name in enumerate(expected) if i not in reached]
    assert not missed, f"{where}: never reached with Tab: {missed}"
    no_ring = [f"{x['tag']} {x['name']!r}" for x in seen if x["id"] is not None and not ring(x)]
    assert not no_ring, f"{where}: focused without a visible focus indicator: {no_ring}"
    print(f"{where}: {len(reached)} controls reached with Tab, each with a focus ring")


def test_keyboard_reaches_every_control_on_the_scorecard(page, app, screenshot_dir):
    page.goto(app)
    wait_for_app(page, timeout=WAIT)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=WAIT)
    check_keyboard(page, "Scorecard")

    # The month, changed with the keyboard alone: Tab to it, open it, pick the month before.
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('.st-key-overview_month')"):
            break
    else:
        pytest.fail("Tab never reached the Month selectbox")
    page.screenshot(path=str(screenshot_dir / "a11y_focus_month.png"))
    active = """() => { const id = document.activeElement.getAttribute('aria-activedescendant');
                        return id ? document.getElementById(id).innerText : null; }"""
    for _ in range(5):  # the arrow keys open the list and move through it
        page.keyboard.press("ArrowDown")
        if page.evaluate(active) == "Feb 2018":
            break
    else:
        pytest.fail("the arrow keys never reached Feb 2018 in the Month list")
    page.keyboard.press("Enter")
    wait_for_app(page, timeout=WAIT)
    expect(page.get_by_role("heading", name="Performance scorecard, Feb 2018")).to_be_visible(
        timeout=WAIT
    )


def test_keyboard_reaches_every_control_on_the_measure_page(page, app, screenshot_dir):
    page.goto(f"{app}/measure?measure=assessments_within_45wd_pct")
    wait_for_app(page, timeout=WAIT)
    expect(page.locator(".js-plotly-plot")).to_have_count(4, timeout=WAIT)
    check_keyboard(page, "Measure")
    page.screenshot(path=str(screenshot_dir / "a11y_focus_measure.png"))


def test_axe_check_can_fail(page):
    """The check itself: a page with known serious problems must not pass."""
    page.set_content(
        "<html lang='en'><head><title>t</title></head><body><main>"
        "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>"
        "<p style='color:#BBBBBB;background:#FFFFFF'>Pale text</p>"
        "<button></button></main></body></html>"
    )
    found = {rule for rule, _ in blocking(run_axe(page))}
    assert {"image-alt", "color-contrast", "button-name"} <= found, found


# --- the edges of fields (WCAG 1.4.11 non-text contrast) ---------------------------------------

EDGES = """(selectors) => {
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const out = [];
  for (const sel of selectors) for (const e of document.querySelectorAll(sel)) {
    const s = getComputedStyle(e);
    const [r, g, b, a = 1] = rgb(s.borderTopColor);
    const edge = [r, g, b].map((v) => v * a + 255 * (1 - a));  // over the white page
    const ratio = 1.05 / (lum(edge) + 0.05);
    out.push({sel, width: parseFloat(s.borderTopWidth), ratio: Math.round(ratio * 100) / 100});
  }
  return out;
}"""


@pytest.mark.parametrize(
    "path,kinds",
    [
        ("/spc", {"ComboBox", "stTextInputRootElement", "stCheckbox"}),
        ("/plan", {"ComboBox", "stDateInputField"}),
        ("/upload", {"ComboBox", "stTextInputRootElement", "stFileUploaderDropzone"}),
        ("/board", {"ComboBox", "stCheckbox"}),
    ],
)
def test_field_edges_reach_3_to_1(page, app, path, kinds):
    page.goto(app + path)
    wait_for_app(page, timeout=WAIT)
    for kind in kinds:
        where = ".react-aria-ComboBox" if kind == "ComboBox" else f"[data-testid='{kind}']"
        expect(page.locator(where).first).to_be_visible(timeout=WAIT)
    edges = page.evaluate(EDGES, list(ui.FIELD_SELECTORS))
    found = {k for k in kinds for e in edges if k in e["sel"]}
    assert found == kinds, f"fields not found on {path}: {kinds - found}"
    weak = [e for e in edges if e["width"] < 1 or e["ratio"] < 3]
    assert not weak, f"field edges under 3:1 on {path}: {weak}"
