/**
 * MCP client configurations, read from a configuration file's document whatever its
 * format: the servers a client starts or connects to, with the command line, environment,
 * URL, headers, auto-approved tools and listed tool names of each, and their positions.
 *
 * Recognized shapes (by content, so any file name works; the names clients use are listed
 * in the README): `mcpServers` (Claude Desktop, Claude Code, Cursor, Windsurf, Gemini CLI,
 * Cline; also under `projects.<dir>` in `~/.claude.json`; a list of named entries in
 * Continue's YAML), `servers` (VS Code `mcp.json`, `mcp.servers` in its settings),
 * `context_servers` (Zed, where `command` may be `{ path, args, env }`) and `mcp_servers`
 * (Codex `config.toml`).
 */
import type { ConfigEntry, ConfigMap, ConfigNode, FileFacts, Range } from './facts.js';

export interface ConfigText {
  text: string;
  range: Range;
}

export interface McpServer {
  name: string;
  nameRange: Range;
  /** the program, as written (`npx`, `/usr/local/bin/uvx`, `docker`) */
  command?: ConfigText;
  /** the arguments (a `command` with spaces and no `args` is split into words) */
  args: ConfigText[];
  /** environment entries with scalar values */
  env: ConfigEntry[];
  url?: ConfigText;
  headers: ConfigEntry[];
  /** tools approved without asking: names from `alwaysAllow` / `autoApprove` lists */
  autoApproved: ConfigText[];
  /** `autoApprove: true`, `trust: true`: every tool of the server runs without asking */
  trustsAll?: ConfigText;
  /** tool names the configuration lists for the server */
  tools: ConfigText[];
}

const SERVER_MAP_KEYS = new Set(['mcpServers', 'mcp_servers', 'context_servers', 'servers']);
const URL_KEYS = ['url', 'serverUrl', 'httpUrl', 'endpoint'];
const AUTO_APPROVE_KEYS = new Set(['alwaysAllow', 'autoApprove', 'auto_approve', 'autoApprovedTools', 'alwaysAllowTools', 'approvedTools']);
const TRUST_KEYS = new Set(['trust', 'autoApprove', 'auto_approve', 'alwaysAllow', 'trusted']);
const TOOL_LIST_KEYS = new Set(['tools', 'includeTools', 'enabledTools', 'enabled_tools', 'allowedTools', 'allowed_tools']);

export function get(map: ConfigNode | undefined, key: string): ConfigNode | undefined {
  if (!map || map.kind !== 'map') return undefined;
  return map.entries.find((e) => e.key === key)?.value;
}

export function scalarText(n: ConfigNode | undefined): ConfigText | undefined {
  if (!n || n.kind !== 'scalar' || n.value === null) return undefined;
  return { text: String(n.value), range: n.range };
}

function scalarEntries(n: ConfigNode | undefined): ConfigEntry[] {
  return n?.kind === 'map' ? n.entries.filter((e) => e.value.kind === 'scalar') : [];
}

function texts(n: ConfigNode | undefined): ConfigText[] {
  if (!n || n.kind !== 'list') return [];
  const out: ConfigText[] = [];
  for (const i of n.items) {
    const t = scalarText(i) ?? scalarText(get(i, 'name'));
    if (t) out.push(t);
  }
  return out;
}

function looksLikeServer(n: ConfigNode): n is ConfigMap {
  if (n.kind !== 'map') return false;
  return n.entries.some((e) => e.key === 'command' || e.key === 'args' || URL_KEYS.includes(e.key) || (e.key === 'type' && n.entries.length > 1));
}

function serverOf(name: string, nameRange: Range, entry: ConfigMap): McpServer {
  // Zed: `command: { path, args, env }`
  const cmdNode = get(entry, 'command');
  const launch = cmdNode?.kind === 'map' ? cmdNode : entry;
  let command = scalarText(cmdNode?.kind === 'map' ? get(cmdNode, 'path') : cmdNode);
  let args = texts(get(launch, 'args'));
  if (command && !args.length && /\s/.test(command.text.trim())) {
    const [head, ...rest] = command.text.trim().split(/\s+/);
    args = rest.map((text) => ({ text, range: command!.range }));
    command = { text: head!, range: command.range };
  }
  const server: McpServer = {
    name,
    nameRange,
    args,
    env: [...scalarEntries(get(launch, 'env')), ...scalarEntries(get(entry, 'environment'))],
    headers: [...scalarEntries(get(entry, 'headers')), ...scalarEntries(get(entry, 'http_headers'))],
    autoApproved: [],
    tools: [],
  };
  if (command) server.command = command;
  for (const k of URL_KEYS) {
    const u = scalarText(get(entry, k));
    if (u) {
      server.url = u;
      break;
    }
  }
  for (const e of entry.entries) {
    if (AUTO_APPROVE_KEYS.has(e.key)) server.autoApproved.push(...texts(e.value));
    if (TRUST_KEYS.has(e.key) && e.value.kind === 'scalar' && e.value.value === true) server.trustsAll ??= { text: `${e.key}: true`, range: e.keyRange };
    if (TOOL_LIST_KEYS.has(e.key)) server.tools.push(...texts(e.value));
  }
  return server;
}

function serversIn(n: ConfigNode | undefined, out: McpServer[]): void {
  if (!n) return;
  if (n.kind === 'map') {
    for (const e of n.entries) if (looksLikeServer(e.value)) out.push(serverOf(e.key, e.keyRange, e.value));
  } else if (n.kind === 'list') {
    // Continue: a list of `{ name, command, args }`
    for (const item of n.items) {
      if (!looksLikeServer(item)) continue;
      const name = scalarText(get(item, 'name'));
      out.push(serverOf(name?.text ?? '(unnamed)', name?.range ?? item.range, item));
    }
  }
}

const cache = new WeakMap<FileFacts, McpServer[]>();

/** The MCP servers a configuration file declares (none for files of another shape). */
export function mcpServersOf(facts: FileFacts): McpServer[] {
  let servers = cache.get(facts);
  if (servers) return servers;
  servers = [];
  const root = facts.config;
  if (root?.kind === 'map') {
    for (const e of root.entries) {
      if (SERVER_MAP_KEYS.has(e.key)) serversIn(e.value, servers);
      // VS Code settings: `"mcp": { "servers": {...} }`; ~/.claude.json: `projects.<dir>.mcpServers`
      if (e.key === 'mcp') serversIn(get(e.value, 'servers'), servers);
      if (e.key === 'projects' && e.value.kind === 'map') for (const p of e.value.entries) serversIn(get(p.value, 'mcpServers'), servers);
    }
  }
  cache.set(facts, servers);
  return servers;
}

/** The program's base name, lower case, without `.exe`/`.cmd`. */
export function programOf(command: string): string {
  const base = command.slice(Math.max(command.lastIndexOf('/'), command.lastIndexOf('\\')) + 1).toLowerCase();
  return base.replace(/\.(exe|cmd|bat)$/, '');
}

/**
 * The command line a server runs, unwrapped from Windows `cmd /c` and `wsl`: its program
 * and arguments.
 */
export function launchOf(server: McpServer): { program: string; args: ConfigText[] } | undefined {
  if (!server.command) return undefined;
  let program = programOf(server.command.text);
  let args = server.args;
  for (let i = 0; i < 2; i++) {
    if (program === 'cmd' && args.length >= 2 && /^\/[cCkK]$/.test(args[0]!.text)) {
      program = programOf(args[1]!.text);
      args = args.slice(2);
    } else if ((program === 'wsl' || program === 'sudo') && args.length >= 1 && !args[0]!.text.startsWith('-')) {
      program = programOf(args[0]!.text);
      args = args.slice(1);
    }
  }
  return { program, args };
}
