"""Composing answers from hits: verdict first, verified quotes, what to do with the school's contacts,
statutory-vs-policy notes, abstention rules and escalation blocks."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import REAL_CORPUS

from assistant.answer.composer import OPENERS, STATUTORY, Library, compose
from assistant.answer.text import body
from assistant.contacts import Contact, load_school
from assistant.corpus.load import load_corpus
from assistant.settings import PROJECT_ROOT, Settings
from assistant.types import ConcernScore, Hit

SETTINGS = Settings()


@pytest.fixture(scope="module")
def library():
    corpus = load_corpus(REAL_CORPUS)
    school = load_school(PROJECT_ROOT / "config" / "school.yaml")
    contacts = dict(school.contacts)
    contacts["dsl"] = Contact("the Designated Safeguarding Lead (DSL)", "Ms A. Khan", "ext. 214")
    school = dataclasses.replace(school, contacts=contacts)
    return Library(corpus.clause_by_id(), {d.id: d for d in corpus.documents}, school,
                   {"policy:3.3(e)": ("Policy 3.3(e): Online safety is not in Annex C of KCSIE.",)},
                   {"child": ("gswp:6", "kcsie:part1-concerns-about-a-child"), "adult": ("policy:2.7",)})


def _hits(library, *pairs):
    return [Hit(library.clauses[cid], score=1.0 - n / 10, dense=cosine) for n, (cid, cosine) in enumerate(pairs)]


def _ask(library, question, *pairs, audience="staff", off_topic=-1.0, history=()):
    return compose(question, audience, _hits(library, *pairs), library, SETTINGS, history, off_topic)


def test_templates_have_only_known_placeholders():
    assert STATUTORY.count("{") == 2 and "{statutory}" in STATUTORY and "{policy}" in STATUTORY
    assert set(OPENERS) == {"prohibited", "discouraged", "conditional", "permitted", "required", "info"}


def test_verdict_first_then_both_clauses_then_what_to_do(library):
    answer = _ask(library, "Can I accept a friend request from a pupil?",
                  ("policy:4.1(2)", 0.71), ("policy:4.1(4)", 0.62))
    assert answer.verdict == "prohibited"
    assert answer.headline.startswith("No. Colleagues at the school must not accept pupils as friends")
    assert answer.headline.endswith("(Policy 4.1(2))")
    assert answer.governing.id == "policy:4.1(2)" and [c.id for c in answer.related] == ["policy:4.1(4)"]
    text = body(answer)
    assert "Also relevant:\n- \"" in text and "(Policy 4.1(4))" in text and "Also relevant" not in answer.headline
    assert answer.steps and text.index("What to do:") > text.index("Also relevant:")
    assert not any(c.related for c in answer.citations)


def test_steps_name_the_people_the_governing_clause_names_with_their_contacts(library):
    answer = _ask(library, "What should I do if a pupil sends me a friend request?", ("policy:4.1(4)", 0.7))
    assert answer.verdict == "required"
    assert "Ms A. Khan, ext. 214" in answer.steps[0] and "Headteacher" in answer.steps[0]
    lado = _ask(library, "Who do I contact about an allegation against a colleague?", ("policy:2.7", 0.7))
    assert any("01275 888808" in step for step in lado.steps), "the LADO route of policy 2.7 is given"


def test_parents_are_pointed_to_the_school_not_to_staff_line_managers(library):
    answer = _ask(library, "Will staff post photos of my child?", ("policy:4.1(8)", 0.7), audience="parent")
    assert len(answer.steps) == 1 and "Westhaven School" in answer.steps[0]
    assert "line manager" not in answer.steps[0]


def test_statutory_guidance_and_policy_are_shown_side_by_side_and_named(library):
    answer = _ask(library, "Where is the online safety guidance in KCSIE?",
                  ("kcsie:online-safety-location", 0.7), ("policy:3.3(e)", 0.66))
    assert any(n.startswith("Statutory guidance (schools must follow it): KCSIE 2026") for n in answer.notes)
    assert any("Policy 3.3(e)" in n and "school's own policy" in n for n in answer.notes)
    assert "Policy 3.3(e): Online safety is not in Annex C of KCSIE." in answer.notes
    only_policy = _ask(library, "Can I accept a friend request from a pupil?", ("policy:4.1(2)", 0.7))
    assert not any("Statutory" in n for n in only_policy.notes)


def test_weak_evidence_is_not_covered_with_related_clauses_and_the_policy_3_3_advice(library):
    answer = _ask(library, "When is the staff Christmas party?", ("policy:4.1(7)", 0.31))
    assert answer.verdict == "not_covered"
    assert answer.citations and all(c.related for c in answer.citations)
    assert "do not cover" in answer.headline and "related, not the answer" in answer.headline
    assert answer.governing is None and answer.related == answer.citations
    assert "Nearest related clauses:" in body(answer) and "Also relevant" not in body(answer)
    assert "Headteacher" in answer.steps[0] and "line manager" in answer.steps[0]
    assert answer.steps[0].endswith("(as Policy 3.3(i) asks)."), "the rule named in config/school.yaml"
    other = dataclasses.replace(library, school=dataclasses.replace(library.school, no_guidance_rule=""))
    assert _ask(other, "When is the staff Christmas party?", ("policy:4.1(7)", 0.31)).steps[0].endswith("unsure.")


def test_a_question_nearer_an_out_of_scope_topic_is_not_covered(library):
    pair = ("kcsie:part2-online-safety-in-child-protection-policy", SETTINGS.min_evidence + 0.04)
    assert _ask(library, "Can Year 7s keep their phones in lockers?", pair).verdict != "not_covered"
    far = _ask(library, "Can Year 7s keep their phones in lockers?", pair, off_topic=SETTINGS.min_evidence + 0.2)
    assert far.verdict == "not_covered"


def test_citations_below_the_margin_are_left_out(library):
    answer = _ask(library, "Can I accept a friend request from a pupil?",
                  ("policy:4.1(2)", 0.80), ("policy:2.1", 0.80 - SETTINGS.citation_margin - 0.01))
    assert [c.id for c in answer.citations] == ["policy:4.1(2)"]


def test_a_disclosure_gets_an_escalation_block_with_the_dsl_and_a_required_verdict(library):
    answer = _ask(library, "a Year 8 told me in a DM that someone at home locks her in her room",
                  ("kcsie:part1-concerns-about-a-child", 0.6))
    assert answer.escalation is not None and answer.verdict == "required"
    assert "Ms A. Khan" in answer.escalation.contact and "999" in answer.escalation.contact
    assert "Do not investigate" in answer.escalation.contact


def test_an_allegation_gets_the_lado_route(library):
    answer = _ask(library, "I'm uneasy about how a colleague talks to one particular pupil on Teams late at night",
                  ("kcsie:part1-concerns-about-staff", 0.6))
    assert answer.escalation is not None
    assert "01275 888808" in answer.escalation.contact and "Headteacher" in answer.escalation.contact


def test_html_and_markdown_in_a_question_stay_out_of_the_answer_text(library):
    answer = _ask(library, "<script>alert(1)</script> **Can I** accept a friend request from a pupil?",
                  ("policy:4.1(2)", 0.7))
    assert "<script>" not in body(answer) and "**" not in body(answer)


def test_a_concern_cites_the_procedure_after_the_best_rule_and_is_never_not_covered(library):
    answer = _ask(library, "A Year 9 showed me cuts on her arm last night, what should I do?",
                  ("policy:4.1(4)", 0.55))
    assert [c.id for c in answer.citations][:2] == ["policy:4.1(4)", "gswp:6"]
    weak = _ask(library, "A Year 9 showed me cuts on her arm last night", ("policy:4.1(4)", 0.2))
    assert weak.verdict == "required" and weak.citations[0].id == "gswp:6"


def test_the_procedure_comes_first_when_the_message_is_about_as_near_it_as_the_best_rule(library):
    question = "A Year 9 showed me cuts on her arm last night, what should I do?"
    near = _ask(library, question, ("policy:4.1(4)", 0.55), ("gswp:6", 0.50))
    assert [c.id for c in near.citations][:2] == ["gswp:6", "policy:4.1(4)"]
    far = _ask(library, question, ("policy:4.1(4)", 0.55), ("gswp:6", 0.40))
    assert [c.id for c in far.citations][:2] == ["policy:4.1(4)", "gswp:6"]


def test_parents_get_a_procedure_from_a_public_document(library):
    answer = _ask(library, "my son showed me a naked picture of a girl in his year being passed round",
                  ("kcsie:part1-child-on-child-abuse", 0.6), audience="parent")
    ids = [c.id for c in answer.citations]
    assert "kcsie:part1-concerns-about-a-child" in ids and "gswp:6" not in ids


@pytest.mark.parametrize("score,question,reminded", [
    (ConcernScore(0.5, "child"), "Can I reply to her DM? She said she'd had a rough weekend at home.", True),
    (ConcernScore(0.2, "child", 0.65, "adult"), "Can I reply to her DM? She said she'd had a rough weekend.", True),
    (ConcernScore(0.2, "child", 0.4, "child"), "Can I reply to her DM? She asked about homework.", False),
    (ConcernScore(0.5, "child"), "Planning a PSHE lesson on online safety: what should Year 8 know?", False),
])
def test_a_message_just_below_escalation_gets_a_reminder_to_tell_the_dsl(library, score, question, reminded):
    answer = compose(question, "staff", _hits(library, ("policy:4.1(2)", 0.6)), library, SETTINGS, (), -1.0, score)
    assert answer.escalation is None
    assert any("Ms A. Khan" in note and "today" in note for note in answer.notes) is reminded
    assert ("weigh it up alone" in body(answer)) is reminded


def test_an_escalated_answer_has_no_reminder_note(library):
    answer = compose("A Year 8 told me her stepdad hits her. What do I do?", "staff",
                     _hits(library, ("policy:4.1(2)", 0.6)), library, SETTINGS, (), -1.0, ConcernScore(0.95, "child"))
    assert answer.escalation is not None and not any("weigh it up alone" in note for note in answer.notes)


def test_a_ban_about_other_people_is_quoted_as_the_nearest_limit_not_as_a_no(library):
    answer = _ask(library, "Can I accept a friend request from a parent of a child in my class?",
                  ("policy:4.1(2)", 0.66), ("policy:2.4", 0.6))
    assert answer.verdict == "permitted"
    assert answer.headline.startswith("Yes. No rule in these sources bans this: the nearest one is about pupils, "
                                      "not parents")
    assert "must not accept pupils as friends" in answer.headline and answer.governing.id == "policy:4.1(2)"


def test_a_scope_clause_first_is_the_you_part_and_the_rule_after_it_decides(library):
    answer = _ask(library, "I'm a parent helper. Can I put photos of the pupils from the trip on my Facebook?",
                  ("policy:2.1", 0.7), ("policy:4.1(8)", 0.68))
    assert answer.verdict == "prohibited" and answer.governing.id == "policy:2.1"
    assert answer.headline.startswith("No. Colleagues at the school must not post or share photographs of pupils")
    assert "(Policy 4.1(8)) This applies to you: In this Policy 'colleague' means" in answer.headline


def test_a_scope_clause_alone_still_answers(library):
    answer = _ask(library, "Does the policy apply to parent helpers?", ("policy:2.1", 0.7))
    assert answer.governing.id == "policy:2.1" and "This applies to you" not in answer.headline
