"""Citations are verified: known id, retrieved for this question, verbatim quote."""

from __future__ import annotations

from conftest import REAL_CORPUS

from assistant.answer.quotes import best_quote, verify
from assistant.corpus.load import load_corpus
from assistant.types import Citation

CLAUSES = load_corpus(REAL_CORPUS).clause_by_id()


def test_invented_ids_unretrieved_ids_and_paraphrases_are_dropped():
    real = CLAUSES["policy:4.1(2)"]
    citations = [
        Citation("policy:4.1(2)", "Policy 4.1(2)", real.text[:60], 0.8),
        Citation("policy:9.9", "Policy 9.9", "made up", 0.9),
        Citation("policy:4.1(3)", "Policy 4.1(3)", CLAUSES["policy:4.1(3)"].text[:40], 0.7),
        Citation("policy:4.1(2)", "Policy 4.1(2)", "Staff must never befriend pupils", 0.8),
        Citation("policy:4.1(2)", "Policy 4.1(2)", "", 0.8),
    ]
    kept = verify(citations, CLAUSES, retrieved={"policy:4.1(2)", "policy:9.9"})
    assert [c.quote for c in kept] == [real.text[:60]]


def test_short_clause_is_quoted_whole_and_long_clause_by_its_best_sentence():
    assert best_quote(CLAUSES["policy:4.1(1)"], "anything") == CLAUSES["policy:4.1(1)"].text
    quote = best_quote(CLAUSES["policy:4.3"], "privacy settings passwords")
    assert quote in CLAUSES["policy:4.3"].text
    assert "privacy settings" in quote
    assert len(quote) < len(CLAUSES["policy:4.3"].text)
