import datetime as dt
import gzip
import json
import os

import pytest

import highlights
import highlights.cli
from highlights.errors import EmptyInputError, FormatError, HighlightsError, InputError, SettingsError
from highlights.read import expand, from_text, read, read_lines
from highlights.settings import Settings

from ..conftest import SEED, needs_shared
from .conftest import gzip_broken_after, unreadable

STORY = "(CNN)The storm hit at dawn. Roads closed.\n\nSchools shut.\n\n@highlight\n\nStorm hits\n\n@highlight\n\nRoads closed\n"
HTML = """<!DOCTYPE html><html><head><title>Storm hits coast</title>
<meta property="article:published_time" content="2024-05-02T10:00:00Z"></head><body>
<nav>Home | World | Sport</nav><article><h1>Storm hits coast</h1>
<p>A powerful storm hit the coast at dawn on Thursday, closing roads and cutting power to 20,000 homes, officials said.</p>
<p>Schools across the region were shut and residents were told to stay indoors until the wind drops on Friday.</p>
<p>Forecasters said the storm was the strongest to reach the area in more than a decade.</p>
</article><footer>Copyright</footer></body></html>"""


def only(path, **kw):
    items = list(read(str(path), **kw))
    assert len(items) == 1, items
    return items[0]


@needs_shared
def test_seed_form_gives_bullets_date_and_body():
    a = only(SEED)
    assert a.date.isoformat() == "2016-12-12"
    assert a.references[0] == "Southeastern Aleppo neighborhood now in government hands: reports"
    assert len(a.references) == 2
    assert a.text.startswith("(CNN)Syria's")
    assert a.dateline == "(CNN)"
    assert a.id == "000_05a49977c339561e"


def test_story_file_splits_body_from_highlights(write):
    a = only(write("x.story", STORY))
    assert a.references == ("Storm hits", "Roads closed")
    assert "@highlight" not in a.text and a.text.endswith("Schools shut.")


def test_plain_text_from_file(write):
    a = only(write("note.txt", "Rain fell. Rivers rose.\n"))
    assert a.text == "Rain fell. Rivers rose." and a.references == ()


def test_html_gives_main_text_title_and_date(write):
    a = only(write("page.html", HTML))
    assert a.title == "Storm hits coast"
    assert a.date is not None and a.date.isoformat() == "2024-05-02"
    assert "20,000 homes" in a.text
    assert "Home | World" not in a.text and "Copyright" not in a.text


def test_jsonl_plain_and_gzipped_with_fields(write):
    rows = [{"id": "a", "article": "One. Two.", "highlights": ["x"]}, {"id": "b", "article": "Three."}]
    body = "\n".join(json.dumps(r) for r in rows) + "\n"
    for path in (write("c.jsonl", body), write("c.jsonl.gz", gzip.compress(body.encode()))):
        items = list(read(str(path)))
        assert [a.id for a in items] == ["a", "b"]
        assert items[0].references == ("x",)


def test_jsonl_custom_text_field(write):
    path = write("c.jsonl", json.dumps({"body": "Hello there."}) + "\n")
    (a,) = read(str(path), settings=Settings(text_field="body"))
    assert a.text == "Hello there."


def test_jsonl_records_with_a_text_field_need_no_option(write):
    path = write("c.jsonl", json.dumps({"text": "Hello there.", "date": "2011-01-25"}) + "\n")
    (a,) = read(str(path))
    assert (a.text, a.date.isoformat()) == ("Hello there.", "2011-01-25")
    # a field asked for by name is that field: no fallback
    (bad,) = read(str(path), settings=Settings(text_field="body"))
    assert isinstance(bad, HighlightsError) and "field 'body' is missing" in str(bad)


def test_a_jsonl_field_holding_a_whole_page_gives_its_main_text(write):
    """A crawl's records: the page's main text, the record's own title and date before the page's;
    an empty date is a missing one."""
    rows = [{"url": "u1", "html": HTML, "title": "From the crawler", "date": ""}, {"url": "u2", "html": HTML}]
    (first, second) = read(str(write("crawl.jsonl", "\n".join(json.dumps(r) for r in rows))),
                           settings=Settings(text_field="html"))
    assert "20,000 homes" in first.text and "Copyright" not in first.text and first.page
    assert (first.title, first.date.isoformat()) == ("From the crawler", "2024-05-02")
    assert (second.title, second.id) == ("Storm hits coast", "2")


def test_jsonl_bad_line_is_reported_with_its_number_and_others_survive(write):
    path = write("c.jsonl", '{"article": "Fine."}\n{oops\n{"article": 3}\n{"article": "Also fine."}\n')
    items = list(read(str(path)))
    assert [type(i).__name__ for i in items] == ["Article", "FormatError", "FormatError", "Article"]
    assert "c.jsonl:2" in str(items[1]) and "malformed JSON" in str(items[1])
    assert "c.jsonl:3" in str(items[2]) and "'article'" in str(items[2])


def test_content_detection_for_txt_names(write):
    assert only(write("a.txt", STORY)).references == ("Storm hits", "Roads closed")
    assert only(write("b.txt", HTML)).title == "Storm hits coast"
    assert only(write("c.txt", " date 2020-01-02 Story highlights\n- One\nBody text here.")).references == ("One",)


def test_input_format_overrides_detection(write):
    a = only(write("a.story", STORY), input_format="text")
    assert "@highlight" in a.text


def test_unknown_input_format_is_a_settings_error(write):
    with pytest.raises(SettingsError, match="unknown input format"):
        list(read(str(write("a.txt", "x")), input_format="pdf"))


@pytest.mark.parametrize("content, kind, words", [
    (b"", EmptyInputError, "empty"),
    (b"  \n\t ", EmptyInputError, "empty"),
    (b"\x00\xff", InputError, "binary"),
    (b"caf\xe9 au lait", InputError, "invalid UTF-8"),
])
def test_bad_content_is_one_clear_error(write, content, kind, words):
    err = only(write("bad.txt", content))
    assert isinstance(err, kind) and words in str(err) and "bad.txt" in str(err)


def test_invalid_utf8_names_the_line(write):
    err = only(write("bad.txt", b"fine line\nsecond \xff line\n"))
    assert "line 2" in str(err)


def test_missing_path_and_size_limit(write, tmp_path):
    assert "no such file" in str(only(tmp_path / "nope.txt"))
    big = write("big.txt", "word " * 100)
    err = only(big, settings=Settings(max_bytes=100))
    assert isinstance(err, InputError) and "size limit of 100 bytes" in str(err)


def test_bad_seed_date_names_the_line(write):
    err = only(write("s.txt", " date 2020-13-45 Story highlights\n- x\nBody."))
    assert isinstance(err, FormatError) and "line 1" in str(err) and "is not a real date (month" in str(err)
    err = only(write("t.txt", " date 2020-1-4 Story highlights\n- x\nBody."))
    assert isinstance(err, FormatError) and "is not YYYY-MM-DD" in str(err)


def test_an_impossible_date_is_named_as_such_not_as_the_wrong_form(write):
    path = write("d.jsonl", '{"text": "Rain fell.", "date": "2024-02-30"}\n{"text": "Rain fell.", "date": "30.02.2024"}\n')
    first, second = list(read(str(path)))
    assert "'2024-02-30' is not a real date (day is out of range for month)" in str(first)
    assert "'30.02.2024' is not YYYY-MM-DD" in str(second)


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_an_empty_jsonl_file_is_the_empty_input_error(write, content):
    items = list(read(str(write("e.jsonl", content))))
    assert len(items) == 1 and isinstance(items[0], EmptyInputError) and "e.jsonl" in str(items[0])
    assert highlights.cli.main(["summarize", str(write("f.jsonl", content))]) == 2


def test_a_json_parse_error_reads_well():
    from highlights.read.jsonl import parse_row
    with pytest.raises(FormatError) as info:
        parse_row('{"text": "an unfinished string', where="x.jsonl:1", number=1, text_field="text",
                  reference_field="highlights", max_bytes=10_000)
    message = str(info.value)
    assert "at at" not in message and "malformed JSON at column 10 (Unterminated string starting there)" in message


def test_directories_are_walked_by_extension(write, tmp_path):
    write("d/a.txt", "A.")
    write("d/sub/b.story", STORY)
    write("d/skip.pdf", "x")
    write("d/.hidden/c.txt", "C.")
    found = list(expand([str(tmp_path / "d")]))
    assert [p.rsplit("/", 1)[1] for p in found] == ["a.txt", "b.story"]


def test_empty_directory_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    (err,) = expand([str(tmp_path / "empty")])
    assert isinstance(err, HighlightsError)


def test_a_folder_that_cannot_be_read_is_one_error_naming_it_and_the_rest_are_walked(write, tmp_path, monkeypatch):
    write("d/a.txt", "A.")
    write("d/locked/b.txt", "B.")
    write("d/z/c.txt", "C.")
    unreadable(monkeypatch, tmp_path / "d" / "locked")
    found = list(expand([str(tmp_path / "d")]))
    errors = [str(f) for f in found if isinstance(f, HighlightsError)]
    assert errors == [f"{tmp_path}/d/locked: cannot read this folder (Permission denied)"]
    assert [f for f in found if isinstance(f, str)] == [f"{tmp_path}/d/a.txt", f"{tmp_path}/d/z/c.txt"]


def test_a_given_folder_that_cannot_be_read_is_that_error_alone(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    unreadable(monkeypatch, tmp_path / "locked")
    (error,) = expand([str(tmp_path / "locked")])
    assert str(error) == f"{tmp_path}/locked: cannot read this folder (Permission denied)"


def test_a_dangling_link_and_a_fifo_with_story_names_are_reported_not_skipped(write, tmp_path):
    write("d/a.txt", "A.")
    (tmp_path / "d" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "d" / "loop.txt").symlink_to(tmp_path / "d" / "loop.txt")
    os.mkfifo(tmp_path / "d" / "pipe.jsonl")
    (tmp_path / "d" / "notes.pdf").symlink_to(tmp_path / "nowhere.pdf")  # not a story's name: not looked at
    (tmp_path / "d" / ".old.txt").symlink_to(tmp_path / "nowhere.txt")  # hidden: not looked at
    (tmp_path / "d" / "link.txt").symlink_to(tmp_path / "d" / "a.txt")  # a link to a file is read, as before
    found = list(expand([str(tmp_path / "d")]))
    assert [str(f) for f in found if isinstance(f, HighlightsError)] == [
        f"{tmp_path}/d/gone.txt: a link to nothing (dangling symlink to {tmp_path}/nowhere.txt)",
        f"{tmp_path}/d/loop.txt: a link that cannot be followed (Too many levels of symbolic links)",
        f"{tmp_path}/d/pipe.jsonl: not a regular file (a named pipe); only files are read",
    ]
    assert [f for f in found if isinstance(f, str)] == [f"{tmp_path}/d/a.txt", f"{tmp_path}/d/link.txt"]


def test_a_folder_holding_only_a_dangling_link_says_so_once(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "gone.txt").symlink_to("missing.txt")
    (error,) = expand([str(tmp_path / "d")])
    assert str(error) == f"{tmp_path}/d/gone.txt: a link to nothing (dangling symlink to missing.txt)"


def test_a_gzip_stream_broken_part_way_keeps_the_lines_before_it_and_names_the_line(tmp_path):
    """A deflate stream that turns invalid (zlib.error, not an OSError) is an error, not a traceback."""
    path = tmp_path / "broken.jsonl.gz"
    path.write_bytes(gzip_broken_after("".join(
        json.dumps({"id": f"s{i}", "article": f"Rain fell on day {i}. Roads flooded."}) + "\n" for i in range(3))))
    for items in (list(read(str(path))), list(read_lines(str(path), first=2, count=5))):
        *articles, error = items
        assert [a.id for a in articles] == ["s0", "s1", "s2"][3 - len(articles):]
        assert isinstance(error, InputError) and "\n" not in str(error)
        assert str(error).startswith(f"{path}: cannot be read past line 3 (Error -3 while decompressing data: "
                                     "invalid block type)")


def test_from_text_detects_and_keeps_title():
    a = from_text("Rain fell. Rivers rose.", title="Rain")
    assert a.title == "Rain" and a.text == "Rain fell. Rivers rose."
    with pytest.raises(EmptyInputError):
        from_text("  ")


SAVED_PAGE = ("<!-- saved from url=(0045)https://news.example.com/2026/03/14/flood -->\n"
              "<html><head><meta name=\"viewport\" content=\"width=device-width\"><title>Flood</title></head><body>"
              "<article><p>About 4,000 residents of the river town of Millbrook were ordered from their homes on "
              "Saturday after days of heavy rain, county officials said.</p><p>The river crested at 9.2 meters shortly "
              "after 2 a.m., the highest level recorded since the flood of 1987.</p><p>Gov. Helen Marsh declared a "
              "state of emergency and said National Guard units would help with evacuations.</p></article>"
              "</body></html>")


@pytest.mark.parametrize("prefix", ["", "\ufeff", "  \n", "Saved page:\n"])
def test_html_is_recognised_however_the_page_starts(prefix):
    from highlights.read import from_text

    article = from_text(prefix + SAVED_PAGE)
    assert "Millbrook" in article.text and "<" not in article.text and "viewport" not in article.text


# ------------------------------------------------------------------ web pages: title and date (issue #13)

def _page(title: str, body_extra: str = "", head_extra: str = "") -> str:
    paragraphs = "".join(f"<p>Paragraph {i} says the river rose by {i} meters near the old mill on the east bank "
                         "of the town on Sunday, officials said.</p>" for i in range(6))
    return (f"<html><head><title>{title}</title>{head_extra}</head><body><article>{paragraphs}"
            f"</article>{body_extra}</body></html>")


@pytest.mark.parametrize("title, site, clean", [
    ("River rises | DW | 19.01.2020", "", "River rises"),
    ("Amazon liable for defective products - California Globe", "https://californiaglobe.com/a", "Amazon liable for "
     "defective products"),
    ("CNN reporters find the missing boat - CNN", "https://edition.cnn.com/x", "CNN reporters find the missing boat"),
])
def test_titles_lose_the_site_name_only(title, site, clean):
    head = f'<meta property="og:url" content="{site}">' if site else ""
    assert from_text(_page(title, head_extra=head)).title == clean


def test_the_date_is_the_articles_own_not_a_teasers():
    teaser = '<div class="teaser"><h3>Older flood story</h3><span>Date 02.03.2019</span></div>'
    assert from_text(_page("River rises | DW | 19.01.2020", body_extra=teaser)).date == dt.date(2020, 1, 19)
    meta = '<meta property="article:published_time" content="2021-05-04T10:00:00Z">'
    assert from_text(_page("River rises", head_extra=meta, body_extra=teaser)).date == dt.date(2021, 5, 4)


def test_a_page_whose_text_is_a_caption_says_so():
    html = ("<html><head><title>Playbook</title></head><body><article><figure><figcaption>Lam arrives at the "
            "meeting.</figcaption></figure><p>Chief Executive Carrie Lam arrives at the Legislative Council on "
            "Wednesday, where lawmakers asked her about the new budget plan.</p></article></body></html>")
    summary = highlights.summarize(html)
    assert any("main text is only" in note and "may not have been found" in note for note in summary.notes)
