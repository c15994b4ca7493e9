"""The three renderers of one Answer (terminal text, HTML, JSON) agree on its parts, and none parses another."""

from __future__ import annotations

import json
import re

from assistant.answer.text import body, tag
from assistant.types import VERDICT_TABLE, Answer, Citation, Escalation
from assistant.web.render import BADGES, answer_html

ANSWER = Answer(
    "q", "staff", "required", "You must act on this. First <quote>. (KCSIE 2025: Disclosures, our summary)",
    (Citation("kcsie:part1-responding-to-disclosure", "KCSIE 2025: Disclosures", "First <quote>.", 0.7, summary=True),
     Citation("policy:4.1(4)", "Policy 4.1(4)", "Second quote.", 0.6)),
    Escalation("Act now, today.", "Speak to the DSL <today>."), notes=("A note.",), steps=("Tell the DSL.",))


def test_every_renderer_shows_every_part_once():
    text, page, data = body(ANSWER), answer_html(ANSWER.to_dict()), ANSWER.to_dict()
    for part in ("Second quote.", "Tell the DSL.", "A note."):
        assert text.count(part) == 1 and page.count(part) == 1 and json.dumps(data).count(part) == 1, part
    assert data["answer"] == ANSWER.headline and "\n" not in data["answer"]
    assert '- "Second quote." (Policy 4.1(4))' in text


def test_the_html_escapes_and_marks_the_escalation_and_verdict():
    page = answer_html(ANSWER.to_dict())
    assert "<quote>" not in page and "&lt;quote&gt;" in page and "&lt;today&gt;" in page
    assert '<div class="pa-escalation" role="alert" data-escalation>' in page
    assert re.search(r'<span class="pa-badge must[^"]*" data-verdict="required">You must</span>', page)


def test_one_verdict_table_behind_the_badges_and_the_tags():
    assert list(BADGES) == list(VERDICT_TABLE)
    assert [tag(v) for v in VERDICT_TABLE] == ["[NO]", "[ADVISED AGAINST]", "[YES, IF]", "[YES]", "[YOU MUST]",
                                               "[INFORMATION]", "[NOT COVERED]"]
