"""Policy health: rules as data (rules.yaml), run over the school's own documents, giving findings."""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import HealthRuleError
from ..yamltext import BadYaml, read_yaml

DEFAULT_RULES = Path(__file__).with_name("rules.yaml")
SEVERITIES = ("high", "medium", "low")
COMMON_FIELDS = {"match", "clause", "label", "excerpt"}
# Per kind: settings it requires, settings it may have, and the extra template fields it fills in.
KINDS: dict[str, tuple[set[str], set[str], set[str]]] = {
    "pattern": ({"pattern"}, {"unless", "mentions"}, set()),
    "kcsie_claim": ({"pattern"}, {"unless", "mentions"}, set()),
    "edition": ({"pattern"}, {"unless", "current", "series"}, {"year", "current", "edition", "in_force"}),
    "predates_edition": ({"series"}, set(), {"approved", "edition", "in_force", "written_against"}),
    "http_link": (set(), {"pattern"}, {"links"}),
    "phone_numbers": (set(), {"pattern", "known"}, {"number"}),
    "required": ({"pattern"}, set(), {"doc_title"}),
    "review_date": (set(), {"changes", "soon", "missing", "front_matter_key"},
                    {"due", "today", "days", "approved", "changes"}),
    "numbering": ({"check"}, set(), {"number", "first_line", "lines", "missing", "previous"}),
}
BASE_KEYS = {"id", "kind", "category", "severity", "title", "problem", "fact", "fix", "ref", "confidence",
             "sources", "evidence", "verify", "documents", "authority", "enabled"}
REGEX_SETTINGS = ("pattern", "unless", "mentions")


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


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _rule(entry, where: str, defaults: dict) -> Rule:
    if not isinstance(entry, dict):
        raise HealthRuleError(f"{where}: each rule must be a mapping")
    rid = entry.get("id")
    if not isinstance(rid, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", rid):
        raise HealthRuleError(f"{where}: rule id {rid!r} must be a lowercase slug")
    where = f"{where} '{rid}'"
    kind = entry.get("kind")
    if kind not in KINDS:
        raise HealthRuleError(f"{where}: kind must be one of {', '.join(KINDS)}")
    required, optional, extra_fields = KINDS[kind]
    settings = {k: v for k, v in entry.items() if k not in BASE_KEYS}
    unknown = set(settings) - required - optional
    if unknown:
        raise HealthRuleError(f"{where}: unknown keys {', '.join(sorted(unknown))} for kind {kind}")
    missing = [k for k in ("category", "severity", "title", "problem", "fact", "fix") if not entry.get(k)]
    missing += sorted(required - set(settings))
    if missing:
        raise HealthRuleError(f"{where}: missing {', '.join(missing)}")
    if entry["severity"] not in SEVERITIES:
        raise HealthRuleError(f"{where}: severity must be one of {', '.join(SEVERITIES)}")
    allowed = COMMON_FIELDS | extra_fields
    for key in ("title", "problem", "fact", "fix"):
        try:
            bad = _fields(str(entry[key])) - allowed
        except ValueError as exc:
            raise HealthRuleError(f"{where}: {key} is not a valid template ({exc})") from None
        if bad:
            raise HealthRuleError(f"{where}: {key} uses {{{', '.join(sorted(bad))}}}; "
                                  f"this kind fills in {', '.join(sorted(allowed))}")
    for key in REGEX_SETTINGS:
        if key in settings:
            try:
                settings[key] = re.compile(str(settings[key]), re.IGNORECASE)
            except re.error as exc:
                raise HealthRuleError(f"{where}: {key} is not a valid regular expression ({exc})") from None
    if kind == "edition" and not ({"current", "series"} & set(settings)):
        raise HealthRuleError(f"{where}: an edition rule needs current (a year) or series (from editions.yaml)")
    if kind == "edition" and "year" not in settings["pattern"].groupindex:
        raise HealthRuleError(f"{where}: an edition pattern needs a (?P<year>...) group")
    if kind == "numbering" and settings["check"] not in ("duplicate", "gap", "order"):
        raise HealthRuleError(f"{where}: check must be duplicate, gap or order")

    def texts(key: str, default=()) -> tuple[str, ...]:
        value = entry.get(key, default)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise HealthRuleError(f"{where}: {key} must be a list of text")
        return tuple(value)

    return Rule(id=rid, kind=kind, category=str(entry["category"]), severity=entry["severity"],
                title=str(entry["title"]), problem=str(entry["problem"]).strip(), fact=str(entry["fact"]).strip(),
                fix=str(entry["fix"]).strip(), ref=str(entry.get("ref") or ""),
                confidence=str(entry.get("confidence") or ""), sources=texts("sources"),
                evidence=texts("evidence"), verify=bool(entry.get("verify", False)), documents=texts("documents"),
                authority=texts("authority", defaults.get("authority", ["school policy"])), settings=settings)


def parse_rules(data, source: str) -> list[tuple[Rule, bool]]:
    """Validate one parsed rules file; return (rule, enabled) pairs. Errors name the file and the rule."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise HealthRuleError(f"{source}: expected a mapping with a 'rules' list")
    defaults = data.get("defaults") or {}
    out, seen = [], set()
    for n, entry in enumerate(data["rules"], start=1):
        rule = _rule(entry, f"{source}: rule {n}", defaults)
        if rule.id in seen:
            raise HealthRuleError(f"{source}: rule id '{rule.id}' is used twice")
        seen.add(rule.id)
        out.append((rule, entry.get("enabled", True) is not False))
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
            raise HealthRuleError(f"{path}: not a valid YAML file ({exc})") from None
        for rule, enabled in parse_rules(data, str(path)):
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
