#!/bin/sh
# expect: hardcoded-secret
export SLACK_TOKEN="xoxb-2841937465-4829173645-Qw8eR5tY2uI9oP3aS6dF1gH4"

# ok: hardcoded-secret
export SLACK_TOKEN="$SLACK_TOKEN_FROM_VAULT"
