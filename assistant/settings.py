"""The one settings object, built once at the edge (CLI or app) and passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _flag(value: str) -> bool:
    """1/0, true/false, yes/no, on/off."""
    low = value.strip().lower()
    if low not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
        raise ValueError(value)
    return low in ("1", "true", "yes", "on")


def _names(value: str) -> tuple[str, ...]:
    """A comma-separated list, e.g. POLICY_ASSISTANT_TRUSTED_PROXIES=127.0.0.1,::1."""
    return tuple(part.strip() for part in value.split(",") if part.strip())


# Environment variable -> (settings field, conversion).
ENVIRONMENT = {
    "POLICY_ASSISTANT_CORPUS": ("corpus_dir", Path),
    "POLICY_ASSISTANT_INDEX": ("index_dir", Path),
    "POLICY_ASSISTANT_EMBEDDER": ("embedder", str),
    "POLICY_ASSISTANT_INDEX_EMBEDDER": ("index_embedder", str),
    "POLICY_ASSISTANT_SCHOOL": ("school_file", Path),
    "POLICY_ASSISTANT_LLM_URL": ("llm_url", str),
    "POLICY_ASSISTANT_LLM_MODEL": ("llm_model", str),
    "POLICY_ASSISTANT_LLM_API_KEY": ("llm_api_key", str),
    "POLICY_ASSISTANT_LLM_TIMEOUT": ("llm_timeout", float),
    "POLICY_ASSISTANT_DATA": ("data_dir", Path),
    "POLICY_ASSISTANT_FAQ": ("faq_file", Path),
    "POLICY_ASSISTANT_EVAL": ("eval_dir", Path),
    "POLICY_ASSISTANT_SCENARIOS": ("scenarios_dir", Path),
    "POLICY_ASSISTANT_FEEDBACK_DAYS": ("feedback_days", int),
    "POLICY_ASSISTANT_TRUSTED_PROXIES": ("trusted_proxies", _names),
    "POLICY_ASSISTANT_ALLOWED_ORIGINS": ("allowed_origins", _names),
    "POLICY_ASSISTANT_WORKERS": ("web_workers", int),
    "POLICY_ASSISTANT_EXAMPLE_DISCOUNT": ("example_discount", float),
    "POLICY_ASSISTANT_OWN_BOOST": ("own_boost", float),
    "POLICY_ASSISTANT_FACET_WEIGHT": ("facet_weight", float),
    "POLICY_ASSISTANT_UNANNOTATED_BOOST": ("unannotated_boost", float),
    "POLICY_ASSISTANT_RULE_QUESTIONS": ("rule_questions", _flag),
    "HOST": ("host", str),
    "PORT": ("port", int),
}


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    index_dir: Path = PROJECT_ROOT / "index"
    # scenario files whose clause ids a replacing ingest or setup-school rewrites to the new numbering
    scenarios_dir: Path = PROJECT_ROOT / "eval" / "scenarios"
    embedder: str = "minilm"
    school_file: Path = PROJECT_ROOT / "config" / "school.yaml"  # the school's contacts
    # Builds the index when it makes the same vectors as `embedder` (embedder.index_builder): sentence-transformers
    # embeds the 707 index rows faster than the numpy encoder (benchmarks/RESULTS.md); queries never import it.
    index_embedder: str = "minilm-torch"
    # retrieval
    candidates: int = 30  # taken from each retriever before fusion
    fusion: str = "convex"  # "convex" (cosine + weight * scaled BM25) or "rrf"; see retrieve.py
    rrf_k: int = 60  # reciprocal rank fusion constant (Cormack et al. 2009), used when fusion="rrf"
    lexical_weight: float = 0.25  # weight of BM25 in the fusion (dense has weight 1); tuned on dev
    max_citations: int = 3
    # Two retrieval changes for documents nobody annotated, measured and not on by default (README, "Real
    # messages"): index questions made from each clause's own rule (corpus/questions.py), and rank the
    # hand-written example rows this much below a clause's own rows (retrieve.hybrid._discounted). Together
    # (True, 0.1) they lift leave-out-policy hit@1 on the policy questions (dev 0.12 -> 0.21, test 0.09 -> 0.28)
    # but cost one test verdict (0.74 -> 0.73, below the gate's floor).
    rule_questions: bool = False
    example_discount: float = 0.0
    # Added to the fused score of the school's own documents (authority 'school policy'): staff ask about their
    # school's rules first. Chosen on dev, real-dev and their leave-out runs (hit@1 at 0 / 0.1 / 0.2: dev 0.859 /
    # 0.872 / 0.872, dev leave-out 0.487 / 0.526 / 0.539, real-dev 0.618 at each; real-dev hit@3 fell at 0.2).
    own_boost: float = 0.1
    # ... and this much when the policy has no example questions (a school's own policy as set up, or `eval
    # --leave-out policy`): the guidance's example questions otherwise pull every query away from it. Chosen on
    # the dev and real-dev leave-out runs with facet_weight 0.2 (dev / real-dev hit@1 at 0.1 / 0.3 / 0.4 / 0.5:
    # see README, "Documents nobody annotated").
    unannotated_boost: float = 0.4
    # Added to the fused score: this times the share of a clause's facets (acts and people, retrieve/facets.py)
    # the message names.
    facet_weight: float = 0.2
    # Below this cosine similarity between the question and the best clause, the answer is not_covered.
    min_evidence: float = 0.40  # tuned on the dev split (eval/tune.py)
    # ... or when an out-of-scope example is closer to the question than the best clause by this much.
    off_topic_margin: float = -0.05  # negative: an out-of-scope topic within 0.05 of the best clause wins
    # Further citations must come within this cosine of the first one to be shown at all.
    citation_margin: float = 0.2  # dev: 0.2 and 0.25 score the same; 0.2 shows fewer loosely related clauses
    # The learned concern detector escalates when the whole message reaches concern_threshold, or one of its
    # sentences reaches concern_part_threshold (assistant/concern_model.py). Chosen on two labelled message
    # sets written apart from the training examples, checked on three more (see that module).
    concern_threshold: float = 0.55
    concern_part_threshold: float = 0.70
    # Below those, from these up, the answer carries a one-line reminder to take a worry to the DSL.
    reminder_threshold: float = 0.45
    reminder_part_threshold: float = 0.55
    max_question_chars: int = 2000
    # The learned detector scores at most this many sentences of a message (the most worrying by their words,
    # retrieve.select_pieces): a 2,000-character message then costs about what a few short ones do.
    max_concern_pieces: int = 16
    # An escalated answer cites the procedure for its kind of concern first when the message's cosine to it is
    # within this much of the best-matching rule's, else second (composer.compose; second too when retrieval did
    # not find the procedure). Chosen on dev and real-dev hit@1: never first 0.833 / 0.551, within 0.05 0.872 /
    # 0.618, 0.1 0.859 / 0.618, 0.2 0.821 / 0.652, always 0.808 / 0.607; dev verdicts 0.778 -> 0.767 at 0.1.
    procedure_margin: float = 0.1
    # The dense query of a long message: its asking sentences and, in order, as many others as fit in this many
    # words (about 128 tokens; the longest evaluation question has 92 words, so no figure depends on it).
    max_query_words: int = 96
    # optional generated wording (assistant/generate.py): off unless llm_url is set
    llm_url: str = ""  # an OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 (llama.cpp, Ollama)
    llm_model: str = "local"
    llm_api_key: str = ""
    llm_timeout: float = 20.0  # seconds; on timeout the extractive answer is shown
    # web app
    host: str = "127.0.0.1"
    port: int = 7860
    data_dir: Path = PROJECT_ROOT / "data"  # users file, session secret, feedback database (git-ignored)
    faq_file: Path = PROJECT_ROOT / "config" / "faq.yaml"  # the parents' FAQ questions, by topic
    eval_dir: Path = PROJECT_ROOT / "eval"  # scenario files the workshop offers
    feedback_days: int = 30  # feedback (which may name pupils) is deleted after this many days
    login_max_failures: int = 5  # failed sign-ins per user name or address before a pause ...
    login_pause_seconds: float = 300.0  # ... of this long
    # Addresses of reverse proxies whose X-Forwarded-For / -Proto headers are believed; none by default, so a
    # client cannot pick its own address. Behind Caddy or nginx on the same machine: "127.0.0.1".
    trusted_proxies: tuple[str, ...] = ()
    # Origins besides the Host header's own that may post to the app (e.g. "https://policy.school.example").
    allowed_origins: tuple[str, ...] = ()
    # Questions the public FAQ answers per address in a sliding window: one busy address cannot starve staff.
    public_rate_limit: int = 20
    public_rate_seconds: float = 10.0
    # Staff questions answered at once (Gradio's queue; its default of 1 made every staff user wait in line). On
    # two cores, 10 + 10 clients for 15 s (benchmarks/load.py): 2 workers 19-24 answers/s, 3 workers 27, 4 workers
    # 18, 8 workers 19: more threads than cores + 1 only fight over the interpreter.
    web_workers: int = 3
    max_upload_bytes: int = 1 << 20  # the workshop's scenario files; the staff chat takes no uploads at all

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        """Defaults, then POLICY_ASSISTANT_* / HOST / PORT environment variables, then explicit overrides."""
        values = {}
        for name, (field, kind) in ENVIRONMENT.items():
            raw = os.environ.get(name)
            if not raw:
                continue
            try:
                values[field] = kind(raw)
            except ValueError:
                expected = {int: "a whole number", float: "a number"}.get(kind, "a valid value")
                raise ConfigError(f"environment variable {name}={raw!r} is not {expected}") from None
        if values.get("port") is not None and not 0 < values["port"] < 65536:
            raise ConfigError(f"environment variable PORT={values['port']} is not a port number (1-65535)")
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)
