"""Figures that disagree: the seed's two estimates, and the cases that must not be flagged."""
from __future__ import annotations

import datetime as dt

from highlights import summarize
from highlights.document import Article, Verification
from highlights.figures import claims, conflicts
from highlights.read import read

from ..conftest import SEED, needs_shared

D = dt.date(2016, 12, 12)  # a Monday
SUNDAY = D - dt.timedelta(days=1)


def flagged(*texts: str, day: dt.date = D) -> list[str]:
    found = []
    for i, text in enumerate(texts):
        found += claims(Article(id=f"a{i}", text=text, date=day))
    return [c.bullet() for c in conflicts(found)]


def story(*articles: tuple[dt.date, str]) -> list[str]:
    """The bullets of a story's articles taken together (each with its own publication day), as a story's
    page computes them."""
    found = []
    for i, (day, text) in enumerate(articles):
        found += claims(Article(id=f"a{i}", text=text, date=day))
    return [c.bullet() for c in conflicts(found)]


@needs_shared
def test_the_seed_gives_its_two_estimates_of_those_who_fled_with_their_sources():
    (article,) = list(read(str(SEED)))
    (conflict,) = conflicts(claims(article))
    assert conflict.bullet() == ("Estimates of those who fled differ: about 10,000 (civilians, Russian officials) "
                                 "vs about 20,000 (SANA)")
    values = [c.figure(in_article=True).to_dict() for c in conflict.claims]
    assert [(v["value"], v["attribution"], v["article"]) for v in values] == [
        (10000, "civilians, Russian officials", None), (20000, "SANA", None)]
    assert [article.text[v["start"]:v["end"]] for v in values] == ["An estimated 10,000", "around 20,000"]
    # the 100,000 still in the enclave count something else: not part of it
    (given,) = summarize(article).to_dict()["conflicts"]
    assert given == {**conflict.conflict(in_article=True, verified=Verification(True, 1.0)).to_dict(), "verified": {"supported": True, "score": given["verified"]["score"],
                                                        "how": "parts", "problems": []}}
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
    assert [(v["value"], v["article"]) for v in [c.figure(in_article=False).to_dict() for c in conflict.claims]] == [(36, "7"), (45, "9")]


def test_lowercased_text_names_its_sources_by_their_nouns():
    # the benchmark's form: no capitals to find names by
    assert flagged("the tibetan government in exile said at least 80 people were killed by police , but chinese "
                   "officials put the death toll at 13 .") == [
        "Estimates of the dead differ: 13 (chinese officials) vs at least 80 (tibetan government in exile)"]


def test_a_figure_that_names_the_one_before_counts_what_that_one_counts():
    assert flagged("mexican authorities counted 43 passengers and crew , while the coast guard put the number at 44 .") == [
        "Estimates of the number of passengers differ: 43 (mexican authorities) vs 44 (coast guard)"]


def test_a_source_found_by_the_parse_when_the_patterns_find_none():
    # the subject of "put" is far from the verb: the parse finds it
    bullets = flagged("An opposition monitoring group citing figures compiled from clinics in the Damascus suburbs put "
                      "the death toll at 494 . The rebel Syrian National Coalition said 650 people died .")
    assert bullets == ["Estimates of the dead differ: 494 (opposition monitoring group) vs 650 "
                       "(Syrian National Coalition)"]


def test_updates_and_one_source_under_two_names_are_no_conflict():
    # the toll rose: one figure replaced another
    assert flagged("The Observatory said 8 people were killed in Aleppo . Activists said the death toll in Aleppo "
                   "rose to 12 .") == []
    assert flagged("The governor had earlier put the toll in Homs at 8 , while activists said 12 people were killed "
                   "in Homs .") == []
    # "the Observatory" is the Syrian Observatory for Human Rights; "state TV" is state television
    assert flagged("The Syrian Observatory for Human Rights said 30 people were killed in Aleppo . "
                   "The Observatory later said 41 people were killed in Aleppo .") == []
    assert flagged("Syrian state TV said the Aleppo blast wounded 30 people .",
                   "The Aleppo blast wounded 32 people , Syrian state television reported .") == []


def test_neighbouring_sentences_about_one_strike_share_a_name_or_name_nothing_new():
    assert flagged("The Observatory said the Boukamal strike killed 15 civilians and three Iraqi fighters . "
                   "Activist Omar Abu Laila said 10 people were killed , including an Iraqi family .") == [
        "Estimates of the dead differ: 10 (Activist Omar Abu Laila) vs 15 (Observatory)"]
    # far apart, naming different places: two events
    assert flagged("The Observatory said strikes killed 15 people in Idlib . Rescue work went on all day . "
                   "Crews cleared roads . Activists said 10 people were killed in Hama .") == []


# A story's conflicts across its articles (issue #33): updates, parts of totals, other incidents and other
# periods are not conflicts; two sources' figures for one event on one day are.

def test_an_update_a_day_later_is_no_conflict():
    # Sunday's report gives 12; Monday's, naming no day, gives the count as it stood on Monday
    assert story((SUNDAY, "A car bomb in Homs killed 12 people on Sunday , the governor said ."),
                 (D, "The Observatory said 20 people were killed in the Homs car bomb .")) == []
    # both speak of Sunday, but the larger figure comes a day later: counting went on
    assert story((SUNDAY, "A car bomb in Homs killed 12 people on Sunday , the governor said ."),
                 (D, "The Observatory said 20 people were killed in the Homs car bomb on Sunday .")) == []


def test_an_update_hours_apart_is_no_conflict():
    # a late report on Sunday, an early one on Monday, both of Sunday's bomb: the larger figure is the later one
    assert story((SUNDAY, "A car bomb in Homs killed 12 people on Sunday , the governor said ."),
                 (D, "Hospital officials said 20 people were killed in Sunday 's car bomb in Homs .")) == []
    # the same day, a report that says its figure replaced the earlier one
    assert story((D, "A car bomb in Homs killed 12 people , the governor said ."),
                 (D, "Hospital officials said 20 people were killed in the Homs car bomb , up from 12 .")) == []


def test_a_part_is_no_conflict_with_a_total():
    # one strike against a total over weeks, or over the year
    assert story((D, "An air strike on a market in Idlib killed 25 people , the Observatory said ."),
                 (D, "A total of 61 people were killed in Idlib in air strikes , activists said .")) == []
    assert story((D, "An air strike on a market in Idlib killed 25 people , the Observatory said ."),
                 (D, "Air strikes on Idlib killed 61 people over the past three months , activists said .")) == []


def test_other_incidents_named_in_one_sentence_are_not_the_event():
    # the rights group gives three cities' tolls in one sentence: only Cairo's is the officials' count
    assert story((D, "Human Rights Watch said 80 people were killed in Cairo , 36 were killed in Alexandria and 13 "
                     "were killed in Suez ."),
                 (D, "Officials said 31 people were killed in Alexandria .")) == [
        "Estimates of the dead differ: 31 (Officials) vs 36 (Human Rights Watch)"]


def test_a_week_is_another_period_than_a_day():
    assert flagged("Strikes on Aleppo killed 12 people on Sunday , the Observatory said . Activists said strikes "
                   "on Aleppo killed 35 people this week .") == []
    # a figure that names no day is its report's: Monday's count is not Sunday's
    assert story((SUNDAY, "The Observatory said 35 people were killed in Aleppo on Sunday ."),
                 (D, "Activists said 12 people were killed in Aleppo .")) == []


def test_two_rights_groups_that_give_one_day_two_tolls_disagree():
    assert story((D, "Amnesty International said 36 people were killed in Alexandria on Monday ."),
                 (D, "Human Rights Watch said 31 people were killed in Alexandria on Monday .")) == [
        "Estimates of the dead differ: 31 (Human Rights Watch) vs 36 (Amnesty International)"]


def test_a_range_is_one_figure_and_each_speaker_gives_their_own():
    assert flagged("Protesters marched in Cairo on Tuesday . While Egypt estimated that there were 5,000 to 10,000 "
                   "protesters , CNN estimated that the demonstration peaked at 15,000 to 20,000 protesters .") == [
        "Estimates of the number of protesters differ: 5,000 to 10,000 (Egypt) vs 15,000 to 20,000 (CNN)"]
    # two speakers in one sentence, each before their own figure
    assert flagged("Haiti 's Prime Minister says more than 100,000 people may have been killed and Haiti 's "
                   "President , Rene Preval , tells CNN that between 30,000 and 50,000 people were killed .") == [
        "Estimates of the dead differ: 30,000 to 50,000 (Rene Preval) vs at least 100,000 (Prime Minister)"]
    # ranges that meet do not differ; tokenized text's "45,000-50 ,000" is one range
    assert flagged("The Red Cross estimates 45,000-50 ,000 people are dead . The UN said between 40,000 and "
                   "46,000 people were killed .") == []
