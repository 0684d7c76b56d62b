import { describe, expect, it } from 'vitest';
import { classifyCommand, isOptionValue, isShellProgram, programSource, runsWhatItsArgumentsName, type CommandProblem, type CommandSpec } from '../../src/policy/commands.js';

type Case = [command: string, args: string[], program?: string];
type Denied = [command: string, args: string[], problem: CommandProblem, reason?: RegExp];

const spec = (command: string, args: string[]): CommandSpec => ({ command, args });

/** Must stay allowed without an allowlist: blocking these is a failure too. */
const BENIGN: Case[] = [
  ['git', ['status']],
  // tmux commands that start no program
  ['tmux', ['capture-pane', '-p', '-S', '-', '-t', 'gptme_1']],
  ['tmux', ['-L', 'agents', 'kill-session', '-t', 'gptme_1']],
  ['tmux', ['has-session', '-t', 's', ';', 'select-pane', '-t', 's:0.1']],
  ['tmux', ['list-sessions', '-F', '#{session_name}']],
  // named keys only: no text typed, no line submitted
  ['tmux', ['send-keys', '-t', 'agent_7', 'Escape']],
  ['tmux', ['send-keys', '-t', 'agent_7', 'C-c', ';', 'kill-session', '-t', 'agent_7']],
  // screen commands that start no program: listing sessions, quitting one by name
  ['screen', ['-ls']],
  ['screen', ['-S', 'wcgw.1234', '-X', 'quit']],
  ['screen', ['-S', '-X', '-X', 'quit']],
  ['git', ['log', '--oneline', '--', 'src']],
  ['git', ['-C', '/repo', 'status']],
  ['git', ['--no-pager', 'log', '-p']],
  ['git', ['-c', 'user.name=Bot', '-c', 'user.email=bot@example.com', 'commit', '-m', 'x']],
  ['git', ['push', '-u', 'origin', 'main']],
  ['git', ['fetch', '--update-head-ok', 'origin']],
  ['git', ['diff', '--exit-code']],
  ['git', ['log', '--exclude=refs/x', '--all']],
  ['git', ['rebase', '-i', 'HEAD~3']],
  ['git', ['config', '--get', 'core.pager']],
  ['git', ['config', 'user.email', 'bot@example.com']],
  ['git', ['submodule', 'update', '--init']],
  ['git', ['clone', 'https://github.com/acme/app.git']],
  ['ls', ['-la']],
  ['/bin/ls', ['-la'], 'ls'],
  ['grep', ['-r', 'TODO', 'src']],
  ['npm', ['run', 'build']],
  ['npm', ['install']],
  ['make', ['-j4', 'all']],
  ['docker', ['run', '--rm', 'alpine']],
  ['kubectl', ['get', 'pods']],
  ['curl', ['-s', 'https://example.com']],
  ['date', []],
  ['env', []],
  ['env', ['-0']],
  ['xargs', ['-0']],
  ['nice', []],
  ['ionice', ['-p', '1234']],
  ['flock', ['-n', '9']],
  ['timeout', []],
  ['find', ['.', '-name', '*.ts', '-type', 'f']],
  ['find', ['.', '-name', 'exec', '-delete']],
  ['ssh', ['host']],
  ['ssh', ['-p', '2222', '-i', 'key', 'user@host']],
  ['ssh', ['-N', '-L', '8080:localhost:80', 'host']],
  ['ssh', ['-o', 'StrictHostKeyChecking=no', 'host']],
  ['scp', ['-P', '2222', 'file.txt', 'host:/tmp/']],
  ['rsync', ['-avz', 'src/', 'host:/dst/']],
  ['rsync', ['-avz', '-e', 'ssh -p 2222', 'src/', 'host:/dst/']],
  ['rsync', ['-avze', 'ssh', 'src/', 'host:/dst/']],
  ['rsync', ['--rsh=ssh -i key', 'src/', 'host:/dst/']],
  ['tar', ['-xzf', 'a.tgz']],
  ['tar', ['xzf', 'a.tgz']],
  ['tar', ['-I', 'zstd', '-xf', 'a.tar.zst']],
  ['tar', ['--use-compress-program=zstd -19', '-cf', 'a.tar.zst', 'dir']],
  ['zip', ['-r', 'a.zip', 'dir']],
  ['sed', ['-n', 's/foo/bar/gp', 'file']],
  ['sed', ['-e', 's/exec/run/', 'file']],
  ['sed', ['s/a/b/e', 'file', '--sandbox']],
  ['awk', ['{print $1}', 'file']],
  ['awk', ['-F:', '{ if ($1 == "x" || $2 ~ /a|b/) print $0 }', '/etc/group']],
  ['gawk', ['-v', 'x=1', '{ n = $1 / 2; print n }']],
  ['awk', ['-f', 'prog.awk', 'data']],
  ['awk', ['{ print "a|b", "system(x)" }']],
  ['python3', ['script.py']],
  ['python3', ['script.py', '-c', 'not an option of python']],
  ['python3', ['-m', 'pip', 'install', 'requests']],
  ['python3', ['-m', 'http.server', '-c', 'x']],
  ['python3', ['--version']],
  ['python3', ['-V']],
  ['python3.12', ['-u', 'main.py']],
  ['python', ['-W', 'ignore', 'main.py']],
  ['python', ['-X', 'dev', 'main.py']],
  ['node', ['server.js']],
  ['node', ['--version']],
  ['node', ['-v']],
  ['perl', ['-v']],
  ['php', ['-v']],
  ['python3', ['-h']],
  ['ruby', ['--version']],
  ['node', ['-r', 'dotenv/config', 'server.js']],
  ['node', ['--import', 'tsx', 'server.ts']],
  ['node', ['server.js', '-e', 'an argument of the script']],
  ['deno', ['run', '--allow-net', 'main.ts']],
  ['perl', ['script.pl']],
  ['perl', ['-MFile::Temp', '-w', 'script.pl']],
  ['ruby', ['-rjson', 'script.rb']],
  ['php', ['-l', 'index.php']],
  ['php', ['-S', 'localhost:8000']],
  ['lua', ['-l', 'mod', 'script.lua']],
  ['bun', ['run', 'build']],
  ['vim', ['file.txt']],
  ['vim', ['+12', 'file.txt']],
  ['gdb', ['-batch', '-x', 'cmds.gdb', 'a.out']],
  ['sqlite3', ['app.db', 'SELECT 1']],
  ['man', ['ls']],
  ['wget', ['https://example.com/file']],
  ['C:\\Program Files\\Git\\bin\\git.exe', ['status'], 'git'],
  ['shasum', ['-a', '256', 'file']],
  ['bashful', []],
  ['sha256sum', ['file']],
];

/** Shells: with or without -c, any path, any case, `.exe`. */
const SHELLS: Case[] = [
  ['sh', ['-c', 'echo hi']],
  ['bash', ['-c', 'tar czf x.tgz data']],
  ['bash', []],
  ['bash', ['script.sh']],
  ['/bin/sh', ['-c', 'id'], 'sh'],
  ['/usr/bin/bash', ['-lc', 'id'], 'bash'],
  ['/usr/local/bin/zsh', ['-c', 'id'], 'zsh'],
  ['dash', ['-c', 'id']],
  ['ksh', ['-c', 'id']],
  ['mksh', []],
  ['fish', ['-c', 'id']],
  ['csh', []],
  ['tcsh', []],
  ['ash', []],
  ['rbash', []],
  ['yash', []],
  ['busybox', ['sh', '-c', 'id']],
  ['toybox', ['sh']],
  ['cmd', ['/c', 'dir']],
  ['cmd.exe', ['/c', 'dir'], 'cmd'],
  ['CMD.EXE', ['/c', 'dir'], 'CMD'],
  ['C:\\Windows\\System32\\cmd.exe', ['/c', 'whoami'], 'cmd'],
  ['C:/Windows/System32/cmd.exe', ['/c', 'whoami'], 'cmd'],
  ['cmd.exe.', ['/c', 'whoami'], 'cmd.exe.'],
  ['powershell', ['-Command', 'Get-Process']],
  ['powershell.exe', ['-enc', 'ZQBjAGgAbwA='], 'powershell'],
  ['pwsh', ['-c', 'ls']],
  ['Bash', ['-c', 'id']],
  ['bash5.2', ['-c', 'id']],
  ['zsh-5.9', []],
  ['wsl', ['id']],
  ['nu', ['-c', 'ls']],
  ['xonsh', []],
  ['build.bat', [], 'build.bat'],
  ['C:\\tools\\run.CMD', [], 'run.CMD'],
  ['bash\0.txt', ['-c', 'id'], 'bash'],
];

/** Programs that run another program, with the wrapped program named when it is known. */
const WRAPPERS: Denied[] = [
  ['env', ['FOO=1', 'rm', '-rf', '/'], 'wrapper', /`env` runs another program \(`rm`\)/],
  ['env', ['-i', 'PATH=/usr/bin', 'bash', '-c', 'id'], 'wrapper', /\(`bash`\)/],
  ['env', ['-u', 'HOME', 'python3', '-c', 'x'], 'wrapper', /\(`python3`\)/],
  ['env', ['--unset', 'HOME', 'node'], 'wrapper', /\(`node`\)/],
  ['env', ['-C', '/tmp', 'curl', 'x'], 'wrapper', /\(`curl`\)/],
  ['env', ['--', 'A=1', 'id'], 'wrapper', /\(`id`\)/],
  ['env', ['-S', 'bash -c id'], 'wrapper', /\(`bash`\)/],
  ['env', ['-iS', 'sh -c id'], 'wrapper', /\(`sh`\)/],
  ['env', ['--split-string=perl -e 1'], 'wrapper', /\(`perl`\)/],
  ['/usr/bin/env', ['python3', 'x.py'], 'wrapper', /\(`python3`\)/],
  ['xargs', ['rm'], 'wrapper', /\(`rm`\)/],
  ['xargs', ['-0', '-n', '1', 'rm', '-f'], 'wrapper', /\(`rm`\)/],
  ['xargs', ['-I', '{}', 'sh', '-c', 'echo {}'], 'wrapper', /\(`sh`\)/],
  ['nohup', ['./server'], 'wrapper', /\(`server`\)/],
  ['timeout', ['10', 'git', 'status'], 'wrapper', /\(`git`\)/],
  ['timeout', ['-s', 'KILL', '5', 'bash'], 'wrapper', /\(`bash`\)/],
  ['timeout', ['--signal=KILL', '5s', 'curl'], 'wrapper', /\(`curl`\)/],
  ['nice', ['-n', '10', 'make'], 'wrapper', /\(`make`\)/],
  ['nice', ['-10', 'make'], 'wrapper', /\(`make`\)/],
  ['ionice', ['-c', '3', 'rsync', 'a', 'b'], 'wrapper', /\(`rsync`\)/],
  ['stdbuf', ['-oL', 'python3', 'x.py'], 'wrapper', /\(`python3`\)/],
  ['stdbuf', ['-o', 'L', 'tail', '-f'], 'wrapper', /\(`tail`\)/],
  ['time', ['-p', 'make'], 'wrapper', /\(`make`\)/],
  ['sudo', ['rm', '-rf', '/'], 'wrapper', /`sudo` runs another program \(`rm`\)/],
  ['sudo', ['-u', 'root', 'cat', '/etc/shadow'], 'wrapper', /\(`cat`\)/],
  ['sudo', ['-s'], 'wrapper', /`sudo` runs another program$/],
  ['sudo', ['-l'], 'wrapper'],
  ['/usr/bin/sudo', ['id'], 'wrapper', /\(`id`\)/],
  ['su', ['-', 'root', '-c', 'rm -rf /'], 'wrapper', /\(`rm`\)/],
  ['su', [], 'wrapper'],
  ['doas', ['-u', 'root', 'id'], 'wrapper', /\(`id`\)/],
  ['runuser', ['-u', 'app', '--', 'id'], 'wrapper'],
  ['pkexec', ['id'], 'wrapper', /\(`id`\)/],
  ['chroot', ['/mnt', '/bin/sh'], 'wrapper', /\(`sh`\)/],
  ['chroot', ['/mnt'], 'wrapper'],
  ['setsid', ['-f', 'daemon'], 'wrapper', /\(`daemon`\)/],
  ['strace', ['-f', '-o', 'log', 'ls'], 'wrapper', /\(`ls`\)/],
  ['ltrace', ['ls'], 'wrapper', /\(`ls`\)/],
  ['watch', ['-n', '1', 'ls -l'], 'wrapper', /\(`ls`\)/],
  ['flock', ['/tmp/lock', 'make'], 'wrapper', /\(`make`\)/],
  ['flock', ['/tmp/lock', '-c', 'rm -rf x'], 'wrapper', /\(`rm`\)/],
  ['script', ['-c', 'id', '/dev/null'], 'wrapper', /\(`id`\)/],
  ['script', ['/dev/null'], 'wrapper'],
  ['parallel', ['echo', ':::', 'a', 'b'], 'wrapper'],
  ['tmux', ['new-session', '-d', 'id'], 'wrapper'],
  ['tmux', ['send-keys', '-t', 'gptme_1', 'rm -rf x', 'Enter'], 'wrapper'],
  ['tmux', ['send-keys', '-t', 'gptme_1', 'Enter'], 'wrapper'],
  ['tmux', ['send-keys', '-t', 'gptme_1', 'C-m'], 'wrapper'],
  ['tmux', ['send-keys', '-l', '-t', 'gptme_1', 'Escape'], 'wrapper'],
  ['tmux', ['send-keys', '-t', 'gptme_1'], 'wrapper'],
  ['tmux', ['-c', 'rm -rf x'], 'wrapper', /`tmux -c` runs another program \(`rm`\)/],
  ['tmux', ['-f', 'evil.conf', 'list-sessions'], 'wrapper'],
  ['tmux', ['kill-session', '-t', 's', ';', 'run-shell', 'id'], 'wrapper'],
  ['tmux', ['capture-pane', '-p', '-t', '#(id)'], 'wrapper'],
  ['tmux', ['list-sessions', '-F', '#(id)'], 'wrapper'],
  ['tmux', ['kill-session;', 'run-shell', 'id'], 'wrapper'],
  ['screen', ['-dm', 'id'], 'wrapper'],
  ['screen', ['-dmS', 'name', 'id'], 'wrapper', /\(`id`\)/],
  ['screen', ['-S', 'name'], 'wrapper'],
  ['screen', ['-S', 'name', '-X', 'stuff', 'rm -rf x\n'], 'wrapper'],
  ['screen', ['-S', 'name', '-X', 'exec', 'id'], 'wrapper'],
  ['screen', ['-c', 'evil.rc', '-ls'], 'wrapper'],
  ['screen', ['-s', '/tmp/x', '-S', 'n', '-X', 'quit'], 'wrapper'],
  ['at', ['now'], 'wrapper'],
  ['unshare', ['-r', 'id'], 'wrapper'],
  ['nsenter', ['-t', '1', '-m', 'sh'], 'wrapper'],
  ['taskset', ['-c', '0', 'make'], 'wrapper', /\(`make`\)/],
  ['chrt', ['-f', '10', 'make'], 'wrapper', /\(`make`\)/],
  ['faketime', ['2020-01-01', 'date'], 'wrapper', /\(`date`\)/],
  ['valgrind', ['--leak-check=full', './a.out'], 'wrapper', /\(`a.out`\)/],
  ['gosu', ['app', 'id'], 'wrapper', /\(`id`\)/],
  ['npx', ['cowsay', 'hi'], 'wrapper', /\(`cowsay`\)/],
  ['npx', ['-p', 'pkg', 'bin'], 'wrapper', /\(`bin`\)/],
  ['bunx', ['x'], 'wrapper'],
  ['uvx', ['ruff'], 'wrapper', /\(`ruff`\)/],
  ['npm', ['exec', '--', 'rimraf', '/'], 'wrapper', /`npm exec` runs another program \(`rimraf`\)/],
  ['npm', ['x', 'cowsay'], 'wrapper'],
  ['pnpm', ['dlx', 'create-x'], 'wrapper'],
  ['yarn', ['dlx', 'x'], 'wrapper'],
  ['uv', ['run', 'python', '-c', 'x'], 'wrapper', /\(`python`\)/],
  ['poetry', ['run', 'pytest'], 'wrapper', /\(`pytest`\)/],
  ['bundle', ['exec', 'rake'], 'wrapper'],
  ['bun', ['x', 'cowsay'], 'wrapper'],
  ['find', ['.', '-exec', 'rm', '{}', ';'], 'wrapper', /`find -exec` runs another program \(`rm`\)/],
  ['find', ['/', '-name', 'x', '-execdir', 'sh', '-c', 'id', ';'], 'wrapper', /\(`sh`\)/],
  ['find', ['.', '-ok', 'rm', '{}', ';'], 'wrapper'],
  ['find', ['.', '-okdir', 'rm', '{}', ';'], 'wrapper'],
  ['/usr/bin/find', ['.', '-exec', '/bin/rm', '{}', '+'], 'wrapper', /\(`rm`\)/],
  ['ssh', ['host', 'rm', '-rf', '/'], 'wrapper', /`ssh` runs a command on the remote host \(`rm`\)/],
  ['ssh', ['-p', '22', 'user@host', 'id'], 'wrapper', /\(`id`\)/],
  ['ssh', ['host', '-p', '22', 'id'], 'wrapper'],
  ['ssh', ['-vp22', 'host', 'id'], 'wrapper'],
  ['ssh', ['--', 'host', 'id'], 'wrapper'],
  ['ssh', ['-o', 'ProxyCommand=sh -c id', 'host'], 'wrapper', /ProxyCommand/],
  ['ssh', ['-oProxyCommand=nc %h %p', 'host'], 'wrapper'],
  ['ssh', ['-o', 'LocalCommand=id', '-o', 'PermitLocalCommand=yes', 'host'], 'wrapper'],
  ['ssh', ['-o', 'RemoteCommand id', 'host'], 'wrapper'],
  ['scp', ['-S', '/tmp/evil', 'a', 'host:b'], 'wrapper', /\(`evil`\)/],
  ['scp', ['-o', 'ProxyCommand=x', 'a', 'host:b'], 'wrapper'],
  ['sftp', ['-D', '/tmp/evil', 'host'], 'wrapper'],
  ['sftp', ['-b', '-', 'host'], 'wrapper', /`!`/],
  ['rsync', ['-e', 'sh -c id', 'a', 'host:b'], 'wrapper', /\(`sh`\)/],
  ['rsync', ['-avze', 'bash', 'a', 'host:b'], 'wrapper'],
  ['rsync', ['-e', 'ssh -o ProxyCommand=id', 'a', 'host:b'], 'wrapper'],
  ['rsync', ['-e', 'ssh; id', 'a', 'host:b'], 'wrapper'],
  ['rsync', ['--rsh=nc', 'a', 'host:b'], 'wrapper'],
  ['rsync', ['--rsync-path=sudo rsync', 'a', 'host:b'], 'wrapper', /\(`sudo`\)/],
  ['rsync', ['-M', '--rsync-path=x', 'a', 'host:b'], 'wrapper'],
  ['tar', ['--to-command=sh -c id', '-xf', 'a.tar'], 'wrapper', /\(`sh`\)/],
  ['tar', ['-cf', '/dev/null', '/dev/null', '--checkpoint=1', '--checkpoint-action=exec=id'], 'wrapper', /\(`id`\)/],
  ['tar', ['-I', 'sh -c id', '-xf', 'a.tar'], 'wrapper'],
  ['tar', ['-xIsh', 'a.tar'], 'wrapper'],
  ['tar', ['--use-compress-program', 'bash', '-xf', 'a'], 'wrapper', /\(`bash`\)/],
  ['tar', ['-xf', 'a.tar', '-F', 'evil.sh'], 'wrapper'],
  ['tar', ['--info-script=evil.sh', '-xf', 'a'], 'wrapper'],
  ['zip', ['a.zip', 'f', '-T', '-TT', 'sh -c id'], 'wrapper', /\(`sh`\)/],
  ['man', ['-P', 'sh -c id', 'ls'], 'wrapper'],
  ['wget', ['--use-askpass=/tmp/evil', 'https://x'], 'wrapper'],
  ['git', ['-c', 'core.sshCommand=sh -c id', 'fetch'], 'wrapper', /`git -c core.sshCommand` runs another program \(`sh`\)/],
  ['git', ['-c', 'core.pager=sh -c id', 'log'], 'wrapper'],
  ['git', ['-c', 'core.editor=vim', 'commit'], 'wrapper'],
  ['git', ['-c', 'CORE.FSMONITOR=id', 'status'], 'wrapper'],
  ['git', ['-c', 'core.hooksPath=/tmp/hooks', 'commit'], 'wrapper'],
  ['git', ['-c', 'alias.x=!sh -c id', 'x'], 'wrapper'],
  ['git', ['-c', 'protocol.ext.allow=always', 'clone', 'ext::sh -c id', 'x'], 'wrapper'],
  ['git', ['-c', 'credential.helper=!id', 'fetch'], 'wrapper'],
  ['git', ['-c', 'filter.x.smudge=id', 'checkout', '.'], 'wrapper'],
  ['git', ['-c', 'diff.external=id', 'diff'], 'wrapper'],
  ['git', ['-c', 'include.path=/tmp/evil', 'status'], 'wrapper'],
  ['git', ['--config-env=core.pager=EVIL', 'log'], 'wrapper'],
  ['git', ['--exec-path=/tmp/evil', 'status'], 'wrapper'],
  ['git', ['clone', '--upload-pack=sh -c id', 'repo'], 'wrapper', /`git clone --upload-pack` runs another program \(`sh`\)/],
  ['git', ['clone', '--upload-pa=id', 'repo'], 'wrapper'],
  ['git', ['clone', '-u', 'id', 'repo'], 'wrapper'],
  ['git', ['ls-remote', '--upload-pack', 'id', 'repo'], 'wrapper'],
  ['git', ['push', '--receive-pack=id', 'origin'], 'wrapper'],
  ['git', ['fetch', '--exec=id', 'origin'], 'wrapper'],
  ['git', ['archive', '--remote=x', '--exec=id'], 'wrapper'],
  ['git', ['clone', 'ext::sh -c touch% /tmp/pwned', 'x'], 'wrapper'],
  ['git', ['rebase', '--exec', 'make test', 'main'], 'wrapper', /\(`make`\)/],
  ['git', ['rebase', '-x', 'id', 'main'], 'wrapper'],
  ['git', ['rebase', '--ex=id', 'main'], 'wrapper'],
  ['git', ['bisect', 'run', './test.sh'], 'wrapper', /\(`test.sh`\)/],
  ['git', ['submodule', 'foreach', 'rm -rf .'], 'wrapper', /\(`rm`\)/],
  ['git', ['filter-branch', '--tree-filter', 'id'], 'wrapper'],
  ['git', ['difftool', '-x', 'id'], 'wrapper'],
  ['git', ['grep', '-Oid', 'x'], 'wrapper'],
  ['git', ['send-email', '--sendmail-cmd=id', 'x.patch'], 'wrapper'],
  ['git', ['config', 'core.pager', 'sh -c id'], 'wrapper'],
  ['git', ['config', '--global', 'alias.x', '!id'], 'wrapper'],
  ['git', ['config', 'set', 'core.fsmonitor', 'id'], 'wrapper'],
  ['git', ['clone', '--template=/tmp/hooks', 'https://github.com/acme/app.git'], 'wrapper', /hooks/],
  ['git', ['init', '--template', '/tmp/hooks'], 'wrapper'],
  ['git', ['-c', 'init.templateDir=/tmp/hooks', 'clone', 'x'], 'wrapper'],
  ['rundll32', ['evil.dll,Run'], 'wrapper'],
];

/** Interpreters with inline code (or a program read from stdin). */
const INTERPRETERS: Denied[] = [
  ['python', ['-c', 'import os; os.system("id")'], 'interpreter', /`python -c` runs inline code/],
  ['python3', ['-c', 'print(1)'], 'interpreter'],
  ['python3.12', ['-c', 'x'], 'interpreter'],
  ['python3.9', ['-Ic', 'x'], 'interpreter'],
  ['python3', ['-c' + 'print(1)'], 'interpreter'],
  ['python3', ['-W', 'ignore', '-c', 'x'], 'interpreter'],
  ['python3', ['-Xdev', '-Bc', 'x'], 'interpreter'],
  ['/usr/bin/python3', ['-E', '-s', '-c', 'x'], 'interpreter'],
  ['python3.exe', ['-c', 'x'], 'interpreter'],
  ['pypy3', ['-c', 'x'], 'interpreter'],
  ['py', ['-3.12', '-c', 'x'], 'interpreter'],
  ['pythonw', ['-c', 'x'], 'interpreter'],
  ['python3', ['-'], 'interpreter', /standard input/],
  ['python3', [], 'interpreter', /standard input/],
  ['python3', ['-u'], 'interpreter', /standard input/],
  ['python3', ['-v'], 'interpreter', /standard input/],
  ['python3', ['-v', '-c', 'x'], 'interpreter', /`python3 -c`/],
  ['python3', ['-h', '-c', 'x'], 'interpreter'],
  ['ruby', ['-v', '-e', 'x'], 'interpreter'],
  ['ruby', ['-v'], 'interpreter', /standard input/],
  ['node', ['-v', '-e', 'x'], 'interpreter'],
  ['perl', ['-v', '-e', 'x'], 'interpreter'],
  ['node', ['-e', 'require("child_process").execSync("id")'], 'interpreter', /`node -e` runs inline code/],
  ['node', ['--eval', 'x'], 'interpreter'],
  ['node', ['--eval=x'], 'interpreter'],
  ['node', ['-p', 'process.env'], 'interpreter'],
  ['node', ['--print', 'x'], 'interpreter'],
  ['node', ['-pe', 'x'], 'interpreter'],
  ['node', ['--title', 'x', '-e', 'x'], 'interpreter'],
  ['node', ['--no-warnings', '-e', 'x'], 'interpreter'],
  ['node', ['--import', 'data:text/javascript,console.log(1)', 'x.js'], 'interpreter'],
  ['node', ['-r', 'data:text/javascript,1', 'x.js'], 'interpreter'],
  ['node', [], 'interpreter', /standard input/],
  ['node18', ['-e', 'x'], 'interpreter'],
  ['nodejs', ['-e', 'x'], 'interpreter'],
  ['node.exe', ['-e', 'x'], 'interpreter'],
  ['bun', ['-e', 'x'], 'interpreter'],
  ['bun', ['--eval', 'x'], 'interpreter'],
  ['bun', ['exec', 'rm -rf /'], 'shell'],
  ['ts-node', ['-e', 'x'], 'interpreter'],
  ['tsx', ['--eval', 'x'], 'interpreter'],
  ['deno', ['eval', 'Deno.exit()'], 'interpreter', /`deno eval`/],
  ['deno', ['repl', '--eval', 'x'], 'interpreter'],
  ['deno', ['run', 'data:text/javascript,1'], 'interpreter'],
  ['perl', ['-e', 'system("id")'], 'interpreter', /`perl -e`/],
  ['perl', ['-E', 'say 1'], 'interpreter'],
  ['perl', ['-ne', 'print', 'file'], 'interpreter'],
  ['perl', ['-lane', 'print $F[0]'], 'interpreter'],
  ['perl', ['-MFile::Temp', '-e', 'x'], 'interpreter'],
  ['perl', ['-Mstrict;system q(id)', 'x.pl'], 'interpreter'],
  ['perl', ['-i.bak', '-pe', 's/a/b/', 'f'], 'interpreter'],
  ['perl', [], 'interpreter', /standard input/],
  ['perl5.36', ['-e', 'x'], 'interpreter'],
  ['ruby', ['-e', 'system("id")'], 'interpreter'],
  ['ruby', ['-rjson', '-e', 'x'], 'interpreter'],
  ['ruby', ['-ne', 'puts $_'], 'interpreter'],
  ['php', ['-r', 'system("id");'], 'interpreter'],
  ['php', ['-R', 'echo $argn;'], 'interpreter'],
  ['php', ['-B', 'x'], 'interpreter'],
  ['php', ['-d', 'auto_prepend_file=/tmp/evil.php', 'index.php'], 'interpreter'],
  ['php8.2', ['-r', 'x'], 'interpreter'],
  ['lua', ['-e', 'os.execute("id")'], 'interpreter'],
  ['lua5.4', ['-e', 'x'], 'interpreter'],
  ['luajit', ['-e', 'x'], 'interpreter'],
  ['osascript', ['-e', 'do shell script "id"'], 'interpreter'],
  ['osascript', ['-l', 'JavaScript', '-e', 'x'], 'interpreter'],
  ['Rscript', ['-e', 'system("id")'], 'interpreter'],
  ['R', ['-e', 'x'], 'interpreter'],
  ['julia', ['-e', 'run(`id`)'], 'interpreter'],
  ['groovy', ['-e', 'x'], 'interpreter'],
  ['elixir', ['-e', 'x'], 'interpreter'],
  ['erl', ['-noshell', '-eval', 'os:cmd("id")'], 'interpreter'],
  ['expect', ['-c', 'spawn sh'], 'interpreter'],
  ['gdb', ['-batch', '-ex', 'shell id'], 'interpreter'],
  ['gdb', ['--eval-command=shell id'], 'interpreter'],
  ['emacs', ['--batch', '--eval', '(shell-command "id")'], 'interpreter'],
  ['awk', ['BEGIN { system("id") }'], 'interpreter', /system\(\)/],
  ['awk', ['BEGIN { system ("id") }'], 'interpreter'],
  ['gawk', ['{ print | "sh" }'], 'interpreter', /pipe/],
  ['mawk', ['BEGIN { "id" | getline x; print x }'], 'interpreter'],
  ['nawk', ['BEGIN { print "id" |& "sh" }'], 'interpreter'],
  ['awk', ['-F', ':', '-e', 'BEGIN{system("id")}'], 'interpreter'],
  ['gawk', ['--source=BEGIN{system("id")}', '-f', 'x.awk'], 'interpreter'],
  ['awk', ['-v', 'x=1', '{ if (/a|b/) print | "sh" }'], 'interpreter'],
  ['gawk', ['-l', 'filefuncs', 'x'], 'interpreter'],
  ['awk', ['-F|', 'BEGIN { cmd = "id"; cmd | getline }'], 'interpreter'],
  ['sed', ['1e id', 'file'], 'interpreter', /sed e/],
  ['sed', ['-n', 's/.*/id/e', 'file'], 'interpreter', /sed s\/\/\/e/],
  ['sed', ['-e', 's|x|id|ge', 'file'], 'interpreter'],
  ['sed', ['--expression=e id', 'file'], 'interpreter'],
  ['sed', ['-ne', '1e id'], 'interpreter'],
  ['vim', ['-c', ':!id', 'file'], 'interpreter'],
  ['vi', ['+:!id', 'file'], 'interpreter'],
  ['nvim', ['--cmd', 'lua os.execute("id")'], 'interpreter'],
  ['sqlite3', [':memory:', '.shell id'], 'interpreter'],
  ['make', ['--eval=$(shell id)'], 'interpreter'],
  ['mshta', ['javascript:alert(1)'], 'interpreter'],
];

describe('classifyCommand without an allowlist', () => {
  it.each(BENIGN)('allows %s %j', (command, args, program) => {
    const v = classifyCommand(spec(command, args), null);
    expect(v).toEqual({ allowed: true, program: program ?? command });
  });

  it.each(SHELLS)('shell: %j %j', (command, args, program) => {
    const v = classifyCommand(spec(command, args), null);
    expect(v).toMatchObject({ allowed: false, problem: 'shell', program: program ?? command });
    expect(v.reason).toMatch(/shell|cmd\.exe/);
  });

  it.each(WRAPPERS)('wrapper: %s %j', (command, args, problem, reason) => {
    const v = classifyCommand(spec(command, args), null);
    expect(v).toMatchObject({ allowed: false, problem });
    if (reason) expect(v.reason).toMatch(reason);
  });

  it.each(INTERPRETERS)('interpreter: %s %j', (command, args, problem, reason) => {
    const v = classifyCommand(spec(command, args), null);
    expect(v).toMatchObject({ allowed: false, problem });
    if (reason) expect(v.reason).toMatch(reason);
  });

  it('shell: true is a shell whatever the program', () => {
    for (const command of ['ls -la', 'git status', 'npm run build']) {
      const v = classifyCommand({ command, args: [], shell: true }, null);
      expect(v).toMatchObject({ allowed: false, problem: 'shell' });
      expect(v.reason).toBe(`\`${command}\` would run through a shell (shell: true), where its text can start any command`);
    }
    expect(classifyCommand({ command: 'git', args: ['status'], shell: true }, ['git'])).toMatchObject({ allowed: false, problem: 'shell' });
  });

  it('empty commands are denied', () => {
    for (const command of ['', '   ', '\0bash']) expect(classifyCommand({ command }, null)).toMatchObject({ allowed: false, problem: 'empty' });
    expect(classifyCommand({} as CommandSpec, null)).toMatchObject({ allowed: false, problem: 'empty' });
    expect(classifyCommand(null as unknown as CommandSpec, null)).toMatchObject({ allowed: false, problem: 'empty' });
  });

  it('reasons are one sentence', () => {
    const all = [...WRAPPERS, ...INTERPRETERS].map(([c, a]) => classifyCommand(spec(c, a), null).reason!);
    for (const r of all) {
      expect(r).not.toMatch(/\n/);
      expect(r).not.toMatch(/\.$/);
      expect(r.length).toBeLessThan(220);
    }
  });

  it('never throws on hostile input', () => {
    const weird = [
      { command: 'git', args: [null, 42, {}] as unknown as string[] },
      { command: 'env', args: ['-u'] },
      { command: 'ssh', args: ['-o'] },
      { command: 'git', args: ['-c'] },
      { command: 'awk', args: ['"unterminated'] },
      { command: 'awk', args: ['/unterminated [regex'] },
      { command: 'sed', args: ['s/'] },
      { command: 'find', args: ['-exec'] },
      { command: 'tar', args: ['-I'] },
      { command: 'x'.repeat(100_000), args: Array(10_000).fill('-e') },
    ];
    for (const s of weird) expect(() => classifyCommand(s, ['git'])).not.toThrow();
  });
});

describe('classifyCommand with an allowlist', () => {
  const ALLOW = ['git', 'ls', 'grep', 'python3', '/opt/tools/bin/deploy'];
  const which: Record<string, string> = { git: '/usr/bin/git', ls: '/bin/ls', grep: '/usr/bin/grep', python3: '/usr/bin/python3', deploy: '/opt/tools/bin/deploy' };
  const resolveProgram = (name: string): string | undefined => which[name];

  const ALLOWED: [string, string[]][] = [
    ['git', ['status']],
    ['ls', ['-la']],
    ['/usr/bin/git', ['status']],
    ['/usr/bin/../bin/git', ['status']],
    ['//usr/bin//git', ['status']],
    ['/bin/ls', []],
    ['python3', ['script.py']],
    ['/opt/tools/bin/deploy', ['--prod']],
    ['/opt/tools/./bin/deploy', []],
    ['deploy', []],
    ['git.exe', ['status']],
  ];
  it.each(ALLOWED)('allows %s %j', (command, args) => {
    expect(classifyCommand(spec(command, args), ALLOW, { resolveProgram }).allowed).toBe(true);
  });

  const DENIED: [string, string[], CommandProblem, RegExp?][] = [
    ['kubectl', ['delete', 'pod', 'web-1'], 'not-allowlisted', /^`kubectl` is not in the command allowlist \(git, ls, grep, python3, \/opt\/tools\/bin\/deploy\)$/],
    ['rm', ['-rf', 'build'], 'not-allowlisted'],
    ['Git', ['status'], 'not-allowlisted'],
    ['gitx', [], 'not-allowlisted'],
    ['/tmp/evil/git', ['status'], 'path-mismatch', /`\/tmp\/evil\/git` is not the allowed `git`: `git` resolves to \/usr\/bin\/git/],
    ['./git', ['status'], 'path-mismatch', /relative path/],
    ['../bin/git', ['status'], 'path-mismatch'],
    ['bin/git', ['status'], 'path-mismatch'],
    ['/usr/local/bin/git', ['status'], 'path-mismatch'],
    ['/usr/bin/git/../../../tmp/git', [], 'path-mismatch'],
    ['C:\\evil\\git.exe', [], 'path-mismatch'],
    ['/tmp/deploy', [], 'path-mismatch', /not the allowed \/opt\/tools\/bin\/deploy/],
    ['/usr/bin/kubectl', [], 'not-allowlisted'],
    // allowlisted programs still get the shell, wrapper and interpreter checks
    ['python3', ['-c', 'import os'], 'interpreter'],
    ['python3', [], 'interpreter'],
    ['git', ['-c', 'core.sshCommand=id', 'fetch'], 'wrapper'],
    ['bash', ['-c', 'ls'], 'shell'],
    ['env', ['git', 'status'], 'wrapper'],
  ];
  it.each(DENIED)('denies %s %j as %s', (command, args, problem, reason) => {
    const v = classifyCommand(spec(command, args), ALLOW, { resolveProgram });
    expect(v).toMatchObject({ allowed: false, problem });
    if (reason) expect(v.reason).toMatch(reason);
  });

  it('without a PATH resolver a path to a bare-name entry cannot be confirmed', () => {
    expect(classifyCommand(spec('/usr/bin/git', []), ['git'])).toMatchObject({ allowed: false, problem: 'path-mismatch' });
    expect(classifyCommand(spec('/usr/bin/git', []), ['/usr/bin/git'])).toMatchObject({ allowed: true });
    // a bare command with only an absolute entry needs the PATH lookup to match it
    expect(classifyCommand(spec('git', []), ['/usr/bin/git'])).toMatchObject({ allowed: false, problem: 'path-mismatch' });
    expect(classifyCommand(spec('git', []), ['/usr/bin/git'], { resolveProgram })).toMatchObject({ allowed: true });
    expect(classifyCommand(spec('git', []), ['/usr/local/bin/git'], { resolveProgram })).toMatchObject({ allowed: false, problem: 'path-mismatch' });
  });

  it('an empty allowlist allows nothing', () => {
    expect(classifyCommand(spec('ls', []), [])).toMatchObject({ allowed: false, problem: 'not-allowlisted', reason: '`ls` is not in the command allowlist (empty)' });
  });
});

describe('isShellProgram', () => {
  it.each(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'fish', 'csh', 'tcsh', 'ash', 'busybox', 'cmd', 'cmd.exe', 'CMD.EXE', 'powershell', 'powershell.exe', 'pwsh', '/bin/bash', 'C:\\Windows\\System32\\cmd.exe', 'x.bat'])(
    '%s is a shell',
    (name) => expect(isShellProgram(name)).toBe(true),
  );
  it.each(['git', 'bashful', 'shasum', 'ssh', 'fishy', 'cmdline', 'python', '', 'node'])('%s is not a shell', (name) => expect(isShellProgram(name)).toBe(false));
});

describe('programSource: where a shell or interpreter takes the program it runs', () => {
  it.each([
    ['bash', [], { from: 'stdin' }],
    ['sh', ['-s', '--', '--yes'], { from: 'stdin' }],
    ['bash', ['-c', 'echo hi'], { from: 'argument', index: 1 }],
    ['bash', ['-lc', 'echo hi'], { from: 'argument', index: 1 }],
    ['bash', ['install.sh'], { from: 'file', index: 0 }],
    ['python3', ['-'], { from: 'stdin' }],
    ['python3', ['-c', 'import json'], { from: 'argument', index: 1 }],
    ['python3', ['-m', 'json.tool'], { from: 'file', index: 0 }],
    ['python3', ['-W', 'ignore', 'tools/summarize.py'], { from: 'file', index: 2 }],
    ['python3', ['--version'], undefined],
    ['node', ['-e', 'process.exit(0)'], { from: 'argument', index: 1 }],
    ['perl', ['-ne', 'print'], { from: 'argument', index: 1 }],
    ['perl', ['-eprint'], { from: 'argument', index: undefined }],
    ['jq', ['.items'], undefined],
  ] as const)('%s %j', (command, args, expected) => {
    expect(programSource(command, [...args])).toEqual(expected);
  });
});

describe('programs whose arguments name what runs, and option values', () => {
  it.each(['python3.12', 'sh', 'cmd.exe', 'osascript', 'sudo', 'env', 'npx', 'npm', 'docker', '/usr/bin/ssh', 'xargs'])('%s runs what its arguments name', (program) => {
    expect(runsWhatItsArgumentsName(program)).toBe(true);
  });
  it.each(['cast', 'git', 'open', 'explorer', 'lark-cli', 'ffprobe', 'curl'])('%s does not', (program) => {
    expect(runsWhatItsArgumentsName(program)).toBe(false);
  });
  it("reads the word after one of git's options taking a value as that option's value, and only there", () => {
    expect(isOptionValue('git', ['-C', undefined, 'status'], 1)).toBe(true);
    expect(isOptionValue('git', ['status', undefined], 1)).toBe(false);
    expect(isOptionValue('cast', ['--rpc-url', undefined], 1)).toBe(false);
  });
});
