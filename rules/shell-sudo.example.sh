#!/bin/sh
# expect: shell-sudo
sudo apt-get install -y jq

# ok: shell-sudo
apt-get download jq
