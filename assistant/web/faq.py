"""The parents' FAQ (config/faq.yaml): reviewed answers, each with the verdict and the clauses it rests on.

The page shows the reviewed answer, not whatever the engine says today; tests/test_web_faq.py checks the engine's
answer against each entry's expected verdict and clauses (a scenario file in all but name), and the admin health page
lists any entry where they disagree, so a wrong engine answer is reported, never shown to parents nor hidden."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import ConfigError
from ..types import VERDICTS

KEYS = {"question", "id", "answer", "expected_verdict", "expected_clauses", "note", "quotes"}
PLACEHOLDERS = {"school", "dsl", "headteacher"}  # filled from config/school.yaml


@dataclass(frozen=True)
class Entry:
    id: str
    question: str
    answer: str  # plain words for parents; may name {school}, {dsl} or {headteacher}
    expected_verdict: str
    expected_clauses: tuple[str, ...]  # empty: the policy does not cover it
    note: str = ""  # for the policy owners: why the answer is what it is (never shown to parents)
    quotes: tuple[tuple[str, str], ...] = ()  # (clause id, verbatim part shown) where the whole clause is not


@dataclass(frozen=True)
class Topic:
    title: str
    entries: tuple[Entry, ...]

    @property
    def questions(self) -> tuple[str, ...]:
        return tuple(e.question for e in self.entries)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "question"


def _entry(raw, topic: str, source: str, seen: set[str]) -> Entry:
    where = f"{source}: topic '{topic}'"
    if not isinstance(raw, dict) or not isinstance(raw.get("question"), str) or not raw["question"].strip():
        raise ConfigError(f"{where}: each question is a mapping with 'question', 'answer', 'expected_verdict' and "
                          "'expected_clauses'")
    question = raw["question"].strip()
    where = f"{source}: question '{question}'"
    unknown = set(raw) - KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown keys {', '.join(sorted(unknown))}; use {', '.join(sorted(KEYS))}")
    answer = raw.get("answer")
    if not isinstance(answer, str) or not answer.strip():
        raise ConfigError(f"{where}: needs the reviewed 'answer' in plain words for parents")
    names = {field for _, field, _, _ in string.Formatter().parse(answer) if field is not None}
    if names - PLACEHOLDERS:
        raise ConfigError(f"{where}: the answer may name only {{school}}, {{dsl}} or {{headteacher}}, not "
                          + ", ".join(sorted(names - PLACEHOLDERS)))
    verdict = raw.get("expected_verdict")
    if verdict not in VERDICTS:
        raise ConfigError(f"{where}: expected_verdict must be one of {', '.join(VERDICTS)}")
    clauses = raw.get("expected_clauses")
    if not isinstance(clauses, list) or not all(isinstance(c, str) for c in clauses):
        raise ConfigError(f"{where}: expected_clauses must be a list of clause ids (empty if not covered)")
    if bool(clauses) == (verdict == "not_covered"):
        raise ConfigError(f"{where}: a not_covered answer has no clauses, and any other answer has at least one")
    quotes = raw.get("quotes") or {}
    if not isinstance(quotes, dict) or not all(isinstance(k, str) and isinstance(v, str) and k in clauses
                                               for k, v in quotes.items()):
        raise ConfigError(f"{where}: quotes maps expected clause ids to the verbatim part of the clause to show")
    entry_id = str(raw.get("id") or slug(question))
    if entry_id in seen:
        raise ConfigError(f"{where}: the id '{entry_id}' is used twice")
    seen.add(entry_id)
    return Entry(entry_id, question, answer.strip(), verdict, tuple(clauses), str(raw.get("note") or "").strip(),
                 tuple((k, " ".join(v.split())) for k, v in quotes.items()))


def parse_faq(data, source: str) -> list[Topic]:
    """Validate the FAQ file: a list of {topic: text, questions: [{question, answer, expected_verdict,
    expected_clauses}, ...]}."""
    if not isinstance(data, list):
        raise ConfigError(f"{source}: the FAQ file is a list of topics, each with 'topic' and 'questions'")
    topics, seen = [], set()
    for n, item in enumerate(data, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("topic"), str):
            raise ConfigError(f"{source}: topic {n} needs a 'topic' title")
        questions = item.get("questions")
        if not isinstance(questions, list) or not questions:
            raise ConfigError(f"{source}: topic '{item['topic']}' needs a non-empty list of questions")
        topics.append(Topic(item["topic"], tuple(_entry(q, item["topic"], source, seen) for q in questions)))
    return topics


def load_faq(path: Path) -> list[Topic]:
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"FAQ file not found: {path}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc})") from None
    return parse_faq(data, str(path))


def check_clauses(topics: list[Topic], clauses: dict, documents: dict, source: str) -> None:
    """Every expected clause exists and belongs to a public document (the FAQ is public)."""
    for entry in (e for t in topics for e in t.entries):
        for cid in entry.expected_clauses:
            clause = clauses.get(cid)
            if clause is None:
                raise ConfigError(f"{source}: question '{entry.question}' expects {cid}, which is not in the corpus")
            if documents[clause.doc].audience != "public":
                raise ConfigError(f"{source}: question '{entry.question}' expects {cid}, from a staff-only document")
        for cid, part in entry.quotes:
            if part not in " ".join(clauses[cid].text.split()):
                raise ConfigError(f"{source}: question '{entry.question}': the quote of {cid} is not its verbatim text")


def contact_words(school) -> dict[str, str]:
    """The placeholders an answer may use, from config/school.yaml; a blank name says how to find out."""
    def who(key: str) -> str:
        c = school.contact(key)
        if c.name:
            return ", ".join(p for p in (c.name, c.how) if p)
        return f"{c.role} (the school office can tell you who this is)"
    return {"school": school.name, "dsl": who("dsl"), "headteacher": who("headteacher")}


def engine_check(engine, entry: Entry) -> tuple[str, list[str], str]:
    """(engine verdict, engine citations, '' if it agrees with the reviewed entry else why not)."""
    answer = engine.ask(entry.question, audience="parent")
    cited = [c.id for c in answer.citations if not c.related]
    problems = []
    if answer.verdict != entry.expected_verdict:
        problems.append(f"verdict {answer.verdict}, reviewed {entry.expected_verdict}")
    if entry.expected_clauses and (not cited or cited[0] not in entry.expected_clauses):
        problems.append(f"rests on {cited[0] if cited else 'no clause'}, reviewed "
                        f"{' or '.join(entry.expected_clauses)}")
    return answer.verdict, cited, "; ".join(problems)


def faq_view(topics: list[Topic], clauses: dict, school, contact: str) -> list[dict]:
    """What the page shows: per topic, each entry with its verdict, reviewed answer, clause quotes and contact."""
    words = contact_words(school)
    return [{"title": t.title, "entries": [
        {"id": e.id, "question": e.question, "verdict": e.expected_verdict, "answer": e.answer.format_map(words),
         "contact": contact,
         "clauses": [_quoted(cid, clauses[cid], dict(e.quotes)) for cid in e.expected_clauses]}
        for e in t.entries]} for t in topics]


def _quoted(cid: str, clause, quotes: dict[str, str]) -> dict:
    """A clause as the FAQ quotes it: whole, or the reviewed part with an ellipsis where text is left out."""
    whole = " ".join(clause.text.split())
    part = quotes.get(cid, whole)
    return {"id": cid, "label": clause.label, "text": part, "cut_before": not whole.startswith(part),
            "cut_after": not whole.endswith(part)}
