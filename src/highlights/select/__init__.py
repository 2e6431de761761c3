"""Summarizers: choose which sentences become highlights. See ``registry.SUMMARIZERS``."""
from .base import Summarizer
from .registry import DESCRIPTIONS, SUMMARIZERS, get

__all__ = ["Summarizer", "SUMMARIZERS", "DESCRIPTIONS", "get"]
