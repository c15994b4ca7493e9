"""The parents' FAQ: a data file of topics and questions (config/faq.yaml), answered for the public."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import ConfigError


@dataclass(frozen=True)
class Topic:
    title: str
    questions: tuple[str, ...]


def parse_faq(data, source: str) -> list[Topic]:
    """Validate the FAQ file: a list of {topic: text, questions: [text, ...]}."""
    if not isinstance(data, list):
        raise ConfigError(f"{source}: the FAQ file is a list of topics, each with 'topic' and 'questions'")
    topics = []
    for n, entry in enumerate(data, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("topic"), str):
            raise ConfigError(f"{source}: topic {n} needs a 'topic' title")
        questions = entry.get("questions")
        if not isinstance(questions, list) or not questions or not all(isinstance(q, str) and q.strip()
                                                                       for q in questions):
            raise ConfigError(f"{source}: topic '{entry['topic']}' needs a non-empty list of questions")
        topics.append(Topic(entry["topic"], tuple(q.strip() for q in questions)))
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


def answer_faq(engine, topics: list[Topic]) -> list[tuple[Topic, list[dict]]]:
    """Every FAQ question answered once, for parents (public documents only)."""
    return [(t, [engine.ask(q, audience="parent").to_dict() for q in t.questions]) for t in topics]
