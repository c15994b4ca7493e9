"""Quality gate: the held-out test split must not fall below the figures it has reached.

The floors are the measured test-split figures (README, 'Evaluation'), rounded down to two decimals.
Raise them when retrieval improves; never lower them to make a change pass.
"""

from __future__ import annotations

import pytest
from conftest import REAL_CORPUS

from assistant.evaluate.run import evaluate
from assistant.evaluate.scenarios import load_scenarios

pytestmark = pytest.mark.integration
TEST_SPLIT = REAL_CORPUS.parent / "eval" / "scenarios" / "test.yaml"
FLOORS = {"hit@1": 0.88, "hit@3": 0.97, "mrr": 0.92, "abstention": 0.91, "verdict_accuracy": 0.79,
          "escalation_recall": 0.95, "follow_up_verdict_accuracy": 0.55}
# abstention was 0.91 before the second round of example questions, which moved hit@1 from 0.79 to 0.87 and
# cost one of the 12 out-of-scope questions; the trade is recorded in the README.
# escalation false alarms were 0.046 before the learned concern detector, which raised recall 0.846 -> 0.923;
# the word classifier blended into it raised recall to 1.0 (13/13) and false alarms to 0.069 (6/87), chosen
# on independent message sets where it found 4.7 points more concerns for 0.7 points more alarms.
# unsafe_answers (a "yes" where every acceptable verdict is "no" or "advised against") is a count whose goal is 0;
# the ceiling is the count measured when the metric was added, so it can only go down.
CEILINGS = {"false_abstention": 0.02, "escalation_false_alarms": 0.07, "unsafe_answers": 2}


@pytest.fixture(scope="module")
def summary(real_engine):
    scenarios = load_scenarios(TEST_SPLIT, set(real_engine.clauses), real_engine.corpus.renames)
    assert len(scenarios) >= 100
    return evaluate(real_engine, scenarios)["summary"]


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_floor(summary, metric):
    assert summary[metric] >= FLOORS[metric], f"{metric} fell to {summary[metric]}"


@pytest.mark.parametrize("metric", sorted(CEILINGS))
def test_ceiling(summary, metric):
    assert summary[metric] <= CEILINGS[metric], f"{metric} rose to {summary[metric]}"


def test_dev_split_is_valid(real_engine):
    dev = load_scenarios(TEST_SPLIT.with_name("dev.yaml"), set(real_engine.clauses), real_engine.corpus.renames)
    assert len(dev) >= 50 and not {s.id for s in dev} & {s.id for s in load_scenarios(TEST_SPLIT)}


# The real-genre test split (eval/scenarios/real-test.yaml, written apart from the examples and the code) and the
# paraphrase groups: floors at the figures measured on them, so later work can only move them up. Issue targets
# are higher (hit@1 0.80, verdict 0.80, paraphrase consistency 0.95); see the README's real-message table.
# One recorded trade: citing a concern's procedure first when the message is about as near it as the best rule
# (settings.procedure_margin) and the school's own policy's 0.1 lift (settings.own_boost), both chosen on dev and
# real-dev, moved hit@1 by +3 scenarios on dev, +6 on real-dev, +1 on test and +9 on test with no policy examples,
# and by -3 on real-test (0.678 -> 0.644; hit@3 0.897 -> 0.885; verdicts 0.561 -> 0.551): the floors below
# were 0.67 / 0.89 / 0.56 before it.
# The verdict floors rose with the verdicts read from who a rule and a message are about (answer/roles.py) and the
# scope clauses: test 0.74 -> 0.79, real-test 0.55 -> 0.60 (unsafe answers 4 -> 2), paraphrases 0.70 -> 0.73.
REAL_FLOORS = {"hit@1": 0.64, "hit@3": 0.88, "verdict_accuracy": 0.60, "escalation_recall": 0.90, "abstention": 0.81}
REAL_CEILINGS = {"unsafe_answers": 2}


@pytest.fixture(scope="module")
def real_summary(real_engine):
    scenarios = load_scenarios(TEST_SPLIT.with_name("real-test.yaml"), set(real_engine.clauses),
                               real_engine.corpus.renames)
    assert len(scenarios) >= 90
    return evaluate(real_engine, scenarios)["summary"]


@pytest.mark.parametrize("metric", sorted(REAL_FLOORS))
def test_real_messages_floor(real_summary, metric):
    assert real_summary[metric] >= REAL_FLOORS[metric], f"real-test {metric} fell to {real_summary[metric]}"


@pytest.mark.parametrize("metric", sorted(REAL_CEILINGS))
def test_real_messages_ceiling(real_summary, metric):
    assert real_summary[metric] <= REAL_CEILINGS[metric], f"real-test {metric} rose to {real_summary[metric]}"


def test_paraphrase_consistency_verdicts_and_unsafe_answers_do_not_get_worse(real_engine):
    scenarios = load_scenarios(TEST_SPLIT.with_name("paraphrases.yaml"), set(real_engine.clauses),
                               real_engine.corpus.renames)
    summary = evaluate(real_engine, scenarios)["summary"]
    assert summary["paraphrase_groups"] >= 20 and summary["paraphrase_consistency"] >= 0.19
    assert summary["verdict_accuracy"] >= 0.73 and summary["unsafe_answers"] <= 6
