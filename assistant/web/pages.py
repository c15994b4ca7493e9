"""Server-rendered pages: landing, login, the public FAQ, the clause viewer and the admin pages, from the Jinja2
templates in templates/ (autoescape on: every value is escaped unless it is already rendered markup)."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

from markupsafe import Markup

from .render import CSS, render


def policy_title(documents, school_name: str = "") -> str:
    """The school's own policy as pages name it: the manifest title of document 'policy' (else the first school
    policy), without a trailing '(<school name>)'; 'policy' when there is none."""
    docs = list(documents.values() if isinstance(documents, dict) else documents)
    doc = next((d for d in docs if d.id == "policy"), None) or next(
        (d for d in docs if d.authority == "school policy"), None)
    if doc is None:
        return "policy"
    suffix = f" ({school_name})"
    return doc.title[: -len(suffix)] if school_name and doc.title.endswith(suffix) else doc.title


def page(template: str, title: str, user: str | None = None, admin: bool = False, school_name: str = "",
         **context) -> str:
    return render(template, title=title, user=user, admin=admin, css=CSS, school_name=school_name, **context)


def landing(user: str | None, school_name: str = "", missing_contacts: tuple[str, ...] = (),
            admin: bool = False, policy: str = "policy") -> str:
    return page("landing.html", "Policy assistant", user, admin, school_name, missing_contacts=missing_contacts,
                policy_title=policy)


def login(next_url: str, error: str = "", csrf: str = "") -> str:
    return page("login.html", "Sign in", next_url=next_url, error=error, csrf=csrf)


def logout(user: str, csrf: str, error: str = "") -> str:
    """Signing out is a form post (a link or an image on another site cannot sign anyone out)."""
    return page("logout.html", "Sign out", user, csrf=csrf, error=error)


def faq(topics: list[dict], question: str = "", answer: str | None = None, error: str = "",
        school_name: str = "", policy: str = "policy") -> str:
    """Topics with their reviewed answers (faq.faq_view), a client-side filter and a public question box;
    `answer` is the engine's answer to a typed question, already rendered for parents."""
    return page("faq.html", "Parents' questions", school_name=school_name, policy_title=policy, topics=topics,
                question=question,
                answer=Markup(answer) if answer else None, error=error)


def clause_page(doc, clauses: list, target: str, user: str | None, context: int = 3) -> str:
    """The cited clause highlighted, with up to `context` clauses either side from the same document."""
    ids = [c.id for c in clauses]
    at = ids.index(target)
    shown = clauses[max(0, at - context): at + context + 1]
    return page("clause.html", clauses[at].label, user, doc=doc, shown=shown, target=target,
                link=f"/clause/{quote(target, safe=':')}", whole=len(shown) == len(clauses))


def message(title: str, text: str, user: str | None = None) -> str:
    return page("message.html", title, user, text=text)


def feedback_page(rows: list[dict], days: int, user: str | None) -> str:
    """What staff rated, newest first, with the conversation before a follow-up, for the policy owners (admin)."""
    shown = [{**r, "when": f"{datetime.fromtimestamp(r['created'], UTC):%Y-%m-%d %H:%M}"} for r in rows]
    return page("feedback.html", "Feedback", user, True, rows=shown, days=days)


OFFICIAL = ("gov.uk", "ico.org.uk", "legislation.gov.uk", "ofsted.gov.uk")
SERVICES = ("saferinternet.org.uk", "swgfl.org.uk", "childnet.com", "iwf.org.uk", "nspcc.org.uk", "ceop.police.uk")
COPIES = ("doksi.net", "scribd.com", "yumpu.com", "studylib.net", "pdfcoffee.com")  # document-sharing sites


def source_kind(url: str) -> tuple[str, str]:
    """(host, who published it) for a health finding's source, so a safeguarding lead can weigh it."""
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or url).removeprefix("www.")
    ends = lambda names: any(host == n or host.endswith("." + n) for n in names)  # noqa: E731
    if ends(COPIES) or "=BROWSELINK" in url:
        return host, "unofficial copy or broken link: check against the publisher's site"
    if ends(OFFICIAL):
        return host, "official"
    if ends(SERVICES):
        return host, "support service"
    return host, "commentary, not the official text"


def health_page(findings, today, titles: dict, missing: tuple[str, ...], faq_checks: list, settings,
                user: str | None) -> str:
    """The policy health findings (assistant.health) with navigation, the school contacts still missing and the
    FAQ questions where the assistant's own answer differs from the reviewed one."""
    from ..health.report import summary_line
    from ..health.rules import SEVERITIES

    def view(f):
        links = [(u, *source_kind(u)) for u in f.sources]
        return {**{k: getattr(f, k) for k in ("title", "label", "line", "problem", "fact", "confidence", "fix",
                                               "verify", "clause", "clause_id", "evidence", "sources")},
                "links": links}

    groups = {s: [view(f) for f in findings if f.severity == s] for s in SEVERITIES}
    checks = [{"question": e.question, "expected": f"{e.expected_verdict}: {', '.join(e.expected_clauses) or '-'}",
               "verdict": verdict, "cited": cited, "problem": problem} for e, verdict, cited, problem in faq_checks]
    return page("health.html", "Policy health", user, True, today=today.isoformat(), titles=titles,
                summary=summary_line(findings), severities=SEVERITIES, groups=groups, missing=missing,
                school_file=settings.school_file.name and f"config/{settings.school_file.name}",
                faq_file=f"config/{settings.faq_file.name}", faq_checks=checks)
