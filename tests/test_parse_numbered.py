"""The numbered-document parser on the school's real policy and on small malformed documents."""

from __future__ import annotations

import pytest
from conftest import REAL_CORPUS

from assistant.corpus.parse_numbered import parse_numbered
from assistant.errors import CorpusError


@pytest.fixture(scope="module")
def policy():
    doc = parse_numbered((REAL_CORPUS / "policy.txt").read_text(encoding="utf-8"), "policy.txt")
    return {c.clause: c for c in doc.clauses}, doc


CONTRACT_IDS = (["2.1", "2.3", "2.3#2", "4.1", "4.1(3)", "5.1(6)", "6.1", "7.0", "8.1", "5.1"]
                + [f"4.1({n})" for n in range(1, 16)] + [f"5.1({n})" for n in range(1, 7)]
                + [f"3.3({c})" for c in "abcdefghijklmn"] + [f"2.7({c})" for c in "abcd"]
                + [f"1.1({c})" for c in "abcde"] + [f"7.0({c})" for c in "abcdefghi"]
                + [f"8.1({c})" for c in "abcdefghijkl"] + ["3.1(b)", "3.2(e)", "3.4(a)"])


@pytest.mark.parametrize("clause", CONTRACT_IDS)
def test_contract_ids_exist(policy, clause):
    clauses, _ = policy
    assert clause in clauses
    assert clauses[clause].text.strip()


@pytest.mark.parametrize("clause,start,end", [
    ("4.1(8)", "Colleagues at the school must not post or share photographs of pupils",
     "without their express permission;"),
    ("4.1(2)", "Colleagues at the school must not accept pupils as friends", "vulnerable to allegations;"),
    ("4.1", "All colleagues at the school should follow", "Failure to do so will be regarded as a serious matter."),
    ("2.3", "In this Policy 'pupil' should", "not facilitated directly or indirectly by the school."),
    ("2.3#2", "This Policy will be part of the Induction programme", "shared with all existing colleagues."),
    ("3.3(l)", "Keep a professional distance from pupils and ex-pupils", "pupils and ex-pupils of school age."),
    ("5.1(6)", "Colleagues at the school must not request or respond", "approved by the school."),
    ("6.1", "Managers must not discriminate", "when applying this Policy."),
])
def test_clause_boundaries(policy, clause, start, end):
    text = policy[0][clause].text
    assert text.startswith(start)
    assert text.endswith(end)


def test_preamble_holds_the_please_note_text_and_not_the_items(policy):
    text = policy[0]["4.1"].text
    assert "Please note: if a colleague at the school believes" in text
    assert "must not accept pupils as friends" not in text


def test_sub_bullets_stay_inside_their_item(policy):
    clauses = policy[0]
    assert "- he/she must not discuss pupils, colleagues, parents or carers and" in clauses["4.1(7)"].text
    assert "- o their own on-line activity" in clauses["4.1(15)"].text
    assert "4.1(16)" not in clauses


def test_page_break_inside_a_sentence_is_joined(policy):
    assert "does not refer to social media searches, only online searches." in policy[0]["4.2"].text


def test_text_after_bullets_belongs_to_the_paragraph(policy):
    clauses = policy[0]
    assert "(LADO) must be contacted via the Social Care's Single Point of Access on 01275 888808" \
        in clauses["2.7"].text
    assert "LADO" not in clauses["2.7(d)"].text


def test_front_matter_and_sections(policy):
    _, doc = policy
    assert doc.title == "Social Media and Networking Policy"
    assert doc.front_matter["Date of next review"] == "21/03/2026"
    assert [s.number for s in doc.sections] == [f"{n}.0" for n in range(1, 9)]
    assert doc.sections[4].title.startswith("USE OF SCHOOL SITES, PAGES AND SPACES [include this Section")


def test_items_know_their_section_and_parent(policy):
    item = policy[0]["4.1(2)"]
    assert item.section.startswith("4.0 USE OF SOCIAL NETWORKING SITES")
    assert item.parent.startswith("All colleagues at the school should follow")
    assert item.kind == "item"


def test_item_outside_any_paragraph_names_file_and_line():
    text = "Title\n\n1.0 INTRODUCTION\n\n1. A numbered item with no paragraph\n"
    with pytest.raises(CorpusError, match=r"doc\.txt:5: numbered item '1\.' is outside any paragraph"):
        parse_numbered(text, "doc.txt")


def test_duplicate_item_number_is_an_error():
    text = "1.0 RULES\n1.1 Staff should:\n1. Do this;\n2. Do that;\n2. Do that again;\n"
    with pytest.raises(CorpusError, match=r"x\.txt:5: clause id '1\.1\(2\)' is used twice \(first on line 4\)"):
        parse_numbered(text, "x.txt")


def test_duplicate_paragraph_numbers_are_disambiguated():
    text = "1.0 RULES\n1.1 First.\n1.1 Second.\n1.1 Third.\n"
    ids = [c.clause for c in parse_numbered(text).clauses]
    assert ids == ["1.1", "1.1#2", "1.1#3"]


def test_text_before_the_first_section_is_rejected():
    with pytest.raises(CorpusError, match=r"d\.txt:2: text before the first numbered section"):
        parse_numbered("A title\nSome stray prose\n1.0 INTRO\n1.1 Text.\n", "d.txt")


def test_document_without_sections_is_rejected():
    with pytest.raises(CorpusError, match="no numbered section heading"):
        parse_numbered("Just a title\n", "e.txt")


def test_bullets_of_a_section_make_the_section_a_clause():
    doc = parse_numbered("9.0 RELATED\n- One policy\n- Another policy\n")
    assert [c.clause for c in doc.clauses] == ["9.0", "9.0(a)", "9.0(b)"]
