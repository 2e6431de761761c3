"""The web page in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

`make test` installs Chromium when it is missing. Without it these tests are skipped, except
under CI, where a missing browser is a failure.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from typing import Any

import pytest

from highlights import summarize
from highlights.render import cnn

from ..conftest import SAMPLE

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = os.environ.get("HIGHLIGHTS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
FLOOD = SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"no Chromium at {CHROMIUM}; `make test` installs Debian's chromium package"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


def opened(browser) -> tuple[Any, list[str]]:
    """A page in a fresh 1280×900 context, 10 s for each wait, and the list its script errors are written to."""
    pg = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    pg.set_default_timeout(10_000)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    return pg, errors


@pytest.fixture
def page(browser, live_server):
    pg, errors = opened(browser)
    pg.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    pg.on("request", lambda request: None if request.url.startswith(live_server)
          else errors.append(f"request outside the server: {request.url}"))
    pg.goto(live_server + "/")
    pg.wait_for_selector("#method option:nth-child(2)", state="attached")  # /v1/methods has answered
    yield pg
    pg.context.close()
    assert errors == []


def get_highlights(page, text: str) -> list[str]:
    page.fill("#story", text)
    page.click("#submit")
    page.wait_for_selector("#bullets li")
    return page.locator("#bullets li .bullet-text").all_text_contents()


def active_evidence(page) -> list[str]:
    """The words of the marked evidence (a compressed bullet marks several pieces)."""
    return re.findall(r"\w+", " ".join(page.locator("#article-text mark.ev.active").all_text_contents()))


def marked_for(h, text: str) -> list[str]:
    """The words a bullet's marks should show: its kept pieces, or its evidence sentence."""
    pieces = h.spans or [(e.start, e.end) for e in h.evidence]
    return re.findall(r"\w+", " ".join(text[a:b] for a, b in pieces))


def test_paste_sample_then_click_a_bullet_to_mark_its_evidence(page, tmp_path):
    bullets = get_highlights(page, FLOOD)
    expected = summarize(FLOOD)
    assert 2 <= len(bullets) <= 4
    assert bullets == [h.text for h in expected.highlights]
    assert page.locator("#article-text mark.ev.active").count() == 0
    # fewer bullets than asked: the reason is the line under them
    assert page.locator("#notes").is_visible() == bool(expected.notes)
    shown = page.locator("#notes").text_content().lower()
    assert all(note.lower() in shown for note in expected.notes)

    page.locator("#bullets li").nth(1).click()
    page.mouse.move(0, 0)  # away from the bullets: the click keeps the mark
    assert active_evidence(page) == marked_for(expected.highlights[1], expected.article.text)
    assert page.locator("#bullets li").nth(1).get_attribute("aria-pressed") == "true"
    assert page.locator("#article-text").text_content() == expected.article.text.replace("\n", "")
    page.screenshot(path=str(tmp_path / "highlights.png"), full_page=True)

    page.locator("#bullets li").nth(0).hover()  # hovering marks another bullet's evidence for a while
    assert active_evidence(page) == marked_for(expected.highlights[0], expected.article.text)
    page.mouse.move(0, 0)
    assert active_evidence(page) == marked_for(expected.highlights[1], expected.article.text)


def test_article_with_markup_is_shown_as_text(page):
    story = ('(CNN)The comment box showed <script>window.__pwned = 1</script> to every reader on Monday. '
             '<img src=x onerror="window.__pwned = 2"> appeared below it. Engineers fixed it by noon.')
    bullets = get_highlights(page, story)
    assert bullets[0].startswith("The comment box showed <script>window.__pwned = 1</script>")
    shown = page.locator("#article-text").text_content()
    assert "<script>window.__pwned = 1</script>" in shown and '<img src=x onerror="window.__pwned = 2">' in shown
    assert page.locator("#article-text script, #article-text img, #bullets script, #bullets img").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_unsupported_bullets_are_flagged(page):
    def add_verdicts(route):
        response = route.fetch()
        body = response.json()
        for i, h in enumerate(body["highlights"]):
            if i == 1:
                h["verified"] = {"supported": False, "reason": "the evidence does not say this"}
            elif i == 2:
                h["verified"] = {"supported": True}
        route.fulfill(response=response, body=json.dumps(body))

    page.route("**/v1/highlights", add_verdicts)
    get_highlights(page, FLOOD)
    items = page.locator("#bullets li")
    flags = [items.nth(i).locator(".flag").count() for i in range(items.count())]
    assert flags[:2] == [0, 1] and not any(flags[2:])
    flag = items.nth(1).locator(".flag")
    assert flag.is_visible() and "Not supported" in flag.text_content()
    assert flag.get_attribute("title") == "the evidence does not say this"


def test_copy_gives_the_seed_form(page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    get_highlights(page, FLOOD)
    page.click("#copy")
    page.wait_for_selector("#copied:not(:empty)")
    expected = cnn.render(summarize(FLOOD))
    assert expected.startswith(" date 2026-03-14 Story highlights\n- ")
    assert page.locator("#copy").get_attribute("data-copied") == expected
    assert page.evaluate("navigator.clipboard.readText()") == expected


def test_dropping_an_html_file(page):
    html = ("<html><head><title>River floods town</title></head><body><article>"
            + "".join(f"<p>{line}</p>" for line in FLOOD.splitlines()[4:]) + "</article></body></html>")
    transfer = page.evaluate_handle(
        """(html) => { const dt = new DataTransfer();
                       dt.items.add(new File([html], "flood.html", {type: "text/html"})); return dt; }""", html)
    page.dispatch_event("body", "dragenter", {"dataTransfer": transfer})
    assert page.locator("#drop").is_visible()
    page.dispatch_event("body", "drop", {"dataTransfer": transfer})
    page.wait_for_selector("#bullets li")
    assert page.locator("#drop").is_hidden()
    assert page.locator("#article-heading").text_content() == "River floods town"
    assert page.locator("#file-name").text_content() == "flood.html"
    assert 2 <= page.locator("#bullets li").count() <= 4


def test_opening_a_story_file_and_errors(page, tmp_path):
    story = tmp_path / "flood.story"
    body = "\n\n".join(FLOOD.splitlines()[4:])
    story.write_text(body + "\n\n@highlight\n\nRiver floods Millbrook\n", encoding="utf-8")
    page.set_input_files("#file", str(story))
    page.wait_for_selector("#bullets li")
    assert page.locator("#reference-list li").all_text_contents() == ["River floods Millbrook"]

    page.click("#edit")
    page.fill("#story", "   ")
    page.click("#submit")
    assert "Paste a story first" in page.locator("#error").text_content()
    page.select_option("#count", "10")
    page.fill("#story", " date 2026-03-14 Story highlights\n- only bullets\n")
    page.click("#submit")
    page.locator("#error", has_text="no story text").wait_for()
    assert page.locator("#submit").is_enabled()
    # an address alone is sent as a page to fetch: this server never fetches from loopback, and says so
    page.fill("#story", "  http://127.0.0.1:9/news/flood.html  ")
    page.click("#submit")
    page.locator("#error", has_text="does not fetch from").wait_for()


def test_docs_page_renders_the_spec_offline(browser, live_server):
    context = browser.new_context()
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    outside: list[str] = []
    pg.on("request", lambda request: None if request.url.startswith(live_server) else outside.append(request.url))
    pg.goto(live_server + "/docs")
    pg.wait_for_selector("section.op")
    titles = pg.locator("section.op h2").all_text_contents()
    assert {"POST/v1/highlights", "POST/v1/highlights/batch", "GET/v1/methods", "GET/healthz", "POST/v1/articles",
            "GET/v1/stories", "GET/v1/stories/{story_id}", "GET/v1/articles/{article_id}"} <= set(titles)
    assert pg.locator("#schemas .schema h3", has_text=re.compile(r"^ArticleIn$")).count() == 1
    pg.context.close()
    assert errors == [] and outside == []


def test_stories_view_lists_stories_and_marks_evidence_in_the_article_it_comes_from(browser, live_server):
    import httpx

    from ..stories.test_cluster import ELECTION, QUAKE

    quakes = [{"text": QUAKE[i % 2].format(n=38 + i), "date": f"2016-08-2{4 + i}", "title": f"Italy quake, day {i + 1}",
               "method": "lead"} for i in range(2)]
    for body in quakes:
        assert httpx.post(live_server + "/v1/articles", json=body).status_code in (200, 201)
    story_id = httpx.post(live_server + "/v1/articles", json=quakes[1]).json()["story"]
    expected = httpx.get(f"{live_server}/v1/stories/{story_id}?count=4").json()
    texts = {a["id"]: httpx.get(f"{live_server}/v1/articles/{a['id']}").json()["text"] for a in expected["articles"]}

    pg, errors = opened(browser)
    pg.goto(live_server + "/stories")
    item = pg.locator(f"#topic-list .story-item[data-id='{story_id}']")
    assert "2 articles" in item.locator(".sub").text_content()
    topic = pg.locator("#topic-list .topic", has=pg.locator(f".story-item[data-id='{story_id}']"))
    if topic.locator("details").get_attribute("open") is None:  # only the largest topic starts open
        topic.locator("summary").click()
    item.click()
    pg.wait_for_selector("#bullets li")
    assert pg.locator("#story-title").text_content() == expected["title"]
    assert pg.locator("#bullets li .bullet-text").all_text_contents() == [h["text"] for h in expected["highlights"]]
    assert pg.locator("#articles li").count() == 2

    for i, h in enumerate(expected["highlights"]):  # each bullet shows its own article, its evidence marked
        pg.locator("#bullets li").nth(i).click()
        pg.mouse.move(0, 0)
        pieces = h.get("spans") or [[e["start"], e["end"]] for e in h["evidence"]]
        words = re.findall(r"\w+", " ".join(texts[h["article"]][a:b] for a, b in pieces))
        pg.wait_for_function("n => document.querySelectorAll('#article-text mark.ev.active').length > 0", arg=i)
        assert active_evidence(pg) == words
        assert pg.locator("#article-text").text_content() == texts[h["article"]].replace("\n", "")
        pg.locator("#bullets li").nth(i).click()  # unpin

    timeline = httpx.get(f"{live_server}/v1/stories/{story_id}/timeline?dates=10&per_date=2").json()
    pg.wait_for_selector("#timeline .tl-bullet")
    assert pg.locator("#timeline > li > .date").all_text_contents() == [d["date"] for d in timeline["dates"]]
    first = timeline["dates"][0]["bullets"][0]
    pg.locator("#timeline .tl-bullet").first.click()
    pg.wait_for_function("() => document.querySelectorAll('#article-text mark.ev.active').length > 0")
    ev = first["evidence"][0]
    assert active_evidence(pg) == re.findall(r"\w+", texts[int(ev["article"])][ev["start"]:ev["end"]])

    pg.locator("#add summary").click()
    pg.fill("#add-text", ELECTION[0].format(n=44))
    pg.fill("#add-date", "2016-08-28")
    pg.click("#add-submit")
    pg.locator("#status", has_text="new story").wait_for()
    pg.wait_for_function("() => document.querySelector('#story-title').textContent.startsWith('Voters in Portugal')")
    # a story of its own, so its topic lists it (after the larger topics), marked as the one shown
    assert pg.locator("#topic-list .story-item.current .title").text_content().startswith("Voters in Portugal")
    pg.goto(live_server + "/stories#999999")
    pg.locator("#error", has_text="no story 999999").wait_for()
    pg.context.close()
    assert errors == []


def test_a_storys_figures_that_disagree_are_marked_and_open_their_article(browser, live_server):
    import httpx

    bomb = ("A car bomb tore through a crowded market in the Zahra district of Homs on Monday , {who} . "
            "The blast in Homs destroyed shops and cars along the market street .")
    first = httpx.post(live_server + "/v1/articles", json={
        "text": bomb.format(who="killing 36 people , the governor of Homs said"), "date": "2016-02-22",
        "method": "lead"}).json()
    second = httpx.post(live_server + "/v1/articles", json={
        "text": bomb.format(who="and the Observatory said the Homs car bomb killed 45 people"), "date": "2016-02-22",
        "method": "lead"}).json()
    assert first["story"] == second["story"]
    story = httpx.get(f"{live_server}/v1/stories/{first['story']}").json()
    (conflict,) = story["conflicts"]
    assert [v["value"] for v in conflict["values"]] == [36, 45]

    pg, errors = opened(browser)
    pg.goto(f"{live_server}/stories#{first['story']}")
    pg.wait_for_selector("#conflicts li")
    assert pg.locator("#conflicts-box").is_visible()
    shown = pg.locator("#conflicts li").first.text_content()
    assert "36" in shown and "45" in shown and "governor" in shown and "Observatory" in shown
    pg.locator("#conflicts .figure").nth(1).click()
    pg.wait_for_function("() => document.querySelectorAll('#article-text mark.ev.active').length > 0")
    assert active_evidence(pg) == ["45"]
    pg.context.close()
    assert errors == []


def test_an_articles_figures_that_disagree_are_listed_and_marked_apart_from_the_evidence(page):
    story = ("Government forces took the eastern district of Aleppo on Sunday after a week of fighting . "
             "An estimated 10,000 people had fled the district , civilians told CNN , a number backed by Russian "
             "officials . The state news agency SANA put the figure at around 20,000 . "
             "Aid groups said shelters in western Aleppo were full and more families were on their way .")
    get_highlights(page, story)
    assert page.locator("#conflicts-box").is_visible()
    line = page.locator("#conflicts li").first.text_content()
    assert "those who fled" in line and "civilians" in line and "SANA" in line
    # the figures are marked as figures; only highlights get numbers (a figure inside an evidence sentence
    # shows that highlight's)
    assert page.locator("#article-text mark.ev.figure").all_text_contents() == ["An estimated 10,000", "around 20,000"]
    n = page.locator("#bullets li").count()
    labels = [m.get_attribute("data-n") for m in page.locator("#article-text mark.ev").all()]
    assert {int(x) for label in labels if label for x in label.split(",")} == set(range(1, n + 1))
    page.locator("#conflicts .figure").nth(1).click()
    page.wait_for_function("() => document.querySelectorAll('#article-text mark.ev.active').length > 0")
    assert active_evidence(page) == ["around", "20", "000"]


def test_an_article_without_disagreeing_figures_shows_no_conflicts_box(page):
    get_highlights(page, FLOOD)
    assert not page.locator("#conflicts-box").is_visible()


def test_stories_page_shows_topics_largest_first_with_their_stories_and_filters_them(browser, tmp_path):
    from highlights import Settings
    from highlights.service import ServiceSettings
    from highlights.service.app import create_app

    from ..stories.test_topics import filled
    from .conftest import serving

    db = str(tmp_path / "stories.db")
    filled(db)  # a quake topic of 11 articles in 5 stories (2 of one article), a vote of 4, a one-off of 1
    with serving(create_app(Settings(), ServiceSettings(db=db))) as url:
        pg, errors = opened(browser)
        pg.goto(url + "/stories")
        pg.wait_for_selector("#topic-list .topic")

        def topics() -> list[str]:
            return pg.locator("#topic-list .topic summary .title").all_text_contents()

        assert topics() == ["story 1", "story 6", "story 8"]  # each topic titled by its largest story
        quake, vote = pg.locator("#topic-list .topic").nth(0), pg.locator("#topic-list .topic").nth(1)
        assert quake.locator("summary .sub").text_content() == "11 articles · 5 stories · 2016-08-24 – 2016-09-10"
        assert quake.locator("details").get_attribute("open") is not None
        assert vote.locator("details").get_attribute("open") is None and not vote.locator(".story-item").is_visible()
        # the largest story first, each with its span; the one-article stories counted, not listed
        assert quake.locator(".story-item .sub").all_text_contents() == [
            "5 articles · 2016-08-24 – 2016-09-02", "2 articles · 2016-09-05", "2 articles · 2016-08-30 – 2016-08-31"]
        assert quake.locator(".folded").text_content().startswith("… and 2 single-article stories")

        quake.locator(".story-item[data-id='3'] a").click()  # opens the story's page
        pg.wait_for_function("() => document.querySelector('#story-title').textContent === 'story 3'")
        assert pg.evaluate("location.hash") == "#3"
        assert quake.locator(".story-item.current a").get_attribute("aria-current") == "true"
        quake.locator(".folded button").click()  # every story of the topic, the largest first
        pg.wait_for_function("() => document.querySelectorAll('#topic-list .topic:first-child .story-item').length === 5")
        assert [quake.locator(".story-item").nth(i).get_attribute("data-id") for i in range(5)] == ["1", "3", "2", "4", "5"]

        vote.locator("summary").click()  # a topic opens on its stories; Enter on a story opens it
        vote.locator(".story-item a").first.focus()
        pg.keyboard.press("Enter")
        pg.wait_for_function("() => document.querySelector('#story-title').textContent === 'story 6'")

        pg.select_option("#order", "recent")
        pg.wait_for_function("() => document.querySelector('#topic-list .topic .title').textContent === 'story 6'")
        assert topics() == ["story 6", "story 1", "story 8"]
        pg.select_option("#min-articles", "5")
        pg.wait_for_function("() => document.querySelectorAll('#topic-list .topic').length === 1")
        assert topics() == ["story 1"]
        pg.select_option("#min-articles", "50")
        pg.locator("#none").wait_for()
        assert pg.locator("#topic-list .topic").count() == 0 and pg.locator("#empty").is_hidden()
        pg.select_option("#min-articles", "1")
        pg.fill("#since", "2016-09-15")
        pg.wait_for_function("() => document.querySelectorAll('#topic-list .topic').length === 1")
        assert topics() == ["story 6"]
        pg.context.close()
    assert errors == []


def test_stories_page_lists_each_feed_with_its_last_round_and_follows_a_new_one(browser, tmp_path):
    from highlights import Settings
    from highlights.cli import main
    from highlights.service import ServiceSettings
    from highlights.service.app import create_app
    from tests.web import Feed, Site, rss

    from .conftest import serving

    site = Site()
    page_html = ("<html><head><title>Floods {i}</title></head><body><article><p>(CNN) Rain fell on Monday in Leeds "
                 "for the {i}th day.</p><p>Roads across the city flooded by noon, the council said.</p><p>Schools "
                 "stayed shut on Tuesday as {i} crews pumped water.</p></article></body></html>")
    listed = [{"link": site.page(f"/n/{i}", page_html.format(i=i)), "guid": f"g{i}", "title": f"Floods {i}"}
              for i in range(2)]
    feed = site.route("/feed", Feed(rss(listed, title="Leeds news")))
    db = str(tmp_path / "stories.db")
    try:
        assert main(["follow", "--once", "--no-highlights", "--delay", "0", "--db", db, feed]) == 0
        with serving(create_app(Settings(), ServiceSettings(db=db))) as url:
            pg, errors = opened(browser)
            pg.goto(url + "/stories")
            pg.wait_for_function("() => document.querySelector('#feeds-count').textContent === '(1)'")
            pg.locator("#feeds summary").click()
            item = pg.locator("#feed-list li").first
            assert item.locator(".feed-name").text_content() == "Leeds news"
            assert item.locator(".feed-name").get_attribute("title") == feed
            assert "2 of 2 items stored · changed " in item.text_content()
            assert item.text_content().endswith(": 2 new articles")
            pg.fill("#feed-url", "ftp://example.com/feed")
            pg.click("#feed-submit")
            pg.wait_for_function("() => !document.querySelector('#error').hidden")
            assert "not a feed's address" in pg.locator("#error").text_content()
            pg.fill("#feed-url", site.url("/other.rss"))
            pg.click("#feed-submit")
            pg.wait_for_function("() => document.querySelector('#feeds-count').textContent === '(2)'")
            assert pg.locator("#feed-list li").nth(1).text_content().endswith("not read yet")
            pg.context.close()
        assert errors == []
    finally:
        site.close()
