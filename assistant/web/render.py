"""The answer object (Answer.to_dict(), docs/contracts.md section 4) as HTML, through a Jinja2 template with
autoescape: no value reaches the page unescaped."""

from __future__ import annotations

from urllib.parse import quote

from jinja2 import Environment
from markupsafe import Markup

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


ANSWER = """\
<div class="pa-answer">
{%- if a.escalation %}<div class="pa-escalation" role="alert" data-escalation>\
<strong>&#9888; {{ a.escalation.reason }}</strong><br>{{ a.escalation.contact }}</div>{% endif -%}
<p>{{ badge(a.verdict) }}</p>\
<p>{{ a.answer | e | replace("\\n", markup("<br>")) }}</p>
{%- if a.steps %}<p><strong>What to do</strong></p><ol>{% for step in a.steps %}<li>{{ step }}</li>{% endfor %}</ol>\
{% endif -%}
{%- if a.citations %}<p><strong>{{ "Related clauses (not an answer)" if a.verdict == "not_covered" else "Sources" }}\
</strong></p><ul class="pa-cites">{% for c in a.citations %}<li><a href="{{ clause_link(c.id) }}" target="_blank" \
rel="noopener">{{ c.label }}</a> <code>{{ c.id }}</code><span class="pa-quote">&ldquo;{{ c.quote }}&rdquo;</span></li>\
{% endfor %}</ul>{% endif -%}
{%- if a.notes %}<div class="pa-notes">{% for note in a.notes %}<p>{{ note }}</p>{% endfor %}</div>{% endif -%}
</div>"""
BADGE = '<span class="pa-badge {{ cls }}" data-verdict="{{ verdict }}">{{ words }}</span>'


def clause_link(clause_id: str) -> str:
    return f"/clause/{quote(clause_id, safe=':')}#c"


def badge(verdict: str) -> Markup:
    words, cls = BADGES.get(verdict, (verdict, "info"))
    return Markup(_BADGE.render(verdict=verdict, words=words, cls=cls))


_ENV = Environment(autoescape=True)
_ENV.globals.update(badge=badge, clause_link=clause_link, markup=Markup)
_ANSWER, _BADGE = _ENV.from_string(ANSWER), _ENV.from_string(BADGE)


def answer_html(answer: dict) -> str:
    """Escalation first, then the verdict badge, the headline, steps, cited quotes (linked) and notes: each from its
    own key of Answer.to_dict(), none parsed out of another. Jinja2 escapes every value."""
    return _ANSWER.render(a=answer)
