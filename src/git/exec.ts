/** Running the git binary: one place that spawns it and turns its failures into typed errors. */
import { execFile, spawn } from 'node:child_process';

/** The working directory is not inside a git work tree (exit code 2 at the CLI). */
export class NotAGitRepository extends Error {
  constructor(readonly cwd: string) {
    super(`${cwd}: not a git repository (run \`git init\` first)`);
    this.name = 'NotAGitRepository';
  }
}

/** git ran and failed: the command line and git's own first line of complaint. */
export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')}: ${stderr.trim().split('\n')[0] || 'failed'}`);
    this.name = 'GitError';
  }
}

const MAX_BUFFER = 512 * 1024 * 1024;

/** Outside a repository git says so, except `git diff`, which falls back to comparing two paths (`--no-index`). */
function outsideRepository(stderr: string): boolean {
  return /not a git repository/i.test(stderr) || /usage: git diff --no-index/.test(stderr);
}

/** Run git with `args` in `cwd`; stdout as a Buffer. The caller's environment (GIT_DIR, GIT_INDEX_FILE in a hook) is kept. */
export function runGit(cwd: string, args: readonly string[], input?: string): Promise<Buffer> {
  if (input !== undefined) return runGitWithInput(cwd, args, input);
  return new Promise((resolve, reject) => {
    execFile('git', args as string[], { cwd, encoding: 'buffer', maxBuffer: MAX_BUFFER }, (err, stdout, stderr) => {
      if (err) {
        const text = stderr.toString('utf8');
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !text) return reject(new GitError(args, 'the git program was not found on PATH'));
        if (outsideRepository(text)) return reject(new NotAGitRepository(cwd));
        return reject(new GitError(args, text));
      }
      resolve(stdout);
    });
  });
}

function runGitWithInput(cwd: string, args: readonly string[], input: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args as string[], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(new GitError(args, e.message)));
    child.on('close', (code) => {
      const text = Buffer.concat(err).toString('utf8');
      if (code === 0) resolve(Buffer.concat(out));
      else if (outsideRepository(text)) reject(new NotAGitRepository(cwd));
      else reject(new GitError(args, text));
    });
    child.stdin.end(input);
  });
}

/** NUL-separated fields of `-z` output, without the empty tail. */
export function splitNul(buf: Buffer): string[] {
  const parts = buf.toString('utf8').split('\0');
  if (parts.at(-1) === '') parts.pop();
  return parts;
}
