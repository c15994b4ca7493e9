"""Parse a numbered document (the school's policy) into clauses whose ids are its own numbering."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import CorpusError

HEADING = re.compile(r"^(\d+)\.0\.?\s+(\S.*)$")
PARAGRAPH = re.compile(r"^(?:[-*\u2022]\s+)?(\d+\.\d+)\.?\s+(\S.*)$")
ITEM = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
BULLET = re.compile(r"^(\s*)[-*\u2022]\s+(\S.*)$")
FRONT_MATTER = re.compile(r"^([A-Za-z][^\t:]*?):?\t+(.+)$")
SENTENCE_END = (".", ";", ":", "!", "?", ")")


@dataclass
class Unit:
    """A clause being assembled: a section, paragraph, item or bullet."""

    clause: str
    kind: str  # section | paragraph | item | bullet
    line: int
    parts: list[str] = field(default_factory=list)
    section: str = ""
    parent: str = ""
    title: str = ""
    children: int = 0  # items or bullets seen so far
    child_kind: str = ""

    @property
    def text(self) -> str:
        return "\n".join(self.parts).strip()


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    line: int


@dataclass(frozen=True)
class ParsedClause:
    clause: str
    kind: str
    text: str
    line: int
    section: str
    parent: str
    title: str = ""
    meta: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ParsedDocument:
    title: str
    front_matter: dict[str, str]
    sections: tuple[Section, ...]
    clauses: tuple[ParsedClause, ...]


def _is_heading_title(title: str) -> bool:
    """Section headings are written in capitals; a bracketed editorial note may follow."""
    head = title.split("[", 1)[0]
    letters = [c for c in head if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) >= 0.8


def _append(unit: Unit, text: str, after_blank: bool) -> None:
    """Add a continuation line: same sentence joins with a space, a new block starts a new line.

    A page break can split a sentence across a blank line ('... social media searches,' / 'only online
    searches.'), so a blank line only starts a new block when the text before it ended a sentence
    or the new text starts with a capital.
    """
    if not unit.parts:
        unit.parts.append(text)
        return
    prev = unit.parts[-1]
    new_block = after_blank and (prev.rstrip().endswith(SENTENCE_END) or text[:1].isupper())
    if new_block:
        unit.parts.append(text)
    else:
        unit.parts[-1] = f"{prev.rstrip()} {text}"


def _letter(n: int) -> str:
    """Bullet letters a..z, then aa, ab ... (a paragraph with more than 26 bullets is unusual)."""
    return chr(ord("a") + n) if n < 26 else _letter(n // 26 - 1) + chr(ord("a") + n % 26)


def parse_numbered(text: str, path: str = "<text>") -> ParsedDocument:
    """Parse the text of a numbered document; raise CorpusError naming path and line when malformed."""
    lines = text.splitlines()
    title = ""
    front: dict[str, str] = {}
    sections: list[Section] = []
    done: list[Unit] = []
    seen_numbers: dict[str, int] = {}
    ids: dict[str, int] = {}
    section = ""
    paragraph: Unit | None = None  # the open paragraph (or section acting as one)
    current: Unit | None = None  # the unit that continuation lines extend
    after_blank = False
    started = False

    def close(unit: Unit | None) -> None:
        if unit is not None and unit not in done:
            done.append(unit)

    def register(clause: str, line_no: int) -> None:
        if clause in ids:
            raise CorpusError(
                f"clause id '{clause}' is used twice (first on line {ids[clause]}); "
                "renumber one of them", path, line_no)
        ids[clause] = line_no

    for line_no, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        if not line.strip():
            after_blank = True
            continue
        stripped = line.strip()

        if not started:
            heading = HEADING.match(stripped)
            if heading and _is_heading_title(heading.group(2)):
                started = True
            else:
                fm = FRONT_MATTER.match(stripped)
                if fm:
                    front[fm.group(1).strip()] = fm.group(2).strip()
                elif not title:
                    title = stripped
                else:
                    raise CorpusError(f"text before the first numbered section: {stripped[:60]!r}",
                                      path, line_no)
                after_blank = False
                continue

        heading = HEADING.match(stripped)
        if heading and _is_heading_title(heading.group(2)):
            close(current)
            close(paragraph)
            number = f"{heading.group(1)}.0"
            sections.append(Section(number, heading.group(2).strip(), line_no))
            section = f"{number} {heading.group(2).strip()}"
            paragraph = Unit(number, "section", line_no, [heading.group(2).strip()], section=section,
                             title=heading.group(2).strip())
            current = None
            after_blank = False
            continue

        para = PARAGRAPH.match(line)
        if para and not ITEM.match(stripped):
            close(current)
            close(paragraph)
            number = para.group(1)
            seen_numbers[number] = seen_numbers.get(number, 0) + 1
            clause = number if seen_numbers[number] == 1 else f"{number}#{seen_numbers[number]}"
            register(clause, line_no)
            paragraph = Unit(clause, "paragraph", line_no, [para.group(2).strip()], section=section)
            current = paragraph
            after_blank = False
            continue

        item = ITEM.match(stripped)
        if item and not raw[:1].isspace():
            if paragraph is None or paragraph.kind != "paragraph":
                raise CorpusError(f"numbered item '{item.group(1)}.' is outside any paragraph", path, line_no)
            if paragraph.child_kind == "bullet":
                raise CorpusError(f"numbered item '{item.group(1)}.' follows bullets in paragraph "
                                  f"{paragraph.clause}", path, line_no)
            close(current if current is not paragraph else None)
            clause = f"{paragraph.clause}({item.group(1)})"
            register(clause, line_no)
            paragraph.children += 1
            paragraph.child_kind = "item"
            current = Unit(clause, "item", line_no, [item.group(2).strip()], section=section,
                           parent=paragraph.text)
            after_blank = False
            continue

        bullet = BULLET.match(line)
        if bullet:
            indented = bool(bullet.group(1))
            if current is not None and current.kind == "item" and (indented or not after_blank):
                current.parts.append(f"- {bullet.group(2).strip()}")  # a sub-bullet stays in its item
                after_blank = False
                continue
            if paragraph is None:
                raise CorpusError("bullet is outside any paragraph", path, line_no)
            if paragraph.child_kind == "item":
                current.parts.append(f"- {bullet.group(2).strip()}")
                after_blank = False
                continue
            if current is not paragraph:
                close(current)
            if paragraph.kind == "section" and paragraph.clause not in ids:
                register(paragraph.clause, paragraph.line)
            clause = f"{paragraph.clause}({_letter(paragraph.children)})"
            register(clause, line_no)
            paragraph.children += 1
            paragraph.child_kind = "bullet"
            current = Unit(clause, "bullet", line_no, [bullet.group(2).strip()], section=section,
                           parent=paragraph.text)
            after_blank = False
            continue

        # A continuation line. After bullets and a blank line it is the paragraph's closing text
        # (policy 2.7: the bullets are followed by 'the Local Authority Designated Officer ...').
        target = current
        if current is not None and current.kind == "bullet" and after_blank:
            target = paragraph
        if target is None:
            target = paragraph
        if target is None:
            raise CorpusError(f"text outside any section: {stripped[:60]!r}", path, line_no)
        _append(target, stripped, after_blank)
        after_blank = False

    close(current)
    close(paragraph)
    if not started:
        raise CorpusError("no numbered section heading (like '1.0 INTRODUCTION') was found", path, 1)

    clauses = []
    for unit in sorted(done, key=lambda u: u.line):
        if unit.kind == "section" and unit.clause not in ids:
            continue  # a plain heading, not a clause
        clauses.append(ParsedClause(unit.clause, unit.kind, unit.text, unit.line, unit.section,
                                    unit.parent, unit.title))
    return ParsedDocument(title, front, tuple(sections), tuple(clauses))
