"""What a worker runs in the time-limit tests: the real work, plus a method that never ends and one that
failed to load. Imported by name in the worker processes (``create_app(..., work=SLOW_WORK)``)."""
from highlights.service.work import Work


class SlowWork(Work):
    def __init__(self, settings, max_sentences, **lane):
        super().__init__(settings, max_sentences, **lane)
        self.methods += ["slow", "broken"]
        self.unavailable["broken"] = "it failed to load (OSError: model weights not found)"

    def summarize(self, item, *, field, method, count):
        if method == "slow":
            while True:  # burns a core until the worker is killed at the deadline
                pass
        return super().summarize(item, field=field, method=method, count=count)

    def read(self, db, what, **params):
        if params.get("story_id") == SLOW_STORY:
            while True:  # a story whose read never ends: the worker is killed at the deadline
                pass
        return super().read(db, what, **params)


SLOW_STORY = 424242
