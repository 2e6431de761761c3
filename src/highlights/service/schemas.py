"""Request and response bodies of the HTTP API, as pydantic models (they make the OpenAPI spec).

Responses are documented here but sent as the library's own `Summary.to_dict()`, so fields
added to the JSON contract later (`verified`, ...) reach clients without a change here.
"""
from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..settings import DATE_MAX, DATE_MIN, MAX_COUNT, MIN_COUNT
from .codes import STATUS  # every code the service answers with, so the spec lists them all

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _valid_unicode(value):
    """Strings must encode as UTF-8: JSON's "\\ud800" escapes decode to lone surrogates that cannot."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(f"holds an unpaired surrogate (\\u{ord(value[exc.start]):04x}) at "
                             f"character {exc.start}; send valid Unicode text") from None
    return value


def _whole_number(value):
    """A JSON number that is a whole number (3 or 3.0, as JSON Schema's integer); not "3" or true."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise ValueError("expected a whole number")


def _article_schema(schema: dict) -> None:
    """In the spec: exactly one of `text`, `html` and `url`, no nulls. A blank one is a bad story, not a bad
    request: 422 `empty_input` alone, an error in its place in a batch."""
    _one_of(schema, ("text", "html", "url"))


def _one_of(schema: dict, sources: tuple[str, ...]) -> None:
    schema["oneOf"] = [{"required": [name]} for name in sources]
    for name in sources:
        schema["properties"][name].pop("default", None)
    schema["examples"] = [{
        "text": "MILLBROOK, Oregon (CNN)About 4,000 residents were ordered from their homes on Saturday. "
                "The river crested at 9.2 meters. The governor declared a state of emergency.",
        "count": 3,
    }]


class ArticleIn(BaseModel):
    """One story: its `text` (plain, seed form or .story), an `html` page or the `url` of one, and options."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_article_schema)

    # ``str`` with a None default: absent is allowed, null is not (the schema says a string)
    text: str = Field(None, description="the story as text: plain, the seed form "  # type: ignore[assignment]
                      "(' date YYYY-MM-DD Story highlights', '- ' bullets, body) or a CNN .story file; "
                      "a whole HTML page pasted here is read as a page")
    html: str = Field(None, description="the story as an HTML page; its main text, title and date "  # type: ignore[assignment]
                      "are extracted. Send one of text, html or url")
    url: str = Field(None, max_length=2000, description="an http(s) address of a page to fetch and read as "  # type: ignore[assignment]
                            "`html` (send text, html or url). The server fetches it under the request's time limit: "
                            "robots.txt, size, redirects, content type and, unless HIGHLIGHTS_FETCH_PRIVATE is on, "
                            "public addresses only are checked; a failure is 422 `fetch_failed`")
    title: str | None = Field(None, max_length=1000, description="the title (overrides one found in the input)")
    date: dt.date | None = Field(None, description=f"the date, YYYY-MM-DD (overrides one found in the input); one "
                                 f"outside {DATE_MIN}..{DATE_MAX} (an export's 0001-01-01 for none) is treated as "
                                 "missing, as the readers treat it (the summary's `notes` say so), and the input's "
                                 "own date, if any, stands")
    method: str | None = Field(None, max_length=100, description="summarizer; see GET /v1/methods "
                               "(default: the service's default method)")
    count: int | None = Field(None, ge=MIN_COUNT, le=MAX_COUNT,
                              description=f"highlights to write, {MIN_COUNT}-{MAX_COUNT} (default: 3)")
    id: str | None = Field(None, max_length=200, description="an id echoed in the result (default: 'text', "
                           "or the position in a batch)")

    _unicode = field_validator("text", "html", "url", "title", "method", "id", mode="before")(_valid_unicode)
    _whole = field_validator("count", mode="before")(_whole_number)

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value):
        """A real date as YYYY-MM-DD. One outside the range of dates (``document.checked_date``) is taken as
        missing, with a note, where the article is read (``work.Work.article``), as in a file."""
        if value is None or isinstance(value, dt.date):
            return value
        if not isinstance(value, str) or not _DATE.match(value):
            raise ValueError("expected a date as YYYY-MM-DD")
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a real date (YYYY-MM-DD)") from None
        return day  # out of range: missing and noted, as in a file, not a 422 that refuses a whole batch


def _story_article_schema(schema: dict) -> None:
    """As ``_article_schema`` for `text` and `html`; `url` here is only the address stored (it may be null)."""
    _one_of(schema, ("text", "html"))


class StoryArticleIn(ArticleIn):
    """An article for the stories database: as for /v1/highlights, plus where it was published."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_story_article_schema)

    url: str | None = Field(None, max_length=2000, description="the article's address, stored with it")  # type: ignore[assignment]

    _unicode_url = field_validator("url", mode="before")(_valid_unicode)


class BatchIn(BaseModel):
    """Several stories in one request; `method` and `count` here apply to those that set none."""

    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1, description="the stories (at most the service's "
                                      "max_batch, see GET /v1/methods)")
    method: str | None = Field(None, max_length=100, description="summarizer for articles that name none")
    count: int | None = Field(None, ge=MIN_COUNT, le=MAX_COUNT,
                              description="highlights per article for articles that give none")

    _unicode = field_validator("method", mode="before")(_valid_unicode)
    _whole = field_validator("count", mode="before")(_whole_number)


class EvidenceOut(BaseModel):
    sentence: int = Field(description="index of the sentence in `sentences`")
    start: int = Field(description="start offset into `text` (Unicode code points)")
    end: int = Field(description="end offset into `text`; text[start:end] is the evidence")


class HighlightOut(BaseModel):
    text: str
    score: float
    evidence: list[EvidenceOut]
    spans: list[list[int]] | None = Field(None, description="a shortened bullet: the [start, end] pieces of "
                                          "`text` it was built from (absent for a whole sentence)")
    rewritten: bool | None = Field(None, description="true when a language model wrote it from its evidence and "
                                   "the guard passed it (the service runs with HIGHLIGHTS_WRITER=llm)")
    verified: VerifiedOut | None = Field(None, description="the verifier's verdict (absent when verification is off)")


class SummaryOut(BaseModel):
    """The JSON contract, as `highlights summarize --format json` writes it. New fields may be added."""

    id: str
    title: str | None
    date: str | None = Field(description="YYYY-MM-DD or null")
    text: str = Field(description="the article body; all offsets point into it")
    method: str
    compressed: bool = Field(description="whether the bullets were shortened (compression on)")
    writer: str = Field("extract", description="extract (the article's words) or llm (guarded rewrites)")
    highlights: list[HighlightOut]
    dateline: str | None
    sentences: list[list[int]] = Field(description="[start, end] of every sentence")
    references: list[str] | None = Field(None, description="reference highlights that came with the input")
    notes: list[str] = Field(default_factory=list, description="why fewer highlights than asked came out (the "
                             "method's own choice, its maximum, sentences that cannot stand alone as bullets), "
                             "or what to doubt about a page's extracted text; empty when there is nothing to say")
    conflicts: list[ConflictOut] = Field(default_factory=list, description="figures in the article that "
                                         "disagree (different sources, the same count and day)")


class ConflictValueOut(BaseModel):
    value: float
    text: str = Field(description="the figure as written, hedge included ('an estimated 10,000')")
    article: int | str | None = Field(description="the article it comes from (a story's: its id); null within "
                                      "one article")
    start: int = Field(description="its span in that article's text")
    end: int
    attribution: str | None = Field(description="who the article says gives it")


class ProblemOut(BaseModel):
    type: str = Field(description="what is unsupported: number, date, entity, negation, claim, ... (hard ones "
                                  "veto support); attribution, relation (reported only); rewrite: the language model's "
                                  "rewrite of this bullet was not used, and why (HIGHLIGHTS_WRITER=llm)")
    start: int = Field(description="its span in the bullet")
    end: int
    detail: str
    source_start: int | None = Field(None, description="the article passage it was compared with, if any")
    source_end: int | None = None


class JudgeOut(BaseModel):
    score: float = Field(description="the learned judge's P(the bullet is supported by its evidence sentences)")
    supported: bool = Field(description="the score reaches the judge's threshold")


class VerifiedOut(BaseModel):
    supported: bool
    score: float
    how: str = Field(description="how the verdict was reached: verbatim (a whole article sentence), deletion (words "
                                 "cut from one, judged by the deletion check), rules (the verifier's checks), guard (a "
                                 "language model's rewrite passed by its guard), parts (a conflict bullet, part by part)")
    problems: list[ProblemOut]
    judge: JudgeOut | None = Field(default=None, description="the learned judge's verdict, when it was asked "
                                   "(judge setting, or any rewrite of the llm writer); score is then its score")


class ConflictOut(BaseModel):
    what: str = Field(description="what is counted, e.g. 'those who fled'")
    bullet: str = Field(description="an editor's line: 'Estimates of those who fled differ: about 10,000 "
                                    "(civilians, Russian officials) vs about 20,000 (SANA)'")
    verified: VerifiedOut = Field(description="the bullet checked part by part against the figures' articles")
    values: list[ConflictValueOut] = Field(description="figures for the same count and day that cannot all be "
                                           "right, lowest first")


class ItemErrorOut(BaseModel):
    """A batch article that could not be summarized; the others still are."""

    index: int
    id: str | None
    error: str
    message: str
    field: str | None


class BatchOut(BaseModel):
    results: list[SummaryOut | ItemErrorOut] = Field(description="one per article, in order: a summary, "
                                                     "or an error object (it has an `error` field)")
    ok: int
    failed: int


class IngestedOut(BaseModel):
    """Where an article was placed. 201: stored now; 200: the same text was stored before (nothing changed)."""

    article: int = Field(description="the article's id in the stories database")
    story: int = Field(description="the story it is in (GET /v1/stories/{story})")
    topic: int = Field(description="the topic: stories that continue each other or are of one kind")
    new_article: bool
    new_story: bool = Field(description="it started a story")
    summary: SummaryOut = Field(description="its highlights, the JSON contract of /v1/highlights")


class FeedIn(BaseModel):
    """A feed to follow: an RSS or Atom feed, or an OPML list of feeds (each of them is followed)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"url": "https://example.com/rss.xml"}]})

    url: str = Field(min_length=1, max_length=2000, description="the feed's http(s) address",
                     json_schema_extra={"pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/]"})

    _unicode = field_validator("url", mode="before")(_valid_unicode)

    @field_validator("url")
    @classmethod
    def _http(cls, value: str) -> str:
        """An http(s) address, said in words (the pattern in the spec says the same to a client)."""
        value = value.strip()
        if not re.match(r"(?i)https?://[^\s/]", value):
            raise ValueError(f"{value[:200]!r} is not a feed's address; give an http:// or https:// URL")
        return value


class FeedRoundOut(BaseModel):
    """A feed's last round."""

    at: str = Field(description="when it was polled, UTC (ISO 8601)")
    status: str = Field(description="`changed`, `not_modified` (a 304) or `failed`")
    new: int = Field(description="articles stored from its items in that round")
    failed: int = Field(description="items whose page (and the feed's own text) could not be read")
    error: str | None = Field(description="why the feed failed: timeout, http_status, content_type, malformed, ...")
    message: str | None
    failures_in_a_row: int


class FeedOut(BaseModel):
    """A followed feed, as `highlights feeds --format json` prints it."""

    id: int
    url: str
    title: str | None = Field(description="the feed's own title, once read")
    added: str | None
    items: int = Field(description="items seen in all")
    stored: int = Field(description="items whose article is stored")
    last_round: FeedRoundOut | None = Field(description="null before its first round")
    next_round_not_before: str | None = Field(description="a server's Retry-After put the next round off until then")


class FeedListOut(BaseModel):
    """The feeds followed and whether this server polls them."""

    feeds: list[FeedOut]
    every: float = Field(description="seconds between two rounds (HIGHLIGHTS_FOLLOW_EVERY); 0: no rounds here")


class StoryListOut(BaseModel):
    """A story in the listing, as `highlights stories --format json` prints it."""

    id: int
    title: str | None
    articles: int = Field(description="how many articles it holds")
    first: str | None = Field(description="the date of its earliest article, YYYY-MM-DD, or null")
    last: str | None = Field(description="the date of its latest article")
    topic: int
    highlights: list[str] = Field(description="its top highlights across its articles")


class TopicStoryOut(BaseModel):
    """A story as its topic lists it (GET /v1/stories/{id} opens it)."""

    id: int
    title: str | None
    articles: int = Field(description="how many articles it holds")
    first: str | None = Field(description="the date of its earliest article, YYYY-MM-DD, or null")
    last: str | None = Field(description="the date of its latest article")


class TopicListOut(BaseModel):
    """A topic, a long-running thread of stories, as `highlights stories --by topic --format json` prints it."""

    id: int = Field(description="the topic (a story's `topic`; GET /v1/stories?topic= lists all its stories)")
    title: str | None = Field(description="its largest story's title")
    articles: int = Field(description="how many articles its stories hold")
    stories: int = Field(description="how many stories it holds: `top_stories` listed, the others counted")
    first: str | None = Field(description="the date of its earliest article, YYYY-MM-DD, or null")
    last: str | None = Field(description="the date of its latest article")
    top_stories: list[TopicStoryOut] = Field(description="its largest stories first, then the latest; a "
                                             "one-article story only when none is larger")
    single_stories: int = Field(description="its one-article stories not listed")
    other_stories: int = Field(description="its larger stories not listed (past `stories`)")


class StoryEvidenceOut(EvidenceOut):
    article: int = Field(description="the article (GET /v1/articles/{article}) whose text the offsets point into")


class StoryHighlightOut(BaseModel):
    text: str
    score: float
    article: int = Field(description="the article it comes from")
    date: str | None
    title: str | None
    evidence: list[StoryEvidenceOut]
    spans: list[list[int]] | None = Field(None, description="a shortened bullet: the [start, end] pieces of "
                                          "its article's text it was built from")


class StoryArticleOut(BaseModel):
    id: int
    title: str | None
    date: str | None
    source: str | None
    url: str | None
    external_id: str | None
    score: float = Field(description="its similarity to the story when it joined (0 for the first)")


class StoryOut(BaseModel):
    """One story, as `highlights story ID --format json` prints it; a merged story's id leads to the story
    that absorbed it."""

    id: int
    title: str | None
    topic: int
    first: str | None
    last: str | None
    articles: list[StoryArticleOut] = Field(description="in date, then arrival order: `limit` of them from "
                                            "`offset` on")
    articles_total: int = Field(description="how many articles the story holds (a page of them is listed)")
    offset: int = Field(description="the first article listed, counting from 0")
    limit: int | None = Field(description="at most this many articles listed (null: all of them)")
    highlights: list[StoryHighlightOut] = Field(description="drawn from all its articles, not only the page")
    conflicts: list[ConflictOut] = Field(description="figures that disagree across all its articles; each value "
                                         "names its article (computed once per version of the story)")
    since: str | None = Field(None, description="with ?since=: the day after which the highlights are new")


class TimelineEvidenceOut(BaseModel):
    article: str = Field(description="the article's id (GET /v1/articles/{article})")
    start: int
    end: int


class TimelineBulletOut(BaseModel):
    text: str
    evidence: list[TimelineEvidenceOut]


class TimelineDateOut(BaseModel):
    date: str = Field(description="YYYY-MM-DD")
    date_source: str = Field(description="published (articles came out that day) or text (only the text names it)")
    bullets: list[TimelineBulletOut]


class TimelineOut(BaseModel):
    """A story's timeline, as `highlights timeline --story ID --format json` writes it."""

    story: int | None
    title: str | None
    method: str
    articles: int = Field(description="the dated articles it was made of")
    dates: list[TimelineDateOut] = Field(description="in date order")


class StoredArticleOut(BaseModel):
    id: int
    external_id: str | None
    title: str | None
    date: str | None
    source: str | None
    url: str | None
    story: int
    topic: int
    text: str = Field(description="the article body; evidence offsets point into it")
    summary: SummaryOut | None = Field(description="its highlights when it was stored with them")


class FieldErrorOut(BaseModel):
    field: str = Field(description="where, e.g. `text` or `articles[2].count`; `body` for the whole body")
    message: str
    type: str


class ReadyOut(BaseModel):
    status: str = Field(description="ready or not_ready")
    reason: str
    queue: int = Field(description="requests waiting for a worker")
    busy: int = Field(description="workers working on an article")


class ErrorOut(BaseModel):
    """Every error response: a short code, one readable line and, for 422, the fields at fault."""

    error: str = Field(description="a short code, stable once published (its HTTP status in brackets): "
                       + ", ".join(f"{code} ({status})" for code, status in STATUS.items()))
    message: str
    fields: list[FieldErrorOut] | None = None


class MethodOut(BaseModel):
    name: str
    description: str
    available: bool
    reason: str | None = Field(None, description="why it is not available")


class LimitsOut(BaseModel):
    count_min: int
    count_max: int
    count_default: int
    max_batch: int
    max_body_bytes: int
    max_sentences: int
    timeout_s: float


class MethodsOut(BaseModel):
    default: str
    methods: list[MethodOut]
    limits: LimitsOut
    auth: bool = Field(description="whether /v1 needs an API key")


class HealthOut(BaseModel):
    status: str
    version: str
