/**
 * What the front ends share when they walk code in order: building and merging values,
 * and alternative paths (branches, loops, handlers) whose writes are merged where the
 * paths meet. A front end keeps one environment per scope; each scope carries a serial
 * number in creation order, so a write to a scope older than the current path is undone
 * after the path and merged with the other paths' values.
 */
import type { Range, SanitizerKind, StringFact, TaintOrigin, UnknownValue, Value } from './facts.js';
import type { LineTable } from './lines.js';
import { argumentPart, concat, constant, constString, joinValues, dedupeTaint, fromParts, isConstant, isOneSegment, sanitizersOf, taintOf, unknown, withSanitizer } from './values.js';

/** A fact found during a walk, with the offsets that put it in source order. */
export interface Placed<T> {
  start: number;
  /** for facts that nest (a call in a call's arguments): the outer one, ending later, comes first */
  end?: number;
  fact: T;
}

/** The facts of a walk in source order. */
export function inSourceOrder<T>(list: Placed<T>[]): T[] {
  return list.sort((a, b) => a.start - b.start || (b.end ?? 0) - (a.end ?? 0)).map((p) => p.fact);
}

/** Beyond this many parts a built string says nothing more to a check: keep only its taint. */
export const MAX_PARTS = 256;

/** `concat`, bounded: strings grown in long generated sequences stay cheap. */
export function cat(...values: Value[]): Value {
  const v = concat(...values);
  return v.kind === 'template' && v.parts.length > MAX_PARTS ? unknown(taintOf(v)) : v;
}

export function isStringish(v: Value): boolean {
  return v.kind === 'template' || (v.kind === 'const' && typeof v.value === 'string');
}

/** Taint of several values, without allocating when none carries any. */
export function taintOfAll(values: readonly (Value | undefined)[]): TaintOrigin[] | undefined {
  let out: TaintOrigin[] | undefined;
  let sources = 0;
  for (const v of values) {
    if (!v || v.kind === 'const') continue;
    const t = v.kind === 'unknown' ? v.taint : taintOf(v);
    if (!t || !t.length) continue;
    out = out ? out.concat(t) : t;
    sources++;
  }
  return out && sources > 1 ? dedupeTaint(out) : out;
}

/** An unknown value from taint that is already deduplicated (hot path: skips `unknown()`'s dedupe). */
export function unk(taint: TaintOrigin[] | undefined, ref?: string): Value {
  const v: Value = { kind: 'unknown' };
  if (taint && taint.length) v.taint = taint;
  if (ref) v.ref = ref;
  return v;
}

export function sameValue(a: Value, b: Value, depth = 0): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || depth > 4) return false;
  if ((a.taint?.length ?? 0) !== (b.taint?.length ?? 0) || (a.sanitized?.length ?? 0) !== (b.sanitized?.length ?? 0)) return false;
  if (a.taint?.length || a.sanitized?.length) return false;
  switch (a.kind) {
    case 'const':
      return a.value === (b as typeof a).value;
    case 'template': {
      const bp = (b as typeof a).parts;
      if (a.parts.length !== bp.length) return false;
      return a.parts.every((p, i) => {
        const q = bp[i]!;
        if (typeof p === 'string' || typeof q === 'string') return p === q;
        return sameValue(p.hole, q.hole, depth + 1);
      });
    }
    case 'list': {
      const bi = (b as typeof a).items;
      return a.items.length === bi.length && a.items.every((x, i) => sameValue(x, bi[i]!, depth + 1));
    }
    case 'dict': {
      const be = (b as typeof a).entries;
      const ak = Object.keys(a.entries);
      if (ak.length !== Object.keys(be).length) return false;
      return ak.every((k) => Object.prototype.hasOwnProperty.call(be, k) && sameValue(a.entries[k]!, be[k]!, depth + 1));
    }
    default:
      return a.ref === (b as typeof a).ref && a.functionId === (b as typeof a).functionId;
  }
}

/** Control-flow merge: values that agree stay; others become unknown with the union of taints and the common sanitizers. */
/** A number whatever its operands were (`a * b`, `i + 1` of numbers): it cannot carry text. */
export function numeric(taint?: TaintOrigin[]): Value {
  return withSanitizer(unknown(taint), 'integer');
}

/**
 * A digest or a name-based UUID of a value (`hashlib.sha256(x).hexdigest()`, `crypto.createHash("sha256").update(x).digest("hex")`,
 * `uuid.uuid5(ns, x)`, `uuidv5(x, ns)`): hexadecimal (or base64) text the input cannot steer into a quote, a shell word or a
 * parent directory, so it is judged as a number is.
 */
const DIGEST = /^(?:hashlib\.\w+\(\)\.(?:hex)?digest|hmac\.new\(\)\.(?:hex)?digest|crypto\.create(?:Hash|Hmac)\(\)(?:\.update\(\))*\.digest|uuid\.(?:uuid[35]|v[35]))$/;

export function isDigest(callee: string): boolean {
  return DIGEST.test(callee);
}

/**
 * An embedding of text (LangChain's `embed_query` / `embed_documents` and their async forms, LangChain.js's `embedQuery` /
 * `embedDocuments`): vectors of numbers, which say how alike texts are and carry none of their characters.
 */
const EMBEDDING = /(?:^|\.)(?:a?embed_(?:query|documents)|embed(?:Query|Documents))$/;

export function isEmbedding(callee: string): boolean {
  return EMBEDDING.test(callee);
}

export function isNumber(v: Value): boolean {
  return (v.kind === 'const' && typeof v.value === 'number') || (v.kind === 'unknown' && !!v.sanitized?.includes('integer'));
}

/** The constants a value may be, when it can only be one of a few. */
function constantsOf(v: Value): (string | number | boolean | null)[] | undefined {
  if (v.taint?.length) return undefined;
  if (v.kind === 'const') return [v.value];
  return v.kind === 'unknown' && v.oneOf?.length ? v.oneOf : undefined;
}

export const MAX_ONE_OF = 16;

function constantList(v: Value): v is Value & { kind: 'list'; items: Value[] } {
  return v.kind === 'list' && !v.taint?.length && !v.sanitized?.length && v.items.length > 0 && v.items.every((i) => i.kind === 'const');
}

/** An argv list whose program was found on PATH (`shutil.which("tool")`) or is the running interpreter, its arguments constants. */
function argvList(v: Value): v is Value & { kind: 'list'; items: Value[] } {
  if (v.kind !== 'list' || v.taint?.length || v.sanitized?.length || !v.items.length) return false;
  const [program, ...rest] = v.items;
  return (isLookup(program!) || runningInterpreter(program!)) && rest.every((i) => i.kind === 'const');
}

/** An argv list (no taint of its own) whose first item, the program, is a constant text. */
function constantProgram(v: Value): boolean {
  return v.kind === 'list' && !v.taint?.length && !v.sanitized?.length && v.items.length > 0 && !!constantTexts(v.items[0]!);
}

/** `None`, `null` or `undefined`. */
function isNone(v: Value): boolean {
  return v.kind === 'const' && (v.value === null || v.value === undefined) && !v.taint?.length;
}

/**
 * Names of values a program's operator sets: its environment (also `TMPDIR`, through `tempfile.gettempdir()`, and `PATH`,
 * through `shutil.which(name)` of a name no untrusted origin reaches), command line and interpreter (not remote input),
 * and the account it runs as (`os.userInfo()`: its login shell, home directory and name); also the project's settings
 * object, imported from its configuration module (`from app.config import settings`, `django.conf.settings`), and what a
 * command-line parser made of the process's arguments (yargs' `argv` or `parse()`, commander's `opts()`, minimist,
 * `util.parseArgs`; a parser handed other text, `yargs(toolInput)`, carries that text's taint, judged first).
 */
export const OPERATOR_SET = /^(?:os\.environ|(?:node:)?os\.userInfo\(\)|os\.getenv|sys\.argv|sys\.executable|tempfile\.gettempdir|shutil\.which|argparse\.|process\.env|process\.argv|process\.execPath|(?:yargs\.)?yargs\(\)|minimist\(\)|mri\(\)|(?:node:)?util\.parseArgs\(\)|commander\.(?:program|Command\(\)|createCommand\(\))(?:\.\w+\(\))*\.opts\(\))|^(?:\w+\.)*(?:config\d*|configs|settings|conf|configuration)\.(?:config|settings|CONFIG|SETTINGS)(?:\.|$)/;

/** Alternatives every one of which is an argv list of constants (or one found on PATH). */
function everyList(v: Value): boolean {
  return hasAlternatives(v) && alternativesOf(v).every((w) => constantList(w) || argvList(w));
}

function hasAlternatives(v: Value): boolean {
  return v.kind === 'unknown' && !!v.alternatives?.length && !v.taint?.length;
}

function alternativesOf(v: Value): Value[] {
  // (a lookup on PATH is one way, whatever name it remembers)
  return v.kind === 'unknown' && v.alternatives?.length && !isLookup(v) ? v.alternatives : [v];
}

/** Lookups of a program on PATH: `shutil.which("uv")` is `uv`, wherever it is installed (also Ansible's `get_bin_path("git")`). */
const WHICH = new Set(['shutil.which()', 'which()', 'which.sync()']);
/** also a project's own `which` helper and distutils' `find_executable`: a lookup by a constant name finds that program */
export const isWhich = (ref: string) => WHICH.has(ref) || /(?:^|\.)(?:get_bin_path|which|find_executable)\(\)$/.test(ref);

/**
 * `shutil.which("uv")`: a lookup on PATH that remembers the name it looked up, as its one way of being found, so
 * that the program it starts is `uv` whatever else the file looks up. Undefined for a name that is not a constant.
 */
export function programLookup(callee: string, name: Value | undefined): Value | undefined {
  const program = name?.kind === 'const' && typeof name.value === 'string' && /^[\w.+-]+$/.test(name.value) ? name.value : undefined;
  if (program !== undefined) return { kind: 'unknown', ref: `${callee}()`, alternatives: [constant(program)] };
  // a name from a loop over candidates (`for c in ["docker", "/usr/local/bin/docker", expanduser("~/.docker/bin/docker")]`):
  // what it finds is one of them, each a program's name or a path to one
  const ways = name && !name.taint?.length ? candidateNames(name) : undefined;
  if (ways) return { kind: 'unknown', ref: `${callee}()`, alternatives: ways };
  // a helper's parameter (`def find_bin(sdk, name): ... shutil.which(name)`): the name each call passes (`instantiate`)
  return name && PARAMETER_VALUES.has(name) && wholeParameter(name) ? { kind: 'unknown', ref: `${callee}()`, alternatives: [name] } : undefined;
}

/** A program's name or a path to one, written out (`docker`, `/usr/local/bin/docker`, `~/.docker/bin/docker`). */
const PROGRAM_TEXT = /^~?[\w./+-]*[\w+-]$/;

/** The candidates a value is one of, when each is a program's name, a constant path or a path ending in a constant file name (in a folder nothing untrusted chose). */
function candidateNames(v: Value): Value[] | undefined {
  if (v.kind === 'unknown' && v.oneOf?.length && v.oneOf.every((o) => typeof o === 'string' && PROGRAM_TEXT.test(o))) return v.oneOf.map((o) => constant(o as string));
  if (v.kind === 'unknown' && v.alternatives?.length && v.alternatives.every((a) => (a.kind === 'const' && typeof a.value === 'string' && PROGRAM_TEXT.test(a.value)) || (a.kind === 'template' && !taintOf(a).length && typeof a.parts[a.parts.length - 1] === 'string'))) return v.alternatives;
  return undefined;
}

const isLookup = (v: Value) => v.kind === 'unknown' && !!v.ref && isWhich(v.ref) && !v.taint?.length;

/** A lookup on PATH, or ways of finding a program among which one is (checked before any array is made: the merge is hot). */
const holdsLookup = (v: Value) => isLookup(v) || (v.kind === 'unknown' && !!v.alternatives?.some(isLookup));

/** One way a program was found: a lookup on PATH, a path to it, its name, the environment's choice (`os.environ.get("AGENT_S_PATH")`), or nothing (`None`). */
function programCandidate(v: Value): boolean {
  if (v.taint?.length) return false;
  if (v.kind === 'const') return typeof v.value === 'string' || v.value === null;
  // one of several constants (a loop over candidate names, `shutil.which(c) or c`)
  if (v.kind === 'unknown' && v.oneOf?.length) return v.oneOf.every((o) => typeof o === 'string');
  return v.kind === 'template' || isLookup(v) || (v.kind === 'unknown' && !!v.ref && /^os\.(?:environ|getenv)\b/.test(v.ref));
}

/** Bound on the shapes a list keeps. */
const MAX_SHAPES = 8;

/** The shapes of what was added to a list (`ListValue.shapes`): for a list of constant texts, those texts; undefined when not known. */
function shapesOf(list: Value): Value[] | undefined {
  if (list.kind !== 'list') return undefined;
  return list.shapes ?? withShapes([], list.items);
}

/** `shapes` with the texts of `added`, each once, undefined when one of them is not text or the bound is passed. */
function withShapes(shapes: Value[] | undefined, added: readonly Value[]): Value[] | undefined {
  if (!shapes) return undefined;
  let out = shapes;
  for (const v of added) {
    if (v.kind !== 'template' && !(v.kind === 'const' && typeof v.value === 'string')) return undefined;
    if (out.some((s) => sameValue(s, v))) continue;
    if (out.length >= MAX_SHAPES) return undefined;
    out = [...out, v];
  }
  return out;
}

/** The shapes two merged lists were made of, if both are known. */
function mergedShapes(a: Value, b: Value): Value[] | undefined {
  const sa = shapesOf(a);
  const sb = shapesOf(b);
  const out = sa && sb ? withShapes(sa, sb) : undefined;
  return out?.length ? out : undefined;
}

/**
 * The items to join for a list's text: its items, or where a merge of paths has blurred them (an item that is not
 * one of its shapes), every text it was made of, each once.
 */
export function itemsToJoin(list: Extract<Value, { kind: 'list' }>): Value[] {
  const shapes = list.shapes;
  if (!shapes?.length || list.items.every((i) => shapes.some((s) => sameValue(s, i)))) return list.items;
  return shapes;
}

/** A parameter's whole value, unchanged (one origin, nothing checked), `None`, or alternatives each of which is one of those. */
function parameterWays(v: Value): Value[] | undefined {
  if (isNone(v)) return [v];
  if (v.kind !== 'unknown' || v.ref || v.functionId || v.oneOf || v.sanitized?.length || v.choices) return undefined;
  if (v.alternatives?.length) return v.alternatives.every((w) => isNone(w) || wholeParameter(w)) ? v.alternatives : undefined;
  return wholeParameter(v) ? [v] : undefined;
}

/**
 * The values front ends bind a function's parameters to (by identity): a value with the same origin may be a part of
 * the parameter (an item a loop takes from it), which a call's argument does not stand for.
 */
const PARAMETER_VALUES = new WeakSet<Value>();

/** Marks the value a parameter is bound to when a function's body is walked. */
export function markParameter(v: Value): Value {
  PARAMETER_VALUES.add(v);
  return v;
}

/** The items a loop takes from a parameter (`for shell in candidates:`), by identity: a call passing a list gives one of its items. */
const PARAMETER_ITEMS = new WeakSet<Value>();

/** The value a loop over a parameter binds: one of the parameter's items. */
export function parameterItem(parameter: Value): Value | undefined {
  if (!PARAMETER_VALUES.has(parameter)) return undefined;
  const item = unknown(parameter.taint);
  PARAMETER_ITEMS.add(item);
  return item;
}

/** Text nobody chooses the characters of (a random id, a digest's hex): safe as a name, path segment or argument. */
export function safeToken(ref: string): Value {
  return allowlistedValue(unk(undefined, ref));
}

/** A value marked as one of the program's own, as a check against a constant collection marks it: every `ALLOWLISTED` sanitizer. */
export function allowlistedValue(v: Value): Value {
  return ALLOWLISTED.reduce<Value>((x, k) => withSanitizer(x, k), v);
}

/** A parameter's whole value, unchanged, or `None` (`client` of `client or Client()`). */
export const parameterOrNone = (v: Value): boolean => isNone(v) || wholeParameter(v);

const wholeParameter = (v: Value): boolean => (PARAMETER_VALUES.has(v) || PARAMETER_ITEMS.has(v)) && v.taint?.length === 1 && v.taint[0]!.kind === 'param' && !v.sanitized?.length;

/** Bound on the fields of two objects of different shapes merged field by field. */
const MAX_MERGED_KEYS = 32;

/**
 * The origins of a key that picks an entry of a mapping of the program (`self._sessions.get(session_id)`): only its
 * parameters, marked as having picked (`via: 'key'`), which say who chose the key; untrusted data there only picked an
 * entry the program stored.
 */
export function pickedBy(taint: readonly TaintOrigin[]): TaintOrigin[] {
  return taint.flatMap((o): TaintOrigin[] => (o.kind === 'param' ? [{ ...o, via: 'key' }] : []));
}

export function mergeValues(a: Value, b: Value): Value {
  if (sameValue(a, b)) return a;
  // a helper returning one of its parameters, or `None` (`return unix_variant or cmd_base`): each kept, so that a call
  // passing constants returns one of those constants (`instantiate`; `find_command("npm")` is `npm`)
  const pa = parameterWays(a);
  const pb = pa && parameterWays(b);
  if (pa && pb && pa.length + pb.length <= MAX_ONE_OF && [...pa, ...pb].some((w) => w.kind === 'unknown')) {
    const taint = taintOfAll([a, b]);
    return taint?.length ? { kind: 'unknown', alternatives: [...pa, ...pb], taint } : { kind: 'unknown', alternatives: [...pa, ...pb] };
  }
  // two constants: one of them, still the program's own value
  const ca = constantsOf(a);
  const cb = constantsOf(b);
  // (a constant checked against a list, `for cmd in ["npx.cmd", "npx"]: ... return cmd`, is still one of them;
  // what both were proved safe for stays proved)
  if (ca && cb) {
    const oneOf = [...new Set([...ca, ...cb])];
    if (oneOf.length <= MAX_ONE_OF) {
      const sb = sanitizersOf(b);
      const both = sanitizersOf(a).filter((k) => sb.includes(k));
      return both.length ? { kind: 'unknown', oneOf, sanitized: both } : { kind: 'unknown', oneOf };
    }
  }
  // two numbers (`n ?? 16`, `a ? i * 2 : 0`): a number
  if (isNumber(a) && isNumber(b) && (a.kind !== 'const' || b.kind !== 'const')) return numeric(taintOfAll([a, b]));
  // two lists of constants of different lengths (two fixed argv lists, also with a program found on PATH or the running
  // interpreter first: `[shutil.which("tool"), "serve"]` or `[sys.executable, "-m", "tool", "serve"]`): one of them, each kept whole
  // (argv lists of one program that one path extended are merged item by item below, which keeps their program first)
  if (((constantList(a) && constantList(b)) || ((constantList(a) || argvList(a)) && (constantList(b) || argvList(b)) && !sameValue(a.items[0]!, b.items[0]!))) && a.items.length !== b.items.length) {
    const alternatives = [...alternativesOf(a), ...alternativesOf(b)];
    if (alternatives.length <= MAX_ONE_OF) return { kind: 'unknown', alternatives };
  }
  // argv lists, or `None` when no program was found (`return ["wrangler"]`, `return ["npx", "wrangler"]`, `return None`):
  // the lists (nothing is started with `None`: the caller's `if base is None: raise`, or a TypeError)
  // (also an argv list whose program is a constant and whose arguments are not: `clone = None`, then `["cp", "-a", src,
  // dst]` on one platform and a longer `cp` line on another, run only when one was made)
  if (isNone(a) && (constantList(b) || argvList(b) || everyList(b) || constantProgram(b))) return b;
  if (isNone(b) && (constantList(a) || argvList(a) || everyList(a) || constantProgram(a))) return a;
  // a text, or `None` (`return str(path)` when it exists, else `None`): the text (`None` carries nothing a sink could run)
  if (isNone(a) && b.kind === 'template') return b;
  if (isNone(b) && a.kind === 'template') return a;
  if ((constantList(a) || a.kind === 'unknown') && (constantList(b) || b.kind === 'unknown') && (hasAlternatives(a) || hasAlternatives(b))) {
    const alternatives = [...alternativesOf(a), ...alternativesOf(b)];
    if (alternatives.every(constantList) && alternatives.length <= MAX_ONE_OF) return { kind: 'unknown', alternatives };
  }
  // a program found one of several ways (`shutil.which("uv")`, else a path ending in `/uv`, else `None`): each way kept,
  // for the command checks to name (checks/commands.ts `knownProgram`); only when a lookup on PATH is among them
  if (holdsLookup(a) || holdsLookup(b)) {
    const found = [...alternativesOf(a), ...alternativesOf(b)];
    if (found.length <= MAX_ONE_OF && found.every((w) => programCandidate(w) || runningInterpreter(w))) return { kind: 'unknown', alternatives: found };
  }
  // two paths to one file name in directories not known here (`{home}/bin/tool`, `{prefix}/tool`): that file, somewhere
  const file = sharedFileName(a, b);
  if (file) return { kind: 'template', parts: [{ hole: unknown(taintOfAll([a, b])) }, file] };
  // a program in one of several places (`{venv}/Scripts/python.exe` on Windows, `{venv}/bin/python3` elsewhere, or
  // `python3` on PATH; `sys.executable or "python3"`): each place kept, for the command checks to name
  if (executablePath(a) || executablePath(b) || foundPlaces(a) || foundPlaces(b) || (runningInterpreter(a) && programName(b)) || (runningInterpreter(b) && programName(a))) {
    const found = [...programWays(a), ...programWays(b)];
    if (found.length <= MAX_ONE_OF && found.every((w) => executablePath(w) || programName(w) || programPath(w) || runningInterpreter(w))) {
      // (what chose the directories stays on the value: the command checks look at it)
      const taint = taintOfAll(found);
      return taint?.length ? { kind: 'unknown', alternatives: found, taint } : { kind: 'unknown', alternatives: found };
    }
  }
  // what the operator set, or a constant, on each path (`return process.env.SHELL`, `return os.userInfo().shell`, `return
  // "/bin/bash"`): each way kept, so that what chose the value stays known
  const ways = operatorWays(a, b);
  if (ways) return ways.length === 1 ? ways[0]! : { kind: 'unknown', alternatives: ways };
  // two lists (an argv list extended on one path only): the items both have, merged, then what one path added
  if (a.kind === 'list' && b.kind === 'list' && a.items.length && b.items.length && !a.taint?.length && !b.taint?.length) {
    const n = Math.min(a.items.length, b.items.length);
    const items = a.items.slice(0, n).map((x, i) => mergeValues(x, b.items[i]!));
    const extra = [...a.items.slice(n), ...b.items.slice(n)];
    // (constants one path added stay constants: one of them; records, `{ name: "mpv", command: "mpv" }` of a table of
    // players, each field merged; anything else is one value of their origins)
    if (extra.length) {
      const merged = extra.length <= MAX_ONE_OF && (extra.every((e) => constantTexts(e)) || extra.every((e) => e.kind === 'dict' && !e.taint?.length));
      items.push(merged ? mergeAll(extra) : unknown(taintOfAll(extra)));
    }
    const shapes = mergedShapes(a, b);
    return shapes ? { kind: 'list', items, shapes } : { kind: 'list', items };
  }
  // a list filled on one path only (pushed to in a loop): what that path put in it
  if (a.kind === 'list' && b.kind === 'list' && !a.taint?.length && !b.taint?.length && (!a.items.length || !b.items.length)) {
    return a.items.length ? a : b;
  }
  // a text one path extended (`url = f"{host}/search?q={q}"`, then `url += f"&engines={e}"` on one path): the text
  // both begin with, then what follows it on each path merged, so that what the start says (the host) stays known
  // (a constant URL on the other path, `url = f"{BASE}/v1"` extended with `?{query}` on one path, is a text of one part)
  // (the merge is hot: a constant is made a template only when the other side is one)
  const ta = a.kind === 'template' || b.kind === 'template' ? asTemplate(a) : undefined;
  const tb = ta ? asTemplate(b) : undefined;
  const shared = ta && tb ? sharedStart(ta, tb) : undefined;
  if (shared) return shared;
  // two objects of one shape (`return { conditions, values, paramIndex }` on every path): each field merged on its own
  if (a.kind === 'dict' && b.kind === 'dict' && !a.taint?.length && !b.taint?.length && sameKeys(a.entries, b.entries)) {
    return { kind: 'dict', entries: Object.fromEntries(Object.keys(a.entries).map((k) => [k, mergeValues(a.entries[k]!, b.entries[k]!)])) };
  }
  // two objects of different shapes (`return { ok: true, skill }` or `return { ok: false, error: \`${raw} not found\` }`):
  // each field merged on its own, one only a path has with an unknown value for the other (where it is absent), so that
  // reading `skill` finds what that path put there and not what the other put in `error`
  if (a.kind === 'dict' && b.kind === 'dict' && !a.taint?.length && !b.taint?.length) {
    const keys = [...new Set([...Object.keys(a.entries), ...Object.keys(b.entries)])];
    if (keys.length <= MAX_MERGED_KEYS) {
      const absent = unknown();
      return { kind: 'dict', entries: Object.fromEntries(keys.map((k) => [k, mergeValues(a.entries[k] ?? absent, b.entries[k] ?? absent)])) };
    }
  }
  const taint = taintOfAll([a, b]);
  const sa = sanitizersOf(a);
  const sb = sanitizersOf(b);
  const sanitized = sa.length && sb.length ? sa.filter((k) => sb.includes(k)) : undefined;
  const ref = a.kind === 'unknown' && b.kind === 'unknown' && a.ref === b.ref ? a.ref : undefined;
  const functionId = a.kind === 'unknown' && b.kind === 'unknown' && a.functionId === b.functionId ? a.functionId : undefined;
  return unknown(taint, { ref, functionId, sanitized });
}

/** Two texts that begin alike (the same constant text and the same holes) and then part: that beginning, then one hole. */
function sharedStart(a: Value & { kind: 'template' }, b: Value & { kind: 'template' }): Value | undefined {
  // (what reached either text whole, and what both were proved safe for, stays on the merge)
  const taint = taintOfAll([a, b]);
  const sb = sanitizersOf(b);
  const sanitized = sanitizersOf(a).filter((k) => sb.includes(k));
  const whole = { ...(taint?.length ? { taint } : {}), ...(sanitized.length ? { sanitized } : {}) };
  a = flatParts(a);
  b = flatParts(b);
  const n = Math.min(a.parts.length, b.parts.length);
  let i = 0;
  while (i < n && samePart(a.parts[i]!, b.parts[i]!)) i++;
  // two texts that part inside a constant (`…/v1/messages` and `…/v1/messages?{query}`): the constant split where they part
  const pa = a.parts[i];
  const pb = b.parts[i];
  if (typeof pa === 'string' && typeof pb === 'string') {
    let k = 0;
    while (k < pa.length && k < pb.length && pa[k] === pb[k]) k++;
    if (k > 0) {
      a = { kind: 'template', parts: [...a.parts.slice(0, i), pa.slice(0, k), ...(k < pa.length ? [pa.slice(k)] : []), ...a.parts.slice(i + 1)] };
      b = { kind: 'template', parts: [...b.parts.slice(0, i), pb.slice(0, k), ...(k < pb.length ? [pb.slice(k)] : []), ...b.parts.slice(i + 1)] };
      i++;
    }
  }
  // nothing shared, or no constant text among what is (only that tells where the text goes); only for a URL
  // (`scheme://…`, or a base then `/` or `?`): other texts extended on one path stay opaque, as they were
  if (i === 0 || !a.parts.slice(0, i).some((p) => typeof p === 'string') || !urlStart(a.parts)) return undefined;
  const rest = (v: Value & { kind: 'template' }): Value => {
    const tail = v.parts.slice(i);
    if (!tail.length) return constant('');
    return tail.length === 1 && typeof tail[0] === 'string' ? constant(tail[0]) : { kind: 'template', parts: tail };
  };
  return { kind: 'template', parts: [...a.parts.slice(0, i), { hole: mergeValues(rest(a), rest(b)) }], ...whole };
}

/** A text as a template: a template itself, or a constant string as a template of that one part. */
function asTemplate(v: Value): (Value & { kind: 'template' }) | undefined {
  if (v.kind === 'template') return v;
  return v.kind === 'const' && typeof v.value === 'string' && !v.taint?.length && !v.sanitized?.length ? { kind: 'template', parts: [v.value] } : undefined;
}

/** `f"{url}?{query}"` with `url` a text itself: its parts in place of the hole (nothing else of the value is lost). */
function flatParts(v: Value & { kind: 'template' }): Value & { kind: 'template' } {
  const first = v.parts[0];
  if (!first || typeof first === 'string' || first.hole.kind !== 'template' || first.hole.taint?.length || first.hole.sanitized?.length) return v;
  return { kind: 'template', parts: [...flatParts(first.hole).parts, ...v.parts.slice(1)] };
}

/** The parts begin a URL: `https://…`, or a value then a path or query (`{base}/search?q=`). */
function urlStart(parts: readonly (string | { hole: Value })[]): boolean {
  const [first, second] = parts;
  // (or a path from the root of a host not named yet, `/markets/{id}` and `/markets/slug/{id}`)
  if (typeof first === 'string') return /^(?:[a-z][\w+.-]*:\/\/|\/(?!\/))/i.test(first);
  return typeof second === 'string' && /^[/?]/.test(second) && !second.startsWith('//');
}

function samePart(p: string | { hole: Value }, q: string | { hole: Value }): boolean {
  if (typeof p === 'string' || typeof q === 'string') return p === q;
  return sameValue(p.hole, q.hole);
}

const FILE_NAME_AT_END = /[\\/]([\w.+-]*[a-z][\w.+-]*)$/i;

/** The strings a value can be when it is one or one of several of the program's constants. */
export function constantTexts(v: Value): string[] | undefined {
  if (v.taint?.length) return undefined;
  if (v.kind === 'const') return typeof v.value === 'string' ? [v.value] : undefined;
  return v.kind === 'unknown' && v.oneOf?.length && v.oneOf.every((o) => typeof o === 'string') ? (v.oneOf as string[]) : undefined;
}

/**
 * `os.path.join(venv, "bin", "pip")`, `path.join(root, "node_modules", ".bin", "tsx")`: a constant file name in a dynamic directory is kept as text (`{venv}/bin/pip`),
 * so that what it names stays visible, as `Path(venv) / "bin" / "pip"` does; other joins stay opaque.
 */
export function joinedFileName(args: Value[]): Value | undefined {
  // one name or one of several (`"python.exe" if os.name == "nt" else "python"`)
  const names = args.length >= 2 ? constantTexts(args[args.length - 1]!) : undefined;
  if (!names || !names.every((n) => /^[\w.+-]*[a-z][\w.+-]*$/i.test(n))) return undefined;
  return joinValues(args, '/');
}

/**
 * `os.path.join(specs_dir, f"{spec_id}.json")` where the last part is made of values of one path segment (`isOneSegment`:
 * a route's `{spec_id}`, a part cut at `/`) glued to constant text: it cannot be absolute, so the join is the text of the
 * parts with `/` between them, for the path checks to see the segment glued to its suffix.
 */
export function joinedSegment(args: Value[]): Value | undefined {
  const last = args[args.length - 1];
  if (args.length < 2 || last?.kind !== 'template') return undefined;
  type Part = (typeof last.parts)[number];
  const first = last.parts[0];
  const end = last.parts[last.parts.length - 1];
  const segment = (p: Part) => typeof p !== 'string' && isOneSegment(p.hole);
  // constant text, or one of several (`f"{name}.{ext}"` with `ext` "pdf" or "html"), without a separator
  const texts = (p: Part) => (typeof p === 'string' ? [p] : constantTexts(p.hole));
  const plain = (p: Part) => !!texts(p)?.every((t) => !/[\\/]/.test(t));
  if (!first || !end || segment(end) || !plain(end) || !segment(first) || !last.parts.every((p) => segment(p) || plain(p))) return undefined;
  if (args.slice(1, -1).some((a) => a.kind !== 'const' || typeof a.value !== 'string' || a.value.startsWith('/'))) return undefined;
  // a file name ending in text other than dots is never `.` or `..`: its segments cannot climb out of the directory,
  // wherever the path goes from here (a helper's parameter)
  if (!texts(end)!.every((t) => /[^.]$/.test(t))) return joinValues(args, '/');
  const named: Value = { ...last, parts: last.parts.map((p) => (segment(p) && typeof p !== 'string' ? { hole: withSanitizer(p.hole, 'path-basename') } : p)) };
  return joinValues([...args.slice(0, -1), named], '/');
}

/** A path to an executable: in a `bin`/`Scripts`/`.bin` directory, or a Windows `.exe`/`.cmd`/`.bat`. */
const EXECUTABLE_AT_END = /(?:[\\/](?:bin|Scripts|\.bin)[\\/][\w.+-]*[a-z][\w.+-]*|[\\/][\w.+-]+\.(?:exe|cmd|bat))$/i;

function executablePath(v: Value): boolean {
  if (v.kind !== 'template' || v.taint?.length || v.sanitized?.length) return false;
  const last = lastText(v);
  return last !== undefined && EXECUTABLE_AT_END.test(last);
}

/** The interpreter running the agent itself, by the reference that names it: a known program, not a dynamic one. */
export const RUNNING_INTERPRETER: Readonly<Record<string, string>> = { 'sys.executable': 'python3', 'process.execPath': 'node', 'process.argv0': 'node' };

/** The interpreter running the program itself (`sys.executable`, `process.execPath`). */
const runningInterpreter = (v: Value) => v.kind === 'unknown' && !v.taint?.length && !!v.ref && Object.prototype.hasOwnProperty.call(RUNNING_INTERPRETER, v.ref);

/** A program in one of several places already (merged as above). */
const foundPlaces = (v: Value) => v.kind === 'unknown' && !!v.alternatives?.some(executablePath);

/** A program's bare name (`python3`, `uv.exe`): a constant with no directory. */
const programName = (v: Value) => v.kind === 'const' && typeof v.value === 'string' && /^[\w+-][\w.+-]*$/.test(v.value) && !v.taint?.length;

/** A constant path to a program (`/usr/local/bin/docker`, `~/.local/bin/uv`): beside other places of the same program, one more way. */
const programPath = (v: Value) => v.kind === 'const' && typeof v.value === 'string' && /^(?:~|\/)[\w./+-]*\/[\w+-][\w.+-]*$/.test(v.value) && !v.taint?.length;

/** The ways a merged value names a program: the places kept, or each of several constants. */
function programWays(v: Value): Value[] {
  if (v.kind === 'unknown' && !v.taint?.length && v.oneOf?.length) return v.oneOf.map((o) => constant(o));
  return alternativesOf(v);
}

/**
 * The ways of two values (but `None`), when each is a text constant, `None` or a value the operator set (`OPERATOR_SET`)
 * with nothing else in it, two at least the operator's (`$SHELL`, else the account's login shell, else `/bin/bash`: one
 * setting with a default, `process.env.X ?? "python3"`, stays that setting), and there are few enough to keep.
 */
function operatorWays(a: Value, b: Value): Value[] | undefined {
  // (merging is hot: most merges hold no setting, and say so without building the list)
  const held = (v: Value) => v.kind === 'unknown' && (v.ref !== undefined || !!v.alternatives?.length);
  if (!held(a) && !held(b)) return undefined;
  const ways = [...alternativesOf(a), ...alternativesOf(b)];
  const plain = (w: Value) => isNone(w) || (w.kind === 'const' && typeof w.value === 'string' && !w.taint?.length && !w.sanitized?.length) || operatorRef(w);
  if (new Set(ways.filter(operatorRef).map((w) => (w as { ref?: string }).ref)).size < 2 || !ways.every(plain)) return undefined;
  const kept = ways.filter((w) => !isNone(w));
  return kept.length <= MAX_ONE_OF ? kept : undefined;
}

const operatorRef = (w: Value): boolean => w.kind === 'unknown' && !w.taint?.length && !w.oneOf && !w.alternatives && !w.functionId && w.ref !== undefined && OPERATOR_SET.test(w.ref);

/** The `/name` both templates end with, when it is a file name (with a letter) after a separator. */
function sharedFileName(a: Value, b: Value): string | undefined {
  // one of them may be a constant path (`Path("/usr/local/bin/tool")` beside `Path.home() / "bin" / "tool"`)
  if ((a.kind !== 'template' && b.kind !== 'template') || sanitizersOf(a).length || sanitizersOf(b).length) return undefined;
  const la = lastText(a);
  const lb = lastText(b);
  if (la === undefined || lb === undefined) return undefined;
  const ma = FILE_NAME_AT_END.exec(la);
  const mb = FILE_NAME_AT_END.exec(lb);
  return ma && mb && ma[1] === mb[1] ? ma[0] : undefined;
}

/** The constant text a value ends with: a template's last part, or a constant string. */
function lastText(v: Value): string | undefined {
  if (v.kind === 'template') {
    const last = v.parts[v.parts.length - 1];
    return typeof last === 'string' ? last : undefined;
  }
  return v.kind === 'const' && typeof v.value === 'string' ? v.value : undefined;
}

/**
 * `TABLE[kind]` with a key not known here, in a table of the program's constants: one of its entries, whatever the key
 * (as `TABLE.get(kind)` already is); a table of tables gives the entries every inner table has, each one of its values.
 */
export function entryOfConstantTable(table: Value): Value | undefined {
  if (table.kind !== 'dict' || table.taint?.length) return undefined;
  const entries = Object.values(table.entries);
  if (!entries.length) return undefined;
  if (entries.length > 16) return oneOfConstantTexts(entries);
  if (entries.every((e) => constantTexts(e))) return mergeAll(entries);
  // a table of lists of records of the program's constants (`toolMap[type]`, each a list of `{ command, args }`): a list
  // of every entry's records, each one of which an item taken from it is (a table of argv lists, `CMDS[name]`, gives
  // one of its lists whole: not this)
  if (entries.every((e) => e.kind === 'list' && !e.taint?.length && e.items.length > 0 && e.items.every((i) => i.kind === 'dict'))) {
    const items = entries.flatMap((e) => (e.kind === 'list' ? e.items : []));
    return items.length <= 16 && items.every(constantRecord) ? { kind: 'list', items } : undefined;
  }
  if (!entries.every((e) => e.kind === 'dict' && !e.taint?.length)) return undefined;
  const inner = entries as Extract<Value, { kind: 'dict' }>[];
  const keys = Object.keys(inner[0]!.entries).filter((k) => inner.every((d) => Object.prototype.hasOwnProperty.call(d.entries, k)));
  if (!keys.length) return undefined;
  return { kind: 'dict', entries: Object.fromEntries(keys.map((k) => [k, mergeAll(inner.map((d) => d.entries[k]!))])) };
}

/**
 * One of many constant texts (a registry of 39 module names, `register_map[key]`), too many to merge one by one: the
 * texts as the values it may be, which is what a membership test in a constant collection proves of a variable.
 */
function oneOfConstantTexts(values: readonly Value[]): Value | undefined {
  if (values.length > 1024) return undefined;
  const texts = new Set<string>();
  for (const v of values) {
    const t = constantTexts(v);
    if (!t) return undefined;
    for (const x of t) texts.add(x);
  }
  return allowlistedValue({ kind: 'unknown', oneOf: [...texts] });
}

/** A record whose fields are constant texts or lists of them (`{ command: "cargo", args: ["--version"] }`). */
function constantRecord(v: Value): boolean {
  return v.kind === 'dict' && !v.taint?.length && Object.values(v.entries).every((e) => !!constantTexts(e) || (e.kind === 'list' && !e.taint?.length && e.items.every((i) => !!constantTexts(i))));
}

/** One item of a list of the program's constant texts (`commands[i]`, `commands.find(...)`), whichever it is. */
export function itemOfConstantList(list: Value): Value | undefined {
  if (list.kind !== 'list' || list.taint?.length || !list.items.length) return undefined;
  if (list.items.length > 16) return oneOfConstantTexts(list.items);
  return list.items.every((i) => constantTexts(i)) ? mergeAll(list.items) : undefined;
}

/**
 * What a call of a function still being walked gives (a recursive filter builder calling itself with part of
 * its input): what its own result is made of is being found out, so its parameters' origins are left to that
 * result and only other origins reaching the arguments (a tool's input, a model's output, a caller's parameter) stay.
 */
export function recursiveResult(args: readonly (Value | undefined)[], fnId: string): Value {
  const taint = taintOfAll(args)?.filter((o) => !(o.kind === 'param' && o.functionId === fnId));
  return unk(taint?.length ? taint : undefined);
}

function sameKeys(a: Record<string, Value>, b: Record<string, Value>): boolean {
  const ka = Object.keys(a);
  return ka.length > 0 && ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k));
}

/** A constructor's parameter (`__init__`, `constructor`): the settings an object was made with. */
const CONSTRUCTOR = /(?:^|\.)(?:__init__|constructor)@/;

/** Origins no caller controls: none at all, or only the settings an object was constructed with (or numbers). */
export function onlyConfigured(taint: readonly TaintOrigin[] | undefined): boolean {
  // (a number, whoever passed it, carries no text)
  return (taint ?? []).every((o) => (o.kind === 'param' && ((o.functionId !== undefined && CONSTRUCTOR.test(o.functionId)) || o.via === 'settings')) || o.sanitized?.includes('integer'));
}

/** The origins that chose a piece of outside content, marked as carried by it. */
export function carriedByContent(taint: TaintOrigin[] | undefined): TaintOrigin[] {
  return (taint ?? []).map((o) => ({ ...o, via: 'content' as const }));
}

const HTTP_METHOD = /(?:^|[.)])(get|post|put|patch|delete|head|options|request|fetch|urlopen|fetch_url)$/;

/**
 * What chose the content an outside call returns. For an HTTP call, only its URL: a body, headers or a
 * prompt sent to a fixed host (`requests.post(API, json={"prompt": p})`) do not choose what comes back
 * from where (`requests.get(url_from_tool).text` is still the tool's choice). For a search or a
 * retrieval, every argument.
 */
export function contentChosenBy(callee: string, args: readonly Value[], kwargs?: Readonly<Record<string, Value>>, receiver?: Value): (Value | undefined)[] {
  const method = HTTP_METHOD.exec(callee)?.[1];
  if (!method) return [...args, ...Object.values(kwargs ?? {}), receiver];
  const url = kwargs?.['url'] ?? (method === 'request' && args.length > 1 ? args[1] : args[0]);
  return [url];
}

/** Reads of a Redis client's keys (redis-py, its asyncio client). */
const REDIS_READ = /^redis\.(?:asyncio\.)?(?:Redis|StrictRedis|from_url|Redis\.from_url)\(\)\.(?:get|getdel|getex|hget|hgetall|hmget|hvals|mget|lindex|lrange|lpop|rpop|smembers|srandmember|zrange)$/;

/**
 * A read of what a store holds under a key (`registry.get(id)` of a `new Map()`, a Redis client's `r.get(key)`): the value
 * the program stored, which the key only picks; the result carries the store's origins, not the key's.
 */
export function readsStore(callee: string, method: string | undefined, receiverRef: string | undefined): boolean {
  return (method === 'get' && (receiverRef === 'Map()' || receiverRef === 'WeakMap()')) || REDIS_READ.test(callee);
}

/** Members that hold what an object was configured with (a data source's `options`, a client's `config`). */
const SETTINGS_MEMBER = /^(?:options|config|configuration|settings)$/;

/**
 * A tool input named `state`: a graph node's state (LangGraph's `add_node`, whose nodes are taken for tools), by the name
 * the frameworks and their users give it (a function a model calls seldom takes a parameter of that name).
 */
const graphState = (o: TaintOrigin) => o.kind === 'tool-param' && o.name === 'state';

/**
 * Reading `key` of a value a caller passed: when the key is its settings (`source.options`), or the
 * parameter itself is named for settings (`config.m` of `createIndex(config)`), the parameter's origin
 * is marked as read through them; the origin stays, so an untrusted caller is still found through it.
 */
export function throughSettings(taint: TaintOrigin[] | undefined, key: string | undefined): TaintOrigin[] | undefined {
  if (!taint || key === undefined) return taint;
  const all = SETTINGS_MEMBER.test(key);
  // a graph node's state (`state.config` in a LangGraph node): the configuration the graph was started with, which the
  // node's input does not choose (what else the state holds stays input)
  if (all && taint.some(graphState)) {
    const rest = taint.filter((o) => !graphState(o));
    return rest.length ? throughSettings(rest, key) : undefined;
  }
  if (!all && !taint.some((o) => o.kind === 'param' && SETTINGS_MEMBER.test(o.name))) return taint;
  return taint.map((o) => (o.kind === 'param' && (all || SETTINGS_MEMBER.test(o.name)) ? { ...o, via: 'settings' as const } : o));
}

/**
 * The arguments an unpacked value (`f(*argv)`, `f(...argv)`) fills, in order: a list's items; one of
 * several lists (`["docker", "compose"]` or `["docker-compose"]`) fills the first position with one of
 * their first items and the rest with what the others hold, position unknown; anything else one value.
 */
export function spreadArguments(v: Value): Value[] {
  if (v.kind === 'list') return v.items;
  const lists = v.kind === 'unknown' && v.alternatives?.length && v.alternatives.every((a) => a.kind === 'list' && a.items.length) ? (v.alternatives as (Value & { kind: 'list' })[]) : undefined;
  if (!lists) return [unknown(taintOfAll([v]))];
  // the items every list has alike after the first (`["uvx", "playwright", "install"]`, `--with-deps` on Linux only)
  const shortest = Math.min(...lists.map((l) => l.items.length));
  let same = 1;
  while (same < shortest && lists.every((l) => sameValue(l.items[same]!, lists[0]!.items[same]!))) same++;
  const rest = lists.flatMap((l) => l.items.slice(same));
  // what only some lists add, in a position not known: one of those constants when they all are
  const tail = rest.length && rest.every((r) => r.kind === 'const') ? mergeAll(rest) : unknown(taintOfAll(rest));
  return [mergeAll(lists.map((l) => l.items[0]!)), ...lists[0]!.items.slice(1, same), ...(rest.length ? [tail] : [])];
}

export function mergeAll(values: Value[]): Value {
  let out = values[0]!;
  for (let i = 1; i < values.length; i++) out = mergeValues(out, values[i]!);
  return out;
}

/** A condition that, when it holds (or fails, per `whenTrue`), proves the named variables safe for one kind of sink. */
export interface Guard {
  names: string[];
  kind: SanitizerKind | readonly SanitizerKind[];
  whenTrue: boolean;
  /** membership in a collection of constants written out (`if sep not in (",", "\t"): raise`): the one of `names` checked, and what it is then one of */
  oneOf?: { name: string; values: (string | number)[] };
  /** JavaScript: the check holds for the item whose index `findIndex` gave: it says something when the index is compared with -1, not as a truth value */
  index?: true;
}

/**
 * What membership in a fixed allowlist proves (`if table not in ALLOWED_TABLES: raise`,
 * `if (!ALLOWED_HOSTS.has(host)) throw ...`): the value is one of the program's own
 * constants, safe for every kind of sink that takes text.
 */
export const ALLOWLISTED: readonly SanitizerKind[] = ['url-allowlisted', 'path-contained', 'sql-identifier', 'shell-quoted'];

/**
 * `x.function.arguments`: the arguments a model chose for a tool call, in the shape of the
 * OpenAI SDKs (chat completions `tool_calls[i].function.arguments`), whatever the receiver
 * is known to be. The name is specific enough to be taken as model output on sight.
 */
export function toolCallArguments(objectKey: string | undefined, key: string | undefined, line: number): Value | undefined {
  if (key !== 'arguments' || objectKey !== 'function') return undefined;
  return unknown([{ kind: 'llm-output', name: 'tool_call.function.arguments', line }]);
}

/**
 * A table of the file's functions read with a computed key (`TOOLS[name]`, `handlers.get(name)`):
 * a value that remembers which functions it may be, with the key's taint. Undefined when the
 * table holds anything but functions.
 */
export function dispatchChoices(table: Value, key: Value): Value | undefined {
  if (table.kind !== 'dict') return undefined;
  const ids: string[] = [];
  for (const v of Object.values(table.entries)) {
    if (v.kind !== 'unknown' || !v.functionId) return undefined;
    ids.push(v.functionId);
  }
  if (!ids.length) return undefined;
  const v = unknown(taintOf(key));
  (v as UnknownValue).choices = ids;
  return v;
}

/**
 * A call through a dispatch table is a model's tool call when the model chose the function
 * (the key came from model output) or its arguments (`**json.loads(call.function.arguments)`).
 */
export function modelChosen(callee: Value, args: readonly Value[]): boolean {
  return [callee, ...args].some((v) => taintOf(v).some((t) => t.kind === 'llm-output'));
}

/**
 * A function's return value as seen from one call: its own parameters (`param` taint of
 * `fnId`) stand for the call's arguments. A value that is just a parameter becomes the
 * argument itself (so constants stay constant), with any sanitizer the function applied to
 * it; elsewhere the parameter's taint becomes the argument's.
 */
export function instantiate(v: Value, fnId: string, args: readonly (Value | undefined)[], depth = 0, simpleParams?: readonly (string | undefined)[]): Value {
  const isParam = (t: TaintOrigin): boolean => t.kind === 'param' && t.functionId === fnId;
  const own = v.taint ?? [];
  // an item a loop took from the parameter: one of the items of the list the call passes
  if (PARAMETER_ITEMS.has(v) && own.length === 1 && isParam(own[0]!)) {
    const arg = argumentPart(args[own[0]!.index ?? -1], own[0]!);
    return arg?.kind === 'list' && arg.items.length ? arg.items.reduce(mergeValues) : unknown(taintOf(arg));
  }
  // (a destructured parameter stands for a part of its argument, not the whole: only simple ones are replaced)
  const whole = (t: TaintOrigin): boolean => !simpleParams || simpleParams[t.index ?? -1] === t.name;
  if (v.kind === 'unknown' && !v.ref && !v.functionId && !v.alternatives && own.length === 1 && isParam(own[0]!) && whole(own[0]!) && own[0]!.via !== 'key') {
    const arg = argumentPart(args[own[0]!.index ?? -1], own[0]!);
    if (!arg) return unknown();
    let out = arg;
    for (const k of [...(own[0]!.sanitized ?? []), ...(v.sanitized ?? [])]) out = withSanitizer(out, k);
    return out;
  }
  if (depth > 8) return v;
  let taint: TaintOrigin[] | undefined;
  if (own.some(isParam)) {
    taint = [];
    for (const t of own) {
      if (!isParam(t)) taint.push(t);
      else
        for (const a of taintOf(argumentPart(args[t.index ?? -1], t))) {
          // an entry the parameter picked from the callee's mapping: of the argument's origins, only its parameters say
          // anything (who chose the key); untrusted data there picked an entry the program stored
          if (t.via === 'key') {
            taint.push(...pickedBy([a]));
            continue;
          }
          let r = t.sanitized?.length ? { ...a, sanitized: [...new Set([...(a.sanitized ?? []), ...t.sanitized])] } : a;
          // what a helper fetched from where its parameter chose (`fetchWithTimeout(url)` returning the response) is content
          // chosen by the argument: it keeps the argument's origins as content, as the fetch written at the call would
          if (t.via === 'content' && r.via !== 'content') r = { ...r, via: 'content' };
          taint.push(r);
        }
    }
  }
  const out: Value = { ...v };
  if (taint) {
    if (taint.length) out.taint = dedupeTaint(taint);
    else delete out.taint;
  }
  if (out.kind === 'template') {
    // an argument that is a constant becomes text again: `f"{BASE}/{kind}"` called with "news"
    const parts = out.parts.map((p) => {
      if (typeof p === 'string') return p;
      const h = instantiate(p.hole, fnId, args, depth + 1, simpleParams);
      return h.kind === 'const' && (typeof h.value === 'string' || typeof h.value === 'number') ? String(h.value) : { hole: h };
    });
    const folded = fromParts(parts);
    if (folded.kind === 'const') return folded;
    out.parts = (folded as typeof out).parts;
  } else if (out.kind === 'list') out.items = out.items.map((i) => instantiate(i, fnId, args, depth + 1, simpleParams));
  else if (out.kind === 'dict') out.entries = Object.fromEntries(Object.entries(out.entries).map(([k, e]) => [k, instantiate(e, fnId, args, depth + 1, simpleParams)]));
  // (also the ways of a value with no taint of its own: a lookup on PATH of the name a parameter gives)
  else if (out.kind === 'unknown' && out.alternatives) out.alternatives = out.alternatives.map((a) => instantiate(a, fnId, args, depth + 1, simpleParams));
  return out;
}

/**
 * Helpers from other modules that, by their name, check what they are given and return it
 * (`validatePath`, `sanitize_url`, `ensure_safe_path`): their own code is not in the file, and
 * the convention is strong enough to trust. Functions of the file are analyzed instead.
 */
export function sanitizerByName(method: string): SanitizerKind | undefined {
  // asked for every call of every file, mostly with the same few hundred names: remember the answers
  // (no sanitizer is stored as null, so that a hit is one lookup)
  const known = sanitizerNames.get(method);
  if (known !== undefined) return known ?? undefined;
  const kind = sanitizerByNameUncached(method);
  if (sanitizerNames.size >= 50_000) sanitizerNames.clear();
  sanitizerNames.set(method, kind ?? null);
  return kind;
}

const sanitizerNames = new Map<string, SanitizerKind | null>();

function sanitizerByNameUncached(method: string): SanitizerKind | undefined {
  const m = method.replace(/_/g, '').toLowerCase();
  // a driver's or framework's identifier quoting (Django `quote_name`, `geo_quote_name`, `quote_name_unless_alias`,
  // mysql `escapeId`, pg `escapeIdentifier`)
  if (/^(?:[a-z]*(?<!un)quotename(?:unlessalias)?|quoteident|quoteidentifier|escapeid|escapeidentifier)$/.test(m)) return 'sql-identifier';
  if (!/^(?:validate|validated|sanitize|sanitized|safe|secure|check|checked|verify|verified|ensuresafe|ensurewithin|ensureallowed|resolvesafe|assertsafe)/.test(m)) return undefined;
  // a validated git revision (`_validate_git_ref`, `validate_branch_name`): one word git reads as a revision, not an option
  if (/^(?:validate|validated|sanitize|sanitized|check|verify)\w*(?:(?<![hpx])ref|branch|branchname|revision|(?<!p)rev|commit|sha|tagname)$/.test(m)) return 'shell-quoted';
  // a validated table or column name (`validate_table_name`) is an identifier the validator's pattern allows
  if (/(?:table|column|col|field|schema|identifier|ident)(?:names?)?$/.test(m)) return 'sql-identifier';
  // (a validated name, `validate_skill_name`, is one the validator's pattern allows: a path segment at most)
  if (/(?:path|file|filename|dir|directory|name)$/.test(m)) return 'path-contained';
  // a validated id or slug (`_validate_conversation_id`) is one the validator's pattern allows, as a name is
  if (/^(?:validate|validated|sanitize|sanitized)\w*(?:id|slug)$/.test(m)) return 'path-contained';
  if (/(?:url|uri|host|hostname|domain)$/.test(m)) return 'url-allowlisted';
  // a validated command (`validate_command(cmd)`, `self.validator.validate_command(argv)`): a program the validator allows
  // (a check that a program is installed, `check_command("node")`, says nothing of which one it is: not this)
  if (/^(?:validate|verify|ensureallowed|ensuresafe|assertsafe|checkallowed|checksafe)\w*(?:command|cmd|commandline|program|executable)s?$/.test(m)) return 'program-allowlisted';
  return undefined;
}

/** Names of predicates that test a path lies inside a directory (`is_path_inside`, `isWithin`, `isSubPath`). */
const CONTAINMENT_CHECK = /^(?:is_?(?:path_?)?|path_?(?:is_?)?)(?:inside|within|under|contained_?in|sub_?path|safe_?path)(?:_?(?:dir|directory|root|base|folder))?$/i;
/** Names of predicates that test a name or id has a valid form (`validateStoreId`, `is_valid_name`, `isValidSlug`): one path segment at most, as `validate_skill_name` makes it. */
const VALID_SEGMENT = /^(?:is_?)?valid(?:ate)?_?\w*?(?:id|name|slug)$/i;
/** Names of predicates that test a working directory is one the program knows (`validateCwd`: a registered codebase's path). */
const VALID_CWD = /^(?:is_?)?valid(?:ate)?_?(?:work(?:ing)?_?dir(?:ectory)?|cwd)$/i;
/**
 * Names of predicates that test a destination may be fetched (`is_safe_url`, `isAllowedHost`, `isSafeProxyTarget`, `isUrlAllowed`,
 * `is_remote_host_safe_for_fetch`).
 */
const DESTINATION_CHECK =
  /^is_?(?:(?:safe|allowed|permitted|trusted|whitelisted|allowlisted)_?(?:[a-z]+_?)?(?:url|uri|target|host|hostname|domain|origin|destination|endpoint)|(?:remote_?|public_?|external_?)?(?:url|uri|host|hostname|domain|origin|destination|target)_?(?:safe|allowed|permitted|trusted|whitelisted|allowlisted)(?:_?for_?(?:fetch|fetching|request|download))?)$/i;

/**
 * A helper named for putting a path in its canonical form (`normalizePath`, `resolve_path`,
 * `expandHome`, `real_path`): what it returns is the same path, so a check of the result
 * checks the argument (the MCP filesystem server's `normalizePath(absolute).startsWith(dir)`,
 * copied into many projects).
 */
export function derivesPathByName(name: string): boolean {
  return /^(?:normali[sz]e|resolve|real|canonical(?:i[sz]e)?|absolute|expand)_?(?:path|dir|directory|home|user|file_?path)$/i.test(name);
}

/**
 * Names of predicates that test a destination is one no request may reach (`is_private_url`, `isPrivateIp`,
 * `is_blocked_host`): when they answer no, the URL's host is not a private, loopback or internal address.
 */
const REFUSED_DESTINATION = /^is_?(?:private|internal|loopback|blocked|forbidden|unsafe|disallowed|blacklisted|denylisted|reserved)_?(?:ip_?)?(?:url|uri|host|hostname|ip|ip_?address|address|addr|destination|target|network)$/i;

/** The sanitizer a predicate named for refusing a value gives when it answers no (`if is_private_url(u): raise`). */
export function refusalByName(name: string): SanitizerKind | undefined {
  return REFUSED_DESTINATION.test(name.replace(/^_+/, '')) ? 'url-allowlisted' : undefined;
}

/**
 * What a predicate's name says it tests, when the name is the test (`if not is_path_inside(p, root): raise`,
 * `if (!(await isSafeProxyTarget(url))) return`): trusted as a sanitizer's name is.
 */
export function checkByName(name: string): SanitizerKind | undefined {
  // (a private helper's leading underscores say nothing of what it tests: `_validate_task_id`)
  if (name.startsWith('_')) name = name.replace(/^_+/, '');
  if (CONTAINMENT_CHECK.test(name) || VALID_SEGMENT.test(name) || VALID_CWD.test(name)) return 'path-contained';
  if (DESTINATION_CHECK.test(name)) return 'url-allowlisted';
  return undefined;
}

/** A scope as the path machinery sees it. */
export interface FlowScope {
  vars: Map<string, Value>;
  serial: number;
  parent: FlowScope | undefined;
  /** variable -> variables it was computed from by a path or URL call */
  derived?: Map<string, string[]>;
  /** boolean variable -> the guard it holds */
  guards?: Map<string, Guard>;
  /** a frame that holds only what the condition of the branch it was entered for proved (no variable is declared in it) */
  narrowing?: boolean;
}

/**
 * One side of `A && B` (`and`) or `A || B` (`or`) tests that a variable is empty, the other checks it: `cwd && !valid(cwd)`
 * failing, or `!cwd || valid(cwd)` passing, leaves it empty or checked, and an empty value is as safe as a checked one.
 * `conjunction`: the operator is `&&`; `empty.whenTrue`: that side passing says the variable is empty.
 */
export function emptyOrChecked(empty: { name: string; whenTrue: boolean } | undefined, check: Guard | undefined, conjunction: boolean): Guard | undefined {
  if (!empty || !check || !check.names.includes(empty.name)) return undefined;
  // (`&&`: the test fails when the value is empty or the check holds; `||`: it passes then)
  return empty.whenTrue !== conjunction && check.whenTrue !== conjunction ? check : undefined;
}

/** What a path that wrote no variable of an older scope leaves for the merge. */
const NO_WRITES: ReadonlyMap<unknown, Map<string, Value | undefined>> = new Map();

interface Trail<S> {
  serial: number;
  originals: Map<S, Map<string, Value | undefined>>;
}

/** Base of the front ends' lowerings: variable writes that paths can undo, and path merging. */
export abstract class FlowLowering<S extends FlowScope, N> {
  /** string constants bound to names or passed along: input for secret detection */
  readonly strings: Placed<StringFact>[] = [];
  protected serial = 0;
  protected trail: Trail<S> | undefined;
  /** the current path has returned or raised */
  protected exited = false;
  /** the current path has left by break/continue: values still flow on, but what follows is skipped */
  protected jumped = false;
  /** lowering statements that follow a `return`, `throw`, `break` or `continue` of their block: their calls never run as written */
  protected unreachable = false;

  /** The value a name holds where paths that bound it to `values` meet (a front end keeps what it knows on the side). */
  protected merge(values: Value[]): Value {
    return mergeAll(values);
  }

  /**
   * A statement after the block was left: lowered for its calls (listed, marked unreachable), with its writes kept from
   * leaking, and the block still left after it.
   */
  protected deadStatement(lower: () => void): void {
    const { exited, jumped, unreachable } = this;
    this.unreachable = true;
    this.branches([lower], true);
    this.exited = exited;
    this.jumped = jumped;
    this.unreachable = unreachable;
  }
  /** the value of a variable a path did not bind */
  protected abstract readonly absent: Value;
  /** reading a variable on a path that never bound it fails there (Python): such a path adds nothing to the merge */
  protected readonly unboundFails: boolean = false;
  /** the innermost scope */
  protected abstract get here(): S;
  /** the guard a condition expresses, if any */
  protected abstract guardOf(test: N): Guard | undefined;
  /** the variables a path or URL computation reads (`p` in `os.path.realpath(p)`) */
  protected abstract derivationSources(init: N): string[];
  protected abstract readonly lines: LineTable;

  /** Record a string constant between two offsets (shorter than 8 characters, it is no credential). */
  protected recordString(start: number, end: number, value: string, name: string | undefined): void {
    if (value.length < 8) return;
    const range: Range = this.lines.range(start, end);
    this.strings.push({ start, fact: name === undefined ? { value, range } : { name, value, range } });
  }

  /** Walk every queued function not walked yet, those queued meanwhile included. */
  protected drain<P extends { walked: boolean }>(queue: readonly P[], walk: (p: P) => void): void {
    for (let i = 0; i < queue.length; i++) {
      const p = queue[i]!;
      if (!p.walked) walk(p);
    }
  }

  protected lookup(name: string): Value | undefined {
    for (let s: FlowScope | undefined = this.here; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** The scope that binds a name. */
  protected owner(name: string): S | undefined {
    for (let s: FlowScope | undefined = this.here; s; s = s.parent) if (s.vars.has(name)) return s as S;
    return undefined;
  }

  protected scopeMap(key: 'derived' | 'guards', name: string): unknown {
    return this.owner(name)?.[key]?.get(name);
  }

  /** Remember what a path/URL variable was computed from, and booleans holding a guard. */
  protected recordDerivation(name: string, init: N): void {
    const s = this.owner(name);
    if (!s) return;
    const sources = this.derivationSources(init);
    if (sources.length) (s.derived ??= new Map()).set(name, sources);
    else s.derived?.delete(name);
    const g = this.guardOf(init);
    if (g) (s.guards ??= new Map()).set(name, g);
    else s.guards?.delete(name);
  }

  /**
   * Mark the guarded variables sanitized from here on, with the variables computed from them (`full = realpath(join(root, p))` when `p` was checked).
   * `local`: the check holds in the frame just entered only (a branch its condition chose); otherwise the fact is written
   * where the variable lives, so that it outlasts the block the check is in (`if (cwd) { if (!valid(cwd)) return }`).
   */
  protected applyGuard(g: Guard, local = false): void {
    const names = [...g.names];
    for (let s: FlowScope | undefined = this.here; s; s = s.parent) {
      if (!s.derived) continue;
      for (const [name, from] of s.derived) if (!names.includes(name) && from.some((x) => g.names.includes(x))) names.push(name);
    }
    const kinds: readonly SanitizerKind[] = typeof g.kind === 'string' ? [g.kind] : g.kind;
    for (const name of names) {
      const old = this.lookup(name);
      if (!old) continue;
      // (the variable checked against constants is one of them: the program's own value, whoever chose which)
      let v: Value = g.oneOf?.name === name ? { kind: 'unknown', oneOf: g.oneOf.values } : old;
      for (const k of kinds) v = withSanitizer(v, k);
      this.prove(name, v, local);
      // a copy taken before the check (`let workingDir = cwd; if (!(await validateCwd(cwd))) return`) is the same value
      // (only a value with origins of its own: untainted values such as the opaque one are shared by unrelated variables)
      if (old.kind === 'const' || !old.taint?.length) continue;
      for (const other of this.copiesOf(old, name)) if (!names.includes(other)) this.prove(other, v, local);
    }
  }

  /**
   * A variable's value as a check or a condition proved it, from here on: in the frame just entered (`local`), or in each
   * scope from here out to the one that declares it, past frames that hold only what a branch's condition proved, and no
   * further than the function's own scope (a check in one function says nothing of a module variable elsewhere).
   */
  protected prove(name: string, v: Value, local: boolean): void {
    if (local) return this.put(this.here, name, v);
    for (let s: FlowScope | undefined = this.here; s; s = s.parent) {
      const has = s.vars.has(name);
      if (has || this.functionScope(s as S)) this.put(s as S, name, v);
      if ((has && !s.narrowing) || this.functionScope(s as S)) return;
    }
  }

  /** The variable holds a value with origins of its own, which a test saying it is empty can clear (`provedEmpty`). */
  protected emptiable(name: string): boolean {
    const v = this.lookup(name);
    return !!v && v.kind !== 'const' && !!v.taint?.length;
  }

  /** The scope is a function's (or the module's) own: what a check in the function proves is written no further out. */
  protected abstract functionScope(s: S): boolean;

  /**
   * `if (x)`, `if x:`, `if (!x)`, `if x is None`: on the side where the test says `x` is empty (no value, `""`, `0`), it
   * holds nothing a sink could misuse (`cwd` and the copy `workingDir = cwd` taken before, when no `cwd` was given).
   */
  protected provedEmpty(name: string, empty: Value): void {
    if (!this.emptiable(name)) return;
    const old = this.lookup(name)!;
    this.prove(name, empty, false);
    for (const other of this.copiesOf(old, name)) this.prove(other, empty, false);
  }

  /** The other variables in sight holding the very value `name` holds (`let workingDir = cwd` before a check of `cwd`). */
  private copiesOf(old: Value, name: string): string[] {
    const out: string[] = [];
    for (let s: FlowScope | undefined = this.here; s; s = s.parent) {
      for (const [other, held] of s.vars) if (held === old && other !== name && !out.includes(other)) out.push(other);
    }
    return out;
  }

  /**
   * `xs.append(v)`, `xs.insert(0, v)`, `xs.extend(ys)`, `xs.push(v)`, `xs.unshift(v)` on a variable
   * holding a list literal: the variable now holds the longer list, so what was added is seen
   * where the list is used (`messages.append({"role": "system", "content": text})`).
   */
  protected growList(name: string, method: string, args: readonly Value[]): void {
    const scope = this.owner(name);
    const list = scope?.vars.get(name);
    if (!scope || list?.kind !== 'list') return;
    let items: Value[];
    switch (method) {
      case 'append':
      case 'push':
        items = [...list.items, ...args];
        break;
      case 'unshift':
        items = [...args, ...list.items];
        break;
      case 'insert': {
        const at = args[0]?.kind === 'const' && typeof args[0].value === 'number' ? args[0].value : list.items.length;
        if (args[1] === undefined) return;
        items = [...list.items];
        items.splice(at < 0 ? Math.max(0, items.length + at) : at, 0, args[1]);
        break;
      }
      case 'extend': {
        const more = args[0];
        if (!more) return;
        items = [...list.items, ...(more.kind === 'list' ? more.items : [unk(taintOfAll([more]))])];
        break;
      }
      default:
        return;
    }
    if (items.length > MAX_PARTS) return this.put(scope, name, unk(taintOfAll(items)));
    const added = method === 'insert' ? args.slice(1) : method === 'extend' ? (args[0]?.kind === 'list' ? args[0].items : args) : args;
    const shapes = withShapes(shapesOf(list), added);
    const grown: Value = { kind: 'list', items, ...(list.taint ? { taint: list.taint } : {}), ...(list.sanitized ? { sanitized: list.sanitized } : {}) };
    if (shapes?.length) grown.shapes = shapes;
    this.put(scope, name, grown);
  }

  /** Write a variable, remembering its old value when a branch that began before the scope is being walked. */
  protected put(scope: S, name: string, v: Value): void {
    const t = this.trail;
    if (t && scope.serial < t.serial) {
      let m = t.originals.get(scope);
      if (!m) t.originals.set(scope, (m = new Map()));
      if (!m.has(name)) m.set(name, scope.vars.get(name));
    }
    scope.vars.set(name, v);
  }

  /**
   * Walk alternative paths from the same state and merge what they wrote. Paths that
   * return or throw do not reach the merge; `fallthrough` adds the path that skips them all.
   * Returns, per path, whether it left the enclosing block (return, throw, break, continue).
   */
  protected branches(paths: (() => void)[], fallthrough: boolean): boolean[] {
    const outer = this.trail;
    const results: { values: Map<S, Map<string, Value | undefined>>; exited: boolean; left: boolean }[] = [];
    const originals = new Map<S, Map<string, Value | undefined>>();
    for (const path of paths) {
      const trail: Trail<S> = { serial: this.serial, originals: new Map() };
      this.trail = trail;
      this.exited = false;
      this.jumped = false;
      path();
      // (most paths write nothing older than themselves: no map for them)
      const values = trail.originals.size ? new Map<S, Map<string, Value | undefined>>() : (NO_WRITES as Map<S, Map<string, Value | undefined>>);
      for (const [scope, names] of trail.originals) {
        let vm = values.get(scope);
        if (!vm) values.set(scope, (vm = new Map()));
        let om = originals.get(scope);
        if (!om) originals.set(scope, (om = new Map()));
        for (const [name, orig] of names) {
          vm.set(name, scope.vars.get(name));
          if (!om.has(name)) om.set(name, orig);
          if (orig === undefined) scope.vars.delete(name);
          else scope.vars.set(name, orig);
        }
      }
      results.push({ values, exited: this.exited, left: this.exited || this.jumped });
    }
    this.trail = outer;
    const live = results.filter((r) => !r.exited);
    this.exited = !fallthrough && live.length === 0;
    this.jumped = !fallthrough && results.every((r) => r.left);
    if (this.exited) return results.map((r) => r.left);
    for (const [scope, names] of originals) {
      for (const [name, orig] of names) {
        const vals: Value[] = [];
        for (const r of live) {
          const m = r.values.get(scope);
          const v = m && m.has(name) ? m.get(name) : orig;
          if (v !== undefined || !this.unboundFails) vals.push(v ?? this.absent);
        }
        if (fallthrough && (orig !== undefined || !this.unboundFails)) vals.push(orig ?? this.absent);
        if (!vals.length) continue;
        this.put(scope, name, this.merge(vals));
      }
    }
    return results.map((r) => r.left);
  }
}

/**
 * An entry looked up with a dynamic key in a collection of constant commands
 * (`CMDS[name]` with `CMDS = {"lint": ["ruff", "check"], "fmt": ["ruff", "format"]}`): when every
 * entry starts with the same program, the lookup runs that program, with one of the constant
 * argument lists; otherwise nothing is known.
 */
export function sharedCommand(coll: Value): Value | undefined {
  const entries = coll.kind === 'dict' ? Object.values(coll.entries) : coll.kind === 'list' ? coll.items : undefined;
  if (!entries?.length || entries.some((e) => !isConstant(e))) return undefined;
  const first = (e: Value) => (e.kind === 'list' ? constString(e.items[0]) : undefined);
  const program = first(entries[0]!);
  if (program === undefined || !entries.every((e) => first(e) === program)) return undefined;
  return { kind: 'list', items: [constant(program), unk(undefined)] };
}

