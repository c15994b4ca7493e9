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


ENTRY = {"question": "Q?", "answer": "No.", "expected_verdict": "prohibited", "expected_clauses": ["policy:4.1(2)"]}


@pytest.mark.parametrize(("change", "problem"), [
    ({"answer": ""}, "reviewed 'answer'"), ({"expected_verdict": "maybe"}, "expected_verdict"),
    ({"expected_clauses": "policy:4.1(2)"}, "expected_clauses"), ({"expected_clauses": []}, "not_covered"),
    ({"answer": "Ask {lado}"}, "may name only"), ({"colour": "red"}, "unknown keys")],
    ids=["no-answer", "bad-verdict", "clauses-not-a-list", "verdict-without-clauses", "unknown-placeholder",
         "unknown-key"])
def test_every_faq_entry_names_its_reviewed_answer_verdict_and_clauses(change, problem):
    with pytest.raises(ConfigError, match=problem):
        parse_faq([{"topic": "x", "questions": [{**ENTRY, **change}]}], "faq.yaml")


def test_the_shipped_faq_loads_to_what_its_yaml_says():
    """The pydantic model reads config/faq.yaml as the hand-written checks did."""
    import yaml

    from assistant.web.faq import Entry, Topic, slug

    raw = yaml.safe_load(Settings().faq_file.read_text(encoding="utf-8"))
    expected = [Topic(t["topic"], tuple(
        Entry(str(q.get("id") or slug(q["question"].strip())), q["question"].strip(), q["answer"].strip(),
              q["expected_verdict"], tuple(q["expected_clauses"]), str(q.get("note") or "").strip(),
              tuple((k, " ".join(v.split())) for k, v in (q.get("quotes") or {}).items()))
        for q in t["questions"])) for t in raw]
    assert load_faq(Settings().faq_file) == expected
    assert any(e.quotes for t in expected for e in t.entries) and any(e.note for t in expected for e in t.entries)


FILE = ('- topic: Photos\n  questions:\n    - question: "Q?"\n      answer: "No."\n      expected_verdict: prohibited\n'
        '      expected_clauses: ["policy:4.1(2)"]\n')


@pytest.mark.parametrize(("old", "new", "message"), [
    ('"No."', '"Ask {lado}"', r"faq\.yaml:4: question 'Q\?': the answer may name only \{school\}, \{dsl\} or "
                               r"\{headteacher\}, not lado$"),
    ('"No."', '"Ask {lado"', r"faq\.yaml:4: question 'Q\?': answer is not a valid template"),
    ("prohibited", "maybe", r"faq\.yaml:5: question 'Q\?': expected_verdict must be one of prohibited, "),
    ('["policy:4.1(2)"]', "[]", r"faq\.yaml:6: question 'Q\?': a not_covered answer has no clauses"),
    ('["policy:4.1(2)"]\n', '["policy:4.1(2)"]\n      colour: red\n',
     r"faq\.yaml:7: question 'Q\?': unknown keys colour; use answer, expected_clauses, "),
    ('["policy:4.1(2)"]\n', '["policy:4.1(2)"]\n      quotes: {"policy:9.9": x}\n',
     r"faq\.yaml:7: question 'Q\?': quotes maps expected clause ids"),
    ("  questions:", "  colour: red\n  questions:", r"faq\.yaml:2: topic 'Photos': unknown keys colour; use questions"),
    ("- topic: Photos\n", "- questions: []\n  topic_: x\n", r"faq\.yaml:1: topic 1: needs a 'topic' title"),
], ids=["placeholder", "template", "verdict", "clauses", "unknown-key", "quotes", "topic-key", "no-title"])
def test_a_faq_mistake_names_the_file_line_question_and_key(tmp_path, old, new, message):
    path = tmp_path / "faq.yaml"
    assert old in FILE
    path.write_text(FILE.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_faq(path)


def test_a_faq_file_that_is_not_yaml_names_the_line(tmp_path):
    path = tmp_path / "faq.yaml"
    path.write_text("- topic: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"faq\.yaml:2: not valid YAML"):
        load_faq(path)


def _shipped():
    return [e for t in load_faq(Settings().faq_file) for e in t.entries]


def test_shipped_faq_clauses_exist_and_are_public():
    from assistant.corpus import load_corpus
    from assistant.web.faq import check_clauses

    corpus = load_corpus(Settings().corpus_dir)
    clauses = {c.id: c for c in corpus.clauses}
    check_clauses(load_faq(Settings().faq_file), clauses, {d.id: d for d in corpus.documents}, "faq.yaml")
    first = _shipped()[0]
    assert first.question == "Can my child's teacher follow them on Instagram?"
    assert (first.expected_verdict, first.expected_clauses) == ("prohibited", ("policy:4.1(2)",))


def test_the_dsl_answer_names_the_contact_from_school_yaml():
    from assistant.contacts import Contact, School
    from assistant.web.faq import contact_words

    entry = next(e for e in _shipped() if e.question == "Who is the designated safeguarding lead?")
    school = School("Example School", {"dsl": Contact("the DSL", "Ms Placeholder", "ext. 000"),
                                       "headteacher": Contact("the Headteacher")})
    words = entry.answer.format_map(contact_words(school))
    assert "Ms Placeholder, ext. 000" in words and "Example School" in words


# The assistant's own answers that differ from the reviewed ones: reported here and on /admin/health, never shown
# to parents (the page shows the reviewed answer). A strict xfail turns into a failure when the engine improves,
# so this list is kept true.
ENGINE_DIFFERS = {
    "Can my child's teacher follow them on Instagram?": "answers discouraged from 4.1(3) (recent pupils)",
    "Can I post photos of a school event that show other children?": "answers prohibited from 4.1(6) (staff rule)",
    "Where can I get help if my child sees something upsetting online?": "rests on 3.3(f), a duty of staff",
}


@pytest.mark.integration
@pytest.mark.parametrize("entry", [
    pytest.param(e, id=e.id, marks=[pytest.mark.xfail(strict=True, reason=ENGINE_DIFFERS[e.question])]
                 if e.question in ENGINE_DIFFERS else []) for e in _shipped()])
def test_the_engine_agrees_with_each_reviewed_faq_answer(real_engine, entry):
    from assistant.web.faq import engine_check

    verdict, cited, problem = engine_check(real_engine, entry)
    assert not problem, f"{entry.question}: {problem}"


def test_a_quote_must_be_the_clause_s_verbatim_text():
    from types import SimpleNamespace

    from assistant.web.faq import check_clauses

    topics = parse_faq([{"topic": "x", "questions": [{**ENTRY, "quotes": {"policy:4.1(2)": "must not befriend"}}]}],
                       "faq.yaml")
    clauses = {"policy:4.1(2)": SimpleNamespace(doc="policy", text="Colleagues must not accept pupils as friends")}
    with pytest.raises(ConfigError, match="not its verbatim text"):
        check_clauses(topics, clauses, {"policy": SimpleNamespace(audience="public")}, "faq.yaml")
