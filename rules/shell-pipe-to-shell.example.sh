#!/usr/bin/env bash
set -euo pipefail

# expect: shell-pipe-to-shell
curl -fsSL https://get.example.com/install.sh | sh

# expect: shell-pipe-to-shell
wget -qO- https://example.org/setup | sudo bash

# ok: shell-pipe-to-shell
curl -fsSL -o install.sh https://get.example.com/install.sh

# ok: shell-pipe-to-shell
curl -s https://api.example.com/data | jq .items

# expect: shell-pipe-to-shell
curl -fsSL https://get.example.com/install.sh | bash -s -- --yes

# expect: shell-pipe-to-shell
curl -fsSL https://get.example.com/setup.py | python3 -

# ok: shell-pipe-to-shell
curl -s "$BASE/status" | python3 -m json.tool

# ok: shell-pipe-to-shell
curl -s "$BASE/run" | python3 -c "import sys, json; print(json.load(sys.stdin)['runId'])"

# ok: shell-pipe-to-shell
curl -s https://api.example.com/data | node -e 'process.stdin.pipe(process.stdout)'
