"""Small school documents with real documents' structure, written into a folder for the structure tests: a Word
online safety policy (headings, lead-ins with bullets, a table, "Pupils:" sub-headings, typed glyph bullets, a
contents page, an appendix agreement and log), the same as a web page, and a PDF with running headers, page
numbers, a contents page, wrapped lines and an appendix form."""

from __future__ import annotations

from pathlib import Path

TITLE = "Online Safety Policy"
INTRO = ("This policy applies to all members of the school community (including staff, pupils, volunteers, "
         "parents and carers, visitors) who have access to and are users of school digital technology systems.")
SOCIAL_LEAD = "The school's use of social media for professional purposes will be checked regularly. Staff:"
SOCIAL_BULLETS = [
    "must not accept current pupils as friends or followers on personal social media accounts;",
    "must not discuss the school, pupils or colleagues on personal social media;",
    "should check their privacy settings every term.",
]
ROLES = [("Headteacher", "Has a duty of care for ensuring the safety (including online safety) of members of the "
          "school community."),
         ("Online Safety Lead", "Leads the online safety group and keeps the incident log.")]
GLYPH_RULES = ["Mobile phones are kept in the office during the school day.",
               "Staff do not use personal devices to photograph children.",
               "Visitors are asked to leave phones at reception."]


def online_safety_docx(path: Path, edited: bool = False) -> Path:
    """The Word policy; `edited` adds a paragraph and a bullet to the first section (ids elsewhere must stay)."""
    import docx
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    d.add_paragraph(TITLE, style="Title")
    d.add_paragraph("Approved by: Full Governing Body")
    d.add_paragraph("Next review: September 2027")
    bold = d.add_paragraph()
    bold.add_run("Contents").bold = True
    for name, page in (("Policy Statement", 2), ("Roles and Responsibilities", 3), ("Appendix A", 9)):
        d.add_paragraph(f"{name}\t{page}", style="toc 1" if "toc 1" in [s.name for s in d.styles] else None)
    d.add_paragraph("Schedule for Monitoring ........................ 4")
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    d.add_heading("Policy Statement", 1)
    d.add_paragraph(INTRO)
    if edited:
        d.add_paragraph("It covers the use of school devices at home as well.")
    d.add_paragraph("The school will deal with such incidents within this policy and will:")
    d.add_paragraph("inform parents and carers of incidents of inappropriate online behaviour", style="List Bullet")
    d.add_paragraph("record incidents in the online safety log", style="List Bullet")
    if edited:
        d.add_paragraph("review the incidents each term", style="List Bullet")

    d.add_heading("Schedule for Monitoring", 1)
    d.add_paragraph("The implementation of this policy will be monitored by the Online Safety Group each term.")

    d.add_heading("Roles and Responsibilities", 1)
    d.add_paragraph("The following table shows who does what.")
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Role", "Responsibility"
    for role, duty in ROLES:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = role, duty
    d.add_paragraph("Pupils:")
    d.add_paragraph("are responsible for using the school systems in accordance with the agreement",
                    style="List Bullet")
    d.add_paragraph("should report abuse, misuse or access to inappropriate materials", style="List Bullet")
    d.add_paragraph("Parents and carers:")
    d.add_paragraph("Parents and carers will be asked to support the school in promoting good online safety "
                    "practice.")

    d.add_heading("Social media - protecting professional identity", 1)
    d.add_paragraph("All schools have a duty of care to provide a safe learning environment for pupils and staff.")
    d.add_paragraph("Schools could be held responsible, indirectly, for acts of their employees.")
    d.add_paragraph(SOCIAL_LEAD)
    for bullet in SOCIAL_BULLETS:
        d.add_paragraph(bullet, style="List Bullet")
    heading = d.add_paragraph()
    heading.add_run("Personal use").bold = True
    d.add_paragraph("Personal communications are those made via personal social media accounts.")

    d.add_heading("Mobile Phones", 1)
    d.add_paragraph("In the setting:")
    for rule in GLYPH_RULES:
        d.add_paragraph(f"\uf0b7\t{rule}")

    d.add_heading("Appendix A: Pupil Acceptable Use Agreement", 1)
    d.add_paragraph("I understand that I must use school systems in a responsible way.")
    d.add_paragraph("I will not share my password with anyone.")
    d.add_paragraph("Name of pupil: ____________________  Class: ________")
    d.add_paragraph("Signed: ____________________  Date: ________")
    d.add_heading("Appendix B: Online Safety Incident Log", 1)
    log = d.add_table(rows=1, cols=4)
    for cell, text in zip(log.rows[0].cells, ("Date", "Incident", "Action taken", "Signature"), strict=True):
        cell.text = text
    for _ in range(3):
        log.add_row()
    d.save(str(path))
    return path


def online_safety_html(path: Path) -> Path:
    bullets = "".join(f"<li>{b}</li>" for b in SOCIAL_BULLETS)
    rows = "".join(f"<tr><td>{r}</td><td>{d}</td></tr>" for r, d in ROLES)
    path.write_text(f"""<!DOCTYPE html>
<html><head><title>Online Safety Policy | St Mary's</title><style>p {{ color: red }}</style>
<script>var menu = "Home";</script></head>
<body>
<header class="site"><a href="/">St Mary's Primary School</a></header>
<nav><ul><li><a href="/">Home</a></li><li><a href="/policies">Policies</a></li></ul></nav>
<div class="page-wrap">
<main>
<div class="col sidebar-left"><p>Latest news</p><p>Term dates</p></div>
<h1>{TITLE}</h1>
<h2>Policy Statement</h2>
<p>{INTRO}</p>
<h2>Roles and Responsibilities</h2>
<table><tr><th>Role</th><th>Responsibility</th></tr>{rows}</table>
<h2>Social media - protecting professional identity</h2>
<p>All schools have a duty of care to provide a safe learning environment for pupils and staff.</p>
<p>Schools could be held responsible, indirectly, for acts of their employees.</p>
<p>{SOCIAL_LEAD.replace("'", "&#39;")}</p>
<ul>{bullets}</ul>
<p><strong>Pupils:</strong></p>
<ol><li>use the school systems responsibly</li><li>report anything that upsets them</li></ol>
</main>
</div>
<footer><p>&copy; 2026 St Mary's Primary School. Cookie settings.</p></footer>
</body></html>
""", encoding="utf-8")
    return path


def online_safety_pdf(path: Path) -> Path:
    from fpdf import FPDF

    class Policy(FPDF):
        def header(self):
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, "St Mary's Primary School - Online Safety Policy", new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

        def footer(self):
            self.set_y(-15)
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Policy()
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(True, margin=20)

    def heading(text: str, size: int = 14) -> None:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def para(text: str) -> None:
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)

    def bullet(text: str) -> None:
        pdf.set_font("Helvetica", size=10)
        pdf.cell(6, 5, "\u2022")
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    pdf.add_page()
    heading(TITLE, 20)
    heading("Contents", 12)
    pdf.set_font("Helvetica", size=10)
    for name, page in (("Policy Statement", 2), ("Social media - protecting professional identity", 2),
                       ("Appendix A: Staff Acceptable Use Agreement", 3)):
        pdf.cell(0, 6, f"{name} {'.' * 40} {page}", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    heading("Policy Statement")
    para(INTRO + " " + INTRO.replace("This policy", "It also"))
    heading("Social media - protecting professional identity")
    para("All schools have a duty of care to provide a safe learning environment for pupils and staff.")
    para(SOCIAL_LEAD)
    for b in SOCIAL_BULLETS:
        bullet(b + (" This applies at all times, including holidays, weekends and evenings, and on any device "
                    "or account." if b.startswith("must not accept") else ""))
    pdf.add_page()
    heading("Appendix A: Staff Acceptable Use Agreement")
    para("I will only use the school's digital technology systems for professional purposes.")
    para("Signed: ______________________   Date: ____________")
    pdf.output(str(path))
    return path
