"""The answer object as HTML: escalation first, badge, escaped text, linked citations."""

from __future__ import annotations

import html

from assistant.web.render import answer_html, clause_link

ANSWER = {
    "question": "q", "audience": "staff", "verdict": "prohibited",
    "answer": "No. <b>must not</b> (Policy 4.1(2))",
    "citations": [{"id": "policy:4.1(2)", "label": "Policy 4.1(2)", "quote": "must not <i>", "score": 0.8}],
    "escalation": {"reason": "A child may be at risk", "contact": "Call the DSL <now>"},
    "steps": ["Tell the DSL."], "notes": ["A note."], "mode": "extractive",
}


def test_escalation_comes_first_then_the_badge():
    page = answer_html(ANSWER)
    assert page.index("pa-escalation") < page.index("pa-badge") < page.index("must not")
    assert '<span class="pa-badge no pa-v-prohibited" data-verdict="prohibited">No</span>' in page


def test_everything_is_escaped():
    page = answer_html(ANSWER)
    assert "<b>" not in page and "&lt;b&gt;" in page and "&lt;now&gt;" in page and "&lt;i&gt;" in page


def test_citations_link_to_the_clause_viewer():
    assert f'href="{clause_link("policy:4.1(2)")}"' in answer_html(ANSWER)
    assert clause_link("policy:4.1(2)") == "/clause/policy:4.1%282%29#c"


def test_steps_and_notes_are_shown_once_as_lists():
    page = answer_html(ANSWER)
    assert page.count("Tell the DSL.") == 1 and page.count("A note.") == 1
    assert "<li>Tell the DSL.</li>" in page


def test_not_covered_lists_related_clauses_as_not_an_answer():
    page = answer_html({**ANSWER, "verdict": "not_covered", "escalation": None,
                        "citations": [{**ANSWER["citations"][0], "related": True}]})
    assert "Related clauses (not an answer)" in page and "Not covered" in page


class StubEngine:
    def __init__(self):
        from types import SimpleNamespace

        self.calls = []
        self.documents = {}  # the chat's heading names the school's policy from these (none: 'the policy')
        self.library = SimpleNamespace(school=SimpleNamespace(name="Test School"))

    def ask(self, question, audience="staff", history=()):
        from assistant.errors import QuestionError
        from assistant.types import Answer

        self.calls.append((question, audience, tuple(history)))
        if question == "boom":
            raise QuestionError("the question is empty")
        return Answer(question, audience, "permitted", "Yes.")


def test_chat_turns_carry_earlier_questions_as_history():
    from assistant.web.staff_ui import answer_turn

    engine = StubEngine()
    chat, turns = answer_turn(engine, "Can I use WhatsApp with parents?", [], [])
    chat, turns = answer_turn(engine, "what about pupils?", chat, turns)
    assert engine.calls[1] == ("what about pupils?", "staff", ("Can I use WhatsApp with parents?",))
    assert [m["role"] for m in chat] == ["user", "assistant"] * 2 and len(turns) == 2
    chat, turns = answer_turn(engine, "boom", chat, turns)
    assert "Sorry" in chat[-1]["content"] and turns[-1]["verdict"] == "error"


def test_chat_shows_the_question_as_text():
    from assistant.web.staff_ui import answer_turn

    chat, _ = answer_turn(StubEngine(), "<img src=x onerror=alert(1)> ![y](http://example.test/p.png)", [], [])
    shown = chat[0]["content"]
    assert "<img" not in shown and "![" not in shown and "](" not in shown  # neither HTML nor markdown
    assert shown.startswith("&#60;img src&#61;x onerror&#61;alert&#40;1&#41;&#62;")
    assert html.unescape(shown) == "<img src=x onerror=alert(1)> ![y](http://example.test/p.png)"


def test_a_composed_answer_shows_each_part_once():
    from assistant.answer.text import body
    from assistant.types import Answer, Citation

    answer = Answer("q", "staff", "prohibited", "No. First quote. (Policy 4.1(2))",
                    (Citation("policy:4.1(2)", "Policy 4.1(2)", "First quote.", 0.8),
                     Citation("policy:4.1(4)", "Policy 4.1(4)", "Second quote.", 0.7)),
                    steps=("Tell the DSL.",), notes=("A note.",))
    page = answer_html(answer.to_dict())
    for part in ("Second quote.", "Tell the DSL.", "A note."):
        assert body(answer).count(part) == 1 and page.count(part) == 1, part
    assert "Also relevant" in body(answer) and "Also relevant" not in page


def test_rating_then_commenting_stores_the_comment_on_the_rated_answer(tmp_path):
    """The natural order: thumb first, comment after; the comment lands on that answer, not the next rating."""
    from types import SimpleNamespace

    from assistant.web.feedback import FeedbackStore
    from assistant.web.staff_ui import answer_turn, build_staff_ui

    store = FeedbackStore(tmp_path / "f.sqlite3")
    svc = SimpleNamespace(engine=StubEngine(), feedback=store, settings=SimpleNamespace(feedback_days=30))
    blocks = build_staff_ui(svc)
    fns = {fn.name: fn.fn for fn in blocks.fns.values()}
    chat, turns = answer_turn(svc.engine, "Can I friend a pupil?", [], [])
    chat, turns = answer_turn(svc.engine, "what about their parents?", chat, turns)
    request = SimpleNamespace(username="j.smith")
    cleared, status, rated = fns["rate"](turns, "", SimpleNamespace(index=[3, 0], liked=False), request)
    assert "what about their parents?" in status and rated
    cleared, status = fns["save_comment"](rated, "wrong clause", request)
    assert "Comment saved" in status
    [row] = store.recent()
    assert (row["question"], row["rating"], row["comment"], row["context"]) == (
        "what about their parents?", -1, "wrong clause", ["Can I friend a pupil?"])
    assert fns["new_conversation"]()[5] is None  # a new conversation forgets the rated answer


def test_a_quoted_sentence_is_shown_inside_its_whole_clause():
    from types import SimpleNamespace

    clause = SimpleNamespace(text="Colleagues are strongly advised not to be friends with recent pupils. Where a "
                                  "colleague is considering not following this advice, they must discuss it.")
    answer = {**ANSWER, "citations": [{"id": "policy:4.1(3)", "label": "Policy 4.1(3)", "score": 0.7,
                                       "quote": "Where a colleague is considering not following this advice,"}]}
    page = answer_html(answer, clauses={"policy:4.1(3)": clause})
    assert "strongly advised not to be friends with recent pupils. <mark>Where a colleague" in page
    assert "<mark>" not in answer_html(answer)  # without the clause text, the quote alone
