"""Evaluation: the paper-exact ROUGE protocol, the oracle, peers and published systems side by side.

``evaluate(data, methods=...)`` runs and scores methods on a JSONL corpus (see ``harness``);
``report`` turns the result into JSON, Markdown and plots. Scoring needs the ``eval`` extra
(``pip install 'highlights[eval]'``); the sumy peers need the ``bench`` extra.
"""
from ..metrics.oracle import Oracle
from ..metrics.rouge import ROUGE_TYPES, Rouge, Scores
from .harness import Evaluation, Result, evaluate, method_names

__all__ = ["evaluate", "Evaluation", "Result", "method_names", "Oracle", "Rouge", "Scores", "ROUGE_TYPES"]
