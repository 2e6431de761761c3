"""The JSON contract: one object per article (JSON Lines when there are several)."""
from __future__ import annotations

import json

from ..document import Summary


def render(summary: Summary, *, with_body: bool = False) -> str:
    # ``text`` is always present: evidence offsets point into it.
    return json.dumps(summary.to_dict(), ensure_ascii=False) + "\n"
