"""A document's structure out of the files schools have: headings, paragraphs, list items and tables, in order.

Each reader turns one kind of file into `Block`s; `structure.py` turns the blocks into clauses.

- .docx (python-docx): heading styles (and outline levels), Word's list numbering as displayed, tables row by
  row (merged cells repeated), paragraphs set all in bold (headings without a heading style); contents fields
  and text boxes are left out.
- .pdf (pypdf): lines with their font size and weight; running headers and footers (the same line at the top
  or bottom of most pages) and page numbers are dropped, lines broken by the layout are joined back into
  paragraphs, a list item's wrapped lines stay in the item, larger or bold lines are headings.
- .html (stdlib html.parser): h1-h6, p, ul/ol/li, table; script, style, nav, header, footer and forms are
  skipped, and only <main> (or <article>) when the page has one.
- .txt/.md: Markdown headings, bullets and pipe tables; paragraphs separated by blank lines (or one per line
  when the file has no blank lines, as Word writes plain text).

Everywhere: private-use glyph bullets (Word's Symbol and Wingdings bullets: U+F0B7, U+F0A7, U+F0D8 ... and
'o' + tab) are list items, and contents pages (titles with dot leaders and page numbers) are dropped.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field, replace
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from .extract import _list_prefix, _num_pr, _numbering_formats, _plain, _style, _w


@dataclass(frozen=True)
class Block:
    """One unit of a document's layout."""

    kind: str  # heading | para | item | table
    text: str = ""
    level: int = 0  # heading: 1 (title level) to 9; item: list depth, 1 outermost
    marker: str = ""  # item: '-' for a bullet, else the number as displayed: '3.', '(b)', 'ii.'
    rows: tuple[tuple[str, ...], ...] = ()  # table: cell texts row by row
    header: bool = False  # table: the first row holds the column headings
    strong: bool = False  # para: set apart like a heading (all bold, larger, or a short line on its own)


# Bullet characters: Word's Symbol / Wingdings bullets come out as private-use code points (U+F0B7 ...), or as
# the Latin-1 letters of the same code ('\u00b7', '\u00a7', 'o', '\u00d8', '\u00fc', 'v') when the font
# mapping is lost; those letters count only before a tab.
GLYPHS = "\u2022\u25cf\u25e6\u25cb\u25aa\u25a0\u25a1\u25c6\u25c7\u2756\u27a2\u25ba\u25b6\u2713\u2714\u2043\u2219" \
         "\u00b7\u2023\u2027\u27a4\u2192\uf000-\uf0ff"
LETTER_GLYPHS = "o\u00a7\u00d8\u00fcvq\u00a8n"
ITEM_LINE = re.compile(rf"^(?P<marker>[{GLYPHS}]|[-*+\u2013\u2014](?=\s)|[{LETTER_GLYPHS}](?=\t)|o(?= {{2,}}))"
                       r"\s*(?P<text>\S.*)$")
NUMBER_LINE = re.compile(r"^(?P<marker>\(?(?:\d{1,3}|[a-z]|[ivx]{1,5})[.)])\s+(?P<text>\S.*)$")
INLINE_GLYPH = re.compile(r"\s*[\uf000-\uf0ff\u2022\u25cf\u25aa\u27a2\u2756\u00b7]\t\s*|\s*[\uf000-\uf0ff]\s+")
MD_HEADING = re.compile(r"^(#{1,6})\s+(\S.*?)\s*#*$")
MD_STRONG = re.compile(r"^(?:\*\*|__)(\S.*?)(?:\*\*|__)$")
# A contents line: a title, then dot leaders (or a tab or a run of spaces) and a page number.
LEADERS = re.compile(r"^(?P<title>\S.{0,150}?)\s*(?:\.{3,}|\u2026+|(?:\. ){3,}|_{4,}|-{4,})\s*\(?\d{1,3}\)?$")
TAB_PAGE = re.compile(r"^(?P<title>\S.{0,150}?)(?:\t+| {3,})\(?\d{1,3}\)?$")
CONTENTS = re.compile(r"^(?:table of )?contents(?: page)?:?$|^index$", re.IGNORECASE)
PAGE_NUMBER = re.compile(r"^(?:page\s*\|?\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*\|\s*page)?$|^-\s*\d{1,4}\s*-$",
                         re.IGNORECASE)
TERMINAL = (".", "!", "?", ";", ":")


def read_blocks(path: Path) -> list[Block]:
    """The blocks of a file already checked by extract.extract_text (or, for .html, readable as text)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        blocks = _docx_blocks(path)
    elif suffix == ".pdf":
        blocks = _pdf_blocks(path)
    elif suffix in (".html", ".htm"):
        blocks = html_blocks(_plain(path))
    else:
        blocks = text_blocks(_plain(path), markdown=suffix == ".md")
    return tidy(blocks)


# ---------------------------------------------------------------------------------------------------- shared


def tidy(blocks: list[Block]) -> list[Block]:
    """Glyph bullets into items, soft line breaks into lines, contents pages out, empty blocks out."""
    out: list[Block] = []
    for block in blocks:
        if block.kind in ("para", "item") and ("\n" in block.text or INLINE_GLYPH.search(block.text)):
            out.extend(_split_lines(block))
        elif block.kind == "para" and ITEM_LINE.match(block.text):
            out.extend(_split_lines(block))
        elif block.kind == "table" or block.text.strip():
            out.append(block)
    out = glyph_levels([b if b.kind == "table" else replace(b, text=_clean(b.text)) for b in out])
    return _drop_contents([b for b in out if b.kind == "table" or b.text])


def _split_lines(block: Block) -> list[Block]:
    """A paragraph with line breaks or inline glyph bullets: its lead-in text, then one item per bullet."""
    text = INLINE_GLYPH.sub(lambda m: "\n\uf0b7\t", block.text)
    out: list[Block] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        item = ITEM_LINE.match(line)
        if item:
            depth = 1
            if block.kind == "item":
                depth = max(depth, block.level + 1)
            out.append(Block("item", _clean(item.group("text")), level=depth, marker=_bullet(item.group("marker"))))
        elif out and out[-1].kind == "para" and not out[-1].text.endswith(TERMINAL):
            out[-1] = replace(out[-1], text=f"{out[-1].text} {line}")
        elif out and out[-1].kind == "item":
            out[-1] = replace(out[-1], text=f"{out[-1].text} {line}")
        elif not out and block.kind == "item":
            out.append(replace(block, text=_clean(line)))
        elif out:
            out.append(Block("para", _clean(line)))
        else:
            out.append(replace(block, text=_clean(line)))
    return out


def _bullet(glyph: str) -> str:
    """An item's marker for a bullet: '-', or '-' and the glyph it was drawn with ('-\uf0a7'), so the levels of a
    list drawn with typed glyphs can be told apart (glyph_levels)."""
    return "-" if glyph in "-*+" else "-" + glyph


def glyph_levels(blocks: list[Block]) -> list[Block]:
    """Lists of typed glyph bullets all at one level: each new glyph in a run goes one level deeper and a
    glyph seen before returns to its level (Word's multi-level bullets: \uf0b7, then o, then \uf0a7)."""
    out: list[Block] = []
    stack: list[str] = []
    for block in blocks:
        glyph = block.marker[1:] if block.kind == "item" and block.marker.startswith("-") else ""
        if not glyph:
            stack = [] if block.kind != "item" else stack
            out.append(block)
            continue
        if glyph in stack:
            del stack[stack.index(glyph) + 1:]
        else:
            stack.append(glyph)
        out.append(replace(block, level=max(block.level if block.level > 1 else 0, stack.index(glyph) + 1)))
    return out


SMALL_WORDS = frozenset("a an and as at by for from in into of on or the to with vs".split())


def _title_case(text: str) -> bool:
    """'Schedule for Monitoring': two to eight words, each but the small ones capitalised, no end stop."""
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    big = [w for w in words if w.lower() not in SMALL_WORDS]
    return (2 <= len(words) <= 8 and bool(big) and all(w[0].isupper() for w in big) and ":" not in text.rstrip(":")
            and not text.rstrip().endswith((".", ",", ";", "!")) and len(text) <= 80)


def _large(para, style) -> bool:
    """Set in a larger type than body text (13 pt or more), as headings without a heading style often are."""
    sizes = [r.font.size.pt for r in para.runs if r.text.strip() and r.font.size is not None]
    if not sizes and style is not None and style.font.size is not None:
        sizes = [style.font.size.pt]
    return bool(sizes) and min(sizes) >= 13


def _capitals(text: str) -> bool:
    """A short line in capitals ('ROLES AND RESPONSIBILITIES'), a heading where no style says so."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and len(text) <= 80 and all(c.isupper() for c in letters)


def _clean(text: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def is_contents_line(text: str) -> bool:
    return bool(LEADERS.match(text.strip()) or TAB_PAGE.match(text.strip()))


def _drop_contents(blocks: list[Block]) -> list[Block]:
    """Contents pages out: a 'Contents' heading and the titles-with-page-numbers after it, and any line with dot
    leaders and a page number."""
    out: list[Block] = []
    in_contents = False
    for block in blocks:
        text = block.text.strip()
        if block.kind in ("heading", "para") and CONTENTS.match(text):
            in_contents = True
            continue
        if block.kind == "table" and block.rows and all(
                re.search(r"\d{1,3}$", " ".join(c for c in row if c).strip()) for row in block.rows if any(row)) \
                and in_contents:
            continue
        if block.kind != "table" and (LEADERS.match(text) or (in_contents and (
                TAB_PAGE.match(text) or re.match(r"^\S.{0,120}?\s\d{1,3}$", text)))):
            continue
        in_contents = False
        out.append(block)
    return out


def render_text(blocks: list[Block]) -> str:
    """Flat text of the blocks in the shape extract.extract_text gives (for numbering detection and the
    numbered parser): `# ` headings, `- ` bullets, numbers as displayed, a blank line between paragraphs."""
    lines: list[str] = []
    for block in blocks:
        if block.kind == "heading":
            lines += ["", "#" * min(max(block.level, 1), 6) + " " + block.text]
        elif block.kind == "item":
            prefix = "- " if block.marker.startswith("-") or not block.marker else block.marker + " "
            if prefix == "- ":
                lines.append(("  " * (block.level - 1)) + prefix + block.text)
            else:
                lines += ["", prefix + block.text]
        elif block.kind == "table":
            for row in block.rows:
                if any(row):
                    lines += ["", " | ".join(row)]
        else:
            lines += ["", block.text]
    return "\n".join(lines).strip() + "\n"


def table_header(rows: list[list[str]], marked: bool) -> bool:
    """Whether the first row holds column headings: marked so (Word's header row, <th>, all bold), or short
    labels over at least one more row."""
    if len(rows) < 2 or len(rows[0]) < 2:
        return False
    first = rows[0]
    if marked:
        return any(first)
    keys = [r[0] for r in rows if r and r[0]]
    if len(keys) >= 3 and sum(1 for k in keys if re.fullmatch(r"[A-Z0-9&/-]{2,10}", k)) >= 0.6 * len(keys):
        return False  # a glossary: abbreviations down the first column, the first row among them
    return all(c and len(c) <= 60 and not c.endswith((".", ":")) for c in first)


# ---------------------------------------------------------------------------------------------------- docx

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SKIP_TAGS = {"pPr", "rPr", "del", "txbxContent", "instrText", "delText", "Fallback", "fldData"}


def _docx_blocks(path: Path) -> list[Block]:
    import docx
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    formats = _numbering_formats(document)
    counters: dict[tuple[str, int], int] = {}
    styles: dict = {}
    out: list[Block] = []

    def paragraph(element) -> None:
        para = Paragraph(element, document)
        text = _docx_text(element).strip()
        if not text:
            return
        style = _style(styles, element, para)
        name = ((style.name if style is not None else "") or "").strip()
        low = name.lower()
        if low.startswith("toc") or low in ("table of figures", "index 1", "index 2"):
            return
        level = _heading_level(element, style, low)
        if level:
            out.append(Block("heading", _clean(text.replace("\n", " ")), level=level))
            return
        style_element = style.element if style is not None else None
        prefix = _list_prefix(element, style_element, formats, counters, name)
        if prefix:
            numpr = _num_pr(element) or _num_pr(style_element)
            depth = (numpr[1] if numpr else 0) + 1
            out.append(Block("item", text, level=depth, marker=prefix.strip(), strong=_all_bold(para, style, styles)))
            return
        looks = _all_bold(para, style, styles) or _capitals(text) or _large(para, style) or _title_case(text)
        out.append(Block("para", text, strong=looks and len(text) <= 150))

    def table(element) -> None:
        rows, marked = _docx_rows(element)
        columns = max((len(r) for r in rows), default=0)
        if columns <= 1:  # a box drawn as a one-column table: its paragraphs are ordinary text
            for tr in element.iterchildren(_w("tr")):
                for tc in tr.iterchildren(_w("tc")):
                    for child in tc.iterchildren():
                        walk(child)
            return
        if any(any(c for c in r) for r in rows):
            out.append(Block("table", rows=tuple(tuple(r) for r in rows), header=table_header(rows, marked)))

    def walk(element) -> None:
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph(element)
        elif tag == "tbl":
            table(element)
        elif tag == "sdt":
            gallery = element.find(f".//{W_NS}docPartGallery")
            if gallery is not None and "contents" in (gallery.get(f"{W_NS}val") or "").lower():
                return  # a contents field
            content = element.find(_w("sdtContent"))
            for child in content.iterchildren() if content is not None else ():
                walk(child)

    for child in document.element.body.iterchildren():
        walk(child)
    return out


def _docx_text(element) -> str:
    """A paragraph's text as displayed: runs, hyperlinks, tabs, line breaks, symbol characters (Word's bullet
    glyphs typed in), without deleted text, field codes or text boxes."""
    parts: list[str] = []

    def visit(node) -> None:
        for child in node.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
            if tag in SKIP_TAGS or tag == "p":
                continue
            if tag == "t":
                parts.append(child.text or "")
            elif tag in ("tab", "ptab"):
                parts.append("\t")
            elif tag in ("br", "cr"):
                parts.append("\n")
            elif tag == "noBreakHyphen":
                parts.append("-")
            elif tag == "sym":
                code = child.get(f"{W_NS}char") or ""
                try:
                    parts.append(chr(int(code, 16)))
                except ValueError:
                    pass
            else:
                visit(child)

    visit(element)
    return "".join(parts)


def _heading_level(element, style, low_name: str) -> int:
    """1 for the Title style, 2-10 for Heading 1-9 (or a style based on one, or an outline level)."""
    current, depth = style, 0
    while current is not None and depth < 10:
        name = (current.name or "").strip().lower()
        if name == "title":
            return 1
        match = re.match(r"^heading\s*(\d)$", name)
        if match:
            return int(match.group(1)) + 1
        current, depth = current.base_style, depth + 1
    if low_name == "title":
        return 1
    for node in (element, style.element if style is not None else None):
        ppr = node.find(_w("pPr")) if node is not None else None
        outline = ppr.find(_w("outlineLvl")) if ppr is not None else None
        if outline is not None and (outline.get(_w("val")) or "9").isdigit() and int(outline.get(_w("val"))) < 9:
            return int(outline.get(_w("val"))) + 2
    return 0


def _all_bold(para, style, styles: dict) -> bool:
    """Every run with text is bold (directly, by its character style or by the paragraph style); styles is the
    document's style cache (extract._style)."""
    style_bold = False
    current = style
    while current is not None and not style_bold:
        style_bold = bool(current.font.bold)
        current = current.base_style
    runs = [r for r in para.runs if r.text.strip()]
    if not runs:
        return False
    for run in runs:
        bold = run.bold
        run_style = _style(styles, run.element, run) if bold is None else None
        if run_style is not None and run_style.font.bold is not None:
            bold = run_style.font.bold
        if not (bold or (bold is None and style_bold)):
            return False
    return True


def _docx_rows(element) -> tuple[list[list[str]], bool]:
    """Cell texts of a table's rows (cells spanning columns repeated in heading rows, cells merged down carry the
    text of the cell above) and whether Word marks the first row as a header row or it is all bold."""
    rows: list[list[str]] = []
    above: dict[int, str] = {}
    marked = False
    for number, tr in enumerate(element.iterchildren(_w("tr"))):
        trpr = tr.find(_w("trPr"))
        if number == 0 and trpr is not None and trpr.find(_w("tblHeader")) is not None:
            marked = True
        row: list[str] = []
        for tc in tr.iterchildren(_w("tc")):
            tcpr = tc.find(_w("tcPr"))
            span = tcpr.find(_w("gridSpan")) if tcpr is not None else None
            width = int(span.get(_w("val"), "1")) if span is not None else 1
            merge = tcpr.find(_w("vMerge")) if tcpr is not None else None
            paragraphs = [_clean(_docx_text(p).replace("\n", " ")) for p in tc.iter(_w("p"))]
            text = _join_cell([p for p in paragraphs if p])
            column = len(row)
            if merge is not None and merge.get(_w("val"), "continue") == "continue":
                text = above.get(column, "")
            above[column] = text
            row.append(text)
            row.extend([text if number == 0 else ""] * (width - 1))
        rows.append(row)
    if rows and not marked:
        first = [tc for tc in next(element.iterchildren(_w("tr"))).iterchildren(_w("tc"))]
        marked = bool(first) and all(_cell_bold(tc) for tc in first if _docx_text(tc).strip()) and \
            any(_docx_text(tc).strip() for tc in first)
    return rows, marked


def _cell_bold(tc) -> bool:
    runs = [r for r in tc.iter(_w("r")) if "".join(t.text or "" for t in r.iter(_w("t"))).strip()]
    if not runs:
        return False
    for run in runs:
        rpr = run.find(_w("rPr"))
        bold = rpr.find(_w("b")) if rpr is not None else None
        if bold is None or bold.get(_w("val"), "true") in ("0", "false"):
            return False
    return True


def _join_cell(parts: list[str]) -> str:
    """A cell's paragraphs in one line: a sentence ends with its own stop, other parts are joined with '; '."""
    out = ""
    for part in parts:
        part = re.sub(rf"^(?:[{GLYPHS}]|[-*\u2013](?=\s))\s*", "", part)
        if not out:
            out = part
        else:
            out += (" " if out.endswith(TERMINAL) else "; ") + part
    return out


# ---------------------------------------------------------------------------------------------------- html

SKIP_HTML = {"script", "style", "nav", "noscript", "template", "svg", "form", "button", "select", "iframe",
             "head", "aside", "object", "canvas", "dialog"}
PAGE_CHROME = {"header", "footer"}
CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary"}
# class or id of a website's menus, sidebars and banners
CHROME_CLASS = re.compile(r"[\s_-](?:nav|navbar|navigation|menu|sidebar|breadcrumbs?|cookies?|skip-link|share|"
                          r"sharing|site-footer|site-header|footer|masthead)[\s_-]", re.IGNORECASE)
BLOCK_HTML = {"p", "div", "section", "article", "main", "blockquote", "dd", "dt", "dl", "figcaption",
              "address", "pre", "hr", "center", "details", "summary", "figure", "body", "html"}
VOID_HTML = {"br", "img", "hr", "meta", "link", "input", "wbr", "area", "base", "col", "embed", "source", "track"}


class _HtmlReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[Block, bool]] = []  # (block, inside <main>/<article>)
        self.stack: list[str] = []
        self.skip = 0
        self.main = 0
        self.buf: list[str] = []
        self.strong_chars = 0
        self.chars = 0
        self.bold = 0
        self.pre = 0
        self.lists: list[list] = []  # [tag, next number, type]
        self.item_open = False
        self.table: list[list[str]] | None = None
        self.table_marked = False
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.tables: list[tuple] = []  # enclosing tables' state, for a table inside a cell
        self.heading = 0

    # text

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        text = data if self.pre else re.sub(r"\s+", " ", data)
        if not text:
            return
        self.buf.append(text)
        n = len(text.strip())
        self.chars += n
        if self.bold:
            self.strong_chars += n

    def _take(self) -> tuple[str, bool]:
        text = "".join(self.buf)
        text = "\n".join(_clean(line) for line in text.split("\n")).strip()
        strong = self.chars > 0 and self.strong_chars >= self.chars
        self.buf, self.chars, self.strong_chars = [], 0, 0
        return text, strong

    def _emit(self, block: Block) -> None:
        self.blocks.append((block, self.main > 0))

    def flush(self) -> None:
        text, strong = self._take()
        if not text:
            return
        if self.cell is not None:
            self.cell.append(text.replace("\n", " "))
        elif self.heading:
            self._emit(Block("heading", text.replace("\n", " "), level=self.heading))
        elif self.item_open and self.lists:
            tag, number, kind = self.lists[-1]
            marker = "-" if tag == "ul" else _ol_marker(number - 1, kind)
            self._emit(Block("item", text, level=len(self.lists), marker=marker))
            self.item_open = False
        else:
            self._emit(Block("para", text, strong=strong and len(text) <= 150))

    # tags

    def handle_starttag(self, tag: str, attrs) -> None:
        attrs = dict(attrs)
        if tag not in VOID_HTML:
            self.stack.append(tag)
        if self.skip:
            if tag not in VOID_HTML and (tag in SKIP_HTML or tag in PAGE_CHROME):
                self.skip += 1
            return
        if tag in SKIP_HTML or (tag in PAGE_CHROME and not self.main) or attrs.get("role") in CHROME_ROLES \
                or "hidden" in attrs or attrs.get("aria-hidden") == "true" \
                or CHROME_CLASS.search(f" {attrs.get('class') or ''} {attrs.get('id') or ''} "):
            if tag not in VOID_HTML:
                self.flush()
                self.skip += 1
                self.stack[-1] = f"skip:{tag}"
            return
        if tag in ("main", "article"):
            self.flush()
            self.main += 1
        if tag == "br":
            self.buf.append("\n")
        elif tag in ("b", "strong"):
            self.bold += 1
        elif tag == "pre":
            self.flush()
            self.pre += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self.flush()
            self.heading = int(tag[1])
        elif tag in ("ul", "ol"):
            self.flush()
            start = attrs.get("start") or "1"
            self.lists.append([tag, int(start) if start.isdigit() else 1, attrs.get("type") or "1"])
        elif tag == "li":
            self.flush()
            if self.lists:
                if self.lists[-1][0] == "ol" and (attrs.get("value") or "").isdigit():
                    self.lists[-1][1] = int(attrs["value"])
                self.lists[-1][1] += 1
            self.item_open = True
        elif tag == "table":
            self.flush()
            self.tables.append((self.table, self.row, self.cell, self.table_marked))
            self.table, self.row, self.cell, self.table_marked = [], None, None, False
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th") and self.table is not None:
            if self.row is None:
                self.row = []
            self.cell = []
            if tag == "th" and not self.table:
                self.table_marked = True
            self.colspan = int(attrs.get("colspan") or 1) if (attrs.get("colspan") or "1").isdigit() else 1
        elif tag in BLOCK_HTML:
            self.flush()

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_HTML:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_HTML:
            return
        if tag not in self.stack and f"skip:{tag}" not in self.stack:
            return  # a stray end tag
        while self.stack:
            open_tag = self.stack.pop()
            self._close(open_tag)
            if open_tag in (tag, f"skip:{tag}"):
                break

    def _close(self, tag: str) -> None:
        if tag.startswith("skip:"):
            self.skip -= 1
            return
        if self.skip:
            if tag in SKIP_HTML or tag in PAGE_CHROME:
                self.skip -= 1
            return
        if tag in ("b", "strong"):
            self.bold = max(self.bold - 1, 0)
        elif re.fullmatch(r"h[1-6]", tag):
            self.flush()
            self.heading = 0
        elif tag == "pre":
            self.flush()
            self.pre = max(self.pre - 1, 0)
        elif tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()
        elif tag == "li":
            self.flush()
            self.item_open = False
        elif tag in ("td", "th") and self.cell is not None:
            self.flush()
            text = _join_cell(self.cell)
            self.row.extend([text] + [""] * (getattr(self, "colspan", 1) - 1))
            self.cell = None
        elif tag == "tr" and self.table is not None and self.row is not None:
            if any(self.row):
                self.table.append(self.row)
            self.row = None
        elif tag == "table" and self.table is not None:
            rows = self.table
            marked = self.table_marked
            self.table, self.row, self.cell, self.table_marked = self.tables.pop()
            self._table(rows, marked)
        elif tag in BLOCK_HTML:
            self.flush()
        if tag in ("main", "article"):
            self.main = max(self.main - 1, 0)

    def _table(self, rows: list[list[str]], marked: bool) -> None:
        if not rows:
            return
        if self.cell is not None:  # a table inside a cell: its text joins the cell
            self.cell.append(_join_cell([_join_cell([c for c in r if c]) for r in rows]))
            return
        if max(len(r) for r in rows) <= 1:
            for row in rows:
                if row and row[0]:
                    self._emit(Block("para", row[0]))
            return
        self._emit(Block("table", rows=tuple(tuple(r) for r in rows), header=table_header(rows, marked)))

    def close(self) -> None:
        super().close()
        while self.stack:
            self._close(self.stack.pop())
        self.flush()


def _ol_marker(number: int, kind: str) -> str:
    if kind == "a":
        return f"({chr(ord('a') + (number - 1) % 26)})"
    if kind == "i":
        from .extract import _roman

        return f"{_roman(number)}."
    return f"{number}."


def html_blocks(text: str) -> list[Block]:
    """Blocks of an HTML page saved from a school website: the <main> (or <article>) content when there is one."""
    reader = _HtmlReader()
    reader.feed(text)
    reader.close()
    inside = [b for b, in_main in reader.blocks if in_main]
    return inside if inside else [b for b, _ in reader.blocks]


# ---------------------------------------------------------------------------------------------------- lines


@dataclass
class Line:
    """One line of a text or PDF file."""

    text: str
    gap: bool = False  # a blank line or extra space before it
    page_start: bool = False
    size: float = 0.0  # font size (PDF)
    bold: bool = False
    x: float = 0.0  # left edge (PDF points) or leading spaces (text)
    y: float = 0.0
    page: int = 0


@dataclass
class _Open:
    kind: str
    lines: list[Line] = field(default_factory=list)
    marker: str = ""
    depth: int = 1
    text_x: float = 0.0


def text_blocks(text: str, markdown: bool = False) -> list[Block]:
    """Blocks of a .txt or .md file."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    lines: list[Line] = []
    gap = False
    for line in raw:
        if not line.strip():
            gap = True
            continue
        expanded = line.replace("\t", "    ") if not ITEM_LINE.match(line.strip()) else line
        indent = len(expanded) - len(expanded.lstrip())
        lines.append(Line(line.strip(), gap=gap, x=float(indent)))
        gap = False
    blanks = sum(1 for ln in lines if ln.gap)
    by_line = len(lines) > 3 and blanks < 0.15 * len(lines)  # Word's plain text: one paragraph per line
    return _blocks_from_lines(lines, pdf=False, one_per_line=by_line, markdown=markdown)


def _is_heading_like(text: str) -> bool:
    """A short line that reads as a title: no sentence punctuation at its end, few words, starts capitalised."""
    words = text.split()
    return (0 < len(words) <= 12 and len(text) <= 100 and not text.endswith((".", ",", ";", "!"))
            and (text[:1].isupper() or text[:1].isdigit()) and not re.search(r"_{3,}|\.{4,}", text))


def _without_contents(lines: list[Line]) -> list[Line]:
    """Lines of a contents page out: titles with dot leaders and a page number, and after a 'Contents' line,
    titles ending in a page number."""
    out: list[Line] = []
    in_contents = False
    for ln in lines:
        text = ln.text.strip()
        if CONTENTS.match(text.lstrip("#").strip()):
            in_contents = True
            continue
        if LEADERS.match(text) or (in_contents and (TAB_PAGE.match(text) or re.match(r"^\S.{0,120}?\s\d{1,3}$", text))):
            continue
        in_contents = False
        out.append(ln)
    return out


def _blocks_from_lines(lines: list[Line], pdf: bool, one_per_line: bool = False, markdown: bool = False) \
        -> list[Block]:
    out: list[Block] = []
    lines = _without_contents(lines)
    if not lines:
        return out
    sizes: dict[float, int] = {}
    for ln in lines:
        sizes[round(ln.size * 2) / 2] = sizes.get(round(ln.size * 2) / 2, 0) + len(ln.text)
    body = max(sizes, key=lambda s: sizes[s]) if sizes else 0.0
    heading_sizes = sorted({round(ln.size * 2) / 2 for ln in lines if pdf and ln.size >= body + 1.0}, reverse=True)
    margin = statistics.median([ln.x for ln in lines if round(ln.size * 2) / 2 == body] or [0.0])
    lengths = sorted(len(ln.text) for ln in lines if round(ln.size * 2) / 2 == body)
    full = lengths[int(len(lengths) * 0.9)] * 0.8 if lengths else 80
    bullet_xs = sorted({round(ln.x / 4) * 4 for ln in lines if ITEM_LINE.match(ln.text)})
    current: _Open | None = None

    def close() -> None:
        nonlocal current
        if current is None:
            return
        text = _join_lines([ln.text for ln in current.lines])
        if current.kind == "item":
            out.append(Block("item", text, level=current.depth, marker=current.marker))
        elif current.kind == "heading":
            out.append(Block("heading", text, level=current.depth))
        elif current.kind == "table":
            rows = [[_clean(c) for c in ln.text.strip().strip("|").split("|")] for ln in current.lines]
            rule = [i for i, r in enumerate(rows) if all(re.fullmatch(r":?-{2,}:?", c) for c in r if c)]
            body_rows = [r for i, r in enumerate(rows) if i not in rule]
            if body_rows:
                out.append(Block("table", rows=tuple(tuple(r) for r in body_rows),
                                 header=bool(rule) and rule[0] == 1 or table_header(body_rows, False)))
        else:
            first = current.lines[0]
            single = len(current.lines) == 1
            strong = single and _is_heading_like(text) and (
                (pdf and (first.bold or _capitals(text))) or (not pdf and not markdown and (first.gap or one_per_line))
                or (markdown and _capitals(text)))
            strong_md = MD_STRONG.match(text)
            if strong_md:
                text, strong = strong_md.group(1), True
            out.append(Block("para", text, strong=strong))
        current = None

    for line in lines:
        text = line.text
        size = round(line.size * 2) / 2
        md = MD_HEADING.match(text) if not pdf else None
        if md:
            close()
            out.append(Block("heading", md.group(2), level=len(md.group(1))))
            continue
        if not pdf and text.startswith("|") and text.endswith("|") and text.count("|") >= 3:
            if current is None or current.kind != "table":
                close()
                current = _Open("table")
            current.lines.append(line)
            continue
        if pdf and size in heading_sizes and len(text) <= 150 and not ITEM_LINE.match(text):
            level = heading_sizes.index(size) + 1
            if current is not None and current.kind == "heading" and current.depth == level and not line.gap \
                    and not line.page_start:
                current.lines.append(line)
                continue
            close()
            current = _Open("heading", [line], depth=level)
            continue
        item = ITEM_LINE.match(text)
        number = NUMBER_LINE.match(text) if not item else None
        if item or number:
            match = item or number
            close()
            marker = _bullet(match.group("marker")) if item else match.group("marker")
            depth = 1
            if pdf and item and len(bullet_xs) > 1:
                depth = max(depth, bullet_xs.index(round(line.x / 4) * 4) + 1)
            elif not pdf and line.x >= 2:
                depth = max(depth, 1 + int(line.x // 2))
            current = _Open("item", [replace(line, text=match.group("text"))], marker=marker, depth=depth,
                            text_x=line.x + (6 if pdf else 2))
            continue
        if current is not None and _continues(current, line, pdf, one_per_line, full, margin, body):
            current.lines.append(line)
            continue
        close()
        current = _Open("para", [line])
    close()
    return out


def _continues(current: _Open, line: Line, pdf: bool, one_per_line: bool, full: float, margin: float,
               body: float) -> bool:
    """Whether the line carries on the open paragraph or item (a line broken by the layout)."""
    if current.kind in ("heading", "table"):
        return False
    last = current.lines[-1]
    ended = last.text.endswith(TERMINAL)
    if pdf and (abs(round(line.size * 2) / 2 - round(last.size * 2) / 2) > 0.5 or last.bold != line.bold):
        return line.page_start and not ended and line.text[:1].islower()
    if line.page_start or line.gap:
        # a page break or a gap inside a sentence: the next line starts in lower case
        return not ended and line.text[:1].islower() and (pdf or line.page_start)
    if not pdf:
        if one_per_line:
            return False
        return True  # Markdown: the lines of a block are one paragraph
    if ended and sum(len(ln.text) for ln in current.lines) > 1200:
        return False  # a long paragraph ends at a sentence end rather than run into the next one
    if current.kind == "item":
        return line.x > margin + 3 or not ended or len(last.text) >= full
    if ended and line.x > margin + 8 and line.text[:1].isupper():
        return False  # a first-line indent starts a paragraph
    return not ended or len(last.text) >= full


def _join_lines(parts: list[str]) -> str:
    out = ""
    for part in parts:
        part = part.strip()
        if not out:
            out = part
        elif out.endswith("-") and not out.endswith(" -") and part[:1].islower():
            out = out[:-1] + part  # a word hyphenated at the line end
        else:
            out = f"{out} {part}"
    return _clean(out)


# ---------------------------------------------------------------------------------------------------- pdf


class _PageLines:
    """Collects one page's lines from pypdf's text visitor: the text pypdf writes, split at its line breaks,
    with the position of each line's first text and the size and weight of most of its characters."""

    def __init__(self, page: int):
        self.page = page
        self.lines: list[Line] = []
        self._reset()

    def _reset(self) -> None:
        self.text: list[str] = []
        self.at: tuple[float, float] | None = None
        self.sizes: dict[float, int] = {}
        self.bold = self.chars = 0

    def end_line(self) -> None:
        text = "".join(self.text).strip()
        if text and self.at is not None:
            size = max(self.sizes, key=self.sizes.get) if self.sizes else 0.0
            self.lines.append(Line(text, size=size, bold=self.chars > 0 and self.bold >= self.chars,
                                   x=self.at[0], y=self.at[1], page=self.page))
        self._reset()

    def visit(self, text, cm, tm, font, font_size) -> None:
        for i, piece in enumerate(text.split("\n")):
            if i:
                self.end_line()
            if not piece:
                continue
            self.text.append(piece)
            n = len(piece.strip())
            if not n:
                continue
            scale = (abs(tm[3]) or abs(tm[0]) or 1.0) * (abs(cm[3]) or abs(cm[0]) or 1.0)
            size = round(float(font_size or 0) * scale, 1)
            if self.at is None:
                self.at = (float(tm[4] * cm[0] + tm[5] * cm[2] + cm[4]), float(tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))
            self.sizes[size] = self.sizes.get(size, 0) + n
            name = str(font.get("/BaseFont", "")) if hasattr(font, "get") else ""
            self.chars += n
            if re.search(r"bold|black|heavy|semibold|demi", name, re.IGNORECASE):
                self.bold += n


def pdf_lines(path: Path) -> list[list[Line]]:
    """Each page's lines with their font size, weight and position (pypdf's text, read with its visitor)."""
    stat = Path(path).stat()
    return [[replace(ln) for ln in page] for page in _pdf_lines(str(path), stat.st_mtime_ns, stat.st_size)]


@lru_cache(maxsize=2)
def _pdf_lines(path: str, mtime: int, size: int) -> list[list[Line]]:  # read once for the blocks and the text
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    if reader.is_encrypted:
        reader.decrypt("")
    pages: list[list[Line]] = []
    for number, page in enumerate(reader.pages):
        collector = _PageLines(number)
        page.extract_text(visitor_text=collector.visit)
        collector.end_line()
        height = float(page.mediabox.height or 842)
        for ln in collector.lines:
            ln.y = ln.y / height if height else 0.0  # 1 at the top of the page, 0 at the bottom
        pages.append(collector.lines)
    return pages


def _page_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """The pages without running headers and footers (lines repeated at the top or bottom of most pages),
    page numbers and contents lines."""
    def key(text: str) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))

    def edge(lines: list[Line], i: int) -> bool:
        ln = lines[i]
        return i < 3 or i >= len(lines) - 3 or ln.y > 0.9 or ln.y < 0.1

    counts: dict[str, int] = {}
    for lines in pages:
        for k in {key(ln.text) for i, ln in enumerate(lines) if edge(lines, i)}:
            counts[k] = counts.get(k, 0) + 1
    needed = max(2, (len(pages) + 1) // 2)
    repeated = {k for k, n in counts.items() if n >= needed} if len(pages) >= 2 else set()
    out = []
    for lines in pages:
        kept = []
        for i, ln in enumerate(lines):
            if edge(lines, i) and (key(ln.text) in repeated or PAGE_NUMBER.match(ln.text.strip())):
                continue
            kept.append(ln)
        out.append(kept)
    return out


def _pdf_blocks(path: Path) -> list[Block]:
    pages = _page_furniture(pdf_lines(path))
    lines: list[Line] = []
    spacings: list[float] = []
    for lines_of_page in pages:
        for a, b in zip(lines_of_page, lines_of_page[1:], strict=False):
            if abs(a.size - b.size) < 0.6 and a.y > b.y:
                spacings.append(a.y - b.y)
    leading = statistics.median(spacings) if spacings else 0.02
    for lines_of_page in pages:
        for i, ln in enumerate(lines_of_page):
            if i == 0:
                ln.page_start = bool(lines)
            else:
                prev = lines_of_page[i - 1]
                ln.gap = (prev.y - ln.y) > leading * 1.4 * max(1.0, max(prev.size, ln.size) / max(ln.size, 1.0))
            lines.append(ln)
    return _blocks_from_lines(lines, pdf=True)


def pdf_text(path: Path) -> str:
    """The PDF's lines without page furniture, one per line (for the numbered formats' parsers)."""
    pages = _page_furniture(pdf_lines(path))
    return "\n".join(ln.text for lines in pages for ln in lines if not is_contents_line(ln.text)) + "\n"
