/**
 * Which language a file is in, by its name (or the shebang of a name without a dot), and which
 * languages this build has a front end for. Apart from the engine: a run with every result in
 * the cache tells the languages of its files and loads no front end, check or engine.
 */
import type { Language } from './facts.js';

const EXTENSIONS: Record<string, Language> = {
  '.py': 'python',
  '.pyi': 'python',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescript',
  '.sh': 'shell',
  '.bash': 'shell',
  '.sql': 'sql',
  '.json': 'json',
  '.jsonc': 'json',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.toml': 'toml',
  '.env': 'dotenv',
  '.ini': 'ini',
  '.cfg': 'ini',
  '.dockerfile': 'dockerfile',
};

/**
 * JSON and YAML files that are not configuration an agent or a person writes secrets into:
 * lockfiles (large, machine-written) and the package manifest (metadata; its scripts are
 * commands, not settings).
 */
const NOT_CONFIGURATION = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'package.json', 'composer.lock', 'deno.lock']);

/** Configuration files recognized by name: Dockerfiles, `.env` files with suffixes (`.env.local`), `.npmrc`, `.pypirc`. */
function configLanguageOf(base: string): Language | undefined {
  if (base === 'dockerfile' || base === 'containerfile' || base.startsWith('dockerfile.') || base.startsWith('containerfile.')) return 'dockerfile';
  if (base === '.env' || base.startsWith('.env.')) return 'dotenv';
  if (base === '.npmrc' || base === '.pypirc') return 'ini';
  return undefined;
}

/** The language of a file by extension, or by shebang for extension-less scripts. */
export function languageOf(file: string, firstLine?: string): Language | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.d.ts') || lower.endsWith('.d.mts') || lower.endsWith('.d.cts')) return undefined;
  const dot = lower.lastIndexOf('.');
  const slash = Math.max(lower.lastIndexOf('/'), lower.lastIndexOf('\\'));
  const base = lower.slice(slash + 1);
  if (NOT_CONFIGURATION.has(base)) return undefined;
  const byName = configLanguageOf(base);
  if (byName) return byName;
  if (dot > slash) return EXTENSIONS[lower.slice(dot)];
  if (firstLine?.startsWith('#!')) {
    if (/\b(ba|z|da|k)?sh\b/.test(firstLine)) return 'shell';
    if (/\bpython[0-9.]*\b/.test(firstLine)) return 'python';
    if (/\bnode\b/.test(firstLine)) return 'javascript';
  }
  return undefined;
}

/** Languages with a working front end in this build. */
export const AVAILABLE_LANGUAGES: ReadonlySet<Language> = new Set<Language>([
  'python',
  'javascript',
  'typescript',
  'shell',
  'sql',
  'json',
  'yaml',
  'toml',
  'dotenv',
  'ini',
  'dockerfile',
]);
