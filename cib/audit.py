"""The audit trail: who did what and when, written inside the caller's own transaction.

Loads and undos are already audited by the `upload` and `upload_undo` tables; everything else
that changes the database or who may use it (sign-ins, user changes, plan edits, settings)
calls `record` on the cursor of the transaction that makes the change, so the change and its
audit row are committed together or not at all.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

import pandas as pd

from cib import db

# Actions the app records itself; other code may record its own (snake_case words).
SIGN_IN = "sign_in"
SIGN_IN_FAILED = "sign_in_failed"
SIGN_OUT = "sign_out"
ACCESS_REFUSED = "access_refused"
USER_ADDED = "user_added"
USER_REMOVED = "user_removed"
PASSWORD_RESET = "password_reset"
ROLE_CHANGED = "role_changed"

ACTION_LABELS = {
    SIGN_IN: "Signed in",
    SIGN_IN_FAILED: "Sign-in failed",
    SIGN_OUT: "Signed out",
    ACCESS_REFUSED: "Refused (role)",
    USER_ADDED: "User added",
    USER_REMOVED: "User removed",
    PASSWORD_RESET: "Password reset",
    ROLE_CHANGED: "Role changed",
    "load": "Data loaded",
    "load_refused": "Upload refused",
    "undo": "Load undone",
}

_MAX_TEXT = 2000  # a detail line is a sentence, not a file


class HasName(Protocol):
    """Anything with a name and a role (cib.auth.User)."""

    name: str
    role: str | None


def _who(user: HasName | str) -> tuple[str, str | None]:
    if isinstance(user, str):
        return user, None
    # The stable identity (email or username) where there is one, as the upload log has.
    return getattr(user, "username", None) or user.name, user.role


def record(cur: db.Cursor, user: HasName | str, action: str, detail: str = "") -> None:
    """Add one audit row (who, role, action, detail) on the caller's cursor and transaction."""
    name, role = _who(user)
    if not action or not action.replace("_", "").isalnum():
        raise ValueError(f"audit actions are snake_case words: {action!r}")
    db.execute(
        cur,
        "load_audit_event",
        user_name=(name or "unknown")[:200],
        role=role,
        action=action,
        detail=(detail or "")[:_MAX_TEXT],
    )


def trail(cur: db.Cursor, since: dt.datetime | None = None, max_rows: int = 5000) -> pd.DataFrame:
    """Audit events, loads and undos together, newest first."""
    return db.query(cur, "fct_audit_trail", since=since, max_rows=max_rows)


def actions(cur: db.Cursor) -> list[str]:
    """The kinds of action the trail holds, for a filter."""
    return list(db.query(cur, "dim_audit_actions")["action"])


def action_label(action: str) -> str:
    """The words the admin page shows for an action."""
    return ACTION_LABELS.get(action, action.replace("_", " ").capitalize())
