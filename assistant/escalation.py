"""Spot questions that read as a disclosure, a child at risk, or an allegation about an adult."""

from __future__ import annotations

import re

from .passages import normalise
from .types import Escalation

# A child telling, showing or suffering something (disclosure / risk of harm).
CHILD = r"(?:pupil|student|child|kid|girl|boy|year \d+|y\d+|sixth[- ]former|learner|tutee|son|daughter|she|he)"
DISCLOSURE = [
    rf"\b{CHILD}\b.{{0,60}}\b(?:told|tells|disclosed|confided|admitted|said|messaged|dm'?d|showed)\b.{{0,80}}"
    r"\b(?:hit|hits|hurt|hurts|abuse|abused|abusing|touch|touched|touching|locks?|locked|scared|afraid|harm|"
    r"self[- ]harm|cutting|suicid\w*|kill|beat|beaten|bruise\w*|starv\w*|kicked out|sleep(?:ing)? rough|"
    r"nudes?|naked|sex\w*|groom\w*|exploit\w*|trafficked|knife|weapon|gang|run away|ran away|unsafe)\b",
    r"\b(?:disclos\w+|confided in me)\b",
    r"\b(?:bruises?|injur\w+|marks on)\b.{0,40}\b(?:pupil|child|student|arm|face|neck)\b",
    r"\b(?:self[- ]harm\w*|suicid\w*|wants? to die|kill (?:him|her|them)sel\w*)\b",
    r"\b(?:nudes?|semi[- ]nudes?|explicit (?:image|photo|picture|video)s?|indecent image\w*)\b.{0,60}"
    r"\b(?:pupil|student|child|year \d+|girl|boy|of (?:a|her|him)|shared|sent|circulat\w+)\b",
    r"\b(?:pupil|student|child|year \d+|girl|boy)\b.{0,60}\b(?:nudes?|semi[- ]nudes?|explicit)\b",
    r"\b(?:being groomed|grooming|radicali[sz]\w+|county lines|forced marriage|fgm)\b",
    r"\b(?:locks? (?:her|him|them) in|not safe at home|afraid to go home|scared to go home)\b",
]
# An adult's conduct towards children that may meet the harm threshold or be a low-level concern.
ADULT = (r"(?:colleague|teacher|member of staff|staff member|ta|teaching assistant|coach|supply teacher|"
         r"head(?:teacher)?|governor|volunteer|tutor|caretaker|he|she|they)")
ALLEGATION = [
    rf"\b{ADULT}\b.{{0,80}}\b(?:messag\w+|dm\w*|text\w*|snapchat\w*|whatsapp\w*|call\w*|meet\w*|"
    r"alone with|gifts?|favourit\w+|touch\w*|photo\w*|follow\w*|friend\w*|flirt\w*|late at night|"
    r"groom\w*)\b.{0,60}\b(?:pupil|student|child|girl|boy|year \d+|sixth[- ]former)s?\b",
    r"\b(?:uneasy|worried|concerned|uncomfortable|suspicious|nagging doubt|sense of unease)\b.{0,60}\b"
    rf"{ADULT}\b",
    r"\ballegations? (?:against|about) (?:a |my |the )?(?:colleague|teacher|member of staff|staff|head)",
    r"\b(?:a|my) (?:colleague|teacher|member of staff)\b.{0,60}\b(?:harm\w*|abus\w*|hurt\w*|inappropriate)\b",
]
HYPOTHETICAL = re.compile(r"^(?:what (?:is|are)|define|explain|who is the|what does .{0,30} mean)\b")


def detect(question: str, history: list[str] | tuple[str, ...] = ()) -> Escalation | None:
    """An escalation block when the question (or the conversation) reads as a safeguarding concern."""
    text = normalise(" ".join([*history[-2:], question]))
    if HYPOTHETICAL.search(normalise(question).strip()):
        return None
    if any(re.search(p, text) for p in DISCLOSURE):
        return Escalation(
            reason="This may be a disclosure or a concern about a child's safety.",
            contact="Act now: speak to the Designated Safeguarding Lead (DSL) or a deputy today. If a child is "
                    "in immediate danger, call the police (999). Do not investigate yourself, do not promise "
                    "to keep a secret, and write down what you saw or were told.",
        )
    if any(re.search(p, text) for p in ALLEGATION):
        return Escalation(
            reason="This may be a concern or an allegation about an adult's conduct towards children.",
            contact="Tell the Headteacher (or the Chair of Governors if it concerns the Headteacher) today; "
                    "where it may meet the harm threshold the LADO must be contacted via Social Care's Single "
                    "Point of Access on 01275 888808 (Policy 2.7). Do not investigate yourself.",
        )
    return None
