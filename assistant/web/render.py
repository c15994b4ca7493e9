"""The answer object (Answer.to_dict(), docs/contracts.md section 4) as HTML; every piece of text is escaped."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from ..types import VERDICT_TABLE

BADGES = {verdict: (info.badge, info.css) for verdict, info in VERDICT_TABLE.items()}  # words, colour class
CSS = """
.pa-answer{font-family:system-ui,sans-serif;line-height:1.45;color:#1d2733;max-width:60rem}
.pa-badge{display:inline-block;font-weight:700;padding:.15rem .6rem;border-radius:.4rem;color:#fff;font-size:1rem}
.pa-badge.no{background:#b00020}.pa-badge.against{background:#c2410c}.pa-badge.if{background:#8a6d00}
.pa-badge.yes{background:#1b7a3d}.pa-badge.must{background:#1d4ed8}.pa-badge.info{background:#475569}
.pa-badge.none{background:#6b7280}
.pa-escalation{border:3px solid #b00020;background:#fff1f0;padding:.6rem .8rem;border-radius:.4rem;margin:.4rem 0}
.pa-escalation strong{color:#b00020}
.pa-cites{margin:.4rem 0;padding-left:1.2rem}.pa-cites li{margin:.3rem 0}
.pa-quote{display:block;color:#374151;font-style:italic;border-left:3px solid #cbd5e1;padding-left:.5rem}
.pa-notes{color:#555;font-size:.9rem}
"""


def clause_link(clause_id: str) -> str:
    return f"/clause/{quote(clause_id, safe=':')}#c"


def badge(verdict: str) -> str:
    words, cls = BADGES.get(verdict, (verdict, "info"))
    return f'<span class="pa-badge {cls}" data-verdict="{escape(verdict)}">{escape(words)}</span>'


def answer_html(answer: dict) -> str:
    """Escalation first, then the verdict badge, the headline, steps, cited quotes (linked) and notes: each from its
    own key of Answer.to_dict(), none parsed out of another."""
    parts = ['<div class="pa-answer">']
    esc = answer.get("escalation")
    if esc:
        parts.append(f'<div class="pa-escalation" role="alert"><strong>&#9888; {escape(esc["reason"])}</strong>'
                     f'<br>{escape(esc["contact"])}</div>')
    parts.append(f"<p>{badge(answer['verdict'])}</p>")
    parts.append("<p>" + escape(answer["answer"]).replace("\n", "<br>") + "</p>")
    if answer.get("steps"):
        parts.append("<p><strong>What to do</strong></p><ol>"
                     + "".join(f"<li>{escape(s)}</li>" for s in answer["steps"]) + "</ol>")
    cites = answer.get("citations") or []
    if cites:
        title = "Related clauses (not an answer)" if answer["verdict"] == "not_covered" else "Sources"
        items = "".join(
            f'<li><a href="{escape(clause_link(c["id"]))}" target="_blank" rel="noopener">{escape(c["label"])}</a>'
            f' <code>{escape(c["id"])}</code><span class="pa-quote">&ldquo;{escape(c["quote"])}&rdquo;</span></li>'
            for c in cites)
        parts.append(f"<p><strong>{title}</strong></p><ul class=\"pa-cites\">{items}</ul>")
    if answer.get("notes"):
        parts.append('<div class="pa-notes">' + "".join(f"<p>{escape(n)}</p>" for n in answer["notes"]) + "</div>")
    parts.append("</div>")
    return "".join(parts)
