#!/bin/sh
# expect: shell-chmod-world-writable
chmod 777 /srv/agent

# expect: shell-chmod-world-writable
chmod -R o+w uploads

# ok: shell-chmod-world-writable
chmod 750 /srv/agent

# ok: shell-chmod-world-writable
chmod +x run.sh
