"""A document's blocks (blocks.py) as clauses a teacher can cite, written in the `marked` corpus format.

- Headings (and paragraph-level sub-headings: a bold short line, or a short line ending in a colon such as
  "Pupils:" with nothing after it on the line) make the section path of the clauses under them; they are
  never clauses themselves.
- Each paragraph is a point of its section. A paragraph followed by a list is a lead-in: a point itself, and
  the parent of one clause per list item (deeper items stay in their item's text).
- A table gives one point per row, each cell with its column heading ("Role: Headteacher. Responsibility: ...").
- Appendix forms (an agreement to sign, a log to fill in) are kept as clauses marked `form`, which the index
  leaves out.
- Ids: the slug of the nearest heading and the point's position in that section, `online-safety(3)`, its items
  `online-safety(3)(a)` (bullets) or `online-safety(3)(1)` (numbered items); `#2` on the second section with the
  same slug (`pupils#2(1)`). Counting within the section keeps ids stable when other sections change.

Documents numbered throughout (1.0 / 1.1, or 1. / (a) / i. points) keep their own numbering: `convert` hands
them to normalise.py as before.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IngestError
from .blocks import Block, _is_heading_like, is_contents_line, pdf_text, read_blocks, render_text
from .extract import SUFFIXES as TEXT_SUFFIXES
from .extract import _plain, extract_text
from .normalise import ALPHA, DEC_PARA, NUMBER, Normalised, detect_scheme, normalise
from .parse_marked import SECTION_SEP
from .parse_numbered import ParsedDocument, _letter

SUFFIXES = (*TEXT_SUFFIXES, ".html", ".htm")
SLUG_LIMIT = 48
FRONT_LINE = re.compile(r"^([A-Za-z][^:\t]{0,30}):\s+(\S.{0,80})$")
FRONT_KEYS = re.compile(r"approv|review|ratif|adopt|version|author|owner|date|status|issued|updated|written|"
                        r"signed|governor|committee|responsib|policy lead|statutory|last|applies", re.IGNORECASE)
# Words of a lead-in ("The Headteacher will:", "This includes:"): a short colon line with none is a sub-heading.
LEAD_WORDS = frozenset("""will must should shall may can could would is are be was were been include includes
including following follows to that these this those as such please we you they it its has have need needs eg
example examples ensure means do does not if when which who where how our your their all any some in at on
during within whilst while before after
""".split())
TITLE_WORDS = re.compile(r"\b(?:policy|policies|procedures?|guidance|statement|code of conduct|agreement)\b",
                         re.IGNORECASE)
MODALS = frozenset("must will should shall may can cannot could would need needs".split())
BLANK = re.compile(r"_{3,}|\.{5,}|\u2026{2,}|\[\s*\]|\u2610|\u25a1|\(\s{2,}\)")
FORM_LABEL = (r"(?:print(?:ed)?\s+)?name|signed|signature|date|class|year(?: group)?|position|job title|"
              r"tel(?:ephone)?|address|e-?mail|d\.?o\.?b\.?|witness|time|initials|"
              r"(?:parent|carer|parent/carer|pupil|child|staff member|member of staff)(?:'s)?(?: name| signature)?")
LABELS_ONLY = re.compile(rf"^(?:(?:{FORM_LABEL})\s*:\s*)+$", re.IGNORECASE)  # 'Name:  Date:' and nothing else
SIGN = re.compile(r"\bsign(?:ed|ature|ing)?\b|\binitials\b", re.IGNORECASE)
FORM_TITLE = re.compile(r"\b(?:agreement|consent|form|log|record|declaration|register|pro-?forma|checklist|"
                        r"template|permission|acceptable use)\b", re.IGNORECASE)
APPENDIX = re.compile(r"\b(?:appendix|annex|annexe|schedule)\b", re.IGNORECASE)
TICKS = {"x", "X", "\u2713", "\u2714", "\u221a", "\uf0fc", "\uf0fe", "yes", "Yes", "YES", "Y", "*"}
POINT_ID = re.compile(r"^(?P<slug>[a-z][a-z0-9-]*)(?:#\d+)?\((?P<point>\d+)\)(?:\((?P<item>[a-z]+|\d+)\))?$")


@dataclass
class Point:
    """A clause: a paragraph, a lead-in with its items, an item, or a table row."""

    text: str
    form: bool = False
    numbered: bool = False  # an item of a numbered list (ids (1), (2) ... rather than (a), (b) ...)
    children: list[Point] = field(default_factory=list)
    clause: str = ""


RANK = {"real": 0, "numbered": 1, "strong": 2, "colon": 3}  # heading kinds, strongest first


@dataclass
class Heading:
    level: int
    title: str
    kind: str  # real (a heading style or tag) | numbered (a list item used as one) | strong (bold) | colon
    key: int  # which heading of the document it is (two sections may share a title)


@dataclass
class SectionOut:
    path: tuple[Heading, ...]
    points: list[Point] = field(default_factory=list)


@dataclass
class Structured:
    title: str
    front: list[str]
    sections: list[SectionOut]

    def points(self):
        for section in self.sections:
            for point in section.points:
                yield section, point, None
                for child in point.children:
                    yield section, child, point


# ---------------------------------------------------------------------------------------------- conversion


def convert(path: Path) -> Normalised:
    """A file as corpus text: its own numbering kept when the document is numbered throughout (the `numbered`
    or `marked` format as normalise.py writes it), otherwise points by section (scheme 'sections')."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise IngestError(f"{path.name}: unsupported file type '{suffix or '(none)'}'; use {', '.join(SUFFIXES)}")
    if suffix in (".html", ".htm"):
        if not path.is_file():
            raise IngestError(f"{path}: file not found")
        if path.stat().st_size == 0:
            raise IngestError(f"{path.name}: the file is empty")
        _plain(path)  # binary or not UTF-8: the same errors as for .txt
        blocks = read_blocks(path)
        flat = render_text(blocks) if blocks else ""
        if not flat.strip():
            raise IngestError(f"{path.name}: the page has no text (is it the saved page, not a link to it?)")
    else:
        flat = extract_text(path)
        blocks = read_blocks(path)
        if suffix == ".pdf":
            flat = pdf_text(path)  # without running headers, footers and page numbers
    lines = flat.replace("\r\n", "\n").split("\n")
    scheme = detect_scheme(lines)
    if scheme != "none" and numbered_throughout(scheme, lines):
        return normalise(flat)
    structured = build(blocks)
    if not any(True for _ in structured.points()):
        return normalise(flat)
    return Normalised("marked", "sections", write_marked(structured))


def numbered_throughout(scheme: str, lines: list[str]) -> bool:
    """Whether the numbering carries the document (at least half its paragraphs are numbered), rather than a
    few numbered lists in a document organised by headings."""
    numbered = plain = 0
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#") or re.match(r"^(?:[-*\u2022]|\s)", raw) and not DEC_PARA.match(line):
            continue
        if DEC_PARA.match(line) or (scheme != "decimal" and (NUMBER.match(line) or ALPHA.match(line))):
            numbered += 1
        elif not is_contents_line(line):
            plain += 1
    return numbered > 0 and numbered >= 0.5 * (numbered + plain) if scheme != "decimal" else \
        numbered >= 0.25 * (numbered + plain)


def label_templates(title: str) -> tuple[str, str]:
    """Manifest `label` and `label_slug` for a document converted by section: 'Online Safety Policy, Social
    media, point 3' ({section} is the nearest heading, {point} the point and item number)."""
    safe = title.replace("{", "{{").replace("}", "}}")
    return f"{safe} {{clause}}", f"{safe}, {{section}}, point {{point}}"


# ---------------------------------------------------------------------------------------------- building


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def colon_subheading(text: str) -> bool:
    """'Pupils:', 'Parents and carers:': a short line ending in a colon with no lead-in wording."""
    words = _words(text)
    return (text.endswith(":") and len(text) <= 60 and 0 < len(words) <= 6 and text[:1].isupper()
            and not LEAD_WORDS.intersection(words) and not LABELS_ONLY.match(text))


def strong_heading(block: Block) -> bool:
    """A paragraph set apart like a heading (all bold, larger, or a short line on its own) that reads as one."""
    if block.text.endswith(":") and not colon_subheading(block.text):
        return False  # 'The steps are:' leads in to what follows
    text = block.text.rstrip(":").strip()
    return (block.strong and (_is_heading_like(text) or (text.endswith("?") and len(text) <= 100))
            and not MODALS.intersection(_words(text)) and not BLANK.search(text))


def short_title(text: str) -> bool:
    """Up to eight words, no end stop, no lead-in wording: a line that can only be a title."""
    body = re.sub(r"^\(?\d+(?:\.\d+)*[.)]?\s+", "", text)
    return (_is_heading_like(text) and len(text.split()) <= 8 and not LEAD_WORDS.intersection(_words(text))
            and ":" not in body.rstrip(":") and not re.search(r"\d|@", body))  # not a contact line or a date


def numbered_heading(text: str) -> bool:
    """'2. Scope' typed as a paragraph, with text after it: a numbered heading."""
    m = NUMBER.match(text)
    return bool(m) and len(text) <= 60 and short_title(m.group(2))


def item_heading(block: Block, nxt: Block | None) -> bool:
    """A numbered list item used as a heading ('1. Introduction' in bold, then paragraphs): short, no lead-in
    wording, and followed by a paragraph or table rather than more items."""
    numbered = bool(block.marker) and not block.marker.startswith("-")
    return (nxt is not None and nxt.kind in ("para", "table") and (numbered or block.strong)
            and _is_heading_like(block.text) and not LEAD_WORDS.intersection(_words(block.text))
            and (block.strong or numbered and len(block.text) <= 60))


# A cover page's "key value" line whose colon the layout dropped (a PDF's two-column table: "Review date July 2027").
FRONT_START = re.compile(r"^(document owner|policy owner|owner|approved by|date approved|approved|adopted by|"
                         r"ratified by|review date|next review(?: date)?|date of next review|applies to|version|"
                         r"last reviewed|author|status)\s+(\S.{0,80})$", re.IGNORECASE)


# "Approved by the Governing Board: January 2025. Next review: January 2026. Lead: Mrs R. Oak." (one paragraph)
FRONT_SENTENCES = re.compile(r"(?<=\.)\s+(?=[A-Z][^.:]{0,40}:\s)")
FRONT_PART = re.compile(r"^([A-Z][^:\t]{0,40}):\s+(\S.{0,100}?)\.?$")


def _front(block: Block) -> list[str]:
    if block.kind == "para":
        m = FRONT_LINE.match(block.text) or FRONT_START.match(block.text)
        if m and FRONT_KEYS.search(m.group(1)) and not m.group(2).endswith("."):
            return [f"{m.group(1).strip()}: {m.group(2).strip()}"]
        parts = [FRONT_PART.match(part) for part in FRONT_SENTENCES.split(block.text)]
        if len(parts) >= 2 and all(parts) and sum(bool(FRONT_KEYS.search(p.group(1))) for p in parts) >= 2:
            return [f"{p.group(1).strip()}: {p.group(2).strip()}" for p in parts]
    if block.kind == "table" and not block.header and all(len(r) == 2 for r in block.rows):
        out = []
        for key, value in block.rows:
            key = key.rstrip(":").strip()
            if not (key and value and FRONT_KEYS.search(key) and len(key) <= 30 and len(value) <= 80
                    and ":" not in key and "\n" not in value):
                return []
            out.append(f"{key}: {value}")
        return out
    return []


def build(blocks: list[Block]) -> Structured:
    """Sections, points and their items from a document's blocks."""
    blocks = [b for b in blocks if b.kind == "table" or b.text.strip()]
    title = ""
    front: list[str] = []
    sections: list[SectionOut] = []
    path: list[Heading] = []
    section: SectionOut | None = None
    counter = 0
    lead: Point | None = None  # the point whose items follow
    run: Point | None = None  # the last item point, for deeper items
    base = 0  # depth of the items of the current list
    lead_outer = 0  # depth of a lead-in that is itself a bullet
    started = False  # any point yet

    def content(i: int) -> Block | None:
        return blocks[i + 1] if i + 1 < len(blocks) else None

    def open_heading(level: int, text: str, kind: str) -> None:
        nonlocal section, counter
        counter += 1
        while path and path[-1].level >= level:
            path.pop()
        path.append(Heading(level, text, kind, counter))
        section = None

    def add(point: Point) -> Point:
        nonlocal section, started
        if section is None:
            section = SectionOut(tuple(path))
            sections.append(section)
        section.points.append(point)
        started = True
        return point

    def pseudo_level(kind: str) -> int:
        """A heading the document marks only by its look goes under the last heading of a stronger kind."""
        above = [h.level for h in path if RANK[h.kind] < RANK[kind]]
        return (above[-1] if above else 1) + 1

    def heading_at(j: int) -> bool:
        """Whether block j opens a section (the look-ahead of a short line that a heading follows)."""
        if j >= len(blocks):
            return True
        block, after = blocks[j], content(j)
        follows = after is not None and after.kind in ("para", "item", "table")
        return block.kind == "heading" or (block.kind == "item" and item_heading(block, after)) or (
            block.kind == "para" and follows and (colon_subheading(block.text) or strong_heading(block)
                                                  or numbered_heading(block.text)))

    for i, block in enumerate(blocks):
        nxt = content(i)
        if block.kind != "item":
            lead = run = None
        if block.kind == "heading":
            if not title and not started and not path:
                title = block.text.rstrip(":")
                continue
            open_heading(block.level, block.text.rstrip(":").strip(), "real")
            continue
        if block.kind == "para":
            text = block.text
            follows = nxt is not None and nxt.kind in ("para", "item", "table")
            if not started and not path and (not title or (i == 1 and not TITLE_WORDS.search(title)
                                                            and TITLE_WORDS.search(text))) \
                    and i <= 1 and _is_heading_like(text) and len(text) <= 80:
                title = text.rstrip(":")  # the first line, or the second when it names the policy
                continue
            if not started and _front(block):
                front += _front(block)
                continue
            if follows and colon_subheading(text):
                open_heading(pseudo_level("colon"), text.rstrip(":").strip(), "colon")
                continue
            if follows and numbered_heading(text):
                open_heading(pseudo_level("numbered"), text.rstrip(":").strip(), "numbered")
                continue
            if follows and strong_heading(block) or (started or path) and short_title(text) and heading_at(i + 1):
                open_heading(pseudo_level("strong"), text.rstrip(":").strip(), "strong")
                continue
            point = add(Point(text))
            if nxt is not None and nxt.kind == "item":
                lead, base, lead_outer = point, 0, 0
            continue
        if block.kind == "item" and item_heading(block, nxt):
            open_heading(pseudo_level("numbered"), f"{block.marker} {block.text}".strip().rstrip(":"), "numbered")
            lead = run = None
            continue
        if block.kind == "item":
            if lead is not None:
                if not base:
                    base = block.level
                if block.level < base and lead_outer and block.level <= lead_outer:
                    lead, run, base = None, None, lead_outer  # back out to the list the lead-in bullet is in
                elif block.level <= base:
                    child = Point(block.text, numbered=bool(block.marker) and not block.marker.startswith("-"))
                    lead.children.append(child)
                    run = child
                    continue
                else:
                    target = run or lead
                    target.text += "\n" + "  " * max(block.level - base - 1, 0) + "- " + block.text
                    continue
            if run is not None and base and block.level > base:
                run.text += "\n" + "  " * max(block.level - base - 1, 0) + "- " + block.text
                continue
            if run is None or not base or block.level < base:
                base = block.level
            run = add(Point(block.text))
            lead_outer = 0
            if nxt is not None and nxt.kind == "item" and nxt.level > block.level and block.text.endswith(":"):
                lead, run, base, lead_outer = run, None, 0, block.level  # a bullet with its own bullets
            continue
        if block.kind == "table":
            if not started and _front(block):
                front += _front(block)
                continue
            for point in table_points(block):
                add(point)
    structured = Structured(title, front, sections)
    mark_forms(structured)
    assign_ids(structured)
    return structured


def table_points(block: Block) -> list[Point]:
    """One point per row, each cell with its column heading; a table to fill in (mostly empty cells, or a
    signature column) is a form."""
    rows = [list(r) for r in block.rows]
    header = rows[0] if block.header else []
    body = [r for r in (rows[1:] if block.header else rows) if r != header]
    cells = [c for r in body for c in r]
    empty_rows = sum(1 for r in body if not any(c.strip() for c in r))
    form = bool(body) and empty_rows >= 0.5 * len(body) or bool(header) and any(SIGN.search(h) for h in header) \
        or any(BLANK.search(c) for c in cells)
    points = []
    for row in body:
        if not any(c.strip() for c in row):
            continue
        filled = [c.strip() for c in row if c.strip()]
        if header and len(filled) == 1 and len(row) > 1 and (len(filled[0]) > 80 or filled[0].endswith(".")):
            text = filled[0]  # a note across the whole table (a merged row), not one column's value
        elif header:
            parts = []
            for head, cell in zip(header + [""] * (len(row) - len(header)), row, strict=False):
                cell = cell.strip()
                if not cell:
                    continue
                head = head.rstrip(":").strip()
                if cell in TICKS and head:
                    part = head  # a tick in the column: the column heading says it
                else:
                    part = f"{head}: {cell}" if head and head != cell else cell
                parts.append(part if part.endswith((".", "!", "?", ";", ":")) else part + ".")
            text = " ".join(parts)
        elif len(row) == 2 and row[0].strip() and row[1].strip():
            text = f"{row[0].strip().rstrip(':')}: {row[1].strip()}"
        else:
            text = "; ".join(c.strip() for c in row if c.strip())
        points.append(Point(text, form=form))
    if not points and header:
        points.append(Point("; ".join(h for h in header if h), form=True))  # an empty log: its columns
    return points


def is_blank_form(text: str) -> bool:
    """Text with spaces to fill in (underscores, dotted lines, tick boxes) or only labels ('Name: Date:')."""
    return bool(BLANK.search(text)) or bool(LABELS_ONLY.match(text.strip()))


def mark_forms(doc: Structured) -> None:
    """Points with blanks to fill in are forms; so is every point under an appendix heading naming a form
    (agreement, consent, log ...) whose text has a blank or a signature line."""
    for _, point, _ in doc.points():
        if is_blank_form(point.text):
            point.form = True
    under: dict[int, list[Point]] = {}
    appendix: dict[int, bool] = {}
    for section in doc.sections:
        for depth, heading in enumerate(section.path):
            if FORM_TITLE.search(heading.title):
                appendix[heading.key] = any(APPENDIX.search(h.title) for h in section.path[:depth + 1])
                under.setdefault(heading.key, []).extend(
                    p for point in section.points for p in (point, *point.children))
    for key, points in under.items():
        if any(p.form for p in points) or (appendix[key] and any(SIGN.search(p.text) for p in points)):
            for p in points:
                p.form = True


def slugify(title: str, limit: int = SLUG_LIMIT) -> str:
    """'Social media - protecting professional identity' -> 'social-media-protecting-professional-identity':
    lowercase ASCII words and hyphens, the heading's own number left out, cut at a word under `limit`."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower().replace("&", " and ")
    text = re.sub(r"^\s*(?:\d+(?:\.\d+)*|[ivxlc]+[.)])[.):]?\s+", "", text)
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    slug = re.sub(r"^[^a-z]+", "", slug)
    if len(slug) > limit:
        cut = slug[:limit + 1]
        slug = cut[:cut.rfind("-")] if "-" in cut[1:] else slug[:limit]
    return slug.strip("-") or "section"


def assign_ids(doc: Structured) -> None:
    """Ids from the nearest heading's slug and the position within its section; items by position under
    their lead-in."""
    used: dict[str, int] = {}
    seen: dict[int, str] = {}  # heading key -> slug with its #n
    for section in doc.sections:
        key = section.path[-1].key if section.path else 0
        if key not in seen:
            slug = slugify(section.path[-1].title) if section.path else "intro"
            used[slug] = used.get(slug, 0) + 1
            seen[key] = slug if used[slug] == 1 else f"{slug}#{used[slug]}"
        base = seen[key]
        for n, point in enumerate(section.points, start=1):
            point.clause = f"{base}({n})"
            for k, child in enumerate(point.children):
                child.clause = f"{point.clause}({k + 1 if child.numbered else _letter(k)})"


# ---------------------------------------------------------------------------------------------- writing


def _clause_lines(marker: str, point: Point, indent: str) -> list[str]:
    lines = [ln.strip() for ln in point.text.split("\n") if ln.strip()]
    flag = " form" if point.form else ""
    return [f"{marker}[{point.clause}{flag}] {lines[0]}"] + [f"{indent}{ln}" for ln in lines[1:]]


def write_marked(doc: Structured) -> str:
    """The `marked` corpus text: `# Title`, front matter, `##`/`###` ... headings for the section path, `[id] text`
    for a point, `- [id] text` for an item under its lead-in, `[id form]` for a form, indented continuations."""
    out: list[str] = []
    if doc.title:
        out.append(f"# {_one_line(doc.title)}")
    out += doc.front
    written: list[int] = []
    for section in doc.sections:
        if not section.points:
            continue
        keys = [h.key for h in section.path]
        common = 0
        while common < min(len(keys), len(written)) and keys[common] == written[common]:
            common += 1
        for depth in range(common, len(section.path)):
            out += ["", "#" * min(depth + 2, 6) + " " + _one_line(section.path[depth].title)]
        written = keys
        for point in section.points:
            out.append("")
            out += _clause_lines("", point, "  ")
            for child in point.children:
                out += _clause_lines("- ", child, "    ")
    return "\n".join(out).strip("\n") + "\n"


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------------------------------------- labels


def label_fields(parsed: ParsedDocument) -> dict[str, dict[str, str]]:
    """The {section} and {point} of each clause's display label: the nearest heading (with the one above it
    when two sections share that title) and 'N' or 'N, bullet K' / 'N, item K' from a point id; other ids
    give their own clause id as the point."""
    last = [s.title.split(SECTION_SEP)[-1] for s in parsed.sections]
    shared = {t for t in last if last.count(t) > 1}
    out = {}
    for pc in parsed.clauses:
        parts = pc.section.split(SECTION_SEP) if pc.section else []
        section = parts[-1] if parts else ""
        if section in shared and len(parts) > 1:
            section = f"{parts[-2]}: {section}"
        point = pc.clause
        m = POINT_ID.match(pc.clause)
        if m:
            point = m.group("point")
            item = m.group("item")
            if item:
                point += f", item {item}" if item.isdigit() else f", bullet {_letter_number(item)}"
        out[pc.clause] = {"section": section, "point": point}
    return out


def _letter_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - ord("a") + 1)
    return n
