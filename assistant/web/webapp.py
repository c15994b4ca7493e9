"""The one web application: FastAPI routes and sign-in, with the Gradio staff chat and workshop mounted
behind role checks. Build it with build_web_app(); app.py launches it."""

import asyncio
import os
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

import anyio
from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import PlainTextResponse

from ..contacts import missing_names
from ..errors import AssistantError
from ..settings import Settings
from . import pages
from .faq import check_clauses, engine_check, faq_view, load_faq
from .feedback import FeedbackStore
from .render import answer_html, parent_contact
from .security import (
    SESSION_COOKIE,
    HardeningMiddleware,
    PublicLimitMiddleware,
    RateLimit,
    client_address,
    csrf_ok,
    csrf_token,
)
from .users import BUSY, ROLES, Attempt, Throttle, User, UserStore

# route prefix -> role needed; everything under it (pages, assets, Gradio API, queue) is checked
PROTECTED = {"/staff": "staff", "/workshop": "trainer", "/admin": "admin"}
PAGES = {"/staff", "/workshop", "/admin/feedback", "/admin/health"}  # anonymous visitors are sent to sign in
BUSY_WAIT = 20.0  # seconds a sign-in waits for other checks from its address before it is refused


@dataclass
class Services:
    """What the routes share: the engine, the stores and the settings."""

    engine: object
    settings: Settings
    users: UserStore
    feedback: FeedbackStore
    throttle: Throttle
    public_limit: RateLimit = field(default_factory=RateLimit)
    # How a slowed-down sign-in waits out its delay (Throttle.begin); tests record the delay instead of waiting.
    pause: Callable[[float], Awaitable[None]] = asyncio.sleep


def private_data_dir(data_dir: Path) -> Path:
    """The data folder (users, session secret, feedback that may name pupils): mode 0700, its files 0600."""
    path = Path(data_dir)
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    for child in path.iterdir():
        if child.is_file():
            os.chmod(child, 0o600)
    return path


def session_secret(data_dir: Path) -> str:
    """A random secret made on first run and kept in the data folder (mode 0600)."""
    path = Path(data_dir) / "session.key"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip()


def make_services(engine, settings: Settings) -> Services:
    data = private_data_dir(settings.data_dir)
    feedback = FeedbackStore(data / "feedback.sqlite3", settings.feedback_days)
    feedback.purge()
    return Services(engine, settings, UserStore(data / "users.json"), feedback,
                    Throttle(settings.login_max_failures, settings.login_pause_seconds),
                    RateLimit(settings.public_rate_limit, settings.public_rate_seconds))


def session_user(scope_session: dict, users: UserStore) -> User | None:
    """The signed-in user, re-read from the users file so a removed user, a changed role or password, or a
    sign-out elsewhere takes effect: the cookie's epoch must be the user's current one."""
    name = scope_session.get("user") if scope_session else None
    user = users.get(name) if isinstance(name, str) and name else None
    if user is None or scope_session.get("epoch") != user.epoch:
        return None
    return user


def _required_role(path: str) -> str | None:
    for prefix, role in PROTECTED.items():
        if path == prefix or path.startswith(prefix + "/"):
            return role
    return None


UPLOAD_PATHS = ("/gradio_api/upload",)  # Gradio's upload endpoint, under each mount


class AccessGuard:
    """ASGI middleware: anonymous requests under a protected prefix get a redirect to sign-in (a page) or
    401 (anything else: API, queue, assets); signed-in users without the role get 403. Uploads are refused
    where no screen takes a file (the staff chat) and capped in size elsewhere (the workshop's YAML files)."""

    def __init__(self, app, users: UserStore, no_uploads: tuple[str, ...] = ("/staff",), max_upload: int = 1 << 20):
        self.app = app
        self.users = users
        self.no_uploads = no_uploads
        self.max_upload = max_upload

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        role = _required_role(scope["path"])
        if role is None:
            return await self.app(scope, receive, send)
        user = session_user(scope.get("session") or {}, self.users)
        if user is not None and user.can(role):
            refusal = self._upload_refusal(scope)
            if refusal is not None:
                return await refusal(scope, receive, send)
            return await self.app(scope, receive, send)
        if scope["type"] == "websocket":
            return await send({"type": "websocket.close", "code": 1008})
        is_page = scope["method"] == "GET" and scope["path"].rstrip("/") in PAGES
        if user is None and is_page:
            response = RedirectResponse(f"/login?next={quote(scope['path'])}", status_code=303)
        elif user is None:
            response = PlainTextResponse("Sign in first.", status_code=401)
        else:
            response = PlainTextResponse(f"This needs the {role} role.", status_code=403)
        await response(scope, receive, send)

    def _upload_refusal(self, scope) -> PlainTextResponse | None:
        path = scope["path"].rstrip("/")
        if scope["type"] != "http" or not any(path.endswith(u) for u in UPLOAD_PATHS):
            return None
        if any(path.startswith(prefix + "/") for prefix in self.no_uploads):
            return PlainTextResponse("This screen takes no files.", status_code=403)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is None or not length.isdigit() or int(length) > self.max_upload:
            return PlainTextResponse(f"Files are limited to {self.max_upload // 1024} KiB.", status_code=413)
        return None


def build_web_app(engine, settings: Settings, services: Services | None = None, mount_ui: bool = True):
    """The FastAPI application with every route; nothing is served until app.py (or a test) runs it."""
    svc = services or make_services(engine, settings)
    school = engine.library.school
    topics = load_faq(settings.faq_file)
    check_clauses(topics, engine.clauses, engine.documents, str(settings.faq_file))
    faq_topics = faq_view(topics, engine.clauses, school, parent_contact(school))
    # The engine's own answer to each FAQ question, against the reviewed one: disagreements go to /admin/health.
    faq_checks = [(e, *engine_check(engine, e)) for t in topics for e in t.entries]
    missing = missing_names(school)
    policy = pages.policy_title(engine.documents, school.name)
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.state.services = svc

    def current(request: Request) -> User | None:
        return session_user(request.session, svc.users)

    def name_of(request: Request) -> str | None:
        user = current(request)
        return user.name if user else None

    @app.get("/", response_class=HTMLResponse)
    def landing(request: Request):
        user = current(request)
        return pages.landing(user.name if user else None, school.name, missing if user else (),
                             admin=bool(user and user.can("admin")), policy=policy)

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/staff"):
        return pages.login(_safe_next(next), csrf=csrf_token(request.session))

    @app.post("/login")
    async def login(request: Request, username: str = Form(..., max_length=200),
                    password: str = Form(..., max_length=1000), next: str = Form("/staff"),
                    csrf: str = Form("")):
        target = _safe_next(next)
        if not csrf_ok(request.session, csrf):
            return HTMLResponse(pages.login(target, "The sign-in form had expired. Please try again.",
                                            csrf=csrf_token(request.session)), status_code=400)
        name = username.strip().lower()
        address = client_address(request.scope, settings.trusted_proxies)
        attempt = svc.throttle.begin(address, name)
        waited = 0.0
        while attempt == BUSY and waited < BUSY_WAIT:  # other checks from this address are running
            await asyncio.sleep(0.05)
            waited += 0.05
            attempt = svc.throttle.begin(address, name)
        if not isinstance(attempt, Attempt):
            minutes = f"{int(attempt) // 60 + 1} minutes" if attempt else "a moment"
            return HTMLResponse(pages.login(target, f"Too many failed sign-ins from this computer. Try again in "
                                            f"{minutes}.", csrf=csrf_token(request.session)), status_code=429)
        user = None
        try:  # counted as running until finished, whatever happens (a dropped connection included)
            if attempt.delay:
                await svc.pause(attempt.delay)
            user = await anyio.to_thread.run_sync(svc.users.verify, name, password)
        finally:
            svc.throttle.finish(attempt, signed_in=user is not None)
        if user is None:
            return HTMLResponse(pages.login(target, "Wrong user name or password.", csrf=csrf_token(request.session)),
                                status_code=401)
        request.session.clear()
        request.session.update(user=user.name, epoch=user.epoch)
        csrf_token(request.session)  # a fresh form token for the new session
        return RedirectResponse(target, status_code=303)

    @app.get("/logout", response_class=HTMLResponse)
    def logout_form(request: Request):
        user = current(request)
        if user is None:
            return RedirectResponse("/", status_code=303)
        return pages.logout(user.name, csrf_token(request.session))

    @app.post("/logout")
    def logout(request: Request, csrf: str = Form("")):
        user = current(request)
        if user is not None and not csrf_ok(request.session, csrf):
            return HTMLResponse(pages.logout(user.name, csrf_token(request.session),
                                             "That sign-out form had expired. Please press Sign out again."), 400)
        if user is not None:
            svc.users.end_sessions(user.name)  # every copy of the cookie stops working, here and elsewhere
        request.session.clear()
        return RedirectResponse("/", status_code=303)

    faq_page = pages.faq(faq_topics, school_name=school.name, policy=policy)  # the same until the app restarts

    def public_answer(request: Request, q: str):
        if not q.strip():
            return HTMLResponse(faq_page)
        # (an address over the public rate limit never gets this far: security.PublicLimitMiddleware)
        try:  # public route: only ever the parent audience, i.e. public documents
            answer = engine.ask(q, audience="parent").to_dict()
        except AssistantError as exc:
            return pages.faq(faq_topics, q, error=str(exc), school_name=school.name, policy=policy)
        return pages.faq(faq_topics, q, answer_html(answer, reader="parent", school=school, clauses=engine.clauses),
                         school_name=school.name, policy=policy)

    @app.post("/faq", response_class=HTMLResponse)
    def faq_ask(request: Request, q: str = Form("", max_length=20_000)):
        # the form posts, so a question (it may name a child) stays out of URLs
        return public_answer(request, q)

    @app.get("/faq", response_class=HTMLResponse)
    def faq(request: Request, q: str = ""):
        return public_answer(request, q)

    @app.get("/clause/{clause_id:path}", response_class=HTMLResponse)
    def clause(request: Request, clause_id: str, whole: bool = False):
        clause_id = unquote(clause_id)
        found = engine.clauses.get(clause_id)
        if found is None:
            return HTMLResponse(pages.message("Clause not found", f"There is no clause {clause_id}."), 404)
        doc = engine.documents[found.doc]
        user = current(request)
        if doc.audience != "public" and user is None:
            return HTMLResponse(pages.message("Sign in to read this", "This document is for staff only."), 401)
        clauses = [c for c in engine.corpus.clauses if c.doc == found.doc]
        return pages.clause_page(doc, clauses, clause_id, user.name if user else None,
                                 context=len(clauses) if whole else 3)

    @app.get("/admin/feedback", response_class=HTMLResponse)
    def feedback(request: Request):  # the guard lets only admins this far
        svc.feedback.purge()
        return pages.feedback_page(svc.feedback.recent(500), svc.settings.feedback_days, name_of(request))

    @app.get("/admin/health", response_class=HTMLResponse)
    def health(request: Request):
        from datetime import date

        from ..health import check_corpus, load_rules

        corpus = engine.corpus
        rules = load_rules()
        titles = {d.id: d.title for d in corpus.documents if any(r.applies_to(d) for r in rules)}
        findings = check_corpus(corpus, rules, date.today())
        return pages.health_page(findings, date.today(), titles, missing, faq_checks, settings, name_of(request))

    if mount_ui:
        import gradio as gr

        from .render import CSS, MARKERS_JS
        from .staff_ui import build_staff_ui
        from .workshop_ui import build_workshop_ui

        def role_dependency(role: str):
            def dependency(request: Request) -> str | None:
                user = current(request)
                return user.name if user and user.can(role) else None
            return dependency

        # No folder of ours may be served or read as an upload, whatever a client claims a file's path is.
        blocked = [str(Path(p).resolve()) for p in (settings.data_dir, settings.corpus_dir, settings.index_dir,
                                                    settings.school_file.parent, settings.eval_dir)]
        for path, blocks, role in (("/staff", build_staff_ui(svc), "staff"),
                                   ("/workshop", build_workshop_ui(svc), "trainer")):
            blocks.queue(default_concurrency_limit=settings.web_workers)
            gr.mount_gradio_app(app, blocks, path=path, auth_dependency=role_dependency(role), css=CSS,
                                js=MARKERS_JS,
                                footer_links=[], show_error=False, blocked_paths=blocked, allowed_paths=[],
                                max_file_size=settings.max_upload_bytes)
            # Gradio checks that a file named in a request was uploaded (not any file on disk) only once the
            # Blocks count as launched, which a mounted app never does by itself.
            blocks.has_launched = True

    # Starlette runs the last added middleware first: hardening, then the session is decoded, then the guard.
    app.add_middleware(AccessGuard, users=svc.users, max_upload=settings.max_upload_bytes + 64 * 1024)
    app.add_middleware(SessionMiddleware, secret_key=session_secret(settings.data_dir), same_site="lax",
                       https_only=False, max_age=12 * 3600, session_cookie=SESSION_COOKIE)
    app.add_middleware(PublicLimitMiddleware, limit=svc.public_limit, trusted_proxies=settings.trusted_proxies)
    app.add_middleware(HardeningMiddleware, trusted_proxies=settings.trusted_proxies,
                       allowed_origins=settings.allowed_origins)
    return app


def _safe_next(target: str) -> str:
    """Only local paths, so the sign-in form cannot send anyone to another site."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/staff"


__all__ = ["ROLES", "Services", "build_web_app", "make_services"]
