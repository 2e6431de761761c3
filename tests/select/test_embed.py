"""Static wordpiece embeddings: BERT's uncased wordpieces, sentence vectors and their features."""
from __future__ import annotations

import numpy as np
import pytest

from highlights.select.embed import (
    EMBEDDING_FEATURES,
    Embedder,
    WordPieces,
    _walk,
    basic_words,
    embedding_features,
    pagerank,
    rank01,
)
from highlights.select.ranker import load_model

TOY = ["[PAD]", "[UNK]", "un", "##aff", "##able", "the", "play", "##ing", "!", "(", ")", '"', "cafe", "'", "s"]


@pytest.mark.parametrize("word, expected", [
    ("Hello", ["hello"]),
    ("don't", ["don", "'", "t"]),
    ("Café", ["cafe"]),  # accents stripped, as the uncased model was trained
    ("(U.S.)", ["(", "u", ".", "s", ".", ")"]),
    ("$1,000", ["$", "1", ",", "000"]),
    ("北京", ["北", "京"]),  # CJK characters stand alone
    ("a\x00b", ["ab"]),  # control characters dropped
])
def test_basic_words_lowercase_strip_accents_and_split_punctuation(word, expected):
    assert basic_words(word) == expected


def test_the_ascii_shortcut_splits_as_the_character_walk_does():
    for code in range(33, 127):  # every printable ASCII character, alone, inside a word and doubled
        for word in (chr(code), f"Ab{chr(code)}cd", f"{chr(code) * 2}X9"):
            assert basic_words(word) == _walk(word), word


def test_wordpieces_take_the_longest_match_first():
    pieces = WordPieces(TOY)
    assert pieces("unaffable") == [2, 3, 4]
    assert pieces("The playing!") == [5, 6, 7, 8]


def test_a_word_without_a_full_cover_is_one_unknown_piece():
    pieces = WordPieces(TOY)
    assert pieces("unaffablex") == [1]  # "##x" is not in the vocabulary: the whole word is [UNK]
    assert pieces("q" * 101) == [1]  # longer than BERT's 100 characters


def test_ptb_brackets_and_quotes_read_as_the_characters_they_stand_for():
    pieces = WordPieces(TOY)
    assert pieces("-lrb- cafe -rrb- `` the ''") == pieces('( Café ) " the "') == [9, 12, 10, 11, 5, 11]
    assert pieces("cafe 's") == [12, 13, 14]


def test_hostile_text_gives_ids_not_errors():
    pieces = WordPieces(TOY)
    assert pieces("") == [] and pieces("   \n\t ") == []
    assert all(0 <= i < len(TOY) for i in pieces("\ufffd\u200b 🙂 " + "x" * 10_000))


def test_sentence_vectors_are_unit_sums_of_piece_rows():
    table = np.zeros((len(TOY), 3), dtype=np.float16)
    table[5] = [1, 0, 0]  # the
    table[6] = [0, 3, 0]  # play
    table[7] = [0, 0, 4]  # ##ing
    vectors = Embedder(WordPieces(TOY), table)(["the", "playing", "", "!"])
    assert np.allclose(vectors[0], [1, 0, 0])
    assert np.allclose(vectors[1], [0, 0.6, 0.8])
    assert np.allclose(vectors[2], 0) and np.allclose(vectors[3], 0)  # no pieces / a zero row: zeros, no NaN


def test_an_embedder_refuses_a_table_of_the_wrong_size():
    with pytest.raises(ValueError, match="rows"):
        Embedder(WordPieces(TOY), np.zeros((3, 2)))


def test_rank01_and_pagerank_on_hand_checked_cases():
    assert list(rank01(np.array([0.2, 0.9, 0.5]))) == [1.0, 0.0, 0.5]
    assert list(rank01(np.array([7.0]))) == [0.0]
    equal = np.ones((4, 4))
    assert np.allclose(pagerank(equal), 1.0)  # a complete graph: everyone equally central
    star = np.eye(4)
    star[0, 1:] = star[1:, 0] = 1.0
    r = pagerank(star)
    assert r[0] > r[1] == pytest.approx(r[2]) == pytest.approx(r[3])


def test_embedding_features_of_a_hand_made_document():
    # sentences 0 and 1 say the same thing; sentence 2 is off topic
    v = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    f = embedding_features(v, None)
    col = EMBEDDING_FEATURES.index
    assert f.shape == (3, len(EMBEDDING_FEATURES))
    assert f[0, col("e_cos_centroid")] == pytest.approx(2 / np.sqrt(5))
    assert f[2, col("e_cos_first")] == 0.0 and f[1, col("e_cos_first")] == pytest.approx(1.0)
    assert list(f[:, col("e_max_sim")]) == [1.0, 1.0, 0.0]
    assert f[2, col("e_rank_centroid")] == 1.0  # the least central
    assert np.all(f[:, col("e_dir"):] == 0)  # no directions yet
    directions = {"sentence": (np.array([0.0, 1.0], dtype=np.float32), 0.5),
                  "sentence_x_doc": (np.array([1.0, 0.0], dtype=np.float32), 0.0)}
    g = embedding_features(v, directions)
    assert list(g[:, col("e_dir")]) == [0.5, 0.5, 1.5] and g[2, col("e_dir_rank")] == 0.0
    assert embedding_features(v[:1], directions).shape == (1, len(EMBEDDING_FEATURES))
    assert embedding_features(np.zeros((0, 2), dtype=np.float32), directions).shape == (0, len(EMBEDDING_FEATURES))


def test_the_shipped_table_puts_related_words_near_each_other():
    embed = load_model().embedder
    king, queen, banana, storm, flood = embed(["king", "queen", "banana", "storm", "flood"])
    assert king @ queen > king @ banana
    assert storm @ flood > storm @ banana
    rain = embed(["Heavy rain flooded the town on Monday.", "heavy rain flooded the town on monday ."])
    assert rain[0] @ rain[1] > 0.99  # cased prose and the tokenized form read alike
