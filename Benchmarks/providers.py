#!/usr/bin/env python3
"""Measures the provider layer against its targets in issue 4; the numbers are for reading, nothing fails.

Usage: python3 Benchmarks/providers.py PATH-TO-parley-provider-bench [RUNS]

1. CPU time to read 10,000 small SSE events from the local replay server: parley's provider layer
   against `curl -sN` fetching the same stream (target: at most 1.5x curl), whole processes; then the same
   without each program's start-up (a one-event stream's cost subtracted), and the cost per event. Twice:
   with each event in its own TCP segment, as a production server sends a stream (TCP_NODELAY), and with
   the server's Nagle algorithm on, which gathers the events into large segments: fewer reads, so parsing
   weighs more.
2. Cancel to stream stopped while the server is silent: from the moment the consumer cancels to the
   moment the server sees the connection closed (target: median at most 10 ms).
"""
import json
import os
import statistics
import subprocess
import sys
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "..", "Tests", "ParleyProvidersTests", "Server", "provider_server.py")
EVENTS = 10_000


def cpu_seconds(command):
    """Runs a command to completion; returns its user+system CPU seconds and its stdout."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.dup2(write_end, 1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.execvp(command[0], command)
    os.close(write_end)
    output = b""
    while chunk := os.read(read_end, 65536):
        output += chunk
    os.close(read_end)
    _, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command[0]} exited with {os.waitstatus_to_exitcode(status)}")
    return usage.ru_utime + usage.ru_stime, output


def start_server(nagle):
    """Starts the replay server; returns it and its base URL."""
    env = dict(os.environ, PROVIDER_SERVER_NAGLE="1" if nagle else "0")
    server = subprocess.Popen([sys.executable, SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    return server, f"http://127.0.0.1:{int(server.stdout.readline())}"


def stream_cpu(bench, base, runs, label):
    """Prints the streaming comparison against one server."""
    url = f"{base}/t/bench/bench-{EVENTS}/v1/chat/completions"
    one = f"{base}/t/bench/bench-1/v1/chat/completions"
    curl_cpu, parley_cpu, curl_one, parley_one = [], [], [], []
    for _ in range(runs):
        curl_cpu.append(cpu_seconds(["curl", "-sN", "-X", "POST", "-d", "{}", "-o", "/dev/null", url])[0])
        seconds, output = cpu_seconds([bench, "stream", base])
        if int(output.split()[0]) != EVENTS:
            raise SystemExit(f"expected {EVENTS} text events, got {output!r}")
        parley_cpu.append(seconds)
        curl_one.append(cpu_seconds(["curl", "-sN", "-X", "POST", "-d", "{}", "-o", "/dev/null", one])[0])
        parley_one.append(cpu_seconds([bench, "stream", base, "1"])[0])
    curl_median, parley_median = statistics.median(curl_cpu), statistics.median(parley_cpu)
    print(label)
    print(f"  stream {EVENTS} events curl -sN {curl_median * 1000:7.1f} ms CPU   "
          f"parley {parley_median * 1000:7.1f} ms CPU   ratio {parley_median / curl_median:4.2f} (target <= 1.5)")
    # A one-event stream costs each program its start-up and one request; what is left is the streaming.
    curl_stream = curl_median - statistics.median(curl_one)
    parley_stream = parley_median - statistics.median(parley_one)
    print(f"  without start-up      curl -sN {curl_stream * 1000:7.1f} ms CPU   "
          f"parley {parley_stream * 1000:7.1f} ms CPU   ratio {parley_stream / curl_stream:4.2f}")
    print(f"  per event             curl -sN {curl_stream / EVENTS * 1e6:7.2f} us       "
          f"parley {parley_stream / EVENTS * 1e6:7.2f} us")


def main():
    bench = sys.argv[1] if len(sys.argv) > 1 else ".build/release/parley-provider-bench"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    for nagle, label in [(False, "each event in its own segment (TCP_NODELAY, as production servers send)"),
                         (True, "events gathered into large segments (the server's Nagle algorithm on)")]:
        server, base = start_server(nagle)
        try:
            stream_cpu(bench, base, runs, label)
            if nagle:
                continue
            _, output = cpu_seconds([bench, "cancel", base, "30"])
            latencies = []
            for line in output.decode().splitlines():
                token, cancelled_at = line.split()
                with urllib.request.urlopen(f"{base}/_closed/{token}") as answer:
                    closed_at = json.load(answer)
                if closed_at is not None:
                    latencies.append((closed_at - float(cancelled_at)) * 1000)
            latencies.sort()
            print(f"cancel to stopped       median {statistics.median(latencies):6.2f} ms   "
                  f"worst {latencies[-1]:6.2f} ms over {len(latencies)} runs (target median <= 10 ms)")
        finally:
            server.stdin.close()
            server.wait()


if __name__ == "__main__":
    main()
