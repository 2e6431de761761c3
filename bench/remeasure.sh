#!/usr/bin/env bash
# Re-measure every figure in BENCHMARKS.md, in the order the sections appear (about an hour on 2 cores).
#   bash bench/remeasure.sh            # everything
#   bash bench/remeasure.sh quality    # one part: quality, speed, gate, load, faithfulness, ranker, compression, pages
set -euo pipefail
cd "$(dirname "$0")/.."
H=.venv/bin/highlights
P=.venv/bin/python
D=../shared/data
part=${1:-all}
want() { [ "$part" = all ] || [ "$part" = "$1" ]; }

if want quality; then
  $H eval rouge --data $D/cnndm/articles.dev.jsonl.gz --method lead,ranker,centrality,oracle,sumy-lexrank,sumy-textrank \
      --systems $D/cnndm/systems.dev.jsonl.gz --out bench/results/dev.json --report bench/results/dev
  $H eval rouge --data $D/cnndm/original_text.dev.jsonl.gz --method lead,ranker,centrality,oracle \
      --systems $D/cnndm/systems.dev.jsonl.gz --out bench/results/original_text.dev.json
fi
if want speed; then
  $P bench/speed.py --repeat 5 --json bench/results/speed.json
fi
if want gate; then
  $P bench/update_baseline.py --check
fi
if want load; then
  $P bench/load.py
  $P bench/load.py --method ranker --workers 2 --requests 5000 --json bench/results/service/load.ranker.w2.json
  $P bench/hostile.py --json bench/results/service/hostile.json
fi
if want faithfulness; then
  $P -m highlights.training.verifier --check --json bench/results/faithfulness/fit.json
  for set in frank_cnndm:frank summeval:summeval qags_cnndm:qags; do
    $H eval faithfulness --data $D/faithfulness/${set%%:*}.dev.jsonl.gz --out bench/results/faithfulness/${set##*:}.dev.json
  done
  $P bench/verify_lead.py
fi
if want ranker; then
  $P bench/ranker_speed.py --cli-args="--no-compress --no-verify" --repeat 2 --json bench/results/ranker_speed.json
fi
if want compression; then
  for r in 0.75 0.8 0.85 0.9; do
    HIGHLIGHTS_COMPRESS_RATE=$r $H eval rouge --data $D/cnndm/articles.dev.jsonl.gz \
        --method ranker,ranker+compress -n 3 --workers 2 --out bench/results/compression/rouge.dev.r$r.json
  done
  $H eval rouge --data $D/cnndm/original_text.dev.jsonl.gz \
      --method ranker,ranker+compress --workers 2 --out bench/results/compression/rouge.original_text.dev.json
  $P bench/compression.py --method ranker --json bench/results/compression/verified.dev.json
  $H eval compression --data $D/compression/google.jsonl.gz --split dev --out bench/results/compression/google.dev.json
  $H eval compression --data $D/compression/google.jsonl.gz --split dev --check \
      --out bench/results/compression/google.dev.checked.json
  for cl in broadcast written; do
    $H eval compression --data $D/compression/clarke_lapata_$cl.jsonl.gz --out bench/results/compression/clarke_lapata_$cl.json
    $H eval compression --data $D/compression/clarke_lapata_$cl.jsonl.gz --check \
        --out bench/results/compression/clarke_lapata_$cl.checked.json
  done
  $H eval compression --data $D/compression/google_meaning_errors.jsonl.gz \
      --out bench/results/compression/meaning_errors.json
  $H eval compression --data bench/data/page_deletions.jsonl --out bench/results/compression/page_deletions.json
  $P bench/compress_speed.py --json bench/results/compression/speed.json
  $P bench/throughput.py --json bench/results/compression/throughput.json
fi
if want pages; then
  $H eval pages --data $D/pages/pages.jsonl.gz --out bench/results/pages/pages.json
fi
