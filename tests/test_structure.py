"""Documents without their own numbering: structure out of .docx/.html/.pdf/.txt, clauses by section with stable
ids, lead-ins as parents, table rows, forms kept out of the index, labels that name the section."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from structure_docs import (
    GLYPH_RULES,
    INTRO,
    SOCIAL_BULLETS,
    SOCIAL_LEAD,
    online_safety_docx,
    online_safety_html,
    online_safety_pdf,
)

from assistant.cli import cli
from assistant.corpus.blocks import Block
from assistant.corpus.load import load_corpus
from assistant.corpus.parse_marked import parse_marked
from assistant.corpus.structure import build, convert, label_fields, slugify, write_marked
from assistant.errors import CorpusError
from assistant.types import Document

SOCIAL = "social-media-protecting-professional-identity"


def clauses_of(path: Path):
    normalised = convert(path)
    assert normalised.format == "marked" and normalised.scheme == "sections"
    parsed = parse_marked(normalised.text)
    return parsed, {c.clause: c for c in parsed.clauses}


def labels(parsed, title: str = "Online Safety Policy") -> dict[str, str]:
    doc = Document("osp", title, "osp.txt", "marked", "school policy", "staff", "1", f"{title} {{clause}}",
                   f"{title}, {{section}}, point {{point}}")
    fields = label_fields(parsed)
    return {c.clause: doc.clause_label(c.clause, c.title, **fields[c.clause]) for c in parsed.clauses}


@pytest.fixture(scope="module")
def docx_policy(tmp_path_factory):
    """The Word policy's clauses, made and read once for the tests that only read them."""
    return clauses_of(online_safety_docx(tmp_path_factory.mktemp("docx-policy") / "osp.docx"))


def test_word_headings_are_sections_never_clauses(docx_policy):
    parsed, by_id = docx_policy
    headings = {"Policy Statement", "Schedule for Monitoring", "Roles and Responsibilities", "Pupils", "Pupils:",
                "Parents and carers", "Personal use", "Contents", "Mobile Phones"}
    assert not [c for c in parsed.clauses if c.text.strip().rstrip(":") in headings]
    assert parsed.title == "Online Safety Policy"
    assert parsed.front_matter == {"Approved by": "Full Governing Body", "Next review": "September 2027"}
    assert by_id["policy-statement(1)"].text == INTRO and by_id["policy-statement(1)"].section == "Policy Statement"
    assert by_id["schedule-for-monitoring(1)"].text.startswith("The implementation of this policy")
    assert not any("...." in c.text or c.text.startswith("Policy Statement") for c in parsed.clauses)  # contents
    assert by_id["personal-use(1)"].section == "Social media - protecting professional identity > Personal use"


def test_a_lead_in_is_a_clause_and_the_parent_of_each_bullet(docx_policy):
    parsed, by_id = docx_policy
    lead = by_id[f"{SOCIAL}(3)"]
    assert lead.text == SOCIAL_LEAD and lead.parent == ""
    items = [by_id[f"{SOCIAL}(3)({letter})"] for letter in "abc"]
    assert [c.text for c in items] == SOCIAL_BULLETS
    assert all(c.parent == SOCIAL_LEAD for c in items)
    assert by_id["policy-statement(2)(b)"].parent.endswith("within this policy and will:")


def test_pupils_colon_is_a_sub_heading_and_glyph_bullets_are_items(docx_policy):
    parsed, by_id = docx_policy
    assert by_id["pupils(1)"].section == "Roles and Responsibilities > Pupils"
    assert by_id["pupils(2)"].text.startswith("should report abuse")
    assert by_id["parents-and-carers(1)"].text.startswith("Parents and carers will be asked")
    glyphs = [c for c in parsed.clauses if c.clause.startswith("mobile-phones(1)(")]
    assert [c.text for c in glyphs] == GLYPH_RULES and all(c.parent == "In the setting:" for c in glyphs)
    assert not any("\uf0b7" in c.text for c in parsed.clauses)


def test_table_rows_keep_their_column_headings(docx_policy):
    _, by_id = docx_policy
    assert by_id["roles-and-responsibilities(2)"].text == (
        "Role: Headteacher. Responsibility: Has a duty of care for ensuring the safety (including online safety) "
        "of members of the school community.")
    assert by_id["roles-and-responsibilities(3)"].text.startswith("Role: Online Safety Lead. Responsibility:")


def test_appendix_forms_are_marked_and_the_rest_is_not(docx_policy):
    parsed, by_id = docx_policy
    forms = {c.clause for c in parsed.clauses if dict(c.meta).get("role") == "form"}
    assert forms == {f"appendix-a-pupil-acceptable-use-agreement({n})" for n in range(1, 5)} | {
        "appendix-b-online-safety-incident-log(1)"}
    assert by_id["appendix-b-online-safety-incident-log(1)"].text == "Date; Incident; Action taken; Signature"


def test_labels_name_the_section_and_point(docx_policy):
    parsed, _ = docx_policy
    got = labels(parsed)
    assert got[f"{SOCIAL}(3)"] == "Online Safety Policy, Social media - protecting professional identity, point 3"
    assert got[f"{SOCIAL}(3)(b)"] == ("Online Safety Policy, Social media - protecting professional identity, "
                                      "point 3, bullet 2")
    assert got["pupils(1)"] == "Online Safety Policy, Pupils, point 1"
    assert len(set(got.values())) == len(got)


def test_ids_are_the_same_on_a_re_ingest_and_survive_edits_elsewhere(tmp_path):
    first = convert(online_safety_docx(tmp_path / "a.docx")).text
    assert convert(online_safety_docx(tmp_path / "b.docx")).text == first
    _, before = clauses_of(tmp_path / "a.docx")
    _, after = clauses_of(online_safety_docx(tmp_path / "c.docx", edited=True))
    assert after["policy-statement(2)"].text.startswith("It covers the use of school devices")
    assert after["policy-statement(3)(c)"].text == "review the incidents each term"
    for clause, c in before.items():
        if not clause.startswith("policy-statement"):
            assert after[clause].text == c.text, clause


def test_a_web_page_keeps_only_its_content(tmp_path):
    parsed, by_id = clauses_of(online_safety_html(tmp_path / "osp.html"))
    text = "\n".join(c.text for c in parsed.clauses)
    assert "Home" not in text and "Cookie" not in text and "Term dates" not in text
    assert "var menu" not in text and "color" not in text
    assert parsed.title == "Online Safety Policy"
    assert by_id["policy-statement(1)"].text == INTRO
    assert by_id["roles-and-responsibilities(1)"].text.startswith("Role: Headteacher. Responsibility: Has a duty")
    assert [by_id[f"{SOCIAL}(3)({x})"].text for x in "abc"] == SOCIAL_BULLETS
    assert by_id[f"{SOCIAL}(3)(a)"].parent == SOCIAL_LEAD
    assert by_id["pupils(1)"].text == "use the school systems responsibly"
    assert by_id["pupils(1)"].section.endswith("> Pupils")


def test_a_pdf_loses_its_page_furniture_and_keeps_paragraphs_and_items_whole(tmp_path):
    parsed, by_id = clauses_of(online_safety_pdf(tmp_path / "osp.pdf"))
    text = "\n".join(c.text for c in parsed.clauses)
    assert "St Mary's Primary School - Online Safety Policy" not in text and "Page " not in text
    assert "...." not in text and "Contents" not in text
    assert by_id["policy-statement(1)"].text.startswith(INTRO + " It also applies")  # wrapped lines joined
    first = by_id[f"{SOCIAL}(2)(a)"]
    assert first.parent == SOCIAL_LEAD
    assert first.text.startswith(SOCIAL_BULLETS[0]) and first.text.endswith("on any device or account.")
    assert [c.clause for c in parsed.clauses if dict(c.meta).get("role") == "form"] == [
        "appendix-a-staff-acceptable-use-agreement(1)", "appendix-a-staff-acceptable-use-agreement(2)"]
    assert all(c.section for c in parsed.clauses)


def test_glyph_bullets_in_plain_text_are_one_clause_each(tmp_path):
    # Word's plain text: one paragraph a line, bullets as the Symbol / Wingdings glyph and a tab
    path = tmp_path / "preschool.txt"
    rules = [f"Rule {n}: staff keep personal phones in the locker, away from the children, in room {n}."
             for n in range(1, 21)]
    text = "Little Acorns Pre-School\nMobile Phone Policy\nProcedures\nStaff must follow these rules:\n"
    text += "".join(f"\uf0b7\t{rule}\n" for rule in rules[:10]) + "o\tnever in the presence of children\n"
    text += "".join(f"\uf0b7\t{rule}\n" for rule in rules[10:])
    for glyph in "\uf0a7\uf076\uf0d8\uf0fc":
        text += f"Visitors using {glyph!r} bullets are told:\n{glyph}\tphones stay in bags\n{glyph}\tno photographs\n"
    path.write_text(text, encoding="utf-8")
    parsed, by_id = clauses_of(path)
    items = [c for c in parsed.clauses if c.parent == "Staff must follow these rules:"]
    assert [c.text.split("\n")[0] for c in items] == rules
    assert items[9].text.endswith("\n- never in the presence of children")
    for n in range(2, 6):
        assert [by_id[f"procedures({n})({x})"].text for x in "ab"] == ["phones stay in bags", "no photographs"]
    assert max(len(c.text) for c in parsed.clauses) < 200 and by_id["procedures(1)"].section == "Procedures"


def test_a_long_document_has_no_heading_clauses_and_no_giant_clauses(tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("Primary Online Safety Policy", 0)
    titles = []
    for n in range(40):
        title = f"Section {n} about topic {n % 7}"
        titles.append(title)
        d.add_heading(title, 1)
        d.add_paragraph(f"Paragraph about topic {n} which explains what staff do. " * 5)
        d.add_paragraph("Key contacts:")
        d.add_paragraph(f"Staff in section {n} will:")
        for k in range(4):
            d.add_paragraph(f"do thing {k} for section {n};", style="List Bullet")
        d.add_paragraph("Schedule for Monitoring").runs[0].bold = True
        d.add_paragraph("The group meets each term.")
    path = tmp_path / "long.docx"
    d.save(str(path))
    parsed, by_id = clauses_of(path)
    assert len(parsed.clauses) == 40 * 7
    assert not [c for c in parsed.clauses if c.text in titles or c.text in ("Key contacts:", "Schedule for Monitoring")]
    assert max(len(c.text) for c in parsed.clauses) < 1200
    assert by_id["schedule-for-monitoring#40(1)"].section == "Section 39 about topic 4 > Schedule for Monitoring"
    got = labels(parsed, "Primary Online Safety Policy")
    assert got["schedule-for-monitoring#2(1)"] == ("Primary Online Safety Policy, Section 1 about topic 1: Schedule "
                                                   "for Monitoring, point 1")
    assert by_id["key-contacts#4(1)(d)"].section == "Section 3 about topic 3 > Key contacts"  # 'Key contacts:'
    assert got["key-contacts#4(1)(d)"].endswith("Section 3 about topic 3: Key contacts, point 1, bullet 4")


def test_the_marked_text_parses_back_to_the_same_clauses():
    blocks = [Block("heading", "Policy", level=1), Block("heading", "Roles", level=2),
              Block("para", "Staff must:"), Block("item", "report concerns", level=1, marker="-"),
              Block("item", "to the DSL", level=2, marker="-"), Block("item", "keep records", level=1, marker="1."),
              Block("heading", "Appendix 1: Consent form", level=2), Block("para", "I agree to the policy."),
              Block("para", "Signed: ________")]
    structured = build(blocks)
    text = write_marked(structured)
    assert "## Roles\n\n[roles(1)] Staff must:\n- [roles(1)(a)] report concerns\n    - to the DSL\n" in text
    assert "[appendix-1-consent-form(2) form] Signed: ________" in text
    parsed = parse_marked(text)
    ours = [(p.clause, p.text) for _, p, _ in structured.points()]
    assert [(c.clause, c.text) for c in parsed.clauses] == ours
    assert parsed.clauses[1].parent == "Staff must:" and parsed.clauses[2].parent == "Staff must:"
    assert [dict(c.meta).get("role") for c in parsed.clauses] == [None, None, None, "form", "form"]


def test_marked_sub_sections_and_item_errors():
    parsed = parse_marked("# T\n\n## A\n\n### B\n\n[b(1)] x\n\n## C\n\n[c(1)] y\n")
    assert [c.section for c in parsed.clauses] == ["A > B", "C"]
    with pytest.raises(CorpusError, match="has no clause above it"):
        parse_marked("## A\n\n- [a(1)(a)] x\n", "x.txt")
    long_id = "a" * 48 + "#12(123)(ab)"
    assert parse_marked(f"[{long_id}] text\n").clauses[0].clause == long_id


def test_slugs_and_labels_without_a_section():
    assert slugify("Social media - protecting professional identity") == SOCIAL
    assert slugify("3.2 Use of mobile devices & cameras") == "use-of-mobile-devices-and-cameras"
    assert len(slugify("A very long heading " * 10)) <= 48 and not slugify("A very long heading " * 10).endswith("-")
    assert slugify("2024") == "section"
    doc = Document("osp", "T", "f", "marked", "school policy", "staff", "1", "T {clause}",
                   "T, {section}, point {point}")
    assert doc.clause_label("intro(2)", "", "", "2") == "T, point 2"
    assert doc.clause_label("roles(1)", "", "Roles", "1") == "T, Roles, point 1"


def test_documents_numbered_throughout_keep_their_numbering(tmp_path):
    numbered = tmp_path / "n.md"
    numbered.write_text("# Rules\n\n1. Pupils must not bully.\n2. Staff report it.\n3. Parents are told.\n",
                        encoding="utf-8")
    assert convert(numbered).scheme == "number"
    mixed = tmp_path / "m.md"
    mixed.write_text("# Policy\n\n## Aims\n\nWe keep pupils safe online.\n\nWe teach them how.\n\n## Steps\n\n"
                     "Staff do this.\n\nThen this.\n\nThe steps are:\n\n1. Log it.\n2. Tell the DSL.\n",
                     encoding="utf-8")
    parsed, by_id = clauses_of(mixed)
    assert by_id["steps(3)(1)"].text == "Log it." and by_id["steps(3)(2)"].parent == "The steps are:"
    assert labels(parsed, "P")["steps(3)(2)"] == "P, Steps, point 3, item 2"


def test_ingest_writes_the_document_and_the_index_leaves_forms_out(fake_settings, tmp_path):
    path = online_safety_docx(tmp_path / "osp.docx")
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(path), "--doc-id", "osp", "--title", "Online Safety Policy",
                                 "--audience", "staff", "--today", "2026-11-24"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "numbering none (points by section), 27 clauses" in result.stdout
    corpus = load_corpus(fake_settings.corpus_dir)
    by_id = corpus.clause_by_id()
    assert by_id[f"osp:{SOCIAL}(3)(a)"].label == ("Online Safety Policy, Social media - protecting professional "
                                                  "identity, point 3, bullet 1")
    assert by_id["policy:4.1(2)"].label == "Policy 4.1(2)"
    assert corpus.document("osp").label_slug == "Online Safety Policy, {section}, point {point}"
    forms = {c.id for c in corpus.clauses if c.meta_value("role") == "form"}
    indexed = set(json.loads((fake_settings.index_dir / "current" / "clause_ids.json").read_text()))
    assert len(forms) == 5 and not forms & indexed and f"osp:{SOCIAL}(3)(a)" in indexed
    again = runner.invoke(cli, ["ingest", str(online_safety_docx(tmp_path / "again.docx")), "--doc-id", "osp",
                                "--dry-run"], catch_exceptions=False)
    assert "0 added, 0 removed, 0 reworded, 0 renumbered, 27 unchanged" in again.stdout


def test_a_section_that_repeats_the_documents_title_is_left_out_of_the_label():
    from assistant.types import Document

    doc = Document("osp", "Staff Code", "osp.txt", "marked", "school policy", "staff", "1", "Policy {clause}",
                   "Staff Code, {section}, point {point}")
    assert doc.clause_label("intro(1)", section="Staff Code", point="1") == "Staff Code, point 1"
    assert doc.clause_label("aims(2)", section="Aims", point="2") == "Staff Code, Aims, point 2"


def test_a_cover_pages_key_value_lines_are_front_matter_even_without_their_colons():
    blocks = [Block("para", "Oak Trust"), Block("para", "Staff Online Conduct Policy"),
              Block("para", "Document owner Director of Safeguarding"), Block("para", "Applies to All academies"),
              Block("para", "Review date July 2027"), Block("heading", "1. Purpose", level=2),
              Block("para", "This code sets out what the Trust expects of staff online.")]
    doc = build(blocks)
    assert doc.front == ["Document owner: Director of Safeguarding", "Applies to: All academies",
                         "Review date: July 2027"]
    points = [p.text for s in doc.sections for p in s.points]
    assert points == ["This code sets out what the Trust expects of staff online."]


def test_a_paragraph_of_key_value_sentences_before_the_body_is_front_matter():
    blocks = [Block("heading", "Online Safety Policy", level=1),
              Block("para", "Approved by the Full Governing Board: January 2025. Next review: January 2026. "
                            "Lead member of staff: Mrs R. Oak, Deputy Headteacher."),
              Block("heading", "Introduction", level=2), Block("para", "We want children to be safe online.")]
    doc = build(blocks)
    assert doc.front == ["Approved by the Full Governing Board: January 2025", "Next review: January 2026",
                         "Lead member of staff: Mrs R. Oak, Deputy Headteacher"]
    prose = build([Block("heading", "T", level=1), Block("para", "Note: staff must read this. Staff must sign it.")])
    assert not prose.front


def test_word_headings_without_a_heading_style_and_merged_table_cells(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("Acceptable Use Policy")
    d.add_paragraph("Use of Digital Images")  # Normal style, title case: a heading
    d.add_paragraph("Staff use school cameras only.")
    d.add_paragraph("1. Introduction")
    d.add_paragraph("Personal use", style="List Number").runs[0].bold = True  # a numbered list item as a heading
    d.add_paragraph("Staff may use their own phones in the staff room.")
    table = d.add_table(rows=4, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Role", "Task", "When"), strict=True):
        cell.text = text
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Headteacher"
    table.cell(1, 1).text, table.cell(1, 2).text = "Reads the log", "Weekly"
    table.cell(2, 1).text, table.cell(2, 2).text = "Reports to governors", "Termly"
    table.cell(3, 0).merge(table.cell(3, 2)).text = "All staff report concerns to the DSL."
    path = tmp_path / "aup.docx"
    d.save(str(path))
    parsed, by_id = clauses_of(path)
    assert parsed.title == "Acceptable Use Policy"
    assert by_id["use-of-digital-images(1)"].text == "Staff use school cameras only."
    assert by_id["personal-use(1)"].section == "1. Personal use"
    assert [by_id[f"personal-use({n})"].text for n in (2, 3, 4)] == [
        "Role: Headteacher. Task: Reads the log. When: Weekly.",
        "Role: Headteacher. Task: Reports to governors. When: Termly.",
        "All staff report concerns to the DSL."]
    assert not [c for c in parsed.clauses if c.text in ("Use of Digital Images", "Personal use", "1. Introduction")]
