"""A stand-in for an OpenAI-compatible server (llama.cpp's, vLLM, Ollama) on loopback, for the endpoint
backend: it answers each chat request with a scripted bullet, so the tests know what the "model" wrote."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class FakeLLM:
    """``script`` maps a phrase of the sentence to rewrite → the reply; other sentences get their first
    six words (a faithful, if dull, headline). ``requests`` holds every request body received;
    ``status`` other than 200 makes the server answer that error."""

    def __init__(self) -> None:
        self.script: dict[str, str] = {}
        self.requests: list[dict] = []
        self.status = 200
        self.raw: bytes | None = None  # a reply body to send as is (not JSON, say)

    def reply(self, body: dict) -> str:
        sentence = body["messages"][-1]["content"]
        for phrase, answer in self.script.items():
            if phrase in sentence:
                return answer
        return " ".join(sentence.split()[:6]).rstrip(",.")


@pytest.fixture
def fake_llm():
    """(FakeLLM, its URL): a server thread on a free loopback port, for the length of one test."""
    llm = FakeLLM()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            llm.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
            if llm.status != 200:
                self.send_response(llm.status)
                self.end_headers()
                self.wfile.write(b'{"error": "model overloaded"}')
                return
            out = llm.raw if llm.raw is not None else json.dumps(
                {"choices": [{"index": 0, "message": {"role": "assistant", "content": llm.reply(body)}}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield llm, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


# A story the tests can check by hand: what each sentence says, and what a rewrite may not change.
STORY = (
    "(CNN)Floods forced 2,000 people from their homes in Leeds on Monday, officials said. "
    "The River Aire burst its banks after three days of heavy rain. "
    "The city council may close five schools until the water recedes. "
    "No one was injured, police said. "
    "Mayor Anna Reyes called it \"the worst flood in a generation\" and asked residents to stay home.")
