#!/usr/bin/env python3
"""Measures parley as a whole process: wall time and peak memory over repeated runs.

Usage: python3 Benchmarks/run.py PATH-TO-PARLEY [RUNS]

Each case prints its median and worst wall time and its median peak resident memory, beside the target
an issue sets for it where there is one. Nothing here fails a build: the numbers are for reading.
"""
import os
import pty
import select
import statistics
import sys
import tempfile
import time

# name, arguments, standard input, target milliseconds, target MiB (None: no target set yet)
CASES = [
    ("parley --version", ["--version"], b"", 15, None),
    ("script: /help", [], b"/help\n", 30, None),
    ("script: 1,000 commands", [], b"/help quit\n" * 1000, None, None),
]


def run_once(binary, arguments, stdin, home):
    """Runs the binary once; returns (seconds, peak MiB)."""
    env = {
        "HOME": home,
        "XDG_CONFIG_HOME": home + "/config",
        "XDG_STATE_HOME": home + "/state",
        "XDG_DATA_HOME": home + "/data",
        "PATH": "/usr/bin:/bin",
    }
    read_end, write_end = os.pipe()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.close(write_end)
        os.dup2(read_end, 0)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execve(binary, [binary] + arguments, env)
    os.close(read_end)
    view = memoryview(stdin)
    while view:
        view = view[os.write(write_end, view):]
    os.close(write_end)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{binary} {' '.join(arguments)} exited with {os.waitstatus_to_exitcode(status)}")
    return elapsed, usage.ru_maxrss / 1024


def time_to_prompt(binary, home):
    """Starts parley on a pseudo-terminal; returns (seconds until the prompt shows, peak MiB)."""
    env = {
        "HOME": home,
        "XDG_CONFIG_HOME": home + "/config",
        "XDG_STATE_HOME": home + "/state",
        "XDG_DATA_HOME": home + "/data",
        "PATH": "/usr/bin:/bin",
        "TERM": "xterm-256color",
        "NO_COLOR": "1",
    }
    start = time.perf_counter()
    pid, master = pty.fork()
    if pid == 0:
        os.execve(binary, [binary], env)
    seen = b""
    while "› ".encode() not in seen:
        ready, _, _ = select.select([master], [], [], 5)
        if not ready:
            raise SystemExit(f"no prompt within 5 s; output: {seen!r}")
        seen += os.read(master, 4096)
    elapsed = time.perf_counter() - start
    os.write(master, b"\x04")
    _, _, usage = os.wait4(pid, 0)
    os.close(master)
    return elapsed, usage.ru_maxrss / 1024


def report(name, results, target_ms, target_mib):
    """Prints one row: median and worst time, median peak memory, and the targets met or missed."""
    times = [seconds for seconds, _ in results]
    median_ms = statistics.median(times) * 1000
    peak = statistics.median(mib for _, mib in results)
    target = []
    if target_ms is not None:
        target.append(f"≤ {target_ms} ms ({'met' if median_ms <= target_ms else 'missed'})")
    if target_mib is not None:
        target.append(f"≤ {target_mib} MiB ({'met' if peak <= target_mib else 'missed'})")
    print(f"{name:24} {median_ms:7.1f}ms {max(times) * 1000:7.1f}ms {peak:9.1f}   {', '.join(target) or '—'}")


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as home:
        print(f"{'case':24} {'median':>9} {'worst':>9} {'peak MiB':>9}   target")
        for name, arguments, stdin, target_ms, target_mib in CASES:
            report(name, [run_once(binary, arguments, stdin, home) for _ in range(runs)], target_ms, target_mib)
        report("start-up to the prompt", [time_to_prompt(binary, home) for _ in range(runs)], 30, None)


if __name__ == "__main__":
    main()
