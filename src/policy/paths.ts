/**
 * Path containment: the single place that decides whether a path lies inside the sandbox.
 *
 * POSIX semantics (Linux): `/` is the only separator, a backslash is an ordinary file
 * name character. The function is pure: the filesystem is consulted only through the
 * injected `realpath` (and optional `readlink`).
 */

export interface PathVerdict {
  inside: boolean;
  /** the absolute, normalized path that was judged (after symlink resolution when a realpath function is given) */
  resolved?: string;
  /** the root that contains it */
  root?: string;
  reason?: string;
}

export interface ResolveInSandboxOptions {
  /** base for relative paths; without it relative paths are judged against the first root (process.cwd() is never used) */
  cwd?: string;
  /** home directory for `~` expansion; without it a path starting with `~` is denied */
  home?: string;
  /**
   * Resolves symlinks. Given an absolute path, returns its real path, or undefined when it
   * does not exist (it may throw, e.g. ELOOP, which denies the path). The kernel passes
   * one over fs.realpathSync; the static engine passes none.
   */
  realpath?: (absolutePath: string) => string | undefined;
  /**
   * Optional: the target of a symbolic link (fs.readlinkSync), undefined when the path is not
   * a link. Only consulted for a path component that realpath reports missing, so that a
   * dangling symlink (whose target a write would create) is judged by where it points.
   * Without it a dangling symlink is judged as the link's own path.
   */
  readlink?: (absolutePath: string) => string | undefined;
}

/** Linux's limit on symlinks followed while resolving one path. */
const MAX_LINK_HOPS = 40;

class ResolveError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/** Lexical normalization of an absolute path: `.`, `..` and duplicate slashes; `..` at `/` stays at `/`. */
function normalizeAbsolute(p: string): string {
  const out: string[] = [];
  let start = 0;
  const n = p.length;
  for (let i = 0; i <= n; i++) {
    if (i === n || p.charCodeAt(i) === 47 /* / */) {
      if (i > start) {
        const seg = p.slice(start, i);
        if (seg === '..') out.pop();
        else if (seg !== '.') out.push(seg);
      }
      start = i + 1;
    }
  }
  return '/' + out.join('/');
}

function segmentsOf(abs: string): string[] {
  return abs.split('/').filter((s) => s !== '' && s !== '.');
}

function joinAbsolute(base: string, rest: string): string {
  return base.endsWith('/') ? base + rest : `${base}/${rest}`;
}

/**
 * The physical path of an absolute path without `..` segments: realpath of the whole path
 * when it exists; otherwise realpath of the nearest existing ancestor with the missing
 * segments appended (and, with readlink, a dangling link followed to its target).
 */
function physicalNoDots(segs: string[], realpath: (p: string) => string | undefined, readlink: ((p: string) => string | undefined) | undefined, hops: number): string {
  const whole = realpath('/' + segs.join('/'));
  if (whole !== undefined) return normalizeAbsolute(whole);
  for (let k = segs.length - 1; k >= 0; k--) {
    const real = k === 0 ? (realpath('/') ?? '/') : realpath('/' + segs.slice(0, k).join('/'));
    if (real === undefined) continue;
    const base = normalizeAbsolute(real);
    if (readlink) {
      const target = readlink(joinAbsolute(base, segs[k]!));
      if (target !== undefined && target !== '') {
        // a dangling link: a write through it creates its target, so judge the target
        if (hops >= MAX_LINK_HOPS) throw new ResolveError('ELOOP');
        const next = target.startsWith('/') ? target : joinAbsolute(base, target);
        const rest = segs.slice(k + 1).join('/');
        return physicalPath(rest ? joinAbsolute(next, rest) : next, realpath, readlink, hops + 1);
      }
    }
    return normalizeAbsolute(joinAbsolute(base, segs.slice(k).join('/')));
  }
  return '/' + segs.join('/');
}

/**
 * The physical path an absolute (not yet normalized) path names. `..` is applied to the
 * real path of what precedes it, as the kernel does (`link/..` is the parent of the link's
 * target, not the directory holding the link), whatever the injected realpath does with
 * `..`; past the first missing segment it can only be lexical.
 */
function physicalPath(raw: string, realpath: (p: string) => string | undefined, readlink: ((p: string) => string | undefined) | undefined, hops: number): string {
  const segs = segmentsOf(raw);
  if (!segs.includes('..')) return physicalNoDots(segs, realpath, readlink, hops);
  let current = '/';
  let pending: string[] = [];
  for (const s of segs) {
    if (s !== '..') {
      pending.push(s);
      continue;
    }
    const here = pending.length ? physicalNoDots([...segmentsOf(current), ...pending], realpath, readlink, hops) : current;
    const cut = here.lastIndexOf('/');
    current = cut <= 0 ? '/' : here.slice(0, cut);
    pending = [];
  }
  return physicalNoDots([...segmentsOf(current), ...pending], realpath, readlink, hops);
}

type Located = { abs: string } | { error: string };

/** `~` expansion and the base for relative paths; the result is absolute but not normalized. */
function locate(p: string, base: string | undefined, home: string | undefined): Located {
  if (p === '~' || p.startsWith('~/')) {
    if (!home) return { error: 'starts with `~` and no home directory is known' };
    if (!home.startsWith('/')) return { error: `starts with \`~\` and the home directory (${home}) is not absolute` };
    return { abs: home + p.slice(1) };
  }
  if (p.startsWith('~')) return { error: "names another user's home directory (`~user` is not expanded)" };
  if (p.startsWith('/')) return { abs: p };
  if (base === undefined) return { error: 'is relative and there is no working directory to resolve it against' };
  if (!base.startsWith('/')) return { error: `is relative and the working directory (${base}) is not absolute` };
  return { abs: joinAbsolute(base, p) };
}

function within(p: string, root: string): boolean {
  return root === '/' || p === root || (p.startsWith(root) && p.charCodeAt(root.length) === 47);
}

function errorCode(err: unknown): string {
  if (err instanceof ResolveError) return err.code;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
}

function describeError(code: string): string {
  if (code === 'ELOOP') return `a symbolic link loop, or a chain of more than ${MAX_LINK_HOPS} symbolic links`;
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`;
  return code;
}

function show(p: string): string {
  return '`' + (p.length > 200 ? p.slice(0, 200) + '…' : p) + '`';
}

/**
 * Decide whether `path` lies inside one of `roots`. Inside means: the resolved path equals
 * a root or starts with root + '/' (`/ws-evil` is not inside `/ws`; the root `/` contains
 * everything). Anything that cannot be resolved is denied.
 */
/**
 * The directories of a process's open descriptors (`/proc/self/fd/`, `/dev/fd/`): a path under one of them followed by a
 * descriptor (`/proc/self/fd/${dir.fd}/${name}`, an `openat` done by hand) names a file under a directory the process
 * holds open, wherever that was opened; resolving it (the kernel's `realpath`) finds that place.
 */
export const DESCRIPTOR_DIRS: readonly string[] = ['/proc/self/fd/', '/dev/fd/'];

/** Device files every program may touch: reading or writing them reaches no user data. Exact paths only. */
export const HARMLESS_DEVICES: ReadonlySet<string> = new Set(['/dev/null', '/dev/zero', '/dev/stdin', '/dev/stdout', '/dev/stderr', '/dev/tty', '/dev/urandom', '/dev/random']);

/**
 * System information every program reads (kernel counters, the OS release, CPU and memory
 * facts, a process's name, its own open files (`/proc/self/fd`), the block devices and their stable names, the login shells in `/etc/shells`): harmless to read, never to write. Used where no sandbox is configured, so the
 * project root is the only root and reading these is not leaving it for user data.
 */
const READ_ONLY_SYSTEM = /^(?:\/proc\/(?:(?:self|[0-9]+|\[0-9\]\*|\*)\/(?:comm|status|stat|statm|io|cgroup|mountinfo|limits)|(?:self|thread-self)\/(?:fd|fdinfo)(?:\/[0-9]+)?|meminfo|cpuinfo|loadavg|uptime|stat|version|sys\/.*|mounts|cgroups)|\/sys\/(?:fs\/cgroup|class|devices\/system\/cpu|kernel\/mm)\/.*|\/sys\/block(?:\/.*)?|\/dev|\/dev\/disk\/by-(?:uuid|id|label|path|partuuid)|\/etc\/(?:os-release|lsb-release|debian_version|alpine-release|redhat-release|system-release|release|issue|issue\.net|hostname|timezone|localtime|machine-id|mime\.types|shells)|\/usr\/lib\/os-release|\/usr\/share\/zoneinfo\/.*|\/sys\/fs\/cgroup\/?.*)$/;

/** A constant path a program reads for system facts, not user data (`/proc/meminfo`, `/etc/os-release`). */
export function isReadOnlySystemPath(path: string): boolean {
  return READ_ONLY_SYSTEM.test(path);
}

/** An account's home directory: `~`, `/root`, `/home/<user>`, `/Users/<user>` (a regular expression's source). */
const HOME = String.raw`(?:~|\/root|\/home\/[^/]+|\/Users\/[^/]+)`;

/**
 * Where reading gives credentials away or writing changes the system or a user's login: keys
 * and cloud, registry and database credentials under a home directory, shell start-up files,
 * `.env` files, system configuration and binaries, cron, another process's memory or
 * environment. A home directory or `/` with a name still to come counts (the name could be
 * any of these).
 */
const SENSITIVE_LOCATION = new RegExp(`^${HOME}\\/(?:\\.ssh|\\.aws|\\.gnupg|\\.kube|\\.docker|\\.azure|\\.config\\/gcloud|\\.config\\/gh|\\.netrc|\\.npmrc|\\.yarnrc|\\.pypirc|\\.pgpass|\\.my\\.cnf|\\.git-credentials|\\.gitconfig|\\.bashrc|\\.bash_profile|\\.bash_login|\\.profile|\\.zshrc|\\.zprofile|\\.zshenv|\\.config\\/autostart|\\.config\\/systemd|Library\\/LaunchAgents)(?:\\/|$)|(?:^|\\/)\\.env(?:\\.[\\w.-]+)?$|^\\/(?:etc|usr|bin|sbin|lib|lib32|lib64|boot|sys|proc\\/sys|var\\/spool\\/cron|var\\/lib)(?:\\/|$)|^\\/proc\\/[^/]+\\/(?:environ|mem|maps|fd)(?:\\/|$)|^\\/dev\\/`);

/**
 * A location a program reads or writes on purpose that needs a reviewer even where no sandbox is
 * configured (see SENSITIVE_LOCATION). `path` is the path with `*` where a value goes
 * (`/proc/*\/environ`), `prefix` its constant directory before the first such value.
 */
/** An account's home directory at the start of a path (`~/`, `/home/u/`, `/root/`, `/Users/u/`). */
const HOME_DIR = new RegExp(`^${HOME}(?:\\/|$)`);

/**
 * A fixed place that is a program's own, not a person's files: under a home directory only inside a hidden folder
 * (`~/.cache/app`, `/home/agent/.pi/agent/models.json`; not `~/Documents`), elsewhere anything below the top folder.
 */
export function isProgramOwnPlace(path: string): boolean {
  const home = HOME_DIR.exec(path);
  if (home) return /^\.[^/]+\/./.test(path.slice(home[0].length));
  return /^\/[^/]+\/./.test(path);
}

/** System configuration, programs and service data a provisioning script sets up (not cron, devices, kernel settings or an account's files). */
export function isSystemConfiguration(path: string): boolean {
  return /^\/(?:etc|usr|opt|var\/lib|lib|lib64|run)\/[^/]/.test(path);
}

export function isSensitiveLocation(path: string, prefix: string): boolean {
  if (SENSITIVE_LOCATION.test(path) || SENSITIVE_LOCATION.test(prefix)) return true;
  // a name still to come directly under `/` or a home directory could be any file there
  return path !== prefix && /^(?:\/|~\/|\/root\/|\/home\/(?:[^/]+\/)?|\/Users\/(?:[^/]+\/)?)$/.test(prefix);
}

export function resolveInSandbox(path: string, roots: string[], options: ResolveInSandboxOptions = {}): PathVerdict {
  if (typeof path !== 'string' || path === '') return { inside: false, reason: 'an empty path cannot be judged, so it is denied' };
  if (HARMLESS_DEVICES.has(path)) return { inside: true, resolved: path };
  if (path.includes('\0')) return { inside: false, reason: `${show(path.replace(/\0/g, '\\0'))} contains a NUL byte, so it is denied` };
  if (/^file:/i.test(path)) return { inside: false, reason: `${show(path)} is a file: URL, not a path; pass the path itself` };
  if (!Array.isArray(roots) || roots.length === 0) return { inside: false, reason: `${show(path)} is denied: no sandbox roots are configured` };
  const { realpath, readlink } = options;

  // roots: same expansion and normalization as paths; a root that cannot be located is unusable
  const judged: string[] = [];
  let firstRoot: string | undefined;
  for (const r of roots) {
    if (typeof r !== 'string' || r === '' || r.includes('\0')) continue;
    const loc = locate(r, options.cwd, options.home);
    if ('error' in loc) continue;
    firstRoot ??= loc.abs;
    try {
      judged.push(realpath ? physicalPath(loc.abs, realpath, readlink, 0) : normalizeAbsolute(loc.abs));
    } catch {
      continue; // a root that loops cannot contain anything
    }
  }
  if (!judged.length) return { inside: false, reason: `${show(path)} is denied: none of the sandbox roots (${roots.join(', ')}) can be resolved` };

  const loc = locate(path, options.cwd ?? firstRoot, options.home);
  if ('error' in loc) return { inside: false, reason: `${show(path)} ${loc.error}, so it is denied` };
  const lexical = normalizeAbsolute(loc.abs);
  let resolved = lexical;
  if (realpath) {
    try {
      resolved = physicalPath(loc.abs, realpath, readlink, 0);
    } catch (err) {
      return { inside: false, resolved: lexical, reason: `${show(path)} cannot be resolved (${describeError(errorCode(err))}), so it is denied` };
    }
  }
  for (const root of judged) {
    if (within(resolved, root)) return { inside: true, resolved, root };
  }
  const what = resolved === path ? show(path) : `${show(path)} resolves to ${show(resolved)}, which`;
  return { inside: false, resolved, reason: `${what} is outside the sandbox roots (${judged.join(', ')})` };
}
