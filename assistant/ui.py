"""A minimal Gradio chat over Engine.ask (the full staff/FAQ/workshop app is built on the same answer)."""

from __future__ import annotations

import html

from .engine import Engine
from .errors import AssistantError

BADGES = {
    "prohibited": "No", "discouraged": "Advised against", "conditional": "Yes, if", "permitted": "Yes",
    "required": "You must", "info": "Information", "not_covered": "Not covered",
}
EXAMPLES = [
    "Can I accept a friend request from a pupil?",
    "Can I post photos from the school trip on my Instagram?",
    "A parent has messaged me privately on Facebook. What should I do?",
]


def render(answer) -> str:
    """Answer object -> Markdown, escaping all text so a question's HTML or Markdown is shown as text."""
    esc = html.escape
    parts = []
    if answer.escalation:
        parts.append(f"**⚠ {esc(answer.escalation.reason)}**  \n{esc(answer.escalation.contact)}\n")
    parts.append(f"**{BADGES[answer.verdict]}**\n")
    parts.append(esc(answer.answer).replace("\n", "  \n"))
    if answer.citations:
        title = "Related clauses (not an answer)" if answer.verdict == "not_covered" else "Sources"
        parts.append(f"\n**{title}:**")
        parts.extend(f"- {esc(c.label)} `{esc(c.id)}`" for c in answer.citations)
    return "\n".join(parts)


def build_app(engine: Engine):
    """Build (not launch) the Gradio app."""
    import gradio as gr

    def respond(message: str, history: list) -> str:
        earlier = [m["content"] for m in history if m.get("role") == "user" and isinstance(m.get("content"), str)]
        try:
            return render(engine.ask(message, audience="staff", history=earlier))
        except AssistantError as exc:
            return f"**Sorry:** {html.escape(str(exc))}"

    return gr.ChatInterface(respond, title="Policy assistant",
                            description="Ask what the Social Media and Networking Policy and KCSIE say. "
                                        "Every answer cites the clauses it rests on.",
                            examples=EXAMPLES)
