/**
 * The files `agentos init` writes, rendered from `templates/` and a project profile. Pure:
 * templates come in as text, files go out as text.
 */
import type { DirectoryKind, ProjectProfile, SeenValue } from './detect.js';

/** Replace each `{{NAME}}` (capitals only, so `${{ github.sha }}` is left alone); a line holding only an empty value goes. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  const out = template.replace(/^[ \t]*\{\{([A-Z_]+)\}\}[ \t]*\n/gm, (line, name: string) => {
    if (!(name in values)) throw new Error(`template value ${name} is missing`);
    return values[name] === '' ? '' : line.replace(`{{${name}}}`, values[name]!);
  });
  return out.replace(/\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`template value ${name} is missing`);
    return values[name]!;
  });
}

export interface ConfigChoices {
  /** write the programs seen as `commands.allow` (else they are offered in comments) */
  allowPrograms: boolean;
  /** write the hosts seen as `network.allow` (else they are offered in comments) */
  allowHosts: boolean;
}

function yamlScalar(s: string): string {
  return /^[A-Za-z0-9_./+-]+$/.test(s) && !/^(-|\.\.?$)/.test(s) ? s : JSON.stringify(s);
}

/** `    - git        # src/tools.py:12`, commented out with `#` when `comment`. */
function seenList(items: readonly SeenValue[], indent: string, comment: boolean): string {
  const width = Math.max(...items.map((i) => yamlScalar(i.value).length));
  return items.map((i) => `${indent}${comment ? '#   ' : '  '}- ${yamlScalar(i.value).padEnd(width)}   # ${i.at}`).join('\n');
}

interface AllowWords {
  /** `programs the code starts` */
  seen: string;
  /** `programs an agent may run (argv form, no shell)` */
  allowed: string;
  example: string;
}

function allowBlock(items: readonly SeenValue[], enabled: boolean, words: AllowWords): string {
  if (!items.length) return `  # allow: ${words.example}      # ${words.allowed}`;
  if (enabled) return `  allow:                    # ${words.allowed}; seen in the code:\n${seenList(items, '  ', false)}`;
  return [
    `  # ${words.seen[0]!.toUpperCase()}${words.seen.slice(1)}, and where first seen. To allow only some of them,`,
    `  # uncomment \`allow:\` and keep the ${words.allowed}:`,
    '  # allow:',
    seenList(items, '  ', true),
  ].join('\n');
}


function detectedBlock(p: ProjectProfile): string {
  const lines: string[] = [];
  const languageNames: Record<string, string> = { python: 'Python', javascript: 'JavaScript', typescript: 'TypeScript', shell: 'shell', sql: 'SQL' };
  if (p.languages.length) lines.push(`languages: ${p.languages.map((l) => `${languageNames[l.language] ?? l.language} (${l.files} ${l.files === 1 ? 'file' : 'files'})`).join(', ')}`);
  if (p.packageManagers.length) lines.push(`package managers: ${p.packageManagers.map((m) => m.name).join(', ')}`);
  if (p.frameworks.length) lines.push(`agent frameworks: ${p.frameworks.map((f) => `${f.name} (${f.from.join(', ')})`).join('; ')}`);
  if (!lines.length) return '';
  return ['# Written by `agentos init`, which found', ...lines.map((l) => `#   ${l}`)].join('\n');
}

/** The context each kind of directory init finds gets under `contexts.paths`. */
const DIRECTORY_CONTEXTS: Record<DirectoryKind, string> = { tests: 'test', examples: 'example', fixtures: 'test', migrations: 'migration' };

function directoriesBlock(p: ProjectProfile): string {
  const kinds = (Object.keys(p.directories) as DirectoryKind[]).filter((k) => p.directories[k].length);
  if (!kinds.length) return '';
  return [
    '  paths:                    # directories found here that are not production code',
    ...kinds.flatMap((k) => p.directories[k].slice(0, 12).map((d) => `    ${yamlScalar(`${d}/**`)}: ${DIRECTORY_CONTEXTS[k]}`)),
  ].join('\n');
}

/** `agentos.config.yaml` for a project. */
export function renderConfig(template: string, p: ProjectProfile, choices: ConfigChoices): string {
  const relative = p.fileRoots.filter((r) => r.value.startsWith('./'));
  const absolute = p.fileRoots.filter((r) => !r.value.startsWith('./'));
  const roots = relative.length ? `[${relative.map((r) => yamlScalar(r.value)).join(', ')}]` : '[.]';
  const seenRoots = [
    ...(relative.length ? [`  # relative locations the code uses: ${relative.map((r) => `${r.value} (${r.at})`).join(', ')}`] : []),
    ...(absolute.length ? ['  # absolute locations the code uses; add the ones an agent may touch:', seenList(absolute, '  ', true)] : []),
  ].join('\n');
  return fillTemplate(template, {
    DETECTED: detectedBlock(p),
    SANDBOX_ROOTS: roots,
    SANDBOX_SEEN: seenRoots,
    COMMANDS: allowBlock(p.programs, choices.allowPrograms, { seen: 'programs the code starts', allowed: 'programs an agent may run (argv form, no shell)', example: '[git, ls]' }),
    NETWORK: allowBlock(p.hosts, choices.allowHosts, { seen: 'hosts the code reaches', allowed: 'hosts an agent may reach ("*.example.com" for subdomains)', example: '[api.github.com]' }),
    DIRECTORIES: directoriesBlock(p),
  });
}

/** How CI gets agentos: the project's own devDependency, else the published package of this version. */
export interface CiCommand {
  /** shell command installing the project's dependencies, or '' when agentos is fetched by npx */
  install: string;
  /** how the check is invoked */
  agentos: string;
}

export function ciCommand(p: ProjectProfile, version: string): CiCommand {
  if (!p.agentosInstalled) return { install: '', agentos: `npx --yes agentos@${version}` };
  const manager = p.packageManagers.find((m) => ['npm', 'yarn', 'pnpm', 'bun'].includes(m.name))?.name ?? 'npm';
  const hasLock = p.packageManagers.some((m) => m.from.some((f) => f !== 'package.json'));
  const install =
    manager === 'pnpm'
      ? 'corepack enable && pnpm install --frozen-lockfile'
      : manager === 'yarn'
        ? 'corepack enable && yarn install --immutable'
        : manager === 'bun'
          ? 'npx --yes bun install --frozen-lockfile'
          : hasLock
            ? 'npm ci'
            : 'npm install';
  return { install, agentos: 'npx --no-install agentos' };
}

export function renderGithubWorkflow(template: string, cmd: CiCommand): string {
  const step = cmd.install ? `      - name: Install dependencies\n        run: ${cmd.install}` : '';
  return fillTemplate(template, { INSTALL_STEP: step, AGENTOS: cmd.agentos });
}

export function renderGitlabJob(template: string, cmd: CiCommand): string {
  return fillTemplate(template, { INSTALL_SCRIPT: cmd.install ? `    - ${cmd.install}` : '', AGENTOS: cmd.agentos });
}
