"""A self-contained HTML report of an evaluation run: metric chart, verdict confusion, failures. Jinja2 templates
with autoescape: every value from a scenario file or an answer is escaped."""

from __future__ import annotations

from jinja2 import Environment
from markupsafe import Markup

CHART_METRICS = ("hit@1", "hit@3", "mrr", "verdict_accuracy", "abstention", "false_abstention",
                 "escalation_recall", "escalation_false_alarms")
LOWER_IS_BETTER = ("false_abstention", "escalation_false_alarms")
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2733;max-width:1100px}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}
td,th{border:1px solid #c9d1da;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef2f6} .fail{background:#fff1f0} .num{text-align:right}
</style></head><body>
<h1>{{ title }}</h1>
<p>{{ s.scenarios }} scenarios ({{ s.in_scope }} in scope, {{ s.out_of_scope }} out of scope) from \
<code>{{ source }}</code>.
Latency p50 {{ s.latency_p50_ms }} ms, p95 {{ s.latency_p95_ms }} ms per question.</p>
<h2>Metrics</h2>
{{ chart }}
<h2>Verdicts: expected (rows) against answered (columns)</h2>
{{ confusion }}
<h2>Scenarios ({{ failures }} did not pass)</h2>
{{ table }}
</body></html>
"""
CHART = """<svg role="img" aria-label="evaluation metrics" width="640" height="{{ 28 * rows | length + 10 }}" \
xmlns="http://www.w3.org/2000/svg">
{%- for name, value in rows %}{% set y = 10 + 28 * loop.index0 %}{% set width = (400 * value) | round | int %}\
<text x="0" y="{{ y + 14 }}" font-size="13">{{ name }}</text><rect x="180" y="{{ y }}" width="{{ width }}" height="18" \
fill="{{ '#c0392b' if name in lower_is_better else '#2e7d5b' }}"/><text x="{{ 185 + width }}" y="{{ y + 14 }}" \
font-size="13">{{ '%.2f' % value }}</text>{% endfor %}</svg>"""
CONFUSION = """<table><tr><th></th>{% for v in answered %}<th>{{ v }}</th>{% endfor %}</tr>
{%- for expected, row in rows %}<tr><th>{{ expected }}</th>{% for v in answered %}<td class="num">{{ row.get(v, "") }}\
</td>{% endfor %}</tr>{% endfor %}</table>"""
RESULTS = """{% if results %}<table><tr><th></th><th>id</th><th>question</th><th>expected</th><th>got</th></tr>
{%- for r in results %}<tr class="{{ 'pass' if r.passed else 'fail' }}"><td>{{ 'pass' if r.passed else 'FAIL' }}</td>\
<td>{{ r.id }}</td><td>{{ r.question }}</td><td>{{ r.expected_clauses | join(", ") or "(out of scope)" }}<br><i>\
{{ (r.expected_verdict or ["-"]) | join(" / ") }}</i></td><td>{{ r.citations[:3] | join(", ") or "-" }}<br><i>\
{{ r.verdict }}</i>{% if r.escalation %}<br>escalated{% endif %}</td></tr>{% endfor %}</table>\
{% else %}<p>None.</p>{% endif %}"""

_ENV = Environment(autoescape=True)
_PAGE, _CHART, _CONFUSION, _RESULTS = (_ENV.from_string(t) for t in (PAGE, CHART, CONFUSION, RESULTS))


def bar_chart(summary: dict) -> Markup:
    """Horizontal bars, one per metric in [0, 1]; missing metrics are left out."""
    rows = [(name, summary[name]) for name in CHART_METRICS if summary.get(name) is not None]
    return Markup(_CHART.render(rows=rows, lower_is_better=LOWER_IS_BETTER))


def confusion_table(confusion: dict[str, dict[str, int]]) -> Markup:
    answered = sorted({v for row in confusion.values() for v in row})
    return Markup(_CONFUSION.render(answered=answered, rows=sorted(confusion.items())))


def results_table(results: list[dict]) -> Markup:
    """Every scenario, failures first and highlighted."""
    return Markup(_RESULTS.render(results=sorted(results, key=lambda r: r["passed"])))


def html_report(run: dict, source: str, title: str = "Policy assistant evaluation") -> str:
    return _PAGE.render(title=title, s=run["summary"], source=source, chart=bar_chart(run["summary"]),
                        confusion=confusion_table(run["confusion"]),
                        failures=sum(not r["passed"] for r in run["results"]), table=results_table(run["results"]))
