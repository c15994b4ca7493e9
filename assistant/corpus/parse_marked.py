"""Parse a document whose clause ids are written out in square brackets (what `ingest` writes for documents
numbered 1. / (a) / i., or not numbered at all: then by section, see structure.py)."""

from __future__ import annotations

import re

from ..errors import CorpusError
from .parse_numbered import FRONT_MATTER, ParsedClause, ParsedDocument, Section

MARKER = re.compile(r"^(?:([-*])\s+)?\[([^\]\s]*)((?:\s+form)*)\](?:\s+(.*))?$")
CLAUSE_ID = re.compile(r"^[A-Za-z0-9(][A-Za-z0-9.()#-]{0,79}$")
SECTION = re.compile(r"^(#{2,6})\s+(\S.*)$")
FLAGS = {"form": ("role", "form")}  # `[id form]`: a form to fill in, kept out of the index
SECTION_SEP = " > "  # between the headings of a section path: `## Roles` then `### Pupils` is 'Roles > Pupils'
TITLE = re.compile(r"^#\s+(\S.*)$")
FRONT = re.compile(r"^([A-Za-z][^:\t]{0,40}):\s+(\S.*)$")


def parse_marked(text: str, path: str = "<text>") -> ParsedDocument:
    """`# Title`, `Key: value` front matter, `## Section` headings (`###` ... for sub-sections), `[id] text`
    clauses, `- [id] text` items whose parent is the clause above them, `[id form]` for a form; indented lines
    continue the clause above. Raise CorpusError naming path and line when malformed."""
    title = ""
    front: dict[str, str] = {}
    sections: list[Section] = []
    units: list[dict] = []
    seen: dict[str, int] = {}
    section = ""
    heads: list[tuple[int, str]] = []  # the open headings, outermost first
    lead = None  # the last clause that is not an item: the parent of `- [id]` items
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        marker = MARKER.match(line)
        heading = SECTION.match(line)
        if marker:
            item, clause, flags = marker.group(1), marker.group(2), marker.group(3).split()
            if not CLAUSE_ID.match(clause):
                raise CorpusError(f"clause id [{clause}] must be letters, digits and . ( ) # - only", path, line_no)
            if clause in seen:
                raise CorpusError(f"clause id [{clause}] is used twice (first on line {seen[clause]})", path, line_no)
            if item and lead is None:
                raise CorpusError(f"item [{clause}] has no clause above it in its section to belong to", path,
                                  line_no)
            seen[clause] = line_no
            units.append({"clause": clause, "line": line_no, "section": section, "lead": lead if item else None,
                          "meta": tuple(FLAGS[f] for f in flags),
                          "lines": [marker.group(4).strip()] if marker.group(4) else []})
            if not item:
                lead = clause
        elif heading:
            level = len(heading.group(1))
            while heads and heads[-1][0] >= level:
                heads.pop()
            heads.append((level, heading.group(2).strip()))
            section = SECTION_SEP.join(head for _, head in heads)
            sections.append(Section("", section, line_no))
            lead = None
        elif not units and not sections and TITLE.match(line) and not title:
            title = TITLE.match(line).group(1).strip()
        elif not units and not raw[:1].isspace() and (FRONT.match(line) or FRONT_MATTER.match(line)):
            fm = FRONT.match(line) or FRONT_MATTER.match(line)
            front[fm.group(1).strip()] = fm.group(2).strip()
        elif units and raw[:1].isspace():
            units[-1]["lines"].append(line.strip())
        else:
            raise CorpusError(f"expected '[id] text', an indented continuation or a '## heading': {line[:60]!r}",
                              path, line_no)
    texts = {u["clause"]: "\n".join(u["lines"]).strip() for u in units}
    clauses = []
    for unit in units:
        if not texts[unit["clause"]]:
            raise CorpusError(f"clause [{unit['clause']}] has no text", path, unit["line"])
        parent_id = unit["lead"] or (unit["clause"].rsplit("(", 1)[0] if unit["clause"].endswith(")") else "")
        clauses.append(ParsedClause(unit["clause"], "item" if unit["lead"] else "paragraph", texts[unit["clause"]],
                                    unit["line"], unit["section"], texts.get(parent_id, ""), meta=unit["meta"]))
    if not clauses:
        raise CorpusError("no clauses: expected lines like '[1] text' or '[p1] text'", path, 1)
    return ParsedDocument(title, front, tuple(sections), tuple(clauses))
