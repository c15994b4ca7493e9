"""Thumbs up / down on answers, in SQLite (WAL), kept for a configurable number of days then purged."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    created REAL NOT NULL,          -- unix time
    user TEXT NOT NULL,
    question TEXT NOT NULL,
    verdict TEXT NOT NULL,
    cited TEXT NOT NULL,            -- JSON list of clause ids, best first
    rating INTEGER NOT NULL,        -- 1 thumbs up, -1 thumbs down
    comment TEXT NOT NULL DEFAULT '',
    context TEXT NOT NULL DEFAULT '[]'  -- JSON list of the earlier questions in the conversation, oldest first
);
CREATE INDEX IF NOT EXISTS feedback_created ON feedback(created);
"""
DAY = 86400.0


class FeedbackStore:
    """One SQLite file; every method opens its own connection, so the store is safe across threads."""

    def __init__(self, path: Path, retention_days: int = 30, clock: Callable[[], float] = time.time):
        self.path = Path(path)
        self.retention_days = retention_days
        self.clock = clock
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Rows are questions that may name pupils: the file is the owner's alone (SQLite gives its -wal and
        # -shm files the database file's mode).
        os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        for part in (self.path, self.path.with_name(self.path.name + "-wal"),
                     self.path.with_name(self.path.name + "-shm")):
            if part.exists():
                os.chmod(part, 0o600)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)
            columns = {row[1] for row in db.execute("PRAGMA table_info(feedback)")}
            if "context" not in columns:  # a file from before follow-ups were kept with their rating
                db.execute("ALTER TABLE feedback ADD COLUMN context TEXT NOT NULL DEFAULT '[]'")

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        db.row_factory = sqlite3.Row
        return db

    def journal_mode(self) -> str:
        with self._connect() as db:
            return db.execute("PRAGMA journal_mode").fetchone()[0]

    def add(self, user: str, question: str, verdict: str, cited: list[str], rating: int, comment: str = "",
            context: list[str] | tuple[str, ...] = ()) -> int:
        """Store one rating; `context` is the conversation's earlier questions (for a follow-up). Returns its id."""
        if rating not in (1, -1):
            raise ValueError("rating must be 1 (thumbs up) or -1 (thumbs down)")
        with self._connect() as db:
            cur = db.execute(
                "INSERT INTO feedback (created, user, question, verdict, cited, rating, comment, context) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (self.clock(), user, question, verdict, json.dumps(cited), rating, comment.strip()[:2000],
                 json.dumps(list(context))))
            return int(cur.lastrowid)

    def set_comment(self, row_id: int, user: str, comment: str) -> bool:
        """Attach a comment to a rating already stored (the thumb comes first, the comment after); only the user
        who rated may. Returns whether a row was changed."""
        with self._connect() as db:
            return db.execute("UPDATE feedback SET comment = ? WHERE id = ? AND user = ?",
                              (comment.strip()[:2000], row_id, user)).rowcount == 1

    def purge(self) -> int:
        """Delete feedback older than the retention period; returns how many rows went."""
        cutoff = self.clock() - self.retention_days * DAY
        with self._connect() as db:
            return db.execute("DELETE FROM feedback WHERE created < ?", (cutoff,)).rowcount

    def recent(self, limit: int = 100) -> list[dict]:
        with self._connect() as db:
            rows = db.execute("SELECT * FROM feedback ORDER BY created DESC LIMIT ?", (limit,)).fetchall()
        return [{**dict(r), "cited": json.loads(r["cited"]), "context": json.loads(r["context"] or "[]")}
                for r in rows]

    def count(self) -> int:
        with self._connect() as db:
            return db.execute("SELECT COUNT(*) FROM feedback").fetchone()[0]
