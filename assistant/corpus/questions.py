"""Questions written from a clause's own rule, for any document: "Colleagues must not accept pupils as friends"
gives "Can I accept pupils as friends?".

People ask "can I ...?" and "do I have to ...?", and a question is nearer another question than any statement,
so a clause nobody wrote example questions for is found much less often than one with examples. These rows
stand in for the hand-written ones: the rule's subject (colleagues, staff, governors ...) becomes "I", its
modal ("must not", "should", "may" ...) picks the question, and the rest of the sentence is kept as written.
A bullet under a lead-in ("Colleagues at the school shall:") takes the lead-in's subject and modal."""

from __future__ import annotations

import re

SUBJECT = (r"(?:all\s+|any\s+|other\s+)?(?:colleagues?|staff(?:\s+members?)?|members?\s+of\s+staff|employees?|"
           r"teachers?|governors?|volunteers?|adults?|you|they|headteachers?(?:\s*/\s*line\s+managers?)?|"
           r"line\s+managers?|everyone|those\s+working\s+with\s+children)"
           r"(?:\s+(?:at|in|working\s+(?:at|in|with)|of|employed\s+by)\s+(?:the\s+)?(?:school|children|pupils))?"
           r"(?:\s*\([^)]*\))?")
# modal -> the question a person asks about it (first match wins, so the negatives come first)
MODALS = (
    (r"must\s+not|must\s+never|should\s+not|should\s+never|shall\s+not|may\s+not|cannot|can\s+not|"
     r"are\s+not\s+(?:permitted|allowed)\s+to|are\s+(?:strongly\s+)?advised\s+not\s+to|never", "Can I"),
    (r"are\s+(?:strongly\s+)?advised\s+to|are\s+encouraged\s+to|are\s+recommended\s+to", "Should I"),
    (r"must|shall|should|are\s+(?:required|expected)\s+to|need\s+to|have\s+to|will", "Do I have to"),
    (r"may|can|are\s+(?:permitted|allowed|free)\s+to", "Can I"),
)
RULE = re.compile(rf"\b{SUBJECT}\s+({'|'.join(m for m, _ in MODALS)})\b\s*(.*)", re.IGNORECASE)
LEAD_IN = re.compile(rf"\b{SUBJECT}\s+({'|'.join(m for m, _ in MODALS)})\s*[:\-]?\s*$", re.IGNORECASE)
PRONOUNS = ((r"\btheir\s+own\b", "my own"), (r"\btheir\b", "my"), (r"\bthey\s+are\b", "I am"), (r"\bthey\b", "I"),
            (r"\bthemselves\b", "myself"), (r"\bhis\s*/\s*her\b", "my"), (r"\bhis\s+or\s+her\b", "my"),
            (r"\bthem\b", "them"))
SENTENCE = re.compile(r"(?<=[.;!?])\s+|\n+")
MAX_WORDS = 16
PER_CLAUSE = 3


def _question(modal: str) -> str:
    for pattern, question in MODALS:
        if re.fullmatch(pattern, modal.strip(), re.IGNORECASE):
            return question
    return "Can I"


def _phrase(rest: str) -> str:
    rest = re.split(r"\s+[-–—]\s+|\s*\(e\.g\.|[.;:!?]", rest, maxsplit=1)[0]
    words = rest.split()[:MAX_WORDS]
    text = " ".join(words).strip(" ,")
    for pattern, replacement in PRONOUNS:
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    return text


def rule_questions(text: str, lead_in: str = "") -> list[str]:
    """Up to PER_CLAUSE questions a person might ask about the rules in `text` (empty when it states none)."""
    out: list[str] = []
    lead = LEAD_IN.search(lead_in.strip()) if lead_in else None
    if lead:
        phrase = _phrase(text)
        if len(phrase.split()) >= 2:
            out.append(f"{_question(lead.group(1))} {phrase[0].lower() + phrase[1:]}?")
    for sentence in SENTENCE.split(text):
        for match in RULE.finditer(sentence):
            phrase = _phrase(match.group(2))
            if len(phrase.split()) >= 2:
                out.append(f"{_question(match.group(1))} {phrase}?")
    seen: list[str] = []
    for question in out:
        if question.lower() not in (s.lower() for s in seen):
            seen.append(question)
    return seen[:PER_CLAUSE]
