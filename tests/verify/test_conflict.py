"""A conflict bullet is verified part by part: each figure with its hedge, count and sources."""
from __future__ import annotations

import pytest

from highlights.document import Article
from highlights.figures import claims, conflicts, parse_bullet
from highlights.verify import verify
from highlights.verify.conflict import backing

STORY = ("Strikes hit Aleppo on Sunday . An estimated 10,000 people fled the district , residents told CNN , "
         "a number backed by Russian officials . The state news agency SANA put the figure at around 20,000 . "
         "Another 3,000 were trapped in the old city , the mayor said .")
GOOD = "Estimates of those who fled differ: about 10,000 (residents, Russian officials) vs about 20,000 (SANA)"


def test_the_bullet_the_detector_writes_is_the_one_the_verifier_accepts():
    (conflict,) = conflicts(claims(Article(id="a", text=STORY)))
    assert conflict.bullet() == GOOD
    assert backing(conflict, claims(Article(id="a", text=STORY))) == ()
    v = verify(STORY, GOOD)
    assert v.supported and v.problems == ()


@pytest.mark.parametrize(("bullet", "wrong", "says"), [
    # a changed figure
    (GOOD.replace("20,000", "25,000"), "about 25,000 (SANA)", "no figure of 25,000"),
    # a hedge dropped
    (GOOD.replace("about 20,000", "20,000"), "20,000 (SANA)", "the hedge differs"),
    # a source swapped
    (GOOD.replace("(SANA)", "(residents)"), "about 20,000 (residents)", "as the figure of residents"),
    # another count
    (GOOD.replace("those who fled", "the dead"), "about 10,000 (residents, Russian officials)", "not the dead"),
])
def test_a_part_the_article_does_not_back_is_a_hard_problem_at_its_span(bullet, wrong, says):
    v = verify(STORY, bullet)
    assert not v.supported
    problem = next(p for p in v.problems if says in p.detail)
    assert problem.hard and bullet[problem.start:problem.end] == wrong


def test_figures_that_fit_within_their_hedges_do_not_differ():
    story = ("An estimated 10,000 people fled , residents said . Officials said 11,000 people fled .")
    v = verify(story, "Estimates of those who fled differ: about 10,000 (residents) vs 11,000 (Officials)")
    assert not v.supported
    assert [p.detail for p in v.problems] == ["these figures fit within each other's hedges; they do not differ"]


def test_the_form_reads_back_what_it_wrote_and_nothing_else():
    what, parts = parse_bullet("Estimates of the dead differ: at least 12 (Observatory) vs up to 9 vs 40 (LCC, AFP)")
    assert what == "the dead"
    assert [(p.value, p.hedge, p.sources) for p in parts] == [
        (12, "at least", ("Observatory",)), (9, "at most", ()), (40, "", ("LCC", "AFP"))]
    assert parse_bullet("Estimates of the dead differ: 12 (Observatory)") is None  # one figure differs from nothing
    assert parse_bullet("Estimates of the dead differ greatly") is None
    assert parse_bullet("Twelve people died in Aleppo on Sunday.") is None


def test_a_range_reads_back_and_is_checked_end_to_end():
    story = ("Protesters marched in Cairo on Tuesday . Egypt estimated that there were 5,000 to 10,000 protesters , "
             "while CNN estimated that the demonstration peaked at 15,000 to 20,000 protesters .")
    (conflict,) = conflicts(claims(Article(id="a", text=story)))
    bullet = conflict.bullet()
    assert bullet == "Estimates of the number of protesters differ: 5,000 to 10,000 (Egypt) vs 15,000 to 20,000 (CNN)"
    _, parts = parse_bullet(bullet)
    assert [(p.value, p.high) for p in parts] == [(5000, 10000), (15000, 20000)]
    assert verify(story, bullet).supported
    # an end changed is a figure the article does not give
    v = verify(story, bullet.replace("15,000 to 20,000", "15,000 to 25,000"))
    assert not v.supported and any("no figure of 15,000 to 25,000" in p.detail for p in v.problems)
