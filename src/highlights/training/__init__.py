"""Training: everything ``make train`` runs, and nothing the pipeline imports at run time.

One module per model, each a ``python -m`` entry point that writes one folder of
``highlights.models`` with its manifest:

    idf.py         the IDF table (models/idf)                  from the CNN/DailyMail training articles
    ranker.py      the learned selector (models/ranker)        needs idf; distil.py builds its embedding table
    compressor.py  the deletion model (models/compress)        needs idf and ranker (it learns on its highlights)
    verifier.py    the verifier's score (models/verifier)      from FRANK's human judgments
    judge.py       the learned judge (models/judge)            claims made true and false from training articles

Every trainer is seeded and deterministic: the same data give byte-identical folders (the judge: the same
on one machine and torch build; its float arithmetic is not bit-stable across CPUs). They need the ``train``
extra (LightGBM, the MiniLM package, safetensors, scipy, scikit-learn), the ``eval`` extra (ROUGE), and for
the judge torch and transformers (which the MiniLM package brings).
"""
