/** file-access: constant paths outside the sandbox, untrusted paths that are not contained. */
import { DESCRIPTOR_DIRS, HARMLESS_DEVICES, isProgramOwnPlace, isReadOnlySystemPath, isSensitiveLocation, isSystemConfiguration, resolveInSandbox } from '../../policy/paths.js';
import type { Action } from '../../policy/types.js';
import type { Value } from '../facts.js';
import { constString, dictGet, fillHoleMarkers, HOLE_PREFIX, isOneSegment, sanitizersOf, skeleton, taintOf } from '../values.js';
import { isCiRunnerScript } from '../contexts.js';
import { calleeText, CI_RUNNER_NOTE, quote, severityForTaint, taintPhrase, traceOf, unsanitized } from './common.js';
import type { Check, CheckContext, SinkHit } from './types.js';

type FileOp = 'read' | 'write' | 'delete' | 'list';

export const PATH_PAYLOAD = '../../../../../../etc/passwd';

/** The operation a file call performs: fixed by the sink, or read from an `open` mode. */
export function fileOp(hit: SinkHit): FileOp {
  const op = hit.sink.with?.op;
  if (op === 'read' || op === 'write' || op === 'delete' || op === 'list') return op;
  if (op === 'open') {
    const modeIndex = typeof hit.sink.with?.modeIndex === 'number' ? hit.sink.with.modeIndex : 1;
    const mode = constString(hit.call.kwargs.mode ?? hit.call.args[modeIndex]);
    if (mode === undefined) {
      // JS fs.open(path, flags) / Python open(path) default to read
      const flags = constString(hit.call.args[1]) ?? constString(dictGet(hit.call.args[1], 'flag'));
      if (flags && /[wax+]/.test(flags)) return 'write';
      return 'read';
    }
    return /[wax+]/.test(mode) ? 'write' : 'read';
  }
  return 'read';
}

function opVerb(op: FileOp): string {
  return op === 'read' ? 'reads' : op === 'write' ? 'writes' : op === 'delete' ? 'deletes' : 'lists';
}

/** The longest constant directory prefix of a path template (`/etc/` of `/etc/{name}`). */
function constantPrefix(text: string): string | undefined {
  const idx = text.indexOf(HOLE_PREFIX);
  if (idx < 0) return text;
  const head = text.slice(0, idx);
  const slash = head.lastIndexOf('/');
  return slash > 0 ? head.slice(0, slash + 1) : undefined;
}

/** `/tmp/...` and `/var/tmp/...` (a named path under them, not the directory itself). */
function inSharedTemp(prefix: string): boolean {
  return /^\/(?:var\/)?tmp\/[^/]/.test(prefix);
}

/**
 * `/tmp/{name}…`: the value that names an entry of the shared temporary directory, when it is one that cannot climb out
 * of it (a random token, `uuid.uuid4()`; a basename).
 */
function sharedTempName(sk: { text: string; holes: Value[] }): Value | undefined {
  const dir = /^\/(?:var\/)?tmp\//.exec(sk.text)?.[0];
  const first = dir && sk.text.startsWith(`${HOLE_PREFIX}0__`, dir.length) ? sk.holes[0] : undefined;
  return first && sanitizersOf(first).some((k) => k === 'path-basename' || k === 'path-contained') ? first : undefined;
}

/** A relative path that, taken from the folder of the file (or a folder between it and the project root), stays in the project. */
function insideFromOwnFolder(file: string, rel: string): boolean {
  const folders = file.split('/').slice(0, -1).filter((d) => d && d !== '.');
  if (!folders.length || folders.includes('..')) return false;
  const ups = rel.split('/').filter((p) => p === '..').length;
  return ups <= folders.length;
}

export const pathOutsideSandbox: Check = {
  kind: 'sink',
  judge(hit, ctx) {
    const sk = skeleton(hit.value);
    if (!sk) return undefined;
    const prefix = constantPrefix(sk.text);
    if (prefix === undefined || prefix === '' || HARMLESS_DEVICES.has(prefix)) return undefined;
    // `/proc/self/fd/${dir.fd}/${name}`: a name under a directory the program holds open, where that was opened (`DESCRIPTOR_DIRS`)
    if (sk.holes.length && DESCRIPTOR_DIRS.includes(prefix) && sk.text.startsWith(HOLE_PREFIX, prefix.length)) return undefined;
    // a relative template prefix says nothing until the hole is known
    if (sk.holes.length && !prefix.startsWith('/') && !prefix.startsWith('~') && !prefix.startsWith('..')) return undefined;
    const verdict = resolveInSandbox(prefix, ctx.config.sandbox.roots, { cwd: ctx.config.baseDir });
    if (verdict.inside) return undefined;
    const op = fileOp(hit);
    // without a configured sandbox, reading system facts is not a finding; writing them still is
    // (`/proc/{pid}/io`: a hole where a process id or a name in a harmless tree goes is read as a wildcard)
    if (!ctx.config.sandbox.configured && (op === 'read' || op === 'list') && isReadOnlySystemPath(sk.holes.length ? fillHoleMarkers(sk.text, '*') : prefix)) return undefined;
    const shown = sk.holes.length ? `${prefix}…` : prefix;
    const action: Action = { kind: 'file', path: sk.holes.length ? prefix + 'agentos_probe' : prefix, op };
    if (!ctx.config.sandbox.configured && isCiRunnerScript(ctx.facts.file)) {
      return { message: `\`${calleeText(ctx, hit.call)}\` ${opVerb(op)} ${quote(shown)}, outside the checkout, ${CI_RUNNER_NOTE}.`, severity: 'low', action };
    }
    // without a configured sandbox, the shared temporary directory is scratch space every program uses, not user data
    // (`/tmp/app_session_{USER}`: a name begun there and finished with values no untrusted origin reaches is there too)
    // (`/tmp/{uuid.uuid4()}`: a name the program made, one that cannot climb out of the directory, is there too)
    const made = !inSharedTemp(prefix) && sharedTempName(sk) !== undefined && !ctx.untrusted(hit.value).length;
    const named = inSharedTemp(prefix) || made || (inSharedTemp(sk.text) && !sk.text.startsWith(HOLE_PREFIX, sk.text.indexOf('tmp/') + 4) && !ctx.untrusted(hit.value).length);
    if (!ctx.config.sandbox.configured && named) {
      const which = inSharedTemp(prefix) ? 'a fixed name there' : made ? 'a name there' : 'a name made of constants and the environment is predictable: one there';
      return {
        message: `\`${calleeText(ctx, hit.call)}\` ${opVerb(op)} ${quote(inSharedTemp(prefix) ? shown : `${sk.text.slice(0, sk.text.indexOf(HOLE_PREFIX))}…`)} in the shared temporary directory, outside the project; graded low as scratch space, but ${which} can be created first by another local user: prefer a private directory (\`mkdtemp\`).`,
        severity: 'low',
        action,
      };
    }
    // without a configured sandbox, a fixed location is the program's own choice, in plain sight:
    // reported low, but for what gives credentials away or changes the system (and deletes)
    if (!ctx.config.sandbox.configured && op !== 'delete' && !isSensitiveLocation(sk.holes.length ? fillHoleMarkers(sk.text, '*') : prefix, prefix)) {
      return {
        message: `\`${calleeText(ctx, hit.call)}\` ${opVerb(op)} ${quote(shown)}, outside the project; graded low as a fixed location of the program's own with no sandbox configured (\`sandbox.roots\` in the configuration holds the code to its roots).`,
        severity: 'low',
        action,
      };
    }
    // a fixed file or folder the program deletes (its own trigger file, a cache it clears), named in full in plain sight
    if (!ctx.config.sandbox.configured && op === 'delete' && !sk.holes.length && !isSensitiveLocation(prefix, prefix) && isProgramOwnPlace(prefix)) {
      return {
        message: `\`${calleeText(ctx, hit.call)}\` deletes ${quote(shown)}, outside the project; graded low as a fixed location of the program's own, named in full, with no sandbox configured (\`sandbox.roots\` in the configuration holds the code to its roots).`,
        severity: 'low',
        action,
      };
    }
    // a shell script writing a fixed system location (`/etc/samba/smb.conf`, `/var/lib/mysql`, a systemd unit): it
    // configures the machine or image it runs on, its purpose (credentials and start-up files of an account keep their grade)
    if (!ctx.config.sandbox.configured && ctx.facts.language === 'shell' && !sk.holes.length && isSystemConfiguration(prefix)) {
      return {
        message: `\`${calleeText(ctx, hit.call)}\` ${opVerb(op)} ${quote(shown)}, a fixed system location: a shell script configuring the machine or image it runs on; graded low with no sandbox configured (\`sandbox.roots\` in the configuration holds the code to its roots).`,
        severity: 'low',
        action,
      };
    }
    // `../next/.env` in `cli/src/env.js`: a package of a larger repository, run from its own folder, stays in the repository
    if (!ctx.config.sandbox.configured && prefix.startsWith('../') && insideFromOwnFolder(ctx.facts.file, prefix)) {
      return {
        message: `\`${calleeText(ctx, hit.call)}\` ${opVerb(op)} ${quote(shown)}, outside the project when run from its root, but inside it when run from the file's own folder (a package of a larger repository); graded low with no sandbox configured.`,
        severity: 'low',
        action,
      };
    }
    return {
      message: `\`${calleeText(ctx, hit.call)}\` ${opVerb(op)} ${quote(shown)}, outside the sandbox roots (${ctx.config.sandbox.roots.join(', ')}).`,
      severity: op === 'read' || op === 'list' ? ctx.rule.severity : 'high',
      action,
    };
  },
};

/**
 * The call reads, opens or writes a file's content (not a directory's entries, its mode or its place): a read, an open,
 * or a write sink the rule marks `content`.
 */
function opensFileContent(hit: SinkHit, op: FileOp): boolean {
  const w = hit.sink.with;
  return (op === 'read' && w?.op !== 'list') || w?.op === 'open' || w?.content === true;
}

/**
 * The path with every one-part hole (`split("/")[1]`) that is glued to constant text of its file
 * name (`f"{uuid}.{ext}"`, `` `${name}.json` ``) taken out: such a part holds no separator, and even
 * `..` there is only part of a name. Alone between separators it could still be `..`; as the last part of a path
 * whose file content is read or written (`self.tmp_dir / name` with `name` a route's `{name}`) it names at most a
 * directory, which such a call does not open.
 */
function withoutGluedSegments(v: Value, ctx: CheckContext, fileContent = false): Value {
  if (v.kind !== 'template') return v;
  const glued = (i: number): boolean => {
    const before = v.parts[i - 1];
    const after = v.parts[i + 1];
    // (the last part, after a separator, of a path whose file is read, opened or written as a whole: `..` or `.` there
    // names a directory, which no such call opens; listing, deleting or moving it would act on the parent)
    if (fileContent && i === v.parts.length - 1 && i > 0 && typeof before === 'string' && /[\\/]$/.test(before)) return true;
    return (typeof before === 'string' && before !== '' && !/[\\/]$/.test(before)) || (typeof after === 'string' && after !== '' && !/^[\\/]/.test(after));
  };
  let changed = false;
  const parts = v.parts.map((p, i) => {
    if (typeof p === 'string' || !oneSegment(p.hole, ctx) || !glued(i)) return p;
    changed = true;
    return 'x';
  });
  return changed ? { ...v, parts } : v;
}

/**
 * Every origin that reaches the value is one part of a string cut at `/` (a constant in another branch adds none), also
 * as its callers made it (a parameter every call fills with a checked suffix, `_validate_suffix(suffix)`).
 */
function oneSegment(v: Value, ctx: CheckContext): boolean {
  if (isOneSegment(v)) return true;
  const resolved = taintOf(v).length ? ctx.untrusted(v) : [];
  return resolved.length > 0 && resolved.every((t) => t.origin.sanitized?.includes('path-segment'));
}

export const pathUntrusted: Check = {
  kind: 'sink',
  judge(hit, ctx) {
    const v = hit.value;
    if (!v || v.kind === 'const') return undefined;
    const sanitizers = sanitizersOf(v);
    if (sanitizers.includes('path-contained') || sanitizers.includes('path-basename') || sanitizers.includes('governed')) return undefined;
    const op = fileOp(hit);
    const taints = unsanitized(ctx, withoutGluedSegments(v, ctx, opensFileContent(hit, op)), ['path-contained', 'path-basename']);
    if (!taints.length) return undefined;
    const callee = calleeText(ctx, hit.call);
    return {
      message: `\`${callee}\` ${opVerb(op)} a path taken from ${taintPhrase(taints)} without checking that it stays inside the sandbox; resolve it and verify it lies under a sandbox root first.`,
      severity: severityForTaint(taints, op === 'read' || op === 'list' ? ctx.rule.severity : 'high'),
      trace: traceOf(taints, ctx, hit.call, `reaches \`${callee}\``),
      action: { kind: 'file', path: PATH_PAYLOAD, op },
    };
  },
};
