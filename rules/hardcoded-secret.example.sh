#!/bin/sh
# expect: hardcoded-secret
export SLACK_TOKEN="xoxb-2841937465-4829173645-Qw8eR5tY2uI9oP3aS6dF1gH4"

# ok: hardcoded-secret
export SLACK_TOKEN="$SLACK_TOKEN_FROM_VAULT"

# expect: hardcoded-secret
echo "OPENAI_API_KEY=sk-proj-PVuH6g3Hm87CKo5TWE4mf9dLv7M8X2LRnEX2BBfSYmqeehWg" >> .env
# expect: hardcoded-secret
echo "DB_PASSWORD=q7Wz3xPk9Lm2" >> .env
# ok: hardcoded-secret
echo "DB_PASSWORD=$DB_PASSWORD" >> .env
cat > config/app.env <<EOF
LOG_LEVEL=info
# expect: hardcoded-secret
SESSION_SECRET=Hq4zW8pLx2NmVb7nQ2xL9kPz
# ok: hardcoded-secret
API_TOKEN=$API_TOKEN
EOF
exec python3 - "$@" <<'PY'
def export(args):
    # ok: hardcoded-secret
    api_key = qdrant_api_key(args)
    # expect: hardcoded-secret
    admin_password = "Zk4mQ8wLp2Rv"
    return api_key, admin_password
PY
