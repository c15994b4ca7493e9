"""Beside the pipeline, safeguarding: concern detection (word lists and the learned concern model) and
instructions written into a question."""

from .concern_model import ConcernModel, train_concern
from .detection import Concern, concern_pieces, detect, parts, wording, worth_a_reminder
from .injection import neutralise

__all__ = ["Concern", "ConcernModel", "concern_pieces", "detect", "neutralise", "parts", "train_concern", "wording",
           "worth_a_reminder"]
