"""The learned concern detector: a pure numpy classifier, and how it generalises to messages nobody trained it on."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from assistant.concern_model import ConcernModel, fit_logistic, train_concern
from assistant.escalation import detect

DATA = Path(__file__).parent / "data"


def test_fit_logistic_separates_separable_classes_and_balances_them():
    rng = np.random.default_rng(0)
    x = np.vstack([rng.normal(1.0, 0.3, size=(10, 3)), rng.normal(-1.0, 0.3, size=(90, 3))])
    y = np.r_[np.ones(10), np.zeros(90)]
    w = fit_logistic(x, y)
    assert ((x @ w[:-1] + w[-1] > 0) == (y == 1)).all()


def test_no_examples_of_a_class_means_no_model():
    v = np.ones((2, 4), dtype=np.float32)
    assert train_concern(v, np.zeros((0, 4)), v) is None


def test_model_gives_a_probability_and_a_kind():
    model = ConcernModel(np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], dtype=np.float32))
    assert model.probability(np.array([5.0, 0.0])) > 0.99 and model.kind(np.array([0.0, 1.0])) == "adult"


def test_a_learned_signal_escalates_unless_it_is_a_teaching_question():
    story = "he's always hungry, takes food out of the bin at lunch and his uniform hasn't been washed in weeks"
    assert detect(story) is None, "the word lists alone miss this"
    assert detect(story, (), 0.9, "child", threshold=0.7).why == "learned"
    assert detect(story, (), 0.6, "child", threshold=0.7) is None
    assert detect("How do I teach Year 8 about neglect?", (), 0.95, "child", threshold=0.7) is None


@pytest.mark.integration
def test_trained_on_one_example_set_it_finds_concerns_in_another():
    """Two sets written independently: train on one, measure on the other (the threshold in Settings is 0.7)."""
    from assistant.light_encoder import LightMiniLMEmbedder

    embed = LightMiniLMEmbedder().embed
    a = yaml.safe_load((DATA / "escalation_examples.yaml").read_text(encoding="utf-8"))
    b = yaml.safe_load((DATA / "escalation_heldout.yaml").read_text(encoding="utf-8"))
    model = train_concern(embed(a["disclosure"]), embed(a["allegation"]), embed(a["ordinary"]))
    concerns = [model.probability(v) >= 0.7 for v in embed(b["child"] + b["adult"])]
    alarms = [model.probability(v) >= 0.7 for v in embed(b["ordinary"])]
    assert np.mean(concerns) >= 0.85, np.mean(concerns)  # measured 0.94
    assert np.mean(alarms) <= 0.05, np.mean(alarms)  # measured 0.02
    kinds = [model.kind(v) for v in embed(b["adult"])]
    assert kinds.count("adult") / len(kinds) >= 0.8
