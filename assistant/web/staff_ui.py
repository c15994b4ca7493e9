"""The staff chat (Gradio Blocks, mounted at /staff behind sign-in): rendered answers, follow-ups,
a new-conversation button and thumbs up / down feedback."""

from html import escape

import gradio as gr

from ..errors import AssistantError
from .pages import policy_title
from .render import answer_html

EXAMPLES = [
    "Can I accept a friend request from a pupil?",
    "Can I post photos from the school trip on my Instagram?",
    "A parent has messaged me privately on Facebook. What should I do?",
    "Who do I tell if I am worried about a colleague's messages to a pupil?",
]


def privacy_note(days: int) -> str:
    return (f"When you rate an answer we store your user name, the question (with the earlier questions of a "
            f"follow-up), the verdict, the cited clause ids, your rating and comment for {days} days, then delete "
            "them, so the policy owners can see where answers fail. Questions may name pupils: leave names out where "
            "you can. Nothing is stored if you do not rate.")


MAX_TURNS = 50  # a conversation keeps this many exchanges; older ones drop off (follow-ups use the last few)


def as_text(message: str) -> str:
    """What a person typed, shown as text: HTML is escaped and every markdown sign is written as a character
    reference, so pasted `![x](http://host/p.png)` or `<img>` shows as typed and fetches nothing."""
    return "".join(ch if ch.isalnum() or ch in " \t" else ("<br>" if ch == "\n" else f"&#{ord(ch)};")
                   for ch in message)


def answer_turn(engine, message: str, chat: list, turns: list) -> tuple[list, list]:
    """One exchange: the question answered with the earlier questions as history; the chat messages and the
    answer objects (one per reply, for feedback) grow by one turn each. Both lists live on the server
    (gr.State): the browser never sends the conversation back, so it cannot smuggle files or history in."""
    earlier = [t["question"] for t in turns]
    try:
        answer = engine.ask(message, audience="staff", history=earlier).to_dict()
        reply = answer_html(answer, clauses=getattr(engine, "clauses", None))  # quotes read in their clause
    except AssistantError as exc:
        answer, reply = None, f"<p><strong>Sorry:</strong> {escape(str(exc))}</p>"
    chat = [*chat, {"role": "user", "content": as_text(message)}, {"role": "assistant", "content": reply}]
    turns = [*turns, {**(answer or {"question": message, "verdict": "error", "citations": []}), "earlier": earlier}]
    return chat[-2 * MAX_TURNS:], turns[-MAX_TURNS:]


# After an answer arrives, bring the newest answer's top (escalation, verdict, rule) into view rather than its
# bottom: Gradio's own autoscroll is off, and the answer is rendered a moment after the event returns.
SHOW_NEWEST = """() => {
  let tries = 0;
  const show = () => {
    const answers = document.querySelectorAll('#staff-chat .pa-answer');
    const last = answers[answers.length - 1];
    if (last) {
      const row = last.closest('.message-row') || last.closest('.message') || last;
      row.scrollIntoView({block: 'start'});
      const wrap = row.closest('.bubble-wrap');
      if (wrap) { wrap.scrollTop = Math.max(0, wrap.scrollTop - 28); }  // clear of the chat's floating label
      const box = row.getBoundingClientRect();
      if (box.top < 0 || box.top > window.innerHeight / 2) { window.scrollBy(0, box.top - 8); }
    }
    if (tries++ < 10) { setTimeout(show, 120); }
  };
  setTimeout(show, 60);
}"""


def rating_status(turn: dict, liked: bool, comment: str) -> str:
    what = "thumbs up" if liked else "thumbs down"
    question = turn["question"] if len(turn["question"]) <= 80 else turn["question"][:77] + "..."
    if comment:
        return f"Thank you: your {what} and comment were saved on the answer to \"{question}\"."
    return (f"Thank you: your {what} was saved on the answer to \"{question}\". To say why, write a comment "
            "below and press Save comment.")


def header(engine) -> str:
    """The chat's heading, naming the school's own policy from the manifest and school file."""
    school = engine.library.school.name
    policy = escape(policy_title(engine.documents, school))
    whose = f"{escape(school)}'s {policy}" if school else f"the {policy}"
    return (f'<h1 style="margin:0">Staff chat</h1><p>Ask what {whose} and KCSIE say. Every answer cites the '
            'clauses it rests on; open a citation to read it in its document. '
            '<a href="/">Home</a> &middot; <a href="/logout">Sign out</a></p>')


def build_staff_ui(svc):
    """Build (not launch) the staff chat Blocks."""
    engine = svc.engine

    def respond(message: str, chat: list, turns: list):
        message = (message or "").strip() if isinstance(message, str) else ""
        if not message:
            return gr.update(), chat, chat, turns
        chat, turns = answer_turn(engine, message, chat, turns)
        return "", chat, chat, turns

    def new_conversation():
        return [], [], [], "", "", None, ""

    def rate(turns: list, comment: str, evt: gr.LikeData, request: gr.Request):
        """Store the thumb on the answer it was given to, with a comment typed beforehand; remember the row so a
        comment typed afterwards goes onto the same answer."""
        index = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
        turn = turns[index // 2] if 0 <= index // 2 < len(turns) else None
        if turn is None or turn.get("verdict") == "error":
            return gr.update(), "Nothing to rate there.", None
        comment = (comment or "").strip()
        row = svc.feedback.add(getattr(request, "username", None) or "?", turn["question"], turn["verdict"],
                               [c["id"] for c in turn["citations"]], 1 if evt.liked else -1, comment,
                               context=turn.get("earlier") or ())
        rated = {"id": row, "question": turn["question"], "liked": bool(evt.liked)}
        return "", rating_status(turn, bool(evt.liked), comment), rated

    def save_comment(rated, comment: str, request: gr.Request):
        comment = (comment or "").strip()
        if not rated:
            return gr.update(), "Rate an answer first (thumbs up or down under it), then write your comment."
        if not comment:
            return gr.update(), "Write a comment first."
        if not svc.feedback.set_comment(rated["id"], getattr(request, "username", None) or "?", comment):
            return gr.update(), "That rating is no longer stored (ratings are deleted after a while)."
        question = rated["question"] if len(rated["question"]) <= 80 else rated["question"][:77] + "..."
        return "", f"Comment saved on the answer to \"{question}\"."

    with gr.Blocks(title="Staff chat: policy assistant", delete_cache=(3600, 3600)) as blocks:
        gr.HTML(header(engine))
        turns = gr.State([])  # answer objects, one per exchange (server side)
        history = gr.State([])  # the chat messages as shown (server side; the Chatbot is only ever an output)
        rated = gr.State(None)  # the feedback row of the answer last rated, for a comment written afterwards
        chat = gr.Chatbot(label="Conversation", height="72vh", elem_id="staff-chat", sanitize_html=True,
                          autoscroll=False,
                          feedback_options=("Like", "Dislike"), buttons=["copy", "copy_all"],
                          placeholder="Ask a question below, or try one of the examples under it.")
        with gr.Row():
            box = gr.Textbox(label="Your question", placeholder="e.g. Can I follow a pupil's parent on Instagram?",
                             lines=1, max_lines=4, scale=5, elem_id="staff-question", submit_btn=False)
            send = gr.Button("Ask", variant="primary", scale=1, elem_id="staff-ask")
        # Our own buttons, not the Chatbot's examples (their list markup fails axe's aria-required-children).
        with gr.Row(elem_id="staff-examples"):
            tries = [gr.Button(q, size="sm", variant="secondary", min_width=160) for q in EXAMPLES]
        status = gr.Markdown("", elem_id="staff-feedback-status")
        with gr.Row():
            comment = gr.Textbox(label="Comment on the answer you rated (optional)", lines=1, scale=4,
                                 elem_id="staff-comment", placeholder="Rate an answer with the thumbs under it, "
                                 "then say why here")
            keep = gr.Button("Save comment", scale=1, elem_id="staff-comment-save")
            clear = gr.Button("New conversation", scale=1, elem_id="staff-new")
        gr.Markdown(privacy_note(svc.settings.feedback_days), elem_id="staff-privacy")

        ask = ([box, history, turns], [box, chat, history, turns])
        send.click(respond, *ask).then(None, None, None, js=SHOW_NEWEST)
        box.submit(respond, *ask).then(None, None, None, js=SHOW_NEWEST)
        clear.click(new_conversation, None, [chat, history, turns, box, status, rated, comment])
        for button, text in zip(tries, EXAMPLES, strict=True):
            button.click(lambda t=text: t, None, box).then(respond, *ask).then(None, None, None, js=SHOW_NEWEST)
        chat.clear(lambda: ([], [], "", None), None, [history, turns, status, rated])
        chat.like(rate, [turns, comment], [comment, status, rated])
        keep.click(save_comment, [rated, comment], [comment, status])
        comment.submit(save_comment, [rated, comment], [comment, status])
    return blocks
