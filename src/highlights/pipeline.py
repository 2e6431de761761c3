"""The whole flow in one place: read → sentences → select → compress → verify → rewrite → figures → write.

    import highlights
    pipeline = highlights.Pipeline(highlights.Settings(method="ranker", count=3))
    summary = pipeline(open("story.txt").read())        # text, or an Article
    print(summary.to_dict()["highlights"])

A ``Pipeline`` is built once from ``Settings`` and then called per article; the library
(``summarize``), the CLI, the service and the evaluation harness all use it, and nothing else puts
the stages together. Its stages are fixed at construction (a different setting means another
``Pipeline``); models load lazily, once per process, and are shared between pipelines.
"""
from __future__ import annotations

import itertools
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from typing import Any

from .compress import Compressor
from .document import Article, Conflict, Highlight, Sentence, Summary
from .errors import EmptyInputError, HighlightsError, SettingsError, TooLongError
from .figures import claims
from .read import from_text, read_each
from .read.language import require_english
from .rewrite import Writer
from .rewrite import get as get_writer
from .select import Summarizer, get, standalone
from .sentences import split
from .settings import MAX_COUNT, MIN_COUNT, Settings
from .verify import Verification
from .verify.conflict import checked
from .words import word_count

ROUNDS = 3  # times the summarizer chooses again when a pick cannot stand alone
MIN_STORY_WORDS = 50  # less text from a page than this: the notes say the extraction may have missed the story


@dataclass(frozen=True)
class Selection:
    """What stage 3 chose: the highlights, how many sentences could stand alone, and how many were
    set aside for each reason (``standalone.REASONS``)."""

    highlights: list[Highlight]
    candidates: int
    set_aside: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class _Begun:
    """An article between the pipeline's two halves (``Pipeline._begin``, ``Pipeline._finish``)."""

    article: Article
    n: int
    sentences: Sequence[Sentence]
    selection: Selection
    clock: list[tuple[str, float]]


class Pipeline:
    """Highlights for one article at a time, as ``settings`` asks: method, count, compress, verify, limits.

    >>> pipeline = Pipeline(Settings(method="lead", compress=False, verify=False))
    >>> story = "(CNN)Rain fell all day on Monday in Leeds. Read more: Storms. Roads across the city flooded by noon."
    >>> [h.text for h in pipeline(story, n=2).highlights]
    ['Rain fell all day on Monday in Leeds.', 'Roads across the city flooded by noon.']

    A call runs the stages in order, each a method you may also call alone: ``sentences`` (split),
    ``select`` (the summarizer's whole sentences), ``compress`` (shorten), ``check`` (verify, undoing
    cuts the verifier cannot support), ``writer`` (``settings.writer``: the bullets as extracted, or
    rewritten by a language model and guarded, ``highlights.rewrite``), ``figures`` (``settings.figures``:
    figures in the article that disagree, each bullet verified). ``run_paths`` does files and folders,
    reporting bad inputs instead of raising; ``warm_up`` loads the models now.

    ``summarizer`` replaces the registry's (``settings.method``), for methods outside it such as
    the evaluation's oracle and peers; the rest of the flow is the same.
    """

    def __init__(self, settings: Settings | None = None, *, summarizer: Summarizer | None = None):
        self.settings = settings if settings is not None else Settings()
        self.summarizer: Summarizer = summarizer if summarizer is not None else get(self.settings.method,
                                                                                   self.settings)
        self.compressor = compressor_for(self.settings.compress_rate) if self.settings.compress else None
        self.writer: Writer = get_writer(self.settings)
        # a rewrite the guard rejects falls back to the extracted bullet, which must carry its verdict
        self.verify = self.settings.verify or self.writer.name != "extract"

    @property
    def method(self) -> str:
        return self.summarizer.name

    def __repr__(self) -> str:
        return (f"Pipeline(method={self.method!r}, compress={self.compressor is not None}, verify={self.verify}, "
                f"writer={self.writer.name!r})")

    # --------------------------------------------------------------------------------- the flow

    def __call__(self, article: Article | str, *, n: int | None = None) -> Summary:
        """The summary of one article (or story text in any input form): ``n`` highlights at most."""
        return self._finish(self._begin(article, n))

    def many(self, items: Sequence[Article | HighlightsError], *, n: int | None = None
             ) -> list[Summary | HighlightsError]:
        """``result`` of each item, in order, the same summaries: the sentences each chose are parsed for the
        compressor together (``Compressor.parse_ahead``), since most of a few sentences' parse is spaCy's
        cost per call; ``WORKER_BATCH`` articles at a time parse a quarter faster than one at a time."""
        begun = [self._caught(self._begin, item, n) for item in items]
        if self.compressor is not None:
            self.compressor.parse_ahead((b.article, b.selection.highlights) for b in begun if isinstance(b, _Begun))
        return [self._caught(self._finish, b) if isinstance(b, _Begun) else b for b in begun]

    @staticmethod
    def _caught(stage: Callable[..., Any], item: Any, *args: Any) -> Any:
        """``stage(item, *args)``, or the error that stopped it (a read error is passed on)."""
        if isinstance(item, HighlightsError):
            return item  # a read error is passed on
        try:
            return stage(item, *args)
        except HighlightsError as exc:
            return exc

    def _begin(self, article: Article | str, n: int | None) -> _Begun:
        """Stages 1–3: the article read, split and its sentences chosen."""
        if isinstance(article, str):
            article = from_text(article)
        n = self.settings.count if n is None else n
        check_count(n)
        where = article.source or article.id
        if not article.text.strip():
            raise EmptyInputError("has no story text to summarize", source=where)
        require_english(article.text, source=where)
        clock = [("start", time.perf_counter())]
        sentences = self.sentences(article)
        clock.append(("split", time.perf_counter()))
        limit = self.settings.max_sentences
        if limit is not None and len(sentences) > limit:
            raise TooLongError(f"has {len(sentences):,} sentences; at most {limit:,} are summarized "
                               "(max_sentences, HIGHLIGHTS_MAX_SENTENCES)", source=where)
        selection = self.select(article, sentences, n=n)
        clock.append(("select", time.perf_counter()))
        return _Begun(article, n, sentences, selection, clock)

    def _finish(self, begun: _Begun) -> Summary:
        """Stages 4–7 on what ``_begin`` chose: compressed, verified, rewritten, the figures checked."""
        article, n, sentences, selection, clock = (begun.article, begun.n, begun.sentences, begun.selection,
                                                   list(begun.clock))
        clock.append(("start", time.perf_counter()))  # (time between the two halves is no stage's)
        extracted = selection.highlights
        highlights = self.compress(article, sentences, extracted)
        clock.append(("compress", time.perf_counter()))
        if self.verify:
            highlights = self.check(article, highlights, extracted)
            clock.append(("verify", time.perf_counter()))
        if self.writer.name != "extract":
            highlights = self.writer(article, sentences, highlights)
            clock.append(("rewrite", time.perf_counter()))
        found: tuple[Conflict, ...] = ()
        if self.settings.figures:
            found = self.figures(article, sentences)
            clock.append(("figures", time.perf_counter()))
        timings = tuple((stage, round(t - clock[i][1], 6)) for i, (stage, t) in enumerate(clock[1:])
                        if stage != "start")
        return Summary(article=article, sentences=tuple(sentences), highlights=tuple(highlights), method=self.method,
                       compressed=self.compressor is not None, writer=self.writer.name, notes=self.notes(article, selection, n),
                       conflicts=found, timings=timings)

    def sentences(self, article: Article) -> Sequence[Sentence]:
        """Stage 2: the article's sentences, as offsets into its text."""
        return split(article.text)

    def select(self, article: Article, sentences: Sequence[Sentence], *, n: int) -> Selection:
        """Stage 3: whole-sentence highlights chosen by the summarizer, in document order, among the
        sentences that can stand alone as bullets (``select.standalone``; unless ``settings.standalone``
        is off). A pick that fails the parsed checks (no verb, an unresolved pronoun) is set aside and
        the summarizer chooses again, at most ``ROUNDS`` times; a pick's opening connective ("But",
        "However,") is dropped (``standalone.trim``)."""
        if not self.settings.standalone:
            return Selection(self.summarizer(article, n=n, sentences=sentences), len(sentences), Counter())
        pool, why = standalone.screen(article, sentences)
        if not pool:
            raise EmptyInputError(f"has no sentence that can stand alone as a highlight ({standalone.describe(why)}); "
                                  "is this the story's main text?", source=article.source or article.id)
        picks: list[Highlight] = []
        for _ in range(ROUNDS):
            picks = self.summarizer(article, n=n, sentences=pool)
            bad = standalone.faults(article, sentences, picks, resolving=self.compressor is not None)
            if not bad:
                break
            why.update(bad.values())
            pool = [s for s in pool if s.index not in bad]
            picks = [h for h in picks if h.evidence[0].sentence not in bad]
            if not pool:
                break
        return Selection([standalone.trim(article, h) for h in picks], len(pool), why)

    def notes(self, article: Article, selection: Selection, n: int) -> tuple[str, ...]:
        """Why fewer highlights than asked came out, and what to doubt about the input (the reader's notes
        first)."""
        out = list(article.notes)
        got = len(selection.highlights)
        if got < n:
            most = getattr(self.summarizer, "most", None)
            if selection.candidates < n and selection.set_aside:
                out.append(standalone.note(selection.candidates, selection.set_aside))
            elif most is not None and n > most:
                chose = f" and chose {got} for this story" if got < most else ""
                out.append(f"asked for {n} highlights; the {self.method} method writes at most {most}{chose}")
            elif most is not None:
                out.append(f"the {self.method} method chose {got} of the {n} asked: it judges how many sentences "
                           "carry the story (lead and centrality always take the number asked)")
            else:
                out.append(f"the article has only {selection.candidates} sentences to choose from")
        words = word_count(article.text)
        if article.page and words < MIN_STORY_WORDS:
            out.append(f"the page's main text is only {words} words: the article itself may not have been found "
                       "(a caption or a teaser instead?)")
        return tuple(out)

    def compress(self, article: Article, sentences: Sequence[Sentence], highlights: list[Highlight]
                 ) -> list[Highlight]:
        """Stage 4: each highlight shortened (unchanged when compression is off)."""
        return self.compressor(article, sentences, highlights) if self.compressor is not None else list(highlights)

    def check(self, article: Article, highlights: list[Highlight], extracted: list[Highlight]) -> list[Highlight]:
        """Stage 5: each highlight with the verifier's verdict; a cut the verifier cannot support is
        undone, so the whole sentence it came from goes out instead."""
        out = []
        judge = self.settings.judge
        for short, whole in zip(highlights, extracted):
            verdict = verdict_on(article, short, judge=judge)
            if not verdict.supported and short.text != whole.text:
                short, verdict = whole, verdict_on(article, whole, judge=judge)
            out.append(replace(short, verified=verdict))
        return out

    def figures(self, article: Article, sentences: Sequence[Sentence]) -> tuple[Conflict, ...]:
        """Stage 7: the article's figures that disagree (``highlights.figures``), each with an editor's bullet
        that the verifier checks part by part (``verify.conflict``)."""
        return checked(claims(article, sentences), in_article=True)

    # ------------------------------------------------------------------------------ many inputs

    def run_paths(self, paths: Iterable[str], *, input_format: str | None = None, n: int | None = None,
                  workers: int = 0) -> Iterator[tuple[str, Summary | HighlightsError]]:
        """(input path, summary or error) for every article in every path, in order; folders are walked.

        Errors are yielded, not raised, so one bad input never loses the others. ``workers`` > 1: once the
        inputs hold ``PARALLEL_FROM`` articles, they are summarized in that many processes (each loads the
        models once), read here and handed back in order; fewer are summarized here, where no worker has to
        load anything.
        """
        check_count(self.settings.count if n is None else n)
        items = read_each(list(paths), input_format=input_format, settings=self.settings)
        if workers > 1:
            head = list(itertools.islice(items, PARALLEL_FROM))
            if len(head) == PARALLEL_FROM:
                yield from self._in_workers(itertools.chain(head, items), n=n, workers=workers)
                return
            items = iter(head)
        for path, item in items:
            yield path, self.result(item, n=n)

    def result(self, item: Article | HighlightsError, *, n: int | None = None) -> Summary | HighlightsError:
        """``self(item)``, or the error that stopped it (a read error is passed on)."""
        summary: Summary | HighlightsError = self._caught(self._finish, self._caught(self._begin, item, n))
        return summary

    def _in_workers(self, items: Iterable[tuple[str, Article | HighlightsError]], *, n: int | None, workers: int
                    ) -> Iterator[tuple[str, Summary | HighlightsError]]:
        from concurrent.futures.process import BrokenProcessPool

        from . import processes
        from .errors import EngineError

        with processes.pool(workers, _start_worker, self.settings) as pool:
            try:
                yield from processes.in_order(pool, processes.batches(items, WORKER_BATCH), partial(_run_batch, n=n),
                                              ahead=2 * workers)
            except BrokenProcessPool:
                raise EngineError("a worker process died while summarizing, perhaps killed for lack of memory; "
                                  "fewer --workers use less memory (--out DIR --resume keeps what was written)"
                                  ) from None

    def warm_up(self) -> Pipeline:
        """Load every model this pipeline needs now, instead of on the first article."""
        story = ["(CNN)The service started on Monday in the city of Springfield.",
                 "Officials said it reads a story from start to end.",
                 "Editors said it writes three highlights for each story."]
        self(" ".join(story[:self.settings.max_sentences or len(story)]), n=1)  # (within a limit of 1 or 2 too)
        return self


PARALLEL_FROM = 32  # articles: fewer are summarized in the calling process (a worker loads the models first)
WORKER_BATCH = 8  # articles a worker is handed at a time
_worker: Pipeline | HighlightsError | None = None  # a worker process's own pipeline, or why it could not be built


def _start_worker(settings: Settings) -> None:
    global _worker
    try:
        _worker = Pipeline(settings).warm_up()
    except HighlightsError as exc:  # a damaged model, say: reported with the first batch, not as a traceback
        _worker = exc


def _run_batch(batch: list[tuple[str, Article | HighlightsError]], *, n: int | None
               ) -> list[tuple[str, Summary | HighlightsError]]:
    if isinstance(_worker, HighlightsError):
        raise _worker
    assert _worker is not None, "the worker's initializer did not run"
    return list(zip((path for path, _ in batch), _worker.many([item for _, item in batch], n=n)))


def verdict_on(article: Article, h: Highlight, *, judge: bool = False) -> Verification:
    """The verifier's verdict. A whole article sentence, word for word, is supported by construction;
    a compressed one is judged by the deletion check on its cut (``compress.safety``); anything else
    gets the full verifier. With ``judge``, the learned judge reads the bullet against its evidence
    sentences too (``verify.judged``): its score ranks the bullets, and a cut it doubts is undone."""
    from .verify import copied_verdict, deletion_verdict, judged, verify

    ev = h.evidence
    evidence = tuple(article.text[e.start:e.end] for e in ev)
    if len(ev) == 1 and h.text == " ".join(evidence[0].split()):
        verdict = copied_verdict()
    elif h.deletion is not None:
        verdict = deletion_verdict(h.deletion)
    else:
        return verify(article, h.text, judge=judge, evidence=evidence)
    return judged(verdict, article, h.text, evidence) if judge else verdict


@lru_cache(maxsize=4)
def compressor_for(rate: float) -> Compressor:
    """One compressor per rate, shared by every pipeline, so its model loads once."""
    return Compressor(rate=rate)


@lru_cache(maxsize=16)
def _pipeline(settings: Settings) -> Pipeline:
    return Pipeline(settings)


def summarize(text_or_article: str | Article, *, method: str | None = None, n: int | None = None,
              settings: Settings | None = None) -> Summary:
    """Highlights for a story given as text (plain, seed form, .story or HTML) or as an ``Article``.

    A shortcut for ``Pipeline(settings)(text_or_article, n=n)``, with the pipeline kept for the next call.

    >>> s = summarize("(CNN)Rain fell all day on Monday in Leeds. Roads across the city flooded by noon. "
    ...               "Schools in the north stayed closed.", n=2, method="lead")
    >>> [h.text for h in s.highlights]
    ['Rain fell all day on Monday in Leeds.', 'Roads across the city flooded by noon.']
    """
    settings = settings or Settings()
    if method is not None:
        settings = settings.with_(method=method)
    return _pipeline(settings)(text_or_article, n=n)


def check_count(n: int) -> None:
    if not isinstance(n, int) or isinstance(n, bool) or not MIN_COUNT <= n <= MAX_COUNT:
        raise SettingsError(f"count must be between {MIN_COUNT} and {MAX_COUNT}, got {n!r}")
