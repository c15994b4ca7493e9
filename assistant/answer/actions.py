"""'What to do': the steps and people an answer points to, from fixed templates and the cited clauses' words.

Every step is either a template below (with the school's contacts filled in) or names a person because a
cited clause names them; nothing is invented per question.
"""

from __future__ import annotations

import re

from ..contacts import School
from ..safeguarding.detection import Concern
from ..types import Clause, Escalation

# Who a clause's own words send you to, in the order they are listed.
ROLE_WORDS = (
    ("dsl", r"designated safeguarding lead|\bdsl\b"),
    ("headteacher", r"headteacher|head teacher"),
    ("line_manager", r"line manager|their manager"),
    ("chair_of_governors", r"chair of governors"),
    ("lado", r"\blado\b|local authority designated officer"),
    ("posh", r"professionals online safety helpline|\bposh\b"),
)

STEPS = {
    "prohibited": "Do not do it. If it has already happened, or you are not sure, tell {people} today.",
    "discouraged": "Do not go ahead without first talking it through with {people}.",
    "conditional": "Only go ahead if the condition quoted above is met; if in doubt, ask {people} first.",
    "permitted": "You may go ahead; the rest of the policy (privacy, professional conduct) still applies.",
    "required": "Do what the quoted clause requires, and tell {people}.",
    "info": "",
    "not_covered": "Where no specific guidance exists, take the most prudent action possible and consult "
                   "{people} if you are unsure{rule}.",
}
DEFAULT_PEOPLE = {
    "prohibited": ("headteacher", "dsl"),
    "discouraged": ("headteacher", "dsl"),
    "conditional": ("line_manager", "headteacher"),
    "required": ("dsl", "headteacher"),
    "not_covered": ("line_manager", "headteacher"),
}

ESCALATION = {
    "child": ("This may be a disclosure or a concern about a child's safety. Act now, today.",
              "Speak to {dsl} (or {deputy_dsl}) today. If a child is in immediate danger, call {emergency}. "
              "Do not investigate yourself, do not promise to keep it secret, do not view, copy or forward "
              "images, and write down what you saw or were told, in the child's words, with the date and time."),
    "adult": ("This may be an allegation or a concern about an adult's conduct towards children. Act now, "
              "today.",
              "Tell {headteacher} today ({chair_of_governors} if it is about the Headteacher). Where it may "
              "meet the harm threshold, {lado} must be contacted. Low-level concerns go to {dsl} too. Do not "
              "investigate yourself or warn the person concerned."),
}


def named_roles(clauses: list[Clause]) -> list[str]:
    """Contact keys of the people the clauses themselves name, in ROLE_WORDS order."""
    text = " ".join(c.text.lower() for c in clauses)
    return [key for key, pattern in ROLE_WORDS if re.search(pattern, text)]


def _people(keys, school: School) -> str:
    names = [school.contact(k).describe() for k in keys]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def steps(verdict: str, clauses: list[Clause], school: School) -> tuple[str, ...]:
    """The 'what to do' lines for a verdict: the template with the people the governing clause names
    (else the template's defaults), then any outside route (LADO, helpline) the governing clause gives."""
    template = STEPS.get(verdict, "")
    if not template:
        return ()
    governing = clauses[:1]
    roles = [r for r in named_roles(governing) if r in ("dsl", "headteacher", "line_manager")]
    people = roles[:2] or list(DEFAULT_PEOPLE.get(verdict, ("headteacher",)))
    rule = f" (as {school.no_guidance_rule} asks)" if school.no_guidance_rule else ""
    out = [template.format(people=_people(people, school), rule=rule)]
    extra = [r for r in named_roles(governing) if r in ("lado", "posh", "chair_of_governors")]
    for key in extra:
        out.append(f"Contact: {school.contact(key).describe()}.")
    return tuple(out)


def escalation(concern: Concern, school: School) -> Escalation:
    """The escalation block of docs/contracts.md section 4 for a detected concern, with the school's contacts."""
    reason, contact = ESCALATION[concern.kind]
    filled = {key: school.contact(key).describe() for key in school.contacts}
    return Escalation(reason=reason, contact=contact.format(**filled))
