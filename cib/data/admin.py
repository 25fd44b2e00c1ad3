"""What the Administration page may ask for: the audit trail, the standalone users, changes.

Every function that reads the audit trail or changes users checks the signed-in user's role
itself (cib.auth.ensure_can), whatever the page showed, and records what it changed.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from cib import audit, auth, db, users
from cib.data import connection


def record_event(user: audit.HasName | str, action: str, detail: str = "") -> None:
    """Record one audit event in its own transaction (sign-ins and other one-off events)."""
    with db.transaction(connection()) as cur:
        audit.record(cur, user, action, detail)


def audit_trail(
    since: dt.date | None = None,
    actions: list[str] | None = None,
    who: str = "",
    max_rows: int = 5000,
) -> pd.DataFrame:
    """Sign-ins, admin changes, loads and undos, newest first, filtered (admins only)."""
    auth.ensure_can("view_audit")
    start = dt.datetime.combine(since, dt.time()) if since else None
    with connection().cursor() as cur:
        frame = audit.trail(cur, start, max_rows)
    if actions:
        frame = frame[frame["action"].isin(actions)]
    if who.strip():
        frame = frame[frame["user_name"].str.contains(who.strip(), case=False, regex=False)]
    frame = frame.reset_index(drop=True)
    frame["what"] = frame["action"].map(audit.action_label)
    return frame


def audit_table(trail: pd.DataFrame) -> pd.DataFrame:
    """The trail as a reader sees it (and downloads it): When, Who, Role, What, Detail."""
    return pd.DataFrame(
        {
            "When": trail["happened_at"],
            "Who": trail["user_name"],
            "Role": trail["role"].map(lambda r: auth.ROLE_LABELS.get(r, "") if r else ""),
            "What": trail["what"],
            "Detail": trail["detail"],
        }
    )


def audit_actions() -> list[str]:
    """The kinds of action the trail holds (admins only)."""
    auth.ensure_can("view_audit")
    with connection().cursor() as cur:
        return audit.actions(cur)


def role_rules() -> pd.DataFrame:
    """How identity-provider claims map to roles ([roles] in secrets.toml; admins only)."""
    auth.ensure_can("manage_users")
    rules = auth.settings().rules
    rows = [
        {
            "Role": auth.ROLE_LABELS[role],
            "Emails or @domains": ", ".join(rules.emails.get(role, ())),
            "Groups or app roles": ", ".join(rules.groups.get(role, ())),
        }
        for role in reversed(auth.ROLES)
    ]
    default = auth.ROLE_LABELS.get(rules.default or "", "no access (refused)")
    rows.append({"Role": default, "Emails or @domains": "anyone else", "Groups or app roles": ""})
    return pd.DataFrame(rows)


def user_list() -> pd.DataFrame:
    """The standalone users: username, name and role (never the hashes; admins only)."""
    auth.ensure_can("manage_users")
    rows = [
        {"username": u.username, "name": u.name, "role": u.role}
        for u in sorted(users.load().values(), key=lambda u: u.username)
    ]
    return pd.DataFrame(rows, columns=["username", "name", "role"])


def add_user(username: str, name: str, role: str, password: str) -> users.StoredUser:
    """Add a standalone user (admins only; the first user turns standalone sign-in on)."""
    admin = auth.ensure_can("manage_users")
    with db.transaction(connection()) as cur:  # a refused change records nothing
        added = users.add(username, name, role, password)
        audit.record(
            cur, admin, audit.USER_ADDED, f"{added.username} ({added.name}) as {added.role}"
        )
    return added


def reset_password(username: str, password: str) -> users.StoredUser:
    """Give a standalone user a new password (admins only)."""
    admin = auth.ensure_can("manage_users")
    with db.transaction(connection()) as cur:
        changed = users.reset_password(username, password)
        audit.record(cur, admin, audit.PASSWORD_RESET, changed.username)
    return changed


def set_role(username: str, role: str) -> users.StoredUser:
    """Change a standalone user's role (admins only; at least one admin stays)."""
    admin = auth.ensure_can("manage_users")
    before = users.load().get(users.normalise_username(username))
    with db.transaction(connection()) as cur:
        changed = users.set_role(username, role)
        old = before.role if before else "?"
        audit.record(cur, admin, audit.ROLE_CHANGED, f"{changed.username}: {old} -> {changed.role}")
    return changed


def remove_user(username: str) -> users.StoredUser:
    """Remove a standalone user (admins only; at least one admin stays)."""
    admin = auth.ensure_can("manage_users")
    with db.transaction(connection()) as cur:
        removed = users.remove(username)
        audit.record(
            cur, admin, audit.USER_REMOVED, f"{removed.username} ({removed.name}, {removed.role})"
        )
    return removed
