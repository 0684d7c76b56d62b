/** Offsets to positions, shared by every front end. */
import type { Range } from './facts.js';

/** Offsets to 1-based lines and UTF-16 columns. Line breaks are \n, \r\n and \r, as editors count them. */
export class LineTable {
  private readonly starts: number[] = [0];
  private last = 0;

  constructor(source: string) {
    const s = this.starts;
    if (source.indexOf('\r') < 0) {
      for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) s.push(i + 1);
    } else {
      for (let i = 0; i < source.length; i++) {
        const c = source.charCodeAt(i);
        if (c === 10) s.push(i + 1);
        else if (c === 13) {
          if (source.charCodeAt(i + 1) === 10) i++;
          s.push(i + 1);
        }
      }
    }
  }

  /** 0-based index of the line holding `offset`. */
  private index(offset: number): number {
    const s = this.starts;
    // facts are produced roughly in source order: try the previous answer first
    const l = this.last;
    if (s[l]! <= offset && (l + 1 >= s.length || s[l + 1]! > offset)) return l;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.last = lo;
    return lo;
  }

  line(offset: number): number {
    return this.index(offset) + 1;
  }

  range(start: number, end: number): Range {
    const a = this.index(start);
    const b = this.index(end);
    return { line: a + 1, column: start - this.starts[a]! + 1, endLine: b + 1, endColumn: end - this.starts[b]! + 1 };
  }
}
