#!/usr/bin/env python3
"""Measures parley's start-up as a whole process: wall time and peak memory over repeated runs.

Usage: python3 Benchmarks/run.py PATH-TO-PARLEY [RUNS]

Each case prints its median and worst wall time and its median peak resident memory, beside the target
an issue sets for it where there is one. Nothing here fails a build: the numbers are for reading.
"""
import os
import sys
import tempfile

from harness import as_read_from_disk, environment, header, report, run_once, time_to_prompt

# name, arguments, standard input, target milliseconds
CASES = [
    ("parley --version", ["--version"], b"", 15),
    ("script: /help", [], b"/help\n", 30),
    ("script: 1,000 commands", [], b"/help quit\n" * 1000, None),
]


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    as_read_from_disk(binary)
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as home:
        env = environment(home, OLLAMA_HOST="127.0.0.1:9")
        header()
        for name, arguments, stdin, target_ms in CASES:
            report(name, [run_once(binary, arguments, stdin, env) for _ in range(runs)], target_ms)
        report("start-up to the prompt", [time_to_prompt(binary, [], env) for _ in range(runs)], 30)


if __name__ == "__main__":
    main()
