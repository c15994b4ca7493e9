"""Accounts and feedback storage for the web app: hashing, throttling, the users command, SQLite WAL."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.errors import UserError
from assistant.web.feedback import DAY, FeedbackStore
from assistant.web.users import BUSY, Attempt, Throttle, User, UserStore

PASSWORD = "correct horse battery"


def test_passwords_are_stored_as_argon2_hashes(tmp_path):
    store = UserStore(tmp_path / "users.json")
    store.add("j.smith", "staff", PASSWORD)
    raw = (tmp_path / "users.json").read_text()
    assert PASSWORD not in raw
    assert json.loads(raw)["users"]["j.smith"]["hash"].startswith("$argon2")
    assert store.verify("j.smith", PASSWORD) == User("j.smith", "staff", 0)
    assert store.verify("j.smith", "wrong password!") is None
    assert store.verify("nobody", PASSWORD) is None
    assert (tmp_path / "users.json").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(("name", "role", "password"), [
    ("J Smith", "staff", PASSWORD), ("j.smith", "head", PASSWORD), ("j.smith", "staff", "short")],
    ids=["bad-name", "bad-role", "short-password"])
def test_bad_users_are_refused(tmp_path, name, role, password):
    with pytest.raises(UserError):
        UserStore(tmp_path / "users.json").add(name, role, password)


def test_first_admin_is_created_once_with_a_generated_password(tmp_path):
    store = UserStore(tmp_path / "users.json")
    password = store.ensure_admin()
    assert password and len(password) >= 12
    assert store.verify("admin", password) == User("admin", "admin", 0)
    assert store.ensure_admin() is None
    assert UserStore(tmp_path / "other.json").ensure_admin() != password


def test_roles_are_ordered():
    assert User("a", "admin").can("trainer") and User("t", "trainer").can("staff")
    assert not User("s", "staff").can("trainer") and not User("t", "trainer").can("admin")


def _fail(throttle, address, name):
    attempt = throttle.begin(address, name)
    assert isinstance(attempt, Attempt)
    throttle.finish(attempt, signed_in=False)


def test_throttle_refuses_an_address_after_repeated_failures_and_releases_it_later():
    now = [1000.0]
    throttle = Throttle(max_failures=3, window=60, clock=lambda: now[0])
    for _ in range(3):
        _fail(throttle, "10.0.0.1", "x")
    assert throttle.begin("10.0.0.1", "x") == pytest.approx(60)
    assert isinstance(throttle.begin("10.0.0.2", "x"), Attempt)  # the name is not locked
    now[0] += 61
    assert isinstance(throttle.begin("10.0.0.1", "x"), Attempt)


def test_a_successful_attempt_is_not_counted():
    throttle = Throttle(max_failures=2, window=60)
    for _ in range(5):
        throttle.finish(throttle.begin("10.0.0.1", "x"), signed_in=True)
    assert isinstance(throttle.begin("10.0.0.1", "x"), Attempt)


def test_running_checks_use_up_the_allowance_and_others_wait_their_turn():
    throttle = Throttle(max_failures=2, window=60)
    first, second = throttle.begin("10.0.0.1", "a"), throttle.begin("10.0.0.1", "b")
    assert isinstance(first, Attempt) and isinstance(second, Attempt)
    assert throttle.begin("10.0.0.1", "c") == BUSY  # not refused: waits for a running check
    throttle.finish(first, signed_in=True)
    third = throttle.begin("10.0.0.1", "c")
    assert isinstance(third, Attempt)
    throttle.finish(second, signed_in=False)
    throttle.finish(third, signed_in=False)
    assert throttle.begin("10.0.0.1", "d") > 0  # two failures: now refused for the window


def test_users_command_adds_lists_and_removes(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICY_ASSISTANT_DATA", str(tmp_path))
    runner = CliRunner()
    added = runner.invoke(cli, ["users", "add", "t.jones", "--role", "trainer", "--password", PASSWORD])
    assert added.exit_code == 0, added.output
    assert "t.jones\ttrainer" in runner.invoke(cli, ["users", "list"]).output
    again = runner.invoke(cli, ["users", "add", "t.jones", "--password", PASSWORD])
    assert again.exit_code == 2 and "already exists" in again.output
    assert runner.invoke(cli, ["users", "remove", "t.jones"]).exit_code == 0
    assert "t.jones" not in runner.invoke(cli, ["users", "list"]).output
    missing = runner.invoke(cli, ["users", "remove", "t.jones"])
    assert missing.exit_code == 2 and "no user" in missing.output


def test_feedback_uses_wal_and_survives_reopening(tmp_path):
    path = tmp_path / "feedback.sqlite3"
    store = FeedbackStore(path)
    assert store.journal_mode() == "wal"
    store.add("j.smith", "Can I friend a pupil?", "prohibited", ["policy:4.1(2)"], -1, "too short")
    again = FeedbackStore(path)
    [row] = again.recent()
    assert (row["question"], row["verdict"], row["cited"], row["rating"], row["comment"]) == (
        "Can I friend a pupil?", "prohibited", ["policy:4.1(2)"], -1, "too short")
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_feedback_is_purged_after_the_retention_period(tmp_path):
    now = [1_000_000.0]
    store = FeedbackStore(tmp_path / "f.sqlite3", retention_days=30, clock=lambda: now[0])
    store.add("a", "old question", "permitted", [], 1)
    now[0] += 29 * DAY
    store.add("a", "newer question", "permitted", [], 1)
    assert store.purge() == 0
    now[0] += 2 * DAY  # the first is now 31 days old, the second 2
    assert store.purge() == 1
    assert [r["question"] for r in store.recent()] == ["newer question"]


def test_rating_must_be_up_or_down(tmp_path):
    with pytest.raises(ValueError):
        FeedbackStore(tmp_path / "f.sqlite3").add("a", "q", "info", [], 0)


def test_web_settings_come_from_the_environment(tmp_path, monkeypatch):
    from assistant.settings import Settings

    monkeypatch.setenv("POLICY_ASSISTANT_DATA", str(tmp_path))
    monkeypatch.setenv("POLICY_ASSISTANT_FEEDBACK_DAYS", "7")
    settings = Settings.from_env()
    assert settings.data_dir == tmp_path and settings.feedback_days == 7
    assert Settings().feedback_days == 30


def test_users_reset_password_prints_a_new_one_that_works(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICY_ASSISTANT_DATA", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(cli, ["users", "add", "admin", "--role", "admin", "--password", PASSWORD]).exit_code == 0
    result = runner.invoke(cli, ["users", "reset-password", "admin"])
    assert result.exit_code == 0, result.output
    new = result.output.split("New password for admin (admin): ", 1)[1].split()[0]
    store = UserStore(tmp_path / "users.json")
    assert store.verify("admin", PASSWORD) is None and store.verify("admin", new) is not None
    assert store.get("admin").epoch == 1  # sessions from before the reset are refused
    missing = runner.invoke(cli, ["users", "reset-password", "nobody"])
    assert missing.exit_code == 2 and "no user" in missing.output


def test_concurrent_changes_to_the_users_file_are_all_kept(tmp_path):
    import threading

    store = UserStore(tmp_path / "users.json")
    store.add("base", "staff", PASSWORD)
    threads = [threading.Thread(target=store.end_sessions, args=("base",)) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.get("base").epoch == 20


def test_a_comment_written_after_the_thumb_goes_onto_that_rating(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite3")
    first = store.add("j.smith", "what about their parents?", "discouraged", ["policy:4.1(3)"], -1,
                      context=["Can I friend a pupil?"])
    store.add("j.smith", "another question", "permitted", [], 1)
    assert store.set_comment(first, "j.smith", "  wrong clause  ")
    assert not store.set_comment(first, "someone.else", "not theirs")  # only who rated may comment
    rows = {r["question"]: r for r in store.recent()}
    assert rows["what about their parents?"]["comment"] == "wrong clause"
    assert rows["what about their parents?"]["context"] == ["Can I friend a pupil?"]
    assert rows["another question"]["comment"] == "" and rows["another question"]["context"] == []


def test_a_feedback_file_from_before_follow_ups_gains_the_context_column(tmp_path):
    path = tmp_path / "f.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript("CREATE TABLE feedback (id INTEGER PRIMARY KEY, created REAL NOT NULL, user TEXT NOT NULL, "
                         "question TEXT NOT NULL, verdict TEXT NOT NULL, cited TEXT NOT NULL, rating INTEGER NOT "
                         "NULL, comment TEXT NOT NULL DEFAULT '');"
                         "INSERT INTO feedback VALUES (1, 1e12, 'a', 'old', 'info', '[]', 1, '');")
    assert [(r["question"], r["context"]) for r in FeedbackStore(path).recent()] == [("old", [])]
