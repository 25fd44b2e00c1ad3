"""The sign-in gate and roles through AppTest, from the real entry point, on a real demo database.

OIDC users are simulated with AppTest.user (the claims st.user would hold after st.login); the
real st.login round trip is tests/e2e/test_signin_browser.py.
"""

import pytest
from streamlit.testing.v1 import AppTest

from cib import users

ENTRY = "../dashboard.py"  # relative to this file
NO_SIGN_IN = {"cib_tests": "sign-in not configured"}  # shields the test from a real secrets.toml
OIDC = {
    "auth": {
        "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
        "cookie_secret": "test-cookie-secret-test-cookie-secret",
        "council": {
            "client_id": "cib-dashboard",
            "client_secret": "test-client-secret",
            "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
            "button_label": "Sign in with the council account",
        },
    },
    "roles": {
        "admin": ["ada@council.example"],
        "analyst": ["ann@council.example"],
        "viewer": ["@council.example"],
        "default": "none",
    },
}
PASSWORD = "correct horse battery staple"


def claims(email: str, name: str) -> dict:
    return {"is_logged_in": True, "email": email, "name": name, "sub": email.split("@")[0]}


VIEWER = claims("vic@council.example", "Vic Viewer")
ANALYST = claims("ann@council.example", "Ann Analyst")
ADMIN = claims("ada@council.example", "Ada Admin")


@pytest.fixture(autouse=True)
def warm_server(monkeypatch):
    """Route every page through dashboard.py, as a server does once a session has opened it.

    With a pages/ folder beside the entry script, Streamlit (and AppTest, on every run) runs a
    requested pages/ file directly until some session has called st.navigation; the page's own
    require_role guards that path (tests/test_auth_guards.py). Here: the gate in dashboard.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture(autouse=True)
def user_file(tmp_path, monkeypatch):
    """No standalone user list unless a test writes one."""
    path = tmp_path / "users.toml"
    monkeypatch.setenv("CIB_USERS", str(path))
    return path


def app(secrets: dict, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.secrets = secrets
    if user is not None:
        at.user = user
    return at.run()


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def errors(at: AppTest) -> str:
    return "\n".join(e.value for e in at.error)


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def audit_rows() -> list[tuple]:
    from cib.data import connection  # the app's own connection (one process holds the file)

    with connection().cursor() as cur:
        return cur.execute(
            "select user_name, role, action, detail from audit_event order by event_id"
        ).fetchall()


def test_not_configured_opens_every_page_with_a_banner(demo_db):
    at = app(NO_SIGN_IN)
    assert not at.exception, at.exception
    assert "Sign-in is not configured" in at.warning[0].value
    assert "127.0.0.1" in at.warning[0].value and "README" in at.warning[0].value
    assert titles(at) == ["Performance scorecard, Mar 2018"]
    assert "sign-in not configured" in at.sidebar.caption[0].value
    at.switch_page("pages/admin.py").run()
    assert not at.exception, at.exception
    assert titles(at) == ["Administration"]
    assert "Adding the first user turns sign-in on" in "\n".join(w.value for w in at.warning)


def test_oidc_visitor_who_has_not_signed_in_sees_only_the_sign_in_screen(demo_db):
    at = app(OIDC, {"email": "test@example.com"})  # AppTest's default: not logged in
    assert not at.exception, at.exception
    assert titles(at) == ["Sign in"]
    assert [b.label for b in at.button] == ["Sign in with the council account"]
    assert not at.metric and not at.get("plotly_chart") and not at.warning
    for path in ["pages/measure.py", "pages/upload.py", "pages/admin.py"]:
        at.switch_page(path).run()
        assert titles(at) == ["Sign in"], path
        assert not at.metric and not at.dataframe


def test_viewer_lands_on_the_scorecard_but_cannot_reach_upload_or_admin(demo_db):
    at = app(OIDC, VIEWER)
    assert not at.exception, at.exception
    assert titles(at) == ["Performance scorecard, Mar 2018"]
    assert not at.warning  # sign-in is configured: no banner
    assert "Vic Viewer" in at.sidebar.caption[0].value and "Viewer" in at.sidebar.caption[0].value
    at.switch_page("pages/upload.py").run()
    assert "Upload data is for analysts and administrators" in errors(at)
    assert "Vic Viewer" in errors(at)
    assert "Upload data" not in titles(at) and not at.get("file_uploader")
    at.switch_page("pages/admin.py").run()
    assert "Administration is for administrators" in errors(at)
    assert titles(at) == [] and not at.dataframe
    at.switch_page("pages/measure.py").run()
    assert not at.exception and not at.error
    rows = audit_rows()
    assert (
        "vic@council.example",
        "viewer",
        "sign_in",
        "identity provider (new browser session)",
    ) in rows
    refused = [r[3] for r in rows if r[2] == "access_refused"]
    assert refused == ["Upload data", "Administration"]


def test_analyst_may_open_upload_but_not_admin(demo_db):
    at = app(OIDC, ANALYST)
    at.switch_page("pages/upload.py").run()
    assert "is for" not in errors(at)
    assert "Upload data" in titles(at)
    at.switch_page("pages/admin.py").run()
    assert "Administration is for administrators" in errors(at)


def test_admin_reads_the_audit_trail_with_sign_ins_and_loads(demo_db):
    at = app(OIDC, ADMIN)
    at.switch_page("pages/admin.py").run()
    assert not at.exception, at.exception
    assert titles(at) == ["Administration"]
    trail = at.dataframe[0].value
    assert list(trail.columns) == ["When", "Who", "Role", "What", "Detail"]
    assert {"Signed in", "Data loaded"} <= set(trail["What"])
    signed_in = trail[trail["What"] == "Signed in"].iloc[0]
    assert signed_in["Who"] == "ada@council.example" and signed_in["Role"] == "Administrator"
    assert trail["When"].is_monotonic_decreasing  # newest first
    rules = at.dataframe[-1].value
    assert rules.iloc[0]["Emails or @domains"] == "ada@council.example"


def test_someone_the_rules_do_not_name_is_refused(demo_db):
    at = app(OIDC, claims("nora@elsewhere.example", "Nora Nobody"))
    assert "have no role in this dashboard" in errors(at)
    assert not at.metric and titles(at) == []
    assert [b.label for b in at.button] == ["Sign out"]


@pytest.mark.parametrize(
    "secrets",
    [
        {**OIDC, "roles": {"admins": ["ada@council.example"]}},  # a typo in a setting name
        {"auth": {"redirect_uri": "http://127.0.0.1:8501/oauth2callback"}},  # no provider
        {"auth": {**OIDC["auth"], "cookie_secret": ""}},
    ],
)
def test_wrong_settings_show_nothing(demo_db, secrets):
    at = app(secrets, ADMIN)
    assert "Sign-in settings are wrong, so nothing is shown" in errors(at)
    assert not at.metric and titles(at) == [] and not at.warning


def test_a_broken_user_list_shows_nothing(demo_db, user_file):
    user_file.write_text("[users.ada]\nrole = 'admin'\n", encoding="utf-8")
    at = app(NO_SIGN_IN)
    assert "Sign-in settings are wrong" in errors(at) and "no argon2" in errors(at)
    assert not at.metric


def test_data_layer_refuses_a_viewer_whatever_the_page_shows(demo_db):
    def script():
        import streamlit as st

        from cib.data import admin

        for call in (admin.user_list, admin.audit_trail, lambda: admin.remove_user("x")):
            try:
                call()
            except Exception as err:  # noqa: BLE001 - the test shows what was raised
                st.text(f"{type(err).__name__}: {err}")
            else:
                st.text("allowed")

    at = AppTest.from_function(script, default_timeout=60)
    at.secrets = OIDC
    at.user = VIEWER
    at.run()
    shown = [t.value for t in at.text]
    assert len(shown) == 3
    assert all(s.startswith("Forbidden: ") for s in shown), shown
    assert "Managing users needs the administrator role" in shown[0]


# --- standalone sign-in -------------------------------------------------------------------------


def sign_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="signin_username").input(username)
    at.text_input(key="signin_password_text").input(password)
    return button(at, "Sign in").click().run()


def test_standalone_sign_in_then_roles_apply(demo_db, user_file):
    users.add("ada", "Ada Admin", "admin", PASSWORD)
    users.add("vic", "Vic Viewer", "viewer", PASSWORD)
    at = app(NO_SIGN_IN)
    assert titles(at) == ["Sign in"] and not at.metric and not at.warning
    sign_in(at, "vic", "not the password at all")
    assert "Wrong username or password" in errors(at)
    assert titles(at) == ["Sign in"]
    sign_in(at, "VIC", PASSWORD)
    assert not at.exception, at.exception
    assert titles(at) == ["Performance scorecard, Mar 2018"]
    assert "Vic Viewer" in at.sidebar.caption[0].value
    at.switch_page("pages/admin.py").run()
    assert "Administration is for administrators" in errors(at)
    button(at, "Sign out").click().run()
    assert titles(at) == ["Sign in"]
    actions = [(r[0], r[2]) for r in audit_rows()]
    assert actions == [
        ("vic", "sign_in_failed"),
        ("vic", "sign_in"),
        ("vic", "access_refused"),
        ("vic", "sign_out"),
    ]


def test_removing_a_user_ends_their_session_at_once(demo_db, user_file):
    users.add("ada", "Ada Admin", "admin", PASSWORD)
    users.add("vic", "Vic Viewer", "viewer", PASSWORD)
    at = app(NO_SIGN_IN)
    sign_in(at, "vic", PASSWORD)
    assert titles(at) == ["Performance scorecard, Mar 2018"]
    users.remove("vic")
    at.run()
    assert titles(at) == ["Sign in"]


def test_admin_adds_a_user_and_it_is_audited(demo_db, user_file):
    users.add("ada", "Ada Admin", "admin", PASSWORD)
    at = app(NO_SIGN_IN)
    sign_in(at, "ada", PASSWORD)
    at.switch_page("pages/admin.py").run()
    assert not at.exception, at.exception
    at.text_input(key="add_username").input("ann")
    at.text_input(key="add_name").input("Ann <b>Analyst</b>")
    at.selectbox(key="add_role").set_value("analyst")
    at.text_input(key="add_password").input(PASSWORD)
    at.text_input(key="add_password2").input(PASSWORD + "!")
    button(at, "Add user").click().run()
    assert "the two passwords differ" in errors(at)
    assert "ann" not in users.load()
    at.text_input(key="add_username").input("ann")
    at.text_input(key="add_name").input("Ann <b>Analyst</b>")
    at.selectbox(key="add_role").set_value("analyst")
    at.text_input(key="add_password").input(PASSWORD)
    at.text_input(key="add_password2").input(PASSWORD)
    button(at, "Add user").click().run()
    assert not at.exception, at.exception
    assert users.load()["ann"].role == "analyst"
    assert "Added ann" in at.success[0].value
    assert ("ada", "admin", "user_added", "ann (Ann <b>Analyst</b>) as analyst") in audit_rows()
    people = at.dataframe[1].value
    assert people["Name"].tolist() == ["Ada Admin", "Ann <b>Analyst</b>"]  # text, as typed


def test_first_user_added_in_the_open_state_turns_sign_in_on(demo_db, user_file):
    at = app(NO_SIGN_IN)
    at.switch_page("pages/admin.py").run()
    at.text_input(key="add_username").input("ada")
    at.text_input(key="add_name").input("Ada Admin")
    at.selectbox(key="add_role").set_value("admin")
    at.text_input(key="add_password").input(PASSWORD)
    at.text_input(key="add_password2").input(PASSWORD)
    button(at, "Add user").click().run()
    assert user_file.is_file()
    assert titles(at) == ["Sign in"]  # from now on everyone signs in, the first admin too
    rows = audit_rows()
    assert rows[-1][2:] == ("user_added", "ada (Ada Admin) as admin")
