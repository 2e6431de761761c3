"""``nlp`` owns spaCy: every call into the pipeline, from any stage and any thread, runs one at a time."""
from __future__ import annotations

import datetime as dt
import threading

from highlights import nlp, verify
from highlights.document import Article
from highlights.figures import claims, conflicts

# the second figure's source ("an opposition monitoring group") is found by a parse, not by the patterns
DOUMA = ("(CNN)Government troops shelled the suburb of Douma, killing 40 people, the health ministry said. An "
         "opposition monitoring group citing figures from local hospitals gave a death toll of 65 in Douma.")


class Watched:
    """The real pipeline, counting how many calls are inside it at once."""

    def __init__(self, real):
        self.real, self.vocab = real, real.vocab
        self.inside = self.most = self.calls = 0
        self._count = threading.Lock()

    def _enter(self):
        with self._count:
            self.inside += 1
            self.calls += 1
            self.most = max(self.most, self.inside)

    def _leave(self):
        with self._count:
            self.inside -= 1

    def __call__(self, text, **options):
        self._enter()
        try:
            return self.real(text, **options)
        finally:
            self._leave()

    def pipe(self, texts, **options):
        self._enter()
        try:
            return list(self.real.pipe(texts, **options))
        finally:
            self._leave()


def test_a_parse_finds_the_source_the_patterns_miss():
    article = Article(id="7", text=DOUMA, date=dt.date(2016, 8, 24))
    (d,) = conflicts(claims(article))
    assert d.bullet() == "Estimates of the dead differ: 40 (health ministry) vs 65 (opposition monitoring group)"


def test_calls_from_many_threads_and_stages_run_one_at_a_time(monkeypatch):
    watched = Watched(nlp.load())
    monkeypatch.setattr(nlp, "_pipeline", watched)
    article = Article(id="7", text=DOUMA, date=dt.date(2016, 8, 24))
    expected = [d.bullet() for d in conflicts(claims(article))]
    got, errors = [], []

    def work(i: int) -> None:
        try:
            if i % 3 == 0:
                got.append([d.bullet() for d in conflicts(claims(article))])  # the figures' parse
            elif i % 3 == 1:
                verify(DOUMA, "Troops shelled Douma, killing 40 people.")  # the verifier's parse
            else:
                nlp.tagged([f"Government troops shelled the suburb {i} times."])  # the compressor's parse
        except Exception as exc:  # noqa: BLE001  (reported below, with the thread's work)
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert got == [expected] * 4
    assert watched.calls >= 12 and watched.most == 1
