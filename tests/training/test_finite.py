"""The finite-verb lists' trainer counts forms alone and after each kind of word, as the runtime reads them."""
from highlights.training import finite


def test_count_tells_a_finite_form_after_a_pronoun_from_a_participle_after_an_auxiliary():
    seen, is_finite, seen_after, finite_after = finite.count(
        ["They killed two soldiers on Monday.", "Two soldiers were killed on Monday."])
    assert seen["killed"] == 2 and is_finite["killed"] == 1
    assert (seen_after["pron", "killed"], finite_after["pron", "killed"]) == (1, 1)
    assert (seen_after["aux", "killed"], finite_after["aux", "killed"]) == (1, 0)


def test_a_contraction_is_finite_when_the_tagger_tags_a_piece_of_it_finite():
    _, _, seen_after, finite_after = finite.count(["He's at home and they couldn't come."])
    assert finite_after["^", "he's"] == 1 and finite_after["pron", "couldn't"] == 1


def test_mostly_keeps_forms_seen_enough_and_mostly_finite():
    from collections import Counter
    seen = Counter({"said": 10, "plans": 10, "fled": 2})
    fin = Counter({"said": 10, "plans": 3, "fled": 2})
    assert finite.mostly(seen, fin) == ["said"]  # "plans" mostly a noun, "fled" seen too seldom
