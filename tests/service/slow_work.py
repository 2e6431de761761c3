"""What a worker runs in the time-limit tests: the real work, plus a method that never ends and one that
failed to load. Imported by name in the worker processes (``create_app(..., work=SLOW_WORK)``)."""
from highlights.service.work import Work


class SlowWork(Work):
    def __init__(self, settings, max_sentences):
        super().__init__(settings, max_sentences)
        self.methods += ["slow", "broken"]
        self.unavailable["broken"] = "it failed to load (OSError: model weights not found)"

    def summarize(self, item, *, field, method, count):
        if method == "slow":
            while True:  # burns a core until the worker is killed at the deadline
                pass
        return super().summarize(item, field=field, method=method, count=count)
