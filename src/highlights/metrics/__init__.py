"""Measures shared by training and evaluation: ROUGE with the paper-compatible protocol, and the
greedy ROUGE oracle. Both ``highlights.training`` and ``highlights.evaluate`` import from here, never
from each other."""
from .oracle import Oracle
from .rouge import ROUGE_TYPES, Rouge, Scores, as_lines, summary_lines

__all__ = ["Oracle", "Rouge", "Scores", "ROUGE_TYPES", "as_lines", "summary_lines"]
