"""Who may reach what: the real app in-process (TestClient) over the fake-embedder engine (fast tier)."""

from __future__ import annotations

import re

import pytest
from web_support import PASSWORD, csrf_of, fake_web, sign_in  # noqa: F401 - fake_web is a fixture

LINK = re.compile(r'href="/clause/([^"#]+)#c"')


@pytest.fixture(scope="module")
def web(fake_web):  # noqa: F811
    from fastapi.testclient import TestClient

    return fake_web[0], TestClient


@pytest.fixture(scope="module")
def real_engine(fake_web):  # noqa: F811 - these tests check routing and access, not ranking
    return fake_web[1]


def _client(web, user: str | None = None, address: str = "testclient"):
    app, test_client = web
    client = test_client(app, client=(address, 50000))
    if user:
        assert sign_in(client, user).status_code == 303
    return client


def _public_docs(real_engine) -> set[str]:
    return {d.id for d in real_engine.corpus.documents if d.audience == "public"}


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/staff/gradio_api/info"), ("GET", "/staff/config"), ("POST", "/staff/gradio_api/call/respond"),
    ("POST", "/staff/gradio_api/queue/join"), ("GET", "/staff/gradio_api/queue/data"),
    ("GET", "/workshop/gradio_api/info"), ("POST", "/workshop/gradio_api/queue/join"), ("GET", "/workshop/config")])
def test_anonymous_api_requests_are_refused(web, method, path):
    response = _client(web).request(method, path, json={"data": ["Can I friend a pupil?"]}, follow_redirects=False)
    assert response.status_code == 401


@pytest.mark.parametrize("path", ["/staff", "/staff/", "/workshop", "/workshop/"])
def test_anonymous_pages_redirect_to_sign_in(web, path):
    response = _client(web).get(path, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login?next=")


def test_staff_reach_the_chat_but_not_the_workshop(web):
    client = _client(web, "s.staff")
    assert client.get("/staff/").status_code == 200
    assert client.get("/staff/gradio_api/info").status_code == 200
    assert client.get("/workshop/", follow_redirects=False).status_code == 403
    assert client.get("/workshop/gradio_api/info").status_code == 403


def test_trainers_reach_the_workshop(web):
    client = _client(web, "t.trainer")
    assert client.get("/workshop/").status_code == 200
    assert client.get("/staff/").status_code == 200


def test_sign_out_ends_the_session(web):
    client = _client(web, "s.staff")
    client.post("/logout", data={"csrf": csrf_of(client, "/logout")})
    assert client.get("/staff/gradio_api/info").status_code == 401


def test_failed_sign_ins_from_one_address_are_throttled(web):
    client = _client(web, address="10.1.1.1")
    codes = [sign_in(client, "s.staff", "wrong password").status_code for _ in range(6)]
    assert codes[:5] == [401] * 5 and codes[5] == 429
    # that address is refused even with the right password while the pause lasts
    assert sign_in(client, "s.staff").status_code == 429
    web[0].state.services.throttle.failures.clear()


def test_sign_in_only_redirects_to_local_pages(web):
    client = _client(web)
    response = client.post("/login", data={"username": "s.staff", "password": PASSWORD, "csrf": csrf_of(client),
                                           "next": "//evil.example/"}, follow_redirects=False)
    assert response.headers["location"] == "/staff"


def test_faq_is_public_and_cites_only_public_documents(web, real_engine):
    page = _client(web).get("/faq")
    assert page.status_code == 200
    assert "Can my child&#39;s teacher follow them on Instagram?" in page.text
    cited = LINK.findall(page.text)
    assert cited, "the FAQ answers should cite clauses"
    assert {c.split(":")[0] for c in cited} <= _public_docs(real_engine)


@pytest.mark.parametrize("query", ["Who do I call about an allegation against a teacher?",
                                   "Professionals Online Safety Helpline phone number"])
def test_public_question_box_answers_from_public_documents_only(web, real_engine, query):
    page = _client(web).get("/faq", params={"q": query, "audience": "staff"})
    assert page.status_code == 200 and 'id="faq-answer"' in page.text
    answer = page.text.split('id="faq-answer"', 1)[1].split("</section>", 1)[0]
    assert {c.split(":")[0] for c in LINK.findall(answer)} <= _public_docs(real_engine)


def test_the_question_box_posts_and_answers(web):
    page = _client(web).post("/faq", data={"q": "Will staff post photos of my child?"})
    assert page.status_code == 200 and 'id="faq-answer"' in page.text and "pa-badge" in page.text


def test_questions_are_shown_as_text(web):
    page = _client(web).get("/faq", params={"q": "<script>alert(1)</script> can I post photos?"})
    assert "<script>alert(1)" not in page.text and "&lt;script&gt;alert(1)" in page.text


def test_clause_viewer_highlights_the_clause_with_its_neighbours(web):
    page = _client(web).get("/clause/policy:4.1(2)")
    assert page.status_code == 200
    assert re.search(r'class="clause target" id="c"\s+data-clause="policy:4.1\(2\)"', page.text)
    assert 'data-clause="policy:4.1(1)"' in page.text and 'data-clause="policy:4.1(3)"' in page.text
    assert 'data-clause="policy:1.1"' not in page.text
    whole = _client(web).get("/clause/policy:4.1(2)", params={"whole": "true"}).text
    assert 'data-clause="policy:1.1"' in whole and 'class="clause target" id="c"' in whole


def test_staff_only_clauses_need_sign_in(web):
    assert _client(web).get("/clause/gswp:12").status_code == 401
    assert _client(web, "s.staff").get("/clause/gswp:12").status_code == 200
    assert _client(web).get("/clause/policy:99.9").status_code == 404


def test_feedback_and_health_pages_are_for_admins_only(web):
    app, _ = web
    app.state.services.feedback.add("s.staff", "Can I <b>friend</b> a pupil?", "prohibited", ["policy:4.1(2)"], -1)
    assert _client(web).get("/admin/feedback", follow_redirects=False).status_code == 303
    assert _client(web).get("/admin/other", follow_redirects=False).status_code == 401
    assert _client(web, "t.trainer").get("/admin/feedback").status_code == 403
    admin = _client(web, "a.admin")
    page = admin.get("/admin/feedback")
    assert page.status_code == 200 and "Can I &lt;b&gt;friend&lt;/b&gt; a pupil?" in page.text
    assert admin.get("/admin/health").status_code == 200
    assert admin.get("/workshop/").status_code == 200


def test_public_routes_never_show_feedback_or_other_users_questions(web):
    app, _ = web
    secret = "Can I message Jamie Example-Pupil on Snapchat?"
    app.state.services.feedback.add("s.staff", secret, "prohibited", ["policy:4.1(2)"], -1, "Jamie again")
    client = _client(web)
    for path in ("/", "/faq", "/faq?q=snapchat", "/clause/policy:4.1(2)", "/login"):
        assert "Jamie" not in client.get(path).text, path


def test_landing_shows_the_school_and_signed_in_users_see_missing_contacts(web):
    public = _client(web).get("/").text
    assert "Westhaven School" in public and "not filled in" not in public
    signed = _client(web, "a.admin").get("/").text
    assert 'id="missing-contacts"' in signed and "the Designated Safeguarding Lead (DSL)" in signed


def test_health_page_has_navigation_contacts_and_the_faq_check(web):
    page = _client(web, "a.admin").get("/admin/health").text
    assert '<nav aria-label="Main">' in page and 'href="/admin/feedback"' in page
    assert 'id="contacts"' in page and 'id="faq-check"' in page
    assert "commentary" in page or "official" in page  # sources say who published them
