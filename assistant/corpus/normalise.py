"""Detect a document's numbering scheme and rewrite its text in a corpus format the parsers read.

- `1.0 / 1.1` (sections and numbered paragraphs, like the school's policy): the `numbered` format, so the
  document is read exactly as corpus/policy.txt is (items `1.`, bullets, `2.3#2` for a number used twice).
- `1.`, `(a)`, `i.` (nested in the order they first appear): the `marked` format with ids `3`, `3(a)`,
  `3(a)(ii)`; a top-level `(a)` list gives `(a)`, `(b)`.
- no numbering: the `marked` format with one clause per paragraph, `p1`, `p2` ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .parse_numbered import FRONT_MATTER, _is_heading_title

DEC_PARA = re.compile(r"^(?:[-*\u2022]\s+)?(\d+)\.([1-9]\d*)\.?\s+(\S.*)$")
INT_HEAD = re.compile(r"^(\d+)(\.0)?\.?\s+(\S.*)$")
NUMBER = re.compile(r"^(\d{1,3})[.)]\s+(\S.*)$")
ALPHA = re.compile(r"^(\()?([a-z]{1,5})[.)]\s+(\S.*)$")
MD_HEAD = re.compile(r"^(#{1,6})\s+(\S.*)$")
BULLET = re.compile(r"^[-*\u2022]\s+(\S.*)$")
FRONT = re.compile(r"^([A-Za-z][^:\t]{0,40}):\s+(\S.*)$")
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
         "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15}  # roman item numbers and their values
SCHEMES = {"decimal": "1.0 / 1.1", "number": "1.", "letter": "(a)", "roman": "i.", "none": "none (paragraphs)",
           "sections": "none (points by section)"}  # sections: structure.py
SENTENCE_END = (".", ";", ":", ",", "!", "?")


@dataclass(frozen=True)
class Normalised:
    format: str  # numbered | marked (corpus manifest format)
    scheme: str  # decimal | number | letter | roman | none
    text: str

    @property
    def scheme_label(self) -> str:
        return SCHEMES[self.scheme]


def _classify(line: str, last_letter: str) -> tuple[str, str, str] | None:
    """(kind, token, text) for a numbered line: number '3.', letter '(b)', roman 'ii.'; else None."""
    m = NUMBER.match(line)
    if m:
        return "number", m.group(1), m.group(2)
    m = ALPHA.match(line)
    if not m:
        return None
    token = m.group(2)
    follows = bool(last_letter) and len(token) == 1 and ord(token) == ord(last_letter) + 1
    if len(token) == 1 and (token not in "ivx" or follows):
        return "letter", token, m.group(3)
    if token in ROMAN:
        return "roman", token, m.group(3)
    return None


def detect_scheme(lines: list[str]) -> str:
    """The top-level numbering scheme: decimal, number, letter, roman or none."""
    stripped = [re.sub(r"^#{1,6}\s+", "", ln.strip()) for ln in lines]
    if sum(1 for ln in stripped if DEC_PARA.match(ln)) >= 2:
        return "decimal"
    kinds: list[str] = []
    last_letter = ""
    for ln in stripped:
        found = _classify(ln, last_letter)
        if found:
            kinds.append(found[0])
            last_letter = found[1] if found[0] == "letter" else ("" if found[0] == "number" else last_letter)
    return kinds[0] if len(kinds) >= 2 else "none"


def normalise(text: str) -> Normalised:
    """Detect the numbering and rewrite the text in the corpus format for it."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    scheme = detect_scheme(lines)
    if scheme == "decimal":
        return Normalised("numbered", scheme, _to_numbered(lines))
    if scheme == "none":
        return Normalised("marked", scheme, _paragraphs(lines))
    return Normalised("marked", scheme, _to_marked(lines))


def _section_heading(lines: list[str], i: int) -> tuple[str, str] | None:
    """(number, title) when line i opens a section: 'N.0 Title', or 'N Title' / 'N. Title' followed by N.x."""
    m = INT_HEAD.match(re.sub(r"^#{1,6}\s+", "", lines[i].strip()))
    if not m:
        return None
    if m.group(2):
        return m.group(1), m.group(3)
    title = m.group(3)
    if len(title) > 100 or title.endswith(SENTENCE_END):
        return None
    for later in lines[i + 1:]:
        later = later.strip()
        para = DEC_PARA.match(later)
        if para:
            return (m.group(1), title) if para.group(1) == m.group(1) else None
        if NUMBER.match(later) or INT_HEAD.match(later):
            return None
    return None


def _to_numbered(lines: list[str]) -> str:
    out: list[str] = []
    started = in_item = False
    title = ""
    notes = 0
    for i, raw in enumerate(lines):
        line = re.sub(r"^#{1,6}\s+", "", raw.strip())
        if not line:
            out.append("")
            continue
        heading = _section_heading(lines, i)
        if heading:
            number, head = heading
            started, in_item = True, False
            out.append(f"{number}.0 {head if _is_heading_title(head) else head.upper()}")
        elif not started:
            fm = FRONT.match(line) or FRONT_MATTER.match(line)
            if not title:
                title = line
                out.append(line)
            elif fm:
                out.append(f"{fm.group(1).strip()}:\t{fm.group(2).strip()}")
            else:
                notes += 1
                out.append(f"Note {notes}:\t{line}")
        elif para := DEC_PARA.match(line):
            in_item = False
            out.append(f"{para.group(1)}.{para.group(2)} {para.group(3)}")
        elif item := NUMBER.match(line):
            in_item = True
            out.append(f"{item.group(1)}. {item.group(2)}")
        elif _classify(line, "") or BULLET.match(line):
            bullet = BULLET.match(line)
            point = bullet.group(1) if bullet else line
            # Inside a numbered item, sub-points stay in the item (indented); otherwise they become bullets,
            # which the parser letters (a), (b) ... in order.
            if in_item:
                out.append(f"  - {point}")
            else:
                out.append(f"- {point if bullet else ALPHA.sub(lambda m: m.group(3), line)}")
        else:
            out.append(line)
    return "\n".join(out).strip("\n") + "\n"


class _Writer:
    """Collects `marked` output: title, front matter, sections and clauses with indented continuations."""

    def __init__(self):
        self.head: list[str] = []
        self.body: list[str] = []
        self.title = ""
        self.ids: dict[str, int] = {}

    def heading(self, text: str) -> None:
        if not self.title and not self.body:
            self.title = text
            self.head.insert(0, f"# {text}")
        else:
            self.body += ["", f"## {text}"]

    def clause(self, clause: str, lines: list[str]) -> str:
        self.ids[clause] = self.ids.get(clause, 0) + 1
        if self.ids[clause] > 1:
            clause = f"{clause}#{self.ids[clause]}"
        self.body += ["", f"[{clause}] {lines[0]}"] + [f"  {ln}" for ln in lines[1:]]
        return clause

    def text(self) -> str:
        return "\n".join(self.head + self.body).strip("\n") + "\n"


def _reflow(lines: list[str]) -> list[str]:
    """Join wrapped lines (PDF text) into one line per sentence run; bullets keep their own lines."""
    out: list[str] = []
    for line in lines:
        if out and not BULLET.match(line) and not BULLET.match(out[-1]):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _paragraphs(lines: list[str]) -> str:
    w = _Writer()
    entries: list[tuple[str, list[str]]] = []  # ('heading', [text]) or ('para', lines), in order
    block: list[str] = []

    def flush() -> None:
        paras = [e for e in entries if e[0] == "para"]
        if not block:
            return
        if not w.title and not entries and len(block) == 1 and len(block[0]) <= 100 \
                and not block[0].endswith(SENTENCE_END):
            w.heading(block[0])
        elif not paras and all(FRONT.match(b) for b in block):
            w.head += block
        elif entries and entries[-1][0] == "para" and all(BULLET.match(b) for b in block):
            entries[-1][1].extend(block)  # a list belongs to the paragraph that introduces it
        else:
            entries.append(("para", list(block)))
        block.clear()

    for raw in lines + [""]:
        line = raw.strip()
        heading = MD_HEAD.match(line)
        if heading:
            flush()
            if not w.title and not entries:
                w.heading(heading.group(2))
            else:
                entries.append(("heading", [heading.group(2)]))
        elif line:
            block.append(line)
        else:
            flush()
    count = 0
    for kind, body in entries:
        if kind == "heading":
            w.heading(body[0])
        else:
            count += 1
            w.clause(f"p{count}", _reflow(body))
    return w.text()


def _to_marked(lines: list[str]) -> str:
    w = _Writer()
    levels: list[str] = []  # numbering kinds, outermost first, in order of first appearance
    stack: list[str] = []  # the open id at each level
    last_letter = ""
    current: list[str] | None = None
    intro: list[str] = []

    def close() -> None:
        if current:
            w.clause(current[0], _reflow(current[1:]))

    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        heading = MD_HEAD.match(line)
        found = None if heading else _classify(line, last_letter)
        if heading:
            close()
            current = None
            if intro:
                w.clause("intro", _reflow(intro))
                intro = []
            w.heading(heading.group(2))
            continue
        if not found:
            if current is not None:
                current.append(line)
            elif FRONT.match(line) and not intro:
                w.head.append(line)
            elif not w.title and not intro and len(line) <= 100 and not line.endswith(SENTENCE_END):
                w.heading(line)
            else:
                intro.append(line)
            continue
        kind, token, text = found
        if intro:
            w.clause("intro", _reflow(intro))
            intro = []
        close()
        if kind not in levels:
            levels.append(kind)
        level = levels.index(kind)
        label = f"({token})" if kind == "letter" else token
        parent = stack[level - 1] if 0 < level <= len(stack) else ""
        clause = f"{parent}({token})" if parent else label
        del stack[level:]
        stack.append(clause)
        if kind == "letter":
            last_letter = token
        elif "letter" in levels and level < levels.index("letter"):
            last_letter = ""  # a new parent item: its letters start again at (a)
        current = [clause, text]
    close()
    if intro:
        w.clause("intro", _reflow(intro))
    return w.text()
