"""Server-rendered pages: landing, login, the public FAQ and the clause viewer (all text escaped)."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from .render import CSS, answer_html

SHELL = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{{font-family:system-ui,sans-serif;margin:0 auto;padding:1rem;max-width:62rem;color:#1d2733;line-height:1.45}}
nav a{{margin-right:1rem}} input,button{{font-size:1rem;padding:.4rem .6rem}}
label{{display:block;margin:.5rem 0 .2rem}}
details{{border:1px solid #d5dbe2;border-radius:.4rem;padding:.5rem .8rem;margin:.5rem 0}}
summary{{cursor:pointer;font-weight:600}} .error{{color:#b00020;font-weight:600}}
.clause{{padding:.4rem .6rem;border-left:4px solid transparent;margin:.3rem 0;white-space:pre-wrap}}
.clause.target{{background:#fff7d6;border-left-color:#d97706}} .clause .id{{color:#555;font-size:.85rem}}
.q-input{{width:100%;box-sizing:border-box}}
{css}
</style></head><body>
<nav aria-label="Main"><a href="/">Home</a><a href="/staff">Staff chat</a><a href="/faq">Parents' FAQ</a>
<a href="/workshop">Workshop</a>{who}</nav>
<main>
{body}
</main></body></html>
"""


def page(title: str, body: str, user: str | None = None) -> str:
    who = (f' <span>Signed in as {escape(user)}</span> <a href="/logout">Sign out</a>' if user
           else ' <a href="/login">Sign in</a>')
    return SHELL.format(title=escape(title), body=body, css=CSS, who=who)


def landing(user: str | None) -> str:
    return page("Policy assistant", """
<h1>Policy assistant</h1>
<p>Answers questions about the school's Social Media and Networking Policy and the statutory guidance
Keeping Children Safe in Education, citing the exact clauses.</p>
<ul>
<li><a href="/staff">Staff chat</a>: ask "can I do X?" (staff sign-in).</li>
<li><a href="/faq">Parents' FAQ</a>: common questions from parents, and a question box (no sign-in).</li>
<li><a href="/workshop">Trainers' workshop</a>: run scenario files and quizzes (trainer sign-in).</li>
<li><a href="/admin/feedback">Feedback</a> and <a href="/admin/health">policy health</a> (admin sign-in).</li>
</ul>""", user)


def login(next_url: str, error: str = "", csrf: str = "") -> str:
    message = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    return page("Sign in", f"""
<h1>Sign in</h1>{message}
<form method="post" action="/login">
<input type="hidden" name="next" value="{escape(next_url)}">
<input type="hidden" name="csrf" value="{escape(csrf)}">
<label for="username">User name</label><input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit">Sign in</button></p>
</form>""")


def logout(user: str, csrf: str, error: str = "") -> str:
    """Signing out is a form post (a link or an image on another site cannot sign anyone out)."""
    message = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    return page("Sign out", f"""
<h1>Sign out</h1>{message}
<p>Signing out ends your session on every computer where you are signed in as {escape(user)}.</p>
<form method="post" action="/logout">
<input type="hidden" name="csrf" value="{escape(csrf)}">
<p><button type="submit" id="sign-out">Sign out</button></p>
</form>""", user)


FAQ_SCRIPT = """<script>
document.getElementById('faq-search').addEventListener('input', function (e) {
  var words = e.target.value.toLowerCase().split(/\\s+/).filter(Boolean);
  document.querySelectorAll('.faq-item').forEach(function (item) {
    var text = item.textContent.toLowerCase();
    item.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
  });
  document.querySelectorAll('.faq-topic').forEach(function (topic) {
    topic.hidden = !topic.querySelector('.faq-item:not([hidden])');
  });
});
</script>"""


def faq(answered: list, question: str = "", answer: dict | None = None, error: str = "") -> str:
    """Topics with their answered questions, a client-side filter and a public question box."""
    groups = []
    for topic, answers in answered:
        items = "".join(f'<details class="faq-item"><summary>{escape(a["question"])}</summary>{answer_html(a)}'
                        "</details>" for a in answers)
        groups.append(f'<section class="faq-topic"><h2>{escape(topic.title)}</h2>{items}</section>')
    result = ""
    if error:
        result = f'<p class="error" role="alert">{escape(error)}</p>'
    elif answer is not None:
        result = f'<section aria-live="polite" id="faq-answer"><h2>Your question</h2>{answer_html(answer)}</section>'
    return page("Parents' questions", f"""
<h1>Parents' questions</h1>
<p>Answers come from the school's Social Media and Networking Policy and public guidance, with the clauses
they rest on. Questions typed here are answered and not stored.</p>
<form method="post" action="/faq#faq-answer" role="search">
<label for="faq-q">Ask your own question</label>
<input id="faq-q" class="q-input" name="q" value="{escape(question)}" maxlength="2000">
<p><button type="submit">Ask</button></p>
</form>
{result}
<label for="faq-search">Search the questions below</label>
<input id="faq-search" class="q-input" type="search" placeholder="e.g. photos">
{"".join(groups)}
{FAQ_SCRIPT}""")


def clause_page(doc, clauses: list, target: str, user: str | None, context: int = 3) -> str:
    """The cited clause highlighted, with up to `context` clauses either side from the same document."""
    ids = [c.id for c in clauses]
    at = ids.index(target)
    shown = clauses[max(0, at - context): at + context + 1]
    rows = []
    for c in shown:
        is_target = c.id == target
        heading = f"{escape(c.section)}" if c.section else ""
        marker = ' target" id="c' if is_target else ""
        rows.append(f'<div class="clause{marker}" '
                    f'data-clause="{escape(c.id)}"><div class="id">{escape(c.label)} <code>{escape(c.id)}</code>'
                    f'{" &middot; " + heading if heading else ""}</div>{escape(c.text)}</div>')
    source = f' <a href="{escape(doc.url)}" rel="noopener">Official source</a>' if doc.url else ""
    link = f"/clause/{quote(target, safe=':')}"
    whole = (f'<a href="{escape(link)}#c">Show only the nearby clauses</a>' if len(shown) == len(clauses)
             else f'<a href="{escape(link)}?whole=true#c">Show the whole document</a>')
    return page(f"{clauses[at].label}", f"""
<h1>{escape(doc.title)}</h1>
<p>{escape(doc.edition)} &middot; {escape(doc.authority)}.{source}</p>
<p>{whole}</p>
{"".join(rows)}""", user)


def message(title: str, text: str, user: str | None = None) -> str:
    return page(title, f"<h1>{escape(title)}</h1><p>{escape(text)}</p>", user)


def feedback_page(rows: list[dict], days: int, user: str | None) -> str:
    """What staff rated, newest first, for the policy owners (admin only)."""
    from datetime import UTC, datetime

    body = "".join(
        f"<tr><td>{datetime.fromtimestamp(r['created'], UTC):%Y-%m-%d %H:%M}</td><td>{escape(r['user'])}</td>"
        f"<td>{'&#128077;' if r['rating'] > 0 else '&#128078;'}</td><td>{escape(r['question'])}</td>"
        f"<td>{escape(r['verdict'])}</td><td>{escape(', '.join(r['cited']))}</td><td>{escape(r['comment'])}</td></tr>"
        for r in rows)
    table = (f"<table><tr><th>when (UTC)</th><th>who</th><th>rating</th><th>question</th><th>verdict</th>"
             f"<th>cited</th><th>comment</th></tr>{body}</table>" if rows else "<p>No feedback yet.</p>")
    return page("Feedback", f"""
<h1>Feedback on answers</h1>
<p>Ratings from the staff chat, kept for {days} days and then deleted. Questions may name pupils: do not
copy them elsewhere. <a href="/admin/health">Policy health</a></p>
<style>table{{border-collapse:collapse;font-size:.9rem}}td,th{{border:1px solid #c9d1da;padding:.3rem .5rem;
text-align:left;vertical-align:top}}</style>
{table}""", user)
