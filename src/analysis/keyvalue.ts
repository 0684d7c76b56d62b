/**
 * Front ends for line-oriented configuration: `.env` files, INI/`.cfg` files and
 * Dockerfiles. They have no nesting worth a tree; what matters is which value is bound
 * to which name, so each `NAME=value` becomes a string fact on the value's exact range.
 */
import { emptyFacts, type FileFacts, type StringFact } from './facts.js';
import { LineTable } from './lines.js';

/** A value as written after `=`: quotes removed, a trailing ` # comment` dropped from unquoted text. */
function unquote(raw: string, at: number): { value: string; start: number; end: number } {
  const q = raw[0];
  if ((q === '"' || q === "'") && raw.length > 1) {
    const close = raw.indexOf(q, 1);
    const end = close > 0 ? close : raw.length;
    return { value: raw.slice(1, end), start: at + 1, end: at + end };
  }
  const hash = raw.search(/\s[#;]/);
  const text = (hash >= 0 ? raw.slice(0, hash) : raw).trimEnd();
  return { value: text, start: at, end: at + text.length };
}

function push(out: StringFact[], lines: LineTable, name: string, raw: string, at: number): void {
  const v = unquote(raw, at);
  if (v.value.length >= 6) out.push({ name, value: v.value, range: lines.range(v.start, v.end) });
}

/** Lines of a text with their start offsets. */
function eachLine(source: string, fn: (line: string, start: number) => void): void {
  let start = 0;
  for (const raw of source.split('\n')) {
    fn(raw.endsWith('\r') ? raw.slice(0, -1) : raw, start);
    start += raw.length + 1;
  }
}

/** `.env`, `.env.local`, ...: `NAME=value`, `export NAME=value`. */
export function analyzeDotenv(file: string, source: string): FileFacts {
  const facts = emptyFacts(file, 'dotenv');
  const lines = new LineTable(source);
  eachLine(source, (line, start) => {
    const m = /^(\s*(?:export\s+)?)([A-Za-z_][\w.-]*)\s*=\s*/.exec(line);
    if (m) push(facts.strings, lines, m[2]!, line.slice(m[0].length), start + m[0].length);
  });
  return facts;
}

/** INI and `.cfg` (setup.cfg, tox.ini, pip.conf-style): `key = value` and `key: value` under `[section]`. */
export function analyzeIni(file: string, source: string): FileFacts {
  const facts = emptyFacts(file, 'ini');
  const lines = new LineTable(source);
  eachLine(source, (line, start) => {
    if (/^\s*[#;[]/.test(line)) return;
    // .npmrc registry settings: `//registry.npmjs.org/:_authToken=...`
    const scoped = /^\/\/[^\s=]*:(_?[A-Za-z]+)\s*=\s*/.exec(line);
    if (scoped) return push(facts.strings, lines, scoped[1]!, line.slice(scoped[0].length), start + scoped[0].length);
    const m = /^(\s*)([A-Za-z_][\w. -]{0,63}?)\s*[=:]\s*/.exec(line);
    if (m && m[1] === '') push(facts.strings, lines, m[2]!, line.slice(m[0].length), start + m[0].length);
  });
  return facts;
}

/** Dockerfiles: `ENV NAME=value ...`, `ENV NAME value`, `ARG NAME=value` (continuation lines joined). */
export function analyzeDockerfile(file: string, source: string): FileFacts {
  const facts = emptyFacts(file, 'dockerfile');
  const lines = new LineTable(source);
  let continued = false;
  eachLine(source, (line, start) => {
    // comment lines inside a continued instruction are dropped by Docker, the instruction goes on
    if (continued && /^\s*#/.test(line)) return;
    const m = continued ? /^(\s*)()/.exec(line)! : /^\s*(ENV|ARG)\s+/i.exec(line);
    continued = !!m && /\\\s*$/.test(line);
    if (!m) return;
    const body = line.slice(m[0].length).replace(/\\\s*$/, '');
    const at = start + m[0].length;
    // `ENV NAME value`: the legacy form binds everything after the first space
    const legacy = /^([A-Za-z_][\w.-]*)\s+(?!\S*=)(\S.*)$/.exec(body);
    if (legacy && m[1]?.toUpperCase() === 'ENV') {
      push(facts.strings, lines, legacy[1]!, legacy[2]!, at + body.indexOf(legacy[2]!, legacy[1]!.length));
      return;
    }
    const pair = /([A-Za-z_][\w.-]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S+)/g;
    for (let p = pair.exec(body); p; p = pair.exec(body)) push(facts.strings, lines, p[1]!, p[2]!, at + p.index + p[1]!.length + 1);
  });
  return facts;
}
