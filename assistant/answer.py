"""Turn ranked clauses into an answer: verdict, verified verbatim quotes, escalation."""

from __future__ import annotations

from .escalation import detect
from .quotes import best_quote, verify
from .settings import Settings
from .types import Answer, Citation, Clause, Document, Hit
from .verdict import decide

OPENERS = {
    "prohibited": "No.",
    "discouraged": "Strongly advised against.",
    "conditional": "Yes, but only if the condition below is met.",
    "permitted": "Yes.",
    "required": "You must act on this.",
    "info": "",
}
NOT_COVERED = ("The policy and the guidance it links to do not cover this. Where no specific guidance "
               "exists, take the most prudent action and check with your line manager or the Headteacher.")


def _cite(hit: Hit, question: str, related: bool = False) -> Citation:
    return Citation(hit.clause.id, hit.clause.label, best_quote(hit.clause, question), hit.dense, related)


def _source_note(clause: Clause, documents: dict[str, Document]) -> str:
    doc = documents[clause.doc]
    return ", our summary" if doc.format == "summary" else ""


def compose(question: str, audience: str, hits: list[Hit], clauses: dict[str, Clause],
            documents: dict[str, Document], settings: Settings,
            history: tuple[str, ...] = (), off_topic: float = -1.0) -> Answer:
    """Build the answer object of CONTRACTS.md section 4 from retrieval results.

    Not covered when the best clause is too far from the question (min_evidence), or when the question
    is closer to a listed out-of-scope topic (corpus/out_of_scope.yaml) than to any clause.
    """
    escalation = detect(question, history)
    retrieved = {h.clause.id for h in hits}
    best = max((h.dense for h in hits[:5]), default=0.0)
    if not hits or best < settings.min_evidence or off_topic > best + settings.off_topic_margin:
        related = verify([_cite(h, question, related=True) for h in hits[: settings.max_citations]],
                         clauses, retrieved)
        return Answer(question, audience, "not_covered", NOT_COVERED, tuple(related), escalation)

    top = hits[0]
    chosen = [top]
    for hit in hits[1:]:
        if len(chosen) >= settings.max_citations:
            break
        if hit.dense >= settings.min_evidence and hit.dense >= best - settings.citation_margin:
            chosen.append(hit)
    citations = verify([_cite(h, question) for h in chosen], clauses, retrieved)
    if not citations:  # cannot happen with verbatim quotes; never show an unverified answer
        return Answer(question, audience, "not_covered", NOT_COVERED, (), escalation)

    first = clauses[citations[0].id]
    verdict = decide(question, first.text)
    lines = [f"{OPENERS[verdict]} {citations[0].quote} ({citations[0].label}"
             f"{_source_note(first, documents)})".strip()]
    for citation in citations[1:]:
        note = _source_note(clauses[citation.id], documents)
        lines.append(f"Also relevant: \"{citation.quote}\" ({citation.label}{note})")
    return Answer(question, audience, verdict, "\n".join(lines), tuple(citations), escalation)
