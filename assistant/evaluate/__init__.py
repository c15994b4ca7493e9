"""On top of the pipeline, evaluate: scenario files, pure metric functions, runs and their HTML report."""

from .metrics import cites, confusion, hit_rank, percentile, summarise
from .report import bar_chart, html_report
from .run import evaluate, passed, run_scenario
from .scenarios import Scenario, load_scenarios, parse_scenarios

__all__ = ["Scenario", "bar_chart", "cites", "confusion", "evaluate", "hit_rank", "html_report", "load_scenarios",
           "parse_scenarios", "passed", "percentile", "run_scenario", "summarise"]
