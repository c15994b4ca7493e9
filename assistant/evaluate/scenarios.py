"""Scenario files (docs/contracts.md section 5): load and validate at the edge."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from ..corpus.editions import resolve_expected
from ..errors import ScenarioError
from ..types import VERDICTS
from ..yamltext import BadYaml, read_yaml

AUDIENCES = ("staff", "parent")
KEYS = {"id", "question", "audience", "history", "expected_clauses", "expected_verdict", "tags", "note", "source"}


@dataclass(frozen=True)
class Scenario:
    id: str
    question: str
    expected_clauses: tuple[str, ...]
    expected_verdicts: tuple[str, ...] | None  # None: verdict not scored
    audience: str = "staff"
    history: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    note: str = ""  # the trainer's explanation, shown on reveal (docs/contracts.md section 5)
    source: str = ""  # where the scenario came from

    @property
    def in_scope(self) -> bool:
        return bool(self.expected_clauses)


def _texts(value, what: str, sid: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ScenarioError(f"scenario '{sid}': {what} must be a list of text")
    return tuple(value)


def parse_scenarios(data, source: str, clause_ids: set[str] | None = None, renames=None, warn=None) -> list[Scenario]:
    """Validate parsed YAML; every error names the scenario (or its position) and the file. An id that
    corpus/renames.yaml moved counts as its new id, with one warning line (editions.resolve_expected)."""
    if not isinstance(data, list):
        raise ScenarioError(f"{source}: a scenario file is a YAML list of mappings")
    out: list[Scenario] = []
    seen: set[str] = set()
    for n, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            raise ScenarioError(f"{source}: entry {n} is not a mapping")
        sid = str(entry.get("id") or f"#{n}")
        where = f"{source}: scenario '{sid}'"
        unknown = set(entry) - KEYS
        if unknown:
            raise ScenarioError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
        if not entry.get("id"):
            raise ScenarioError(f"{where}: missing id")
        if sid in seen:
            raise ScenarioError(f"{where}: id used twice")
        seen.add(sid)
        question = entry.get("question")
        if not isinstance(question, str) or not question.strip():
            raise ScenarioError(f"{where}: question must be non-empty text")
        audience = entry.get("audience") or "staff"
        if audience not in AUDIENCES:
            raise ScenarioError(f"{where}: audience must be one of {', '.join(AUDIENCES)}")
        if "expected_clauses" not in entry:
            raise ScenarioError(f"{where}: missing expected_clauses (use [] for out of scope)")
        expected = _texts(entry.get("expected_clauses"), "expected_clauses", sid)
        if clause_ids is not None and renames:
            expected = resolve_expected(expected, clause_ids, renames, where, warn or _stderr)
        if clause_ids is not None:
            missing = [c for c in expected if c not in clause_ids]
            if missing:
                raise ScenarioError(f"{where}: clause ids not in the corpus: {', '.join(missing)}")
        verdict = entry.get("expected_verdict")
        verdicts = None if verdict is None else (verdict,) if isinstance(verdict, str) else verdict
        if verdicts is not None:
            if not isinstance(verdicts, list | tuple) or not verdicts or \
                    any(v not in VERDICTS for v in verdicts):
                raise ScenarioError(f"{where}: expected_verdict must be one of {', '.join(VERDICTS)}, "
                                    "a list of them, or null")
            verdicts = tuple(verdicts)
        extra = {key: entry.get(key) or "" for key in ("note", "source")}
        for key, value in extra.items():
            if not isinstance(value, str):
                raise ScenarioError(f"{where}: {key} must be text")
        out.append(Scenario(sid, question, expected, verdicts, audience,
                            _texts(entry.get("history"), "history", sid),
                            _texts(entry.get("tags"), "tags", sid), extra["note"].strip(), extra["source"].strip()))
    return out


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


def load_scenarios(path: Path, clause_ids: set[str] | None = None, renames=None, warn=None) -> list[Scenario]:
    """Read a scenario file; malformed YAML, bad fields and unknown clause ids raise ScenarioError."""
    path = Path(path)
    if not path.is_file():
        raise ScenarioError(f"scenario file not found: {path}")
    try:
        data = read_yaml(path)
    except BadYaml as exc:
        raise ScenarioError(f"{path}: not a valid YAML file ({exc})") from None
    return parse_scenarios(data, str(path), clause_ids, renames, warn)
