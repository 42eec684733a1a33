#!/usr/bin/env python3
"""Measures whole chats against the targets of the chat issue; the numbers are for reading, nothing fails.

Usage: python3 Benchmarks/chat.py PATH-TO-PARLEY [RUNS]

A loopback OpenAI-compatible server in this process answers every request with 50 tokens and no delay.
Cases: one prompt piped in, answered and saved; a 20-turn scripted chat; start-up to a ready prompt with
1,000 saved chats. Each runs on SQLite, and on PostgreSQL too when PARLEY_BENCH_DATABASE_URL is set
(`make bench` sets it to a throwaway server). Wall time and peak memory are medians over RUNS.
"""
import json
import os
import sys
import tempfile
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from harness import as_read_from_disk, environment, header, report, run_once, time_to_prompt

TOKENS = 50
# The piped cases' input: one prompt, and a 20-turn chat.
PROMPT = b"Say something.\n"
TWENTY_TURNS = b"".join(f"Question {i}\n".encode() for i in range(20))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY, as production servers set it (Go's, uvicorn, nginx): with Nagle's algorithm on, the body
    # written after the headers waits for the client's delayed ACK, 40 ms on every kept-alive connection.
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        chunks = [{"choices": [{"index": 0, "delta": {"content": f" word{i}"}, "finish_reason": None}]}
                  for i in range(TOKENS)]
        chunks.append({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        chunks.append({"choices": [], "usage": {"prompt_tokens": 10, "completion_tokens": TOKENS,
                                                "total_tokens": 10 + TOKENS}})
        body = b"".join(b"data: " + json.dumps(c).encode() + b"\n\n" for c in chunks) + b"data: [DONE]\n\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def chat_environment(home, database, port):
    extra = {"OPENAI_API_KEY": "sk-bench", "OPENAI_BASE_URL": f"http://127.0.0.1:{port}/v1"}
    if database:
        extra["PARLEY_DATABASE_URL"] = database
    return environment(home, **extra)


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    as_read_from_disk(binary)
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    stores = [("SQLite", None)]
    if os.environ.get("PARLEY_BENCH_DATABASE_URL"):
        stores.append(("PostgreSQL", os.environ["PARLEY_BENCH_DATABASE_URL"]))
    header()
    for store, database in stores:
        with tempfile.TemporaryDirectory(prefix="parley-bench-") as home:
            env = chat_environment(home, database, port)
            model = ["--model", "bench"]
            # Each run is its own user, so PostgreSQL cases do not grow one another's history.
            def user_env():
                return dict(env, PARLEY_USER="bench-" + uuid.uuid4().hex)
            run_once(binary, model, b"warm up\n", env)
            report(f"one prompt, answered and saved ({store})",
                   [run_once(binary, model, PROMPT, user_env()) for _ in range(runs)], 25, 20)
            report(f"20-turn scripted chat ({store})",
                   [run_once(binary, model, TWENTY_TURNS, user_env()) for _ in range(runs)], 150, 25)
            crowded = dict(env, PARLEY_USER="bench-crowded-" + uuid.uuid4().hex)
            run_once(binary, model, b"hello\n/new\n" * 1000, crowded)
            report(f"start-up to the prompt, 1,000 chats ({store})",
                   [time_to_prompt(binary, model, crowded) for _ in range(runs)], 30, 25)
    server.shutdown()


if __name__ == "__main__":
    main()
