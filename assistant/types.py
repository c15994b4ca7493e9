"""Small frozen value types passed between the pipeline stages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

AUDIENCES = ("public", "staff")
AUTHORITIES = ("school policy", "statutory guidance", "non-statutory guidance", "support service")


@dataclass(frozen=True)
class VerdictInfo:
    """How one verdict (docs/contracts.md section 3) is described: the one table behind every screen and the docs."""

    meaning: str  # the contract's wording
    opener: str  # first words of the answer; not_covered has a sentence of its own (answer.composer.NOT_COVERED)
    badge: str  # words on the web badge; upper-cased, the CLI tag
    css: str  # colour class of the badge


VERDICT_TABLE = {
    "prohibited": VerdictInfo("No, you must not", "No.", "No", "no"),
    "discouraged": VerdictInfo("Strongly advised against; talk to the Headteacher/DSL first",
                               "Strongly advised against.", "Advised against", "against"),
    "conditional": VerdictInfo("Yes, but only if a stated condition holds", "Yes, but only if the condition is met.",
                               "Yes, if", "if"),
    "permitted": VerdictInfo("Yes", "Yes.", "Yes", "yes"),
    "required": VerdictInfo("You must do something (report, declare, consult, follow a procedure)",
                            "You must act on this.", "You must", "must"),
    "info": VerdictInfo("A factual question with no permission in it (who, what, when, which)", "", "Information",
                        "info"),
    "not_covered": VerdictInfo("The sources do not cover this; say so, do not guess", "", "Not covered", "none"),
}
VERDICTS = tuple(VERDICT_TABLE)


@dataclass(frozen=True)
class Document:
    """One corpus document as the manifest describes it."""

    id: str
    title: str
    file: str
    format: str
    authority: str
    audience: str
    edition: str
    label: str
    label_slug: str
    url: str | None = None
    approved: date | None = None
    next_review: date | None = None

    def clause_label(self, clause: str, title: str = "", section: str = "", point: str = "") -> str:
        """Display label of one clause, e.g. 'Policy 4.1(3)', 'KCSIE 2026: Low-level concerns' or (a document
        converted by section, corpus/structure.py) 'Online Safety Policy, Social media, point 3'. A label whose
        {section} is empty (text before the first heading) or already in the label (a title page repeating the
        document's title) leaves it out with its comma."""
        template = self.label if clause[:1].isdigit() else self.label_slug
        if section and "{section}" in template and section.strip().lower() in template.lower():
            section = ""
        text = template.format(clause=clause, title=title if clause[:1].isdigit() else title or clause,
                               section=section or "\0", point=point or clause)
        return re.sub(r"[,;:\s-]*\0", "", text).strip(" ,;:-") if "\0" in text else text


@dataclass(frozen=True)
class Clause:
    """A retrievable, citable unit of a document."""

    doc: str
    clause: str  # the document's own numbering, verbatim: '4.1(2)', '2.3#2', '135', 'annex-c'
    text: str  # verbatim clause text (the only text a quote may come from)
    label: str
    title: str = ""  # clause heading where the document has one
    section: str = ""  # enclosing section heading, e.g. '4.0 USE OF SOCIAL NETWORKING SITES'
    parent: str = ""  # lead-in of the enclosing paragraph for items and bullets
    line: int = 0  # 1-based line in the source file where the clause starts
    meta: tuple[tuple[str, str], ...] = ()  # e.g. (('confidence', 'H'), ('verify', 'no'))

    @property
    def id(self) -> str:
        return f"{self.doc}:{self.clause}"

    def meta_value(self, key: str, default: str = "") -> str:
        for k, v in self.meta:
            if k == key:
                return v
        return default


@dataclass(frozen=True)
class Hit:
    """One retrieved clause with its fused score and the component ranks."""

    clause: Clause
    score: float
    dense: float = 0.0  # cosine of question and clause in the model space: the evidence measure
    dense_rank: int | None = None
    lexical_rank: int | None = None


@dataclass(frozen=True)
class ConcernScore:
    """What the learned concern detector makes of a message: the probability that the whole message (with
    its conversation) is a safeguarding concern, and the same for its strongest single sentence or clause.
    Kinds are 'child' or 'adult'; probabilities are 0 without a detector."""

    whole: float = 0.0
    whole_kind: str = ""
    part: float = 0.0
    part_kind: str = ""


@dataclass(frozen=True)
class Retrieval:
    """What retrieval hands to answering: ranked hits and the nearest out-of-scope topic's cosine."""

    hits: list[Hit]
    off_topic: float = -1.0
    concern: ConcernScore = ConcernScore()  # the whole-message score; the engine adds the parts' score


@dataclass(frozen=True)
class Citation:
    id: str
    label: str
    quote: str
    score: float
    related: bool = False
    summary: bool = False  # the clause comes from our summary of a document, not its verbatim text; not in the JSON

    def to_dict(self) -> dict:
        out = {"id": self.id, "label": self.label, "quote": self.quote, "score": round(self.score, 4)}
        if self.related:
            out["related"] = True
        return out


@dataclass(frozen=True)
class Escalation:
    reason: str
    contact: str

    def to_dict(self) -> dict:
        return {"reason": self.reason, "contact": self.contact}


@dataclass(frozen=True)
class Answer:
    """One answer, kept structured to the edges: the CLI, the HTML page and the JSON encoder each render it."""

    question: str
    audience: str
    verdict: str
    headline: str  # the opener and the governing quote with its label (or, for not_covered, that nothing covers it)
    citations: tuple[Citation, ...] = ()
    escalation: Escalation | None = None
    notes: tuple[str, ...] = field(default=())  # DSL reminder, statutory-vs-policy and policy-health caveats
    steps: tuple[str, ...] = field(default=())  # what to do, from templates and the school's contacts
    mode: str = "extractive"  # or "generated" when a language model's wording passed every check
    fallback_reason: str = ""  # why generated wording was rejected, when it was tried

    @property
    def governing(self) -> Citation | None:
        """The clause the verdict rests on: the first citation, unless nothing covers the question."""
        return self.citations[0] if self.citations and self.verdict != "not_covered" else None

    @property
    def related(self) -> tuple[Citation, ...]:
        """The further citations: beside the governing clause, or the nearest clauses when not covered."""
        return self.citations[1:] if self.governing else self.citations

    def to_dict(self) -> dict:
        """The JSON encoder (`ask --json`, docs/contracts.md section 4): the contract's keys first, then the extras."""
        return {
            "question": self.question,
            "audience": self.audience,
            "verdict": self.verdict,
            "answer": self.headline,
            "citations": [c.to_dict() for c in self.citations],
            "escalation": self.escalation.to_dict() if self.escalation else None,
            "steps": list(self.steps),
            "notes": list(self.notes),
            "mode": self.mode,
            **({"fallback": self.fallback_reason} if self.fallback_reason else {}),
        }
