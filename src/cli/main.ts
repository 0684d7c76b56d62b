/**
 * The commander program. Each command lives in its own module, loaded only when
 * it runs, so `agentos --version` stays fast.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { CliExit, fail } from './io.js';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const SEVERITY_CHOICES = ['critical', 'high', 'medium', 'low'];

function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

export function buildProgram(): Command {
  const program = new Command('agentos');
  program
    .description('Governs AI agents: static policy checks of agent source, and the runtime kernel that enforces the same rules.')
    .version(packageVersion(), '-v, --version', 'print the version')
    .showHelpAfterError('(run `agentos --help` for usage)')
    .configureOutput({ outputError: (str, write) => write(str) })
    .exitOverride();

  program
    .command('check')
    .description('check agent source (Python, JS/TS, shell, SQL) against the policy')
    .argument('[paths...]', 'files and directories to check (default: the current directory)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif', 'github', 'junit']).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices([...SEVERITY_CHOICES, 'none']))
    .addOption(new Option('--severity <min>', 'report only findings at or above this severity').choices(SEVERITY_CHOICES).default('low'))
    .option('-c, --config <file>', 'configuration file (default: discovered from the current directory)')
    .option('--rule <id>', 'run only this rule (repeatable, or comma-separated)', collect, [])
    .option('--disable <id>', 'do not run this rule (repeatable, or comma-separated)', collect, [])
    .option('--max-file-size <bytes>', 'skip files larger than this (default 2097152)')
    .option('--no-color', 'disable colors (also NO_COLOR=1)')
    .option('-q, --quiet', 'print one line per finding and the summary')
    .option('--all-contexts', 'list findings in tests, examples, migrations... one by one (text format)')
    .addHelpText(
      'after',
      `
Examples:
  $ agentos check                          check the current project
  $ agentos check src agent.py             check some paths
  $ agentos check --format sarif -o agentos.sarif
  $ agentos check --fail-on high --severity medium
  $ agentos check --rule sql-destructive --rule sql-injection
  $ agentos check --config ci/agentos.yaml --format json | jq .summary

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or configuration error.

Environment:
  NO_COLOR, FORCE_COLOR      colour off / on, whatever the terminal
  AGENTOS_TREE_SITTER        native | wasm | auto (default): the parser for Python and shell`,
    )
    .action(async (paths: string[], opts) => {
      const { runCheckCommand } = await import('./check.js');
      await runCheckCommand(paths, opts);
    });

  const rules = program
    .command('rules')
    .description('list the rules, or show one')
    .option('--format <format>', 'text or json', 'text')
    .addHelpText('after', '\nExamples:\n  $ agentos rules\n  $ agentos rules show sql-destructive\n  $ agentos rules --format json')
    .action(async (opts) => {
      const { listRulesCommand } = await import('./rules.js');
      await listRulesCommand(opts);
    });
  rules
    .command('show')
    .description("print a rule's description, remediation and examples")
    .argument('<id>', 'rule id')
    .addHelpText('after', '\nExample:\n  $ agentos rules show subprocess-shell')
    .action(async (id: string) => {
      const { showRuleCommand } = await import('./rules.js');
      await showRuleCommand(id);
    });

  const audit = program.command('audit').description('inspect a flight recorder file written by the runtime kernel');
  audit
    .command('verify')
    .description('verify the hash chain of a recorder file (exit 0 intact, 1 tampered)')
    .argument('<file>', 'recorder file (JSON lines)')
    .addHelpText('after', '\nExample:\n  $ agentos audit verify audit.jsonl')
    .action(async (file: string) => {
      const { auditVerifyCommand } = await import('./audit.js');
      await auditVerifyCommand(file);
    });
  audit
    .command('show')
    .description('list recorded decisions, with filters')
    .argument('<file>', 'recorder file (JSON lines)')
    .option('--agent <id>', 'only this agent')
    .addOption(new Option('--verdict <verdict>', 'only allowed or denied actions').choices(['allow', 'deny']))
    .option('--rule <id>', 'only decisions by this rule')
    .option('--since <time>', 'only records at or after this ISO time')
    .option('--until <time>', 'only records before this ISO time')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExamples:\n  $ agentos audit show audit.jsonl --verdict deny\n  $ agentos audit show audit.jsonl --agent analyst --since 2026-01-01T00:00:00Z --format json')
    .action(async (file: string, opts) => {
      const { auditShowCommand } = await import('./audit.js');
      await auditShowCommand(file, opts);
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CliExit) {
      process.exitCode = err.code;
      return;
    }
    if (err instanceof CommanderError) {
      // help and version exit 0; usage errors were already printed by commander
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    fail(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 2;
  }
}
