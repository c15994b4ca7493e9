"""Stage 1, corpus: documents, their manifest and annotations, parsed into citable clauses."""

from .load import ANNOTATIONS, DOC_ID, PARSERS, Corpus, content_hash, load_corpus
from .parse_numbered import ParsedDocument, parse_numbered

__all__ = ["ANNOTATIONS", "DOC_ID", "PARSERS", "Corpus", "ParsedDocument", "content_hash", "load_corpus",
           "parse_numbered"]
