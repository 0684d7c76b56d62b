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
