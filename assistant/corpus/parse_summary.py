"""Parse our own summary documents (KCSIE, guidance, support services) written in a small Markdown dialect."""

from __future__ import annotations

import re

from ..errors import CorpusError
from .parse_numbered import ParsedClause, ParsedDocument, Section

CLAUSE_HEADING = re.compile(r"^###\s+\[([^\]]*)\]\s*(.*)$")
SECTION_HEADING = re.compile(r"^##\s+(?!#)(.+)$")
TITLE = re.compile(r"^#\s+(?!#)(.+)$")
META = re.compile(r"^([a-z][a-z_-]*):\s*(.*)$")
NUMBER_ID = re.compile(r"^[0-9]+[a-z]?$")
SLUG_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
META_KEYS = ("confidence", "verify", "source", "note")


def _check_id(clause: str, path: str, line_no: int) -> None:
    if not (NUMBER_ID.match(clause) or SLUG_ID.match(clause)):
        raise CorpusError(f"clause id [{clause}] must be a paragraph number like 135 or 24a, "
                          "or a slug like part4-low-level-concerns", path, line_no)


def parse_summary(text: str, path: str = "<text>") -> ParsedDocument:
    """Parse a summary document; raise CorpusError naming path and line when malformed."""
    title = ""
    sections: list[Section] = []
    clauses: list[ParsedClause] = []
    seen: dict[str, int] = {}
    section = ""
    current: dict | None = None

    def finish() -> None:
        if current is None:
            return
        body = "\n".join(p.strip() for p in " ".join(current["lines"]).split("\x00") if p.strip())
        if not body:
            raise CorpusError(f"clause [{current['clause']}] has no text", path, current["line"])
        clauses.append(ParsedClause(current["clause"], "summary", body, current["line"], section, "",
                                    current["title"], tuple(current["meta"])))

    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        stripped = line.strip()
        if stripped.startswith("#"):
            clause_heading = CLAUSE_HEADING.match(stripped)
            section_heading = SECTION_HEADING.match(stripped)
            title_heading = TITLE.match(stripped)
            if clause_heading:
                finish()
                clause, clause_title = clause_heading.group(1).strip(), clause_heading.group(2).strip()
                _check_id(clause, path, line_no)
                if clause in seen:
                    raise CorpusError(f"clause id [{clause}] is used twice (first on line {seen[clause]})",
                                      path, line_no)
                if not clause_title:
                    raise CorpusError(f"clause [{clause}] has no title after its id", path, line_no)
                seen[clause] = line_no
                current = {"clause": clause, "title": clause_title, "line": line_no, "meta": [],
                           "lines": [], "in_meta": True}
                continue
            if section_heading:
                finish()
                current = None
                section = section_heading.group(1).strip()
                sections.append(Section(section, section, line_no))
                continue
            if title_heading and not title and not clauses and current is None:
                title = title_heading.group(1).strip()
                continue
            raise CorpusError(f"unexpected heading {stripped[:60]!r}: use '## Section' or '### [id] Title'",
                              path, line_no)
        if current is None:
            continue  # introduction text: shown with the document, never cited
        if current["in_meta"]:
            meta = META.match(stripped)
            if meta and not current["lines"]:
                key, value = meta.group(1), meta.group(2).strip()
                if key not in META_KEYS:
                    raise CorpusError(f"unknown metadata key '{key}' (known: {', '.join(META_KEYS)})",
                                      path, line_no)
                if key == "verify" and value not in ("yes", "no"):
                    raise CorpusError(f"verify must be yes or no, not {value!r}", path, line_no)
                current["meta"].append((key, value))
                continue
            if not stripped:
                continue
            current["in_meta"] = False
        if not stripped:
            current["lines"].append("\x00")  # paragraph break
        elif stripped.startswith("- "):
            current["lines"].extend(["\x00", stripped, "\x00"])
        else:
            current["lines"].append(stripped)
    finish()
    if not clauses:
        raise CorpusError("no clauses found: each clause starts with a heading like '### [135] Title'", path, 1)
    return ParsedDocument(title, {}, tuple(sections), tuple(clauses))

