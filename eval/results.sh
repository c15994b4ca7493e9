#!/usr/bin/env bash
# Rewrite every file under eval/results/ with the current code: the default settings, then
# eval/results/rule-questions/ with questions made from every rule and a 0.1 example discount.
# Several minutes (each --leave-out builds its own index the first time). Usage: eval/results.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
run() {  # out-dir split [extra eval options]
    local out=$1 split=$2; shift 2
    local name=$split
    if [ "$#" -gt 0 ]; then name="$split-leave-out-$2"; fi
    echo "eval $split $* -> $out/$name.json" >&2
    "$PY" -m assistant eval --scenarios "eval/scenarios/$split.yaml" --json-out "$out/$name.json" "$@" > /dev/null
}
all() {
    local out=$1
    mkdir -p "$out"
    for split in dev test real-dev real-test paraphrases; do run "$out" "$split"; done
    for split in dev test real-dev real-test; do run "$out" "$split" --leave-out policy; done
    run "$out" test --leave-out kcsie
}
all eval/results
POLICY_ASSISTANT_RULE_QUESTIONS=1 POLICY_ASSISTANT_EXAMPLE_DISCOUNT=0.1 \
    POLICY_ASSISTANT_INDEX="${POLICY_ASSISTANT_INDEX:-index}/rule-questions" all eval/results/rule-questions
