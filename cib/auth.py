"""Who is using the app and what they may do: sign-in, roles, page guards, server-side checks.

Three roles, each able to do what the one before can: viewer (CIB members: read every page),
analyst (also upload and undo), admin (also manage measures, targets, users; read the audit).

Sign-in has three states:
- not configured (a fresh checkout): the app serves only this computer; the local user has
  every role, and every page says sign-in is off and how to turn it on;
- OIDC (`[auth]` in `.streamlit/secrets.toml`, Streamlit's `st.login`): roles come from the
  email or group claims by the rules in `[roles]` of the same file;
- standalone (the user list `data/users.toml`, see cib.users): username and password.
OIDC and standalone can be on together (e.g. a break-glass admin account).

Roles are checked on the server: `gate` (every page, from dashboard.py), `require_role` (top of
a page, in case it is reached another way) and `ensure_can` (in the data layer, before any
write), which raises whatever the page showed.
"""

from __future__ import annotations

import getpass
import ipaddress
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

from cib import users
from cib.errors import CibError

ROLES = users.ROLES  # lowest first
ROLE_LABELS = {"viewer": "Viewer", "analyst": "Analyst", "admin": "Administrator"}

# The lowest role that may do each thing. The data layer calls ensure_can(action) before
# writing, so a page that forgot to hide a button still cannot change anything.
ACTIONS = {
    "view": "viewer",
    "upload": "analyst",
    "undo": "analyst",
    "edit_plan": "analyst",
    "rebase_spc": "analyst",
    "manage_targets": "admin",
    "manage_measures": "admin",
    "manage_users": "admin",
    "view_audit": "admin",
}
_ACTION_WORDS = {
    "view": "viewing the dashboard",
    "upload": "uploading data",
    "undo": "undoing a load",
    "edit_plan": "changing the improvement plan",
    "rebase_spc": "changing SPC baselines",
    "manage_targets": "changing targets",
    "manage_measures": "changing the measure catalogue",
    "manage_users": "managing users",
    "view_audit": "reading the audit trail",
}

OPEN, OIDC, PASSWORD = "local", "oidc", "password"  # User.source values

_SESSION_USER = "_cib_auth_username"  # standalone: the signed-in username, this session only
_SESSION_RECORDED = "_cib_auth_recorded"  # the identity whose sign-in this session recorded
_SESSION_REFUSED = "_cib_auth_refused"  # pages whose refusal this session already recorded

MAX_FAILURES = 5  # wrong passwords for one username ...
LOCKOUT_SECONDS = 15 * 60  # ... within this time lock it for this long
_failures: dict[str, list[float]] = {}
_failures_lock = threading.Lock()

_PROVIDER_KEYS = {"client_id", "client_secret", "server_metadata_url"}
_RULE_KEYS = {
    "admin",
    "analyst",
    "viewer",
    "admin_groups",
    "analyst_groups",
    "viewer_groups",
    "group_claims",
    "email_claims",
    "default",
}


class Forbidden(CibError):
    """The signed-in user's role does not allow this; the message says who and what."""


@dataclass(frozen=True)
class User:
    """Who is using the app: display name, email (if known), role (None: no access), source."""

    name: str
    role: str | None
    source: str
    email: str | None = None
    username: str | None = None

    def has_role(self, role: str) -> bool:
        """Whether this user's role is `role` or above."""
        return has_role(self, role)

    def can(self, action: str) -> bool:
        """Whether this user may do `action` (a key of ACTIONS)."""
        return has_role(self, ACTIONS[action])

    @property
    def label(self) -> str:
        """'Ann Analyst (Analyst)'."""
        return f"{self.name} ({ROLE_LABELS.get(self.role or '', 'no access')})"


@dataclass(frozen=True)
class RoleRules:
    """How an identity provider's claims map to a role ([roles] in secrets.toml)."""

    emails: dict[str, tuple[str, ...]] = field(default_factory=dict)
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    group_claims: tuple[str, ...] = ("groups", "roles")
    email_claims: tuple[str, ...] = ("email", "preferred_username", "upn")
    default: str | None = None  # for anyone else who signs in; None refuses them


@dataclass(frozen=True)
class Settings:
    """How people sign in: OIDC providers (name, button label), standalone list, role rules."""

    providers: tuple[tuple[str | None, str], ...] = ()
    password: bool = False
    rules: RoleRules = field(default_factory=RoleRules)

    @property
    def configured(self) -> bool:
        """Whether sign-in is on at all (else: this computer only, every role)."""
        return bool(self.providers) or self.password


@dataclass(frozen=True)
class Session:
    """This browser session's sign-in state: the settings, the user, or what is wrong."""

    settings: Settings | None
    user: User | None
    error: str | None = None


# --- roles ------------------------------------------------------------------------------------


def role_rank(role: str | None) -> int:
    """0 for no access, then 1 viewer, 2 analyst, 3 admin."""
    return ROLES.index(role) + 1 if role in ROLES else 0


def has_role(user: User | None, role: str) -> bool:
    """Whether a user holds `role` or a higher one."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    return user is not None and role_rank(user.role) >= role_rank(role)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise CibError(f'{where} must be a list of text values, e.g. ["a@council.gov.uk"]')


def parse_rules(table: Mapping[str, Any] | None) -> RoleRules:
    """Role rules from the [roles] table of secrets.toml; CibError on a typo or bad value."""
    table = dict(table or {})
    unknown = sorted(set(table) - _RULE_KEYS)
    if unknown:
        raise CibError(
            f"[roles] in .streamlit/secrets.toml has unknown setting(s) {', '.join(unknown)}; "
            f"the settings are {', '.join(sorted(_RULE_KEYS))}"
        )
    default = str(table.get("default", "none")).lower()
    if default not in (*ROLES, "none"):
        raise CibError(f"[roles] default = {default!r}: use viewer, analyst, admin or none")
    return RoleRules(
        emails={
            r: tuple(e.strip().lower() for e in _strings(table[r], f"[roles] {r}"))
            for r in ROLES
            if r in table
        },
        groups={
            r: tuple(g.strip().lower() for g in _strings(table[f"{r}_groups"], f"{r}_groups"))
            for r in ROLES
            if f"{r}_groups" in table
        },
        group_claims=_strings(table.get("group_claims", ["groups", "roles"]), "group_claims"),
        email_claims=_strings(
            table.get("email_claims", ["email", "preferred_username", "upn"]), "email_claims"
        ),
        default=None if default == "none" else default,
    )


def claim_emails(claims: Mapping[str, Any], rules: RoleRules) -> list[str]:
    """The email-like identities in a token, lower case (an unverified 'email' is ignored)."""
    found = []
    for name in rules.email_claims:
        value = claims.get(name)
        if name == "email" and claims.get("email_verified") is False:
            continue  # the provider says it has not checked this address
        if isinstance(value, str) and value.strip():
            found.append(value.strip().lower())
    return found


def claim_groups(claims: Mapping[str, Any], rules: RoleRules) -> set[str]:
    """The group ids and app-role names in a token, lower case."""
    found: set[str] = set()
    for name in rules.group_claims:
        value = claims.get(name)
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list | tuple):
            found |= {str(v).strip().lower() for v in value}
    return found


def _email_matches(email: str, pattern: str) -> bool:
    # '@council.gov.uk' stands for everyone at that domain.
    return email.endswith(pattern) if pattern.startswith("@") else email == pattern


def role_for_claims(claims: Mapping[str, Any], rules: RoleRules) -> str | None:
    """The highest role any email or group rule gives these claims, else the default."""
    emails = claim_emails(claims, rules)
    groups = claim_groups(claims, rules)
    for role in reversed(ROLES):
        if any(_email_matches(e, p) for e in emails for p in rules.emails.get(role, ())):
            return role
        if groups & set(rules.groups.get(role, ())):
            return role
    return rules.default


# --- settings and the current user -------------------------------------------------------------


def _secrets() -> dict[str, Any]:
    try:
        return st.secrets.to_dict()
    except FileNotFoundError as err:  # StreamlitSecretNotFoundError: missing or unreadable
        present = [f for f in st.get_option("secrets.files") if Path(f).exists()]
        if present:
            # A secrets file that exists but cannot be read must not turn sign-in off.
            raise CibError(f"cannot read {present[-1]}: {err}") from None
        return {}


def _providers(auth: Mapping[str, Any]) -> tuple[tuple[str | None, str], ...]:
    found: list[tuple[str | None, str]] = []
    if _PROVIDER_KEYS & set(auth):
        found.append((None, str(auth.get("button_label", "Sign in with your organisation"))))
    for name, value in auth.items():
        if isinstance(value, Mapping) and _PROVIDER_KEYS & set(value):
            label = value.get("button_label") or f"Sign in with {name.title()}"
            found.append((name, str(label)))
    return tuple(found)


def settings() -> Settings:
    """How sign-in is configured now; CibError if a settings file is wrong (fail closed)."""
    secrets = _secrets()
    auth = secrets.get("auth") or {}
    providers = _providers(auth) if isinstance(auth, Mapping) else ()
    if auth and not providers:
        raise CibError(
            "[auth] in .streamlit/secrets.toml names no identity provider: it needs "
            "client_id, client_secret and server_metadata_url (see "
            ".streamlit/secrets.toml.example)"
        )
    if providers:
        missing = [k for k in ("redirect_uri", "cookie_secret") if not auth.get(k)]
        if missing:
            raise CibError(f"[auth] in .streamlit/secrets.toml needs {' and '.join(missing)}")
        bad = [name for name, _ in providers if name and "_" in name]
        if bad:
            raise CibError(f"identity provider names cannot contain '_': [auth.{bad[0]}]")
    rules = parse_rules(secrets.get("roles"))
    password = users.configured()
    if password:
        users.load()  # a list that cannot be read stops everything, with the reason shown
    return Settings(providers=providers, password=password, rules=rules)


def local_user() -> User:
    """The person at this computer when sign-in is not configured: every role."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "local user"
    return User(name=name, role="admin", source=OPEN, username=name)


def _claims() -> dict[str, Any]:
    try:
        return dict(st.user.to_dict())
    except (AttributeError, KeyError):
        return {}


def _oidc_user(claims: Mapping[str, Any], rules: RoleRules) -> User:
    emails = claim_emails(claims, rules)
    email = emails[0] if emails else None
    name = str(claims.get("name") or email or claims.get("sub") or "signed-in user")
    return User(
        name=name,
        role=role_for_claims(claims, rules),
        source=OIDC,
        email=email,
        username=email or str(claims.get("sub") or name),
    )


def _current(conf: Settings) -> User | None:
    if not conf.configured:
        return local_user()
    if conf.password:
        username = st.session_state.get(_SESSION_USER)
        if username:
            # Read the list on every run: a removed user or a changed role applies at once.
            stored = users.load().get(username)
            if stored is not None:
                return User(stored.name, stored.role, PASSWORD, username=stored.username)
            st.session_state.pop(_SESSION_USER, None)
    if conf.providers:
        claims = _claims()
        if claims.get("is_logged_in"):
            return _oidc_user(claims, conf.rules)
    return None


def current_user() -> User | None:
    """Who is using this session: the signed-in user, the local user, or None (not signed in).

    Raises CibError when the sign-in settings are wrong, so nothing is allowed by mistake.
    """
    return _current(settings())


def session() -> Session:
    """Settings and user for this run, with any settings error as text (for the entry page)."""
    try:
        conf = settings()
        return Session(conf, _current(conf))
    except CibError as err:
        return Session(None, None, str(err))


def user_name() -> str:
    """The name to log for what this session does (uploads, undos): the user, else 'unknown'."""
    try:
        user = current_user()
    except CibError:
        return "unknown"
    return user.username or user.name if user else "unknown"


def ensure_can(action: str, user: User | None = None) -> User:
    """The current user if their role allows `action`, else Forbidden (server-side check)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; see cib.auth.ACTIONS")
    user = user if user is not None else current_user()
    needed = ACTIONS[action]
    if not has_role(user, needed):
        who = user.label if user else "not signed in"
        raise Forbidden(
            f"{_ACTION_WORDS[action].capitalize()} needs the {ROLE_LABELS[needed].lower()} "
            f"role; you are {who}. Ask an administrator if you need it."
        )
    return user


def upload_action(kind: str) -> str:
    """The action an upload of this kind needs: targets are the admins', the rest analysts'."""
    return "manage_targets" if kind == "targets" else "upload"


# --- standalone sign-in ------------------------------------------------------------------------


def _locked(username: str, now: float) -> bool:
    with _failures_lock:
        recent = [t for t in _failures.get(username, []) if now - t < LOCKOUT_SECONDS]
        _failures[username] = recent
        return len(recent) >= MAX_FAILURES


def _failed(username: str, now: float) -> None:
    with _failures_lock:
        _failures.setdefault(username, []).append(now)


def check_password(username: str, password: str) -> users.StoredUser:
    """The standalone user if the password is right; CibError (locked or wrong) otherwise."""
    name = users.normalise_username(username)
    now = time.monotonic()
    if _locked(name, now):
        raise CibError(
            f"Too many wrong passwords for {name!r}: try again in {LOCKOUT_SECONDS // 60} "
            "minutes, or ask an administrator to reset it."
        )
    stored = users.verify(name, password)
    if stored is None:
        _failed(name, now)
        raise CibError("Wrong username or password.")
    with _failures_lock:
        _failures.pop(name, None)
    return stored


def sign_in_with_password(username: str, password: str) -> User:
    """Sign this session in with a standalone username and password (recorded either way)."""
    from cib.data import admin  # late import: the data layer imports this module

    try:
        stored = check_password(username, password)
    except CibError as err:
        tried = users.normalise_username(username)[:100] or "?"
        admin.record_event(tried, "sign_in_failed", str(err))
        raise
    st.session_state[_SESSION_USER] = stored.username
    user = User(stored.name, stored.role, PASSWORD, username=stored.username)
    admin.record_event(user, "sign_in", "username and password")
    st.session_state[_SESSION_RECORDED] = f"{PASSWORD}:{stored.username}"
    return user


def sign_out(user: User) -> None:
    """End this session's sign-in (and the identity provider's, where it supports that)."""
    from cib.data import admin

    admin.record_event(user, "sign_out", "password" if user.source == PASSWORD else "OIDC")
    st.session_state.pop(_SESSION_USER, None)
    st.session_state.pop(_SESSION_RECORDED, None)
    if user.source == OIDC:
        st.logout()
    else:
        st.rerun()


def _record_sign_in_once(user: User) -> None:
    # OIDC sign-ins happen outside the app (a cookie): record the first run of each session.
    if user.source != OIDC:
        return
    key = f"{OIDC}:{user.username}"
    if st.session_state.get(_SESSION_RECORDED) != key:
        from cib.data import admin

        admin.record_event(user, "sign_in", "identity provider (new browser session)")
        st.session_state[_SESSION_RECORDED] = key


def _record_refusal_once(user: User | None, page: str) -> None:
    refused = st.session_state.setdefault(_SESSION_REFUSED, set())
    if page in refused or user is None or user.source == OPEN:
        return
    from cib.data import admin

    admin.record_event(user, "access_refused", page)
    refused.add(page)


# --- what the pages show -----------------------------------------------------------------------

NOT_CONFIGURED = (
    "**Sign-in is not configured.** Anyone using this computer has every role, so the "
    "dashboard only answers this computer (127.0.0.1). To share it, turn on sign-in: an "
    "identity provider in `.streamlit/secrets.toml` or a user list in `data/users.toml` "
    "(README section 'Signing in')."
)


def _roles_for(role: str) -> str:
    return {
        "viewer": "everyone signed in",
        "analyst": "analysts and administrators",
        "admin": "administrators",
    }[role]


def refuse(user: User | None, role: str, page: str = "this page") -> None:
    """Say why this page is not shown to this user, record it, and stop the script."""
    _record_refusal_once(user, page)
    who = f"signed in as {user.label}" if user else "not signed in"
    st.error(
        f"**{page} is for {_roles_for(role)}.** You are {_md(who)}. "
        "Ask an administrator if you need it.",
        icon="⛔",
    )
    st.stop()


def require_role(role: str, page: str = "This page") -> User:
    """Page guard: the current user if they hold `role`; else sign-in or refusal, st.stop().

    The first line of every page. dashboard.py's gate normally stops a refused run before the
    page starts (then this shows nothing), but Streamlit runs a `pages/` file directly when it
    is asked for by URL before any session has run dashboard.py since the server started.
    """
    _hand_over_to_entrypoint()
    return _admit(session(), role, page, banner=False)


def _hand_over_to_entrypoint() -> None:
    """Run dashboard.py when Streamlit ran a page file directly, then stop this run.

    Streamlit's legacy folder mode (a `pages/` folder beside the entry file) serves a deep link
    before any session has run dashboard.py since the server started; that run would skip the
    page set-up, the navigation and the sign-in gate. dashboard.py's st.navigation switches the
    server to the declared pages for good, then runs the page that was asked for through the gate.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if not PagesManager.uses_pages_directory:
        return
    import runpy

    from cib.config import ROOT

    runpy.run_path(str(ROOT / "dashboard.py"), run_name="__main__")
    st.stop()


def _md(text: str) -> str:
    from cib.ui import md_escape  # late import: cib.ui loads the data layer

    return md_escape(text)


def _sign_in_screen(conf: Settings) -> None:
    st.title("Sign in")
    st.markdown(
        "The Children's Improvement Board dashboard holds information about children. "
        "Sign in to continue."
    )
    for provider, label in conf.providers:
        if st.button(label, type="primary", key=f"signin_{provider or 'default'}"):
            st.login(provider)
    if conf.password:
        if conf.providers:
            st.caption("Or, with a username and password for this dashboard:")
        with st.form("signin_password"):
            username = st.text_input("Username", key="signin_username")
            password = st.text_input("Password", type="password", key="signin_password_text")
            submitted = st.form_submit_button("Sign in", type="primary")
        if submitted:
            try:
                sign_in_with_password(username, password)
            except CibError as err:
                st.error(_md(str(err)), icon="⛔")
            else:
                st.rerun()


def _sidebar(user: User, conf: Settings) -> None:
    with st.sidebar:
        if not conf.configured:
            st.caption(f"Local user **{_md(user.name)}** · sign-in not configured")
            return
        st.caption(f"Signed in as **{_md(user.name)}** · {ROLE_LABELS[user.role or 'viewer']}")
        if st.button("Sign out", key="signout"):
            sign_out(user)


def remote_client() -> bool:
    """Whether this session's browser is on another machine (not this computer's loopback)."""
    ip = st.context.ip_address  # None for loopback; not a str outside a real server (AppTest)
    if not isinstance(ip, str) or not ip:
        return False
    try:
        address = ipaddress.ip_address(ip.split("%")[0])
    except ValueError:
        return True  # not an address we understand: treat it as remote
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1 is this computer too
    return not (mapped or address).is_loopback


def _admit(state: Session, role: str, page: str, *, banner: bool) -> User:
    """The user if this run may show the page; else say why (or ask to sign in) and stop."""
    if state.error or state.settings is None:
        st.error(
            f"**Sign-in settings are wrong, so nothing is shown.** {_md(state.error or '')}",
            icon="⛔",
        )
        st.stop()
    conf = state.settings
    user = state.user
    if not conf.configured:
        if remote_client():
            # Another machine reached us although sign-in is off: never serve it.
            st.error(
                "Sign-in is not configured, so this dashboard only answers the computer it "
                "runs on. Ask whoever runs it to set up sign-in (README section 'Signing in').",
                icon="⛔",
            )
            st.stop()
        if banner:
            st.warning(NOT_CONFIGURED, icon="⚠️")
    if user is None:
        _sign_in_screen(conf)
        st.stop()
    if user.role is None:
        _record_refusal_once(user, "the dashboard (no role)")
        st.error(
            f"**You are signed in as {_md(user.name)}, but have no role in this dashboard.** "
            "Ask an administrator to add you.",
            icon="⛔",
        )
        if st.button("Sign out", key="signout_norole"):
            sign_out(user)
        st.stop()
    _record_sign_in_once(user)
    if banner:
        _sidebar(user, conf)
    if not has_role(user, role):
        refuse(user, role, page)
    return user


def gate(state: Session, role: str, page: str) -> User:
    """Entry-page gate for every page: banner, sign-in screen or refusal; st.stop() if need be."""
    return _admit(state, role, page, banner=True)
