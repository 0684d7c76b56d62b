/** Every check a rule can name in `static.check`. */
import { codeDynamic, deserialize } from './code.js';
import { commandAllowlist, commandDynamic, commandShell } from './commands.js';
import {
  mcpAutoApprove,
  mcpDockerPrivileged,
  mcpFilesystemRoot,
  mcpInlineSecret,
  mcpInsecureTransport,
  mcpRemoteAllowlist,
  mcpShellAllowAll,
  mcpToolPoisoning,
  mcpToolShadowing,
  mcpUnpinned,
} from './mcp.js';
import { untrustedName } from './names.js';
import { ormUnfiltered } from './orm.js';
import { pathOutsideSandbox, pathUntrusted } from './paths.js';
import { promptInstructions } from './prompt.js';
import { secret } from './secrets.js';
import { shellPipeToShell, shellRecursiveDelete, shellSudo, shellWorldWritable } from './shell.js';
import { sqlDestructive, sqlInjection } from './sql.js';
import type { Check } from './types.js';
import { CHECK_NAMES, type CheckName } from './check-names.js';
import { urlAllowlist, urlUntrusted } from './urls.js';

const checks = {
  'sql-destructive': sqlDestructive,
  'sql-injection': sqlInjection,
  'orm-unfiltered': ormUnfiltered,
  'path-outside-sandbox': pathOutsideSandbox,
  'path-untrusted': pathUntrusted,
  'command-shell': commandShell,
  'command-dynamic': commandDynamic,
  'command-allowlist': commandAllowlist,
  'code-dynamic': codeDynamic,
  'untrusted-name': untrustedName,
  deserialize,
  'url-untrusted': urlUntrusted,
  'url-allowlist': urlAllowlist,
  secret,
  'prompt-instructions': promptInstructions,
  'shell-pipe-to-shell': shellPipeToShell,
  'shell-recursive-delete': shellRecursiveDelete,
  'shell-sudo': shellSudo,
  'shell-world-writable': shellWorldWritable,
  'mcp-unpinned': mcpUnpinned,
  'mcp-filesystem-root': mcpFilesystemRoot,
  'mcp-shell-allow-all': mcpShellAllowAll,
  'mcp-auto-approve': mcpAutoApprove,
  'mcp-inline-secret': mcpInlineSecret,
  'mcp-insecure-transport': mcpInsecureTransport,
  'mcp-remote-allowlist': mcpRemoteAllowlist,
  'mcp-docker-privileged': mcpDockerPrivileged,
  'mcp-tool-shadowing': mcpToolShadowing,
  'mcp-tool-poisoning': mcpToolPoisoning,
} satisfies Record<CheckName, Check>;

export const CHECKS: Readonly<Record<string, Check>> = checks;

export { CHECK_NAMES };

export type { Check, CheckContext, SinkHit, Verdict } from './types.js';
