"""What changed between two versions of a document, clause by clause, and which scenarios that affects."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ScenarioError
from ..evaluate.scenarios import load_scenarios


@dataclass(frozen=True)
class ClauseChange:
    clause: str  # the old id (the new one for 'added')
    kind: str  # added | removed | reworded | renumbered
    old_text: str = ""
    new_text: str = ""
    similarity: float = 0.0  # difflib ratio of the old and new text (reworded)
    new_clause: str = ""  # renumbered: the id the same text has now

    def to_dict(self) -> dict:
        out = {"clause": self.clause, "kind": self.kind}
        if self.kind == "reworded":
            out["similarity"] = round(self.similarity, 3)
        if self.new_clause:
            out["new_clause"] = self.new_clause
        return out


@dataclass(frozen=True)
class ClauseDiff:
    doc: str
    changes: tuple[ClauseChange, ...]
    unchanged: int

    def of_kind(self, kind: str) -> list[ClauseChange]:
        return [c for c in self.changes if c.kind == kind]

    def counts(self) -> dict[str, int]:
        return {k: len(self.of_kind(k)) for k in ("added", "removed", "reworded", "renumbered")}

    def to_dict(self) -> dict:
        return {"doc": self.doc, "counts": self.counts(), "unchanged": self.unchanged,
                "changes": [c.to_dict() for c in self.changes]}


def _norm(text: str) -> str:
    return " ".join(text.split())


def diff_clauses(doc: str, old: Iterable[tuple[str, str]], new: Iterable[tuple[str, str]]) -> ClauseDiff:
    """Compare (clause id, text) pairs. Same id and text: unchanged. Text that moved unchanged to another id:
    renumbered (so a shift like 2.3#2 -> 2.4, 2.4 -> 2.5 reads as renumbering, not rewording). Then same id
    with other text: reworded; the rest added or removed."""
    old_map = {c: _norm(t) for c, t in old}
    new_map = {c: _norm(t) for c, t in new}
    same = {c for c in old_map if new_map.get(c) == old_map[c]}
    old_left = [c for c in old_map if c not in same]
    new_left = [c for c in new_map if c not in same]
    changes: list[ClauseChange] = []
    by_text: dict[str, list[str]] = {}
    for c in new_left:
        by_text.setdefault(new_map[c], []).append(c)
    for c in list(old_left):
        targets = [t for t in by_text.get(old_map[c], []) if t != c]
        if targets:
            target = targets[0]
            by_text[old_map[c]].remove(target)
            old_left.remove(c)
            new_left.remove(target)
            changes.append(ClauseChange(c, "renumbered", old_map[c], new_map[target], 1.0, target))
    for c in old_left:
        if c in new_left:
            new_left.remove(c)
            ratio = difflib.SequenceMatcher(None, old_map[c], new_map[c], autojunk=False).ratio()
            changes.append(ClauseChange(c, "reworded", old_map[c], new_map[c], ratio))
        else:
            changes.append(ClauseChange(c, "removed", old_text=old_map[c]))
    changes += [ClauseChange(c, "added", new_text=new_map[c]) for c in new_left]
    order = {c: i for i, c in enumerate(list(old_map) + list(new_map))}
    changes.sort(key=lambda ch: order[ch.clause])
    return ClauseDiff(doc, tuple(changes), len(same))


@dataclass(frozen=True)
class ScenarioImpact:
    file: str
    scenario: str
    clause: str  # full id, e.g. policy:2.3#2
    change: str  # removed | reworded | renumbered to policy:2.4

    def to_dict(self) -> dict:
        return {"file": self.file, "scenario": self.scenario, "clause": self.clause, "change": self.change}


def affected_scenarios(diff: ClauseDiff, scenario_files: Sequence[Path]) -> tuple[list[ScenarioImpact], list[str]]:
    """Scenarios whose expected clauses were removed, reworded or renumbered; plus files that could not be read."""
    changed = {}
    for c in diff.changes:
        if c.kind == "removed" or c.kind == "reworded":
            changed[f"{diff.doc}:{c.clause}"] = c.kind
        elif c.kind == "renumbered":
            changed[f"{diff.doc}:{c.clause}"] = f"renumbered to {diff.doc}:{c.new_clause}"
    impacts: list[ScenarioImpact] = []
    problems: list[str] = []
    for path in scenario_files:
        try:
            scenarios = load_scenarios(path)
        except ScenarioError as exc:
            problems.append(str(exc))
            continue
        for scenario in scenarios:
            for clause in scenario.expected_clauses:
                if clause in changed:
                    impacts.append(ScenarioImpact(str(path), scenario.id, clause, changed[clause]))
    return impacts, problems
