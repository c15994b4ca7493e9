"""Beside the pipeline, ingest: bring a new document into the corpus, with its clause diff and health check."""

from .plan import IngestPlan, commit_ingest, plan_ingest

__all__ = ["IngestPlan", "commit_ingest", "plan_ingest"]
