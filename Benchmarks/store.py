#!/usr/bin/env python3
"""Measures the store at scale against the data-layer targets; the numbers are for reading, nothing fails.

Usage: python3 Benchmarks/store.py PATH-TO-parley-store-bench POSTGRES-URL [THREADS] [PATH-TO-parley]

Fills a fresh PostgreSQL database and a fresh SQLite file with one user holding THREADS chats (default
100,000) of 20 steps each, plus one chat of 2,000 steps, then times through parley's own data layers: the
newest 10 chats with previews, a later page by cursor, a full-text search, loading the 2,000-step chat, and
handing a step to the writer. Given parley itself, it also times `/history` at its prompt on PostgreSQL, from
the Enter key to the listing (target 10 ms), and a whole piped run of it for reference.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

from harness import environment, run_once, time_command

TARGETS = {"newest": 5, "later": 5, "search": 50, "thread": 50, "handoff_us": 50}
LABELS = {"newest": "newest 10 chats with previews", "later": "a later page by cursor",
          "search": "full-text search", "thread": "load a 2,000-step chat", "handoff_us": "hand a step to the writer"}
BIG = "00000000-0000-4000-8000-000000000b16"
USER = "00000000-0000-4000-8000-0000000000be"
STAMP = "to_char(timestamp '2025-01-01' + {} , 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"


def fill_postgres(url, threads):
    stamp_thread = STAMP.format("i * interval '1 minute'")
    stamp_step = STAMP.format("i * interval '1 minute' + j * interval '1 second'")
    sql = f"""
    INSERT INTO users ("id", "identifier", "metadata", "createdAt") VALUES ('{USER}', 'bench', '{{}}', '2025-01-01T00:00:00.000000Z');
    INSERT INTO threads ("id", "createdAt", "name", "userId", "userIdentifier", "metadata")
        SELECT md5('t' || i)::uuid, {stamp_thread}, 'chat ' || i, '{USER}', 'bench', '{{}}' FROM generate_series(1, {threads}) i;
    INSERT INTO threads ("id", "createdAt", "name", "userId", "userIdentifier", "metadata")
        VALUES ('{BIG}', '2024-12-31T00:00:00.000000Z', 'long chat', '{USER}', 'bench', '{{}}');
    INSERT INTO steps ("id", "name", "type", "threadId", "streaming", "output", "createdAt", "metadata")
        SELECT md5('s' || i || '-' || j)::uuid, CASE WHEN j % 2 = 0 THEN 'bench' ELSE 'Assistant' END,
               CASE WHEN j % 2 = 0 THEN 'user_message' ELSE 'assistant_message' END, md5('t' || i)::uuid, false,
               'message ' || j || ' of chat ' || i || ' about ' ||
               (ARRAY['penguins', 'krill', 'volcanoes', 'sourdough', 'tensors'])[1 + (i + j) % 5],
               {stamp_step}, '{{}}'
        FROM generate_series(1, {threads}) i, generate_series(0, 19) j;
    INSERT INTO steps ("id", "name", "type", "threadId", "streaming", "output", "createdAt", "metadata")
        SELECT md5('b' || j)::uuid, 'bench', CASE WHEN j % 2 = 0 THEN 'user_message' ELSE 'assistant_message' END,
               '{BIG}', false, 'long message ' || j, {STAMP.format("j * interval '1 second'")}, '{{}}'
        FROM generate_series(1, 2000) j;
    ANALYZE;
    """
    subprocess.run(["psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", url, "-c", sql], check=True)


def fill_sqlite(path, threads):
    sql = f"""
    BEGIN;
    INSERT INTO users (id, identifier, metadata, createdAt) VALUES ('{USER}', 'bench', '{{}}', '2025-01-01T00:00:00.000000Z');
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {threads})
    INSERT INTO threads (id, createdAt, name, userId, userIdentifier, metadata)
        SELECT printf('%08x-0000-4000-8000-%012x', i, i), strftime('%Y-%m-%dT%H:%M:%S.000000Z', '2025-01-01', '+' || i || ' minutes'),
               'chat ' || i, '{USER}', 'bench', '{{}}' FROM n;
    INSERT INTO threads (id, createdAt, name, userId, userIdentifier, metadata)
        VALUES ('{BIG}', '2024-12-31T00:00:00.000000Z', 'long chat', '{USER}', 'bench', '{{}}');
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {threads}),
                   m(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM m WHERE j < 19)
    INSERT INTO steps (id, name, type, threadId, streaming, output, createdAt, metadata)
        SELECT printf('%08x-%04x-4000-8000-000000000000', i, j), CASE j % 2 WHEN 0 THEN 'bench' ELSE 'Assistant' END,
               CASE j % 2 WHEN 0 THEN 'user_message' ELSE 'assistant_message' END,
               printf('%08x-0000-4000-8000-%012x', i, i), 0,
               'message ' || j || ' of chat ' || i || ' about ' ||
               CASE (i + j) % 5 WHEN 0 THEN 'penguins' WHEN 1 THEN 'krill' WHEN 2 THEN 'volcanoes' WHEN 3 THEN 'sourdough' ELSE 'tensors' END,
               strftime('%Y-%m-%dT%H:%M:%S', '2025-01-01', '+' || i || ' minutes', '+' || j || ' seconds') || '.000000Z', '{{}}'
        FROM n, m;
    WITH RECURSIVE m(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM m WHERE j < 2000)
    INSERT INTO steps (id, name, type, threadId, streaming, output, createdAt, metadata)
        SELECT printf('%08x-0000-4000-8000-0000000b1600', j), 'bench', CASE j % 2 WHEN 0 THEN 'user_message' ELSE 'assistant_message' END,
               '{BIG}', 0, 'long message ' || j, strftime('%Y-%m-%dT%H:%M:%S', '2024-12-31', '+' || j || ' seconds') || '.000000Z', '{{}}'
        FROM m;
    COMMIT;
    ANALYZE;
    """
    subprocess.run(["sqlite3", path], input=sql.encode(), check=True)


def measure(bench, url, state):
    output = subprocess.run([bench, url, state], capture_output=True, check=True).stdout.decode()
    return json.loads(output.strip().splitlines()[-1])


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    bench, server = os.path.abspath(sys.argv[1]), sys.argv[2]
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
    parley = os.path.abspath(sys.argv[4]) if len(sys.argv) > 4 else None
    name = "parley_bench_" + uuid.uuid4().hex
    subprocess.run(["psql", "-q", "-X", server, "-c", f"CREATE DATABASE {name}"], check=True)
    postgres = server.rsplit("/", 1)[0] + "/" + name
    with tempfile.TemporaryDirectory(prefix="parley-store-bench-") as scratch:
        sqlite = scratch + "/bench.sqlite3"
        results = {}
        for store, url, fill in (("PostgreSQL", postgres, fill_postgres), ("SQLite", sqlite, fill_sqlite)):
            # A first run against the empty database creates the schema (and reports the missing user).
            subprocess.run([bench, url, scratch], capture_output=True)
            start = time.perf_counter()
            fill(url, threads)
            print(f"{store}: {threads:,} chats of 20 steps filled in {time.perf_counter() - start:.0f} s", flush=True)
            results[store] = measure(bench, url, scratch)
            if parley and store == "PostgreSQL":
                env = environment(scratch + "/home", PARLEY_USER="bench", PARLEY_DATABASE_URL=url,
                                  OLLAMA_HOST="127.0.0.1:9")
                runs = [run_once(parley, [], b"/history\n", env)[0] for _ in range(20)]
                history_run_ms = statistics.median(runs) * 1000
                history_ms = statistics.median(time_command(parley, [], env, "/history", "/resume", 20)) * 1000
    print(f"{'case':34} {'PostgreSQL':>12} {'SQLite':>12}   target")
    for key, target in TARGETS.items():
        unit = "µs" if key.endswith("_us") else "ms"
        cells = "".join(f"{results[store][key]:10.3f}{unit}" for store in ("PostgreSQL", "SQLite"))
        met = "met" if results["PostgreSQL"][key] <= target else "missed"
        print(f"{LABELS[key]:34} {cells}   ≤ {target} {unit} on PostgreSQL ({met})")
    if parley:
        met = "met" if history_ms <= 10 else "missed"
        print(f"{'parley /history, Enter to listed':34} {history_ms:10.3f}ms {'':12}   ≤ 10 ms ({met})")
        print(f"{'parley running /history (whole run)':34} {history_run_ms:10.3f}ms {'':12}   —")


if __name__ == "__main__":
    main()
