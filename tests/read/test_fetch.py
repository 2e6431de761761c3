"""Fetching a URL input: each limit against a real server on loopback; name resolution is replaced, so that no test
reaches a name server or the internet."""
from __future__ import annotations

import gzip
import json
import socket
import ssl
import time
from dataclasses import replace

import pytest

from highlights.cli import main
from highlights.errors import FetchError
from highlights.read import fetch as fetch_module
from highlights.read import from_url, read
from highlights.read.fetch import Fetcher, Limits, blocked, decode_page, fetch
from tests.conftest import SHARED, assert_evidence, needs_shared
from tests.web import Site

LOCAL = Limits(allow_private=True, connect_timeout=2, read_timeout=2, total_timeout=10)
SERVICE = Limits(allow_private=False, connect_timeout=2, read_timeout=2, total_timeout=10)
STORY = ("<html><head><title>Floods close schools in Leeds</title></head><body><article>"
         "<p>(CNN) Rain fell all day on Monday in Leeds, and rivers rose across the north of England.</p>"
         "<p>Roads across the city flooded by noon, the council said in a statement.</p>"
         "<p>Schools stayed shut on Tuesday as crews pumped water from the streets.</p>"
         "<p>Forecasters expect more rain over the weekend, the Met Office said.</p>"
         "</article></body></html>")


def failure(url: str, limits: Limits = LOCAL) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch(url, limits)
    return caught.value


def first_page() -> str:
    with gzip.open(SHARED / "pages" / "pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        return str(json.loads(fh.readline())["html"])


# ---------------------------------------------------------------------------------------------- pages that are read

def test_a_page_is_fetched_with_our_user_agent_and_its_text_decoded(site):
    url = site.page("/story", STORY)
    page = fetch(url, LOCAL)
    assert (page.url, page.status, page.content_type, page.redirects) == (url, 200, "text/html", ())
    assert page.text == STORY and page.length == len(STORY.encode())
    assert site.requests[-1][1]["User-Agent"].startswith("Highlights/")


@needs_shared
def test_summarize_url_writes_highlights_whose_evidence_points_into_the_page_text(site, capsys):
    url = site.page("/news/first.html", first_page())
    assert main(["summarize", "-f", "json", "--no-compress", url]) == 0
    out, err = capsys.readouterr()
    d = json.loads(out)
    assert d["highlights"] and d["id"] == "first"
    assert_evidence(d)
    assert f"highlights: fetched {url}" in err


def test_the_article_read_from_a_url_names_the_final_url_as_its_source(site):
    final = site.page("/story", STORY)
    site.redirect("/old", "/story", status=301)
    (article,) = read(site.url("/old"))
    assert not isinstance(article, Exception)
    assert article.source == final and "Roads across the city flooded" in article.text and article.page


def test_the_cli_says_where_it_fetched_from_and_the_redirects(site, capsys):
    site.page("/story", STORY)
    site.redirect("/a", "/b")
    site.redirect("/b", site.url("/story"))
    assert main(["summarize", "-m", "lead", "--no-compress", "--no-verify", site.url("/a")]) == 0
    err = capsys.readouterr().err
    assert f"fetched {site.url('/story')} (redirected: {site.url('/a')} -> {site.url('/b')} -> " \
           f"{site.url('/story')})" in err


def test_the_declared_charset_wins_then_the_pages_meta_then_utf8():
    body = "<html><head><meta charset='windows-1252'></head><body>caf\u00e9 \u2014</body></html>"
    assert "caf\u00e9 \u2014" in decode_page(body.encode("cp1252"), None)  # the meta
    assert "caf\u00e9" in decode_page("café".encode("latin-1"), "ISO-8859-1")  # the header
    assert decode_page(b"caf\xe9", None) == "caf\ufffd"  # neither: UTF-8, bad bytes replaced
    assert decode_page("café".encode(), "no-such-charset") == "café"


def test_a_latin1_page_is_decoded_by_its_header(site):
    url = site.page("/latin", "<p>Caf\u00e9 owners said.</p>".encode("latin-1"), ctype="text/html; charset=ISO-8859-1")
    assert "Caf\u00e9" in fetch(url, LOCAL).text


def test_a_plain_text_page_is_read_as_text(site):
    url = site.page("/story.txt", "(CNN)Rain fell on Monday in Leeds. Roads flooded by noon. Schools shut.",
                    ctype="text/plain")
    article = from_url(url, allow_private=True)
    assert article.text.startswith("(CNN)Rain fell") and not article.page


# ---------------------------------------------------------------------------------------------- pages that are refused

@pytest.mark.parametrize(("status", "words"), [(404, "not found (HTTP 404)"), (410, "gone (HTTP 410)"),
                                               (500, "server failed (HTTP 500)")])
def test_an_http_error_names_its_status(site, status, words):
    exc = failure(site.page("/x", "oops", status=status))
    assert exc.reason == "http_status" and words in str(exc)


def test_a_redirect_loop_stops_at_the_redirect_limit(site):
    site.redirect("/a", "/b")
    site.redirect("/b", "/a")
    exc = failure(site.url("/a"), Limits(allow_private=True, max_redirects=5))
    assert exc.reason == "too_many_redirects" and "more than 5 redirects" in str(exc)
    assert len([p for p, _ in site.requests if p in ("/a", "/b")]) == 6


def test_a_20_mb_page_is_refused_while_it_streams_in_not_after(site):
    def huge(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()  # no Content-Length: only the count of what arrives can stop it
        sent = 0
        try:
            while sent < 20_000_000:
                handler.wfile.write(b"<p>" + b"x" * 65_532 + b"</p>"[:1])
                sent += 65_536
        except OSError:
            pass
        site.sent["/huge"] = sent

    url = site.route("/huge", huge)
    exc = failure(url, Limits(allow_private=True, max_bytes=1_000_000))
    assert exc.reason == "too_large" and "size limit of 1,000,000 bytes" in str(exc)
    assert 1_000_000 < exc.received <= 1_000_000 + 65_536
    deadline = time.monotonic() + 10
    while "/huge" not in site.sent and time.monotonic() < deadline:
        time.sleep(0.05)
    assert site.sent["/huge"] < 20_000_000  # the server could not send it all: the client hung up


def test_a_declared_length_over_the_limit_is_refused_before_the_body(site):
    exc = failure(site.page("/big", b"x" * 2_000), Limits(allow_private=True, max_bytes=1_000))
    assert exc.reason == "too_large" and exc.received == 0 and "is 2,000 bytes" in str(exc)


@pytest.mark.parametrize(("ctype", "words"), [("application/pdf", "is a PDF (application/pdf)"),
                                              ("image/png", "is an image (image/png)"),
                                              ("application/json", "is application/json, not")])
def test_a_page_that_is_not_html_or_text_is_refused(site, ctype, words):
    exc = failure(site.page("/file", b"%PDF-1.7 ...", ctype=ctype))
    assert exc.reason == "content_type" and words in str(exc) and "not a web page" in str(exc)


def test_a_server_slower_than_the_read_timeout_is_given_up(site):
    def slow(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        time.sleep(2)
        handler.wfile.write(b"<p>late</p>")

    started = time.monotonic()
    exc = failure(site.route("/slow", slow), Limits(allow_private=True, read_timeout=0.3))
    assert exc.reason == "timeout" and "timed out" in str(exc)
    assert time.monotonic() - started < 1.5


def test_robots_txt_that_disallows_the_path_is_honoured(site):
    site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", ctype="text/plain")
    site.page("/private/story", STORY)
    site.page("/public/story", STORY)
    exc = failure(site.url("/private/story"))
    assert exc.reason == "robots" and "robots.txt does not allow" in str(exc)
    assert fetch(site.url("/public/story"), LOCAL).status == 200


def test_a_robots_txt_for_another_agent_leaves_us_alone(site):
    site.page("/robots.txt", "User-agent: OtherBot\nDisallow: /\n", ctype="text/plain")
    assert fetch(site.page("/story", STORY), LOCAL).status == 200


def test_a_robots_txt_that_fails_with_a_server_error_disallows_all_and_a_missing_one_allows(site):
    site.page("/story", STORY)
    assert fetch(site.url("/story"), LOCAL).status == 200  # /robots.txt: 404
    site.page("/robots.txt", "down", status=503)
    assert failure(site.url("/story")).reason == "robots"


def test_only_http_and_https_are_fetched():
    exc = failure("ftp://example.com/story.html")
    assert exc.reason == "scheme" and "only http:// and https://" in str(exc)


def test_an_unreachable_server_says_so():
    with socket.socket() as s:  # a port with nothing listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exc = failure(f"http://127.0.0.1:{port}/story", Limits(allow_private=True, robots=False))
    assert exc.reason == "unreachable" and "cannot connect to 127.0.0.1" in str(exc)


def test_a_url_that_fails_is_a_one_line_error_and_exit_2_in_the_cli(site, capsys):
    assert main(["summarize", site.page("/gone", "", status=410)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"highlights: error: {site.url('/gone')}: the page is gone (HTTP 410); check the address"]


# ---------------------------------------------------------------------------------------------- service mode

def test_the_service_refuses_a_loopback_address(site):
    exc = failure(site.page("/story", STORY), SERVICE)
    assert exc.reason == "blocked_address" and "127.0.0.1 is a loopback address" in str(exc)
    assert site.requests == []  # refused before connecting, robots.txt included


@pytest.mark.parametrize(("address", "kind"), [("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"),
                                               ("192.168.0.7", "private"), ("169.254.169.254", "cloud metadata"),
                                               ("fd00:ec2::254", "cloud metadata"), ("169.254.1.1", "link-local"),
                                               ("224.0.0.1", "multicast"), ("0.0.0.0", "unspecified"),
                                               ("::ffff:127.0.0.1", "loopback"), ("100.64.0.1", "not public")])
def test_addresses_the_service_never_fetches_from(address, kind):
    assert kind in (blocked(address) or "")


def test_a_public_address_is_allowed():
    assert blocked("93.184.216.34") is None and blocked("2606:2800:220:1:248:1893:25c8:1946") is None


def test_a_name_is_refused_when_any_of_its_addresses_is_private(monkeypatch, site):
    monkeypatch.setattr(fetch_module, "resolve", lambda host, port: ["93.184.216.34", "10.0.0.8"])
    exc = failure(f"http://news.example:{site.port}/story", SERVICE)
    assert exc.reason == "blocked_address" and "10.0.0.8, a private address" in str(exc)


@pytest.fixture
def public_name(monkeypatch, site):
    """``news.example`` resolves to 127.0.0.1, which stands in for a public address here (and only that one:
    127.0.0.2 and every other address is checked as ever); other names resolve to what the test says."""
    names = {"news.example": ["127.0.0.1"], "internal.example": ["10.20.30.40"], "meta.example": ["169.254.169.254"]}
    monkeypatch.setattr(fetch_module, "resolve", lambda host, port: names[host])
    real = fetch_module.blocked
    monkeypatch.setattr(fetch_module, "blocked", lambda a: None if a == "127.0.0.1" else real(a))
    return names


def test_the_connection_goes_to_the_checked_address_with_the_original_host(public_name, site):
    site.page("/story", STORY)
    page = fetch(f"http://news.example:{site.port}/story", SERVICE)
    assert page.url == f"http://news.example:{site.port}/story" and page.status == 200
    assert site.requests[-1][1]["Host"] == f"news.example:{site.port}"  # the server on 127.0.0.1 got it


def test_a_name_resolved_again_between_check_and_connect_cannot_move_the_connection(monkeypatch, public_name, site):
    site.page("/story", STORY)
    answers = iter([["127.0.0.1"], ["10.20.30.40"]])  # a rebinding name: public first, internal after
    monkeypatch.setattr(fetch_module, "resolve", lambda host, port: next(answers))
    assert fetch(f"http://news.example:{site.port}/story", Limits(allow_private=False, robots=False)).status == 200


def test_https_connects_to_the_checked_address_and_names_the_host_for_tls(monkeypatch, public_name, site):
    import httpx

    sent: list[httpx.Request] = []
    real_send = httpx.Client.send

    def send(client, request, **kwargs):
        sent.append(request)
        return real_send(client, request, **kwargs)

    monkeypatch.setattr(httpx.Client, "send", send)
    exc = failure(f"https://news.example:{site.port}/story", Limits(allow_private=False, robots=False))
    assert exc.reason == "unreachable"  # the loopback site speaks no TLS; what matters is what was asked
    (request,) = sent
    assert (request.url.host, request.url.port) == ("127.0.0.1", site.port)
    assert request.headers["Host"] == f"news.example:{site.port}"
    assert request.extensions["sni_hostname"] == "news.example"  # the certificate is checked against the name


def test_https_end_to_end_checks_the_certificate_against_the_name_not_the_pinned_address(monkeypatch, public_name):
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()  # a certificate authority of the test's own, and a server certificate for news.example
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("news.example").configure_cert(server_context)
    secure = Site(tls=server_context)
    try:
        secure.page("/story", STORY)
        with ca.cert_pem.tempfile() as ca_file:
            limits = Limits(allow_private=False, robots=False, ca_file=ca_file, connect_timeout=2, read_timeout=2)
            page = fetch(f"https://news.example:{secure.port}/story", limits)
            assert page.status == 200 and page.text == STORY and page.url.startswith("https://news.example:")
            assert secure.requests[-1][1]["Host"] == f"news.example:{secure.port}"
            public_name["other.example"] = ["127.0.0.1"]  # the same server under a name its certificate lacks
            exc = failure(f"https://other.example:{secure.port}/story", limits)
            assert exc.reason == "unreachable" and "certificate" in str(exc).lower()
        exc = failure(f"https://news.example:{secure.port}/story", replace(limits, ca_file=None))
        assert exc.reason == "unreachable"  # a certificate no trusted authority signed
    finally:
        secure.close()


@pytest.mark.parametrize(("target", "words"), [
    ("http://127.0.0.2:{port}/admin", "127.0.0.2 is a loopback address"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"),
    ("http://meta.example/latest/meta-data/", "meta.example resolves to 169.254.169.254, a cloud metadata address"),
    ("http://internal.example/", "10.20.30.40, a private address"),
    ("http://[::1]:{port}/", "::1 is a loopback address"),
])
def test_a_redirect_from_a_public_name_to_an_internal_address_is_refused(public_name, site, target, words):
    site.redirect("/story", target.format(port=site.port))
    exc = failure(f"http://news.example:{site.port}/story", SERVICE)
    assert exc.reason == "blocked_address" and words in str(exc)


def test_a_fetcher_keeps_its_client_and_robots_answers_between_pages(site):
    site.page("/a", STORY)
    site.page("/b", STORY)
    with Fetcher(LOCAL) as fetcher:
        fetcher.fetch(site.url("/a"))
        fetcher.fetch(site.url("/b"))
    assert [p for p, _ in site.requests] == ["/robots.txt", "/a", "/b"]


def test_ingest_reads_a_url_into_the_stories_database(site, tmp_path, capsys):
    url = site.page("/story", STORY)
    assert main(["ingest", url, "--db", str(tmp_path / "stories.db"), "--no-highlights", "-w", "0"]) == 0
    err = capsys.readouterr().err
    assert f"highlights: fetched {url}" in err and "ingested 1 new article(s)" in err


def test_summarize_out_names_a_urls_output_after_its_last_part(site, tmp_path, capsys):
    url = site.page("/news/story", STORY)
    assert main(["summarize", "-m", "lead", "--no-compress", "--no-verify", "-o", str(tmp_path / "out"), url]) == 0
    assert (tmp_path / "out" / "story.txt").is_file()


def test_several_urls_in_one_command_share_one_client_and_its_robots_answer(site, tmp_path, capsys):
    first, second = site.page("/a/one", STORY), site.page("/a/two", STORY.replace("Monday", "Tuesday"))
    assert main(["ingest", first, second, "--db", str(tmp_path / "s.db"), "--no-highlights", "-w", "0"]) == 0
    assert [p for p, _ in site.requests] == ["/robots.txt", "/a/one", "/a/two"]


def test_summarize_of_several_urls_reads_robots_once(site, capsys):
    first, second = site.page("/b/one", STORY), site.page("/b/two", STORY.replace("Monday", "Tuesday"))
    assert main(["summarize", "-m", "lead", "--no-compress", "--no-verify", first, second]) == 0
    assert [p for p, _ in site.requests] == ["/robots.txt", "/b/one", "/b/two"]


def test_batch_reads_a_url_as_a_one_page_part(site, tmp_path, capsys):
    url = site.page("/news/story", STORY)
    out = tmp_path / "out"
    assert main(["batch", url, "--out", str(out), "-m", "lead", "--no-compress", "--workers", "1"]) == 0
    import pyarrow.parquet as pq

    (row,) = pq.read_table(out).to_pylist()
    assert row["error"] is None and row["title"] == "Floods close schools in Leeds" and row["highlights"]
