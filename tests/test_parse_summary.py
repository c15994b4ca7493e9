"""The summary-document parser (our own KCSIE and guidance summaries)."""

from __future__ import annotations

import pytest

from assistant.corpus.parse_summary import parse_summary
from assistant.errors import CorpusError

GOOD = """# KCSIE 2025: summaries

Intro text that is never cited.

## Part two

### [135] The four areas of online risk
confidence: H
verify: no
source: https://example.org/a
source: https://example.org/b
Online risks fall into four areas.

Second paragraph.

### [part4-low-level-concerns] Low-level concerns
confidence: L
verify: yes
note: 2021 numbering 407-410
- Any concern, no matter how small.
"""


def test_clauses_ids_titles_meta_and_body():
    doc = parse_summary(GOOD, "k.md")
    assert doc.title == "KCSIE 2025: summaries"
    first, second = doc.clauses
    assert (first.clause, first.title, first.section) == ("135", "The four areas of online risk", "Part two")
    assert first.text == "Online risks fall into four areas.\nSecond paragraph."
    assert ("source", "https://example.org/b") in first.meta
    assert second.clause == "part4-low-level-concerns"
    assert dict(second.meta)["verify"] == "yes"
    assert second.text == "- Any concern, no matter how small."


@pytest.mark.parametrize("bad,message", [
    ("### [135] A\nText.\n### [135] B\nMore.\n", r"s\.md:3: clause id \[135\] is used twice"),
    ("### [135] A\ncolour: blue\nText.\n", r"s\.md:2: unknown metadata key 'colour'"),
    ("### [135] A\nverify: maybe\nText.\n", r"s\.md:2: verify must be yes or no"),
    ("### [135] A\nconfidence: H\n\n### [136] B\nText.\n", r"s\.md:1: clause \[135\] has no text"),
    ("### [Part Four] A\nText.\n", r"s\.md:1: clause id \[Part Four\] must be a paragraph number"),
    ("### [135]\nText.\n", r"s\.md:1: clause \[135\] has no title"),
    ("#### deeper\n", r"s\.md:1: unexpected heading"),
    ("# Title only\n\nprose\n", r"s\.md:1: no clauses found"),
])
def test_malformed_summaries_name_file_and_line(bad, message):
    with pytest.raises(CorpusError, match=message):
        parse_summary(bad, "s.md")
