"""Scenario files (docs/contracts.md section 5): load and validate at the edge."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import ScenarioError
from ..yamltext import BadYaml, check, read_yaml


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


def parse_scenarios(data, source: str, clause_ids: set[str] | None = None, renames=None, warn=None,
                    text=None) -> list[Scenario]:
    """Validate parsed YAML (models.ScenarioFile); every error names the file, the scenario (or its position) and
    the key, and the line when `text` (the file's YAML, or a callable giving it) is given. An id that
    corpus/renames.yaml moved counts as its new id, with one warning line (editions.resolve_expected)."""
    from .models import ScenarioFile, scenario_wording

    context = {"seen": set(), "source": source, "clause_ids": clause_ids, "renames": renames,
               "warn": warn or _stderr}
    scenarios = check(ScenarioFile, data, source, ScenarioError, text, scenario_wording(data), context)
    return [Scenario(e.id, e.question, e.expected_clauses, e.expected_verdict, e.audience, e.history, e.tags,
                     e.note, e.source) for e in scenarios.root]


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
    return parse_scenarios(data, str(path), clause_ids, renames, warn, lambda: path.read_text(encoding="utf-8"))
