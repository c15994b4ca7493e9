"""The parents' FAQ (config/faq.yaml): reviewed answers, each with the verdict and the clauses it rests on.

The page shows the reviewed answer, not whatever the engine says today; tests/test_web_faq.py checks the engine's
answer against each entry's expected verdict and clauses (a scenario file in all but name), and the admin health page
lists any entry where they disagree, so a wrong engine answer is reported, never shown to parents nor hidden."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainValidator,
    RootModel,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ..errors import ConfigError
from ..types import VERDICTS
from ..yamltext import BadYaml, Wording, check, once, one_of, read_yaml, refuse, scalar_text

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


# --- the file's model (pydantic: the web app has it loaded already, through gradio and config/school.yaml) ------


def _answer(value):
    if not isinstance(value, str) or not value.strip():
        raise refuse("needs the reviewed 'answer' in plain words for parents", keyed=False)
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError:
        raise refuse("is not a valid template: write { and } only around school, dsl or headteacher") from None
    if names - PLACEHOLDERS:
        raise refuse("the answer may name only {school}, {dsl} or {headteacher}, not "
                     + ", ".join(sorted(names - PLACEHOLDERS)), keyed=False)
    return value.strip()


def _clause_ids(value):
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        raise refuse("must be a list of clause ids (empty if not covered)")
    return tuple(value)


class _Question(BaseModel):
    """One reviewed question: the answer parents see, and the verdict and clauses it rests on."""

    model_config = ConfigDict(extra="forbid")

    question: Annotated[str, AfterValidator(str.strip)]
    id: Annotated[str | None, BeforeValidator(scalar_text)] = None  # default: slug(question)
    answer: Annotated[str, PlainValidator(_answer)]
    expected_verdict: Annotated[str, AfterValidator(one_of(VERDICTS))]
    expected_clauses: Annotated[tuple[str, ...], PlainValidator(_clause_ids)]
    note: Annotated[str, BeforeValidator(lambda v: scalar_text(v or ""))] = ""  # for the policy owners only
    quotes: Annotated[dict[str, str], BeforeValidator(lambda v: v or {})] = {}

    @model_validator(mode="before")
    @classmethod
    def _a_question(cls, data):
        if not isinstance(data, dict) or not isinstance(data.get("question"), str) or not data["question"].strip():
            raise refuse("each question is a mapping with 'question', 'answer', 'expected_verdict' and "
                         "'expected_clauses'", keyed=False)
        return data

    @field_validator("expected_clauses")
    @classmethod
    def _clauses_fit_the_verdict(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        verdict = info.data.get("expected_verdict")
        if verdict is not None and bool(value) == (verdict == "not_covered"):
            raise refuse("a not_covered answer has no clauses, and any other answer has at least one", keyed=False)
        return value

    @field_validator("quotes", mode="wrap")
    @classmethod
    def _quotes_of_expected_clauses(cls, value, handler, info: ValidationInfo) -> dict[str, str]:
        problem = refuse("quotes maps expected clause ids to the verbatim part of the clause to show", keyed=False)
        try:
            quotes = handler(value)
        except ValueError:
            raise problem from None
        if any(k not in info.data.get("expected_clauses", ()) for k in quotes):
            raise problem
        return quotes

    @model_validator(mode="after")
    def _once(self, info: ValidationInfo):
        entry_id = self.id or slug(self.question)
        once(entry_id, info, f"the id '{entry_id}' is used twice")
        return self


class _Topic(BaseModel):
    model_config = ConfigDict(extra="forbid")

    topic: str
    questions: list[_Question]

    @field_validator("questions", mode="before")
    @classmethod
    def _some(cls, value):
        if not isinstance(value, list) or not value:
            raise refuse("needs a non-empty list of questions", keyed=False)
        return value


class _FaqFile(RootModel[list[_Topic]]):
    """config/faq.yaml: a list of {topic: text, questions: [{question, answer, expected_verdict, expected_clauses,
    id, note, quotes}, ...]}."""

    @model_validator(mode="before")
    @classmethod
    def _shape(cls, data):
        if not isinstance(data, list):
            raise refuse("the FAQ file is a list of topics, each with 'topic' and 'questions'", keyed=False)
        return data


def _wording(data) -> Wording:
    """A mistake names its topic ('topic 2', or by its title) or its question (by its text)."""
    def item(items, n):
        return items[n] if isinstance(items, list) and isinstance(n, int) and n < len(items) else None

    def place(loc: tuple) -> tuple[str, int]:
        topic = item(data, loc[0]) if loc else None
        if topic is None:
            return "", 0
        title = topic.get("topic") if isinstance(topic, dict) else None
        named = f"topic '{title}'" if isinstance(title, str) else f"topic {loc[0] + 1}"
        if len(loc) < 3 or loc[1] != "questions":
            return named, 1
        question = item(topic.get("questions"), loc[2])
        text = question.get("question") if isinstance(question, dict) else None
        return (f"question '{text.strip()}'" if isinstance(text, str) and text.strip() else named), 3

    def missing(entry: tuple, keys: list[str]) -> str:
        return "needs a 'topic' title" if keys == ["topic"] else f"missing {', '.join(keys)}"

    def unknown(entry: tuple, keys: list[str]) -> str:
        allowed = _Question.model_fields if len(entry) == 3 else _Topic.model_fields
        return f"unknown keys {', '.join(keys)}; use {', '.join(sorted(allowed))}"
    return Wording(place, missing, unknown)


def parse_faq(data, source: str, text=None) -> list[Topic]:
    """Validate the FAQ file (_FaqFile); a mistake names the file, the topic or question and the key, and the line
    when `text` (the file's YAML, or a callable giving it) is given."""
    topics = check(_FaqFile, data, source, ConfigError, text, _wording(data), {"seen": set()})
    return [Topic(t.topic, tuple(Entry(q.id or slug(q.question), q.question, q.answer, q.expected_verdict,
                                       q.expected_clauses, q.note.strip(),
                                       tuple((k, " ".join(v.split())) for k, v in q.quotes.items()))
                                 for q in t.questions)) for t in topics.root]


def load_faq(path: Path) -> list[Topic]:
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"FAQ file not found: {path}")
    try:
        data = read_yaml(path)
    except BadYaml as exc:
        raise ConfigError(f"{path}{f':{exc.line}' if exc.line else ''}: {exc}") from None
    return parse_faq(data, str(path), lambda: path.read_text(encoding="utf-8"))


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
