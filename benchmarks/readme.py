"""The README's figures, generated from the results files so they cannot drift.

    python -m benchmarks.readme          # rewrite the generated blocks of README.md
    python -m benchmarks.readme --check  # exit 1 if any block differs (tests/test_docs.py does the same)

A block sits between `<!-- generated: NAME -->` and `<!-- end generated -->`; NAME is a key of BLOCKS. Sources:
eval/results/{dev,test}.json (`policy-assistant eval --json-out`), benchmarks/RESULTS.md (`make bench`) and the
verdict table in assistant/types.py.
"""

from __future__ import annotations

import json
import re
import sys

from assistant.settings import PROJECT_ROOT
from assistant.types import VERDICT_TABLE

README = PROJECT_ROOT / "README.md"
RESULTS = PROJECT_ROOT / "eval" / "results"
BENCH = PROJECT_ROOT / "benchmarks" / "RESULTS.md"
BLOCK = re.compile(r"(<!-- generated: (?P<name>[a-z-]+) -->\n)(?P<body>.*?)(<!-- end generated -->)", re.DOTALL)


def _run(split: str) -> dict:
    return json.loads((RESULTS / f"{split}.json").read_text(encoding="utf-8"))


def _bench(pattern: str) -> re.Match:
    match = re.search(pattern, BENCH.read_text(encoding="utf-8"))
    if match is None:
        raise ValueError(f"{BENCH.name} has no line matching {pattern!r}: rerun `make bench`")
    return match


def _escalation(results: list[dict]) -> tuple[int, int, int, int]:
    tagged = [r for r in results if "escalation" in r["tags"]]
    other = [r for r in results if "escalation" not in r["tags"]]
    return sum(r["escalation"] for r in tagged), len(tagged), sum(r["escalation"] for r in other), len(other)


def eval_table() -> str:
    rows = ["| split | hit@1 | hit@3 | MRR | verdict acc. | abstention | false abstention | escalation recall | "
            "false alarms | follow-up hit@3 / verdict |", "|---|---|---|---|---|---|---|---|---|---|"]
    for split in ("dev", "test"):
        run = _run(split)
        s = run["summary"]
        found, tagged, alarms, ordinary = _escalation(run["results"])
        rows.append(f"| {split} ({s['scenarios']}) | {s['hit@1']:.3f} | {s['hit@3']:.3f} | {s['mrr']:.3f} | "
                    f"{s['verdict_accuracy']:.3f} | {s['abstention']:.3f} | {s['false_abstention']:.3f} | "
                    f"{s['escalation_recall']:.3f} ({found} of {tagged}) | {s['escalation_false_alarms']:.3f} "
                    f"({alarms} of {ordinary}) | {s['follow_up_hit@3']:.2f} / {s['follow_up_verdict_accuracy']:.2f} "
                    f"({s['follow_ups']}) |")
    return "\n".join(rows) + "\n"


def warm_latency() -> str:
    warm = _bench(r"\| warm `ask` p50 <= 15 ms, p95 <= 30 ms \| ([\d.]+) / ([\d.]+) ms")
    rows = _bench(r"Embedding the (\d+) index rows")
    return (f"Warm latency (`make bench`, test split): p50 / p95 {warm[1]} / {warm[2]} ms per question, including the "
            f"query embedding; the index has {int(rows[1]):,} rows (clauses and example questions).\n")


def verdict_table() -> str:
    rows = ["| verdict | meaning (docs/contracts.md section 3) | badge (web) / tag (CLI) | answer opens with |",
            "|---|---|---|---|"]
    for verdict, info in VERDICT_TABLE.items():
        opener = info.opener or "(the governing quote)" if verdict != "not_covered" else "that nothing covers it"
        rows.append(f"| `{verdict}` | {info.meaning} | {info.badge} / `[{info.badge.upper()}]` | {opener} |")
    return "\n".join(rows) + "\n"


# (results file, what it measures) for the real-message table; a missing file is a row saying how to make it
REAL_RUNS = (("dev", "dev split"), ("test", "test split"),
             ("real-dev", "real-genre messages, dev"), ("real-test", "real-genre messages, test"),
             ("paraphrases", "paraphrase groups (26 x 5)"),
             ("dev-leave-out-policy", "dev, no policy examples"), ("test-leave-out-policy", "test, no policy examples"),
             ("real-dev-leave-out-policy", "real-dev, no policy examples"),
             ("real-test-leave-out-policy", "real-test, no policy examples"),
             ("test-leave-out-kcsie", "test, no KCSIE examples"))


def _cell(value, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def real_table(folder=None) -> str:
    folder = folder or RESULTS
    rows = ["| measured on | right clause first | in top 3 | policy questions: first / top 3 | right verdict | "
            "escalated | not covered when out of scope | unsafe answers | paraphrase consistency | warm p50 / p95 ms |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for name, what in REAL_RUNS:
        path = folder / f"{name}.json"
        if not path.is_file():
            continue
        run = json.loads(path.read_text(encoding="utf-8"))
        s = run["summary"]
        policy = run.get("by_document", {}).get("policy", {})
        found, tagged, _, _ = _escalation(run["results"])
        rows.append(f"| {what} (`{name}.json`) | {_cell(s['hit@1'])} | {_cell(s['hit@3'])} | "
                    f"{_cell(policy.get('hit@1'))} / {_cell(policy.get('hit@3'))} ({policy.get('scenarios', 0)}) | "
                    f"{_cell(s['verdict_accuracy'])} | {found} of {tagged} | {_cell(s['abstention'])} | "
                    f"{s.get('unsafe_answers', '-')} | {_cell(s.get('paraphrase_consistency'))} | "
                    f"{_cell(s.get('latency_p50_ms'), 0)} / {_cell(s.get('latency_p95_ms'), 0)} |")
    return "\n".join(rows) + "\n"


def schools_table() -> str:
    """eval/results/schools.json (eval/schools.py): each fixture school set up with one command, then scored."""
    data = json.loads((RESULTS / "schools.json").read_text(encoding="utf-8"))
    rows = ["| school's document | clauses (longest, characters) | examples carried across | hit@1 / hit@3 as set up | "
            "right verdict | hit@1 / hit@3 with no policy examples | unsafe answers (as set up / none) |",
            "|---|---|---|---|---|---|---|"]
    for school in data["schools"]:
        if "as_set_up" not in school:
            rows.append(f"| {school['name']} | set-up failed | - | - | - | - | - |")
            continue
        shape, got, bare = school["structure"], school["as_set_up"], school["leave_out"]
        carried = re.search(r"(\d+) annotated clauses", school.get("carried", ""))
        rows.append(f"| {school['name']} ({school['school']}) | {shape['clauses']} ({shape['longest']}) | "
                    f"{carried[1] if carried else 0} | {_cell(got['hit@1'])} / {_cell(got['hit@3'])} | "
                    f"{_cell(got['verdict_accuracy'])} | {_cell(bare['hit@1'])} / {_cell(bare['hit@3'])} | "
                    f"{got['unsafe_answers']} / {bare['unsafe_answers']} |")
    return "\n".join(rows) + "\n"


BLOCKS = {"eval-table": eval_table, "warm-latency": warm_latency, "verdicts": verdict_table,
          "real-messages": real_table,
          "real-messages-rule-questions": lambda: real_table(RESULTS / "rule-questions"),
          "schools": schools_table}


def render(text: str) -> str:
    """The README with every generated block rewritten from its source."""
    def fill(match: re.Match) -> str:
        name = match["name"]
        if name not in BLOCKS:
            raise ValueError(f"README block {name!r} is not one of: {', '.join(BLOCKS)}")
        return match[1] + BLOCKS[name]() + match[4]
    return BLOCK.sub(fill, text)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in argv:
        if fresh != current:
            print("README.md figures differ from the results files: run python -m benchmarks.readme", file=sys.stderr)
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
