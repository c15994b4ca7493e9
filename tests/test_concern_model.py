"""The learned concern detector: a pure numpy classifier, and how it generalises to messages nobody trained it on."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from assistant.answer.actions import ESCALATION
from assistant.safeguarding.concern_model import (
    KIND_LEXICAL_SHARE,
    LEXICAL_SHARE,
    ConcernModel,
    features,
    fit_logistic,
    train_concern,
    train_lexical,
)
from assistant.safeguarding.detection import detect
from assistant.types import ConcernScore

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


def test_fit_logistic_takes_a_sparse_matrix_and_gives_the_same_weights():
    from scipy.sparse import csr_matrix

    rng = np.random.default_rng(1)
    x = (rng.random((40, 6)) > 0.6).astype(float)
    y = (x[:, 0] > 0).astype(float)
    assert np.allclose(fit_logistic(csr_matrix(x), y, epochs=200), fit_logistic(x, y, epochs=200))


def test_word_features_are_stemmed_words_and_adjacent_pairs():
    found = features("He keeps asking her to keep secrets")
    assert {"keep", "secret"} <= found and any("_" in f for f in found)
    assert features("") == set()


def test_the_word_classifier_learns_which_words_mark_a_concern():
    child = ["she has bruises on her arms", "he has bruises and a black eye", "bruises on his neck again"]
    adult = ["the coach messages a pupil at midnight", "a coach keeps messaging one boy", "coach messaging pupils"]
    ordinary = ["can I post the match photos", "what time is the trip", "can I post on the school account"]
    vocabulary, lexical = train_lexical(child, adult, ordinary)
    assert lexical.shape == (2, len(vocabulary) + 1)
    model = ConcernModel(np.zeros((2, 3), dtype=np.float32), vocabulary, lexical)
    assert model.lexical_probability("new bruises today") > 0.5 > model.lexical_probability("post photos of the trip")
    assert model.lexical_probability("zebra xylophone") == pytest.approx(1 / (1 + np.exp(-lexical[0, -1])), abs=1e-6)
    vector = np.zeros(2)  # the vector classifier says 0.5 either way: the words decide the kind
    assert model.kind(vector, "the coach is messaging her") == "adult"
    assert model.kind(vector, "bruises on her arm") == "child"


def _toy_model() -> ConcernModel:
    vocabulary, lexical = train_lexical(["bruises on her arm"] * 3, ["coach messages her"] * 3, ["trip photos"] * 3)
    return ConcernModel(np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], dtype=np.float32), vocabulary, lexical)


def test_a_score_blends_the_vector_and_word_classifiers():
    model = _toy_model()
    vocabulary, lexical = model.vocabulary, model.lexical
    vector = np.array([5.0, 0.0])
    dense = model.probability(vector)
    words = model.lexical_probability("bruises on her arm")
    assert model.probability(vector, "bruises on her arm") == pytest.approx(
        (1 - LEXICAL_SHARE) * dense + LEXICAL_SHARE * words)
    assert ConcernModel(model.weights).probability(vector, "bruises on her arm") == dense  # no word classifier
    # the kind too: the vector says adult (weights row 1 on the second coordinate), the words child
    leaning = np.array([0.0, 0.3])
    assert model.kind(leaning) == "adult"
    words_adult = 1 / (1 + np.exp(-(lexical[1, :-1][[vocabulary[f] for f in features("bruises on her arm")]].sum()
                                    / np.sqrt(len(features("bruises on her arm"))) + lexical[1, -1])))
    blended = (1 - KIND_LEXICAL_SHARE) / (1 + np.exp(-0.3)) + KIND_LEXICAL_SHARE * words_adult
    assert model.kind(leaning, "bruises on her arm") == ("adult" if blended > 0.5 else "child") == "child"


def test_the_strongest_piece_is_chosen_on_the_blended_score():
    model = _toy_model()
    vectors = np.array([[0.2, 1.0], [0.0, -1.0]], dtype=np.float32)
    score, kind = model.strongest(vectors, ["trip photos", "bruises on her arm"])
    assert score == pytest.approx(model.probability(vectors[1], "bruises on her arm"))
    assert kind == model.kind(vectors[1], "bruises on her arm") == "child"
    assert model.strongest(vectors) == (model.probability(vectors[0]), "adult")  # vectors alone
    assert model.strongest(np.zeros((0, 2)), []) == (0.0, "")


def test_a_learned_signal_escalates_unless_it_is_a_teaching_question():
    story = "he's always hungry, takes food out of the bin at lunch and his uniform hasn't been washed in weeks"
    assert detect(story) is None, "the word lists alone miss this"
    assert detect(story, (), ConcernScore(0.9, "child"), threshold=0.7).why == "learned"
    assert detect(story, (), ConcernScore(0.6, "child"), threshold=0.7) is None
    assert detect("How do I teach Year 8 about neglect?", (), ConcernScore(0.95, "child"), threshold=0.7) is None


@pytest.mark.integration
def test_trained_on_one_example_set_it_finds_concerns_in_another():
    """Two sets written independently: train on one, measure on the other (the threshold in Settings is 0.7)."""
    from assistant.index.light_encoder import LightMiniLMEmbedder

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


def _messages(name: str) -> list[dict]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def _escalation_rates(engine, rows, follow_up: str | None = None) -> tuple[float, float, float]:
    """(recall on concerns, false alarms on ordinary messages, share of escalated concerns given the block of
    their own kind: child at risk or adult's conduct) of the whole pipeline, asking each message, or asking
    `follow_up` with the message as the conversation's previous turn."""
    blocks = [(row["label"], (engine.ask(follow_up, history=[row["text"]]) if follow_up
                              else engine.ask(row["text"])).escalation) for row in rows]
    concerns = [(label, block) for label, block in blocks if label != "ordinary"]
    escalated = [(label, block) for label, block in concerns if block is not None]
    alarms = [block is not None for label, block in blocks if label == "ordinary"]
    routed = [block.reason == ESCALATION[label][0] for label, block in escalated]
    return len(escalated) / len(concerns), sum(alarms) / len(alarms), sum(routed) / max(len(routed), 1)


# Six sets of staff-style messages (concerns often one sentence of a practical question, and hard ordinary
# ones), each written without sight of the others, the training examples or the eval splits. Set a chose the
# thresholds, set b showed the training gap that the 'one sentence alone could mislead' examples fill, set c
# was kept back to check the result, set d was written after every change. Measured before/after adding
# per-sentence scoring and those examples (recall/alarms):
#   a 0.750/0.056 -> 0.894/0.031, b 0.773/0.080 -> 0.940/0.107, c 0.880/0.087 -> 0.960/0.107,
#   d 0.753/0.127 -> 0.913/0.127
# Routing (the child block or the adult block, as labelled) of the escalated concerns, before/after the kind
# was decided with words as well as vectors, and by the learned kinds where the word lists name both (chosen
# on a-d, checked on e and f): a .82/.87, b .85/.89, c .87/.91, d .79/.88, e .90/.94, f .83/.86.
# Sets e and f were written together, later. The word classifier's share and the new thresholds were chosen
# on a and b, checked on c, d and then e, with f kept back. Before/after the word classifier:
#   a 0.894/0.031 -> 0.919/0.019, b 0.940/0.107 -> 0.993/0.120, c 0.960/0.107 -> 0.973/0.120,
#   d 0.913/0.127 -> 0.953/0.127, e 0.820/0.053 -> 0.900/0.073, f 0.887/0.080 -> 0.947/0.087
@pytest.mark.integration
@pytest.mark.parametrize("name,min_recall,max_alarms,min_routed", [
    ("concern_messages_a.yaml", 0.90, 0.04, 0.85),
    ("concern_messages_b.yaml", 0.97, 0.14, 0.87),
    ("concern_messages_c.yaml", 0.95, 0.14, 0.89),
    ("concern_messages_d.yaml", 0.93, 0.15, 0.86),
    ("concern_messages_e.yaml", 0.88, 0.10, 0.92),
    ("concern_messages_f.yaml", 0.92, 0.11, 0.84),
])
def test_the_pipeline_escalates_concerns_written_apart_from_its_examples(real_engine, name, min_recall, max_alarms,
                                                                         min_routed):
    recall, alarms, routed = _escalation_rates(real_engine, _messages(name))
    assert recall >= min_recall and alarms <= max_alarms and routed >= min_routed, (recall, alarms, routed)


@pytest.mark.integration
def test_a_follow_up_to_a_concern_still_escalates(real_engine):
    """'ok so what do I do now?' after a concern: the previous turn is scored too, and a previous turn that
    asked about rules or a lesson is not read as a disclosure. Before both: recall 0.88, false alarms 0.17
    on set c; measured 0.96 / 0.12, and 0.973 / 0.133 with the word classifier."""
    recall, alarms, _ = _escalation_rates(real_engine, _messages("concern_messages_c.yaml"), "ok so what do I do now?")
    assert recall >= 0.94 and alarms <= 0.15, (recall, alarms)
