"""Standalone sign-in: the user list for a council machine with no identity provider.

The list is a TOML file (`CIB_USERS`, default `data/users.toml`, git-ignored) holding, for each
username, a display name, a role and an argon2id password hash (argon2-cffi, the OWASP
first choice). No password is ever stored. Admins edit it from the Administration page, or by
hand with a hash made by:

    python -c "import getpass, argon2; print(argon2.PasswordHasher().hash(getpass.getpass()))"
"""

from __future__ import annotations

import json
import os
import re
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from cib.config import DATA_DIR
from cib.errors import CibError

ROLES = ("viewer", "analyst", "admin")
HASH_COMMAND = (
    'python -c "import getpass, argon2; print(argon2.PasswordHasher().hash(getpass.getpass()))"'
)
MIN_PASSWORD_LENGTH = 12  # NCSC: length beats complexity rules
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,99}$")
_hasher = PasswordHasher()
_lock = threading.Lock()  # one admin edit at a time (Streamlit runs sessions in threads)
# Verifying against this when the username is unknown takes as long as a real check, so the
# time taken does not tell an attacker which usernames exist.
_DUMMY_HASH = _hasher.hash("not a real password, only for constant-time refusals")

HEADER = """\
# Standalone sign-in users for the CIB dashboard (git-ignored: never commit this file).
# One table per username: display name, role (viewer, analyst or admin), argon2id hash.
# Admins can add users and reset passwords on the Administration page. To make a hash by hand:
#   python -c "import getpass, argon2; print(argon2.PasswordHasher().hash(getpass.getpass()))"
"""


@dataclass(frozen=True)
class StoredUser:
    """One standalone user: username (lower case), display name, role and password hash."""

    username: str
    name: str
    role: str
    password_hash: str


def path() -> Path:
    """The user list file: CIB_USERS if set, else data/users.toml."""
    value = os.environ.get("CIB_USERS")
    return Path(value).expanduser() if value else DATA_DIR / "users.toml"


def configured() -> bool:
    """Whether standalone sign-in is on: the user list file exists (even if empty)."""
    return path().is_file()


def normalise_username(username: str) -> str:
    """Usernames are compared in lower case, without surrounding spaces."""
    return username.strip().lower()


def check_username(username: str) -> str:
    """The normalised username, or CibError saying what is wrong with it."""
    name = normalise_username(username)
    if not _USERNAME.match(name):
        raise CibError(
            "a username is 1-100 letters, digits, dots, dashes, underscores or @ "
            "(e.g. 'j.smith' or an email address)"
        )
    return name


def check_role(role: str) -> str:
    """The role, or CibError naming the roles there are."""
    if role not in ROLES:
        raise CibError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    return role


def check_password(password: str) -> None:
    """Refuse a password that is too short (the only rule: NCSC advice)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise CibError(
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters "
            "(three random words are easy to remember and hard to guess)"
        )


def hash_password(password: str) -> str:
    """An argon2id hash of a password (salted; safe to store)."""
    return _hasher.hash(password)


def load(file: Path | None = None) -> dict[str, StoredUser]:
    """Every user in the list, by username; CibError if the file cannot be read."""
    file = file or path()
    if not file.is_file():
        return {}
    try:
        parsed = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise CibError(f"cannot read the user list {file}: {err}") from None
    table = parsed.get("users", {})
    if not isinstance(table, dict):
        raise CibError(f"the user list {file} needs [users.NAME] tables")
    users = {}
    for raw_name, entry in table.items():
        if not isinstance(entry, dict):
            raise CibError(f"user {raw_name!r} in {file} must be a table with role and hash")
        username = normalise_username(str(raw_name))
        role = str(entry.get("role", ""))
        password_hash = str(entry.get("password_hash", ""))
        if role not in ROLES:
            raise CibError(
                f"user {raw_name!r} in {file} has role {role!r}; use one of {', '.join(ROLES)}"
            )
        if not password_hash.startswith("$argon2"):
            raise CibError(
                f"user {raw_name!r} in {file} has no argon2 password_hash; make one with "
                f"`{HASH_COMMAND}`"
            )
        users[username] = StoredUser(
            username, str(entry.get("name") or username), role, password_hash
        )
    return users


def _toml_string(value: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes), so no TOML writer is needed.
    return json.dumps(value, ensure_ascii=False)


def save(users: dict[str, StoredUser], file: Path | None = None) -> None:
    """Write the user list (owner-only permissions), replacing the file in one step."""
    file = file or path()
    file.parent.mkdir(parents=True, exist_ok=True)
    lines = [HEADER]
    for u in sorted(users.values(), key=lambda u: u.username):
        lines += [
            f"[users.{_toml_string(u.username)}]",
            f"name = {_toml_string(u.name)}",
            f"role = {_toml_string(u.role)}",
            f"password_hash = {_toml_string(u.password_hash)}",
            "",
        ]
    tmp = file.with_name(file.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("\n".join(lines))
    os.replace(tmp, file)


def verify(username: str, password: str) -> StoredUser | None:
    """The user if the password is theirs, else None (same time taken either way)."""
    user = load().get(normalise_username(username))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    return user


def _admins_left(users: dict[str, StoredUser]) -> int:
    return sum(u.role == "admin" for u in users.values())


def add(username: str, name: str, role: str, password: str) -> StoredUser:
    """Add a user; the first user of a new list must be an admin (else nobody could manage it)."""
    username = check_username(username)
    check_role(role)
    check_password(password)
    with _lock:
        users = load()
        if username in users:
            raise CibError(f"there is already a user {username!r}; reset their password instead")
        if not users and role != "admin":
            raise CibError("the first user must be an admin, or nobody could add the others")
        user = StoredUser(username, name.strip() or username, role, hash_password(password))
        save({**users, username: user})
    return user


def reset_password(username: str, password: str) -> StoredUser:
    """Give a user a new password."""
    check_password(password)
    with _lock:
        users = load()
        user = _existing(users, username)
        users[user.username] = StoredUser(
            user.username, user.name, user.role, hash_password(password)
        )
        save(users)
    return users[user.username]


def set_role(username: str, role: str) -> StoredUser:
    """Change a user's role, keeping at least one admin."""
    check_role(role)
    with _lock:
        users = load()
        user = _existing(users, username)
        if user.role == "admin" and role != "admin" and _admins_left(users) == 1:
            raise CibError(f"{user.username} is the only admin: make someone else admin first")
        users[user.username] = StoredUser(user.username, user.name, role, user.password_hash)
        save(users)
    return users[user.username]


def remove(username: str) -> StoredUser:
    """Remove a user, keeping at least one admin."""
    with _lock:
        users = load()
        user = _existing(users, username)
        if user.role == "admin" and _admins_left(users) == 1:
            raise CibError(f"{user.username} is the only admin: make someone else admin first")
        del users[user.username]
        save(users)
    return user


def _existing(users: dict[str, StoredUser], username: str) -> StoredUser:
    user = users.get(normalise_username(username))
    if user is None:
        raise CibError(f"there is no user {username!r}")
    return user
