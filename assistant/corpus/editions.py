"""Editions as data.

- `corpus/editions.yaml`: the register of known editions of each guidance series (KCSIE, GSWP, ...), with
  in-force dates and what superseded what, so health checks and the `editions` command can say which
  edition is in force on a given day and which documents are stale.
- The manifest's edition fields (`edition_id`, `in_force`, `superseded_by`) tie each document to the register.
- `corpus/renames.yaml`: clause ids that moved (an edition renumbered them), old id -> new id with the reason.
  Scenario files that still use an old id keep working (`resolve_expected`), and `migrate_text` rewrites them.

Both files are validated by pydantic models (models.py), so a mistake names the file, the line and the entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CorpusError
from ..yamltext import BadYaml, Wording, check, line_in, load_yaml, read_yaml
from .fields import parse_date

if TYPE_CHECKING:  # models.py (pydantic) is imported only when a file is read
    from .models import EditionEntry, EditionsFile

EDITIONS = "editions.yaml"
RENAMES = "renames.yaml"
MANIFEST_KEYS = ("edition_id", "in_force", "superseded_by")


@dataclass(frozen=True)
class Edition:
    """One known edition of a series, e.g. KCSIE 2026 (in force 1 September 2026)."""

    id: str  # 'kcsie-2026'
    series: str  # 'kcsie'
    name: str  # 'KCSIE 2026'
    year: int
    in_force: date | None
    superseded_by: str = ""  # edition id, '' while it is the latest known
    confidence: str = ""
    note: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Register:
    """All known editions, by series, oldest first."""

    series: dict[str, tuple[Edition, ...]]
    titles: dict[str, str]

    def get(self, edition_id: str) -> Edition | None:
        for editions in self.series.values():
            for e in editions:
                if e.id == edition_id:
                    return e
        return None

    def in_force(self, series: str, today: date) -> Edition | None:
        """The latest edition of the series in force on `today` (None if none is known to be)."""
        live = [e for e in self.series.get(series, ()) if e.in_force and e.in_force <= today]
        return max(live, key=lambda e: e.in_force) if live else None


@dataclass(frozen=True)
class Rename:
    """A clause id that moved: scenario files and annotations written for `old` now mean `new`."""

    old: str
    new: str
    reason: str
    edition: str = ""  # the edition that moved it, e.g. 'kcsie-2026'


def _read(path: Path):
    try:
        return read_yaml(path)
    except BadYaml as exc:
        raise CorpusError(str(exc), str(path), exc.line) from None


def _checked(model, path: Path, wording: Callable[[object], Wording], context: dict | None = None):
    """An optional file (empty counts as {}) validated by its model in models.py: a mistake names the file, the
    line, the entry and the key."""
    data = _read(path) or {}
    return check(model, data, str(path), CorpusError, lambda: path.read_text(encoding="utf-8"), wording(data),
                 context)


def _refused(path: Path, loc: tuple, message: str) -> CorpusError:
    """A mistake only the whole file shows (the model passed each entry), at the line of the entry's key."""
    return CorpusError(message, str(path), line_in(lambda: path.read_text(encoding="utf-8"), loc))


def load_register(corpus_dir: Path) -> Register:
    """Read corpus/editions.yaml (optional; models.EditionsFile). Errors name the file, the line and the edition."""
    from .models import EditionsFile, editions_wording

    path = Path(corpus_dir) / EDITIONS
    if not path.is_file():
        return Register({}, {})
    register = _checked(EditionsFile, path, editions_wording, context={"seen": set()})
    _check_superseded(register, path)
    series = {name: tuple(sorted((_edition(name, item) for item in entry.editions),
                                 key=lambda e: (e.in_force or date.min, e.year)))
              for name, entry in register.series.items()}
    return Register(series, {name: entry.title or name for name, entry in register.series.items()})


def _check_superseded(register: EditionsFile, path: Path) -> None:
    """Every superseded_by names an edition of the file (any series: a guide may be replaced by another)."""
    known = {item.id for entry in register.series.values() for item in entry.editions}
    for name, entry in register.series.items():
        for n, item in enumerate(entry.editions):
            if item.superseded_by and item.superseded_by not in known:
                raise _refused(path, ("series", name, "editions", n, "superseded_by"),
                               f"edition '{item.id}' is superseded by unknown edition '{item.superseded_by}'")


def _edition(series: str, item: EditionEntry) -> Edition:
    """An Edition from its validated entry (models.EditionEntry)."""
    return Edition(id=item.id, series=series, name=item.name, year=item.year, in_force=item.in_force,
                   superseded_by=item.superseded_by or "", confidence=item.confidence or "", note=item.note or "",
                   sources=item.sources)


@dataclass(frozen=True)
class DocumentEdition:
    """A manifest document's edition fields and what the register says about them."""

    doc: str
    title: str
    edition: str  # the manifest's free-text edition
    edition_id: str = ""
    in_force: date | None = None
    superseded_by: str = ""


def manifest_editions(corpus_dir: Path, register: Register | None = None) -> list[DocumentEdition]:
    """The edition fields of every manifest document; an edition_id not in the register is an error."""
    path = Path(corpus_dir) / "manifest.yaml"
    data = _read(path) or {}
    register = register or load_register(corpus_dir)
    out = []
    for n, entry in enumerate(data.get("documents") or [], start=1):
        where = f"{path} (document {n})"
        eid = str(entry.get("edition_id") or "")
        if eid and register.get(eid) is None:
            raise CorpusError(f"edition_id '{eid}' is not in {EDITIONS}", where)
        superseded = str(entry.get("superseded_by") or "")
        if superseded and register.get(superseded) is None:
            raise CorpusError(f"superseded_by '{superseded}' is not in {EDITIONS}", where)
        out.append(DocumentEdition(str(entry.get("id")), str(entry.get("title")), str(entry.get("edition")), eid,
                                   parse_date(entry.get("in_force"), "in_force", where), superseded))
    return out


def edition_status(doc: DocumentEdition, register: Register, today: date) -> tuple[str, str]:
    """('current' | 'superseded' | 'not tracked', a sentence saying why)."""
    edition = register.get(doc.edition_id) if doc.edition_id else None
    if edition is None:
        return "not tracked", "no edition in the register"
    live = register.in_force(edition.series, today)
    if doc.superseded_by or (live and live.in_force and edition.in_force and live.in_force > edition.in_force):
        newer = register.get(doc.superseded_by) if doc.superseded_by else live
        since = f" since {_day(newer.in_force)}" if newer and newer.in_force else ""
        return "superseded", (f"this document refers to {edition.name}; the edition in force{since} is "
                              f"{newer.name if newer else 'a later one'}")
    if edition.superseded_by:
        newer = register.get(edition.superseded_by)
        if newer and (newer.in_force is None or newer.in_force > today):
            return "current", f"{edition.name} is in force; {newer.name} is expected"
    return "current", f"{edition.name} is the latest edition known to the register"


def _day(d: date) -> str:
    return f"{d.day} {d.strftime('%B')} {d.year}"


def edition_table(corpus_dir: Path, today: date) -> list[dict]:
    """One row per manifest document: what a trust needs to see which sources are stale."""
    register = load_register(corpus_dir)
    rows = []
    for doc in manifest_editions(corpus_dir, register):
        status, why = edition_status(doc, register, today)
        rows.append({"doc": doc.doc, "title": doc.title, "edition": doc.edition, "edition_id": doc.edition_id or None,
                     "in_force": doc.in_force.isoformat() if doc.in_force else None,
                     "superseded_by": doc.superseded_by or None, "status": status, "why": why})
    return rows


# --- clause renames ------------------------------------------------------------------------------------


def load_renames(corpus_dir: Path, clause_ids: set[str] | None = None) -> dict[str, Rename]:
    """Read corpus/renames.yaml (optional; models.RenamesFile): `renames: [{from, to, reason, edition}]`.

    Errors name the file, the line and the rename. A loop of renames is an error; with `clause_ids`, a source
    that is still a clause or a target that is not one (after following chains) is too."""
    from .models import RenamesFile, renames_wording

    path = Path(corpus_dir) / RENAMES
    if not path.is_file():
        return {}
    entries = _checked(RenamesFile, path, renames_wording, context={"seen": set(), "clause_ids": clause_ids}).renames
    out = {e.old: Rename(e.old, e.new, e.reason, e.edition or "") for e in entries}
    for n, rename in enumerate(out.values()):  # `seen` refused a source listed twice, so n is the entry's index
        try:
            resolve(rename.old, out)
        except CorpusError:
            raise _refused(path, ("renames", n), f"renames form a loop at '{rename.old}'") from None
        # a chain that does not end on a clause is reported at its last link, the `to` to correct
        if clause_ids is not None and rename.new not in out and rename.new not in clause_ids:
            raise _refused(path, ("renames", n, "to"),
                           f"'{rename.old}' is renamed to '{rename.new}', which is not a clause id in the corpus")
    return out


def resolve(clause_id: str, renames: Mapping[str, Rename]) -> str:
    """Follow renames from an id to the current one (an id that is not renamed is returned as it is)."""
    seen = {clause_id}
    while clause_id in renames:
        clause_id = renames[clause_id].new
        if clause_id in seen:
            raise CorpusError(f"renames form a loop at '{clause_id}'", RENAMES)
        seen.add(clause_id)
    return clause_id


def resolve_expected(expected: Iterable[str], clause_ids: set[str], renames: Mapping[str, Rename],
                     where: str, warn: Callable[[str], None]) -> tuple[str, ...]:
    """Expected clause ids with renamed ones replaced, one warning line per renamed id used."""
    out = []
    for cid in expected:
        if cid not in clause_ids and cid in renames:
            new = resolve(cid, renames)
            warn(f"warning: {where}: {cid} is now {new} ({renames[cid].reason}); "
                 "run `policy-assistant scenarios migrate` on the file")
            cid = new
        out.append(cid)
    return tuple(dict.fromkeys(out))


_LIST_KEY = re.compile(r"^(\s*(?:-\s+)?)expected_clauses\s*:(.*)$")
_ITEM = re.compile(r"^\s*-\s+")


def migrate_text(text: str, renames: Mapping[str, Rename], clause_ids: set[str] | None = None
                 ) -> tuple[str, list[tuple[int, str, str]]]:
    """Rewrite renamed ids inside `expected_clauses` (flow or block lists), leaving every other line,
    comments included, exactly as it was. Returns the new text and (line, old id, new id) changes."""
    lines = text.splitlines(keepends=True)
    changes: list[tuple[int, str, str]] = []

    def swap(segment: str, number: int) -> str:
        def repl(m: re.Match) -> str:
            cid = m.group(2)
            if cid in renames and (clause_ids is None or cid not in clause_ids):
                new = resolve(cid, renames)
                changes.append((number, cid, new))
                return f"{m.group(1)}{new}{m.group(3)}"
            return m.group(0)
        return re.sub(r"""(^|[\s\[,"'])([a-z][a-z0-9-]*:[^\s,"'\]#]+)(?=$|[\s\],"'#])()""", repl, segment)

    in_block, block_indent = False, 0
    for i, line in enumerate(lines):
        body, sep, comment = _split_comment(line)
        m = _LIST_KEY.match(body)
        if m:
            rest_at = m.start(2)
            lines[i] = body[:rest_at] + swap(body[rest_at:], i + 1) + sep + comment
            in_block = not m.group(2).strip()
            block_indent = len(m.group(1))
            continue
        if in_block:
            stripped = body.strip()
            if not stripped:
                continue
            indent = len(body) - len(body.lstrip())
            if _ITEM.match(body) and indent >= block_indent and not re.match(r"^\s*-\s+[\w-]+\s*:(?:\s|$)", body):
                lines[i] = swap(body, i + 1) + sep + comment
                continue
            in_block = False
    return "".join(lines), changes


def _split_comment(line: str) -> tuple[str, str, str]:
    """(text, '#', comment) for a YAML line, ignoring '#' inside quotes; the newline stays in the comment
    or, without one, at the end of the text."""
    quote = ""
    for n, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and (n == 0 or line[n - 1].isspace()):
            return line[:n], "#", line[n + 1:]
    return line, "", ""


def migrate_file(path: Path, renames: Mapping[str, Rename], clause_ids: set[str] | None = None,
                 dry_run: bool = False) -> list[tuple[int, str, str]]:
    """Rewrite a scenario file in place (unless dry_run); check the result still parses to the same data
    with the ids replaced."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    new_text, changes = migrate_text(text, renames, clause_ids)
    if changes:
        before, after = load_yaml(text), load_yaml(new_text)
        for entry in before if isinstance(before, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("expected_clauses"), list):
                entry["expected_clauses"] = [resolve(c, renames) if (clause_ids is None or c not in clause_ids)
                                             else c for c in entry["expected_clauses"]]
        if before != after:
            raise CorpusError("the rewritten file would not read back as the same scenarios; "
                              "edit its expected_clauses by hand", str(path))
        if not dry_run:
            path.write_text(new_text, encoding="utf-8")
    return changes


# --- health checks that read the register ----------------------------------------------------------------


def current_edition(register: Register | None, series: str, today: date, fallback=None) -> tuple[int, dict]:
    """(year of the edition in force, template values {edition, in_force}) for the `edition` health kind;
    without a register (or a known edition) the rule's own `current` year is used."""
    live = register.in_force(series, today) if register else None
    if live is None:
        year = int(fallback) if fallback is not None else today.year
        return year, {"edition": f"the {year} edition", "in_force": "its start date"}
    return live.year, {"edition": live.name, "in_force": _day(live.in_force)}


def predates_edition(rule, ctx, finding) -> Iterator:
    """Kind `predates_edition` (setting `series`): one finding when the document was approved before the
    edition of the series now in force came into force. Fills {approved} {edition} {in_force}
    {written_against} (the edition in force on the approval day)."""
    register = getattr(ctx, "register", None)
    approved = ctx.doc.approved
    live = register.in_force(rule.settings["series"], ctx.today) if register else None
    if approved is None or live is None or live.in_force <= approved:
        return
    then = register.in_force(rule.settings["series"], approved)
    yield finding(rule, ctx, None, label=f"{ctx.doc.title} (approval date)", approved=approved.isoformat(),
                  edition=live.name, in_force=_day(live.in_force),
                  written_against=then.name if then else "an earlier edition")
