#!/usr/bin/env bash
# Every output a refactor must leave byte-identical: the dev set, the cased dev set, the real pages and the
# seed through `highlights summarize --format json` (ranker, compression, verification and the figures that
# disagree: the defaults), and the dev set with `--method lead`. Run it before and after a change and diff:
#   bench/same_outputs.sh /tmp/before        # on the old commit (or PYTHONPATH=old/src)
#   bench/same_outputs.sh /tmp/after
#   diff -r /tmp/before /tmp/after && echo identical
set -euo pipefail
out=${1:?usage: bench/same_outputs.sh OUT_DIR}
data=${HIGHLIGHTS_SHARED_DATA:-../shared/data}
py=${PYTHON:-.venv/bin/python}
mkdir -p "$out"
run() { local name=$1; shift; "$py" -m highlights summarize "$@" --format json --no-progress > "$out/$name.jsonl" 2> "$out/$name.err" || true; }
run dev "$data/cnndm/articles.dev.jsonl.gz"
run dev_cased "$data/cnndm/original_text.dev.jsonl.gz"
run dev_lead "$data/cnndm/articles.dev.jsonl.gz" --method lead
run pages "$data/pages/pages.jsonl.gz" --text-field html -n 4
run seed "$data/seed"
