"""The vocabulary: one set of word lists and tokenizers for every stage."""
import pytest

from highlights import words


def test_every_list_loads_lowercase_without_comments_or_blanks():
    for name in words.LISTS:
        entries = words.load_list(name)
        assert entries, name
        # a phrase ("syrian observatory") is words with one space between them
        assert all(w == w.lower() and w == " ".join(w.split()) and not w.startswith("#") for w in entries), name


def test_every_map_gives_each_entry_a_value():
    for name in words.MAPS:
        pairs = words.load_map(name)
        assert pairs and all(k and v and k == k.lower() and "=" not in k + v for k, v in pairs.items()), name
    assert words.load_map("figures_hedges")["up to"] == "at most"
    assert words.load_map("figures_events")["fleeing"] == "fled"
    assert words.load_map("figures_counts")["killed"] == "the dead"


def test_an_unknown_map_is_refused():
    with pytest.raises(ValueError, match="unknown word map"):
        words.load_map("figures_swear")


def test_the_module_constants_are_the_files():
    assert words.STOP == words.load_list("stop") and words.HEDGE == words.load_list("hedge")
    assert {"not", "n't", "nt", "never"} <= words.NEGATION
    assert {"said", "according", "told"} <= words.ATTRIBUTION
    assert {"may", "might", "allegedly"} - words.HEDGE == {"allegedly"}  # "allegedly" is attribution
    assert "may" not in words.MONTHS  # mostly the verb


def test_negation_and_contrast_are_stop_words_but_never_content():
    # the verifier and the selector read content words as "not in STOP": negations must not count
    assert {"not", "no", "nor", "nt"} <= words.STOP


def test_an_unknown_list_is_refused():
    with pytest.raises(ValueError, match="unknown word list"):
        words.load_list("swear")


def test_fingerprints_are_of_the_entries_not_the_file_layout():
    a = words.fingerprint("stop", "negation")
    assert list(a) == ["negation", "stop"] and all(len(h) == 64 for h in a.values())
    assert a == words.fingerprint("negation", "stop")
    assert a["stop"] != a["negation"]


def test_tokens_are_the_same_for_cased_prose_and_ptb_text():
    assert words.tokens("Lobo's car (U.S.) -- \"burnt\"") == words.tokens("lobo 's car -lrb- u.s. -rrb- -- `` burnt ''")
    assert words.tokens("") == [] and words.tokens("?!...") == []


def test_spans_point_at_the_characters():
    text = "About 4,000 fled; 9.2 meters."
    assert [(w, text[s:e]) for w, s, e in words.spans(text)] == [
        ("About", "About"), ("4,000", "4,000"), ("fled", "fled"), ("9.2", "9.2"), ("meters", "meters")]
    assert words.words(text) == ["about", "4000", "fled", "9.2", "meters"]


def test_word_count_counts_as_a_reader_does():
    assert words.word_count("Lobo's car didn't start.") == 4
    assert words.word_count("") == 0


def test_normalize_keeps_the_length():
    text = "It\u2019s \u201cfine\u201d \u2013 ok\u00a0now"
    assert len(words.normalize(text)) == len(text)
