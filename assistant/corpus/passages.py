"""What text stands for a clause in retrieval, and how text is cut into terms for BM25."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..types import Clause
from .questions import rule_questions as questions_from_rule

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
STOPWORDS = frozenset("""
a an and are as at be been but by for from has have he her hers him his i if in into is it its me my of on
or our she so that the their them then there these they this to was we were what when where which who will
with would you your yours do does did am can could should shall may might must not no yes ok okay
""".split()) - {"not", "no", "must", "may", "should"}
# Kept on purpose: 'not', 'must', 'may', 'should' separate "must not" rules from permissions.


def normalise(text: str) -> str:
    """Lowercase, fold unicode (curly quotes, dashes, accents) to plain ASCII where possible."""
    text = unicodedata.normalize("NFKD", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower()


def stem(word: str) -> str:
    """A deliberately light suffix stripper: enough to match 'photos'/'photo', 'posting'/'post'."""
    if len(word) <= 4 or word.isdigit():
        return word
    for suffix, keep in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "es" and not word.endswith(("ches", "shes", "xes", "sses")):
                continue
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            return word[: len(word) - len(suffix)] + keep
    return word


def terms(text: str) -> list[str]:
    """BM25 terms: normalised words, minus stopwords, lightly stemmed."""
    return list(_terms(text))


@lru_cache(maxsize=8192)
def _terms(text: str) -> tuple[str, ...]:
    # Cached: answering splits the same clause texts into terms for every question (quotes, verdicts).
    out = []
    for word in WORD.findall(normalise(text)):
        word = word.split("'")[0]
        if word and word not in STOPWORDS:
            out.append(stem(word))
    return tuple(out)


def _first_sentence(text: str, limit: int = 140) -> str:
    head = re.split(r"(?<=[.:;])\s", text.strip(), maxsplit=1)[0]
    return head if len(head) <= limit else head[:limit].rsplit(" ", 1)[0]


def passage(clause: Clause) -> str:
    """The text embedded and indexed for a clause: its context (section, title, lead-in), then its text."""
    parts = []
    if clause.section:
        parts.append(clause.section.split("[", 1)[0].strip().capitalize())
    if clause.title:
        parts.append(clause.title)
    if clause.parent:
        parts.append(_first_sentence(clause.parent))
    parts.append(clause.text)
    return "\n".join(p for p in parts if p)


def indexed(clauses) -> tuple[Clause, ...]:
    """The clauses retrieval may return: all but forms to fill in (meta role 'form', structure.py)."""
    return tuple(c for c in clauses if c.meta_value("role") != "form")


def passages(clauses) -> list[str]:
    """Passage text for every clause, in order."""
    return [passage(c) for c in clauses]


def lexical_passage(clause: Clause, annotation=None) -> str:
    """BM25 text: the clause passage plus the words people use for it (annotation terms and questions)."""
    if annotation is None:
        return passage(clause)
    return "\n".join([passage(clause), *annotation.terms, *annotation.questions])


def dense_rows(clauses, annotations: dict, rule_questions: bool = False) -> tuple[list[str], list[int]]:
    """Texts to embed and, for each, the position of the clause it stands for.

    Each clause has its own passage plus one row per example question; a clause scores the best of its
    rows (max-sim), so a question phrased like any one example finds it.
    """
    texts = passages(clauses)
    owners = list(range(len(clauses)))
    for position, clause in enumerate(clauses):
        annotation = annotations.get(clause.id)
        for question in annotation.questions if annotation else ():
            texts.append(question)
            owners.append(position)
    for position, clause in enumerate(clauses if rule_questions else ()):  # questions from each rule (questions.py)
        for question in questions_from_rule(clause.text, clause.parent or ""):
            texts.append(question)
            owners.append(position)
    return texts, owners


def expand(question: str, vocabulary: dict[str, str]) -> str:
    """Add the document words for informal ones ('snap' -> 'snapchat ... personal message'); keep the original."""
    if not vocabulary:
        return question
    low = f" {' '.join(WORD.findall(normalise(question)))} "
    extra = [expansion for key, expansion in vocabulary.items() if f" {key} " in low]
    return f"{question} ({'; '.join(extra)})" if extra else question
