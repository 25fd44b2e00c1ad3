"""Roles, role rules from identity-provider claims, the standalone user list, server checks."""

import os
import stat
import tomllib
import types

import pytest

from cib import auth, navigation, users
from cib.errors import CibError
from tests.conftest import ROOT

VIEWER = auth.User("Vic Viewer", "viewer", auth.OIDC, "vic@council.example")
ANALYST = auth.User("Ann Analyst", "analyst", auth.OIDC, "ann@council.example")
ADMIN = auth.User("Ada Admin", "admin", auth.PASSWORD, username="ada")
NO_ROLE = auth.User("Nora Nobody", None, auth.OIDC, "nora@elsewhere.example")

RULES = auth.parse_rules(
    {
        "admin": ["Ada.Admin@Council.example"],
        "analyst": ["ann@council.example"],
        "viewer": ["@council.example"],
        "admin_groups": ["CIB.Admin"],
        "analyst_groups": ["0f6b2b3c-aaaa-bbbb-cccc-000000000001"],
        "default": "none",
    }
)


@pytest.fixture
def user_file(tmp_path, monkeypatch):
    path = tmp_path / "users.toml"
    monkeypatch.setenv("CIB_USERS", str(path))
    return path


# --- roles ------------------------------------------------------------------------------------


def test_roles_are_ordered_and_each_includes_the_one_below():
    assert auth.has_role(ADMIN, "analyst") and auth.has_role(ADMIN, "viewer")
    assert auth.has_role(ANALYST, "viewer") and not auth.has_role(ANALYST, "admin")
    assert auth.has_role(VIEWER, "viewer") and not auth.has_role(VIEWER, "analyst")
    assert not auth.has_role(NO_ROLE, "viewer")
    assert not auth.has_role(None, "viewer")
    with pytest.raises(ValueError):
        auth.has_role(ADMIN, "superuser")


@pytest.mark.parametrize(
    ("claims", "role"),
    [
        ({"email": "ada.admin@council.example"}, "admin"),  # case-insensitive
        ({"email": "ANN@council.example"}, "analyst"),
        ({"email": "someone@council.example"}, "viewer"),  # '@domain' rule
        ({"email": "someone@council.example.evil.com"}, None),  # not the domain
        ({"email": "someone@elsewhere.example"}, None),  # default = none
        ({"preferred_username": "ann@council.example"}, "analyst"),  # Entra UPN
        ({"email": "x@elsewhere.example", "groups": ["cib.admin"]}, "admin"),
        ({"email": "x@elsewhere.example", "roles": "CIB.Admin"}, "admin"),  # app role claim
        ({"groups": ["0F6B2B3C-AAAA-BBBB-CCCC-000000000001"]}, "analyst"),
        ({"email": "ann@council.example", "groups": ["CIB.Admin"]}, "admin"),  # highest wins
        ({"email": "ann@council.example", "email_verified": False}, None),  # unverified
        ({}, None),
    ],
)
def test_role_for_claims(claims, role):
    assert auth.role_for_claims(claims, RULES) == role


def test_default_role_applies_to_anyone_else():
    rules = auth.parse_rules({"default": "viewer"})
    assert auth.role_for_claims({"email": "a@b.example"}, rules) == "viewer"
    assert auth.parse_rules(None).default is None  # no [roles]: nobody gets in by default


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"admins": ["a@b.example"]}, r"unknown setting\(s\) admins"),
        ({"default": "superuser"}, "use viewer, analyst, admin or none"),
        ({"admin": [1, 2]}, "must be a list of text values"),
    ],
)
def test_role_rules_with_mistakes_are_refused(table, message):
    with pytest.raises(CibError, match=message):
        auth.parse_rules(table)


def test_ensure_can_refuses_on_the_server_side():
    assert auth.ensure_can("upload", ANALYST) is ANALYST
    assert auth.ensure_can("manage_users", ADMIN) is ADMIN
    with pytest.raises(auth.Forbidden, match="Uploading data needs the analyst role"):
        auth.ensure_can("upload", VIEWER)
    with pytest.raises(auth.Forbidden, match="Vic Viewer"):
        auth.ensure_can("undo", VIEWER)
    with pytest.raises(auth.Forbidden, match="Managing users needs the administrator role"):
        auth.ensure_can("manage_users", ANALYST)
    with pytest.raises(auth.Forbidden):
        auth.ensure_can("view", NO_ROLE)
    with pytest.raises(ValueError):
        auth.ensure_can("fly", ADMIN)
    assert issubclass(auth.Forbidden, CibError)  # the CLI and pages show it as plain words


def test_upload_action_keeps_targets_for_admins():
    assert auth.upload_action("measures") == "upload"
    assert auth.upload_action("targets") == "manage_targets"
    assert ANALYST.can(auth.upload_action("measures"))
    assert not ANALYST.can(auth.upload_action("targets"))
    assert ADMIN.can(auth.upload_action("targets"))


def test_remote_clients_are_told_apart_from_this_computer(monkeypatch):
    for ip, remote in [
        (None, False),
        ("127.0.0.1", False),
        ("::1", False),
        ("::ffff:127.0.0.1", False),
        ("192.168.1.20", True),
        ("2001:db8::1", True),
        ("not-an-ip", True),
    ]:
        monkeypatch.setattr(auth.st, "context", types.SimpleNamespace(ip_address=ip))
        assert auth.remote_client() is remote, ip


# --- navigation -------------------------------------------------------------------------------


def test_navigation_lists_only_what_a_role_may_use():
    titles = {role: [p.title for p in navigation.allowed(u)] for role, u in
              [("viewer", VIEWER), ("analyst", ANALYST), ("admin", ADMIN)]}  # fmt: skip
    assert "Upload data" not in titles["viewer"] and "Administration" not in titles["viewer"]
    assert "Upload data" in titles["analyst"] and "Administration" not in titles["analyst"]
    assert {"Scorecard", "Measure", "Upload data", "Administration"} <= set(titles["admin"])
    assert navigation.allowed(None) == [] and navigation.allowed(NO_ROLE) == []


def test_page_list_is_well_formed():
    assert sum(p.default for p in navigation.PAGES) == 1
    for spec in navigation.PAGES:
        assert (ROOT / spec.path).is_file(), spec.path
        assert spec.role in auth.ROLES
    urls = [p.url_path for p in navigation.PAGES]
    assert len(urls) == len(set(urls))


# --- the standalone user list -----------------------------------------------------------------


def test_first_user_must_be_an_admin_and_file_holds_no_password(user_file):
    assert not users.configured() and users.load() == {}
    with pytest.raises(CibError, match="first user must be an admin"):
        users.add("ann", "Ann", "analyst", "correct horse battery")
    users.add(" Ada ", "Ada Admin", "admin", "correct horse battery")
    assert users.configured()
    text = user_file.read_text(encoding="utf-8")
    assert "correct horse battery" not in text
    assert '[users."ada"]' in text and "$argon2id$" in text
    assert stat.S_IMODE(os.stat(user_file).st_mode) == 0o600
    assert users.verify("ADA", "correct horse battery").role == "admin"
    assert users.verify("ada", "wrong horse battery") is None
    assert users.verify("nobody", "correct horse battery") is None


def test_add_reset_role_remove_keep_one_admin(user_file):
    users.add("ada", "Ada", "admin", "correct horse battery")
    users.add("ann", 'Ann "the analyst"\nO\'Neil', "analyst", "another long password")
    assert users.load()["ann"].name == 'Ann "the analyst"\nO\'Neil'  # escaped, round-trips
    with pytest.raises(CibError, match="already a user"):
        users.add("ANN", "Ann", "viewer", "another long password")
    with pytest.raises(CibError, match="at least 12 characters"):
        users.add("bob", "Bob", "viewer", "short")
    with pytest.raises(CibError, match="username"):
        users.add("bad name!", "Bad", "viewer", "another long password")
    with pytest.raises(CibError, match="unknown role"):
        users.add("bob", "Bob", "root", "another long password")
    users.reset_password("ann", "a brand new passphrase")
    assert users.verify("ann", "another long password") is None
    assert users.verify("ann", "a brand new passphrase").username == "ann"
    with pytest.raises(CibError, match="only admin"):
        users.set_role("ada", "viewer")
    with pytest.raises(CibError, match="only admin"):
        users.remove("ada")
    users.set_role("ann", "admin")
    users.set_role("ada", "viewer")
    users.remove("ada")
    assert set(users.load()) == {"ann"}
    with pytest.raises(CibError, match="no user"):
        users.reset_password("ada", "a brand new passphrase")
    tomllib.loads(user_file.read_text(encoding="utf-8"))  # still valid TOML


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("users = 3", "needs \\[users.NAME\\] tables"),
        ('[users.a]\nrole = "king"\npassword_hash = "$argon2id$x"', "has role 'king'"),
        ('[users.a]\nrole = "admin"\npassword_hash = "plain"', "no argon2 password_hash"),
        ("[users.a\n", "cannot read the user list"),
    ],
)
def test_a_broken_user_list_is_refused_not_ignored(user_file, text, message):
    user_file.write_text(text, encoding="utf-8")
    assert users.configured()  # the file exists: sign-in stays on, nobody gets in by mistake
    with pytest.raises(CibError, match=message):
        users.load()


def test_the_example_user_list_parses():
    example = users.load(ROOT / "data" / "users.example.toml")
    assert example["performance.lead"].role == "admin"


def test_too_many_wrong_passwords_lock_the_username(user_file, monkeypatch):
    users.add("ada", "Ada", "admin", "correct horse battery")
    monkeypatch.setattr(auth, "_failures", {})
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(CibError, match="Wrong username or password"):
            auth.check_password("ada", "wrong guess here")
    with pytest.raises(CibError, match="Too many wrong passwords"):
        auth.check_password("ada", "correct horse battery")  # even the right one, for now
    monkeypatch.setattr(auth, "_failures", {})
    assert auth.check_password("Ada", "correct horse battery").username == "ada"


def test_the_example_secrets_file_configures_microsoft_and_roles():
    example = tomllib.loads((ROOT / ".streamlit" / "secrets.toml.example").read_text("utf-8"))
    assert auth._providers(example["auth"]) == (
        ("microsoft", "Sign in with your council Microsoft account"),
    )
    rules = auth.parse_rules(example["roles"])
    assert auth.role_for_claims({"upn": "Performance.Lead@council.example"}, rules) == "admin"
    assert auth.role_for_claims({"roles": ["CIB.Analyst"]}, rules) == "analyst"
    assert auth.role_for_claims({"email": "someone@council.example"}, rules) == "viewer"
    assert rules.default is None


def test_real_secrets_and_user_lists_are_git_ignored():
    ignored = (ROOT / ".gitignore").read_text("utf-8").splitlines()
    assert ".streamlit/secrets.toml" in ignored
    assert any(line.startswith("data/users.toml") for line in ignored)
