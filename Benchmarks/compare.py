#!/usr/bin/env python3
"""Compares two parley binaries on the whole-process cases of run.py and chat.py, run alternately.

Usage: python3 Benchmarks/compare.py BEFORE-PARLEY AFTER-PARLEY [RUNS]

This machine's speed drifts by a fifth and more over a day, so figures taken at different times cannot say
whether a change helped. Here each run of one binary is followed by a run of the other, and each case prints
both medians (time and peak memory) side by side. PostgreSQL cases are added when PARLEY_BENCH_DATABASE_URL
is set, as for chat.py; when the two builds have different schemas, PARLEY_BENCH_BEFORE_DATABASE_URL gives
BEFORE a database of its own (a parley refuses a database a newer one has migrated).
"""
import os
import statistics
import sys
import tempfile
import threading
import uuid
from http.server import ThreadingHTTPServer

from chat import PROMPT, TWENTY_TURNS, Handler, chat_environment
from harness import as_read_from_disk, run_once, time_to_prompt


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    binaries = [os.path.abspath(path) for path in sys.argv[1:3]]
    for binary in binaries:
        as_read_from_disk(binary)
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # name, arguments, standard input (None: time to the prompt on a terminal), database
    cases = [("parley --version", ["--version"], b"", None), ("script: /help", [], b"/help\n", None),
             ("start-up to the prompt", [], None, None),
             ("one prompt (SQLite)", ["--model", "bench"], PROMPT, None),
             ("20-turn chat (SQLite)", ["--model", "bench"], TWENTY_TURNS, None)]
    database = os.environ.get("PARLEY_BENCH_DATABASE_URL")
    if database:
        cases += [("one prompt (PostgreSQL)", ["--model", "bench"], PROMPT, database),
                  ("20-turn chat (PostgreSQL)", ["--model", "bench"], TWENTY_TURNS, database)]
    print(f"{'case':28}{'before':>23}{'after':>23}")
    for name, arguments, stdin, store in cases:
        # One home and one list of results per side, by position: the same binary may be given twice, to see
        # how far apart two runs of one build come out.
        stores = [os.environ.get("PARLEY_BENCH_BEFORE_DATABASE_URL", store) if store else None, store]
        envs = [chat_environment(tempfile.mkdtemp(prefix="parley-compare-"), side_store, server.server_address[1])
                for side_store in stores]
        for binary, env in zip(binaries, envs):
            run_once(binary, ["--model", "bench"], b"warm up\n", env)
        results = [[] for _ in binaries]
        for _ in range(runs):
            for binary, env, side in zip(binaries, envs, results):
                # Each run is its own user, so PostgreSQL cases do not grow one another's history.
                env = dict(env, PARLEY_USER="compare-" + uuid.uuid4().hex)
                side.append(time_to_prompt(binary, arguments, env) if stdin is None
                            else run_once(binary, arguments, stdin, env))
        columns = ""
        for side in results:
            seconds = statistics.median(run[0] for run in side)
            peak = statistics.median(run[1] for run in side)
            columns += f" {seconds * 1000:8.1f} ms {peak:6.1f} MiB"
        print(f"{name:28}{columns}")


if __name__ == "__main__":
    main()
