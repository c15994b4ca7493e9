"""Set the assistant up for a school: its own policy in place of the shipped one, its name and contacts, and every
data file that named the old policy's clauses following them to the new ids.

plan_ingest stages and loads the new corpus (annotations and escalation clauses follow, align.py); plan_config then
works out the school file, the parents' FAQ and the scenario files against it, all in memory; write_all writes
every file at the end, or none.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, create_model

from ..contacts import ROLES, School, load_school
from ..errors import ConfigError, IngestError
from ..yamltext import validated
from .align import Match
from .plan import IngestPlan, plan_ingest, write_all
from .references import rename_ids, update_faq

SHOWN = 8  # unmapped scenario ids listed per file; the rest are counted


@dataclass
class SetupPlan:
    """What a setup (or a replacing ingest) writes besides the corpus, worked out and validated."""

    ingest: IngestPlan
    files: dict[Path, str] = field(default_factory=dict)  # config and scenario files: path -> new text
    notes: list[str] = field(default_factory=list)  # one per reference changed or left out, with the next step
    scenario_notes: list[str] = field(default_factory=list)
    school: School | None = None  # config/school.yaml as it will be
    faq_text: str | None = None  # config/faq.yaml as it will be (the edge validates it: web/faq.py)

    @property
    def carried(self) -> list[Match]:
        """Alignment pairs whose old clause had annotations: its examples now sit under the new id."""
        annotated = set(self.ingest.old_corpus.annotations) if self.ingest.old_corpus else set()
        return [m for m in self.ingest.alignment if f"{self.ingest.doc_id}:{m.old}" in annotated]

    @property
    def unmatched(self) -> list[str]:
        """Old clause ids of the document with no counterpart in the new one."""
        mapped = self.ingest.id_map()
        return sorted(self.ingest.old_ids() - set(mapped), key=self._order)

    @property
    def unannotated(self) -> list[str]:
        """New clause ids of the document with no example questions or terms."""
        corpus = self.ingest.corpus
        return [c.id for c in corpus.clauses if c.doc == self.ingest.doc_id and c.id not in corpus.annotations]

    def _order(self, cid: str) -> int:
        order = {c.id: n for n, c in enumerate(self.ingest.old_corpus.clauses)}
        return order.get(cid, 0)

    def writes(self, corpus_dir: Path) -> dict[Path, str]:
        return {**self.ingest.writes(corpus_dir), **self.files}


TITLE_WORDS = re.compile(r"\b(?:policy|procedures?|code of conduct|guidance|guidelines|agreement)\b", re.IGNORECASE)


def document_title(text: str) -> str:
    """The document's title: among its first few lines that read as a title (short, not numbered, no colon), the
    first that names itself a policy, code or guidance ('Kingsmere Park School' then 'Staff Social Media
    Policy' gives the second), else the first such line; '' when none reads as a title."""
    candidates = []
    for line in [line.strip() for line in text.splitlines() if line.strip()][:8]:
        heading = line.startswith("#")  # a heading of the converted text may have a colon ("Code: Online ...")
        line = line.lstrip("# ").strip()
        if re.match(r"[\d(\[-]", line):
            break  # the body has begun
        if len(line) <= 120 and (heading or ":" not in line) and "\t" not in line:
            candidates.append(line)
    return next((line for line in candidates if TITLE_WORDS.search(line)), candidates[0] if candidates else "")


# The --contacts file: the contacts section of config/school.yaml, with any roles (the rest keep their entries).
class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True)

    role: str
    name: str | None = ""
    how: str | None = ""


_SomeContacts = create_model("_SomeContacts", __config__=ConfigDict(extra="forbid"),
                             **{key: (_Entry | None, None) for key in ROLES})


class _ContactsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    contacts: _SomeContacts


def read_contacts(path: Path) -> dict[str, dict]:
    """The roles a --contacts file sets, validated (file, line and key named on a mistake)."""
    if not Path(path).is_file():
        raise ConfigError(f"the contacts file {path} does not exist")
    data = validated(_ContactsFile, Path(path), ConfigError)
    return {key: entry.model_dump() for key in ROLES if (entry := getattr(data.contacts, key)) is not None}


def _yaml_scalar(value: str) -> str:
    return '""' if not value else value if re.fullmatch(r"[A-Za-z][\w .,'()/&-]*", value) and ": " not in value \
        else '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _set_line(text: str, key: str, value: str) -> str:
    """Replace the top-level `key: ...` line (keeping a trailing comment), or add it at the end."""
    line = re.compile(rf"(?m)^{re.escape(key)}:[^\n#]*(#[^\n]*)?$")
    found = line.search(text)
    if not found:
        return text.rstrip("\n") + f"\n{key}: {_yaml_scalar(value)}\n"
    comment = f"  {found.group(1)}" if found.group(1) else ""
    return text[:found.start()] + f"{key}: {_yaml_scalar(value)}{comment}" + text[found.end():]


def _set_contacts(text: str, contacts: dict[str, dict]) -> str:
    """Each given role's entry under `contacts:` replaced (or added), in the file's two-space layout."""
    import yaml

    from ..yamltext import SAFE_LOADER

    root = yaml.compose(text, Loader=SAFE_LOADER)
    pairs = {k.value: (k, v) for k, v in root.value} if isinstance(root, yaml.MappingNode) else {}
    if "contacts" not in pairs or not isinstance(pairs["contacts"][1], yaml.MappingNode):
        raise ConfigError("the school file has no 'contacts' mapping to update")
    section = pairs["contacts"][1]
    roles = {k.value: (k, v) for k, v in section.value}
    edits = []
    for key, entry in contacts.items():
        block = f"  {key}:\n" + "".join(f"    {field}: {_yaml_scalar(str(value or ''))}\n"
                                        for field, value in entry.items() if field == "role" or value)
        if key in roles:
            start = text.rfind("\n", 0, roles[key][0].start_mark.index) + 1
            end_node = roles[key][1]
            end = end_node.end_mark.index
            line_start = text.rfind("\n", 0, end) + 1
            end = line_start if not text[line_start:end].strip() else text.find("\n", end) + 1 or len(text)
            edits.append((start, end, block))
        else:
            edits.append((len(text), len(text), ("" if text.endswith("\n") else "\n") + block))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _rule_id(rule: str, plan: IngestPlan) -> str:
    """'Policy 3.3(i)' -> 'policy:3.3(i)' when the label is one of the old document's clause labels, else ''."""
    labels = {c.label: c.id for c in plan.old_corpus.clauses if c.doc == plan.doc_id} if plan.old_corpus else {}
    return labels.get(rule.strip(), "")


def plan_config(plan: IngestPlan, school_file: Path, faq_file: Path | None, scenarios_dir: Path | None,
                name: str | None = None, contacts_file: Path | None = None) -> SetupPlan:
    """Work out the school file, FAQ and scenario files for the staged corpus of a replacing ingest; raise
    ConfigError or IngestError (nothing written) when the school file would not load."""
    setup = SetupPlan(plan)
    contacts = read_contacts(contacts_file) if contacts_file else {}
    if plan.corpus is None or not plan.replacing:
        raise IngestError(f"document '{plan.doc_id}' is not in the corpus yet, so there is nothing to follow")
    mapping, old_ids, moved = plan.id_map(), plan.old_ids(), plan.moved()
    new_clauses = plan.corpus.clause_by_id()
    old_clauses = plan.old_corpus.clause_by_id()

    def label(cid: str) -> str:
        clause = new_clauses.get(cid) or old_clauses.get(cid)
        return clause.label if clause else cid

    school_file = Path(school_file)
    if school_file.is_file():
        text = original = school_file.read_text(encoding="utf-8")
        if name:
            text = _set_line(text, "school", name)
        if contacts:
            text = _set_contacts(text, contacts)
        current = load_school(school_file)
        rule_id = _rule_id(current.no_guidance_rule, plan)
        if rule_id and rule_id in mapping:
            new_rule = label(mapping[rule_id])
            if new_rule != current.no_guidance_rule:
                text = _set_line(text, "no_guidance_rule", new_rule)
                setup.notes.append(f"{school_file}: no_guidance_rule {current.no_guidance_rule} -> {new_rule}")
            if rule_id in moved:
                setup.notes.append(f"{school_file}: no_guidance_rule now names {new_rule} ({moved[rule_id]}); check "
                                   "it is still the rule for acting where no specific guidance exists")
        elif rule_id:
            text = _set_line(text, "no_guidance_rule", "")
            setup.notes.append(f"{school_file}: no_guidance_rule named {current.no_guidance_rule}, which has no "
                               "counterpart; it was emptied. If your policy says what to do where no guidance "
                               "exists, put that clause's label here (find it with `policy-assistant search "
                               "\"where no specific guidance exists\"`)")
        setup.school = _check_school(text, school_file)
        if text != original:
            setup.files[school_file] = text
    elif name or contacts:
        raise ConfigError(f"the school file {school_file} does not exist; copy config/school.yaml from the "
                          "repository first")

    if faq_file is not None and Path(faq_file).is_file():
        text = Path(faq_file).read_text(encoding="utf-8")
        def clause_text(cid: str) -> str | None:
            return new_clauses[cid].text if cid in new_clauses else None

        updated, notes = update_faq(text, str(faq_file), plan.doc_id, mapping, old_ids, clause_text, label, moved)
        setup.notes += notes
        setup.faq_text = updated
        if updated != text:
            setup.files[Path(faq_file)] = updated

    for path in sorted(Path(scenarios_dir).glob("*.yaml")) if scenarios_dir and Path(scenarios_dir).is_dir() else []:
        text = path.read_text(encoding="utf-8")
        updated, renamed, unmapped = rename_ids(text, plan.doc_id, mapping, old_ids)
        if updated != text:
            setup.files[path] = updated
        if renamed:
            setup.scenario_notes.append(f"{path}: {len(renamed)} clause id{'s' if len(renamed) != 1 else ''} "
                                        "rewritten to the new numbering")
        if unmapped:
            shown = ", ".join(f"line {line}: {cid}" for line, cid in unmapped[:SHOWN])
            more = f" and {len(unmapped) - SHOWN} more" if len(unmapped) > SHOWN else ""
            setup.scenario_notes.append(
                f"{path}: {len(unmapped)} expected clause{'s' if len(unmapped) != 1 else ''} with no counterpart, "
                f"left as written ({shown}{more}); `eval` stops at them until each is pointed at a clause of the new "
                "policy (`policy-assistant search \"<the scenario's question>\"`) or its scenario is deleted")
    return setup


def _check_school(text: str, school_file: Path) -> School:
    """Load the school file as it will be written; a mistake names the real file."""
    with tempfile.TemporaryDirectory(prefix="policy-assistant-setup-") as tmp:
        staged = Path(tmp) / school_file.name
        staged.write_text(text, encoding="utf-8")
        try:
            return load_school(staged)
        except ConfigError as exc:
            raise ConfigError(str(exc).replace(str(staged), str(school_file))) from None


def plan_setup(policy: Path, corpus_dir: Path, school_file: Path, faq_file: Path | None, scenarios_dir: Path | None,
               name: str | None, contacts_file: Path | None = None, title: str | None = None,
               doc_id: str = "policy", today: date | None = None, embed=None) -> SetupPlan:
    """Replace the school's policy document and follow its clause ids everywhere; nothing is written."""
    if contacts_file:
        read_contacts(contacts_file)  # a bad contacts file stops everything before any work
    if name is not None and not name.strip():
        raise ConfigError("--name must not be empty")
    from ..corpus.extract import extract_text
    from ..corpus.structure import convert

    converted = convert(policy)  # once: plan_ingest takes it too
    if not title:  # the converted text's headings, else the file's own first lines, else the school's name
        title = document_title(converted.text)
        if not TITLE_WORDS.search(title):
            raw = document_title(extract_text(policy))
            title = raw if TITLE_WORDS.search(raw) else title or raw
        title = title or f"{(name or 'School').strip()} policy"
    plan = plan_ingest(policy, corpus_dir, scenarios_dir, doc_id, title, today=today, embed=embed,
                       normalised=converted)
    if not plan.replacing:
        raise IngestError(f"the corpus has no document '{doc_id}' to replace; use `policy-assistant ingest` to add "
                          "one")
    return plan_config(plan, school_file, faq_file, scenarios_dir, name and name.strip(), contacts_file)


def commit_setup(setup: SetupPlan, corpus_dir: Path) -> list[Path]:
    """Write every staged file (all or none: each is written beside its target first, then moved into place)."""
    targets = setup.writes(corpus_dir)
    write_all(targets)
    return list(targets)
