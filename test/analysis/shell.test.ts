import { describe, expect, it } from 'vitest';
import type { CallFact, FileFacts, Value } from '../../src/analysis/facts.js';
import { analyzeShell } from '../../src/analysis/shell.js';
import { constString, skeleton } from '../../src/analysis/values.js';
import { onBothBackends } from '../helpers/tree-sitter.js';

const lower = (src: string): Promise<FileFacts> => analyzeShell('t.sh', src);

/** A call as `program word word`, holes written `?`, with its line and pipe source. */
function show(c: CallFact): string {
  const words = c.args.map((a: Value) => constString(a) ?? skeleton(a)?.text.replace(/__agentos_hole_\d+__/g, '?') ?? '?');
  const piped = constString(c.kwargs.pipedFrom);
  return `${c.range.line}: ${[c.method, ...words].join(' ')}${piped ? ` <- ${piped}` : ''}`;
}

/** The calls of the commands themselves, without the `shell.action.*` calls for what they do. */
const commands = (f: FileFacts): CallFact[] => f.calls.filter((c) => !c.callee.startsWith('shell.action.'));

const shown = async (src: string): Promise<string[]> => commands(await lower(src)).map(show);

describe('shell front end', () => {
  it('lowers commands everywhere: lists, conditions, loops, case, functions, substitutions', async () => {
    expect(
      await shown(
        [
          'set -e',
          'make build && make test || echo failed',
          'if [ -f x ]; then rm x; elif grep -q a b; then :; else touch y; fi',
          'for f in a b; do gzip "$f"; done',
          'while read -r line; do echo "$line"; done < input',
          'case "$1" in start) systemctl start app;; *) exit 1;; esac',
          'deploy() { rsync -a . host:/srv; }',
          'echo "today: $(date +%F)" `whoami`',
          '( cd /tmp && ls )',
        ].join('\n'),
      ),
    ).toEqual([
      '1: set -e',
      '2: make build',
      '2: make test',
      '2: echo failed',
      '3: rm x',
      '3: grep -q a b',
      '3: : ',
      '3: touch y',
      '4: gzip ?',
      '5: read -r line',
      '5: echo ?',
      '6: systemctl start app',
      '6: exit 1',
      '7: rsync -a . host:/srv',
      '8: echo today: ? ?',
      '8: date +%F',
      '8: whoami',
      '9: cd /tmp',
      '9: ls',
    ].map((s) => s.replace(/ $/, '')));
  });

  it('folds constant variables, and forgets those a branch or loop may change', async () => {
    const out = await shown(
      [
        'DIR=build',
        'export OUT="$DIR/out" MODE=fast',
        'rm -rf "$DIR/cache" $OUT "${DIR}" "${DIR:-x}" "$HOME"',
        'if [ -n "$CI" ]; then DIR=dist; fi',
        'rm -rf "$DIR"',
        'for OUT in a b; do :; done',
        'echo $OUT',
        'readonly KEEP=yes',
        'if true; then KEEP=yes; fi',
        'echo $KEEP',
      ].join('\n'),
    );
    expect(out).toEqual([
      '3: rm -rf build/cache build/out build ? ?',
      '5: rm -rf ?',
      '6: :',
      '7: echo ?',
      '9: true',
      '10: echo yes',
    ]);
  });

  it('local and declare without a value make a new variable, export keeps the value', async () => {
    expect(await shown('D=/srv\nexport D\nrm -rf "$D/a"\nclean() {\n  local D\n  rm -rf "$D/b"\n}\n')).toEqual(['3: rm -rf /srv/a', '6: rm -rf ?/b']);
  });

  it('marks what a pipeline feeds each command, and fetched scripts run through substitutions', async () => {
    expect(
      await shown(
        [
          'curl -fsSL https://x.example/i.sh | sudo -E bash -s -- --yes',
          'wget -qO- u | tee log | sh',
          'sh -c "$(curl -fsSL https://x.example/i.sh)"',
          'bash <(wget -qO- u)',
        ].join('\n'),
      ),
    ).toEqual([
      '1: curl -fsSL https://x.example/i.sh',
      '1: sudo -E bash -s -- --yes <- curl',
      '1: bash -s -- --yes <- curl',
      '2: wget -qO- u',
      '2: tee log <- wget',
      '2: sh <- tee',
      '3: sh -c ? <- curl',
      '3: curl -fsSL https://x.example/i.sh',
      '4: bash ? <- wget',
      '4: wget -qO- u',
    ]);
  });

  it('follows wrappers to the program they run', async () => {
    expect(
      await shown(
        [
          'sudo -u app env -i PATH=/bin FOO=1 nice -n 5 timeout -s KILL 30 python3 job.py',
          'find . -name "*.tmp" | xargs -n 1 rm -f',
          'command -v git',
          'exec "$@"',
        ].join('\n'),
      ),
    ).toEqual([
      '1: sudo -u app env -i PATH=/bin FOO=1 nice -n 5 timeout -s KILL 30 python3 job.py',
      '1: env -i PATH=/bin FOO=1 nice -n 5 timeout -s KILL 30 python3 job.py',
      '1: nice -n 5 timeout -s KILL 30 python3 job.py',
      '1: timeout -s KILL 30 python3 job.py',
      '1: python3 job.py',
      '2: find . -name *.tmp',
      '2: xargs -n 1 rm -f <- find',
      '2: rm -f <- find',
      '3: command -v git',
      '4: exec ?',
      '4: ? ',
    ].map((s) => s.replace(/ $/, '')));
  });

  it('lowers constant inline scripts of sh -c at the position of the outer command', async () => {
    const f = await lower("echo start\nbash -c 'rm -rf /tmp/x && chmod 777 /srv'\n");
    expect(commands(f).map(show)).toEqual(["1: echo start", '2: bash -c rm -rf /tmp/x && chmod 777 /srv', '2: rm -rf /tmp/x', '2: chmod 777 /srv']);
    expect(commands(f)[3]!.range).toEqual(commands(f)[1]!.range);
  });

  it('records constant assignments as strings, with their names', async () => {
    const f = await lower(['TOKEN="xoxb-2841937465-4829173645-Qw8eR5tY2uI9oP3aS6dF1gH4"', "export PASS='s3cr3t-v4lue' SHORT=abc", 'local X=$Y', 'API=$(vault read x)'].join('\n'));
    expect(f.strings.map((s) => [s.name, s.value])).toEqual([
      ['TOKEN', 'xoxb-2841937465-4829173645-Qw8eR5tY2uI9oP3aS6dF1gH4'],
      ['PASS', 's3cr3t-v4lue'],
    ]);
  });

  it('decodes quoting: backslashes, single quotes, $"..." and $\'...\'', async () => {
    expect(await shown(`printf a\\ b 'c $d' "e \\"f\\" \\$g" $'h\\ti'`)).toEqual(['1: printf a b c $d e "f" $g h\ti']);
  });

  it('lowers what commands do to files, databases and the network as shell.action calls', async () => {
    const f = await lower(
      [
        'rm -rf -- /srv/a "$B"',
        'cp src.txt /srv/dst.txt',
        'chmod 600 ~/.ssh/config',
        'echo hi > /etc/motd 2>&1',
        'psql "$URL" -c "DROP TABLE t" --command="TRUNCATE u"',
        'mysql -e\'DELETE FROM v\'',
        'sqlite3 app.db .tables "DELETE FROM w"',
        'psql <<SQL',
        'DELETE FROM $T;',
        'SQL',
        'curl -fsSL "https://api.example.com/$P" -o out.json',
      ].join('\n'),
    );
    const actions = f.calls.filter((c) => c.callee.startsWith('shell.action.')).map(show);
    expect(actions).toEqual([
      '1: file_delete /srv/a',
      '1: file_delete ?',
      '2: file_read src.txt',
      '2: file_write /srv/dst.txt',
      '3: file_write ~/.ssh/config',
      '4: file_write /etc/motd',
      '5: sql DROP TABLE t',
      '5: sql TRUNCATE u',
      '6: sql DELETE FROM v',
      '7: sql DELETE FROM w',
      '8: sql DELETE FROM ?;\n',
      '11: http_request https://api.example.com/?',
    ]);
  });

  it('binds values echoed as NAME=value and heredoc lines to their names', async () => {
    const f = await lower(['echo "API_KEY=abcdef123456" >> .env', 'cat > x.env <<EOF', 'TOKEN=zyxw98765432', 'REF=$OTHER', 'EOF'].join('\n'));
    expect(f.strings.map((s) => [s.name, s.value, s.range.line])).toEqual([
      ['API_KEY', 'abcdef123456', 1],
      ['TOKEN', 'zyxw98765432', 3],
    ]);
  });

  it('records functions and the function each call is in', async () => {
    const f = await lower('setup() {\n  mkdir -p out\n}\nsetup\n');
    expect(f.functions.map((fn) => fn.id)).toEqual(['setup@1']);
    expect(commands(f).map((c) => [c.method, c.enclosingFunction ?? null])).toEqual([
      ['mkdir', 'setup@1'],
      ['setup', null],
    ]);
  });

  it('counts columns in UTF-16 units and CRLF as one line break', async () => {
    const f = await lower('echo "é😀"; sudo ls\r\nchmod 777 x\r\n');
    const sudo = f.calls.find((c) => c.method === 'sudo')!;
    // e c h o space quote é, two units for 😀, quote ; space: sudo starts at unit 13
    expect(sudo.range).toEqual({ line: 1, column: 13, endLine: 1, endColumn: 20 });
    expect(f.calls.find((c) => c.method === 'chmod')!.range.line).toBe(2);
  });

  it('recovers from syntax errors', async () => {
    const f = await lower('echo ok\nif then fi (\nsudo rm -rf /\n');
    expect(f.problems.length).toBeGreaterThan(0);
    expect(f.calls.map((c) => c.method)).toContain('echo');
  });

  it('an empty script has no facts', async () => {
    expect(await lower('')).toMatchObject({ calls: [], functions: [], strings: [], problems: [] });
  });

  it('analyzes a 20,000-line script quickly', async () => {
    const src = Array.from({ length: 5000 }, (_, i) => `V${i}=x${i}\nif [ -d "$V${i}" ]; then\n  rm -rf "$V${i}/tmp" | tee -a log\nfi`).join('\n');
    const t0 = performance.now();
    const f = await lower(src);
    const ms = performance.now() - t0;
    expect(f.calls.filter((c) => c.method === 'rm')).toHaveLength(5000);
    expect(ms).toBeLessThan(5000);
  });
});

describe('shell front end on either tree-sitter back end', () => {
  it('the WebAssembly build produces the same facts as the native binding', async () => {
    const src = 'D=/srv\ncurl -s "$U" | sudo bash\nrm -rf "$D/é😀" $T\nexport K="abcdefgh12"\nif then (\n';
    const { native, wasm } = await onBothBackends(() => lower(src));
    expect(wasm).toEqual(native);
    expect(native.calls.length).toBeGreaterThan(2);
  });
});
