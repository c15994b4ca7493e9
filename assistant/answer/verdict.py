"""Verdicts from the question's intent and the governing clause's wording (docs/contracts.md section 3)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..corpus.passages import normalise, terms
from .roles import about_someone_else, roles_in

# Strongest first: the first pattern family found in a clause decides its modality.
MODALITIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("conditional", (r"\bwithout (?:their|the) express permission\b", r"\bunless\b", r"\bonly if\b",
                     r"\bmust make it clear\b", r"\bwhere a colleague .{0,40}chooses to\b",
                     r"\bconsistent with their professional role\b")),
    ("prohibited", (r"\bmust not\b", r"\bshall not\b", r"\bmust never\b", r"\bnever\b",
                    r"\bunder any circumstances\b", r"\bmust be declined\b", r"\bis (?:a criminal offence|illegal)\b",
                    r"\bdo not\b")),
    ("discouraged", (r"\bstrongly advised not to\b", r"\badvised not to\b", r"\bshould not\b",
                     r"\bshould avoid\b", r"\bavoid\b", r"\bnot worth taking\b")),
    ("permitted", (r"\bdoes not discourage\b", r"\bare not compulsory\b", r"\bnot compulsory\b",
                   r"\bmay\b(?! (?:have|be|help|not|lead|result))", r"\bis allowed\b", r"\bare permitted\b")),
    ("required", (r"\bmust\b", r"\bshould\b", r"\bshall\b", r"\bare required to\b", r"\bis required\b",
                  r"\bhave to\b", r"\bneed to\b", r"\bexpected to\b", r"\bencouraged to\b")),
)

PERMISSION = re.compile(
    r"^(?:so\s+|and\s+|but\s+|what if\s+)?(?:can|could|may|might|am|is|are|should|shall|would|do|does|will)\b"
    r"|\b(?:allowed|ok|okay|alright|permitted|fine|acceptable|appropriate|against the rules|yes or no)\b"
    r"|\bis it (?:ok|okay|alright|fine|wrong)\b"
    r"|(?<!what )(?<!where )(?<!who )(?<!when )(?<!which )\b(?:can|could|may|should|shall|am|do|must|would) "
    r"(?:i|we)\b")
# "What are the rules for staff who ...?", "Does the policy stop me ...?": a question about what may be done, whose
# answer is the rule's own verdict, not a fact.
RULES_ASKED = re.compile(r"^(?:so |and |but )?(?:what (?:are|is) the (?:rules?|policy|position|guidance|expectations?) "
                         r"(?:on|for|about|around|regarding|when|if)\b|does (?:the|our|this) (?:school'?s? )?policy "
                         r"(?:stop|prevent|allow|let|ban|forbid|cover)|are there (?:any )?rules)")
OBLIGATION = re.compile(
    r"\b(?:what (?:should|do|must|can) (?:i|we|staff)|what do i do|what happens|who (?:do|should) (?:i|we) (?:\w+ )?"
    r"(?:tell|report|contact|speak|go to|raise)|who should i|how do i (?:report|raise)"
    r"|do (?:i|we) (?:\w+ )?(?:have|need) to|must i"
    r"|should i (?:report|tell|declare|say|speak|raise|flag|pass|do|let)|how should i|what steps|what must"
    r"|am i (?:meant|supposed|expected|obliged) to|is it on me|who deals with|who handles"
    r"|what is the (?:procedure|process|protocol|reporting route)|what does the policy require|is there a duty"
    # Training scenarios address the trainee ('What should you do if ...?', 'How would you respond?'); a plea
    # for help asks what to do.
    r"|what (?:should|would|do|must) you do|how (?:would|should|do|might) you (?:handle|respond|deal|react|approach|"
    r"manage)|what (?:would|should) you say|(?:pls|please) help|help me)\b")
# Asking where to go or whom to ask ('Is there anywhere outside school I can go?'), or what someone else may make
# the asker do ('Can she actually make me?'), asks a fact even with 'I' in it.
WHERE_TO_GO = re.compile(r"^(?:is|are) there (?:any(?:where|one|body|thing)|some(?:where|one|body)|a (?:helpline|"
                         r"number|place|person|way))\b|\bcan (?:she|he|they|the \w+) (?:actually |really )?(?:make|"
                         r"force|stop|ban|sack|fire|discipline) (?:me|us)\b")
INFO = re.compile(r"^(?:who|what|when|which|where|how|why|does the policy|is there|tell me)\b"
                  r"|^(?:does|do|is|are|will|would|has|have) (?:the|our|my|this|a|any) (?:school|schools|policy|"
                  r"filter\w*|guidance|kcsie|dsl|lado|helpline|law|rules?|monitoring)\b")
CONTRACTIONS = ((r"\bwhats\b", "what is"), (r"\bwheres\b", "where is"), (r"\bwhos\b", "who is"),
                (r"\bhows\b", "how is"), (r"\bwhat's\b", "what is"), (r"\bwhere's\b", "where is"),
                (r"\bwho's\b", "who is"), (r"\bim\b", "i am"), (r"\bi'm\b", "i am"))
# Asking to wait or do nothing about a concern: the answer is always to act now.
DELAY = re.compile(r"\b(?:can (?:it|this) wait|wait (?:until|till|and see)|leave it|keep an eye|ignore it|do nothing|"
                   r"sit on it|(?:until|till) (?:tomorrow|monday|after|next))\b")
SENTENCE = re.compile(r"(?<=[.?!])\s+")


# A clause that only says whom or what the document covers ("In this Policy 'colleague' means ... parent helpers",
# "This Policy applies to social networking sites ...") tells the asker the rules apply to them, not what the rules are.
SCOPE = re.compile(r"^(?:in this (?:policy|guidance) '[^']+' (?:means|includes)|this (?:policy|guidance) "
                   r"(?:applies to|covers)|for the purposes? of this (?:policy|guidance))", re.IGNORECASE)


def is_scope(text: str) -> bool:
    """True for a clause that defines who or what is covered and states no rule of its own."""
    return bool(SCOPE.match(text.strip()))


def clause_modality(text: str) -> str:
    """The verdict a clause's wording carries on its own, e.g. 'must not' -> prohibited."""
    low = normalise(text)
    for verdict, patterns in MODALITIES:
        if any(re.search(p, low) for p in patterns):
            return verdict
    return "info"


# A last sentence that opens with a question word is the ask even without its question mark.
QUESTION_START = re.compile(r"^(?:who|what|where|when|which|why|how)\b")


def the_ask(question: str) -> str:
    """The part of a message that asks: its last sentence with a question mark, else its last sentence.

    Staff tell a story and then ask ('... she's 26 now. Am I OK to follow her back?'); the intent is in
    the asking sentence, not in the story's words.
    """
    low = normalise(question).strip()
    for pattern, replacement in CONTRACTIONS:
        low = re.sub(pattern, replacement, low)
    sentences = [s.strip() for s in SENTENCE.split(low) if s.strip()] or [low]
    if QUESTION_START.match(sentences[-1]):  # '... it's all about the DSL?? where's the online bit gone'
        return sentences[-1]
    asking = [s for s in sentences if "?" in s]
    return asking[-1] if asking else sentences[-1]


# 'If the parents have given consent, can I share ...?': the condition sets the scene, the main clause asks.
LEADING_CONDITION = re.compile(r"^(?:so |and |but )?(?:if|when|once|now that|since) [^,?]{3,160}, (?=\w)")
# A bare name of a thing to look up ('nspcc whistleblowing number') asks for it, not for permission.
LOOKUP = re.compile(r"^[\w' -]{0,60}\b(?:number|phone|contact|contacts|email|e-mail|address|website|web ?site|link|"
                    r"helpline|details|name)s?\W*$")
FOLLOW_ON = re.compile(r"^(?:ok(?:ay)?,? |so |and |but )?(?:what|how) about\b|^(?:ok(?:ay)?,? |so |and |but )?what if\b"
                       r"|^(?:and|but|or) (?:if|for|on|with)\b")


def question_intent(question: str, situation: bool = False, history: tuple[str, ...] | list[str] = ()) -> str:
    """permission (can I ...?), obligation (what must I do ...?) or info (who/what/when ...?).

    situation: the message reads as a safeguarding concern; told without a question it asks what to do.
    history: earlier turns; 'what about ...?' / 'what if ...?' carries on the previous question's intent.
    """
    ask = the_ask(question)
    if history and FOLLOW_ON.search(ask):
        return question_intent(history[-1], situation, tuple(history[:-1]))
    ask = LEADING_CONDITION.sub("", ask)
    if OBLIGATION.search(ask):
        return "obligation"
    if RULES_ASKED.search(ask):
        return "permission"
    if WHERE_TO_GO.search(ask):
        return "info"
    if INFO.search(ask) and not re.search(r"\b(?:i|we|me)\b", ask.split(",")[0]):
        return "info"  # 'does the school's filter cover 4G?' asks a fact about the school, not permission
    if PERMISSION.search(ask):
        return "permission"
    if INFO.search(ask):
        return "info"
    if situation and "?" not in question:
        return "obligation"
    if len(ask.split()) <= 6 and LOOKUP.search(ask):
        return "info"
    return "permission"  # a bare statement of a plan ('friend request from a pupil') asks whether it is OK


# Staff say 'teachers', 'kids', 'mums'; the policy says 'colleagues', 'pupils', 'parents' (stemmed terms).
ROLES = {**dict.fromkeys(("staff", "teacher", "ta", "colleague", "tutor", "head", "headteacher"), "colleague"),
         **dict.fromkeys(("pupil", "student", "kid", "child", "children", "learner", "tutee"), "pupil"),
         **dict.fromkeys(("parent", "mum", "dad", "carer", "mother", "father"), "parent")}
DRAFTING_SUBJECT = re.compile(r"^(?:all )?colleagues(?: at the school)?\s+", re.IGNORECASE)
STRICTNESS = ("prohibited", "discouraged", "conditional", "required", "permitted", "info")
SPAN_SPLIT = re.compile(r"[;\n]|\.\s| but | and (?=(?:must|should|are|is|they)\b)| \u2013 ")


def governing_span(clause_text: str, question: str, story: str = "") -> str:
    """The sub-rule of a clause the question is about: the span sharing most terms with it.

    Policy 4.1(8) holds two rules ('must not post ... photographs of pupils under any circumstances'
    and '... of colleagues or parents without their express permission'); a question about a colleague's
    photo is governed by the second. story: the whole message, whose people count too ('I took photos of
    the children on the trip. Can I share them in the parents' group?' is about pupils as much as parents).
    """
    spans = [s.strip() for s in SPAN_SPLIT.split(clause_text) if len(s.strip()) > 3] or [clause_text]
    wanted = {ROLES.get(t, t) for t in terms(question)} | roles_in(story)
    # 'Colleagues at the school' is the policy's way of saying 'you'; it must not make a sub-rule look
    # like it is about colleagues.
    def overlap(span: str) -> int:
        return len(wanted & {ROLES.get(t, t) for t in terms(DRAFTING_SUBJECT.sub("", span))})
    # Only spans that state a rule can govern ('When teaching online, use ...' sets the scene for 'never teach
    # from a bedroom'); between rules the question touches equally, the stricter decides: a wrong "yes" costs
    # more than a wrong "no".
    # A span that states no rule of its own ('That includes taking a screenshot ...') carries on the rule before it.
    ruled, last = [], ""
    for span in spans:
        last = span if clause_modality(span) != "info" else (f"{last} {span}" if last else "")
        if last:
            ruled.append(last)
    ruled = ruled or spans
    return max(ruled, key=lambda s: (overlap(s), -ruled.index(s)))


@dataclass(frozen=True)
class Ruling:
    """A verdict and, when the nearest rule is about other people, who it restricts and who was asked about."""

    verdict: str
    restricts: frozenset[str] = frozenset()
    asked_about: frozenset[str] = frozenset()


def decide(question: str, clause_text: str, escalation: bool = False, history: tuple[str, ...] = ()) -> str:
    """The verdict of rule() alone."""
    return rule(question, clause_text, escalation, history).verdict


def rule(question: str, clause_text: str, escalation: bool = False, history: tuple[str, ...] = ()) -> Ruling:
    """Combine the question's intent with the governing wording of the clause into one verdict.

    | intent \\ wording | must not   | advised not | only if     | may       | must      | (none) |
    | permission       | prohibited | discouraged | conditional | permitted | conditional | info |
    | obligation       | required   | discouraged | required    | permitted | required  | info   |
    | info             | info ...                                                              |
    A permission question answered by a duty ('can I set up a page?' / 'must be approved by the Head')
    is a 'yes, if'. A safeguarding concern is 'required' (act and report) unless the person asks
    permission for something the clause forbids ('should I screenshot the nude?': no), other than
    to wait ('can it wait till Monday?': you must act now).
    A ban or warning about other people than the message names ('must not accept pupils as friends' for a
    parent's friend request) is no ban on what was asked: permitted, with the rule shown as the nearest limit.
    """
    intent = question_intent(question, situation=escalation, history=history)
    ask = the_ask(question)
    # A concern is answered "you must act" unless the asking sentence itself asks to do something forbidden.
    span = governing_span(clause_text, ask, "" if escalation else question)
    modality = clause_modality(span)
    if modality == "info":
        modality = clause_modality(clause_text)
    if escalation:
        forbidden = intent == "permission" and modality == "prohibited" and not DELAY.search(ask)
        return Ruling("prohibited" if forbidden else "required")
    if intent == "info":
        return Ruling("info")
    if intent == "obligation":
        return Ruling("required" if modality in ("required", "prohibited", "conditional") else modality)
    if modality in ("prohibited", "discouraged") and not history:
        others = about_someone_else(question, ask, span)
        if others:
            return Ruling("permitted", *others)
    return Ruling("conditional" if modality == "required" else modality)
