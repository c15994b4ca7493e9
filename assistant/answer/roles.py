"""Who a rule is about and who a message is about: knowledge of the field, not of one document.

A social media policy restricts contact with a few kinds of people (pupils, former pupils, parents,
colleagues). A message names the person the asker wants to deal with; when the nearest rule restricts
someone else ('must not accept pupils as friends' for 'a parent sent me a friend request'), that rule
does not answer the question, and saying "No" would invent a ban the document does not contain.
"""

from __future__ import annotations

import re

from ..corpus.passages import normalise

# Words for each role, as documents and staff write them. Sons and daughters count as pupils: a parent's
# 'my daughter' is a pupil, and erring towards "a rule about pupils applies" only ever keeps a stricter answer.
ROLE_WORDS: dict[str, str] = {
    "pupil": r"pupils?|students?|kids?|child|children|learners?|tutees?|sons?|daughters?|boys?|girls?|"
             r"young (?:people|person)|teens?|teenagers?|leavers?|alumni|(?:year|yr|y) ?\d{1,2}s?|"
             r"sixth[- ]formers?|tutor group|form group|my class|(?:her|his|their) class",
    "parent": r"parents?|mums?|mothers?|dads?|fathers?|carers?|guardians?",
    "colleague": r"colleagues?|staff|teachers?|tas?|teaching assistants?|heads?|headteachers?|head teacher|"
                 r"deputy|deputies|governors?|coach(?:es)?|volunteers?|supply|trainees?|ect|nqt|senco|dsl",
}
ROLE = {role: re.compile(rf"\b(?:{words})\b") for role, words in ROLE_WORDS.items()}
# 'a parent of a child in my class', 'my son's teacher', 'the pupil's mum': the head noun is the person; the
# modifier only says whose. Removed before roles are read, so they name who the message is about.
OF_MODIFIER = re.compile(rf"\b((?:{ROLE_WORDS['parent']}|{ROLE_WORDS['colleague']})) (?:of|to|for) "
                         rf"(?:a|an|the|my|our|one of my|one of our|their|his|her) (?:{ROLE_WORDS['pupil']})"
                         rf"(?: (?:in|at|from) (?:my|our|the|this|your) (?:class|school|form|group|year \d+))?\b")
POSSESSIVE = re.compile(rf"\b(?:{ROLE_WORDS['pupil']}|{ROLE_WORDS['parent']})'s? ")
# 'Colleagues at the school must not ...', 'Staff should ...': the drafting subject is the reader, not the person
# the rule restricts contact with. A parenthesis gives examples ('(for example via the parents of pupils)').
# 'Colleague(s) at the school' is this policy family's way of saying 'you' wherever it stands ('makes colleagues at
# the school vulnerable').
SUBJECT = re.compile(r"^(?:all )?(?:colleagues|staff|adults|members of staff|teachers)\b|\bcolleagues? at the school\b")
PARENTHESIS = re.compile(r"\([^()]*\)")
# The people a rule names as the route ('declined and reported to the Headteacher') are not the people it restricts.
ROUTE = re.compile(r"\b(?:the )?(?:headteacher|head teacher|head|designated safeguarding lead|deputy|dsl|line manager|"
                   r"managers?|governing body|governors|lado|senior leaders?)s?\b")
# Pronouns that may stand for a person named elsewhere: their presence means the roles read off the
# asking sentence may be incomplete, so no rule is set aside on them.
PRONOUN = re.compile(r"\b(?:him|her|them|he|she|they)\b")


def roles_in(text: str) -> frozenset[str]:
    """The roles a piece of text names, e.g. 'a friend request from a parent' -> {'parent'}."""
    low = POSSESSIVE.sub(" ", OF_MODIFIER.sub(r"\1", normalise(text)))
    return frozenset(role for role, pattern in ROLE.items() if pattern.search(low))


def rule_roles(span: str) -> frozenset[str]:
    """Who a rule restricts contact with: the roles it names besides its drafting subject and examples."""
    return roles_in(ROUTE.sub(" ", SUBJECT.sub(" ", PARENTHESIS.sub(" ", normalise(span)).strip())))


def message_roles(question: str, ask: str) -> frozenset[str] | None:
    """Who a message is about, or None when that cannot be read safely.

    The asking sentence decides ('Can I accept a friend request from a parent?'); when it names nobody
    ('Is that allowed?'), the whole message does. Not read: a message with a pronoun anywhere, which may stand
    for a pupil it names only as a modifier ('my daughter's teacher accepted her request'), one that names a pupil
    outside its ask, and one naming a colleague, who may be the actor the rule is written for.
    """
    if PRONOUN.search(normalise(question)):
        return None
    found = roles_in(ask) or roles_in(question)
    # A pupil anywhere in the message may be the one the contact is really with ('a Year 8 writes to me from her
    # mum's account; can I reply to the mum?'), so a rule about pupils is never set aside for it.
    if "pupil" in roles_in(question) and "pupil" not in found:
        return None
    return found if found and "colleague" not in found else None


def about_someone_else(question: str, ask: str, span: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """(roles the rule restricts, roles the message names) when the two share none, else None."""
    restricted = rule_roles(span)
    named = message_roles(question, ask)
    if not restricted or not named or restricted & named:
        return None
    return restricted, named
