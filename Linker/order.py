#!/usr/bin/env python3
"""Writes Linker/parley.order: the functions parley runs on its common paths, which the release link places
side by side (lld's --symbol-ordering-file).

Usage: python3 Linker/order.py PATH-TO-RELEASE-PARLEY   (or `make link-order`; needs valgrind)

Why: the statically linked binary holds 16 MiB of code, of which a piped prompt runs under 1 MiB. Scattered
through the file, those functions made the kernel map 9.7 MiB of it; side by side, 5.2 MiB (the rest is
whole objects of the Swift runtime and Foundation, which the link cannot split). A stale list costs only part
of that saving: the link ignores names it no longer finds.

The paths: --version and --help; a script of commands; one prompt and a three-turn chat, piped, against a
loopback OpenAI-compatible server; a terminal session that lists chats, sends a message and quits; and, when
PARLEY_ORDER_DATABASE_URL is set (`make link-order` sets it), one prompt and a three-turn chat saved in
PostgreSQL. Each runs under valgrind's callgrind, which names every function that ran.
"""
import glob
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import ThreadingHTTPServer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Benchmarks"))
from chat import PROMPT, Handler, chat_environment  # noqa: E402

OUTPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "parley.order")


def piped(command, stdin, env):
    subprocess.run(command, input=stdin, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=300)


def terminal(command, env, lines):
    """Runs `command` on a pseudo-terminal, typing each of `lines` once the prompt shows, then Ctrl-D."""
    pid, master = pty.fork()
    if pid == 0:
        os.execve(command[0], command, env)
    seen = b""
    for line in lines + [None]:
        deadline = time.monotonic() + 120
        while "› ".encode() not in seen[-200:]:
            ready, _, _ = select.select([master], [], [], 1)
            if time.monotonic() > deadline:
                raise SystemExit(f"no prompt; output: {seen[-300:]!r}")
            if ready:
                seen += os.read(master, 65536)
        seen = b""
        os.write(master, line.encode() + b"\r" if line is not None else b"\x04")
    while True:
        try:
            if not os.read(master, 65536):
                break
        except OSError:
            break
    os.waitpid(pid, 0)
    os.close(master)


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is needed: apt-get install valgrind")
    work = tempfile.mkdtemp(prefix="parley-order-")
    # valgrind cannot read the DWARF of a binary with the Swift runtime linked in; the symbol table suffices.
    binary = os.path.join(work, "parley")
    subprocess.run(["objcopy", "--strip-debug", os.path.abspath(sys.argv[1]), binary], check=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    grind = [shutil.which("valgrind"), "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={work}/callgrind.%p"]
    home = os.path.join(work, "home")
    env = chat_environment(home, None, server.server_address[1])
    run = grind + [binary, "--model", "bench"]
    piped(grind + [binary, "--version"], b"", env)
    piped(grind + [binary, "--help"], b"", env)
    piped(run, b"/help\n/settings\n/history\n/nope\n", env)
    piped(run, PROMPT, env)
    piped(run, b"Question one\nQuestion two\n/history\nQuestion three\n", env)
    terminal(run, env, ["/history", "Hello there", "/help"])
    database = os.environ.get("PARLEY_ORDER_DATABASE_URL")
    if database:
        postgres = chat_environment(home, database, server.server_address[1])
        piped(run, PROMPT, postgres)
        piped(run, b"Question one\nQuestion two\n/history\nQuestion three\n", postgres)

    defined = set()
    symbols = subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True, check=True)
    for line in symbols.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            defined.add(parts[2])
    ran = set()
    for profile in sorted(glob.glob(f"{work}/callgrind.*")):
        with open(profile) as lines:
            for line in lines:
                match = re.match(r"c?fn=\(\d+\) (.+)$", line)
                if match and match.group(1) in defined:
                    ran.add(match.group(1))
    shutil.rmtree(work)
    # Sorted, so that a regenerated list differs from the last only by what really changed.
    with open(OUTPUT, "w") as out:
        out.write("\n".join(sorted(ran)) + "\n")
    print(f"{OUTPUT}: {len(ran)} functions")


if __name__ == "__main__":
    main()
