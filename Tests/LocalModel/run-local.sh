#!/usr/bin/env bash
# Starts parley against a small real model served on loopback, for a first chat with no provider set up.
# Usage: Tests/LocalModel/run-local.sh PATH-TO-PARLEY [PARLEY ARGUMENTS...]
set -euo pipefail
parley=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
state=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$state"' EXIT

echo "No provider is configured: starting a small local model (SmolLM2-135M) to chat with…" >&2
python3 "$here/serve.py" --venv "$here/../../.venv/local-model" --ready-file "$state/url" &
server=$!
while [[ ! -s $state/url ]]; do
    kill -0 "$server" 2>/dev/null || { echo "the local model server did not start" >&2; exit 1; }
    sleep 0.1
done
# A configuration of its own, naming the server as an ordinary OpenAI-compatible provider called local.
cat >"$state/config.yaml" <<YAML
providers:
  - name: local
    kind: openai
    base_url: $(cat "$state/url")
    model: smollm2-135m-instruct
YAML
"$parley" --config "$state/config.yaml" "$@"
