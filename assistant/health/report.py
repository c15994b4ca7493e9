"""Show health findings: plain text grouped by severity, and a self-contained HTML page (Jinja2, autoescape)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import date

from jinja2 import Environment
from markupsafe import Markup

from .rules import SEVERITIES, Finding, counts


def summary_line(findings: Sequence[Finding]) -> str:
    n = counts(findings)
    total = sum(n.values())
    parts = ", ".join(f"{n[s]} {s}" for s in SEVERITIES)
    return f"{total} finding{'s' if total != 1 else ''} ({parts})"


def _where(f: Finding) -> str:
    where = f.label if not f.clause else f"{f.label} [{f.clause_id}]"
    return f"{where}, line {f.line}" if f.line else where


def render_text(findings: Sequence[Finding], today: date, titles: dict[str, str], width: int = 100) -> str:
    """Human report: a header per document checked, then HIGH / MEDIUM / LOW groups."""
    wrap = textwrap.TextWrapper(width=width, subsequent_indent=" " * 11, break_long_words=False,
                                break_on_hyphens=False)
    lines = [f"Policy health, {today.isoformat()}: {', '.join(f'{t} [{d}]' for d, t in titles.items())}",
             summary_line(findings)]
    for severity in SEVERITIES:
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        lines += ["", f"{severity.upper()} ({len(group)})"]
        for f in group:
            lines.append(f"- {f.title}  ({_where(f)})  rule {f.rule}")
            rows = [("Problem", f.problem), ("Fact", f.fact + (f" (confidence {f.confidence})" if f.confidence
                                                               else ""))]
            if f.ref:
                rows.append(("Source", f"digest {f.ref}"))
            rows += [("Source" if i == 0 and not f.ref else "", url) for i, url in enumerate(f.sources)]
            if f.evidence:
                rows.append(("Corpus", ", ".join(f.evidence)))
            rows.append(("Fix", f.fix))
            if f.verify:
                rows.append(("Verify", "a person must check this against the official text before acting"))
            for key, value in rows:
                lines.append(wrap.fill(f"  {key + ':':<8} {value}") if key else " " * 11 + value)
    return "\n".join(lines) + "\n"


CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.4rem} h2{font-size:1.1rem;margin-top:2rem;text-transform:uppercase;letter-spacing:.05em}
.f{border-left:4px solid #999;padding:.4rem .8rem;margin:.8rem 0;background:#fafafa}
.high{border-color:#b00020}.medium{border-color:#d97706}.low{border-color:#2563eb}
.where{color:#555;font-size:.9rem} dl{display:grid;grid-template-columns:6rem 1fr;gap:.2rem .6rem;margin:.4rem 0}
dt{font-weight:600} dd{margin:0;overflow-wrap:anywhere} .verify{color:#b00020;font-weight:600}
"""


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Policy health {{ today }}</title><style>{{ css }}</style></head><body>
<h1>Policy health, {{ today }}</h1>
<p>{% for doc, title in titles.items() %}{{ title }} [{{ doc }}]{{ ", " if not loop.last }}{% endfor %}</p>
<p><strong>{{ summary }}</strong></p>
{% for severity, group in groups %}<h2>{{ severity }} ({{ group | length }})</h2>
{% for f in group %}<section class="f {{ severity }}"><strong>{{ f.title }}</strong> <span class="where">\
{{ where(f) }} &middot; rule {{ f.rule }}</span><dl>
{%- if f.problem %}<dt>Problem</dt><dd>{{ f.problem }}</dd>{% endif %}
{%- if f.fact or f.confidence %}<dt>Fact</dt><dd>{{ f.fact }}{% if f.confidence %} <em>(confidence {{ f.confidence }})\
</em>{% endif %}</dd>{% endif %}
{%- if f.ref or f.sources %}<dt>Source</dt><dd>{% if f.ref %}digest {{ f.ref }}{% endif %}{% if f.sources %}<ul>\
{% for s in f.sources %}<li>{{ s }}</li>{% endfor %}</ul>{% endif %}</dd>{% endif %}
{%- if f.evidence %}<dt>Corpus</dt><dd>{{ f.evidence | join(", ") }}</dd>{% endif %}
{%- if f.fix %}<dt>Fix</dt><dd>{{ f.fix }}</dd>{% endif %}</dl>
{%- if f.verify %}<p class="verify">A person must check this against the official text before acting.</p>{% endif %}\
</section>
{% endfor %}{% endfor %}{% if not findings %}<p>No findings.</p>
{% endif %}</body></html>
"""
_PAGE = Environment(autoescape=True, keep_trailing_newline=True).from_string(PAGE)


def render_html(findings: Sequence[Finding], today: date, titles: dict[str, str]) -> str:
    """A whole HTML page with inline CSS and no scripts or external links, for the admins' page (Jinja2, autoescape)."""
    groups = [(s, [f for f in findings if f.severity == s]) for s in SEVERITIES]
    return _PAGE.render(today=today.isoformat(), css=Markup(CSS), titles=titles, summary=summary_line(findings),
                        groups=[(s, g) for s, g in groups if g], findings=findings, where=_where)
