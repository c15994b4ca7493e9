"""The users file (data/users.json): names, roles and argon2 password hashes; throttled login checks."""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError

ROLES = ("staff", "trainer", "admin")
NAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
MIN_PASSWORD = 10


@dataclass(frozen=True)
class User:
    name: str
    role: str

    def can(self, role_needed: str) -> bool:
        """staff < trainer < admin: a higher role may use every screen of a lower one."""
        return ROLES.index(self.role) >= ROLES.index(role_needed)


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def generate_password() -> str:
    """A random password to print once (about 96 bits)."""
    return secrets.token_urlsafe(12)


class UserStore:
    """users.json: {"users": {name: {"role": ..., "hash": argon2 hash}}}, written atomically, mode 0600."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def _load(self) -> dict[str, dict]:
        if not self.path.is_file():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return dict(data["users"])
        except (ValueError, KeyError, TypeError) as exc:
            raise UserError(f"{self.path}: not a users file ({exc}); fix it or move it aside") from None

    def _save(self, users: dict[str, dict]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"users": users}, indent=2, sort_keys=True), encoding="utf-8")
        os.chmod(tmp, 0o600)
        tmp.replace(self.path)

    def list(self) -> list[User]:
        return [User(name, entry["role"]) for name, entry in sorted(self._load().items())]

    def get(self, name: str) -> User | None:
        entry = self._load().get(name)
        return User(name, entry["role"]) if entry else None

    def add(self, name: str, role: str, password: str, replace: bool = False) -> User:
        if not NAME.match(name):
            raise UserError(f"user name {name!r}: use 2-64 lowercase letters, digits, '.', '_', '-' or '@'")
        if role not in ROLES:
            raise UserError(f"unknown role {role!r}; use one of: {', '.join(ROLES)}")
        if len(password) < MIN_PASSWORD:
            raise UserError(f"the password must be at least {MIN_PASSWORD} characters long")
        users = self._load()
        if name in users and not replace:
            raise UserError(f"user {name!r} already exists; use --replace to change their role or password")
        users[name] = {"role": role, "hash": _hasher().hash(password)}
        self._save(users)
        return User(name, role)

    def remove(self, name: str) -> None:
        users = self._load()
        if name not in users:
            raise UserError(f"no user {name!r}; `policy-assistant users list` shows who there is")
        del users[name]
        self._save(users)

    def verify(self, name: str, password: str) -> User | None:
        """The user if the password matches, else None (an unknown name costs the same hash time)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        entry = self._load().get(name)
        hasher = _hasher()
        if entry is None:
            hasher.hash(password)  # same work as a real check, so timing does not reveal names
            return None
        try:
            hasher.verify(entry["hash"], password)
        except (VerificationError, InvalidHashError):
            return None
        return User(name, entry["role"])

    def ensure_admin(self) -> str | None:
        """With no users at all, create 'admin' with a generated password and return it (print it once)."""
        if self._load():
            return None
        password = generate_password()
        self.add("admin", "admin", password)
        return password


@dataclass
class Throttle:
    """After max_failures failed logins for one key (name or address) within window seconds, refuse
    further attempts until the window has passed since the last failure."""

    max_failures: int = 5
    window: float = 300.0
    clock: Callable[[], float] = time.monotonic
    failures: dict[str, list[float]] = field(default_factory=dict)

    def _recent(self, key: str) -> list[float]:
        now = self.clock()
        recent = [t for t in self.failures.get(key, []) if now - t < self.window]
        self.failures[key] = recent
        return recent

    def blocked(self, *keys: str) -> float:
        """Seconds to wait (0 when not blocked)."""
        wait = 0.0
        for key in keys:
            recent = self._recent(key)
            if len(recent) >= self.max_failures:
                wait = max(wait, self.window - (self.clock() - recent[-1]))
        return wait

    def fail(self, *keys: str) -> None:
        for key in keys:
            self._recent(key).append(self.clock())

    def succeed(self, *keys: str) -> None:
        for key in keys:
            self.failures.pop(key, None)
