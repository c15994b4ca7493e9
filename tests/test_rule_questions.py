"""Questions made from a clause's own rule, and the example-row discount (both off by default; see settings)."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.corpus.passages import dense_rows
from assistant.corpus.questions import rule_questions
from assistant.types import Clause


@pytest.mark.parametrize(("text", "lead_in", "expected"), [
    ("Colleagues at the school must not accept pupils as friends.", "", "Can I accept pupils as friends?"),
    ("Staff should report any approach from a pupil to the DSL.", "", "Do I have to report any approach from a pupil "
                                                                      "to the DSL?"),
    ("All colleagues are strongly advised to set their privacy settings to maximum.", "",
     "Should I set my privacy settings to maximum?"),
    ("Governors may use their own accounts to share school news.", "", "Can I use my own accounts to share school "
                                                                         "news?"),
    ("Report any concerns to the Headteacher.", "Colleagues at the school shall:",
     "Do I have to report any concerns to the Headteacher?"),
])
def test_a_rule_becomes_the_question_people_ask(text, lead_in, expected):
    assert expected in rule_questions(text, lead_in)


@pytest.mark.parametrize("text", ["The policy was approved by the governing body in March.",
                                  "Social networking sites include Facebook, Instagram and TikTok."])
def test_a_statement_without_a_rule_gives_no_question(text):
    assert rule_questions(text) == []


def test_rule_questions_are_rows_only_when_asked_for():
    clause = Clause(doc="policy", clause="4.1(2)", text="Colleagues must not accept pupils as friends.",
                    label="Policy 4.1(2)")
    plain_texts, plain_owners = dense_rows([clause], {})
    texts, owners = dense_rows([clause], {}, rule_questions=True)
    assert len(plain_texts) == 1 and plain_owners == [0]
    assert texts[1:] == ["Can I accept pupils as friends?"] and owners == [0, 0]


def test_the_discount_applies_to_hand_written_example_rows_only():
    from assistant.retrieve.hybrid import _discounted

    class Index:
        clause_ids = ["a", "b"]
        example_rows = (2, 4)  # rows 2-3: example questions; row 4: a rule question

    sims = np.array([0.5, 0.5, 0.5, 0.5, 0.5], dtype=np.float32)
    out = _discounted(sims, np.arange(5), Index(), 0.1)
    assert np.allclose(out, [0.5, 0.5, 0.4, 0.4, 0.5])
    assert _discounted(sims, np.arange(5), Index(), 0.0) is sims
