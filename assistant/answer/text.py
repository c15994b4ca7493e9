"""The answer as plain text: the body the terminal prints (and the eval results keep), rendered from the structure."""

from __future__ import annotations

from ..types import VERDICT_TABLE, Answer

RELATED_HEADING = "Also relevant:"
NEAREST_HEADING = "Nearest related clauses:"


def tag(verdict: str) -> str:
    """The verdict as the terminal shows it, e.g. '[NO]': the web badge's words, upper-cased."""
    info = VERDICT_TABLE.get(verdict)
    return f"[{info.badge.upper() if info else verdict.upper()}]"


def body(answer: Answer) -> str:
    """Headline, further citations with their quotes, what to do, notes.

    Generated wording already speaks for the further citations, so they are not listed under it."""
    lines = [answer.headline]
    related = answer.related if answer.mode != "generated" else ()
    if related:
        lines += ["", NEAREST_HEADING if answer.governing is None else RELATED_HEADING]
        lines += [f"- \"{c.quote}\" ({c.label}{', our summary' if c.summary else ''})" for c in related]
    if answer.steps:
        lines += ["", "What to do:", *(f"- {s}" for s in answer.steps)]
    if answer.notes:
        lines += ["", "Notes:", *(f"- {n}" for n in answer.notes)]
    return "\n".join(lines)
