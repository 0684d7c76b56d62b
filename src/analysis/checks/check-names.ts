/**
 * The name of every check a rule can name in `static.check`. index.ts maps each to its
 * function, and the compiler holds the two to this one list (`satisfies Record<CheckName,
 * Check>` there: a check missing or one more is a type error). Apart from the checks, so that
 * loading and validating the rules does not load them.
 */
export const CHECK_NAME_LIST = [
  'sql-destructive',
  'sql-injection',
  'orm-unfiltered',
  'path-outside-sandbox',
  'path-untrusted',
  'command-shell',
  'command-dynamic',
  'command-allowlist',
  'code-dynamic',
  'untrusted-name',
  'deserialize',
  'url-untrusted',
  'url-allowlist',
  'secret',
  'prompt-instructions',
  'shell-pipe-to-shell',
  'shell-recursive-delete',
  'shell-sudo',
  'shell-world-writable',
  'mcp-unpinned',
  'mcp-filesystem-root',
  'mcp-shell-allow-all',
  'mcp-auto-approve',
  'mcp-inline-secret',
  'mcp-insecure-transport',
  'mcp-remote-allowlist',
  'mcp-docker-privileged',
  'mcp-tool-shadowing',
  'mcp-tool-poisoning',
] as const;

export type CheckName = (typeof CHECK_NAME_LIST)[number];

export const CHECK_NAMES: ReadonlySet<string> = new Set<string>(CHECK_NAME_LIST);
