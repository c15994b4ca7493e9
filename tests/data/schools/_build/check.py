"""Check every questions.yaml: ids unique, verdicts valid, excerpts 6-20 words, verbatim and unique in the document
(whitespace-normalised) as read from the fixture file itself (txt / docx / pdf via pypdf)."""
import os, re, sys, yaml
from docx import Document
import pypdf
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VERDICTS = {"prohibited", "discouraged", "conditional", "permitted", "required", "info", "not_covered"}
norm = lambda s: re.sub(r"\s+", " ", s).strip()

def docx_text(path):
    d = Document(path); parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for c in row.cells: parts.append(c.text)
    return "\n".join(parts)

def pdf_text(path, strip_furniture=False):
    out = []
    for pg in pypdf.PdfReader(path).pages:
        lines = pg.extract_text().split("\n")
        if strip_furniture:
            lines = [l for l in lines if not l.startswith("Calder Ridge Academies Trust Staff Code")
                     and not l.startswith("Version 2.1")]
        out.append("\n".join(lines))
    return "\n".join(out)

DOCS = {
    "adapted": lambda: open(os.path.join(ROOT, "adapted/policy.txt"), encoding="utf-8").read(),
    "word": lambda: docx_text(os.path.join(ROOT, "word/policy.docx")),
    "pdf": lambda: pdf_text(os.path.join(ROOT, "pdf/policy.pdf")),
    "preschool": lambda: docx_text(os.path.join(ROOT, "preschool/policy.docx")),
}
bad = 0; ids = set(); total = 0
for folder, get in DOCS.items():
    text = norm(get()); words = len(text.split())
    qs = yaml.safe_load(open(os.path.join(ROOT, folder, "questions.yaml"), encoding="utf-8"))
    oos = 0
    for q in qs:
        total += 1
        qid = q["id"]
        def err(m):
            global bad; bad += 1; print(f"{folder}/{qid}: {m}")
        if qid in ids: err("duplicate id")
        ids.add(qid)
        if not qid.startswith(folder + "-"): err("id prefix")
        for k in ("question", "expected_excerpts", "expected_verdict", "tags", "note"):
            if k not in q: err("missing " + k)
        v = q["expected_verdict"]; vs = v if isinstance(v, list) else [v]
        if not all(x in VERDICTS for x in vs): err(f"bad verdict {v}")
        ex = q["expected_excerpts"]
        if not ex:
            oos += 1
            if vs != ["not_covered"]: err("empty excerpts but verdict not not_covered")
        elif "not_covered" in vs: err("not_covered with excerpts")
        if len(ex) > 3: err("more than 3 excerpts")
        for e in ex:
            n = len(e.split())
            if not 6 <= n <= 20: err(f"excerpt has {n} words: {e!r}")
            c = len(re.findall(r"(?<!\w)" + re.escape(norm(e)) + r"(?!\w)", text))
            if c != 1: err(f"excerpt found {c} times: {e!r}")
    print(f"{folder}: {len(qs)} questions, {oos} out of scope, document {words} words")
print("total", total, "problems", bad)
sys.exit(1 if bad else 0)
