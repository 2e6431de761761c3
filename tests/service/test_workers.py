"""The worker pool on its own: large jobs and answers cross to the worker processes whole, under the
event loop the server runs (uvloop), and a job past its deadline is stopped."""
import asyncio
import time

import pytest

from highlights import Settings
from highlights.service.workers import TimedOut, WorkerPool

SENTENCE = ("The council met for many hours on the plan to rebuild the harbor and the roads around it, and the "
            "mayor said that the work on the docks and the bridges could begin before the rains came back ")
BIG = (SENTENCE + "today. ") * 5_000  # 990 KB, 5,000 sentences: the answer is about 1 MB too


def job(text):
    return {"text": text, "html": None, "id": "x", "title": None, "date": None}


async def scenario():
    pool = WorkerPool(Settings(), concurrency=2, queue=4, max_sentences=5_000, work="tests.service.slow_work:SlowWork")
    try:
        await pool.ensure_started()
        unpunctuated = ("word " * 12_000).strip()
        answers = await asyncio.gather(*(pool.run("summarize", job(t), field="text", method="ranker", count=3,
                                                  deadline=time.monotonic() + 20)
                                         for t in [unpunctuated] * 3 + [BIG]))
        started = time.monotonic()
        with pytest.raises(TimedOut):
            await pool.run("summarize", job("Rain fell."), field="text", method="slow", count=3,
                           deadline=time.monotonic() + 0.5)
        return answers, time.monotonic() - started, pool.restarts
    finally:
        pool.close()


@pytest.mark.parametrize("loop", ["asyncio", "uvloop"])
def test_large_jobs_cross_whole_and_a_late_one_is_stopped(loop):
    run = asyncio.run if loop == "asyncio" else pytest.importorskip("uvloop").run
    answers, seconds, restarts = run(scenario())
    assert [a[0] for a in answers] == ["error"] * 3 + ["ok"]
    assert answers[0][2] == "empty_input" and len(answers[3][1]["sentences"]) == 5_000
    assert seconds < 2 and restarts == 1
