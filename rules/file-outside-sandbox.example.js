const fs = require('fs');
const { rm } = require('node:fs/promises');

// expect: file-outside-sandbox
const shadow = fs.readFileSync('/etc/shadow', 'utf8');

// ok: file-outside-sandbox
fs.writeFileSync('workspace/report.md', shadow.length.toString());

async function clean() {
  // expect: file-outside-sandbox
  await rm('/tmp/cache', { recursive: true, force: true });
  // ok: file-outside-sandbox
  await rm('workspace/tmp', { recursive: true, force: true });
}

module.exports = { clean };
