/** mcp-config: hazards in MCP client configurations and poisoned tool descriptions. */
import { classifySecretAssignment, findSecrets, findUrlQuerySecrets } from '../../policy/secrets.js';
import { classifyToolDescription } from '../../policy/tool-descriptions.js';
import { classifyUrl } from '../../policy/urls.js';
import type { ConfigNode, Range } from '../facts.js';
import { get, launchOf, mcpServersOf, scalarText, type ConfigText, type McpServer } from '../mcp.js';
import { lockedNpmPackages, normalizedPackageName, ownPackageNames } from '../own-packages.js';
import { constString } from '../values.js';
import { quote } from './common.js';
import type { Check, CheckContext, Verdict } from './types.js';

type FileCheck = Extract<Check, { kind: 'file' }>;

/** A file check over the servers of an MCP configuration. */
function perServer(judge: (server: McpServer, ctx: CheckContext) => Verdict[]): FileCheck {
  return {
    kind: 'file',
    run(ctx) {
      const out: Verdict[] = [];
      for (const s of mcpServersOf(ctx.facts)) out.push(...judge(s, ctx));
      return out;
    },
  };
}

// --- unpinned packages and images --------------------------------------------------------------

/** Options of package runners that take a separate value. */
const VALUED: Record<string, ReadonlySet<string>> = {
  npx: new Set(['-p', '--package', '-c', '--call', '--registry', '--cache', '--userconfig', '-w', '--workspace']),
  uvx: new Set(['--from', '--with', '--python', '-p', '--index', '--index-url', '--extra-index-url', '--with-requirements', '--directory', '--constraints', '-c']),
  pipx: new Set(['--spec', '--python', '--pip-args', '--index-url', '-i']),
  docker: new Set([
    '-e', '--env', '--env-file', '-v', '--volume', '--mount', '--name', '--network', '--net', '-p', '--publish', '-w', '--workdir', '-u', '--user',
    '--entrypoint', '--platform', '--pull', '-l', '--label', '--cap-add', '--cap-drop', '--add-host', '--memory', '-m', '--cpus', '--pid', '--ipc',
    '--security-opt', '--device', '--restart', '--hostname', '-h', '--userns', '--tmpfs', '--log-driver', '--dns', '--gpus', '--runtime', '--shm-size',
  ]),
};

const FLOATING = /^(latest|next|canary|beta|alpha|rc|dev|nightly|main|master|stable|\*|x|[\^~<>=].*|.*\.x(\..*)?|.*\s.*)$/i;

/** `pkg@1.2.3`, `@scope/pkg@1.2.3`: a version that names one release. */
function npmPinned(spec: string): boolean {
  const at = spec.lastIndexOf('@');
  if (at <= 0) return false;
  const version = spec.slice(at + 1);
  return /^v?\d/.test(version) && !FLOATING.test(version);
}

/** `pkg==1.2.3`, `pkg@1.2.3` (uv), `git+https://...@<sha>`. */
function pythonPinned(spec: string): boolean {
  if (/==\s*\d/.test(spec) || /===/.test(spec)) return true;
  if (/^git\+/.test(spec)) return /@[0-9a-f]{7,40}$/.test(spec);
  const at = spec.lastIndexOf('@');
  return at > 0 && /^v?\d[\w.+-]*$/.test(spec.slice(at + 1));
}

/** `image@sha256:...` or `image:tag` with a tag other than `latest`. */
function imagePinned(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/i.test(image)) return true;
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  if (colon < 0) return false;
  const tag = last.slice(colon + 1);
  return tag !== '' && !FLOATING.test(tag);
}

function isLocal(spec: string): boolean {
  return /^(\.{0,2}\/|~\/|[A-Za-z]:[\\/]|file:)/.test(spec) || /\.(m?js|cjs|ts|py)$/.test(spec);
}

/** The operands of a runner's command line after its options (an option's value is skipped). */
function operands(args: ConfigText[], valued: ReadonlySet<string>): { operands: ConfigText[]; options: Map<string, ConfigText> } {
  const out: ConfigText[] = [];
  const options = new Map<string, ConfigText>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (out.length === 0 && a.text.startsWith('-')) {
      const eq = a.text.indexOf('=');
      if (eq > 0) options.set(a.text.slice(0, eq), { text: a.text.slice(eq + 1), range: a.range });
      else if (valued.has(a.text) && i + 1 < args.length) options.set(a.text, args[++i]!);
      else options.set(a.text, a);
      continue;
    }
    out.push(a);
  }
  return { operands: out, options };
}

/** The package or image a server runs and whether it names one release; undefined when it is not run by a package runner. */
export function runnerPackage(server: McpServer): { runner: string; spec: ConfigText; pinned: boolean } | undefined {
  const launch = launchOf(server);
  if (!launch) return undefined;
  let { program, args } = launch;
  // `npm exec`, `pnpm dlx`, `yarn dlx`, `uv tool run`, `pipx run`, `docker run`, `podman run`
  if ((program === 'npm' && args[0]?.text === 'exec') || ((program === 'pnpm' || program === 'yarn') && args[0]?.text === 'dlx')) {
    program = 'npx';
    args = args.slice(1);
  } else if (program === 'bunx' || program === 'pnpx') program = 'npx';
  else if (program === 'uv' && args[0]?.text === 'tool' && args[1]?.text === 'run') {
    program = 'uvx';
    args = args.slice(2);
  } else if (program === 'pipx' && args[0]?.text === 'run') args = args.slice(1);
  else if ((program === 'docker' || program === 'podman') && args[0]?.text === 'run') {
    program = 'docker';
    args = args.slice(1);
  } else if (program === 'pipx' || program === 'docker' || program === 'podman') return undefined;
  const valued = VALUED[program];
  if (!valued) return undefined;
  const { operands: ops, options } = operands(args, valued);
  const explicit = program === 'npx' ? (options.get('-p') ?? options.get('--package')) : program === 'uvx' ? options.get('--from') : program === 'pipx' ? options.get('--spec') : undefined;
  const spec = explicit ?? ops[0];
  if (!spec || isLocal(spec.text)) return undefined;
  const pinned = program === 'npx' ? npmPinned(spec.text) : program === 'docker' ? imagePinned(spec.text) : pythonPinned(spec.text);
  return { runner: program, spec, pinned };
}

/** The package a runner's spec names, without version or extras (`@scope/pkg@latest` → `@scope/pkg`, `pkg[cli]>=1` → `pkg`). */
function specPackage(runner: string, spec: string): string | undefined {
  if (runner === 'npx') {
    const at = spec.indexOf('@', 1);
    const name = at < 0 ? spec : spec.slice(0, at);
    return /^(@[\w.-]+\/)?[\w.-]+$/.test(name) ? name : undefined;
  }
  if (runner === 'docker') {
    // the image's repository without registry, owner, tag or digest (`datalayer/jupyter-mcp-server:latest` → `jupyter-mcp-server`)
    const repo = /([a-z0-9][a-z0-9._-]*)(?::[\w.-]+)?(?:@sha256:[0-9a-f]+)?$/.exec(spec.slice(spec.lastIndexOf('/') + 1))?.[1];
    return repo ? normalizedPackageName(repo, true) : undefined;
  }
  const m = /^([A-Za-z0-9][\w.-]*)/.exec(spec);
  return m ? normalizedPackageName(m[1]!, true) : undefined;
}

export const mcpUnpinned = perServer((server, ctx) => {
  const pkg = runnerPackage(server);
  if (!pkg || pkg.pinned) return [];
  const what = pkg.runner === 'docker' ? 'image' : 'package';
  const fix = pkg.runner === 'docker' ? 'pin a version tag or, better, an `@sha256:` digest' : pkg.runner === 'npx' ? 'pin an exact version (`pkg@1.2.3`)' : 'pin an exact version (`pkg==1.2.3`)';
  const name = specPackage(pkg.runner, pkg.spec.text);
  // `npx nx` in a project that installs `nx` with a lockfile: npx runs that installed, locked version (only where the
  // project's packages are not installed does it fetch the newest one)
  if (pkg.runner === 'npx' && name === pkg.spec.text && lockedNpmPackages(ctx.config.baseDir).includes(name)) {
    return [
      {
        message: `MCP server \`${server.name}\` runs ${quote(pkg.spec.text)} through npx, which the project installs at the version its lockfile fixes: npx runs that installed version, and fetches the newest only where the project's packages are not installed; pin an exact version (\`pkg@1.2.3\`) to rule that out.`,
        range: pkg.spec.range,
        severity: 'low',
      },
    ];
  }
  // (an image is the project's when its repository has the name of one of the project's packages, scope aside)
  const own = ownPackageNames(ctx.config.baseDir);
  if (name !== undefined && (own.includes(name) || (pkg.runner === 'docker' && own.some((n) => normalizedPackageName(n.replace(/^@[^/]+\//, ''), true) === name)))) {
    // the project's configuration for its own server: the same publisher ships both
    return [
      {
        message: `MCP server \`${server.name}\` runs this project's own package ${quote(pkg.spec.text)} without a fixed version: clients given this configuration get each release as it is published; ${fix} where they should not.`,
        range: pkg.spec.range,
        severity: 'low',
      },
    ];
  }
  return [
    {
      message: `MCP server \`${server.name}\` runs the ${what} ${quote(pkg.spec.text)} without a fixed version: whatever is published next runs with this client's access; ${fix}.`,
      range: pkg.spec.range,
    },
  ];
});

// --- filesystem roots ----------------------------------------------------------------------------

const FILESYSTEM_SERVER = /(^|[/@_-])(server-)?filesystem\b|mcp-server-filesystem|\bfs-mcp|mcp-fs\b|(^|[-_])files?(ystem)?[-_]?server/i;
const BROAD_ROOT = /^(\/|~\/?|\$HOME\/?|\$\{HOME\}\/?|%USERPROFILE%\\?|%HOMEDRIVE%%HOMEPATH%\\?|[A-Za-z]:[\\/]{0,2}|\/(home|Users)\/[^/]+\/?|\/root\/?|[A-Za-z]:\\Users\\[^\\]+\\?)$/;

export const mcpFilesystemRoot = perServer((server) => {
  const launch = launchOf(server);
  if (!launch) return [];
  const words = [launch.program, ...launch.args.map((a) => a.text)];
  if (!FILESYSTEM_SERVER.test(server.name) && !words.some((w) => FILESYSTEM_SERVER.test(w))) return [];
  const out: Verdict[] = [];
  for (const a of launch.args) {
    const path = a.text.replace(/^--?[\w-]+=/, '');
    if (!BROAD_ROOT.test(path)) continue;
    out.push({
      message: `Filesystem MCP server \`${server.name}\` is given ${quote(path)}: every file of the ${/^(\/|[A-Za-z]:[\\/]{0,2})$/.test(path) ? 'machine' : 'home directory'} (SSH keys, cloud credentials, other projects) becomes readable and writable by the model; allow only the project directories it needs.`,
      range: a.range,
    });
  }
  return out;
});

// --- shells allowing every command -----------------------------------------------------------

const ALLOW_ALL_FLAG = /^--?(allow-all(-commands)?|allow-any(-command)?|unrestricted|no-restrictions|disable-allowlist|dangerously[\w-]*)(=(true|1|yes))?$/i;
const COMMAND_OPTION = /allow|command|whitelist|permit|cmd/i;

export const mcpShellAllowAll = perServer((server) => {
  const launch = launchOf(server);
  const out: Verdict[] = [];
  const args = launch?.args ?? [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const inline = /^--?([\w-]+)=(\*|all)$/i.exec(a.text);
    const star = (a.text === '*' || /^all$/i.test(a.text)) && i > 0 && /^--?/.test(args[i - 1]!.text) && COMMAND_OPTION.test(args[i - 1]!.text);
    if (ALLOW_ALL_FLAG.test(a.text) || star || (inline && COMMAND_OPTION.test(inline[1]!))) {
      out.push({ message: `MCP server \`${server.name}\` is allowed to run every command (${quote(star ? `${args[i - 1]!.text} ${a.text}` : a.text)}): a model that reads one hostile document can run anything as you; list the commands it needs instead.`, range: a.range });
    }
  }
  for (const e of server.env) {
    const v = e.value.kind === 'scalar' ? String(e.value.value) : '';
    const allows = (/ALLOW|WHITELIST|PERMIT/i.test(e.key) && /COMMAND|CMD|EXEC|SHELL/i.test(e.key) && /^(\*|all)$/i.test(v)) || (/ALLOW_ALL|UNRESTRICTED/i.test(e.key) && /^(true|1|yes)$/i.test(v));
    if (allows) out.push({ message: `MCP server \`${server.name}\` is allowed to run every command (\`${e.key}=${v}\`); list the commands it needs instead.`, range: e.value.range });
  }
  return out;
});

// --- auto-approved dangerous tools ----------------------------------------------------------------

const DANGEROUS_WORDS = new Set([
  'write', 'edit', 'delete', 'remove', 'rm', 'move', 'mv', 'rename', 'create', 'exec', 'execute', 'run', 'shell', 'bash', 'sh', 'command', 'cmd',
  'terminal', 'eval', 'kill', 'push', 'deploy', 'install', 'sql', 'query', 'update', 'insert', 'drop', 'upload', 'send', 'post', 'commit', 'merge',
  'apply', 'patch', 'put', 'overwrite', 'append', 'truncate', 'process', 'spawn', 'script', 'python', 'code', 'interpreter', 'transfer', 'pay',
]);

function toolWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function dangerousTool(name: string): boolean {
  return name.trim() === '*' || toolWords(name).some((w) => DANGEROUS_WORDS.has(w));
}

/**
 * Claude Code settings (`.claude/settings*.json`): `permissions.allow` entries that let every
 * shell command or every tool of a server run unasked, and `enableAllProjectMcpServers`,
 * which starts whatever servers a cloned repository's `.mcp.json` declares.
 */
function claudeCodeApprovals(root: ConfigNode | undefined): Verdict[] {
  const out: Verdict[] = [];
  const allow = get(get(root, 'permissions'), 'allow');
  if (allow?.kind === 'list') {
    for (const item of allow.items) {
      const t = scalarText(item);
      if (!t) continue;
      if (/^Bash(\((\*|\*:\*|:\*)?\))?$/.test(t.text.trim()))
        out.push({ message: `\`${t.text}\` in permissions.allow lets every shell command run without asking; allow the commands needed by prefix (\`Bash(npm run test:*)\`).`, range: t.range });
      else if (/^mcp__[^_]+(?:_[^_]+)*(__\*)?$/.test(t.text) && !/^mcp__.+__(?!\*)/.test(t.text))
        out.push({ message: `\`${t.text}\` in permissions.allow approves every tool of that MCP server, writes and commands included; allow read-only tools by name.`, range: t.range });
    }
  }
  const all = get(root, 'enableAllProjectMcpServers');
  if (all?.kind === 'scalar' && all.value === true)
    out.push({ message: '`enableAllProjectMcpServers: true` starts every MCP server a project\'s `.mcp.json` declares, also in repositories you did not write; approve servers by name (`enabledMcpjsonServers`).', range: all.range });
  return out;
}

const autoApprovedServers = perServer((server) => {
  const out: Verdict[] = [];
  if (server.trustsAll)
    out.push({ message: `MCP server \`${server.name}\` is trusted with \`${server.trustsAll.text}\`: every tool call runs without asking, writes and commands included; approve the read-only tools by name instead.`, range: server.trustsAll.range });
  for (const t of server.autoApproved) {
    if (!dangerousTool(t.text)) continue;
    out.push({
      message: t.text.trim() === '*' ? `MCP server \`${server.name}\` auto-approves every tool (\`*\`); approve read-only tools by name instead.` : `MCP server \`${server.name}\` auto-approves \`${t.text}\`, a tool that changes things (writes, runs or sends); keep the confirmation for it.`,
      range: t.range,
    });
  }
  return out;
});

export const mcpAutoApprove: Check = {
  kind: 'file',
  run(ctx) {
    return [...claudeCodeApprovals(ctx.facts.config), ...autoApprovedServers.run(ctx)];
  },
};

// --- secrets inlined ------------------------------------------------------------------------------

function secretIn(name: string | undefined, text: string): string | undefined {
  const m = (name ? classifySecretAssignment(name, text) : undefined) ?? findSecrets(text)[0] ?? findUrlQuerySecrets(text)[0];
  return m?.kind.replace(/-/g, ' ');
}

export const mcpInlineSecret = perServer((server) => {
  const out: Verdict[] = [];
  const report = (where: string, name: string | undefined, t: ConfigText) => {
    const kind = secretIn(name, t.text);
    if (kind) out.push({ message: `MCP server \`${server.name}\` has a credential (${kind}) written into its ${where}; reference it from the environment or the client's secret input (\`\${env:NAME}\`, \`\${input:name}\`) and rotate it.`, range: t.range });
  };
  for (const e of server.env) report(`env \`${e.key}\``, e.key, scalarText(e.value)!);
  for (const e of server.headers) report(`header \`${e.key}\``, e.key, scalarText(e.value)!);
  if (server.url) report('URL', undefined, server.url);
  const args = server.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const inline = /^(-{0,2})([A-Za-z_][\w.-]*)=(.+)$/.exec(a.text);
    if (inline) report('arguments', inline[2], { text: inline[3]!, range: a.range });
    else report('arguments', i > 0 && /^--?[A-Za-z][\w-]*$/.test(args[i - 1]!.text) ? args[i - 1]!.text.replace(/^-+/, '') : undefined, a);
  }
  return out;
});

// --- remote servers -----------------------------------------------------------------------------

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?|0\.0\.0\.0|host\.docker\.internal)$/i;

/** The URLs a server connects to: its `url`, and URLs handed to a local bridge (`mcp-remote https://...`). */
function remoteUrls(server: McpServer): ConfigText[] {
  const out: ConfigText[] = [];
  if (server.url) out.push(server.url);
  for (const a of server.args) if (/^https?:\/\//i.test(a.text)) out.push(a);
  return out;
}

function hostOf(url: string): string | undefined {
  try {
    return new globalThis.URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

export const mcpInsecureTransport = perServer((server) => {
  const out: Verdict[] = [];
  for (const u of remoteUrls(server)) {
    if (!/^http:\/\//i.test(u.text) || u.text.includes('${')) continue;
    const host = hostOf(u.text);
    if (!host || LOOPBACK.test(host)) continue;
    out.push({ message: `MCP server \`${server.name}\` is reached over plain HTTP at ${quote(host)}: tool calls, results and any token in its headers travel unencrypted and can be altered on the way; use https.`, range: u.range });
  }
  return out;
});

function allowlistActive(ctx: CheckContext): string[] | null {
  if (ctx.config.network.allow !== null) return ctx.config.network.allow;
  return ctx.config.policy === 'strict' || ctx.config.policy === 'audit' ? [] : null;
}

export const mcpRemoteAllowlist = perServer((server, ctx) => {
  const allow = allowlistActive(ctx);
  if (allow === null) return [];
  const out: Verdict[] = [];
  for (const u of remoteUrls(server)) {
    const host = hostOf(u.text);
    if (!host || LOOPBACK.test(host) || u.text.includes('${')) continue;
    const verdict = classifyUrl(u.text.replace(/^http:/i, 'https:'), allow);
    if (verdict.allowed) continue;
    out.push({ message: `MCP server \`${server.name}\` connects to ${quote(host)}, which is not in network.allow (${allow.join(', ') || 'empty'}).`, range: u.range });
  }
  return out;
});

// --- docker -------------------------------------------------------------------------------------

function dockerHazard(flag: string, value: string | undefined): string | undefined {
  const f = flag.toLowerCase();
  const v = (value ?? '').toLowerCase();
  if (f === '--privileged' && v !== 'false') return 'runs privileged (every device and capability of the host)';
  if ((f === '--network' || f === '--net') && v === 'host') return "shares the host's network (local services and metadata endpoints)";
  if ((f === '--pid' || f === '--ipc' || f === '--userns' || f === '--uts') && v === 'host') return `shares the host's ${f.slice(2)} namespace`;
  if (f === '--cap-add' && /^(all|sys_admin|sys_ptrace|sys_module|net_admin|dac_read_search)$/.test(v)) return `adds the capability ${value}`;
  if (f === '--security-opt' && /unconfined|no-new-privileges[:=]false/.test(v)) return `turns off confinement (${value})`;
  if (f === '-v' || f === '--volume' || f === '--mount') {
    const source = f === '--mount' ? /(?:^|,)(?:source|src)=([^,]+)/.exec(value ?? '')?.[1] : value?.split(':')[0];
    if (source === undefined) return undefined;
    if (/^(\/|[A-Za-z]:[\\/]?|\/etc|\/root|\/home|\/Users|~|\$HOME|\$\{HOME\})$/.test(source.replace(/\/$/, '') || '/')) return `mounts ${source} of the host`;
    if (/docker\.sock$/.test(source)) return "mounts the Docker socket (control of the host's containers: root on the host)";
  }
  return undefined;
}

export const mcpDockerPrivileged = perServer((server) => {
  const launch = launchOf(server);
  if (!launch || (launch.program !== 'docker' && launch.program !== 'podman') || launch.args[0]?.text !== 'run') return [];
  const out: Verdict[] = [];
  const args = launch.args.slice(1);
  const valued = VALUED.docker!;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.text.startsWith('-')) break; // the image: what follows belongs to the server
    const eq = a.text.indexOf('=');
    const flag = eq > 0 ? a.text.slice(0, eq) : a.text;
    let value: string | undefined = eq > 0 ? a.text.slice(eq + 1) : undefined;
    let range = a.range;
    if (value === undefined && valued.has(flag) && i + 1 < args.length) {
      value = args[++i]!.text;
      range = args[i]!.range;
    }
    const hazard = dockerHazard(flag, value);
    if (hazard) out.push({ message: `MCP server \`${server.name}\` runs in a container that ${hazard}: the container no longer isolates the server from the host; drop the option.`, range });
  }
  return out;
});

// --- shadowing ----------------------------------------------------------------------------------

export const mcpToolShadowing: Check = {
  kind: 'file',
  run(ctx) {
    const out: Verdict[] = [];
    const owner = new Map<string, string>();
    for (const s of mcpServersOf(ctx.facts)) {
      const names = new Map<string, ConfigText>();
      for (const t of [...s.tools, ...s.autoApproved]) if (t.text !== '*' && !names.has(t.text)) names.set(t.text, t);
      for (const [name, t] of names) {
        const first = owner.get(name);
        if (first === undefined) owner.set(name, s.name);
        else if (first !== s.name)
          out.push({ message: `Tool \`${name}\` of MCP server \`${s.name}\` has the name of a tool of \`${first}\`: the model cannot tell which one it calls, and a server can shadow another's tool; rename or drop one.`, range: t.range });
      }
    }
    return out;
  },
};

// --- tool poisoning -------------------------------------------------------------------------------

function poisonVerdict(text: string, range: Range, what: string): Verdict | undefined {
  const hits = classifyToolDescription(text);
  if (!hits.length) return undefined;
  const reasons = [...new Set(hits.map((h) => h.reason))];
  return { message: `${what} carries hidden instructions for the model (${reasons.join('; ')}): tool poisoning; a description must only describe the tool.`, range };
}

/** Tool manifests (`tools: [{ name, description, inputSchema }]`, also under `result`): descriptions of tools and parameters. */
function manifestDescriptions(root: ConfigNode | undefined, out: Verdict[]): void {
  const tools = get(root, 'tools') ?? get(get(root, 'result'), 'tools');
  if (!tools || tools.kind !== 'list') return;
  for (const t of tools.items) {
    const name = scalarText(get(t, 'name'))?.text ?? 'a tool';
    const d = scalarText(get(t, 'description'));
    const v = d && poisonVerdict(d.text, d.range, `The description of tool \`${name}\``);
    if (v) out.push(v);
    const props = get(get(t, 'inputSchema') ?? get(t, 'input_schema') ?? get(t, 'parameters'), 'properties');
    if (props?.kind !== 'map') continue;
    for (const p of props.entries) {
      const pd = scalarText(get(p.value, 'description'));
      const pv = pd && poisonVerdict(pd.text, pd.range, `The description of parameter \`${p.key}\` of tool \`${name}\``);
      if (pv) out.push(pv);
    }
  }
}

/** Where MCP SDK calls take a tool's description. */
const DESCRIPTION_CALLS: { callee: RegExp; arg: (args: import('../facts.js').Value[], kwargs: Record<string, import('../facts.js').Value>) => import('../facts.js').Value | undefined }[] = [
  // FastMCP: @mcp.tool(description=...), @mcp.tool("name", description=...)
  { callee: /^(mcp\.server\.fastmcp|fastmcp)\.FastMCP\(\)\.(tool|prompt|resource)$/, arg: (_a, kw) => kw.description },
  // TS: server.tool(name, description, schema?, handler), server.registerTool(name, { description }, handler)
  { callee: /McpServer\(\)\.(tool|prompt)$/, arg: (a) => (a.length >= 3 ? a[1] : undefined) },
  { callee: /McpServer\(\)\.register(Tool|Prompt)$/, arg: (a) => (a[1]?.kind === 'dict' ? a[1].entries.description : undefined) },
];

/** Modules of the MCP SDKs (Python `mcp`, `fastmcp`; TypeScript `@modelcontextprotocol/sdk`). */
const MCP_MODULE = /^(mcp|fastmcp)(\.|$)|^@modelcontextprotocol\/sdk/;

const DESCRIPTION_METHODS = new Set(['tool', 'prompt', 'resource', 'registerTool', 'registerPrompt']);

export const mcpToolPoisoning: Check = {
  kind: 'file',
  run(ctx) {
    const out: Verdict[] = [];
    const facts = ctx.facts;
    if (facts.config) {
      manifestDescriptions(facts.config, out);
      return out;
    }
    const seen = new Set<string>();
    for (const call of facts.calls) {
      if (!DESCRIPTION_METHODS.has(call.method)) continue;
      const spec = DESCRIPTION_CALLS.find((d) => d.callee.test(call.callee));
      if (!spec) continue;
      const text = constString(spec.arg(call.args, call.kwargs));
      if (text === undefined) continue;
      // the description's own string, when the front end recorded it, is the place to point at
      const within = (r: Range) => r.line >= call.range.line && r.endLine <= call.range.endLine;
      const at = facts.strings.find((s) => s.value === text && within(s.range))?.range ?? call.range;
      const v = poisonVerdict(text, at, 'The tool description');
      if (v && !seen.has(`${v.range!.line}`)) {
        seen.add(`${v.range!.line}`);
        out.push(v);
      }
    }
    // in an MCP server, every `description` (low-level `types.Tool(description=...)`, the tool list a
    // `ListToolsRequestSchema` handler returns, parameter schemas) is read by the model
    if ([...ctx.imports].some((m) => MCP_MODULE.test(m))) {
      for (const str of facts.strings) {
        if (str.name !== 'description' || seen.has(`${str.range.line}`)) continue;
        const v = poisonVerdict(str.value, str.range, 'The description');
        if (v) {
          seen.add(`${str.range.line}`);
          out.push(v);
        }
      }
    }
    // docstrings of functions exposed as tools: the SDK sends them as the description (not a web route's: its
    // docstring is the API documentation people read, `Add MASTER_KEY_HASH to your .env file` is said to them)
    for (const fn of facts.functions) {
      if (!fn.tool || !fn.doc || fn.tool.input === 'request-input') continue;
      const v = poisonVerdict(fn.doc.value, fn.doc.range, `The docstring of tool \`${fn.name}\``);
      if (v) out.push(v);
    }
    return out;
  },
};
