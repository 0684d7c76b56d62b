/** kernel.check of exec actions (program models and environment), warm: `npm run build && node test/bench/exec-check.bench.mjs`. Prints median and 10th-percentile batch per action. */
import { KernelSpace } from '../../dist/kernel/index.js';
const k = new KernelSpace({ preset: 'strict', sandbox: { roots: ['/tmp'] }, commands: { allow: ['git', 'ls', 'curl', 'docker'] } });
const actions = {
  'git status': { kind: 'exec', command: 'git', args: ['status'] },
  'git log --format=... -n 20': { kind: 'exec', command: 'git', args: ['log', '--format=%H %s', '-n', '20'] },
  'git -c core.pager=... log (denied)': { kind: 'exec', command: 'git', args: ['-c', 'core.pager=id', 'log'] },
  'git commit with env (identity)': { kind: 'exec', command: 'git', args: ['commit', '-m', 'x'], env: { GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@b' } },
  'ls -la': { kind: 'exec', command: 'ls', args: ['-la'] },
  'curl -o out https://...': { kind: 'exec', command: 'curl', args: ['-s', '-o', 'out.html', 'https://example.com'] },
  'docker run --rm alpine': { kind: 'exec', command: 'docker', args: ['run', '--rm', 'alpine', 'echo', 'hi'] },
};
for (const [name, a] of Object.entries(actions)) {
  for (let i = 0; i < 2000; i++) k.check(a);
  const samples = [];
  for (let b = 0; b < 31; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 500; i++) k.check(a);
    samples.push(Number(process.hrtime.bigint() - t0) / 500 / 1000);
  }
  samples.sort((x, y) => x - y);
  console.log(`| ${name} | ${samples[15].toFixed(1)} µs | ${samples[3].toFixed(1)} µs |`);
}
