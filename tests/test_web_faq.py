"""The parents' FAQ data file."""

from __future__ import annotations

import pytest

from assistant.errors import ConfigError
from assistant.settings import Settings
from assistant.web.faq import load_faq, parse_faq

ASKED = ["Can my child's teacher follow them on Instagram?",
         "What do I do if a member of staff messages my child privately?",
         "Will staff post photos of my child?", "How do I raise a concern about a member of staff?"]


def test_shipped_faq_has_the_questions_parents_ask():
    topics = load_faq(Settings().faq_file)
    questions = [q for t in topics for q in t.questions]
    assert set(ASKED) <= set(questions) and len(topics) >= 3


@pytest.mark.parametrize("data", [{"topic": "x"}, [{"questions": ["q"]}], [{"topic": "x", "questions": []}],
                                  [{"topic": "x", "questions": [""]}]],
                         ids=["not-a-list", "no-title", "no-questions", "empty-question"])
def test_bad_faq_files_name_the_problem(data):
    with pytest.raises(ConfigError, match="faq.yaml"):
        parse_faq(data, "faq.yaml")


def test_missing_faq_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_faq(tmp_path / "faq.yaml")
