"""A self-contained HTML report of an evaluation run: metric chart, verdict confusion, failures."""

from __future__ import annotations

from html import escape

CHART_METRICS = ("hit@1", "hit@3", "mrr", "verdict_accuracy", "abstention", "false_abstention",
                 "escalation_recall", "escalation_false_alarms")
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{{font-family:system-ui,sans-serif;margin:2rem;color:#1d2733;max-width:1100px}}
table{{border-collapse:collapse;margin:1rem 0;font-size:.9rem}}
td,th{{border:1px solid #c9d1da;padding:.3rem .5rem;text-align:left;vertical-align:top}}
th{{background:#eef2f6}} .fail{{background:#fff1f0}} .num{{text-align:right}}
</style></head><body>
<h1>{title}</h1>
<p>{scenarios} scenarios ({in_scope} in scope, {out_of_scope} out of scope) from <code>{source}</code>.
Latency p50 {p50} ms, p95 {p95} ms per question.</p>
<h2>Metrics</h2>
{chart}
<h2>Verdicts: expected (rows) against answered (columns)</h2>
{confusion}
<h2>Scenarios ({failures} did not pass)</h2>
{table}
</body></html>
"""


def bar_chart(summary: dict) -> str:
    """Horizontal bars, one per metric in [0, 1]; missing metrics are left out."""
    rows = [(name, summary[name]) for name in CHART_METRICS if summary.get(name) is not None]
    height = 28 * len(rows) + 10
    bars = []
    for i, (name, value) in enumerate(rows):
        y = 10 + 28 * i
        width = round(400 * value)
        colour = "#c0392b" if name in ("false_abstention", "escalation_false_alarms") else "#2e7d5b"
        bars.append(f'<text x="0" y="{y + 14}" font-size="13">{escape(name)}</text>'
                    f'<rect x="180" y="{y}" width="{width}" height="18" fill="{colour}"/>'
                    f'<text x="{185 + width}" y="{y + 14}" font-size="13">{value:.2f}</text>')
    return (f'<svg role="img" aria-label="evaluation metrics" width="640" height="{height}" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg>')


def confusion_table(confusion: dict[str, dict[str, int]]) -> str:
    answered = sorted({v for row in confusion.values() for v in row})
    head = "".join(f"<th>{escape(v)}</th>" for v in answered)
    body = "".join(
        f"<tr><th>{escape(expected)}</th>"
        + "".join(f'<td class="num">{row.get(v, "")}</td>' for v in answered) + "</tr>"
        for expected, row in sorted(confusion.items()))
    return f"<table><tr><th></th>{head}</tr>{body}</table>"


def results_table(results: list[dict]) -> str:
    """Every scenario, failures first and highlighted."""
    rows = []
    for r in sorted(results, key=lambda r: r["passed"]):
        expected = ", ".join(r["expected_clauses"]) or "(out of scope)"
        verdicts = " / ".join(r["expected_verdict"] or ["-"])
        rows.append(
            f'<tr class="{"pass" if r["passed"] else "fail"}"><td>{"pass" if r["passed"] else "FAIL"}</td>'
            f'<td>{escape(r["id"])}</td><td>{escape(r["question"])}</td>'
            f"<td>{escape(expected)}<br><i>{escape(verdicts)}</i></td>"
            f'<td>{escape(", ".join(r["citations"][:3]) or "-")}<br><i>{escape(r["verdict"])}</i>'
            f'{"<br>escalated" if r["escalation"] else ""}</td></tr>')
    head = "<tr><th></th><th>id</th><th>question</th><th>expected</th><th>got</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>" if rows else "<p>None.</p>"


def html_report(run: dict, source: str, title: str = "Policy assistant evaluation") -> str:
    s = run["summary"]
    return PAGE.format(
        title=escape(title), scenarios=s["scenarios"], in_scope=s["in_scope"], out_of_scope=s["out_of_scope"],
        source=escape(source), p50=s["latency_p50_ms"], p95=s["latency_p95_ms"], chart=bar_chart(s),
        confusion=confusion_table(run["confusion"]), failures=sum(not r["passed"] for r in run["results"]),
        table=results_table(run["results"]))
