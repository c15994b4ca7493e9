"""What a message is about and what a clause rules on, read from words of the field rather than per-clause examples.

Social media and safer-working policies rule on a small set of acts (befriending, messaging, sharing contact
details, posting photos, writing about work, criticising, searching people online, running groups ...) with a
few kinds of people. Tagging clauses by their own wording and messages by the same vocabulary works for a
school's own policy that nobody wrote example questions for: a question about giving a pupil a phone number
meets the clause about contact details whatever else the story says.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from ..corpus.passages import normalise

FACETS: dict[str, str] = {
    "befriend": r"friend(?:s|ed|ing|ship|ships)?|friend requests?|follow(?:s|ed|ing|er|ers)?|accept\w*|unfriend\w*|"
                r"befriend\w*|add(?:ed|ing)? (?:me|him|her|them)|connect(?:ed|ing|ion)?",
    "message": r"messag\w*|dms?|dm'?(?:ed|ing)|text\w*|chat\w*|e-?mail\w*|communicat\w*|repl(?:y|ied|ies)|"
               r"call(?:s|ed|ing)?|whatsapp\w*|snap(?:chat)?|direct message\w*|correspond\w*|contact(?! details)",
    "contact details": r"(?:phone|mobile|personal) numbers?|numbers?|contact details|personal (?:information|details|"
                       r"email|address|website)|home address|addresses|handles?|usernames?",
    "photos": r"photo\w*|pictures?|pics?|images?|videos?|film\w*|selfies?|footage|tagg\w*",
    "writing about work": r"write about|writ\w* about (?:my|their|his|her|our)? ?(?:work|job|school|class)|"
                          r"blog\w*|views|opinions?|workplace|refer\w* to (?:the )?(?:school|work)|"
                          r"about (?:my|the) (?:work|job)",
    "criticism": r"critic\w*|abus\w*|defamat\w*|derogatory|undermin\w*|complain\w*|rant\w*|moan\w*|slag\w*|"
                 r"insult\w*|reputation|disrepute|offensive|vent\w*",
    "searching": r"search\w*|look\w* (?:up|into|through)|googl\w*|research\w*|seek\w* information|scroll\w*|"
                 r"stalk\w*|vet\w*|due diligence|check\w* (?:out |up on )?(?:their|his|her|the candidates?)",
    "groups": r"groups?|pages?|servers?|spaces?|channels?|forums?|clubs?|networks? for",
    "privacy": r"privacy|private|public|settings|profiles?|visible|locked? down|audience",
    "equipment": r"equipment|(?:school|work) (?:computers?|laptops?|devices?|ipads?|network|wi-?fi|phones?)|"
                 r"working hours|work time|lesson time|classroom pc",
    "media": r"journalists?|press|newspapers?|media contact|reporters?|payment|paid|interview\w*",
    "confidential": r"confidential\w*|disclos\w*|sensitive|not (?:yet )?(?:been )?announced",
    "relatives": r"relat(?:ed|ive|ives|ionship)|niece|nephew|cousin|goddaughter|godson|grandchild\w*|"
                 r"my (?:own )?(?:son|daughter|child|children|kids)|family",
    "offline": r"meet\w*|visit\w*|(?:his|her|their|my|our) (?:house|home)|lifts?|cars?|part(?:y|ies)|babysit\w*|pub|"
               r"off ?line|in person|outside (?:of )?school|tutor(?:ing)? (?:at|in|her|him)",
    "gaming": r"gam(?:e|es|ing)|xbox|playstation|fortnite|roblox|minecraft|discord",
    "former pupils": r"former|ex-?(?:pupils?|students?)|left (?:school|last|in|the school|us)|leavers?|alumni|"
                     r"recent pupils?|old (?:pupils?|students?|tutees?)|school age",
    "pupils": r"pupils?|students?|kids?|child|children|learners?|tutees?|(?:year|yr|y) ?\d{1,2}s?|sixth[- ]formers?",
    "parents": r"parents?|mums?|mothers?|dads?|fathers?|carers?",
    "colleagues": r"colleagues?(?! at the school)|staff|teachers?|governors?",
}
PATTERNS = {name: re.compile(rf"\b(?:{words})\b") for name, words in FACETS.items()}
SENTENCE = re.compile(r"(?<=[.?!])\s+")
# 'Colleagues must not ...', 'Staff should ...': a rule's drafting subject is its reader, not a colleague it is about.
DRAFTING_SUBJECT = re.compile(r"^(?:all )?(?:colleagues|staff|adults|members of staff)\b")
STORY_WEIGHT = 0.5  # a facet only the story names counts half: the ask says what the answer must be about


@lru_cache(maxsize=8192)
def facets_of(text: str) -> frozenset[str]:
    """The facets a text names, e.g. 'must not share personal contact details with pupils' ->
    {'contact details', 'pupils'}."""
    low = DRAFTING_SUBJECT.sub(" ", normalise(text).strip())
    return frozenset(name for name, pattern in PATTERNS.items() if pattern.search(low))


def message_facets(message: str) -> dict[str, float]:
    """Facet weights of a message: 1 for what its asking sentence names, STORY_WEIGHT for the rest of it."""
    sentences = [s for s in SENTENCE.split(message.strip()) if s.strip()] or [message]
    asking = [s for s in sentences if "?" in s] or sentences[-1:]
    weights = dict.fromkeys(facets_of(" ".join(sentences)), STORY_WEIGHT)
    weights.update(dict.fromkeys(facets_of(asking[-1]), 1.0))
    return weights


def facet_score(wanted: dict[str, float], clause_text: str) -> float:
    """Weighted share of the clause's facets the message names: sum of shared weights / sqrt(clause facets).

    The square root lets a clause that rules on one act (contact details) beat one that lists ten when the
    message names that act, without making a broad clause unreachable: 1 shared of 1 scores 1.0, 2 of 9 score 0.67.
    """
    have = facets_of(clause_text)
    if not have or not wanted:
        return 0.0
    return sum(wanted.get(name, 0.0) for name in have) / math.sqrt(len(have))
