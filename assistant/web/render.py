"""The answer object (Answer.to_dict(), docs/contracts.md section 4) as HTML, from a Jinja2 template with autoescape.

Each reader gets the answer written for them: staff see the verdict, the rule, what to do and (one click away)
the further clauses and notes; parents see the rule and whom to contact at the school, never the notes meant for
staff and policy owners (DSL reminders, statutory-versus-policy remarks, review dates)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from ..types import VERDICT_TABLE

BADGES = {verdict: (info.badge, info.css) for verdict, info in VERDICT_TABLE.items()}  # words, colour class
READERS = ("staff", "parent")
# Colours pass WCAG AA contrast with white text (4.5:1 or more); the badge always carries the verdict in words.
CSS = """
.pa-answer{font-family:system-ui,sans-serif;line-height:1.45;color:#1d2733;max-width:60rem}
.pa-answer p{margin:.35rem 0}
.pa-badge{display:inline-block;font-weight:700;padding:.1rem .55rem;border-radius:.4rem;color:#fff;font-size:1rem;
margin-right:.3rem}
.pa-badge.no{background:#b00020}.pa-badge.against{background:#9a3412}.pa-badge.if{background:#6b5300}
.pa-badge.yes{background:#166534}.pa-badge.must{background:#1d4ed8}.pa-badge.info{background:#475569}
.pa-badge.none{background:#4b5563}
.pa-lead{font-size:1.05rem}.pa-headline{font-weight:500}
.pa-rule-link{white-space:nowrap;font-size:.95rem;margin-left:.3rem}
.pa-h{font-weight:700;margin:.5rem 0 .1rem}
.pa-steps ul{margin:.2rem 0;padding-left:1.3rem}
.pa-escalation{border:3px solid #b00020;background:#fff1f0;padding:.4rem .8rem;border-radius:.4rem;margin:.2rem 0 .5rem}
.pa-escalation strong{color:#8a0018}
.pa-more{margin:.4rem 0;border:1px solid #d5dbe2;border-radius:.4rem;padding:.3rem .6rem}
.pa-more summary{cursor:pointer;font-weight:600;color:#1e40af !important;opacity:1 !important}
.pa-cites{margin:.3rem 0;padding-left:1.2rem}.pa-cites li{margin:.3rem 0}
.pa-quote{display:block;color:#374151;border-left:3px solid #cbd5e1;padding-left:.5rem}
.pa-quote mark{background:#fff3bf;color:#1d2733}
.pa-notes{color:#374151;font-size:.92rem}
.pa-warning{border:2px solid #9a3412;background:#fff7ed;padding:.5rem .8rem;border-radius:.4rem}
.gradio-container button.primary{background:#1d4ed8 !important;border-color:#1d4ed8 !important;color:#fff !important}
.gradio-container .or{color:#4b5563 !important}
#staff-chat .md.chatbot,#staff-chat .prose.chatbot{opacity:1 !important}
#staff-chat .pa-answer{color:#1d2733}
@media (max-width:640px){
#staff-chat .message-row{max-width:100% !important;margin-left:0 !important;margin-right:0 !important}
#staff-chat .bot.message{padding:4px 6px !important}
.gradio-container{padding-left:6px !important;padding-right:6px !important}
.pa-escalation{font-size:.92rem;padding:.3rem .5rem}.pa-lead{font-size:1rem}
}
"""
TEMPLATES = Path(__file__).resolve().parent / "templates"


def clause_link(clause_id: str) -> str:
    return f"/clause/{quote(clause_id, safe=':')}#c"


def badge(verdict: str) -> Markup:
    """The verdict in words on a coloured badge (colour is never the only signal), marked data-verdict."""
    words, cls = BADGES.get(verdict, (verdict, "info"))
    return Markup('<span class="pa-badge {} pa-v-{}" data-verdict="{}">{}</span>').format(cls, verdict, verdict, words)


# Gradio's chat sanitizer keeps only standard HTML attributes, so it drops data-verdict and data-escalation from
# the answers it shows; rather than turn the sanitizer off, the page puts them back from the classes that survive
# (pa-v-<verdict>, pa-escalation), for browser tests, external checks and anything else that finds them by these.
MARKERS_JS = """() => {
  const mark = () => {
    document.querySelectorAll('.pa-badge:not([data-verdict])').forEach((b) => {
      const m = b.className.match(/\\bpa-v-([a-z_]+)/);
      if (m) { b.setAttribute('data-verdict', m[1]); }
    });
    document.querySelectorAll('.pa-escalation:not([data-escalation])').forEach((e) => {
      e.setAttribute('data-escalation', '');
    });
    // Gradio's empty upload box carries aria-label on a plain div, which only counts with a role.
    document.querySelectorAll('div.empty[aria-label]:not([role])').forEach((e) => e.setAttribute('role', 'group'));
  };
  new MutationObserver(mark).observe(document.body, {childList: true, subtree: true});
  mark();
}"""


ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                  trim_blocks=True, lstrip_blocks=True)
ENV.globals.update(badge=badge, clause_link=clause_link)


def render(template: str, **context) -> str:
    return ENV.get_template(template).render(**context)


def parent_contact(school) -> str:
    """Whom a parent contacts, named from config/school.yaml where the school has filled the names in."""
    if school is None:
        return "If you are worried, contact the school and ask for the Designated Safeguarding Lead (DSL)."
    dsl, head = school.contact("dsl"), school.contact("headteacher")
    return (f"If you are worried, contact {school.name}: {dsl.describe()}, or {head.describe()}. "
            "If a child is in immediate danger, call 999.")


def in_context(quote: str, clause_text: str | None) -> tuple[str, str, str]:
    """(text before, the quote, text after) in its whole clause, so a quoted sentence keeps the sentence it
    depends on ('... this advice' reads with the advice); the quote alone when it is not found verbatim."""
    whole = " ".join((clause_text or "").split())
    at = whole.find(" ".join(quote.split())) if whole else -1
    if at < 0:
        return "", quote, ""
    end = at + len(" ".join(quote.split()))
    return whole[:at], whole[at:end], whole[end:]


def answer_html(answer: dict, reader: str = "staff", school=None, clauses: dict | None = None) -> str:
    """Escalation first, then one lead line (verdict badge and the rule with its clause), what to do, and the
    further clauses and notes folded away: each from its own key of Answer.to_dict(), none parsed from another."""
    cites = answer.get("citations") or []
    covered = answer["verdict"] != "not_covered" and bool(cites)
    governing = cites[0] if covered else None
    more = cites  # every cited clause with its quote, the governing one first, one click away
    escalation = answer.get("escalation")
    if reader == "parent":
        steps = [parent_contact(school)]
        notes: list[str] = []
        if escalation:  # the staff route (LADO, referrals) is the school's to follow, not the parent's
            escalation = {"reason": "If you think a child may be at risk, tell the school today.",
                          "contact": parent_contact(school)}
    else:
        steps, notes = list(answer.get("steps") or []), list(answer.get("notes") or [])
    n_more = len(more) + len(notes)
    more_title = ("Related clauses (not an answer)" if not covered and more else
                  f"Sources: {len(more)} clause{'s' if len(more) != 1 else ''}"
                  + (f" and {len(notes)} note{'s' if len(notes) != 1 else ''}" if notes else ""))
    more = [{**c, "parts": in_context(c["quote"], getattr((clauses or {}).get(c["id"]), "text", None))}
            for c in more]
    return render("answer.html", reader=reader, verdict=answer["verdict"], headline=answer["answer"],
                  escalation=escalation, governing=governing, steps=steps, more_cites=more, notes=notes,
                  more_title=more_title if n_more else "", cites_title=("Related clauses (not an answer)"
                                                                         if not covered else "Quoted from"))


__all__ = ["BADGES", "CSS", "answer_html", "badge", "clause_link", "escape", "parent_contact", "render"]
