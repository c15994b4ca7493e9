"""The numpy encoder gives sentence-transformers' vectors and rankings, and `ask` never imports torch."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from conftest import REAL_CORPUS

from assistant.engine import Engine, with_context
from assistant.evaluate.scenarios import load_scenarios
from assistant.index.embedders import SentenceTransformerEmbedder
from assistant.index.light_encoder import LightMiniLMEmbedder

pytestmark = pytest.mark.integration

TEXTS = {
    "short": "Can I accept a friend request from a pupil?",
    "one word": "hi",
    "empty": "",
    "blank": "   \n\t ",
    "punctuation only": "?!...",
    "unicode": "Café naïve résumé: “quotes” – dashes — ✓ 日本語 😀 Ärger",
    "slang and typos": "is it ok to post pics from the Year 8 trip on my insta? she's harmless lol accpet",
    "longer than max_seq_length": "Colleagues must not post photographs of pupils under any circumstances. " * 40,
    "many words": " ".join(f"word{n}" for n in range(600)),
    "html": "<script>alert('x')</script> **bold** `code`",
}


@pytest.fixture(scope="module")
def reference():
    return SentenceTransformerEmbedder()


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_same_vector_as_sentence_transformers_alone(reference, name):
    light = LightMiniLMEmbedder().embed([TEXTS[name]])[0]
    assert float(np.dot(light, reference.embed([TEXTS[name]])[0])) >= 0.9999
    assert light.dtype == np.float32 and abs(float(np.linalg.norm(light)) - 1) < 1e-5


def test_same_vectors_in_a_padded_batch(reference):
    texts = list(TEXTS.values())
    light = LightMiniLMEmbedder(batch_size=4).embed(texts)
    cosines = np.sum(light * reference.embed(texts), axis=1)
    assert cosines.min() >= 0.9999, dict(zip(TEXTS, cosines.round(6).tolist(), strict=True))


def test_identity_matches_so_indexes_are_shared(reference):
    light = LightMiniLMEmbedder()
    assert (light.name, light.dimension) == (reference.name, reference.dimension)


def test_rankings_and_answers_identical_on_dev_scenarios(real_engine, reference):
    assert isinstance(real_engine.embedder, LightMiniLMEmbedder)
    torch_engine = Engine(real_engine.settings, real_engine.corpus, real_engine.index, reference)
    scenarios = load_scenarios(REAL_CORPUS.parent / "eval/scenarios/dev.yaml", set(real_engine.clauses),
                               real_engine.corpus.renames)
    for s in scenarios:
        query = with_context(s.question, s.history)
        light = [h.clause.id for h in real_engine.search(query, audience=s.audience, k=10)]
        torch = [h.clause.id for h in torch_engine.search(query, audience=s.audience, k=10)]
        assert light == torch, s.id
        a, b = real_engine.ask(s.question, s.audience, s.history), torch_engine.ask(s.question, s.audience, s.history)
        assert (a.verdict, [c.id for c in a.citations]) == (b.verdict, [c.id for c in b.citations]), s.id


def test_ask_in_a_fresh_process_imports_no_torch(real_engine):
    code = (
        "import sys\n"
        "from assistant.cli import cli\n"
        "try:\n"
        f"    cli(['--index-dir', {str(real_engine.settings.index_dir)!r}, 'ask', 'Can I post photos?', '--json'])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "heavy = {'torch', 'sentence_transformers', 'transformers', 'llama_index', 'gradio'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    answer, loaded = done.stdout.rsplit("\n[", 1)
    assert json.loads(answer)["citations"]
    assert loaded.strip() == "]", f"heavy modules imported at query time: [{loaded}"


def test_a_few_short_texts_packed_in_one_row_get_the_vectors_they_get_alone(reference):
    """Sentences of a question are packed into one row (restarting positions, block-diagonal attention)."""
    light = LightMiniLMEmbedder()
    pieces = ["Can I reply to her on Insta?", "She said her mum's boyfriend hit her",
              "I don't want to make it worse", "hi", "Café naïve ✓ 😀"]
    packed = light.embed(pieces)
    alone = np.vstack([light.embed([p]) for p in pieces])
    assert np.abs(packed - alone).max() < 1e-5
    assert np.abs(packed - reference.embed(pieces)).max() < 1e-4
