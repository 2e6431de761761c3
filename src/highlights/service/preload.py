"""Imported once by the worker pool's fork server, to load the models there before any worker exists.

Every worker is forked from that server, so it starts with the models in memory (shared, copy on write)
instead of loading them: a worker killed at a request's deadline is replaced in milliseconds, at no
cost in CPU. This is the one module whose import does heavy work; nothing else imports it.
"""
from __future__ import annotations

import logging

from ..pipeline import Pipeline
from ..read import from_text
from ..select import SUMMARIZERS
from ..settings import Settings

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
for _name in SUMMARIZERS:
    try:
        Pipeline(Settings.from_env().with_(method=_name)).warm_up()
    except Exception:  # noqa: BLE001, S110 - the worker reports a method that cannot load; here it only warms
        pass
try:
    from_text("<html><body><p>Warm-up.</p></body></html>", input_format="html")
except Exception:  # noqa: BLE001, S110
    pass
