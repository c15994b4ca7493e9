"""Stage 4, answer: verdict, verified quotes, steps and escalation composed into one structured Answer."""

from .composer import Library, compose
from .generate import Phraser, make_phraser, rephrase

__all__ = ["Library", "Phraser", "compose", "make_phraser", "rephrase"]
