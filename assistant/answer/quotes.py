"""Choose the verbatim part of a clause to quote, and verify citations before they are shown."""

from __future__ import annotations

import re

from ..corpus.passages import terms
from ..types import Citation, Clause

SENTENCE = re.compile(r"[^.;\n]+(?:[.;](?=\s|$)|$)")
MAX_QUOTE = 320


def sentences(text: str) -> list[str]:
    """Verbatim sentence-like spans of a clause (split at '.', ';' and line breaks)."""
    spans = (m.group(0).strip().removeprefix("- ").strip() for m in SENTENCE.finditer(text))
    return [span for span in spans if len(span) > 3]


def best_quote(clause: Clause, question: str) -> str:
    """The whole clause when short, else the sentence sharing most terms with the question."""
    text = clause.text.strip()
    if len(text) <= MAX_QUOTE:
        return text
    wanted = set(terms(question))
    spans = sentences(text) or [text]
    # Ties go to the earlier sentence: the rule usually comes before its explanation.
    best = max(spans, key=lambda s: (len(wanted & set(terms(s))), -spans.index(s)))
    if len(best) > 2 * MAX_QUOTE:
        best = best[: 2 * MAX_QUOTE].rsplit(" ", 1)[0]
    return best


def verify(citations: list[Citation], clauses: dict[str, Clause], retrieved: set[str]) -> list[Citation]:
    """Keep only citations whose id exists, was retrieved for this question, and whose quote is verbatim."""
    kept = []
    for citation in citations:
        clause = clauses.get(citation.id)
        if clause is None or citation.id not in retrieved:
            continue
        if not citation.quote or citation.quote not in clause.text:
            continue
        kept.append(citation)
    return kept
