"""Spot messages that read as a disclosure, a child at risk, or a concern about an adult's conduct.

The signal is wording: a sign of harm (hurt, bruises, nudes shared, threats, grooming, self-harm ...) in a
message about a particular child, an adult's conduct with children, or an unmistakable sign on its own
('searched how to kill myself'). Procedural, general and teaching questions ('what is the harm threshold?',
'can staff give pupils their number?', 'a PSHE lesson on grooming') are left alone.

The patterns were developed against tests/data/escalation_examples.yaml (290 example messages of three
kinds, written for the purpose) and the dev split; on messages written apart from both they find about 60%
of concerns. The second signal is learned (concern_model.py): classifiers over the model's vectors and over
the words of the whole message, of each of its sentences, and of the previous turn (concern_pieces),
thresholds in Settings.
A missed concern costs far more than an extra reminder to speak to the DSL, so the rule leans to escalate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..corpus.passages import normalise
from ..types import ConcernScore

CHILD = (r"(?:pupils?|students?|child(?:ren)?|kids?|girls?|boys?|lads?|year ?\d+s?|y\d+s?|yr ?\d+|sixth[- ]formers?|"
         r"learners?|tutees?|sons?|daughters?|nephew|niece|teenagers?|teens?|under[- ]?\d+s?|reception|"
         r"\d+[- ]?y(?:ea)?r[- ]?olds?|"
         r"(?:he|she) is \d+|(?:he|she)'s \d+)")
ADULT = (r"(?:colleagues?|teachers?|members? of (?:staff|slt)|staff members?|(?:the )?staff|tas?|teaching assistants?|"
         r"coach(?:es)?|supply(?: teacher)?|head(?:teacher)?|deputy head|governors?|volunteers?|tutor(?! (?:group|time|room))|caretaker|"
         r"technician|supervisors?|practitioner|leader|instructor|nurse|slt|senco|dsl|"
         r"cover supervisor|lsa|mentor|contractor|driver|trainee|ect|sir|miss|mr \w+|mrs \w+|ms \w+|"
         r"pe (?:staff|teacher|department)|(?:maths|english|science|re|music|drama|art) teacher)")

# Signs of harm to a child. Each pattern alone is enough when the message is about a particular child.
HARM = [
    r"\b(?:hits?|hitting|hurts?|hurting|beats?|beaten|beating|slapp\w*|punch\w*|kick(?:s|ed|ing) (?:her|him|them)|"
    r"strangl\w*|chok\w*|burn(?:s|t|ed) (?:her|him|them)|belt|bruis\w*|black eye|injur\w*|marks? on (?:her|his|their)|"
    r"flinch\w*|headlock|can't breathe|pushed (?:her|him|them)|grabb?\w*|shov\w*|throws? things|angry)\b",
    r"\b(?:touch(?:es|ed|ing)? (?:her|him|them|me)|sexual\w*|sex\b|rape\w*|assault\w*|naked|nudes?|semi[- ]nudes?|"
    r"explicit (?:image|photo|pic|picture|video)s?|intimate (?:image|photo|pic|picture|video)s?|topless|"
    r"in (?:his|her|their) (?:pants|underwear)|indecent|porn\w*|upskirt\w*|private parts|sexting|strip\w*|"
    r"(?:sit|sits|sat) on (?:his|her) (?:lap|knee)|kiss\w*|bed\b|morning after pill|pregnan\w*|pulled (?:her|his) \w+|"
    r"pinned \w+ down|special secret|secret games?)\b",
    r"\b(?:self[- ]?harm\w*|cuts? on (?:her|his|their)|cutting (?:her|him|them)sel\w*|suicid\w*|kill (?:my|him|her|them)sel\w*|"
    r"end it all|end it\b|wants? to die|ways to die|rather be dead|better off dead|nobody (?:would )?care[sd]? if|"
    r"not want to be here|won't be here|can't cope|killing (?:him|her|them)sel\w*|overdos\w*|paracetamol)\b",
    r"\b(?:hungry all the time|no food|without food|not (?:being )?fed|locks? (?:her|him|them) in|locked (?:in|out)|"
    r"home alone|left alone|neglect\w*|same clothes|smells?|starving|nothing to eat|not allowed to eat|hiding food|"
    r"sleeping rough|kicked (?:her|him|them)? ?out|scared|frightened|terrified|afraid|not safe|worthless|never born|"
    r"caring for (?:her|his) (?:mum|dad|mother|father)|drinks all day|withdrawn|losing weight)\b",
    r"\b(?:threaten\w*|blackmail\w*|sextort\w*|unless (?:she|he|they) pay|groom\w*|keep it (?:a )?secret|"
    r"secret from (?:her|his|their)|meet (?:up|him|her)|(?:gifts?|robux|v-?bucks|money|presents|vape\w*) (?:from|off)|"
    r"(?:giving|gives|gave|sends?|sent) (?:him|her|them) (?:gifts?|robux|v-?bucks|money|presents)|"
    r"move (?:to|onto) (?:discord|snap\w*|whatsapp|telegram|a private)|older (?:man|boy|guy|lad|men|lads|boyfriend)|"
    r"grown men|a man (?:on|from|at)|stranger|delete the chat|asking (?:him|her) to (?:send|take)|"
    r"where (?:she|he) lives|calling (?:her|him) (?:beautiful|gorgeous|sexy)|(?:paying|pays|paid) (?:kids|children|him|her)|"
    r"buys (?:her|him) \w+|parties at|loads of cash|two phones|new trainers)\b",
    r"\b(?:county lines|gangs?|drug\w*|weapons?|knife|knives|exploit\w*|traffick\w*|radicali[sz]\w*|extremis\w*|fgm|"
    r"forced marriage|marry|married|passport|ceremony|was 'cut'|missing|(?<!rabbit )(?<!hamster )(?<!dog )(?<!cat )(?<!puppy )(?<!kitten )(?<!pet )(?:run|ran) away|didn't come home|"
    r"domestic (?:abuse|violence)|abus\w*|far[- ]right|extremist\w*|fighting group|joining a \w+ group|"
    r"control(?:s|ling)|checks (?:her|his) phone|filmed|filming|burns?\b|slash\w*|bullied so|deep ?fakes?|"
    r"(?:fake|ai|edited) (?:nude|naked)\w*|hacked|stalk\w*|harass\w*|coerc\w*|pressur\w* (?:her|him|them) into|"
    r"snap ?map|tracking (?:her|his)|asked (?:her|him|them) to meet|meet (?:in person|irl)|drunk|alcohol|weed|"
    r"stabb\w*|arrested|eating disorder|not eating|stopped eating|making (?:her|him)self sick|anorexi\w*|bulimi\w*|"
    r"panic attacks?|depress\w*|a&e|hospital|sleeping with|racist abuse|homophobic abuse)\b",
    # A disclosure reported without its content ('a kid just told me something serious').
    r"\b(?:something|things?) (?:really |very |quite )?(?:serious|worrying|awful|horrible|disturbing|upsetting|bad)\b",
]
# Unmistakable whoever it is about (a search, a post, a picture): no particular child needs naming.
SEVERE = [
    r"\b(?:how to kill (?:my|your)sel\w*|suicid\w*|self[- ]?harm\w*|wants? to die|end it all)\b",
    r"\b(?:nudes?|naked (?:picture|photo|pic|image|video)s?) (?:of|from) (?:a|an|one of|my|our|her|his|the) \w*",
    r"\b(?:sextort\w*|blackmail\w*|groom(?:ed|ing)|county lines|forced marriage|fgm)\b",
]
# An adult's conduct with children that may meet the harm threshold or be a low-level concern.
CONDUCT = [
    r"\b(?:messag\w*|dm\w*|text\w*|snap(?:chat)?\w*|whatsapp\w*|call\w*|follow\w*|add(?:ed|ing)?|streaks?|"
    r"favourit\w*|gifts?|lifts?|alone with|touch\w*|hug\w*|flirt\w*|photos?|pictures?|pics?|images?|"
    r"relationship|dating|meet(?:ing)? up|late at night|after midnight|at night|midnight|inappropriate\w*|creepy|"
    r"weird|groom\w*|privately|personal (?:number|phone|mobile|account)|sweets|money|presents|buying|trainers|"
    r"comments? about|tickl\w*|lap|knee|grabb\w*|shout\w*|swear\w*|push\w*|restrain\w*|neck|hanging around|"
    r"changing rooms?|looking through|vape\w*|stupid|thick|videos?|kiss\w*|selfie|keeps? (?:him|her) in|"
    r"force[- ]fed|get changed|fit\b|body|individually|not to tell|secret|between them|humiliat\w*|"
    r"smell(?:s|ed) of alcohol|drunk|chat(?:s|ting)? with|liked? (?:her|his|their) (?:posts?|photos?|pics?)|"
    r"gaming with|plays? \w+ with|(?:gave|given|giving) (?:her|him|them) (?:his|her) (?:number|snap|insta)|"
    r"picked (?:her|him) up|drove (?:her|him)|home visits?|outside school|sleepover|(?:his|her) house)\b",
]
WORRY = (r"\b(?:uneasy|worried|concerned|uncomfortable|suspicious|unsettl\w*|gut feeling|something(?:'s| is) off|"
         r"not right|odd|creepy|inappropriate\w*|pretty sure|i think|rumou?r\w*|allegation\w*|complain\w*|"
         r"let it slip|told me|showed me|rang me|called me|saw|seen|noticed)\b")
# A particular, real situation rather than a rule being asked about.
INCIDENT = (r"\b(?:told me|tells me|telling me|disclosed|confided|admitted|showed me|showing me|shown me|came to me|"
            r"said|says|told|turned up|comes in|came in|came back|in my (?:form|class|group|team)|i found|i'm worried|"
            r"last (?:week|term|night|month)|at the weekend|over the weekend|this week|earlier|just now|recently|again|"
            r"said (?:that )?(?:her|his|their|my|she|he)|says (?:that )?(?:her|his|she|he|a|someone)|i noticed|"
            r"i(?:'ve| have)? (?:saw|seen)|i found|rang me|called me|let it slip|pretty sure|i think (?:one|a|my|our|he|"
            r"she)|keeps|has been|have been|last night|yesterday|this morning|today|at break|at lunch|in form|"
            r"just (?:told|shown|sent|rung|rang)|alert|flagged|(?:my|a|one of (?:my|our|the)) (?:year|y) ?\d+|"
            r"one of (?:my|our|the) \w+|my (?:son|daughter|tutee|student|pupil))\b")
# Someone has actually told, shown or seen something.
TOLD = (r"\b(?:told|tells|telling|said|says|disclosed|confided|admitted|showed|shown|showing|noticed|saw|seen|found|"
        r"rang|called|reported|let it slip|flagged|alert)\b")
# Teaching, training or policy about a harm is not a concern about a particular child.
EXPLICIT_HYPOTHETICAL = re.compile(r"\b(?:hypothetical\w*|mock scenario|role[- ]?play|case stud\w+|for (?:a|our|the) "
                                   r"(?:training|quiz|workshop|inset)|^(?:if|when|what if) (?:a|any) (?:pupil|child|student) "
                                   r"(?:ever )?(?:discloses|tells|tell)\b)")
EDUCATION = re.compile(r"\b(?:lessons?|pshe|rshe|assembl\w*|training|teach(?:es|ing)?|explain|awareness|info evening|leaflets?|"
                       r"tutor time session|class about|resources?|"
                       r"curriculum|video about|talk about|covered in|duty|statutory|policy|guidance|in general)\b")
# A question about what staff in general may do, not about what one adult did.
GENERAL = re.compile(r"^(?:can|may|could|should|are|do|does|will|would|might|is it (?:ever )?(?:ok|okay|allowed|illegal|"
                     r"legal|wrong) for|are we allowed to|what should|what (?:do|does|must)|how should) (?:an? |the |any )?"
                     r"(?:(?:my|our) (?:child's|son's|daughter's|kid's|children's|kids') )?"
                     r"(?:teachers?|staff|staff members?|colleagues?|we|members? of staff|coach(?:es)?|governors?|tas?|"
                     r"volunteers?|supply teachers?|school)\b")
HYPOTHETICAL = re.compile(
    r"^(?:what (?:is|are|counts|does|do (?:we|staff)|should (?:staff|we|teachers|schools)|happens)|define|explain|"
    r"who is|where (?:is|do i find)|is there (?:a|any) (?:policy|training|procedure)|how (?:do|should) (?:schools|staff))\b"
    r"|^(?:what|who|how) (?:do|should|can|would) (?:i|we|parents) (?:do|tell|contact|report|raise|complain)\b"
    r"|\b(?:if|when) (?:a|any) (?:pupil|child|student) (?:ever )?(?:discloses|tells)\b|\bin general\b|\bhypothetical\w*\b")


PART = re.compile(r"(?<=[.!?])\s+|\n+|;\s+|\s+-\s+|,\s+(?:but|and|so)\s+")


@dataclass(frozen=True)
class Concern:
    """What kind of escalation a message calls for, and why."""

    kind: str  # "child" (disclosure / child at risk) or "adult" (allegation / concern about an adult)
    why: str  # which signal fired: "wording" or "similarity"


def _any(patterns, text: str) -> bool:
    return any(re.search(p, text) for p in patterns)


def parts(message: str) -> list[str]:
    """The sentences and clauses of a message worth scoring on their own (four words or more); empty when
    the message is a single part. A worry is often one clause of a longer practical question."""
    pieces = [piece.strip() for piece in PART.split(message) if piece and len(piece.split()) >= 4]
    return pieces if len(pieces) > 1 else []


def concern_pieces(question: str, history: list[str] | tuple[str, ...] = ()) -> list[str]:
    """What the learned detector scores besides the whole message: each part of the question (a worry is
    often one clause of a longer practical question, and the whole message's vector dilutes it), and the
    previous turn with its parts, so that 'ok, so what do I do now?' after a disclosure still escalates.
    A previous turn that was a lesson plan or a hypothetical is left out."""
    pieces = parts(question)
    if history and not _lesson_or_hypothetical(history[-1]):
        pieces += [history[-1], *parts(history[-1])]
    return pieces


def wording(question: str, history: list[str] | tuple[str, ...] = ()) -> str | None:
    """'child', 'adult' or None, from the words of the message and the conversation's last two turns: 'adult'
    when the words name an adult's conduct, even if they also name a child at risk (see word_kinds)."""
    kinds = word_kinds(question, history)
    return "adult" if "adult" in kinds else "child" if kinds else None


def word_kinds(question: str, history: list[str] | tuple[str, ...] = ()) -> frozenset[str]:
    """Which kinds of concern the words name: 'adult' (an adult's conduct with children), 'child' (a child at
    risk), both, or none. Earlier turns that asked about rules, a lesson or a hypothetical are left out: 'ok
    so what do I do now?' after 'what if a pupil ever sends me a nude?' is not a disclosure."""
    own = normalise(question).strip()
    history = [turn for turn in history[-2:] if not _about_rules(turn)]
    text = normalise(" ".join([*history, question]))
    if _teaching_or_hypothetical(question, history):
        return frozenset()
    incident = bool(re.search(INCIDENT, text))
    others = _third_parties(text)
    about_adult = re.search(rf"\b{ADULT}\b", others) and _any(CONDUCT, text) and re.search(rf"\b{CHILD}\b", text)
    general = _general(own) and not incident
    kinds = {"adult"} if about_adult and not general and not _own_conduct(own) else set()
    if _child_at_risk(text, incident):
        kinds.add("child")
    return frozenset(kinds)


def _child_at_risk(text: str, incident: bool) -> bool:
    """An unmistakable sign of harm, or a sign of harm to a particular child in something that happened."""
    return _any(SEVERE, text) or bool(_any(HARM, text) and re.search(rf"\b{CHILD}\b", text) and incident)


def _third_parties(text: str) -> str:
    """The text without quoted speech ('hi miss') and without the writer describing themselves ('I'm a TA',
    'as a coach', 'be their tutor'): what is left names the other adults a message may be about."""
    text = re.sub(r"(?:^|(?<=\s))['\"][^'\"]{1,80}['\"]", " ", text)
    return re.sub(rf"\b(?:i(?:'m| am|'ll be| will be| was)|as|be) (?:an? |the |their |his |her )?(?:[\w']+ ){{0,2}}{ADULT}\b",
                  " ", text)


def _teaching_or_hypothetical(question: str, history: list[str] | tuple[str, ...] = ()) -> bool:
    """A procedure, definition, lesson or training question rather than something that happened."""
    own = normalise(question).strip()
    text = normalise(" ".join([*history[-2:], question]))
    if EXPLICIT_HYPOTHETICAL.search(own):
        return True
    hypothetical = bool(HYPOTHETICAL.search(own)) and not re.search(INCIDENT, own)
    teaching = bool(EDUCATION.search(own) or LESSON.search(own)) and not re.search(TOLD, text)
    return hypothetical or teaching


# Planning a lesson, an assembly or training about a harm: the learned signal hears the harm, not the plan.
LESSON = re.compile(r"\b(?:lessons? (?:on|about|plan\w*)|pshe|rshe|assembl\w*|teach(?:ing)? (?:\w+ ){0,3}(?:about|on|how)|"
                    r"(?:training|inset|workshop|quiz|leaflet|handbook|newsletter|session) (?:on|about|for)|"
                    r"(?:writing|planning|preparing|designing) (?:a|an|our|the|some)|awareness|curriculum|resources?)\b")


def _lesson_or_hypothetical(question: str) -> bool:
    """The narrower veto on the learned signal: an explicit hypothetical, a general procedure question, or
    a lesson or training plan, none of them describing something that happened."""
    own = normalise(question).strip()
    if EXPLICIT_HYPOTHETICAL.search(own):
        return True
    if re.search(INCIDENT, own) or re.search(TOLD, own):
        return False
    return bool(HYPOTHETICAL.search(own) or LESSON.search(own))


def _about_rules(turn: str) -> bool:
    """A turn that asks about rules, a lesson or a hypothetical, not about something that happened."""
    own = normalise(turn).strip()
    return _teaching_or_hypothetical(turn) or _own_conduct(own) or (_general(own) and not re.search(INCIDENT, own))


def _general(own: str) -> bool:
    """Some sentence asks what staff in general may do ('can staff follow pupils?')."""
    return any(GENERAL.search(part) for part in [own, *parts(own)])


def _own_conduct(question: str) -> bool:
    """'Can I message my Year 10s on Teams?' asks about the writer's own conduct, not another adult's."""
    return bool(re.match(r"^(?:can|may|could|should|am|is it ok|is it okay|do) i\b", question)) and not re.search(
        rf"\b(?:a|one of (?:the|our|my)|another|the new|this|that|our) {ADULT}\b", question)


def detect(question: str, history: list[str] | tuple[str, ...] = (), learned: ConcernScore | None = None,
           threshold: float = 1.0, part_threshold: float = 1.0) -> Concern | None:
    """A Concern when the wording says the message (with the conversation's last two turns) may be a
    safeguarding matter, or when the learned detector does: the whole message at `threshold` or more, or one
    of its sentences at `part_threshold` or more. A lesson plan or a hypothetical does not fire the detector."""
    kinds = word_kinds(question, history)
    if len(kinds) == 2 and learned is not None and learned.whole_kind:
        # The words name both an adult's conduct and a child at risk ('coach here - one of the girls has
        # bruises and said her stepdad grabbed her'): the learned classifiers decide which route it is.
        return Concern(learned.whole_kind, "wording")
    if kinds:
        return Concern("adult" if "adult" in kinds else "child", "wording")
    if learned is None or _lesson_or_hypothetical(question):
        return None
    if learned.whole_kind and learned.whole >= threshold:
        return Concern(learned.whole_kind, "learned")
    if learned.part_kind and learned.part >= part_threshold:
        return Concern(learned.part_kind, "learned")
    return None


def worth_a_reminder(question: str, learned: ConcernScore | None, threshold: float, part_threshold: float) -> bool:
    """Below escalation but not plainly ordinary: the learned detector's whole-message score reaches
    `threshold` or a sentence reaches `part_threshold`. Such answers carry a one-line reminder that a worry
    about a particular child or adult goes to the DSL. At 0.45 / 0.55, on message sets a-d 17 of the 25
    concerns that did not escalate got the reminder, and 35 of 552 ordinary messages that did not; on sets
    e and f 12 of 23 and 19 of 276; on dev 3 of 72 ordinary questions."""
    if learned is None or _lesson_or_hypothetical(question):
        return False
    return learned.whole >= threshold or learned.part >= part_threshold
