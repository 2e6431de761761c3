"""The deletion check: each kind of change on a sentence whose parse is checked first."""
import pytest

from highlights.compress.safety import changes


@pytest.fixture(scope="module")
def parse():
    from highlights.nlp import load

    nlp = load()
    return lambda text: nlp(text)[:]


def kinds(sent, words):
    drop = [t.i for t in sent if t.text in words]
    return sorted({c.kind for c in changes(sent, drop)})


def test_a_figure_and_its_modifiers(parse):
    s = parse("Microsoft plans to cut its carbon emissions by more than half by 2030.")
    assert [t.dep_ for t in s if t.text in ("than", "half")] == ["quantmod", "pobj"]  # the parse the rule reads
    assert sorted({c.kind for c in changes(s, range(7, 11))}) == ["quantity"]  # "by more than half"


def test_the_of_phrase_a_noun_needs(parse):
    s = parse("Gov. Helen Marsh declared a state of emergency and said schools would close.")
    assert kinds(s, {"of", "emergency"}) == ["argument"]


def test_a_phrase_a_superlative_singles_out(parse):
    s = parse("Parasite was the first film to win the top prize of best cast ensemble in a foreign language.")
    assert kinds(s, {"in", "a", "foreign", "language"}) == ["restrictive"]


def test_negation_and_a_torn_tree(parse):
    s = parse("The mayor did not sign the treaty on Friday.")
    assert "negation" in kinds(s, {"not"})
    assert "orphan" in kinds(s, {"sign"})  # the verb goes, its subject and object stay


def test_a_harmless_cut_and_no_cut(parse):
    s = parse("About 4,000 residents were ordered from their homes on Saturday after days of rain.")
    assert kinds(s, {"on", "Saturday"}) == []
    assert changes(s, []) == []


def test_a_span_of_several_sentences_ends(parse):
    # each sentence has its own root: the walk up to "the" root must stop at any root
    s = parse("Rain fell. The first storm of the year hit the coast in the night.")
    assert isinstance(changes(s, [t.i for t in s if t.text in ("in", "the", "night")]), list)


def test_what_the_copula_says_of_its_subject(parse):
    s = parse("Voters in a state where he is not even on the ballot turned out.")
    assert "argument" in kinds(s, {"on", "the", "ballot"})


def test_a_name_a_modifier_that_changes_the_noun_and_a_listed_noun(parse):
    assert "name" in kinds(parse("The Gilmer City Council met on Tuesday."), {"Gilmer"})
    assert "restrictive" in kinds(parse("The former president spoke in Paris."), {"former"})
    s = parse("Police arrested the driver and his brother on Monday.")
    assert [t.text for t in s if t.dep_ == "conj"] == ["brother"]  # the parse the rule reads
    assert "restrictive" in kinds(s, {"and", "his", "brother"})


def test_the_learned_check_flags_a_cut_people_would_not_make(parse):
    from highlights.compress.safety import judge

    s = parse("Police closed the road on Monday.")
    keep = [0.99] * len(s)
    found = judge(s, [4, 5], keep)  # "on Monday", though the model says people keep it
    assert [c.kind for c in found] == ["unlikely"]
    assert judge(s, [4, 5], [0.1] * len(s)) == []


def test_where_a_caused_motion_puts_its_object_stays():
    from highlights.compress.safety import changes
    from highlights.nlp import tagged as parse

    (doc,) = parse(["Heavy rain pushed the Calder River over its banks on Saturday."])
    over = next(t.i for t in doc if t.text == "over")
    dropped = set(range(over, over + 3))  # "over its banks"
    assert any(c.kind == "argument" for c in changes(doc[:], dropped))


def test_the_word_that_makes_two_numbers_a_range_however_the_parse_attaches_it(parse):
    s = parse("Treating the victims of the Haiti earthquake Between 100,000 and 200,000 people may have died.")
    assert s[7].text == "Between" and s[7].head.text == "Treating"  # the torn parse the rule must not rely on
    assert "quantity" in kinds(s, {"Treating", "the", "victims", "of", "Haiti", "earthquake", "Between"})
    # between two names, not numbers: not a figure
    assert "quantity" not in kinds(parse("Talks between Israel and Hamas resumed on Monday in Geneva."),
                                   {"between", "Israel", "and", "Hamas"})
