"""A story's face: where it stands now (recency), what many reports carry (support), its title."""
from __future__ import annotations

import datetime as dt

from highlights.stories import face
from highlights.stories.store import StoredArticle, StoredStory


def art(i: int, day: int, *bullets: tuple[str, float], title: str | None = None) -> StoredArticle:
    return StoredArticle(id=i, text="", title=title, published=dt.date(2020, 3, day),
                         summary={"highlights": [{"text": t, "score": s, "evidence": []} for t, s in bullets]})


def story(*articles: StoredArticle, title: str | None = "first words of the first article") -> StoredStory:
    return StoredStory(id=1, title=title, size=len(articles), first=None, last=None, topic=1, articles=articles)


QUAKE = "An earthquake struck the coast of Chile on Monday, toppling buildings in Valparaiso."
TSUNAMI = "A tsunami warning was lifted across the Pacific after waves reached Hawaii."
STRAY = "A local bakery handed out free bread to families who slept in the streets."


def test_an_equally_strong_later_development_comes_first():
    s = story(art(1, 1, (QUAKE, 0.5)), art(2, 9, (TSUNAMI, 0.5)))
    assert [h["text"] for h in face.highlights(s)] == [TSUNAMI, QUAKE]


def test_what_many_reports_carry_beats_a_stronger_stray_sentence_of_one_late_article():
    retold = "An earthquake struck the coast of Chile on Monday, toppling buildings in Santiago."
    s = story(art(1, 1, (QUAKE, 0.4)), art(2, 2, (retold, 0.4)), art(3, 3, (QUAKE, 0.4)), art(4, 4, (STRAY, 0.6)))
    shown = face.highlights(s, 2)
    assert shown[0]["text"] == QUAKE and shown[0]["support"] == 2  # articles 2 and 3 repeat it
    assert shown[1]["text"] == STRAY  # the retelling is the same development: not shown twice


def test_a_short_generic_bullet_is_not_supported_by_every_report_naming_the_same_people():
    generic = "Chile earthquake."  # two content words that every report has
    s = story(art(1, 1, (QUAKE, 0.4)), art(2, 2, (generic, 0.4)), art(3, 3, (QUAKE, 0.4)))
    ranked = face.supported(face.candidates(s.articles))
    assert {c.highlight["text"]: c.support for c in ranked} == {QUAKE: 1, generic: 0}


def test_whats_new_is_the_later_developments_and_an_updated_figure_but_not_a_retelling():
    known = "Rescuers said 12 people died when the earthquake hit Valparaiso on Monday."
    updated = "Rescuers said 40 people died when the earthquake hit Valparaiso on Monday."
    s = story(art(1, 1, (known, 0.5)), art(2, 5, (known, 0.5), (TSUNAMI, 0.3)), art(3, 6, (updated, 0.4)))
    new = face.highlights(s, 4, since=dt.date(2020, 3, 1))
    assert [h["text"] for h in new] == [updated, TSUNAMI]
    assert face.highlights(s, since=dt.date(2020, 3, 6)) == []


def test_an_undated_article_counts_as_known_by_any_day():
    undated = StoredArticle(id=9, text="", summary={"highlights": [{"text": TSUNAMI, "score": 0.9}]})
    assert face.highlights(story(undated, art(1, 3, (QUAKE, 0.1))), since=dt.date(2020, 3, 1))[0]["text"] == QUAKE


def test_the_title_is_the_first_ranked_articles_headline_without_the_sites_name():
    s = story(art(1, 1, (QUAKE, 0.5)), art(2, 9, (TSUNAMI, 0.5), title="Pacific tsunami warning lifted - BBC News"))
    assert face.title(s) == "Pacific tsunami warning lifted"


def test_without_a_headline_the_title_is_the_first_ranked_bullet_cut_at_a_clause_boundary():
    longer = QUAKE.rstrip(".") + " and cutting power to two million homes across the region."  # 24 words
    assert face.title(story(art(1, 1, (longer, 0.5)))) == "An earthquake struck the coast of Chile on Monday"
    assert face.title(story(art(1, 1, (QUAKE, 0.5)))) == QUAKE.rstrip(".")  # 14 words: whole


def test_a_story_without_highlights_keeps_its_stored_title():
    assert face.title(story(StoredArticle(id=1, text="x"), title="Stored")) == "Stored"
    assert face.highlights(story()) == [] and face.title(story(title=None)) is None


def test_shortened_titles():
    long = " ".join(f"w{i}" for i in range(30))
    assert face.shortened(long) == " ".join(f"w{i}" for i in range(16)) + "\u2026"  # no boundary: an ellipsis
    assert face.shortened("One two, three four five six seven eight nine ten eleven twelve thirteen fourteen "
                          "fifteen sixteen seventeen.") == ("One two, three four five six seven eight nine ten "
                                                            "eleven twelve thirteen fourteen fifteen sixteen\u2026")
    assert face.headline("Quake - BBC") == "Quake - BBC"  # what is left would be too short to be a headline
