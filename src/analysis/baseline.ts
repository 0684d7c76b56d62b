/**
 * Baselines: the findings a project has accepted for now, recorded by fingerprint, so that a
 * gate reports only what is new. Pure: the CLI reads and writes the file.
 *
 * File format (`.agentos-baseline.json`, version 1):
 *   { "version": 1, "tool": "agentos",
 *     "findings": [ { "fingerprint": "…", "ruleId": "sql-injection", "file": "src/db.py", "line": 12 } ] }
 * Entries are sorted by file, line and rule so that the file diffs well; `line` is where the
 * finding was when it was recorded (informational: matching is by fingerprint only). The same
 * fingerprint may appear more than once: each entry accepts one finding.
 */
import type { Finding } from './findings.js';

export const BASELINE_VERSION = 1;
export const DEFAULT_BASELINE_FILE = '.agentos-baseline.json';

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  /** path as reported (relative to the working directory of the run that recorded it) */
  file: string;
  line: number;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  tool: 'agentos';
  findings: BaselineEntry[];
}

/** A baseline file that is not one: names the file and what was expected (exit code 2). */
export class BaselineError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'BaselineError';
  }
}

export function parseBaseline(text: string, file: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new BaselineError(file, `is not valid JSON (${(err as Error).message}); expected an agentos baseline written by \`agentos baseline\``);
  }
  const doc = raw as Partial<Baseline> | null;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new BaselineError(file, 'expected a JSON object with `version` and `findings`');
  if (doc.version !== BASELINE_VERSION)
    throw new BaselineError(file, `\`version\` must be ${BASELINE_VERSION}, got ${JSON.stringify(doc.version)} (written by another version of agentos?)`);
  if (!Array.isArray(doc.findings)) throw new BaselineError(file, '`findings` must be a list');
  doc.findings.forEach((e, i) => {
    const ok =
      e && typeof e === 'object' && typeof e.fingerprint === 'string' && e.fingerprint !== '' && typeof e.ruleId === 'string' && typeof e.file === 'string' && Number.isInteger(e.line);
    if (!ok) throw new BaselineError(file, `\`findings[${i}]\` must have a string \`fingerprint\`, \`ruleId\` and \`file\`, and a whole-number \`line\``);
  });
  return { version: BASELINE_VERSION, tool: 'agentos', findings: doc.findings.map((e) => ({ fingerprint: e.fingerprint, ruleId: e.ruleId, file: e.file, line: e.line })) };
}

function byPlace(a: BaselineEntry, b: BaselineEntry): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint);
}

export function serializeBaseline(entries: readonly BaselineEntry[]): string {
  const doc: Baseline = { version: BASELINE_VERSION, tool: 'agentos', findings: [...entries].sort(byPlace) };
  return JSON.stringify(doc, null, 2) + '\n';
}

export function entryOf(f: Finding): BaselineEntry {
  return { fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.file, line: f.line };
}

export interface BaselineOutcome {
  /** findings not in the baseline */
  findings: Finding[];
  /** how many findings the baseline accepted */
  baselined: number;
  /** entries that matched nothing in files this run analyzed fully, or whose file is gone */
  stale: BaselineEntry[];
}

/**
 * Take out the findings a baseline accepts. `analyzed` holds the files this run analyzed
 * completely; `exists` says whether a file is still there. Entries for files outside this run
 * (other paths, files with syntax errors) are neither used up nor stale.
 */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline, analyzed: ReadonlySet<string>, exists: (file: string) => boolean): BaselineOutcome {
  const left = new Map<string, BaselineEntry[]>();
  for (const e of baseline.findings) {
    const list = left.get(e.fingerprint);
    if (list) list.push(e);
    else left.set(e.fingerprint, [e]);
  }
  const out: Finding[] = [];
  let baselined = 0;
  for (const f of findings) {
    const list = left.get(f.fingerprint);
    if (list?.length) {
      list.pop();
      baselined++;
    } else out.push(f);
  }
  const stale = [...left.values()].flat().filter((e) => analyzed.has(e.file) || !exists(e.file)).sort(byPlace);
  return { findings: out, baselined, stale };
}

/**
 * The baseline after a run: entries for the files this run analyzed are replaced by today's
 * findings, the rest are kept (a baseline of some paths does not forget the others).
 */
export function rebaseline(previous: Baseline | undefined, findings: readonly Finding[], analyzed: ReadonlySet<string>): BaselineEntry[] {
  const kept = (previous?.findings ?? []).filter((e) => !analyzed.has(e.file));
  return [...kept, ...findings.map(entryOf)];
}

/** The baseline without its stale entries. */
export function pruneBaseline(baseline: Baseline, stale: readonly BaselineEntry[]): BaselineEntry[] {
  // `stale` holds entries of this baseline (the same objects), so identity tells duplicates apart
  const drop = new Set(stale);
  return baseline.findings.filter((e) => !drop.has(e));
}
