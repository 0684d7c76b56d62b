/**
 * Front ends for structured configuration files: JSON (with comments and trailing commas),
 * YAML and TOML. Each parses with a parser that keeps positions (or, for TOML, finds them
 * by a scan of the text) and lowers the document to one format-neutral `ConfigNode` tree.
 * Every string bound to a key (and every item of a list, named after an option in front of
 * it) also becomes a string fact, so secret detection sees configuration as it sees code.
 */
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { parse as parseToml, TomlError } from 'smol-toml';
import { isMap, isScalar, isSeq, parseAllDocuments, type Node as YamlNode } from 'yaml';
import { emptyFacts, type ConfigNode, type FileFacts, type ParseProblem, type Range, type StringFact } from './facts.js';
import { LineTable } from './lines.js';

/** `--api-key=...`, `API_KEY=...` in one list item: the name and where the value starts. */
const INLINE_OPTION = /^(-{0,2})([A-Za-z_][\w.-]{0,63})=(?=\S)/;

/**
 * The strings of a document bound to names: map values under their key, list items under
 * the option before them (`["--token", "..."]`) or their own `name=` prefix.
 */
export function configStrings(root: ConfigNode | undefined): StringFact[] {
  const out: StringFact[] = [];
  const visit = (n: ConfigNode, name: string | undefined): void => {
    if (n.kind === 'scalar') {
      if (typeof n.value === 'string' && n.value.length >= 6) out.push(name === undefined ? { value: n.value, range: n.range } : { name, value: n.value, range: n.range });
      return;
    }
    if (n.kind === 'map') {
      for (const e of n.entries) visit(e.value, e.key);
      return;
    }
    let option: string | undefined;
    for (const item of n.items) {
      if (item.kind === 'scalar' && typeof item.value === 'string') {
        const m = INLINE_OPTION.exec(item.value);
        if (m) {
          out.push({ name: m[2], value: item.value.slice(m[0].length), range: item.range });
          option = undefined;
          continue;
        }
        if (/^--?[A-Za-z][\w-]*$/.test(item.value)) {
          option = item.value.replace(/^-+/, '');
          continue;
        }
      }
      visit(item, option);
      option = undefined;
    }
  };
  if (root) visit(root, undefined);
  return out;
}

// --- JSON ------------------------------------------------------------------------------------

function fromJson(n: JsonNode, lines: LineTable): ConfigNode {
  const range = lines.range(n.offset, n.offset + n.length);
  switch (n.type) {
    case 'object': {
      const entries = [];
      for (const p of n.children ?? []) {
        const [k, v] = p.children ?? [];
        if (!k || typeof k.value !== 'string') continue;
        entries.push({ key: k.value, keyRange: lines.range(k.offset, k.offset + k.length), value: v ? fromJson(v, lines) : { kind: 'scalar' as const, value: null, range } });
      }
      return { kind: 'map', entries, range };
    }
    case 'array':
      return { kind: 'list', items: (n.children ?? []).map((c) => fromJson(c, lines)), range };
    default:
      return { kind: 'scalar', value: (n.value as string | number | boolean | null) ?? null, range };
  }
}

export function analyzeJson(file: string, source: string): FileFacts {
  const facts = emptyFacts(file, 'json');
  const lines = new LineTable(source);
  const errors: ParseError[] = [];
  const tree = parseTree(source, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  for (const e of errors.slice(0, 1)) facts.problems.push({ range: lines.range(e.offset, e.offset + e.length), message: printParseErrorCode(e.error) });
  if (tree) facts.config = fromJson(tree, lines);
  facts.strings = configStrings(facts.config);
  return facts;
}

// --- YAML ------------------------------------------------------------------------------------

function fromYaml(n: YamlNode | null | undefined, lines: LineTable, at: number): ConfigNode {
  const r = n?.range;
  const range = r ? lines.range(r[0], r[1]) : lines.range(at, at);
  if (isMap(n)) {
    const entries = [];
    for (const pair of n.items) {
      const key = pair.key as YamlNode | null;
      if (!isScalar(key) || key.value === null || typeof key.value === 'object') continue;
      const kr = key.range ?? [at, at];
      entries.push({ key: String(key.value), keyRange: lines.range(kr[0], kr[1]), value: fromYaml(pair.value as YamlNode | null, lines, kr[1]) });
    }
    return { kind: 'map', entries, range };
  }
  if (isSeq(n)) return { kind: 'list', items: n.items.map((i) => fromYaml(i as YamlNode, lines, r?.[0] ?? at)), range };
  if (isScalar(n)) {
    const v = n.value;
    return { kind: 'scalar', value: typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : v === null ? null : String(v), range };
  }
  return { kind: 'scalar', value: null, range };
}

export function analyzeYaml(file: string, source: string): FileFacts {
  const facts = emptyFacts(file, 'yaml');
  const lines = new LineTable(source);
  const docs = parseAllDocuments(source, { uniqueKeys: false, strict: false });
  const list = Array.isArray(docs) ? docs : [];
  const problems: ParseProblem[] = [];
  for (const doc of list) {
    for (const e of doc.errors.slice(0, 1)) problems.push({ range: lines.range(e.pos[0], e.pos[1]), message: e.message.split('\n')[0]! });
    const node = fromYaml(doc.contents as YamlNode | null, lines, 0);
    facts.config ??= node;
    facts.strings.push(...configStrings(node));
  }
  // (a Helm chart's template or a Jinja-templated file is YAML only once rendered: what its template actions break is not
  // an error of the file; what parsed is analyzed)
  facts.problems = TEMPLATE_ACTION.test(source) ? [] : problems.slice(0, 1);
  return facts;
}

/**
 * A Go template action (Helm: `{{ .Values.x }}`, `{{- if ... }}`, `{{ include ... }}`, `{{- end }}`; not GitHub's
 * `${{ ... }}`) or a Jinja statement on a line of its own (`{% if ... %}`).
 */
const TEMPLATE_ACTION = /(?:^|[^$])\{\{-?\s*(?:\.|\$|if\b|else\b|end\b|range\b|with\b|include\b|template\b|define\b|toYaml\b|tpl\b)|^\s*\{%-?\s*(?:if|for|else|elif|endif|endfor|set|macro|include)\b/m;

// --- TOML ------------------------------------------------------------------------------------

/**
 * Where each dotted key of a TOML text is written. smol-toml returns plain values without
 * positions, so a scan of the lines finds them: `[table]` and `[[array]]` headers set the
 * prefix, `key = value` lines (bare, quoted and dotted keys) give the key's and the value's
 * offsets. Keys inside inline tables are found later by searching after their parent.
 */
function tomlPositions(source: string): Map<string, { key: number; value: number }> {
  const out = new Map<string, { key: number; value: number }>();
  const arrays = new Map<string, number>();
  let prefix: string[] = [];
  let offset = 0;
  let inMultiline: string | undefined;
  for (const line of source.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    if (inMultiline) {
      if (line.includes(inMultiline)) inMultiline = undefined;
      continue;
    }
    const header = /^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?/.exec(line);
    if (header) {
      prefix = splitTomlKey(header[2]!);
      let name = prefix.join('.');
      if (header[1] === '[[') {
        const i = arrays.get(name) ?? 0;
        arrays.set(name, i + 1);
        prefix = [...prefix, String(i)];
        name = prefix.join('.');
      }
      const at = start + line.indexOf(header[2]!);
      if (!out.has(name)) out.set(name, { key: at, value: at });
      continue;
    }
    const kv = /^(\s*)((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=\s*/.exec(line);
    if (!kv) continue;
    const keys = [...prefix, ...splitTomlKey(kv[2]!)];
    out.set(keys.join('.'), { key: start + kv[1]!.length, value: start + kv[0].length });
    const rest = line.slice(kv[0].length);
    for (const q of ['"""', "'''"]) if (rest.startsWith(q) && rest.indexOf(q, 3) < 0) inMultiline = q;
  }
  return out;
}

function splitTomlKey(text: string): string[] {
  const out: string[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^.\s]+))\s*(?:\.|$)/g;
  for (let m = re.exec(text); m && m[0]; m = re.exec(text)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** The end of a TOML value starting at `from`: the end of its string, or of the line. */
function tomlValueEnd(source: string, from: number): number {
  const c = source[from];
  if (c === '"' || c === "'") {
    const close = source.indexOf(c, from + 1);
    const nl = source.indexOf('\n', from);
    if (close > 0 && (nl < 0 || close < nl)) return close + 1;
  }
  const nl = source.indexOf('\n', from);
  return (nl < 0 ? source.length : nl) - (source[nl - 1] === '\r' ? 1 : 0);
}

function fromToml(
  v: unknown,
  path: string[],
  source: string,
  lines: LineTable,
  positions: Map<string, { key: number; value: number }>,
  parentAt: number,
): { node: ConfigNode; keyAt: number } {
  const name = path.join('.');
  let pos = positions.get(name);
  if (!pos && path.length) {
    // inside an inline table or array: search for the key (or the string) after the parent
    const last = path[path.length - 1]!;
    const key = new RegExp(`(?:^|[\\s{,])("?${last.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?)\\s*=\\s*`, 'g');
    key.lastIndex = parentAt;
    const m = /^\d+$/.test(last) ? null : key.exec(source);
    if (m) pos = { key: m.index + m[0].indexOf(m[1]!), value: m.index + m[0].length };
    else if (typeof v === 'string') {
      const at = source.indexOf(JSON.stringify(v), parentAt);
      const at2 = at >= 0 ? at : source.indexOf(`'${v}'`, parentAt);
      if (at2 >= 0) pos = { key: at2, value: at2 };
    }
  }
  const at = pos?.value ?? parentAt;
  const keyAt = pos?.key ?? parentAt;
  if (Array.isArray(v)) {
    let cursor = at;
    const items = v.map((item, i) => {
      const r = fromToml(item, [...path, String(i)], source, lines, positions, cursor);
      cursor = Math.max(cursor, r.keyAt + 1);
      return r.node;
    });
    return { node: { kind: 'list', items, range: lines.range(at, tomlValueEnd(source, at)) }, keyAt };
  }
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
    const entries = Object.entries(v as Record<string, unknown>).map(([k, child]) => {
      const r = fromToml(child, [...path, k], source, lines, positions, at);
      const kEnd = r.keyAt + k.length;
      return { key: k, keyRange: lines.range(r.keyAt, kEnd), value: r.node };
    });
    return { node: { kind: 'map', entries, range: lines.range(at, tomlValueEnd(source, at)) }, keyAt };
  }
  const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : typeof v === 'bigint' ? Number(v) : String(v);
  return { node: { kind: 'scalar', value, range: lines.range(at, tomlValueEnd(source, at)) }, keyAt };
}

export function analyzeToml(file: string, source: string): FileFacts {
  const facts = emptyFacts(file, 'toml');
  const lines = new LineTable(source);
  let data: unknown;
  try {
    data = parseToml(source);
  } catch (err) {
    const e = err as TomlError;
    const line = Math.max(1, e.line ?? 1);
    const column = Math.max(1, e.column ?? 1);
    facts.problems.push({ range: { line, column, endLine: line, endColumn: column } as Range, message: (e.message ?? String(err)).split('\n')[0]! });
    return facts;
  }
  facts.config = fromToml(data, [], source, lines, tomlPositions(source), 0).node;
  facts.strings = configStrings(facts.config);
  return facts;
}
