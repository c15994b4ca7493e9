"""Verdicts from the question's intent and the governing clause's wording (CONTRACTS.md section 3)."""

from __future__ import annotations

import re

from .passages import normalise

# Strongest first: the first pattern family found in a clause decides its modality.
MODALITIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("conditional", (r"\bwithout (?:their|the) express permission\b", r"\bunless\b", r"\bonly if\b",
                     r"\bmust make it clear\b", r"\bwhere a colleague .{0,40}chooses to\b",
                     r"\bconsistent with their professional role\b")),
    ("prohibited", (r"\bmust not\b", r"\bshall not\b", r"\bmust never\b", r"\bnever\b",
                    r"\bunder any circumstances\b", r"\bmust be declined\b", r"\bis (?:a criminal offence|illegal)\b",
                    r"\bdo not\b")),
    ("discouraged", (r"\bstrongly advised not to\b", r"\badvised not to\b", r"\bshould not\b",
                     r"\bshould avoid\b", r"\bavoid\b", r"\bnot worth taking\b")),
    ("permitted", (r"\bdoes not discourage\b", r"\bare not compulsory\b", r"\bnot compulsory\b",
                   r"\bmay\b(?! (?:have|be|help|not|lead|result))", r"\bis allowed\b", r"\bare permitted\b")),
    ("required", (r"\bmust\b", r"\bshould\b", r"\bshall\b", r"\bare required to\b", r"\bis required\b",
                  r"\bhave to\b", r"\bneed to\b", r"\bexpected to\b", r"\bencouraged to\b")),
)

PERMISSION = re.compile(
    r"^(?:so\s+|and\s+|but\s+|what if\s+)?(?:can|could|may|might|am|is|are|should|shall|would|do|does|will)\b"
    r"|\b(?:allowed|ok|okay|alright|permitted|fine|acceptable|appropriate|against the rules|yes or no)\b"
    r"|\bis it (?:ok|okay|alright|fine|wrong)\b")
OBLIGATION = re.compile(
    r"\b(?:what (?:should|do|must) (?:i|we|staff)|what do i do|what happens|who (?:do|should) i (?:tell|report"
    r"|contact|speak)|who should i|how do i (?:report|raise)|do i (?:have|need) to|must i|should i (?:report"
    r"|tell|declare)|how should i|what steps|what must)\b")
INFO = re.compile(r"^(?:who|what|when|which|where|how|why|does the policy|is there|tell me)\b")


def clause_modality(text: str) -> str:
    """The verdict a clause's wording carries on its own, e.g. 'must not' -> prohibited."""
    low = normalise(text)
    for verdict, patterns in MODALITIES:
        if any(re.search(p, low) for p in patterns):
            return verdict
    return "info"


def question_intent(question: str) -> str:
    """permission (can I ...?), obligation (what must I do ...?) or info (who/what/when ...?)."""
    low = normalise(question).strip()
    if OBLIGATION.search(low):
        return "obligation"
    if PERMISSION.search(low):
        return "permission"
    if INFO.search(low):
        return "info"
    return "permission"  # a bare statement of a plan ('friend request from a pupil') asks whether it is OK


DRAFTING_SUBJECT = re.compile(r"^(?:all )?colleagues(?: at the school)?\s+", re.IGNORECASE)
SPAN_SPLIT = re.compile(r"[;\n]|\.\s| but | and (?=(?:must|should|are|is|they)\b)| \u2013 ")


def governing_span(clause_text: str, question: str) -> str:
    """The sub-rule of a clause the question is about: the span sharing most terms with it.

    Policy 4.1(8) holds two rules ('must not post ... photographs of pupils under any circumstances'
    and '... of colleagues or parents without their express permission'); a question about a colleague's
    photo is governed by the second.
    """
    from .passages import terms

    spans = [s.strip() for s in SPAN_SPLIT.split(clause_text) if len(s.strip()) > 3] or [clause_text]
    wanted = set(terms(question))
    # 'Colleagues at the school' is the policy's way of saying 'you'; it must not make a sub-rule look
    # like it is about colleagues.
    def overlap(span: str) -> int:
        return len(wanted & set(terms(DRAFTING_SUBJECT.sub("", span))))
    return max(spans, key=lambda s: (overlap(s), -spans.index(s)))


def decide(question: str, clause_text: str) -> str:
    """Combine the question's intent with the governing wording of the clause into one verdict."""
    intent = question_intent(question)
    if intent == "info":
        return "info"
    modality = clause_modality(governing_span(clause_text, question))
    if modality == "info":
        modality = clause_modality(clause_text)
    if intent == "obligation":
        return "required" if modality in ("required", "prohibited", "conditional") else modality
    return modality
