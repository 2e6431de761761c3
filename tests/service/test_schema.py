"""Schemathesis: requests generated from the OpenAPI spec, valid and invalid, never get a server error.

Every check schemathesis has runs (status codes, content types and bodies as documented, invalid
data refused, valid data accepted), with one exception the spec cannot express: a valid string may
still hold no story (an `html` page without article text, a `text` without one sentence that can
stand alone as a highlight, a text in another language, a `url` that names no page to fetch), and is then
refused with 422 and one of the content errors; any other refusal of valid data fails.
"""
from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
import tempfile  # noqa: E402

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

from highlights import Settings  # noqa: E402
from highlights.service import ServiceSettings  # noqa: E402
from highlights.service.app import create_app  # noqa: E402

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(Settings(), ServiceSettings(
    db=str(tempfile.mkdtemp(prefix="highlights-schema-")) + "/stories.db", follow_every=0)))  # (no feed fetched)


CONTENT_REFUSALS = {"empty_input", "unsupported_language", "fetch_failed"}  # fetch_failed: a `url` no page is at


@schema.parametrize()
@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_spec(case):
    response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
    assert response.status_code < 500
    meta = case.meta
    if meta is not None and meta.generation.mode == "positive" and response.status_code == 422:
        # valid data refused: only for what its content holds, never for its form
        assert response.json()["error"] in CONTENT_REFUSALS, response.json()


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_path_answers_400_examples_without_a_server_error(case):
    """The fuzz pass of the slow tier: four times the examples over every path, none answered 5xx but the
    refusals the spec documents (503: the queue or a worker; never 500)."""
    response = case.call()
    assert response.status_code != 500, (case.path, response.text[:300])
    assert response.status_code < 500 or response.json()["error"] in {"overloaded", "timeout", "worker_died",
                                                                      "unavailable", "store_unavailable"}
