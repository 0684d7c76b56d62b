const { exec, execFile, spawn } = require('node:child_process');
const util = require('node:util');

const run = util.promisify(exec);

async function gitLog(branch) {
  // expect: subprocess-shell
  const { stdout } = await run(`git log --oneline ${branch}`);
  // ok: subprocess-shell
  execFile('git', ['log', '--oneline', '--', branch], () => {});
  return stdout;
}

function serve(script) {
  // expect: subprocess-shell
  spawn('node', ['-e', script]);
  // expect: subprocess-shell
  spawn('ls', ['-la', script], { shell: true });
  // ok: subprocess-shell
  spawn('ls', ['-la', script]);
}

module.exports = { gitLog, serve };
