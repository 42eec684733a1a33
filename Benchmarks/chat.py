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
import pty
import select
import statistics
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKENS = 50


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

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


def environment(home, database, port):
    env = {
        "HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_STATE_HOME": home + "/state",
        "XDG_DATA_HOME": home + "/data", "PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "NO_COLOR": "1",
        "OPENAI_API_KEY": "sk-bench", "OPENAI_BASE_URL": f"http://127.0.0.1:{port}/v1",
    }
    if database:
        env["PARLEY_DATABASE_URL"] = database
    return env


def run_script(binary, script, env):
    """Runs parley with `script` on standard input; returns (seconds, peak MiB)."""
    read_end, write_end = os.pipe()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.close(write_end)
        os.dup2(read_end, 0)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execve(binary, [binary, "--model", "bench"], env)
    os.close(read_end)
    os.write(write_end, script)
    os.close(write_end)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"parley exited with {os.waitstatus_to_exitcode(status)}")
    return elapsed, usage.ru_maxrss / 1024


def time_to_prompt(binary, env):
    start = time.perf_counter()
    pid, master = pty.fork()
    if pid == 0:
        os.execve(binary, [binary, "--model", "bench"], env)
    seen = b""
    while "› ".encode() not in seen:
        ready, _, _ = select.select([master], [], [], 10)
        if not ready:
            raise SystemExit(f"no prompt within 10 s: {seen!r}")
        seen += os.read(master, 4096)
    elapsed = time.perf_counter() - start
    os.write(master, b"\x04")
    _, _, usage = os.wait4(pid, 0)
    os.close(master)
    return elapsed, usage.ru_maxrss / 1024


def report(name, results, target_ms, target_mib):
    times = [seconds for seconds, _ in results]
    median_ms = statistics.median(times) * 1000
    peak = statistics.median(mib for _, mib in results)
    verdict = "met" if median_ms <= target_ms and peak <= target_mib else "missed"
    print(f"{name:44} {median_ms:8.1f}ms {max(times) * 1000:8.1f}ms {peak:8.1f}   "
          f"≤ {target_ms} ms, ≤ {target_mib} MiB ({verdict})", flush=True)


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    stores = [("SQLite", None)]
    if os.environ.get("PARLEY_BENCH_DATABASE_URL"):
        stores.append(("PostgreSQL", os.environ["PARLEY_BENCH_DATABASE_URL"]))
    print(f"{'case':44} {'median':>10} {'worst':>10} {'peak MiB':>8}   target")
    for store, database in stores:
        with tempfile.TemporaryDirectory(prefix="parley-bench-") as home:
            env = environment(home, database, port)
            # Each run is its own user, so PostgreSQL cases do not grow one another's history.
            def user_env():
                return dict(env, PARLEY_USER="bench-" + uuid.uuid4().hex)
            run_script(binary, b"warm up\n", env)
            report(f"one prompt, answered and saved ({store})",
                   [run_script(binary, b"Say something.\n", user_env()) for _ in range(runs)], 25, 20)
            script = b"".join(f"Question {i}\n".encode() for i in range(20))
            report(f"20-turn scripted chat ({store})",
                   [run_script(binary, script, user_env()) for _ in range(runs)], 150, 25)
            crowded = dict(env, PARLEY_USER="bench-crowded-" + uuid.uuid4().hex)
            run_script(binary, b"hello\n/new\n" * 1000, crowded)
            report(f"start-up to the prompt, 1,000 chats ({store})",
                   [time_to_prompt(binary, crowded) for _ in range(runs)], 30, 25)
    server.shutdown()


if __name__ == "__main__":
    main()
