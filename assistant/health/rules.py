"""Policy health: rules as data (rules.yaml), run over the school's own documents, giving findings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import HealthRuleError
from ..yamltext import BadYaml, check, read_yaml

DEFAULT_RULES = Path(__file__).with_name("rules.yaml")
SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class Rule:
    """One health check, as written in a rules file."""

    id: str
    kind: str
    category: str
    severity: str
    title: str
    problem: str  # templates: see the head of rules.yaml
    fact: str
    fix: str
    ref: str = ""  # the digest row(s) the fact comes from
    confidence: str = ""
    sources: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()  # corpus clause ids that show the fact
    verify: bool = False  # a person must check the finding against the official text
    documents: tuple[str, ...] = ()
    authority: tuple[str, ...] = ()
    settings: dict = field(default_factory=dict, compare=False, hash=False)

    def applies_to(self, doc) -> bool:
        if self.documents:
            return doc.id in self.documents
        return doc.authority in self.authority


@dataclass(frozen=True)
class Finding:
    """One problem in one clause (or the whole document), with the fact behind it and a fix."""

    rule: str
    category: str
    severity: str
    doc: str
    clause: str  # the document's own number ('2.3#2', '5.0'); '' for the whole document
    label: str  # 'Policy 2.3#2', or the document title for whole-document findings
    line: int
    title: str
    problem: str
    fact: str
    fix: str
    ref: str = ""
    confidence: str = ""
    sources: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    verify: bool = False  # a person must check it (KCSIE claims, low-confidence facts)
    excerpt: str = ""

    @property
    def clause_id(self) -> str:
        return f"{self.doc}:{self.clause}" if self.clause else self.doc

    def to_dict(self) -> dict:
        return {"rule": self.rule, "category": self.category, "severity": self.severity,
                "clause_id": self.clause_id, "doc": self.doc, "clause": self.clause or None,
                "label": self.label, "line": self.line, "title": self.title, "problem": self.problem,
                "fact": self.fact, "fix": self.fix, "ref": self.ref or None, "confidence": self.confidence or None,
                "sources": list(self.sources), "evidence": list(self.evidence), "verify": self.verify,
                "excerpt": self.excerpt or None}


def parse_rules(data, source: str, text=None) -> list[tuple[Rule, bool]]:
    """Validate one parsed rules file (models.RulesFile); return (rule, enabled) pairs. Errors name the file, the
    rule and the key, and the line when `text` (the file's YAML, or a callable giving it) is given."""
    from .models import RulesFile, rules_wording

    rules = check(RulesFile, data, source, HealthRuleError, text, rules_wording(data),
                  {"seen": set(), "severities": SEVERITIES})
    out = []
    for r, entry in zip(rules.rules, data["rules"], strict=True):
        settings = r.settings()
        out.append((Rule(id=r.id, kind=r.kind, category=r.category, severity=r.severity, title=r.title,
                         problem=r.problem.strip(), fact=r.fact.strip(), fix=r.fix.strip(), ref=r.ref,
                         confidence=r.confidence, sources=r.sources, evidence=r.evidence, verify=r.verify,
                         documents=r.documents,
                         authority=rules.defaults.authority if r.authority is None else r.authority,
                         settings={k: settings[k] for k in entry if k in settings}),  # in the file's order
                    r.enabled is not False))
    return out


def load_rules(extra: Sequence[Path] = (), include_default: bool = True) -> tuple[Rule, ...]:
    """The default rules, then each extra file; a rule with an existing id replaces it."""
    paths = ([DEFAULT_RULES] if include_default else []) + [Path(p) for p in extra]
    rules: dict[str, Rule | None] = {}
    for path in paths:
        if not path.is_file():
            raise HealthRuleError(f"rules file not found: {path}")
        try:
            data = read_yaml(path)
        except BadYaml as exc:
            raise HealthRuleError(f"{path}{f':{exc.line}' if exc.line else ''}: not a valid YAML file ({exc})") \
                from None
        for rule, enabled in parse_rules(data, str(path), lambda path=path: path.read_text(encoding="utf-8")):
            rules[rule.id] = rule if enabled else None
    return tuple(r for r in rules.values() if r is not None)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe first, then in document order."""
    return sorted(findings, key=lambda f: (SEVERITIES.index(f.severity), f.doc, f.line, f.rule))


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    out = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        out[f.severity] += 1
    return out


def report_dict(findings: Sequence[Finding], today: date, documents: Sequence[str]) -> dict:
    """The --json shape: when, which documents, counts by severity, findings most severe first."""
    return {"today": today.isoformat(), "documents": list(documents), "counts": counts(findings),
            "findings": [f.to_dict() for f in findings]}
