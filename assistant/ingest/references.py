"""Follow a replaced document's clause ids through the data files that name them, keeping each file as written.

Each function takes a file's text and the id map (old full id -> new full id, e.g. 'policy:4.1(2)' ->
'policy:5.1(2)'), edits only the spans that name the document's old ids (YAML node positions from yaml.compose),
and returns the new text with one note per change. An id with no counterpart is dropped or commented out so that the
file still loads, and its note says what to do next.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping

import yaml

from ..yamltext import SAFE_LOADER

# The statutory procedure clauses every escalation kind keeps when the school's own are gone (corpus/kcsie.md).
KCSIE_PROCEDURES = {"child": "kcsie:part1-concerns-about-a-child", "adult": "kcsie:part1-concerns-about-staff"}

Edit = tuple[int, int, str]  # (start, end, replacement) as character offsets


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Replace each span, last first so earlier offsets stay valid (spans must not overlap)."""
    for start, end, replacement in sorted(edits, key=lambda e: e[0], reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """The offset just after the newline of the line holding `index`."""
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _block(text: str, node) -> tuple[int, int]:
    """Whole lines covering a node: from its first line's start to the end of its last line (a block node's end
    mark can sit in the indentation of the next line, which then is not part of it)."""
    end = node.end_mark.index
    line = _line_start(text, end)
    if end > line and text[line:end].strip():
        line = _line_end(text, end - 1)
    return _line_start(text, node.start_mark.index), line


def comment_out(text: str, start: int, end: int, why: str) -> str:
    """The lines text[start:end] as comments, under a line saying why."""
    lines = text[start:end].splitlines(keepends=True)
    indent = re.match(r"[ \t]*", lines[0]).group(0) if lines else ""
    return f"{indent}# {why}\n" + "".join(f"# {line}" if line.strip() else line for line in lines)


def _compose(text: str):
    return yaml.compose(text, Loader=SAFE_LOADER)


def _pairs(node) -> dict:
    return {k.value: (k, v) for k, v in node.value} if isinstance(node, yaml.MappingNode) else {}


def id_pattern(doc: str) -> re.Pattern:
    """A candidate full id of `doc` in running text; callers trim it to a known id (it may swallow a ')')."""
    return re.compile(rf"(?<![\w-]){re.escape(doc)}:[0-9A-Za-z.()#-]+")


def _known(token: str, known: set[str]) -> str:
    while token and token not in known:
        token = token[:-1]
    return token


def rename_ids(text: str, doc: str, mapping: Mapping[str, str], old_ids: set[str]) -> tuple[str, list, list]:
    """Every mention of an old id of `doc` rewritten to its new id in one pass (so a swap 4.1 <-> 5.1 is safe);
    returns the text, [(line, old, new)] renamed and [(line, old)] left as they were (no counterpart)."""
    renamed, unmapped, edits = [], [], []
    for m in id_pattern(doc).finditer(text):
        old = _known(m.group(0), old_ids)
        if not old:
            continue
        line = text.count("\n", 0, m.start()) + 1
        new = mapping.get(old)
        if new is None:
            unmapped.append((line, old))
        elif new != old:
            renamed.append((line, old, new))
            edits.append((m.start(), m.start() + len(old), new))
    return apply_edits(text, edits), renamed, unmapped


def update_escalation(text: str, source: str, doc: str, mapping: Mapping[str, str], old_ids: set[str],
                      new_ids: set[str]) -> tuple[str, list[str]]:
    """corpus/escalation.yaml: follow renumbered procedure clauses, drop the ones with no counterpart, and give a
    kind left with no clause at all the KCSIE procedure clause, so every kind still loads and escalates."""
    root = _compose(text)
    edits: list[Edit] = []
    notes: list[str] = []
    for kind, (key, value) in _pairs(root).items():
        items = value.value if isinstance(value, yaml.SequenceNode) else []
        kept = []
        for item in items:
            cid = str(item.value)
            if cid not in old_ids:
                kept.append(cid)
                continue
            new = mapping.get(cid)
            if new is not None:
                kept.append(new)
                if new != cid:
                    notes.append(f"{source}: {kind}: {cid} -> {new}")
            else:
                notes.append(f"{source}: {kind}: {cid} has no counterpart in the new document and was removed; "
                             f"if your policy has a procedure clause for this concern, add its id under '{kind}' "
                             f"(find it with `policy-assistant search \"{_search_hint(kind)}\"`)")
        if not kept and KCSIE_PROCEDURES.get(kind) in new_ids:
            kept = [KCSIE_PROCEDURES[kind]]
            notes.append(f"{source}: {kind}: no procedure clause was left; it now cites {kept[0]}")
        if kept != [str(i.value) for i in items]:
            edits.append(_list_edit(text, key, value, kept))
    return apply_edits(text, edits), notes


def _list_edit(text: str, key, value, ids: list[str]) -> Edit:
    """Replace a list value, in the style it was written in: flow ([a, b]) or block (- a lines)."""
    if getattr(value, "flow_style", False) or not isinstance(value, yaml.SequenceNode) or not value.value:
        return value.start_mark.index, value.end_mark.index, json.dumps(ids)
    start, end = _block(text, value)
    if not ids:
        return key.end_mark.index, end, ": []\n"
    pad = " " * max(value.value[0].start_mark.column - 2, 0)  # the item's text starts after "- "
    return start, end, "".join(f"{pad}- {i}\n" for i in ids)


def _search_hint(kind: str) -> str:
    return {"child": "a child may be at risk", "adult": "allegation about a member of staff"}.get(kind, kind)


def update_faq(text: str, source: str, doc: str, mapping: Mapping[str, str], old_ids: set[str],
               clause_text: Callable[[str], str | None], label: Callable[[str], str],
               moved: Mapping[str, str] | None = None) -> tuple[str, list[str]]:
    """config/faq.yaml: re-point each question's expected clauses (and quotes) to the new ids; a question left with
    no clause is commented out, a topic left with no question likewise. `clause_text` gives a new clause's text
    (for the quotes, which must stay verbatim); `moved` says how an id moved (reworded, aligned) for the notes."""
    root = _compose(text)
    if not isinstance(root, yaml.SequenceNode):
        return text, []
    moved = moved or {}
    edits: list[Edit] = []
    notes: list[str] = []
    for topic in root.value:
        fields = _pairs(topic)
        questions = fields.get("questions", (None, None))[1]
        if not isinstance(questions, yaml.SequenceNode):
            continue
        dropped_all, topic_edits = True, []
        for entry in questions.value:
            entry_edits, drop = _faq_entry(text, source, entry, mapping, old_ids, clause_text, label, moved, notes)
            if drop:
                start, end = _block(text, entry)
                topic_edits.append((start, end, comment_out(text, start, end, drop)))
            else:
                dropped_all = False
                topic_edits += entry_edits
        if dropped_all and questions.value:
            start, end = _block(text, topic)
            title = fields.get("topic", (None, None))[1]
            why = f"topic '{title.value if title is not None else '?'}': none of its questions has a clause left"
            edits.append((start, end, comment_out(text, start, end, why)))
            notes.append(f"{source}: {why}; it was commented out")
        else:
            edits += topic_edits
    new = apply_edits(text, edits)
    if yaml.load(new, Loader=SAFE_LOADER) is None:  # every topic gone: an empty FAQ, not an empty file
        new = new.rstrip("\n") + "\n[]\n"
    return new, notes


def _faq_entry(text, source, entry, mapping, old_ids, clause_text, label, moved, notes) -> tuple[list[Edit], str]:
    """The edits to one FAQ question, or (no edits, why) when it has no clause left and is to be commented out."""
    fields = _pairs(entry)
    question = fields.get("question", (None, None))[1]
    asked = question.value if question is not None else "?"
    clauses = fields.get("expected_clauses", (None, None))[1]
    if not isinstance(clauses, yaml.SequenceNode):
        return [], ""
    before = [str(c.value) for c in clauses.value]
    after, gone = [], []
    for cid in before:
        if cid not in old_ids:
            after.append(cid)
        elif cid in mapping:
            after.append(mapping[cid])
            if cid in moved:
                notes.append(f"{source}: question '{asked}' now rests on {label(mapping[cid])} instead of "
                             f"{label(cid)} ({moved[cid]}); check its reviewed answer still says what the clause says")
            elif mapping[cid] != cid:
                notes.append(f"{source}: question '{asked}': {label(cid)} -> {label(mapping[cid])} (the same text)")
        else:
            gone.append(cid)
    if gone and not after:
        why = f"question '{asked}' cited {', '.join(label(c) for c in gone)}, which has no counterpart"
        notes.append(f"{source}: {why}: it was commented out. To keep it, pick a clause with `policy-assistant "
                     f"search \"{asked}\"`, put its id in expected_clauses and uncomment it; or delete it")
        return [], why
    for cid in gone:
        notes.append(f"{source}: question '{asked}' cited {label(cid)}, which has no counterpart; it was removed "
                     f"from expected_clauses (the question keeps {', '.join(label(c) for c in after)})")
    edits: list[Edit] = []
    if after != before:
        edits.append((clauses.start_mark.index, clauses.end_mark.index, json.dumps(after)))
    quotes_key, quotes = fields.get("quotes", (None, None))
    if isinstance(quotes, yaml.MappingNode):
        kept = {}
        for key, value in quotes.value:
            cid = mapping.get(key.value, key.value) if key.value in old_ids else key.value
            part = " ".join(str(value.value).split())
            whole = clause_text(cid)
            if cid in after and whole is not None and part in " ".join(whole.split()):
                kept[cid] = part
            else:
                notes.append(f"{source}: question '{asked}': the quote of {label(key.value)} is not in the new "
                             f"wording and was removed; the page now quotes the whole clause (add a new 'quotes' "
                             f"entry with its verbatim part if that is too long)")
        if kept != {k.value: " ".join(str(v.value).split()) for k, v in quotes.value}:
            start, end = _block(text, quotes_key)[0], _block(text, quotes)[1]
            edits.append((start, end, _quotes_block(kept, quotes_key.start_mark.column)))
    return edits, ""


def _quotes_block(quotes: dict[str, str], column: int) -> str:
    if not quotes:
        return ""
    pad = " " * column
    body = "".join(f"{pad}  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in quotes.items())
    return f"{pad}quotes:\n{body}"


KEY_LINE = re.compile(r"^([^\s#'\"][^\s]*|'[^']+'|\"[^\"]+\"):[ \t]*$")


def rekey_annotations(text: str, renamed: Mapping[str, str], removed: set[str], check: Mapping[str, str],
                      today: str) -> tuple[str, list[str]]:
    """corpus/annotations.yaml, line by line: rename the keys of clauses that moved (so their example questions and
    terms follow the rule to its new id), comment out the entries of clauses with no counterpart, and note the
    entries in `check` (reworded or aligned: their questions may need a look); the rest stays as written."""
    out, notes, dropping = [], [], False
    for line in text.splitlines(keepends=True):
        key = KEY_LINE.match(line.rstrip("\n"))
        if key or (line[:1].strip() and not line.startswith("#")):
            dropping = False
        name = key.group(1).strip("'\"") if key else ""
        if name in removed:
            dropping = True
            out.append(f"# {name} was removed from the document (no clause of the new version is the same rule; "
                       f"ingest, {today}); kept for reference:\n")
            notes.append(f"annotations: {name} commented out (the clause was removed)")
        elif name in renamed:
            if renamed[name] != name:
                line = line.replace(key.group(1), renamed[name], 1)
                notes.append(f"annotations: {name} renamed to {renamed[name]}"
                             + (f" ({check[name]}; check its questions still fit)" if name in check
                                else " (the clause was renumbered)"))
            elif name in check:
                notes.append(f"annotations: {name} kept; check its questions still fit the {check[name]} clause")
        out.append(f"# {line}" if dropping else line)
    return "".join(out), notes
