"""Text out of the files staff have: .md, .txt, .docx (python-docx) and .pdf (pypdf), one paragraph per line.

Word headings come out as Markdown headings (`# `), Word bullets as `- ` and Word's automatic numbering
as the numbers it displays (`1.`, `(a)`, `i.`), so numbering detection sees what a reader sees.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import IngestError

SUFFIXES = (".md", ".txt", ".docx", ".pdf")


def extract_text(path: Path) -> str:
    """The document's text; IngestError with a one-line reason for any file that cannot be used."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise IngestError(f"{path.name}: unsupported file type '{suffix or '(none)'}'; use {', '.join(SUFFIXES)}")
    if not path.is_file():
        raise IngestError(f"{path}: file not found")
    if path.stat().st_size == 0:
        raise IngestError(f"{path.name}: the file is empty")
    reader = {".docx": _docx, ".pdf": _pdf}.get(suffix, _plain)
    text = reader(path)
    if not text.strip():
        raise IngestError(f"{path.name}: the file has no text")
    return text


def _plain(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:4096] or data[:4] in (b"%PDF", b"PK\x03\x04"):
        raise IngestError(f"{path.name}: this is a binary file, not text (is the extension right?)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"{path.name}: not UTF-8 text (byte {exc.start}); save it as UTF-8 and try again") from None


def _docx(path: Path) -> str:
    if not zipfile.is_zipfile(path):
        raise IngestError(f"{path.name}: not a Word .docx file (is the extension right? old .doc files "
                          "must be saved as .docx)")
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise IngestError(f"{path.name}: could not read the Word document ({exc})") from None
    formats = _numbering_formats(document)
    counters: dict[tuple[str, int], int] = {}
    styles: dict = {}
    lines: list[str] = []
    body = document.element.body
    for block in body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "tbl":
            for row in block.iter(_w("tr")):
                cells = ["".join(t.text or "" for t in cell.iter(_w("t"))).strip() for cell in row.iter(_w("tc"))]
                if any(cells):
                    lines += ["", " | ".join(cells)]
            continue
        if tag != "p":
            continue
        paragraph = Paragraph(block, document)
        text = paragraph.text.strip()
        if not text:
            continue
        paragraph_style = _style(styles, block, paragraph)
        style = (paragraph_style.name if paragraph_style is not None else "") or ""
        if style == "Title" or style.startswith("Heading"):
            level = int(style.split()[-1]) if style.split()[-1].isdigit() else 1
            lines += ["", "#" * min(level, 6) + " " + text]
            continue
        style_element = paragraph_style.element if paragraph_style is not None else None
        prefix = _list_prefix(block, style_element, formats, counters, style)
        if prefix == "- ":
            lines.append(prefix + text)  # bullets stay with the paragraph above them
        else:
            lines += ["", prefix + text]
    return "\n".join(lines).strip() + "\n"


def _numbering_formats(document) -> dict[tuple[str, int], str]:
    """(numId, level) -> Word's number format ('decimal', 'lowerLetter', 'lowerRoman', 'bullet' ...)."""
    try:
        numbering = document.part.numbering_part.element
    except (NotImplementedError, KeyError, AttributeError):
        return {}
    abstract = {}
    for node in numbering.iter(_w("abstractNum")):
        levels = {}
        for lvl in node.iter(_w("lvl")):
            fmt = lvl.find(_w("numFmt"))
            levels[int(lvl.get(_w("ilvl"), "0"))] = fmt.get(_w("val")) if fmt is not None else "decimal"
        abstract[node.get(_w("abstractNumId"))] = levels
    out = {}
    for num in numbering.iter(_w("num")):
        ref = num.find(_w("abstractNumId"))
        for level, fmt in abstract.get(ref.get(_w("val")) if ref is not None else "", {}).items():
            out[(num.get(_w("numId")), level)] = fmt
    return out


def _style(cache: dict, element, item):
    """item.style (a python-docx Paragraph or Run over element), looked up once per kind and style id in a document:
    python-docx finds the default style by scanning every style in the file, about 1 ms each time."""
    key = (element.tag, element.style)
    if key not in cache:
        cache[key] = item.style
    return cache[key]


def _w(name: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + name


def _num_pr(element) -> tuple[str, int] | None:
    """(numId, level) from an element's w:pPr/w:numPr, if it has one."""
    ppr = element.find(_w("pPr")) if element is not None else None
    numpr = ppr.find(_w("numPr")) if ppr is not None else None
    num = numpr.find(_w("numId")) if numpr is not None else None
    if num is None:
        return None
    level = numpr.find(_w("ilvl"))
    return num.get(_w("val")), int(level.get(_w("val"))) if level is not None else 0


def _list_prefix(block, style_element, formats, counters, style: str) -> str:
    """The number or bullet Word would display before this paragraph, or ''."""
    key = _num_pr(block) or _num_pr(style_element)  # direct numbering, or the style's (List Number)
    if key is None or key[0] == "0":
        return "- " if style.startswith("List Bullet") else ""
    fmt = formats.get(key, "bullet")
    if fmt in ("bullet", "none"):
        return "- "
    for other in [k for k in counters if k[0] == key[0] and k[1] > key[1]]:
        del counters[other]  # a new item restarts the levels below it
    counters[key] = counters.get(key, 0) + 1
    n = counters[key]
    if fmt == "lowerLetter":
        return f"({chr(ord('a') + (n - 1) % 26)}) "
    if fmt == "lowerRoman":
        return f"{_roman(n)}. "
    return f"{n}. " if key[1] == 0 else "- "


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _pdf(path: Path) -> str:
    with path.open("rb") as handle:
        if handle.read(5) != b"%PDF-":
            raise IngestError(f"{path.name}: not a PDF file (is the extension right?)")
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(f"{path.name}: the PDF is password-protected; save a copy without a password "
                              "and try again")
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        message = str(exc)
        if "decrypt" in message.lower() or "password" in message.lower():
            raise IngestError(f"{path.name}: the PDF is password-protected; save a copy without a password "
                              "and try again") from None
        raise IngestError(f"{path.name}: could not read the PDF ({message})") from None
    if not any(p.strip() for p in pages):
        raise IngestError(f"{path.name}: the PDF has no text layer (a scanned document?); export it as text or "
                          "run OCR first")
    return "\n".join(pages)
