# `make run` and `make test` set everything up on a fresh machine and are quick when already set up.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SAMPLE := samples/flood.txt

.PHONY: run test setup clean train

run: $(STAMP)
	$(VENV)/bin/highlights summarize $(SAMPLE)

test: $(STAMP)
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)  # browser tests
	HF_HUB_OFFLINE=1 $(PY) -m pytest

setup: $(STAMP)

# Retrain the ranker selector and the compression model from ../shared/data/cnndm/*.train.jsonl.gz
# into src/highlights/models/ (seeded and deterministic; a few minutes on 2 cores).
train: $(STAMP)
	$(PY) -m highlights.select.train
	$(PY) -m highlights.compress_train

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when the dependency list changes.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test,eval,bench,service,service-test,train]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
