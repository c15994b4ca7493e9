"""The users file (data/users.json): names, roles, argon2 password hashes and session epochs; throttled sign-in."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator
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
    # Bumped on sign-out, password change and role change: a session cookie carries the epoch it was issued
    # under, and a cookie with an older epoch is refused (webapp.session_user).
    epoch: int = 0

    def can(self, role_needed: str) -> bool:
        """staff < trainer < admin: a higher role may use every screen of a lower one."""
        return ROLES.index(self.role) >= ROLES.index(role_needed)


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def generate_password() -> str:
    """A random password to print once (about 96 bits)."""
    return secrets.token_urlsafe(12)


def _user(name: str, entry: dict) -> User:
    return User(name, entry["role"], int(entry.get("epoch", 0)))


class UserStore:
    """users.json: {"users": {name: {"role", "hash", "epoch"}}}, written atomically (mode 0600) under a file lock,
    so the web app and the CLI can change it at the same time without losing an update."""

    def __init__(self, path: Path, hasher: Callable | None = None):
        self.path = Path(path)
        self.hasher = hasher  # makes argon2's PasswordHasher (default: _hasher); a check uses the hash's own cost
        self._thread_lock = threading.Lock()

    def _new_hasher(self):
        """A PasswordHasher from the store's own maker, else from _hasher (looked up on each use)."""
        return (self.hasher or _hasher)()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_name(self.path.name + ".lock")
        with self._thread_lock:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                os.close(fd)

    def _load(self) -> dict[str, dict]:
        if not self.path.is_file():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return dict(data["users"])
        except (ValueError, KeyError, TypeError) as exc:
            raise UserError(f"{self.path}: not a users file ({exc}); fix it or move it aside") from None

    def _save(self, users: dict[str, dict]) -> None:
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps({"users": users}, indent=2, sort_keys=True))
        os.chmod(tmp, 0o600)
        tmp.replace(self.path)

    def list(self) -> list[User]:
        return [_user(name, entry) for name, entry in sorted(self._load().items())]

    def get(self, name: str) -> User | None:
        entry = self._load().get(name)
        return _user(name, entry) if entry else None

    def add(self, name: str, role: str, password: str, replace: bool = False) -> User:
        """Add a user; with replace, change an existing user's role and password (their sessions end)."""
        if not NAME.match(name):
            raise UserError(f"user name {name!r}: use 2-64 lowercase letters, digits, '.', '_', '-' or '@'")
        if role not in ROLES:
            raise UserError(f"unknown role {role!r}; use one of: {', '.join(ROLES)}")
        _check_password(password)
        hashed = self._new_hasher().hash(password)
        with self._locked():
            users = self._load()
            if name in users and not replace:
                raise UserError(f"user {name!r} already exists; use --replace to change their role or password")
            epoch = int(users[name].get("epoch", 0)) + 1 if name in users else 0
            users[name] = {"role": role, "hash": hashed, "epoch": epoch}
            self._save(users)
        return User(name, role, epoch)

    def set_password(self, name: str, password: str) -> User:
        """A new password for an existing user; every session they have ends."""
        _check_password(password)
        hashed = self._new_hasher().hash(password)
        with self._locked():
            users = self._load()
            if name not in users:
                raise UserError(f"no user {name!r}; `policy-assistant users list` shows who there is")
            entry = users[name]
            entry.update(hash=hashed, epoch=int(entry.get("epoch", 0)) + 1)
            self._save(users)
            return _user(name, entry)

    def end_sessions(self, name: str) -> None:
        """Sign the user out everywhere: cookies issued before now stop working."""
        with self._locked():
            users = self._load()
            if name in users:
                users[name]["epoch"] = int(users[name].get("epoch", 0)) + 1
                self._save(users)

    def remove(self, name: str) -> None:
        with self._locked():
            users = self._load()
            if name not in users:
                raise UserError(f"no user {name!r}; `policy-assistant users list` shows who there is")
            del users[name]
            self._save(users)

    def verify(self, name: str, password: str) -> User | None:
        """The user if the password matches, else None (an unknown name costs the same hash time)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        entry = self._load().get(name)
        hasher = self._new_hasher()
        if entry is None:
            hasher.hash(password)  # same work as a real check, so timing does not reveal names
            return None
        try:
            hasher.verify(entry["hash"], password)
        except (VerificationError, InvalidHashError):
            return None
        return _user(name, entry)

    def ensure_admin(self) -> str | None:
        """With no users at all, create 'admin' with a generated password and return it (print it once)."""
        if self._load():
            return None
        password = generate_password()
        self.add("admin", "admin", password)
        return password


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password must be at least {MIN_PASSWORD} characters long")


@dataclass(frozen=True)
class Attempt:
    """A sign-in attempt that was let through to the password check."""

    address: str
    name: str
    delay: float  # seconds to wait before checking the password (a much-guessed name is slowed down)


BUSY = 0.0  # Throttle.begin: this address has as many checks running as it has failures left; try again shortly


@dataclass
class Throttle:
    """Sign-in throttling. Each address may fail max_failures times within window seconds, then it is refused
    until the window has passed. A user name is never locked (that would let anyone lock a colleague out):
    past max_failures recent failures its checks are delayed, doubling per failure up to max_delay seconds.

    Checks still running count against an address's allowance, under a lock, so concurrent guesses cannot all
    slip through while the (slow, ~150 ms) argon2 check runs: an address with failures left for k more tries
    has at most k checks running at once, and others wait their turn (BUSY) rather than being refused, so
    colleagues signing in at once from one address are not turned away. A success does not reset the
    address's failures."""

    max_failures: int = 5
    window: float = 300.0
    max_delay: float = 8.0
    clock: Callable[[], float] = time.monotonic
    failures: dict[str, list[float]] = field(default_factory=dict)
    running: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _recent(self, key: str) -> list[float]:
        now = self.clock()
        recent = [t for t in self.failures.get(key, []) if now - t < self.window]
        if recent:
            self.failures[key] = recent
        else:
            self.failures.pop(key, None)
        return recent

    def begin(self, address: str, name: str) -> Attempt | float:
        """An Attempt to go ahead with; else BUSY (0: try again in a moment) or the seconds the address must
        wait. Every Attempt must be ended with finish()."""
        with self._lock:
            by_address = self._recent(f"addr:{address}")
            if len(by_address) >= self.max_failures:
                return max(1.0, self.window - (self.clock() - by_address[-1]))
            if len(by_address) + self.running.get(address, 0) >= self.max_failures:
                return BUSY
            self.running[address] = self.running.get(address, 0) + 1
            over = len(self._recent(f"user:{name}")) - self.max_failures
            delay = 0.0 if over < 0 else min(self.max_delay, 0.5 * 2 ** over)
            return Attempt(address, name, delay)

    def finish(self, attempt: Attempt, signed_in: bool) -> None:
        """The check is done: a failure is counted against the address and the name."""
        with self._lock:
            left = self.running.get(attempt.address, 1) - 1
            if left > 0:
                self.running[attempt.address] = left
            else:
                self.running.pop(attempt.address, None)
            if not signed_in:
                stamp = self.clock()
                self.failures.setdefault(f"addr:{attempt.address}", []).append(stamp)
                self.failures.setdefault(f"user:{attempt.name}", []).append(stamp)
