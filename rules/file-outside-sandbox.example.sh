#!/bin/sh
# checked with rules/agentos.config.yaml: the sandbox is ./workspace
# expect: file-outside-sandbox
rm -rf /var/lib/app/cache
# expect: file-outside-sandbox
cp workspace/report.csv /srv/share/report.csv
# expect: file-outside-sandbox
mv workspace/out.log ../other-project/out.log
# expect: file-outside-sandbox
chmod 600 ~/.ssh/config
# expect: file-outside-sandbox
echo "nameserver 1.1.1.1" > /etc/resolv.conf
# expect: file-outside-sandbox
cat < /etc/shadow

# ok: file-outside-sandbox
rm -rf workspace/build
# ok: file-outside-sandbox
cp workspace/a.txt workspace/b.txt
# ok: file-outside-sandbox
chmod 644 workspace/index.html
# ok: file-outside-sandbox
echo "done" > workspace/status.txt
# ok: file-outside-sandbox
make build 2>&1 > /dev/null
