"""Four schools' own policies (tests/data/schools), each set up in a fresh copy of the project's data with the
one command a school would run, then evaluated on its 20 staff questions.

    .venv/bin/python eval/schools.py [--only NAME] [--json-out eval/results/schools.json]

The questions name their answers by verbatim excerpts, not clause ids (their author never saw our parser), so
each excerpt is looked up in the clauses the set-up produced: an excerpt no clause holds whole is reported (the
parser split or merged that passage). Figures: as set up (examples carried across from the model policy where a
rule is the same) and with --leave-out policy (no example questions for the school's policy at all).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.corpus.load import load_corpus  # noqa: E402

FIXTURES = ROOT / "tests" / "data" / "schools"
SCHOOLS = {  # folder: (file, school name, the policy's title as setup-school should find it)
    "adapted": ("policy.txt", "Kingsmere Park School", "Staff Social Media and Online Conduct Policy"),
    "word": ("policy.docx", "Holloway Brook Primary School", "Online Safety and Social Media Policy"),
    "pdf": ("policy.pdf", "Calder Ridge Academies Trust", "Staff Code of Conduct: Online Behaviour and Social Media"),
    "preschool": ("policy.docx", "Puddleduck Lane Pre-School", "Social Media, Mobile Phone and Camera Policy"),
}
METRICS = ("hit@1", "hit@3", "mrr", "verdict_accuracy", "abstention", "unsafe_answers")


def _flat(text: str) -> str:
    return " ".join(text.split()).lower()


def scenarios_for(questions: list[dict], clauses) -> tuple[list[dict], list[str]]:
    """The questions with expected_clauses found from their excerpts, and the excerpts no clause holds whole."""
    texts = [(c.id, _flat(c.text)) for c in clauses if c.doc == "policy"]
    out, missing = [], []
    for q in questions:
        ids = []
        for excerpt in q.get("expected_excerpts") or []:
            found = [cid for cid, text in texts if _flat(excerpt) in text]
            if found:
                ids.extend(cid for cid in found[:1] if cid not in ids)
            else:
                missing.append(f"{q['id']}: {excerpt}")
        if q.get("expected_excerpts") and not ids:
            continue  # nothing to score it against: counted in `missing`
        item = {k: v for k, v in q.items() if k != "expected_excerpts"}
        item["expected_clauses"] = ids
        out.append(item)
    return out, missing


def structure(clauses) -> dict:
    own = [c for c in clauses if c.doc == "policy"]
    return {"clauses": len(own), "longest": max((len(c.text) for c in own), default=0),
            "over_1200": sum(len(c.text) > 1200 for c in own),
            "labels": [c.label for c in own[:: max(1, len(own) // 6)]][:6]}


def run_one(name: str, keep: Path | None = None) -> dict:
    file, school, _ = SCHOOLS[name]
    work = Path(tempfile.mkdtemp(prefix=f"school-{name}-")) if keep is None else keep
    for part in ("corpus", "config"):
        shutil.copytree(ROOT / part, work / part, dirs_exist_ok=True)
    (work / "scenarios").mkdir(exist_ok=True)
    env = {**os.environ, "POLICY_ASSISTANT_CORPUS": str(work / "corpus"), "POLICY_ASSISTANT_INDEX": str(work / "index"),
           "POLICY_ASSISTANT_SCHOOL": str(work / "config" / "school.yaml"),
           "POLICY_ASSISTANT_FAQ": str(work / "config" / "faq.yaml"),
           "POLICY_ASSISTANT_SCENARIOS": str(work / "scenarios")}
    python = [sys.executable, "-m", "assistant"]
    setup = subprocess.run([*python, "setup-school", "--policy", str(FIXTURES / name / file), "--name", school,
                            "--no-index"], env=env, capture_output=True, text=True, cwd=ROOT)
    if setup.returncode != 0:
        return {"name": name, "setup": "failed", "error": setup.stderr.strip()[-2000:]}
    carried = next((line for line in setup.stdout.splitlines() if line.startswith("Examples carried")), "")
    corpus = load_corpus(work / "corpus")
    questions = yaml.safe_load((FIXTURES / name / "questions.yaml").read_text(encoding="utf-8"))
    scenarios, missing = scenarios_for(questions, corpus.clauses)
    path = work / "scenarios" / f"{name}.yaml"
    path.write_text(yaml.safe_dump(scenarios, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = {"name": name, "school": school, "structure": structure(corpus.clauses), "carried": carried,
              "questions": len(questions), "scored": len(scenarios), "excerpts_not_found": missing}
    for label, extra in (("as_set_up", []), ("leave_out", ["--leave-out", "policy"])):
        out = work / f"{label}.json"
        ran = subprocess.run([*python, "eval", "--scenarios", str(path), "--json-out", str(out), *extra], env=env,
                             capture_output=True, text=True, cwd=ROOT)
        if ran.returncode != 0:
            result[label] = {"error": ran.stderr.strip()[-2000:]}
            continue
        summary = json.loads(out.read_text(encoding="utf-8"))["summary"]
        result[label] = {k: summary.get(k) for k in METRICS}
    if keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(SCHOOLS))
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--keep", type=Path, help="set up in this folder and keep it (one school)")
    args = parser.parse_args(argv)
    names = [args.only] if args.only else list(SCHOOLS)
    results = []
    for name in names:
        print(f"{name}: setting up and evaluating ...", file=sys.stderr, flush=True)
        result = run_one(name, args.keep)
        results.append(result)
        print(json.dumps(result, indent=1), flush=True)
    if args.json_out:
        args.json_out.write_text(json.dumps({"schools": results}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
