"""Helpers for the web tests: an app over a fake-embedder engine (fast tier) and signing in through the form."""

from __future__ import annotations

import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT, Settings

PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
USERS = (("s.staff", "staff"), ("t.trainer", "trainer"), ("a.admin", "admin"))


def cheap_hasher():
    """argon2 at its lowest cost: about 1 ms a hash or check instead of 50-220 ms, and still a real argon2 check."""
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


class RecordedPauses:
    """Stands in for asyncio.sleep in the sign-in slow-down: keeps each delay instead of waiting it out."""

    def __init__(self):
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def make_app(engine, data_dir: Path, mount_ui: bool = True, **overrides):
    """The app over engine with a staff, a trainer and an admin user; a slowed-down sign-in records its delay in
    app.state.services.pause (a RecordedPauses) rather than sleeping it."""
    from assistant.web.webapp import build_web_app, make_services

    settings = Settings(corpus_dir=engine.settings.corpus_dir, index_dir=engine.settings.index_dir,
                        data_dir=data_dir, **overrides)
    _add_users(data_dir)
    services = replace(make_services(engine, settings), pause=RecordedPauses())
    return build_web_app(engine, settings, services, mount_ui=mount_ui)


def _add_users(data_dir: Path) -> None:
    """The users file with just USERS, all with PASSWORD."""
    from assistant.web.users import UserStore

    (data_dir / "users.json").unlink(missing_ok=True)
    # Hashed cheaply whatever the fixture's scope: a check runs at the cost stored in the hash, so each sign-in
    # in these tests would otherwise pay argon2's full cost (a shared app is made before the per-test
    # cheap_password_hashing fixture of conftest.py applies).
    users = UserStore(data_dir / "users.json", hasher=cheap_hasher)
    for name, role in USERS:
        users.add(name, role, PASSWORD)


def reset_app(app) -> None:
    """A shared app as new for the next test module: its users, sign-in throttle, public rate limit and recorded
    pauses (feedback is kept: no test counts it)."""
    svc = app.state.services
    _add_users(svc.settings.data_dir)
    svc.throttle.failures.clear()
    svc.throttle.running.clear()
    svc.public_limit.seen.clear()
    svc.pause.delays.clear()


def csrf_of(client, path: str = "/login") -> str:
    match = CSRF.search(client.get(path).text)
    assert match, f"{path} has no form token"
    return match.group(1)


def sign_in(client, user: str, password: str = PASSWORD, next_page: str = "/staff"):
    """Sign in through the form as a browser would (page first, for its token); returns the response."""
    token = csrf_of(client)
    return client.post("/login", data={"username": user, "password": password, "next": next_page, "csrf": token},
                       follow_redirects=False)


@pytest.fixture(scope="module")
def fake_web(fake_web_app, fake_engine):
    """(app, engine) over the session's fake engine (conftest.py), with a staff, a trainer and an admin user: one
    app per session (building one with its Gradio screens takes about 0.6 s), reset for each module."""
    reset_app(fake_web_app)
    return fake_web_app, fake_engine


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """app.py in a subprocess with a temporary data folder; restartable on the same data."""

    def __init__(self, data: Path, index: Path, eval_dir: Path):
        self.env = {**os.environ, "POLICY_ASSISTANT_DATA": str(data), "POLICY_ASSISTANT_INDEX": str(index),
                    "POLICY_ASSISTANT_EVAL": str(eval_dir), "HOST": "127.0.0.1", "PORT": str(_free_port())}
        self.data = data
        self.url = f"http://127.0.0.1:{self.env['PORT']}"
        self.proc: subprocess.Popen | None = None
        self.output: list[str] = []

    def start(self) -> str:
        """Start and wait until it serves; returns everything it printed."""
        self.output = []
        self.proc = subprocess.Popen([sys.executable, str(PROJECT_ROOT / "app.py")], env=self.env, cwd=PROJECT_ROOT,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in self.proc.stdout], daemon=True).start()
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                self.output.append(lines.get(timeout=1))
            except queue.Empty:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError("the app stopped:\n" + "".join(self.output))
            if any("Policy assistant: http" in line for line in self.output):
                try:
                    with urllib.request.urlopen(self.url + "/", timeout=5) as response:
                        if response.status == 200:
                            return "".join(self.output)
                except OSError:
                    time.sleep(0.5)
        raise RuntimeError("the app did not start in time:\n" + "".join(self.output))

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
