/**
 * Policy factories. A policy never judges an action itself: it asks the shared classifier
 * in src/policy/ (the one the static analyzer uses) and maps its verdict to a rule id.
 */
import path from 'node:path';
import { classifyCommand, type CommandProblem, type CommandSpec } from '../policy/commands.js';
import { resolveInSandbox } from '../policy/paths.js';
import type { PathJudge } from '../policy/programs.js';
import { classifySql, type SqlDialect } from '../policy/sql.js';
import { classifyUrl } from '../policy/urls.js';
import type { ActionKind, Preset } from '../policy/types.js';
import { TokenBuckets, windowLabel, windowMs, type RateWindow } from './rate-limit.js';
import type { KernelAction } from './actions.js';

/** What a policy may consult while deciding; reading the filesystem for symlinks and PATH is the only effect. */
export interface PolicyEnv {
  cwd?: string;
  home?: string;
  realpath: (absolutePath: string) => string | undefined;
  /** the target of a symbolic link (a dangling link is judged by where it points); undefined when not a link */
  readlink?: (absolutePath: string) => string | undefined;
  /** PATH lookup of a bare program name */
  resolveProgram: (name: string) => string | undefined;
  /** the sandbox's verdict on a path a program option writes to (set when a fileAccess policy is in force) */
  judgePath?: PathJudge;
}

export interface PolicyOutcome {
  allowed: boolean;
  reason?: string;
  /** when the policy maps several problems to different rules (allowCommands) */
  ruleId?: string;
  /** file actions: the real path that was judged (what the governed context operates on) */
  resolved?: string;
}

type Decide = (action: KernelAction, env: PolicyEnv) => PolicyOutcome;

export interface RateLimitSpec {
  buckets: TokenBuckets;
  max: number;
  window: RateWindow;
  /** kinds the limit counts; undefined: every kind, each in its own bucket */
  kinds?: readonly string[];
}

export const SQL_DIALECTS: readonly SqlDialect[] = ['generic', 'postgres', 'mysql', 'sqlite'];
export const FILE_OPS = ['read', 'write', 'delete', 'list'] as const;

const ALLOWED: PolicyOutcome = { allowed: true };

function deny(reason: string, ruleId?: string | undefined): PolicyOutcome {
  return ruleId ? { allowed: false, reason, ruleId } : { allowed: false, reason };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function fieldMissing(kind: string, field: string, type: string): PolicyOutcome {
  return deny(`the ${kind} action has no \`${field}\` ${type}, so it cannot be judged`);
}

/** The rule a command problem is reported under: running another program (or code), or writing outside the sandbox. */
const PROBLEM_RULES: Partial<Record<CommandProblem, string>> = {
  shell: 'subprocess-shell',
  wrapper: 'subprocess-shell',
  interpreter: 'subprocess-shell',
  environment: 'subprocess-shell',
  escape: 'subprocess-shell',
  'outside-sandbox': 'file-outside-sandbox',
};

function commandSpec(action: KernelAction): CommandSpec | PolicyOutcome {
  const a = action as Record<string, unknown>;
  if (typeof a.command !== 'string') return fieldMissing('exec', 'command', 'string');
  if (a.args !== undefined && (!Array.isArray(a.args) || a.args.some((x) => typeof x !== 'string')))
    return deny('the exec action\'s `args` is not a list of strings, so it cannot be judged');
  if (a.shell !== undefined && typeof a.shell !== 'boolean') return deny('the exec action\'s `shell` is not a boolean');
  if (a.env !== undefined && (typeof a.env !== 'object' || a.env === null || Array.isArray(a.env) || Object.values(a.env).some((v) => v !== undefined && typeof v !== 'string')))
    return deny('the exec action\'s `env` is not a mapping of names to strings, so it cannot be judged');
  const spec: CommandSpec = { command: a.command, args: a.args as string[] | undefined, shell: a.shell as boolean | undefined };
  if (a.env !== undefined) spec.env = a.env as Record<string, string | undefined>;
  return spec;
}

/** A rule the kernel enforces. Build them with the static factories. */
export class Policy {
  private constructor(
    /** the rule id a denial carries (the static analyzer's rule id) */
    readonly ruleId: string,
    /** action kinds the policy decides; '*' for every kind */
    readonly kinds: readonly string[] | '*',
    /** one line for people */
    readonly description: string,
    /** @internal */
    readonly decide: Decide,
    /** @internal rate limits consume tokens when the action goes ahead */
    readonly rate?: RateLimitSpec,
    /** @internal allowDomains: the allowlist, for the DNS answers `ctx.fetch` checks */
    readonly egress?: { allow: readonly string[] | null; allowPrivate: boolean },
    /** @internal fileAccess: the roots */
    readonly roots?: readonly string[],
  ) {}

  appliesTo(kind: string): boolean {
    return this.kinds === '*' || this.kinds.includes(kind);
  }

  /** `sql-destructive`: DROP, TRUNCATE, DELETE/UPDATE without a restricting WHERE, SQL not proven harmless, and SQL that does not parse. */
  static noDestructiveSql(): Policy {
    return new Policy('sql-destructive', ['sql'], 'deny destructive SQL, SQL not proven harmless and SQL that does not parse', (action) => {
      const a = action as Record<string, unknown>;
      if (typeof a.sql !== 'string') return fieldMissing('sql', 'sql', 'string');
      // an unknown dialect is read as generic: every dialect's reading, the most dangerous wins
      const dialect = SQL_DIALECTS.includes(a.dialect as SqlDialect) ? (a.dialect as SqlDialect) : 'generic';
      const v = classifySql(a.sql, { dialect });
      if (!v.parsed) return deny(`SQL that does not parse is denied (fail closed): ${v.error ?? v.reason ?? 'parse error'}`);
      if (v.destructive) return deny(v.reason ?? 'destructive SQL');
      if (v.unproven) return deny(`SQL not proven harmless is denied (fail closed): ${v.unproven}`);
      return ALLOWED;
    });
  }

  /**
   * `file-outside-sandbox`: file access only under these roots, after `..`, `~` and
   * symlinks (nearest existing ancestor) are resolved. Relative roots are resolved
   * against the process's working directory now.
   */
  static fileAccess(...roots: string[]): Policy {
    if (roots.length === 0 || roots.some((r) => typeof r !== 'string' || r === ''))
      throw new TypeError('Policy.fileAccess needs at least one root directory');
    const abs = roots.map((r) => path.resolve(r));
    // a root's real path is taken once: a root later swapped for a symlink does not move the sandbox
    const real: (string | undefined)[] = abs.map(() => undefined);
    return new Policy(
      'file-outside-sandbox',
      ['file'],
      `file access only under ${abs.join(', ')}`,
      (action, env) => {
        const a = action as Record<string, unknown>;
        if (typeof a.path !== 'string') return fieldMissing('file', 'path', 'string');
        if (!FILE_OPS.includes(a.op as (typeof FILE_OPS)[number]))
          return deny(`the file action's \`op\` must be one of ${FILE_OPS.join(', ')}, got ${JSON.stringify(a.op)}`);
        const judged = abs.map((r, i) => {
          if (real[i] === undefined) {
            try {
              real[i] = env.realpath(r);
            } catch {
              real[i] = undefined;
            }
          }
          return real[i] ?? r;
        });
        let v;
        try {
          v = resolveInSandbox(a.path, judged, { cwd: env.cwd, home: env.home, realpath: env.realpath, readlink: env.readlink });
        } catch (err) {
          return deny(`path ${JSON.stringify(a.path)} cannot be resolved, so it is denied (fail closed): ${errorText(err)}`);
        }
        if (!v.inside) return deny(v.reason ?? `path ${JSON.stringify(a.path)} is outside the sandbox (${judged.join(', ')})`);
        return v.resolved ? { allowed: true, resolved: v.resolved } : ALLOWED;
      },
      undefined,
      undefined,
      abs,
    );
  }

  /** `subprocess-shell`: no shells (`sh -c`, `shell: true`), no wrappers that run another program (env, xargs, find -exec), no interpreters with inline code. */
  static noShell(): Policy {
    return new Policy('subprocess-shell', ['exec'], 'deny shells, program wrappers and inline interpreter code', (action, env) => {
      const spec = commandSpec(action);
      if ('allowed' in spec) return spec;
      const v = classifyCommand(spec, null, { resolveProgram: env.resolveProgram, judgePath: env.judgePath });
      return v.allowed ? ALLOWED : deny(v.reason ?? `command ${JSON.stringify(spec.command)} is denied (${v.problem ?? 'unknown problem'})`, v.problem && PROBLEM_RULES[v.problem]);
    });
  }

  /**
   * `subprocess-not-allowlisted`: only these programs (bare names, or absolute paths
   * that must match exactly). A shell or wrapper the classifier spots is reported as
   * `subprocess-shell`, the more precise rule.
   */
  static allowCommands(allow: readonly string[]): Policy {
    if (!Array.isArray(allow)) throw new TypeError('Policy.allowCommands needs a list of program names');
    const list = [...allow];
    return new Policy(
      'subprocess-not-allowlisted',
      ['exec'],
      list.length ? `only these programs: ${list.join(', ')}` : 'no program may run',
      (action, env) => {
        const spec = commandSpec(action);
        if ('allowed' in spec) return spec;
        const v = classifyCommand(spec, list, { resolveProgram: env.resolveProgram, judgePath: env.judgePath });
        if (v.allowed) return ALLOWED;
        const reason = v.reason ?? `program ${JSON.stringify(v.program ?? spec.command)} is not in the command allowlist`;
        return deny(reason, (v.problem && PROBLEM_RULES[v.problem]) ?? 'subprocess-not-allowlisted');
      },
    );
  }

  /**
   * `egress-not-allowlisted`: only these destinations (`api.github.com`,
   * `*.example.com`, IPs). `null`: no allowlist, only non-http(s) schemes and private,
   * loopback and metadata addresses are denied. Private addresses are reachable only
   * when listed explicitly, or with `allowPrivate`.
   */
  static allowDomains(allow: readonly string[] | null, options: { allowPrivate?: boolean } = {}): Policy {
    if (allow !== null && !Array.isArray(allow)) throw new TypeError('Policy.allowDomains needs a list of hosts (or null)');
    const list = allow === null ? null : [...allow];
    const allowPrivate = options.allowPrivate === true;
    return new Policy(
      'egress-not-allowlisted',
      ['http'],
      list === null ? 'no private, loopback or metadata destinations' : `only these destinations: ${list.join(', ') || '(none)'}`,
      (action) => {
        const a = action as Record<string, unknown>;
        if (typeof a.url !== 'string') return fieldMissing('http', 'url', 'string');
        if (a.method !== undefined && typeof a.method !== 'string') return deny('the http action\'s `method` is not a string');
        const v = classifyUrl(a.url, list, { allowPrivate });
        return v.allowed ? ALLOWED : deny(v.reason ?? `destination ${JSON.stringify(a.url)} is not allowed`);
      },
      undefined,
      { allow: list, allowPrivate },
    );
  }

  /**
   * `rate-limit`: at most `max` actions per `window` per agent and per action kind
   * (a token bucket: a burst of `max`, then refilled evenly over the window).
   * `kinds` restricts which action kinds count.
   */
  static rateLimit(max: number, window: RateWindow, options: { kinds?: readonly (ActionKind | string)[] } = {}): Policy {
    if (!Number.isFinite(max) || max < 1) throw new TypeError(`Policy.rateLimit needs a positive count, got ${String(max)}`);
    const ms = windowMs(window);
    const spec: RateLimitSpec = { buckets: new TokenBuckets(max, ms), max, window, kinds: options.kinds ? [...options.kinds] : undefined };
    const label = windowLabel(window);
    return new Policy(
      'rate-limit',
      spec.kinds ?? '*',
      `at most ${max} ${spec.kinds ? spec.kinds.join('/') + ' ' : ''}actions per ${label} per agent and kind`,
      // decided by the kernel, which knows the agent and the clock
      () => ALLOWED,
      spec,
    );
  }

  /** A rule of your own, for custom action kinds or extra constraints; `check` returns a reason to deny, or nothing. */
  static custom(spec: { ruleId: string; kinds: readonly string[] | '*'; description?: string; check: (action: KernelAction) => string | undefined | void }): Policy {
    if (!spec || typeof spec.ruleId !== 'string' || !spec.ruleId || typeof spec.check !== 'function')
      throw new TypeError('Policy.custom needs { ruleId, kinds, check }');
    return new Policy(spec.ruleId, spec.kinds === '*' ? '*' : [...spec.kinds], spec.description ?? spec.ruleId, (action) => {
      const reason = spec.check(action);
      return typeof reason === 'string' && reason ? deny(reason) : ALLOWED;
    });
  }

  /**
   * The policies of a preset.
   * - strict: noDestructiveSql, fileAccess(roots), noShell, allowCommands(commands ?? []),
   *   allowDomains(domains ?? []): without an allowlist no program runs and nothing is reached.
   * - standard: noDestructiveSql, fileAccess(roots), noShell, allowCommands(commands) when
   *   given, allowDomains(domains ?? null) (no allowlist: public hosts only).
   * - permissive: noDestructiveSql, noShell, allowCommands(commands) when given,
   *   allowDomains(domains ?? null). No file sandbox.
   * - audit: strict's policies, never enforced (see KernelSpace).
   */
  static preset(
    name: Preset,
    settings: { roots: readonly string[]; commands?: readonly string[] | null; domains?: readonly string[] | null },
  ): Policy[] {
    const commands = settings.commands ?? null;
    const domains = settings.domains ?? null;
    switch (name) {
      case 'strict':
      case 'audit':
        return [
          Policy.noDestructiveSql(),
          Policy.fileAccess(...settings.roots),
          Policy.noShell(),
          Policy.allowCommands(commands ?? []),
          Policy.allowDomains(domains ?? []),
        ];
      case 'standard':
        return [
          Policy.noDestructiveSql(),
          Policy.fileAccess(...settings.roots),
          Policy.noShell(),
          ...(commands ? [Policy.allowCommands(commands)] : []),
          Policy.allowDomains(domains),
        ];
      case 'permissive':
        return [Policy.noDestructiveSql(), Policy.noShell(), ...(commands ? [Policy.allowCommands(commands)] : []), Policy.allowDomains(domains)];
      default:
        throw new TypeError(`unknown preset ${JSON.stringify(name)}; expected strict, standard, permissive or audit`);
    }
  }
}
