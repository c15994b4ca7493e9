"""What the trainers' workshop shows, in plain words: a run's summary, the results table with why a row failed,
and the presenting mode's slides (one scenario at a time for a room). HTML from Python with every value escaped."""

from __future__ import annotations

from html import escape

from .render import BADGES, badge, clause_link

EXTRA_KEYS = ("note", "source")  # optional scenario keys (docs/contracts.md section 5) the workshop shows


def split_extras(data) -> tuple[object, dict[str, dict[str, str]]]:
    """(the scenario list without `note` and `source`, {scenario id or '#n': {note, source}}): the extras are the
    trainer's, shown on reveal; the rest is validated as any scenario file is."""
    if not isinstance(data, list):
        return data, {}
    extras, stripped = {}, []
    for n, entry in enumerate(data, start=1):
        if isinstance(entry, dict):
            found = {k: str(entry[k]).strip() for k in EXTRA_KEYS if entry.get(k) is not None}
            if found:
                extras[str(entry.get("id") or f"#{n}")] = found
            entry = {k: v for k, v in entry.items() if k not in EXTRA_KEYS}
        stripped.append(entry)
    return stripped, extras


def words(verdict: str) -> str:
    return BADGES.get(verdict, (verdict, ""))[0]


def why_failed(r: dict) -> list[str]:
    """Why a scenario did not pass, in plain words (empty when it passed)."""
    reasons = []
    if r["in_scope"] and r["hit_rank"] != 1:
        first = r["citations"][0] if r["citations"] else "no clause"
        where = f"it came {r['hit_rank']}th" if r["hit_rank"] else "it was not cited"
        reasons.append(f"Wrong clause first: {first}; the policy answer is {' or '.join(r['expected_clauses'])} "
                       f"({where.replace('2th', '2nd').replace('3th', '3rd')}).")
    if not r["in_scope"] and r["verdict"] != "not_covered":
        reasons.append("The documents do not cover this, but it answered as if they did.")
    if r["verdict_ok"] is False:
        reasons.append(f"Wrong verdict: said \"{words(r['verdict'])}\", the policy says "
                       + " or ".join(f"\"{words(v)}\"" for v in r["expected_verdict"]) + ".")
    if "escalation" in r["tags"] and not r["escalation"]:
        reasons.append("Missed the safeguarding alert.")
    return reasons


def _count(flags: list[bool]) -> tuple[int, int]:
    return sum(flags), len(flags)


def summary_html(run: dict, source: str) -> str:
    """The run in plain words: 'Right clause first: 89 of 100', each with what it means."""
    results, s = run["results"], run["summary"]
    inside = [r for r in results if r["in_scope"]]
    outside = [r for r in results if not r["in_scope"]]
    scored = [r for r in results if r["verdict_ok"] is not None]
    alerts = [r for r in results if "escalation" in r["tags"]]
    unsafe = [r for r in scored if set(r["expected_verdict"]) <= {"prohibited", "discouraged"}
              and r["verdict"] in ("permitted", "conditional")]
    rows = [
        ("Passed", _count([r["passed"] for r in results]), "right clause first, right verdict, alert where needed"),
        ("Right clause first", _count([r["hit_rank"] == 1 for r in inside]), "the clause the answer rests on"),
        ("Right clause in the first three", _count([bool(r["hit_rank"]) and r["hit_rank"] <= 3 for r in inside]),
         "somewhere in the clauses it cites"),
        ("Right verdict", _count([r["verdict_ok"] for r in scored]), "No, Yes, Yes if, You must ..."),
        ("Said \"not covered\" for questions the documents do not answer",
         _count([r["verdict"] == "not_covered" for r in outside]), "instead of guessing"),
        ("Said \"not covered\" although the documents answer it",
         _count([r["verdict"] == "not_covered" for r in inside]), "fewer is better"),
        ("Raised the safeguarding alert where it should", _count([r["escalation"] for r in alerts]), ""),
    ]
    items = "".join(f"<li><strong>{escape(label)}: {got} of {total}</strong>"
                    + (f" <span class=\"ws-hint\">({escape(hint)})</span>" if hint else "") + "</li>"
                    for label, (got, total), hint in rows if total)
    danger = len(unsafe)
    typical = f"{s['latency_p50_ms'] / 1000:.1f} s" if s["latency_p50_ms"] >= 100 else "under 0.1 s"
    unsafe_line = (f'<p class="ws-unsafe">Said yes where the policy says no: <strong>{danger}</strong>'
                   f'{" (should be none)" if danger else " (none: good)"}</p>')
    return (f'<div class="pa-answer ws-summary"><p><strong>{escape(source)}</strong>: {len(results)} scenarios. '
            f"Typical time to answer: {typical}.</p><ul>{items}</ul>{unsafe_line}</div>")


TABLE_CSS = """
.ws-table-wrap{overflow-x:auto}.ws-table{border-collapse:collapse;width:100%;font-size:.95rem}
.ws-table th,.ws-table td{border:1px solid #c9d1da;padding:.35rem .5rem;text-align:left;vertical-align:top}
.ws-table th{background:#eef2f6}.ws-table tr.fail td:first-child{color:#8a0018;font-weight:700}
.ws-table tr.pass td:first-child{color:#166534;font-weight:700}.ws-hint{color:#4b5563}
.ws-unsafe{font-size:1.05rem}
"""


def results_table(results: list[dict]) -> str:
    """Every scenario, those that did not pass first, with why, what the policy says and what the answer said."""
    ordered = [r for r in results if not r["passed"]] + [r for r in results if r["passed"]]
    rows = []
    for r in ordered:
        expected = " or ".join(words(v) for v in r["expected_verdict"] or []) or "not scored"
        clauses = ", ".join(r["expected_clauses"]) or "not covered"
        said = ", ".join(r["citations"][:3]) or "no clause"
        why = "".join(f"<li>{escape(w)}</li>" for w in why_failed(r))
        rows.append(f'<tr class="{"pass" if r["passed"] else "fail"}"><td>{"Pass" if r["passed"] else "Fail"}</td>'
                    f'<td><code>{escape(r["id"])}</code><br>{escape(r["question"])}</td>'
                    f"<td>{escape(expected)}<br><code>{escape(clauses)}</code></td>"
                    f'<td>{badge(r["verdict"])}<br><code>{escape(said)}</code></td>'
                    f'<td>{"<ul>" + why + "</ul>" if why else "-"}</td></tr>')
    fails = sum(not r["passed"] for r in results)
    return (f"<style>{TABLE_CSS}</style><h2>Results: {fails} of {len(results)} did not pass (shown first)</h2>"
            '<div class="ws-table-wrap"><table class="ws-table"><thead><tr><th scope="col">Result</th>'
            '<th scope="col">Scenario</th><th scope="col">The policy says</th><th scope="col">The assistant said</th>'
            f'<th scope="col">Why it did not pass</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


PRESENT_CSS = """
#pr-stage{background:#fff}#pr-stage:fullscreen{padding:2rem 3rem;overflow:auto}
.pr-slide{font-family:system-ui,sans-serif;color:#1d2733}.pr-count{font-size:1.1rem;color:#4b5563}
.pr-question{font-size:2.2rem;line-height:1.25;margin:.6rem 0 1rem}
.pr-reveal{font-size:1.35rem;line-height:1.45}.pr-reveal .pa-badge{font-size:1.35rem}
.pr-note{border-left:5px solid #1d4ed8;background:#eff6ff;padding:.5rem 1rem;margin:.8rem 0}
.pr-quote{border-left:4px solid #cbd5e1;padding-left:.7rem;margin:.4rem 0}
"""


def present_slide(state) -> str:
    """One scenario, large, for the room."""
    if not state:
        return (f'<style>{PRESENT_CSS}</style><div class="pr-slide"><p class="pr-count">Choose a scenario file and '
                "press Start presenting.</p></div>")
    i, scenarios = state["i"], state["scenarios"]
    if i >= len(scenarios):
        return (f'<style>{PRESENT_CSS}</style><div class="pr-slide"><p class="pr-question">That was the last of '
                f"{len(scenarios)} scenarios.</p></div>")
    sc = scenarios[i]
    earlier = (f'<p class="pr-count">Earlier in the conversation: {escape(" / ".join(sc.history))}</p>'
               if sc.history else "")
    return (f'<style>{PRESENT_CSS}</style><div class="pr-slide"><p class="pr-count">Scenario {i + 1} of '
            f'{len(scenarios)}{" (a parent asks)" if sc.audience == "parent" else ""}</p>{earlier}'
            f'<p class="pr-question" id="pr-question">{escape(sc.question)}</p></div>')


def present_reveal(scenario, extras: dict[str, str], clauses: dict, vote: str | None) -> str:
    """The policy's answer: its verdict, the clauses in full, the trainer's note and where the scenario came from."""
    verdicts = " or ".join(str(badge(v)) for v in scenario.expected_verdicts or ()) or "<em>not scored</em>"
    if vote:
        right = scenario.expected_verdicts is not None and vote in scenario.expected_verdicts
        vote_line = (f"<p>The room said {badge(vote)}: "
                     f"{'right' if right else 'not the policy answer' if scenario.expected_verdicts else 'noted'}"
                     ".</p>")
    else:
        vote_line = ""
    quotes = "".join(
        f'<div class="pr-quote"><a href="{escape(clause_link(cid))}" target="_blank" rel="noopener">'
        f"{escape(clauses[cid].label)}</a>: &ldquo;{escape(clauses[cid].text)}&rdquo;</div>"
        for cid in scenario.expected_clauses if cid in clauses)
    body = quotes or "<p>The documents do not cover this: the right answer is to say so and ask.</p>"
    note = f'<div class="pr-note"><strong>Why:</strong> {escape(extras["note"])}</div>' if extras.get("note") else ""
    source = (f'<p class="pr-count">Source: {escape(extras["source"])}</p>' if extras.get("source") else "")
    return (f'<div class="pr-reveal" id="pr-answer">{vote_line}<p>The policy says: {verdicts}</p>{body}{note}'
            f"{source}</div>")
