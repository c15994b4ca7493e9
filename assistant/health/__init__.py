"""Beside the pipeline, policy health: rules as data run over the school's own documents, and their reports."""

from .checks import check_corpus
from .report import render_html, render_text, summary_line
from .rules import SEVERITIES, Finding, Rule, counts, load_rules, report_dict

__all__ = ["SEVERITIES", "Finding", "Rule", "check_corpus", "counts", "load_rules", "render_html", "render_text",
           "report_dict", "summary_line"]
