"""Load the corpus and index once, then answer questions: the one code path behind CLI, UI and eval."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date

from .answer.composer import Library, compose
from .answer.generate import Phraser, make_phraser, rephrase
from .contacts import load_school
from .corpus.load import Corpus, load_corpus
from .errors import QuestionError
from .health import check_corpus, load_rules
from .index.embedders import Embedder, index_builder, make_embedder
from .index.store import LoadedIndex, Progress, ensure_index
from .retrieve.hybrid import retrieve
from .safeguarding.detection import concern_pieces, wording
from .safeguarding.injection import neutralise
from .settings import Settings
from .types import Answer, Hit, Retrieval

AUDIENCE_NAMES = ("staff", "parent")
IGNORED_INSTRUCTIONS = ("Instructions written into the question were ignored: answers come only from the policy "
                        "and the guidance.")


def clean_question(question: str, max_chars: int) -> str:
    """Normalise unicode and whitespace; reject empty and over-long questions."""
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    text = unicodedata.normalize("NFKC", question)
    # Format characters (zero-width spaces and joiners, soft hyphens, byte-order marks: common in text pasted
    # from Word, Teams and phones) sit inside words, so they are deleted, not turned into spaces.
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
    text = " ".join(text.split())
    if not text:
        raise QuestionError("the question is empty: type what you want to know, e.g. "
                            "\"Can I accept a friend request from a pupil?\"")
    if len(text) > max_chars:
        raise QuestionError(f"the question is {len(text)} characters long; the limit is {max_chars}. "
                            "Shorten it to the part you need answered.")
    return text


FOLLOW_UP = re.compile(r"^(?:and|but|what about|how about|what if|or|also|same for|even if|if)\b|\b(?:they|them|"
                       r"it|that|this|those|he|she|him|her)\b", re.IGNORECASE)


def with_context(question: str, history: list[str] | tuple[str, ...]) -> str:
    """The retrieval query for a follow-up: a short or anaphoric question borrows the previous question."""
    if not history:
        return question
    if len(question.split()) <= 8 or FOLLOW_UP.search(question):
        return f"{history[-1]} {question}"
    return question


CAVEAT_CATEGORIES = ("review", "outdated", "links")


def unannotated_clauses(corpus: Corpus) -> frozenset[str]:
    """The clauses nobody wrote example questions for."""
    return frozenset(c.id for c in corpus.clauses if not getattr(corpus.annotations.get(c.id), "questions", ()))


def own_document_boost(corpus: Corpus, settings: Settings, bare: frozenset[str]) -> dict[str, float]:
    """What each of the school's own policies adds to its clauses' fused scores: from own_boost when every clause
    has example questions to unannotated_boost when none has (a school's own policy as set up), in proportion to
    the share of its clauses in `bare` (unannotated_clauses); the example questions we wrote for the guidance
    otherwise pull every query away from it."""
    boost = {}
    for doc in (d for d in corpus.documents if d.authority == "school policy"):
        ids = [c.id for c in corpus.clauses if c.doc == doc.id]
        share = sum(cid in bare for cid in ids) / len(ids) if ids else 1.0
        boost[doc.id] = settings.own_boost + (settings.unannotated_boost - settings.own_boost) * share
    return boost


def policy_caveats(corpus: Corpus, today: date | None = None) -> dict[str, tuple[str, ...]]:
    """Serious policy-health findings, as notes to show beside any answer citing the clause or document."""
    notes: dict[str, list[str]] = {}
    for finding in check_corpus(corpus, load_rules(), today or date.today()):
        if finding.category in CAVEAT_CATEGORIES and finding.severity in ("high", "medium"):
            key = finding.clause_id
            label = finding.label if finding.clause else corpus.document(finding.doc).title
            notes.setdefault(key, []).append(f"{label}: {finding.title.rstrip('.')}. {finding.problem}")
    return {key: tuple(v) for key, v in notes.items()}


@dataclass
class Engine:
    settings: Settings
    corpus: Corpus
    index: LoadedIndex
    embedder: Embedder
    phraser: Phraser | None = None  # optional generated wording; None = extractive only

    @classmethod
    def load(cls, settings: Settings, embedder: Embedder | None = None,
             progress: Progress = lambda s: None) -> Engine:
        corpus = replace(load_corpus(settings.corpus_dir), rule_questions=settings.rule_questions)
        embedder = embedder or make_embedder(settings.embedder)
        index = ensure_index(corpus, embedder, settings.index_dir, progress,
                             index_builder(embedder, settings.index_embedder))
        return cls(settings, corpus, index, embedder, make_phraser(settings))

    def __post_init__(self) -> None:
        self.clauses = self.corpus.clause_by_id()
        self.documents = {d.id: d for d in self.corpus.documents}
        # Facets stand in for example questions: only clauses nobody wrote any for are scored on them (with
        # examples as well, dev and real-dev gained a little and test and real-test lost more; README).
        self.unannotated = unannotated_clauses(self.corpus)
        self.doc_boost = own_document_boost(self.corpus, self.settings, self.unannotated)
        self.library = Library(self.clauses, self.documents, load_school(self.settings.school_file),
                               policy_caveats(self.corpus), self.corpus.procedures)

    def allowed_docs(self, audience: str) -> list[str] | None:
        if audience not in AUDIENCE_NAMES:
            raise QuestionError(f"unknown audience {audience!r}; use one of: {', '.join(AUDIENCE_NAMES)}")
        if audience == "parent":
            return [d.id for d in self.corpus.documents if d.audience == "public"]
        return None

    def search(self, question: str, audience: str = "staff", k: int | None = None) -> list[Hit]:
        text = clean_question(question, self.settings.max_question_chars)
        hits = self._retrieve(text, audience).hits
        return hits[:k] if k else hits

    def _retrieve(self, query: str, audience: str, pieces: list[str] | None = None) -> Retrieval:
        return retrieve(query, self.index, self.clauses, self.embedder, self.allowed_docs(audience),
                        self.settings.candidates, self.settings.rrf_k, self.corpus.vocabulary,
                        self.settings.lexical_weight, self.settings.fusion, pieces or [],
                        self.settings.max_concern_pieces, self.settings.example_discount,
                        self.settings.max_query_words, self.doc_boost,
                        self.settings.facet_weight, self.unannotated)

    def ask(self, question: str, audience: str = "staff", history: list[str] | tuple[str, ...] = ()) -> Answer:
        text = clean_question(question, self.settings.max_question_chars)
        asked, injected = neutralise(text)
        history = tuple(neutralise(turn)[0] for turn in history)
        # The question's sentences and the previous turn are scored for escalation in the same embedding
        # call as the query (escalation.concern_pieces), unless the wording already escalates.
        pieces = [] if wording(asked, history) else concern_pieces(asked, history)
        found = self._retrieve(with_context(asked, history), audience, pieces)
        answer = compose(asked, audience, found.hits, self.library, self.settings, history, found.off_topic,
                         found.concern)
        if self.phraser is not None:
            answer = rephrase(answer, found.hits, self.clauses, self.phraser)
        notes = (*answer.notes, IGNORED_INSTRUCTIONS) if injected else answer.notes
        return replace(answer, question=text, notes=notes)
