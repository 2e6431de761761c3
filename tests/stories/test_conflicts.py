"""Figures that disagree: the seed's two estimates, and the cases that must not be flagged."""
from __future__ import annotations

import datetime as dt

from highlights import summarize
from highlights.model import Article
from highlights.read import read
from highlights.stories.conflicts import claims, conflicts

from ..conftest import SEED, needs_shared

D = dt.date(2016, 12, 12)  # a Monday


def flagged(*texts: str, day: dt.date = D) -> list[str]:
    found = []
    for i, text in enumerate(texts):
        found += claims(Article(id=f"a{i}", text=text, date=day))
    return [c.bullet() for c in conflicts(found)]


@needs_shared
def test_the_seed_gives_its_two_estimates_of_those_who_fled_with_their_sources():
    (article,) = list(read(str(SEED)))
    (conflict,) = conflicts(claims(article))
    assert conflict.bullet() == ("Estimates of those who fled differ: about 10,000 (civilians, Russian officials) "
                                 "vs about 20,000 (SANA)")
    values = conflict.to_dict()["values"]
    assert [(v["value"], v["attribution"], v["article"]) for v in values] == [
        (10000, "civilians, Russian officials", None), (20000, "SANA", None)]
    assert [article.text[v["start"]:v["end"]] for v in values] == ["An estimated 10,000", "around 20,000"]
    # the 100,000 still in the enclave count something else: not part of it
    (given,) = summarize(article).to_dict()["conflicts"]
    assert given == {**conflict.to_dict(), "verified": {"supported": True, "score": given["verified"]["score"],
                                                        "problems": []}}
    assert given["bullet"] == conflict.bullet()


def test_figures_from_two_sources_for_one_count_that_cannot_both_be_right():
    assert flagged("Air strikes on Aleppo killed 12 people on Sunday , the Observatory said . "
                   "Activists said 35 people were killed in the Aleppo strikes .") == [
        "Estimates of the dead differ: 12 (Observatory) vs 35 (Activists)"]


def test_what_must_not_be_flagged():
    # the same count, but ranges that meet ("at least 100" and 112)
    assert flagged("The toll in Aleppo reached at least 100 , the Observatory said . "
                   "Rescuers in Aleppo said 112 people were killed .") == []
    # different counts: the dead and the injured
    assert flagged("Strikes on Aleppo killed 12 people , the Observatory said . "
                   "Doctors in Aleppo said 40 people were injured .") == []
    # different days
    assert flagged("Strikes on Aleppo on Saturday killed 12 people , the Observatory said . "
                   "Strikes on Aleppo on Sunday killed 35 people , activists said .") == []
    # one source's two figures, and "another" count
    assert flagged("The Observatory said 30 people were killed in Aleppo and another 39 were killed in Idlib .") == []
    # a war's running total is no count of this event
    assert flagged("A strike on Aleppo killed 12 people , the Observatory said . The war has killed more than "
                   "300,000 people since 2011 , according to the United Nations .") == []
    # different places, one day
    assert flagged("Strikes on Aleppo killed 12 people , the Observatory said .",
                   "Strikes on Homs killed 35 people , activists said .") == []
    assert flagged("") == [] and flagged("No figures here at all .") == []


def test_two_articles_of_a_story_that_disagree_name_their_articles():
    found = claims(Article(id="7", text="A car bomb in Homs killed 36 people on Monday , the governor said .", date=D))
    found += claims(Article(id="9", text="The Observatory said the Homs car bomb killed 45 people .", date=D))
    (conflict,) = conflicts(found)
    assert [(v["value"], v["article"]) for v in conflict.to_dict(in_article=False)["values"]] == [(36, "7"), (45, "9")]
