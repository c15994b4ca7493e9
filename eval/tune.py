"""Sweep retrieval settings on the DEVELOPMENT split only and print the metrics of each setting.

    .venv/bin/python eval/tune.py [eval/scenarios/dev.yaml]

Never point this at the test split: the test split measures the settings chosen here.
"""

from __future__ import annotations

import dataclasses
import itertools
import sys
from pathlib import Path

from assistant.engine import Engine
from assistant.evaluate.run import evaluate
from assistant.evaluate.scenarios import load_scenarios
from assistant.settings import Settings


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "eval/scenarios/dev.yaml")
    if "test" in path.name:
        sys.exit("refusing to tune on the test split")
    base = Engine.load(Settings.from_env(), progress=lambda s: print(s, file=sys.stderr))
    scenarios = load_scenarios(path, set(base.clauses), base.corpus.renames)
    print("lexical_weight min_evidence citation_margin | hit@1 hit@3 mrr abstention false_abstention verdict")
    grid = itertools.product((0.25,), (0.40,), (0.1, 0.15, 0.2, 0.25))
    for weight, evidence, margin in grid:
        engine = dataclasses.replace(base, settings=dataclasses.replace(
            base.settings, lexical_weight=weight, min_evidence=evidence, citation_margin=margin))
        s = evaluate(engine, scenarios)["summary"]
        print(f"{weight:14} {evidence:12} {margin:15} | {s['hit@1']:.3f} {s['hit@3']:.3f} {s['mrr']:.3f} "
              f"{s['abstention']:.3f} {s['false_abstention']:.3f} {s['verdict_accuracy']:.3f}", flush=True)


if __name__ == "__main__":
    main()
