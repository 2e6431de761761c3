"""The request's ``url`` field: fetched in a worker, refused for loopback and private addresses unless
HIGHLIGHTS_FETCH_PRIVATE allows them, and a failed fetch answered as 422 ``fetch_failed`` naming the field."""
from __future__ import annotations

from highlights import Settings
from highlights.service import ServiceSettings
from highlights.service.work import Work

PAGE = ("<html><head><title>Floods close schools in Leeds</title></head><body><article>"
        "<p>(CNN) Rain fell all day on Monday in Leeds, and rivers rose across the north of England.</p>"
        "<p>Roads across the city flooded by noon, the council said in a statement.</p>"
        "<p>Schools stayed shut on Tuesday as crews pumped water from the streets.</p></article></body></html>")


def test_a_url_on_loopback_is_refused_by_default(client, site):
    url = site.page("/story", PAGE)
    r = client.post("/v1/highlights", json={"url": url})
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "fetch_failed" and "127.0.0.1 is a loopback address" in body["message"]
    assert body["fields"][0]["field"] == "url"
    assert site.requests == []  # nothing was fetched


def test_a_url_with_text_or_html_is_a_bad_request(client):
    r = client.post("/v1/highlights", json={"text": "Rain fell. Roads flooded.", "url": "https://example.com/a"})
    assert r.status_code == 422 and r.json()["error"] == "invalid_request"
    assert r.json()["fields"][0]["field"] == "url"


def test_a_url_refused_in_a_batch_is_an_error_in_its_place(client, site):
    r = client.post("/v1/highlights/batch", json={"articles": [{"url": site.page("/story", PAGE)}]})
    assert r.status_code == 200
    (result,) = r.json()["results"]
    assert result["error"] == "fetch_failed" and result["field"] == "articles[0].url"


def test_with_fetch_private_the_worker_reads_the_page_with_the_final_url_as_source(site):
    final = site.page("/story", PAGE)
    site.redirect("/short", final)
    item = {"url": site.url("/short"), "fetch_private": True, "fetch_timeout": 5.0, "id": "leeds", "title": None,
            "date": None}
    article = Work.article(item, field="url", settings=Settings())
    assert (article.id, article.source, article.page) == ("leeds", final, True)
    assert "Roads across the city flooded" in article.text


def test_the_setting_is_read_from_the_environment():
    assert ServiceSettings.from_env({"HIGHLIGHTS_FETCH_PRIVATE": "1"}).fetch_private is True
    assert ServiceSettings.from_env({}).fetch_private is False
