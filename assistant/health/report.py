"""Show health findings: plain text grouped by severity, and a self-contained HTML page (all text escaped)."""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from datetime import date

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


def render_html(findings: Sequence[Finding], today: date, titles: dict[str, str]) -> str:
    """A whole HTML page with inline CSS and no scripts or external links, for the admins' page."""
    e = html.escape
    docs = ", ".join(f"{e(t)} [{e(d)}]" for d, t in titles.items())
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>Policy health {e(today.isoformat())}</title><style>{CSS}</style></head><body>",
           f"<h1>Policy health, {e(today.isoformat())}</h1>", f"<p>{docs}</p>",
           f"<p><strong>{e(summary_line(findings))}</strong></p>"]
    for severity in SEVERITIES:
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        out.append(f"<h2>{e(severity)} ({len(group)})</h2>")
        for f in group:
            sources = "".join(f"<li>{e(s)}</li>" for s in f.sources)
            rows = [("Problem", e(f.problem)),
                    ("Fact", e(f.fact) + (f" <em>(confidence {e(f.confidence)})</em>" if f.confidence else "")),
                    ("Source", (f"digest {e(f.ref)}" if f.ref else "") + (f"<ul>{sources}</ul>" if sources else "")),
                    ("Corpus", e(", ".join(f.evidence))), ("Fix", e(f.fix))]
            body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows if v)
            verify = ('<p class="verify">A person must check this against the official text before acting.</p>'
                      if f.verify else "")
            out.append(f'<section class="f {e(severity)}"><strong>{e(f.title)}</strong> '
                       f'<span class="where">{e(_where(f))} &middot; rule {e(f.rule)}</span>'
                       f"<dl>{body}</dl>{verify}</section>")
    if not findings:
        out.append("<p>No findings.</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
