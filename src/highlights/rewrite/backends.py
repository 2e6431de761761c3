"""Where the words come from: a language model run in this process, or one behind an HTTP endpoint.

Both take chat messages and return the reply's text, greedily decoded (temperature 0, a fixed seed),
so the same input gives the same bullets.

``Embedded`` runs a GGUF file with llama.cpp (the ``xllamacpp`` package: a prebuilt CPU runtime), loaded
on the first call and shared by every writer of the process (``embedded()``). ``Endpoint`` posts to any
OpenAI-compatible ``/v1/chat/completions`` (a llama.cpp server, vLLM, Ollama); its key, if it needs one,
comes from ``$HIGHLIGHTS_LLM_API_KEY``.
"""
from __future__ import annotations

import json
import os
import secrets
import threading
import urllib.error
import urllib.request
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from ..errors import HighlightsError, ModelError

SEED = 0
INSTALL_RUNTIME = "pip install 'highlights[llm]' (or pip install xllamacpp==2026.10.11549)"


class WriterError(HighlightsError):
    """The language model could not be reached or did not answer as expected."""

    code = "writer_unavailable"  # the server's language model, not the client's input: the service answers 503


class Backend(Protocol):
    name: str
    grammars: bool  # whether ``chat`` can hold the reply to a GBNF grammar

    def chat(self, messages: list[dict[str, str]], *, max_tokens: int, grammar: str | None = None) -> str: ...


class Embedded:
    """A GGUF model run in this process by llama.cpp; ``threads`` CPU threads, a ``context``-token window;
    ``lookup``: speculative decoding from the prompt's own n-grams (prompt lookup)."""

    grammars = True

    def __init__(self, path: Path, *, threads: int, context: int = 2048, lookup: bool = True):
        self.path, self.threads, self.context, self.lookup = Path(path), threads, context, lookup
        self.name = self.path.name
        self._server: Any = None
        self._lock = threading.Lock()  # one generation at a time: the runtime has one slot

    def load(self) -> Embedded:
        if self._server is None:
            with self._lock:
                if self._server is None:
                    self._server = self._start()
        return self

    def _start(self) -> Any:
        try:
            import xllamacpp
        except ImportError:
            raise ModelError(f"the llama.cpp runtime is not installed: {INSTALL_RUNTIME}") from None
        if not self.path.is_file():
            raise ModelError(f"no GGUF model file at {self.path}; give --llm-model the path of one, or the name "
                             "of a packaged model")
        with open(self.path, "rb") as fh:
            if fh.read(4) != b"GGUF":
                raise ModelError(f"{self.path} is not a GGUF model file (it does not start with 'GGUF')")
        params = xllamacpp.CommonParams()
        params.model.path = str(self.path)
        params.n_ctx = self.context
        params.n_parallel = 1
        params.cpuparams.n_threads = self.threads
        params.cpuparams_batch.n_threads = self.threads
        params.warmup = False
        if self.lookup:
            # A headline copies runs of its sentence's words: guesses looked up in the prompt's n-grams are
            # checked several tokens at a time (greedy, so the bullet is the one plain decoding writes)
            params.speculative.types = [xllamacpp.common_speculative_type.COMMON_SPECULATIVE_TYPE_NGRAM_SIMPLE]
        params.verbosity = -1  # the runtime's own log is for llama.cpp's developers
        # The runtime also listens on a loopback port; a key nobody knows keeps other local users off it.
        params.api_keys = [secrets.token_hex(16)]
        try:
            return xllamacpp.Server(params)
        except Exception as exc:  # noqa: BLE001 - the runtime raises plain exceptions for a bad file
            raise ModelError(f"llama.cpp could not load {self.path}: {exc}") from None

    def chat(self, messages: list[dict[str, str]], *, max_tokens: int, grammar: str | None = None) -> str:
        self.load()
        request: dict[str, Any] = {"messages": messages, "max_tokens": max_tokens, "temperature": 0.0, "seed": SEED}
        if grammar is not None:
            request["grammar"] = grammar
        with self._lock:
            reply = self._server.handle_chat_completions(request)
        return _content(reply, str(self.path))


@lru_cache(maxsize=2)
def embedded(path: str, threads: int, context: int = 2048, lookup: bool = True) -> Embedded:
    """The process's one runtime for ``path``: a model loads once, whatever number of pipelines use it."""
    return Embedded(Path(path), threads=threads, context=context, lookup=lookup)


class Endpoint:
    """An OpenAI-compatible chat endpoint: ``url`` is the server's root (``http://host:8080``), its
    ``/v1`` or the full ``.../chat/completions``; ``model`` the name the server knows the model by."""

    grammars = False  # "grammar" is llama.cpp's own field; vLLM and Ollama name it otherwise or lack it

    def __init__(self, url: str, *, model: str | None, timeout: float):
        base = url.rstrip("/")
        if not base.startswith(("http://", "https://")):
            raise WriterError(f"--llm-url {url!r} is not an http(s) URL (e.g. http://localhost:8080)")
        if not base.endswith("/chat/completions"):
            base = base + ("/chat/completions" if base.endswith("/v1") else "/v1/chat/completions")
        self.url, self.model, self.timeout = base, model, timeout
        self.name = model or url
        self.key = os.environ.get("HIGHLIGHTS_LLM_API_KEY")

    def chat(self, messages: list[dict[str, str]], *, max_tokens: int, grammar: str | None = None) -> str:
        body: dict[str, Any] = {"messages": messages, "max_tokens": max_tokens, "temperature": 0.0, "seed": SEED}
        if self.model:
            body["model"] = self.model
        headers = {"Content-Type": "application/json"}
        if self.key:
            headers["Authorization"] = f"Bearer {self.key}"
        request = urllib.request.Request(self.url, data=json.dumps(body).encode("utf-8"), headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - the user's URL
                raw = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read(300).decode("utf-8", "replace").strip()
            raise WriterError(f"the language model at {self.url} answered HTTP {exc.code}: {detail or exc.reason}"
                              ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise WriterError(f"the language model at {self.url} could not be reached ({reason}); is the server "
                              "running, and is --llm-url right?") from None
        try:
            reply = json.loads(raw)
        except ValueError:
            raise WriterError(f"the language model at {self.url} did not answer JSON: {raw[:120]!r}") from None
        return _content(reply, self.url)


def _content(reply: Any, where: str) -> str:
    try:
        content = reply["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        error = reply.get("error") if isinstance(reply, dict) else None
        raise WriterError(f"the language model at {where} gave no chat reply"
                          + (f": {error}" if error else f" (got {str(reply)[:160]})")) from None
    if not isinstance(content, str):
        raise WriterError(f"the language model at {where} gave a reply without text ({content!r})")
    return content
