"""Build the binary fixtures and their source.md copies. Run with the project environment (.venv/bin/python); needs python-docx and fpdf2."""
import os, shutil
from docx import Document
from docx.shared import Pt, Cm
from docx.enum.text import WD_ALIGN_PARAGRAPH
from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
import sys; sys.path.insert(0, HERE)
import word_content, pdf_content, preschool_content

# ---------------------------------------------------------------- (a) adapted
def build_adapted():
    txt = open(os.path.join(ROOT, "adapted", "policy.txt"), encoding="utf-8").read()
    with open(os.path.join(ROOT, "adapted", "source.md"), "w", encoding="utf-8") as f:
        f.write("<!-- Plain-text copy of adapted/policy.txt (the fixture itself is the .txt file). -->\n\n")
        f.write("```text\n" + txt.rstrip("\n") + "\n```\n")

# ---------------------------------------------------------------- (b) word
def build_word():
    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    md = []
    for b in word_content.BLOCKS:
        kind = b[0]
        if kind == "title":
            doc.add_paragraph(b[1], style="Title"); md.append("# " + b[1])
        elif kind == "subtitle":
            doc.add_paragraph(b[1], style="Subtitle"); md.append("*" + b[1] + "*")
        elif kind == "h1":
            doc.add_heading(b[1], level=1); md.append("## " + b[1])
        elif kind == "h2":
            doc.add_heading(b[1], level=2); md.append("### " + b[1])
        elif kind == "sub":
            # heading-only line typed as a bold Normal paragraph (not a heading style)
            p = doc.add_paragraph(); r = p.add_run(b[1]); r.bold = True
            md.append("**" + b[1] + "**")
        elif kind == "p":
            doc.add_paragraph(b[1]); md.append(b[1])
        elif kind == "bullet":
            doc.add_paragraph(b[1], style="List Bullet"); md.append("- " + b[1])
        elif kind == "table":
            header, rows = b[1], b[2]
            t = doc.add_table(rows=1, cols=len(header)); t.style = "Table Grid"
            for i, h in enumerate(header):
                cell = t.rows[0].cells[i]; cell.text = ""
                cell.paragraphs[0].add_run(h).bold = True
            for row in rows:
                cells = t.add_row().cells
                for i, v in enumerate(row):
                    cells[i].text = v
            doc.add_paragraph()
            md.append("| " + " | ".join(header) + " |")
            md.append("|" + "---|" * len(header))
            for row in rows:
                md.append("| " + " | ".join(row) + " |")
        md.append("")
    core = doc.core_properties
    core.title = "Online Safety and Social Media Policy"; core.author = "Holloway Brook Primary School"
    doc.save(os.path.join(ROOT, "word", "policy.docx"))
    with open(os.path.join(ROOT, "word", "source.md"), "w", encoding="utf-8") as f:
        f.write("<!-- Plain-text copy of word/policy.docx. Bold lines ending in ':' are Normal paragraphs, not headings. -->\n\n")
        f.write("\n".join(md))

# ---------------------------------------------------------------- (c) pdf
FONT_DIR = "/usr/share/fonts/truetype/liberation"

class PolicyPDF(FPDF):
    total_pages_alias = "{nb}"
    def header(self):
        self.set_font("Sans", "", 8.5); self.set_text_color(90, 90, 90)
        self.set_y(10)
        self.cell(0, 5, pdf_content.TRUST, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, pdf_content.TITLE, align="R")
        self.ln(6)
        self.set_draw_color(150, 150, 150)
        self.line(self.l_margin, 16.5, self.w - self.r_margin, 16.5)
        self.set_text_color(0, 0, 0)
        self.set_y(24)
    def footer(self):
        self.set_y(-15)
        self.set_font("Sans", "", 8.5); self.set_text_color(90, 90, 90)
        self.cell(0, 5, "Version 2.1   |   Uncontrolled when printed", align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(0, 0, 0)

def render_pdf(toc_pages):
    pdf = PolicyPDF(format="A4")
    pdf.set_margins(22, 24, 22)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_font("Sans", "", f"{FONT_DIR}/LiberationSans-Regular.ttf")
    pdf.add_font("Sans", "B", f"{FONT_DIR}/LiberationSans-Bold.ttf")
    pdf.add_font("Sans", "I", f"{FONT_DIR}/LiberationSans-Italic.ttf")
    pdf.alias_nb_pages("{nb}")
    W = pdf.w - pdf.l_margin - pdf.r_margin
    # cover page
    pdf.add_page()
    pdf.ln(40)
    pdf.set_font("Sans", "B", 22); pdf.multi_cell(W, 11, pdf_content.TRUST, align="C")
    pdf.ln(6)
    pdf.set_font("Sans", "B", 16); pdf.multi_cell(W, 8, pdf_content.TITLE, align="C")
    pdf.ln(20)
    pdf.set_font("Sans", "", 11)
    for k, v in pdf_content.META:
        pdf.set_x(pdf.l_margin + 25)
        pdf.set_font("Sans", "B", 11); pdf.cell(45, 8, k)
        pdf.set_font("Sans", "", 11); pdf.cell(0, 8, v, new_x="LMARGIN", new_y="NEXT")
    # contents page
    pdf.add_page()
    pdf.set_font("Sans", "B", 15); pdf.cell(0, 10, "Contents", new_x="LMARGIN", new_y="NEXT"); pdf.ln(3)
    entries = [b[1] for b in pdf_content.BLOCKS if b[0] in ("h1", "h2")] + [pdf_content.APPENDIX_TITLE]
    for e in entries:
        is_sub = not e.startswith("Appendix") and e.split(" ")[0].count(".") == 1 and not e.split(" ")[0].endswith(".")
        pdf.set_font("Sans", "" if is_sub else "B", 10.5)
        indent = 8 if is_sub else 0
        pg = str(toc_pages.get(e, "?"))
        pdf.set_x(pdf.l_margin + indent)
        label_w = pdf.get_string_width(e)
        dots_w = W - indent - label_w - pdf.get_string_width(pg) - 4
        ndots = max(3, int(dots_w / pdf.get_string_width(".")))
        pdf.cell(W - indent, 6.4, e + " " + "." * ndots + " " + pg, new_x="LMARGIN", new_y="NEXT")
    # body
    pdf.add_page()
    found = {}
    LH = 5.6
    for b in pdf_content.BLOCKS:
        kind, text = b
        if kind == "h1":
            if pdf.get_y() > pdf.h - 60: pdf.add_page()
            pdf.ln(3); pdf.set_font("Sans", "B", 13)
            found[text] = pdf.page_no()
            pdf.multi_cell(W, 7, text, new_x="LMARGIN", new_y="NEXT"); pdf.ln(1.5)
        elif kind == "h2":
            if pdf.get_y() > pdf.h - 50: pdf.add_page()
            pdf.ln(1.5); pdf.set_font("Sans", "B", 11)
            found[text] = pdf.page_no()
            pdf.multi_cell(W, 6, text, new_x="LMARGIN", new_y="NEXT"); pdf.ln(1)
        elif kind == "p":
            pdf.set_font("Sans", "", 10.5)
            pdf.multi_cell(W, LH, text, align="J", new_x="LMARGIN", new_y="NEXT"); pdf.ln(2.5)
        elif kind == "bullet":
            pdf.set_font("Sans", "", 10.5)
            y = pdf.get_y()
            if y > pdf.h - 30: pdf.add_page(); y = pdf.get_y()
            pdf.set_x(pdf.l_margin + 4); pdf.cell(5, LH, "\u2022")
            pdf.set_x(pdf.l_margin + 10)
            pdf.multi_cell(W - 10, LH, text, new_x="LMARGIN", new_y="NEXT"); pdf.ln(1.2)
    # appendix form
    pdf.add_page()
    found[pdf_content.APPENDIX_TITLE] = pdf.page_no()
    pdf.set_font("Sans", "B", 13); pdf.multi_cell(W, 7, pdf_content.APPENDIX_TITLE, new_x="LMARGIN", new_y="NEXT"); pdf.ln(2)
    pdf.set_font("Sans", "I", 10.5); pdf.multi_cell(W, LH, pdf_content.APPENDIX_INTRO, new_x="LMARGIN", new_y="NEXT"); pdf.ln(3)
    pdf.set_font("Sans", "", 10.5)
    for s in pdf_content.APPENDIX_STATEMENTS:
        y = pdf.get_y()
        pdf.rect(pdf.l_margin + 1, y + 1, 3.6, 3.6)
        pdf.set_x(pdf.l_margin + 8)
        pdf.multi_cell(W - 8, LH, s, new_x="LMARGIN", new_y="NEXT"); pdf.ln(1.8)
    pdf.ln(8)
    for fld in pdf_content.APPENDIX_FIELDS:
        pdf.set_font("Sans", "B", 10.5); pdf.cell(32, 9, fld + ":")
        y = pdf.get_y() + 7
        pdf.line(pdf.l_margin + 32, y, pdf.l_margin + W, y)
        pdf.ln(13)
    pdf.ln(4); pdf.set_font("Sans", "I", 9)
    pdf.multi_cell(W, 5, "Office use only:  Received by ____________________   Date entered on HR system ______________", new_x="LMARGIN", new_y="NEXT")
    return pdf, found

def build_pdf():
    pages = {}
    for _ in range(3):
        pdf, found = render_pdf(pages)
        if found == pages: break
        pages = found
    pdf.set_title(pdf_content.TITLE); pdf.set_author(pdf_content.TRUST)
    pdf.output(os.path.join(ROOT, "pdf", "policy.pdf"))
    md = [f"# {pdf_content.TRUST}", f"## {pdf_content.TITLE}", ""]
    md += [f"- **{k}:** {v}" for k, v in pdf_content.META] + ["", "## Contents", ""]
    md += [f"- {e} ... {pages[e]}" for e in [b[1] for b in pdf_content.BLOCKS if b[0] in ("h1", "h2")] + [pdf_content.APPENDIX_TITLE]]
    md.append("")
    for kind, text in pdf_content.BLOCKS:
        md.append({"h1": "## ", "h2": "### ", "p": "", "bullet": "- "}[kind] + text); md.append("")
    md += [f"## {pdf_content.APPENDIX_TITLE}", "", "*" + pdf_content.APPENDIX_INTRO + "*", ""]
    md += [f"- [ ] {s}" for s in pdf_content.APPENDIX_STATEMENTS] + [""]
    md += [f"{f}: ______________________" for f in pdf_content.APPENDIX_FIELDS]
    md += ["", "Office use only:  Received by ____________________   Date entered on HR system ______________", ""]
    with open(os.path.join(ROOT, "pdf", "source.md"), "w", encoding="utf-8") as f:
        f.write("<!-- Plain-text copy of pdf/policy.pdf. Every page of the PDF also carries the running header\n"
                f"     '{pdf_content.TRUST}  {pdf_content.TITLE}' and a footer 'Version 2.1 | Uncontrolled when printed   Page N of M'. -->\n\n")
        f.write("\n".join(md))
    return pages

# ---------------------------------------------------------------- (d) preschool
GLYPH = "\uf0b7"
def build_preschool():
    doc = Document()
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(11)
    md = []
    for kind, text in preschool_content.BLOCKS:
        p = doc.add_paragraph()  # always Normal style
        if kind == "head":
            r = p.add_run(text); r.bold = True
            md.append("**" + text + "**")
        elif kind == "b":
            p.paragraph_format.left_indent = Cm(0.63)
            p.paragraph_format.first_line_indent = Cm(-0.63)
            r0 = p.add_run(GLYPH); r0.font.name = "Symbol"
            p.add_run("\t" + text)
            md.append("\u2022 " + text + "   <!-- in the .docx: U+F0B7 + TAB + text, Normal style -->" if False else "- " + text)
        else:
            p.add_run(text); md.append(text)
        md.append("")
    doc.save(os.path.join(ROOT, "preschool", "policy.docx"))
    with open(os.path.join(ROOT, "preschool", "source.md"), "w", encoding="utf-8") as f:
        f.write("<!-- Plain-text copy of preschool/policy.docx. In the .docx every '- ' bullet below is a Normal-style\n"
                "     paragraph that starts with the private-use glyph U+F0B7 (Symbol font) and a TAB; bold lines are\n"
                "     Normal paragraphs with a bold run, not headings. -->\n\n")
        f.write("\n".join(md))

if __name__ == "__main__":
    build_adapted(); build_word(); print("pdf pages", build_pdf()); build_preschool()
