/**
 * Splitting files into the pieces one request carries: at function and class
 * boundaries, under a token budget, each piece with the file's imports, and line
 * numbers those of the file. Pure: the syntax structure comes in as line ranges.
 */
import type { LineRange, ReviewUnit } from './types.js';

/** What the chunker needs to know of a file's syntax: its functions and imports, as line ranges. */
export interface FileStructure {
  functions: LineRange[];
  imports: LineRange[];
}

/** The lines of one file sent in one request. */
export interface Chunk {
  file: string;
  /** 1-based position among the file's chunks, and how many there are */
  part: number;
  parts: number;
  /** the lines shown, sorted and disjoint (imports included) */
  ranges: LineRange[];
  /** lines in the file */
  lineCount: number;
}

/** Lines of context kept around a change outside any function. */
export const CONTEXT_LINES = 3;

/** Rough token count of a text: four characters a token, the usual figure for code and English. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The file's lines, without the empty string after a final newline. */
export function fileLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Sorted, merged copy; adjacent ranges join. */
export function mergeRanges(ranges: readonly LineRange[]): LineRange[] {
  const sorted = ranges.filter((r) => r.end >= r.start).map((r) => ({ ...r })).sort((a, b) => a.start - b.start);
  const out: LineRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end + 1) last.end = Math.max(last.end, r.end);
    else out.push(r);
  }
  return out;
}

export function inRanges(line: number, ranges: readonly LineRange[]): boolean {
  return ranges.some((r) => line >= r.start && line <= r.end);
}

function clip(r: LineRange, n: number): LineRange {
  return { start: Math.max(1, r.start), end: Math.min(n, r.end) };
}

/** Outermost functions (classes' methods count as outermost when the class itself is not a function). */
function outermost(functions: readonly LineRange[]): LineRange[] {
  const sorted = [...functions].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: LineRange[] = [];
  for (const f of sorted) {
    const last = out[out.length - 1];
    if (last && f.start >= last.start && f.end <= last.end) continue;
    out.push({ ...f });
  }
  return out;
}

/**
 * The file cut into consecutive blocks covering every line: each outermost function with
 * the lines above it (class header, decorators, comments), and the lines after the last.
 */
function blocks(n: number, functions: readonly LineRange[]): LineRange[] {
  const out: LineRange[] = [];
  let next = 1;
  for (const f of outermost(functions)) {
    if (f.end < next) continue;
    out.push({ start: next, end: Math.min(n, f.end) });
    next = f.end + 1;
  }
  if (next <= n) out.push({ start: next, end: n });
  return out;
}

/**
 * Chunks of one file whose code fits `budget` tokens each. Without focus ranges the whole
 * file is covered; with them, each changed line with its enclosing outermost function (or
 * CONTEXT_LINES around it outside functions). Every chunk also shows the imports.
 */
export function chunkFile(unit: ReviewUnit, structure: FileStructure, budget: number): Chunk[] {
  const lines = fileLines(unit.text);
  const n = lines.length;
  const cost = (r: LineRange): number => {
    let c = 0;
    for (let i = r.start; i <= r.end; i++) c += estimateTokens(lines[i - 1]!) + 2;
    return c;
  };
  const imports = mergeRanges(structure.imports.map((r) => clip(r, n)));
  const importCost = imports.reduce((s, r) => s + cost(r), 0);
  // imports that alone eat most of the budget are not repeated in every chunk
  const carried = importCost <= budget / 2 ? imports : [];
  const room = Math.max(50, budget - (carried === imports ? importCost : 0));

  let wanted: LineRange[];
  if (unit.focusRanges) {
    const fns = outermost(structure.functions);
    const picked: LineRange[] = [];
    for (const focus of unit.focusRanges.map((r) => clip(r, n))) {
      if (focus.end < focus.start) continue;
      let rest: LineRange[] = [focus];
      for (const f of fns) {
        if (f.end < focus.start || f.start > focus.end) continue;
        picked.push(f);
        rest = rest.flatMap((r) => [
          { start: r.start, end: Math.min(r.end, f.start - 1) },
          { start: Math.max(r.start, f.end + 1), end: r.end },
        ]).filter((r) => r.end >= r.start);
      }
      for (const r of rest) picked.push(clip({ start: r.start - CONTEXT_LINES, end: r.end + CONTEXT_LINES }, n));
    }
    wanted = mergeRanges(picked);
    if (!wanted.length) return [];
  } else {
    wanted = blocks(n, structure.functions);
  }

  // split anything larger than the room into windows of lines
  const pieces: LineRange[] = [];
  for (const r of wanted) {
    if (cost(r) <= room) {
      pieces.push(r);
      continue;
    }
    let start = r.start;
    let c = 0;
    for (let i = r.start; i <= r.end; i++) {
      const lc = cost({ start: i, end: i });
      if (c + lc > room && i > start) {
        pieces.push({ start, end: i - 1 });
        start = i;
        c = 0;
      }
      c += lc;
    }
    pieces.push({ start, end: r.end });
  }

  // pack consecutive pieces into chunks
  const groups: LineRange[][] = [];
  let current: LineRange[] = [];
  let used = 0;
  for (const p of pieces) {
    const c = cost(p);
    if (current.length && used + c > room) {
      groups.push(current);
      current = [];
      used = 0;
    }
    current.push(p);
    used += c;
  }
  if (current.length) groups.push(current);

  return groups.map((g, i) => ({
    file: unit.file,
    part: i + 1,
    parts: groups.length,
    ranges: mergeRanges([...carried, ...g]),
    lineCount: n,
  }));
}
