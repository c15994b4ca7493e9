"""The health check kinds: each turns one rule and one parsed document into findings."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from ..corpus.editions import current_edition, predates_edition
from ..corpus.normalise import ROMAN
from ..errors import HealthRuleError
from ..types import Clause, Document
from .rules import Finding, Rule, sort_findings

KCSIE = re.compile(r"Keeping Children Safe in Education|\bKCSIE\b", re.IGNORECASE)
HTTP_LINK = re.compile(r"http://[^\s<>\"')\]]+", re.IGNORECASE)
UK_PHONE = re.compile(r"(?<![\d/])(?:\+44\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\d/])")


@dataclass(frozen=True)
class Unit:
    """A piece of text with its number: a clause, or a section heading (which may not be a clause)."""

    clause: str
    text: str
    line: int


@dataclass(frozen=True)
class Context:
    doc: Document
    parsed: object  # ParsedDocument
    units: tuple[Unit, ...]
    today: date
    evidence: dict[str, Clause]
    register: object = None  # editions.Register (corpus/editions.yaml), for edition-aware kinds


class _Values(dict):
    def __missing__(self, key: str) -> str:
        return ""


def document_units(parsed) -> tuple[Unit, ...]:
    """Numbered section headings and clauses in reading order, whitespace collapsed."""
    out: dict[str, Unit] = {}
    for section in parsed.sections:
        if section.number[:1].isdigit():
            out[section.number] = Unit(section.number, " ".join(section.title.split()), section.line)
    for clause in parsed.clauses:
        out[clause.clause] = Unit(clause.clause, " ".join(clause.text.split()), clause.line)
    return tuple(sorted(out.values(), key=lambda u: u.line))


def _excerpt(text: str, match: re.Match, width: int = 70) -> str:
    start, end = max(0, match.start() - width), min(len(text), match.end() + width)
    return f"{'...' if start else ''}{text[start:end].strip()}{'...' if end < len(text) else ''}"


def _finding(rule: Rule, ctx: Context, unit: Unit | None, sources: tuple[str, ...] = (),
             label: str = "", **values) -> Finding:
    clause = unit.clause if unit else ""
    label = label or (ctx.doc.clause_label(clause) if clause else ctx.doc.title)
    fill = _Values(clause=clause, label=label, **{k: str(v) for k, v in values.items()})
    evidence = tuple(e for e in rule.evidence if e in ctx.evidence)
    return Finding(
        rule=rule.id, category=rule.category, severity=values.pop("severity", None) or rule.severity,
        doc=ctx.doc.id, clause=clause, label=label, line=unit.line if unit else 0,
        title=(values.get("title") or rule.title).format_map(fill),
        problem=(values.get("problem") or rule.problem).format_map(fill), fact=rule.fact.format_map(fill),
        fix=rule.fix.format_map(fill), ref=rule.ref, confidence=rule.confidence,
        sources=tuple(dict.fromkeys(rule.sources + sources)), evidence=evidence,
        verify=rule.verify or rule.kind == "kcsie_claim" or rule.confidence.upper().startswith("L"),
        excerpt=str(values.get("excerpt", "")),
    )


def _pattern(rule: Rule, ctx: Context) -> Iterator[Finding]:
    s = rule.settings
    mentions = s.get("mentions") or (KCSIE if rule.kind == "kcsie_claim" else None)
    for unit in ctx.units:
        match = s["pattern"].search(unit.text)
        if not match or (s.get("unless") and s["unless"].search(unit.text)):
            continue
        if mentions and not mentions.search(unit.text):
            continue
        yield _finding(rule, ctx, unit, match=match.group(0), excerpt=_excerpt(unit.text, match))


def _edition(rule: Rule, ctx: Context) -> Iterator[Finding]:
    s = rule.settings
    current, live = (current_edition(ctx.register, s["series"], ctx.today, s.get("current")) if s.get("series")
                     else (s["current"], {}))
    for unit in ctx.units:
        if s.get("unless") and s["unless"].search(unit.text):
            continue
        for match in s["pattern"].finditer(unit.text):
            if int(match.group("year")) < int(current):
                yield _finding(rule, ctx, unit, match=match.group(0), year=match.group("year"),
                               current=current, excerpt=_excerpt(unit.text, match), **live)
                break


def _http_link(rule: Rule, ctx: Context) -> Iterator[Finding]:
    pattern = rule.settings.get("pattern") or HTTP_LINK
    for unit in ctx.units:
        links = [m.group(0).rstrip(".,;:") for m in pattern.finditer(unit.text)]
        if links:
            yield _finding(rule, ctx, unit, match=links[0], links=", ".join(dict.fromkeys(links)))


def _digits(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return "0" + digits[2:] if digits.startswith("44") else digits


def _phone_numbers(rule: Rule, ctx: Context) -> Iterator[Finding]:
    pattern = rule.settings.get("pattern") or UK_PHONE
    known = {_digits(str(n)) for n in rule.settings.get("known") or ()}
    for unit in ctx.units:
        for match in pattern.finditer(unit.text):
            digits = _digits(match.group(0))
            if len(digits) in (10, 11) and digits not in known:
                yield _finding(rule, ctx, unit, match=match.group(0), number=match.group(0),
                               excerpt=_excerpt(unit.text, match, 90))


def _required(rule: Rule, ctx: Context) -> Iterator[Finding]:
    text = "\n".join([u.text for u in ctx.units] + list(ctx.parsed.front_matter.values()))
    if not rule.settings["pattern"].search(text):
        yield _finding(rule, ctx, None, doc_title=ctx.doc.title)


def _front_matter_date(parsed, key: re.Pattern) -> date | None:
    for name, value in parsed.front_matter.items():
        if key.search(name):
            # "July 2027" (a month and year, as many policies give their review) reads as the 1st of that month
            for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%d %B %Y", "%d %b %Y", "%B %Y", "%b %Y"):
                try:
                    return datetime.strptime(value.strip(), fmt).date()
                except ValueError:
                    continue
    return None


def _review_date(rule: Rule, ctx: Context) -> Iterator[Finding]:
    s = rule.settings
    key = re.compile(s["front_matter_key"], re.IGNORECASE) if s.get("front_matter_key") else \
        re.compile(r"next review|review date|review due", re.IGNORECASE)
    due = ctx.doc.next_review or _front_matter_date(ctx.parsed, key)
    approved = ctx.doc.approved or _front_matter_date(ctx.parsed, re.compile(r"approved", re.IGNORECASE))
    label = f"{ctx.doc.title} (front matter)"
    if due is None:
        if s.get("missing"):
            yield _finding(rule, ctx, None, label=label, **s["missing"])
        return
    days = (ctx.today - due).days
    if days > 0:
        changes, sources = [], []
        for change in s.get("changes") or ():
            when = change["date"] if isinstance(change["date"], date) else date.fromisoformat(str(change["date"]))
            if (approved is None or when > approved) and when <= ctx.today:
                changes.append(f"{' '.join(str(change['what']).split())} ({when.isoformat()})")
                sources.extend(change.get("sources") or ())
        yield _finding(rule, ctx, None, tuple(sources), label=label, due=due.isoformat(),
                       today=ctx.today.isoformat(), days=days, approved=approved.isoformat() if approved else "?",
                       changes="; ".join(changes) + "." if changes else "no change recorded in the rules.")
    elif s.get("soon") and -days <= int(s["soon"].get("days", 60)):
        soon = {k: v for k, v in s["soon"].items() if k != "days"}
        yield _finding(rule, ctx, None, label=label, due=due.isoformat(), today=ctx.today.isoformat(),
                       days=-days, **soon)


def numbering_events(parsed) -> Iterator[tuple[str, str, int, dict]]:
    """(check, clause, line, values) for duplicate numbers, gaps and out-of-order numbers."""
    groups: dict[str, list[tuple[str, str, int]]] = {}  # parent -> [(token, clause, line)]
    first_line: dict[str, int] = {}
    for section in parsed.sections:
        m = re.fullmatch(r"(\d+)(?:\.0)?", section.number)
        if m:
            groups.setdefault("", []).append((m.group(1), section.number, section.line))
    for clause in parsed.clauses:
        base, _, dup = clause.clause.partition("#")
        first_line.setdefault(base, clause.line)
        if dup:
            yield "duplicate", clause.clause, clause.line, {"number": base, "first_line": first_line[base],
                                                             "lines": clause.line}
        para = re.fullmatch(r"(\d+)\.(\d+)", base)
        top = re.fullmatch(r"(\d+)(?:\.0)?", base)
        sub = re.fullmatch(r"(.+)\(([^()]+)\)", base)
        if para and para.group(2) != "0":
            section = clause.section.split(" ", 1)[0]
            if section and section != f"{para.group(1)}.0":
                yield "order", clause.clause, clause.line, {"previous": f"the heading {section}"}
            groups.setdefault(f"{para.group(1)}.", []).append((para.group(2), clause.clause, clause.line))
        elif top and not any(c == base for _, c, _ in groups.get("", [])):
            groups.setdefault("", []).append((top.group(1), clause.clause, clause.line))
        elif sub:
            groups.setdefault(sub.group(1), []).append((sub.group(2), clause.clause, clause.line))
    for parent, members in groups.items():
        yield from _sequence(parent, sorted(members, key=lambda m: m[2]))


def _sequence(parent: str, members: list[tuple[str, str, int]]) -> Iterator[tuple[str, str, int, dict]]:
    tokens = [t for t, _, _ in members]
    fmt: Callable[[int], str]
    if all(t.isdigit() for t in tokens):
        values = [int(t) for t in tokens]
        if parent == "":
            dotted = any("." in c for _, c, _ in members)
            fmt = (lambda v: f"{v}.0") if dotted else str
        elif parent.endswith("."):
            fmt = lambda v: f"{parent}{v}"  # noqa: E731
        else:
            fmt = lambda v: f"{parent}({v})"  # noqa: E731
    elif all(t in ROMAN for t in tokens) and tokens[0] == "i":
        values = [ROMAN[t] for t in tokens]
        names = {v: k for k, v in ROMAN.items()}
        fmt = lambda v: f"{parent}({names.get(v, v)})"  # noqa: E731
    elif all(len(t) == 1 and t.isalpha() for t in tokens):
        values = [ord(t.lower()) - ord("a") + 1 for t in tokens]
        fmt = lambda v: f"{parent}({chr(ord('a') + v - 1)})"  # noqa: E731
    else:
        return
    previous = 0
    for value, (_, clause, line) in zip(values, members, strict=True):
        if value == previous:
            continue  # a repeated number: reported as a duplicate
        if value > previous + 1:
            missing = fmt(previous + 1) if value == previous + 2 else f"{fmt(previous + 1)} to {fmt(value - 1)}"
            yield "gap", clause, line, {"previous": fmt(previous) if previous else "the start",
                                        "missing": missing}
        elif value < previous:
            yield "order", clause, line, {"previous": fmt(previous)}
            continue
        previous = value


def _numbering(rule: Rule, ctx: Context) -> Iterator[Finding]:
    lines = {u.clause: u for u in ctx.units}
    for check, clause, line, values in numbering_events(ctx.parsed):
        if check == rule.settings["check"]:
            yield _finding(rule, ctx, lines.get(clause) or Unit(clause, "", line), **values)


CHECKS: dict[str, Callable[[Rule, Context], Iterator[Finding]]] = {
    "pattern": _pattern, "kcsie_claim": _pattern, "edition": _edition, "http_link": _http_link,
    "phone_numbers": _phone_numbers, "required": _required, "review_date": _review_date, "numbering": _numbering,
    "predates_edition": lambda rule, ctx: predates_edition(rule, ctx, _finding),
}


def check_document(doc: Document, parsed, rules, today: date, evidence: dict[str, Clause],
                   register=None) -> list[Finding]:
    """Every rule's findings for one document."""
    ctx = Context(doc, parsed, document_units(parsed), today, evidence, register)
    findings: list[Finding] = []
    for rule in rules:
        findings.extend(CHECKS[rule.kind](rule, ctx))
    return findings


def check_corpus(corpus, rules: Sequence[Rule], today: date, doc_ids: Iterable[str] | None = None) -> list[Finding]:
    """Run each rule over the documents it applies to (of the named ones, if any); most severe first."""
    wanted = list(doc_ids) if doc_ids else None
    if wanted:
        known = {d.id for d in corpus.documents}
        unknown = [d for d in wanted if d not in known]
        if unknown:
            raise HealthRuleError(f"no document with id {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    evidence = corpus.clause_by_id()
    findings: list[Finding] = []
    for doc in corpus.documents:
        if wanted and doc.id not in wanted:
            continue
        doc_rules = [r for r in rules if r.applies_to(doc)]
        findings.extend(check_document(doc, corpus.parsed[doc.id], doc_rules, today, evidence,
                                       getattr(corpus, "register", None)))
    return sort_findings(findings)
