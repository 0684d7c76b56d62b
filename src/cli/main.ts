/**
 * The commander program. Each command lives in its own module, loaded only when
 * it runs, so `agentos --version` stays fast.
 */
import { Command, CommanderError, Option } from 'commander';
import { CliExit, fail } from './io.js';
import { packageVersion } from './version.js';
import { markPhase } from '../analysis/phase-times.js';

export { packageVersion };

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
    .description('check agent source (Python, JS/TS, shell, SQL) and configuration (MCP clients, JSON, YAML, TOML, .env, Dockerfiles) against the policy')
    .argument('[paths...]', 'files and directories to check (default: the current directory)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif', 'github', 'junit']).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout (default: stdout)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity (default: low; none with `policy: audit`)').choices([...SEVERITY_CHOICES, 'none']))
    .addOption(new Option('--severity <min>', 'report only findings at or above this severity').choices(SEVERITY_CHOICES).default('low'))
    .option('-c, --config <file>', 'configuration file (default: discovered from the current directory)')
    .addOption(new Option('--rule <id>', 'run only this rule (repeatable, or comma-separated)').argParser(collect).default([], 'the rules of the policy'))
    .addOption(new Option('--disable <id>', 'do not run this rule (repeatable, or comma-separated)').argParser(collect).default([], 'none'))
    .option('--max-file-size <bytes>', 'skip files larger than this (default: 2097152)')
    .option('--staged', 'check what the next commit contains: the staged version of staged files (default: off)')
    .option('--diff-base <ref>', 'report only findings on lines changed since the merge base with <ref> (default: off)')
    .option('--baseline <file>', 'report only findings not recorded in this baseline (default: `baseline:` in the config, else .agentos-baseline.json when present)')
    .option('--no-baseline', 'ignore any baseline file')
    .option('--report-unused-suppressions', 'report agentos-ignore comments that silence nothing (default: on with --staged or CI=true)')
    .option('--no-report-unused-suppressions', 'do not report them')
    .option('--allow-unanalyzed', 'do not fail the gate (--staged, --diff-base, CI=true) on files that could not be analyzed (default: off)')
    .option('--no-color', 'disable colors (also NO_COLOR=1) (default: colour on a terminal)')
    .option('-q, --quiet', 'print one line per finding and the summary (default: off)')
    .option('--all-contexts', 'list findings in tests, examples, migrations... one by one (text format) (default: off)')
    .option('--cache-location <dir>', 'keep the result cache in this directory (default: node_modules/.cache/agentos of the project, else under the system temporary directory)')
    .option('--no-cache', 'neither read nor write the result cache (default: the cache is used)')
    .option('-j, --jobs <n>', 'threads for the analysis (default: the cores, with 4 or more cores and 4 MiB of source or more; else 1)')
    .option('--shard <i/n>', 'check only shard i of n (1-based) of the files, for `agentos merge` (default: all files)')
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
  $ agentos check --staged                 what the next commit contains (the pre-commit hook)
  $ agentos check --diff-base origin/main  only what a pull request adds (the CI gate)

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it (or, in a gate, a file that
could not be analyzed), 2 usage, configuration or git error (not a git repository, unknown ref).

Environment:
  NO_COLOR, FORCE_COLOR      colour off / on, whatever the terminal
  AGENTOS_TREE_SITTER        native | wasm | auto (default): tree-sitter's back end, for shell and Python
  AGENTOS_PY_PARSER          agentos (default) | tree-sitter: the parser for Python (agentos hands
                             tree-sitter the files it declines, syntax errors among them)
  AGENTOS_JS_PARSER          oxc (default) | oxc-wasm | typescript-estree: the parser for JavaScript and TypeScript
  AGENTOS_CODE_CACHE=0       no cache of compiled dependencies and parsed rules
  AGENTOS_WORKER_HEAP_MB     heap limit of each --jobs worker thread, in MiB (default: Node's)
  AGENTOS_PHASE_TIMES=1      print each phase's end (wall and CPU milliseconds since the start) on stderr

Result cache: each file's result is kept under the hash of its text, the text of the files that
reach it across modules, the version and built code, the rules and the configuration; a re-run
checks only what changed. --no-cache turns it off, --cache-location moves it.`,
    )
    .action(async (paths: string[], opts) => {
      const { runCheckCommand } = await import('./check.js');
      await runCheckCommand(paths, opts);
    });

  program
    .command('review')
    .description('cross-model verification: the code and its static findings go to several LLMs; what enough of them agree on is reported')
    .argument('[paths...]', 'files and directories to review (default: the current directory)')
    .option('--cmvk', 'cross-model verification (required)')
    .option('--models <list>', 'provider:model, comma-separated or repeated (default: review.models)', (v: string, prev?: string[]) => collect(v, prev ?? []))
    .option('--threshold <share>', 'share of the answering models that must agree (default: review.threshold, 0.5)')
    .option('--min-models <n>', 'quorum: fewer answering models is exit 2 (default: 2 when two or more models are asked, else 1)')
    .option('--timeout <seconds>', 'per model request (default: review.timeoutSeconds, 120)')
    .option('--concurrency <n>', 'requests under way at once (default: 8)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a consensus finding is at or above this severity (default low)').choices([...SEVERITY_CHOICES, 'none']))
    .option('--dry-run', 'print what would be sent to each model, redacted, with estimated input tokens; no network')
    .option('--no-cache', 'ask the models even when an identical request was answered before')
    .option('--staged', 'review the staged changes (with their enclosing functions and imports)')
    .option('--diff-base <ref>', 'review the lines changed since the merge base with <ref> (as check --diff-base)')
    .option('-c, --config <file>', 'configuration file (default: discovered from the current directory)')
    .addHelpText(
      'after',
      `
Examples:
  $ agentos review --cmvk --models openai:gpt-4o-mini,anthropic:claude-sonnet-4-5 src/
  $ agentos review --cmvk --staged --format json
  $ agentos review --cmvk --dry-run agent.py

Exit codes: 0 no consensus finding at or above --fail-on, 1 some, 2 usage, configuration,
missing API key, or fewer models answered than the quorum.

Environment:
  OPENAI_API_KEY, OPENAI_BASE_URL, ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL   as for the official SDKs`,
    )
    .action(async (paths: string[], opts) => {
      const { runReviewCommand } = await import('./review.js');
      await runReviewCommand(paths, opts);
    });

  program
    .command('merge')
    .description('join the JSON reports of `check --shard i/n` into one report')
    .argument('<reports...>', 'the JSON reports of all n shards')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif', 'github', 'junit']).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout (default: stdout)')
    .addOption(new Option('--fail-on <severity>', "exit 1 when a finding is at or above this severity (default: the shards' --fail-on)").choices([...SEVERITY_CHOICES, 'none']))
    .option('--no-color', 'disable colors (also NO_COLOR=1) (default: colour on a terminal)')
    .option('-q, --quiet', 'print one line per finding and the summary (default: off)')
    .option('--all-contexts', 'list findings in tests, examples, migrations... one by one (text format) (default: off)')
    .addHelpText('after', '\nExamples:\n  $ agentos check --shard 1/2 --format json -o shard-1.json   (on one machine)\n  $ agentos check --shard 2/2 --format json -o shard-2.json   (on another)\n  $ agentos merge shard-*.json --format sarif -o agentos.sarif\n\nExit codes: as check: 0 nothing at or above --fail-on, 1 findings at or above it (or a file the gate\ncounts as not analyzed), 2 a report that is missing, not a shard report, or from another run.')
    .action(async (files: string[], opts) => {
      const { runMergeCommand } = await import('./merge.js');
      await runMergeCommand(files, opts);
    });

  program
    .command('baseline')
    .description("record today's findings, so that check reports only new ones")
    .argument('[paths...]', 'files and directories to check (default: the current directory)')
    .option('-o, --output <file>', 'the baseline file (default: `baseline:` in the config, else .agentos-baseline.json beside it)')
    .option('-c, --config <file>', 'configuration file (default: discovered from the current directory)')
    .option('--prune', 'only remove entries that no longer occur; record nothing new (default: off)')
    .option('--max-file-size <bytes>', 'skip files larger than this (default: 2097152)')
    .addHelpText('after', '\nExamples:\n  $ agentos baseline                       record every finding of the project\n  $ agentos baseline --prune               drop entries for findings that are gone\n  $ agentos check                          now reports only findings not in the baseline')
    .action(async (paths: string[], opts) => {
      const { runBaselineCommand } = await import('./baseline.js');
      await runBaselineCommand(paths, opts);
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

  registerWorkflowCommands(program);
  return program;
}

/** install-hooks, uninstall-hooks, init: setting agentos up in a project's workflow. */
function registerWorkflowCommands(program: Command): void {
  program
    .command('install-hooks')
    .description('install a pre-commit hook that runs `agentos check --staged` (chains an existing hook)')
    .addOption(new Option('--manager <name>', 'where the hook goes: a git hook, or the husky / lefthook / pre-commit framework configuration').choices(['auto', 'git', 'husky', 'lefthook', 'pre-commit']).default('auto'))
    .option('--force', 'replace a pre-commit hook that cannot be chained (a binary, a symbolic link; it is kept as a backup), or install into a core.hooksPath outside the repository', false)
    .option('--bin <path>', 'the agentos program the hook runs when node_modules/.bin has none (default: this installation)')
    .option('--print', 'for lefthook: print the entry instead of writing it', false)
    .addHelpText('after', '\nExamples:\n  $ agentos install-hooks\n  $ agentos install-hooks --manager lefthook --print\n  $ agentos uninstall-hooks')
    .action(async (opts) => {
      const { installHooksCommand } = await import('./hooks.js');
      await installHooksCommand(opts);
    });
  program
    .command('init')
    .description('detect languages and agent frameworks, write agentos.config.yaml, and optionally a hook, CI and a baseline')
    .option('-y, --yes', 'ask nothing (the default when not on a terminal)', false)
    .option('--force', 'replace files that exist (each is kept as <file>.bak first)', false)
    .option('--hooks', 'install the pre-commit hook (as `agentos install-hooks`)', false)
    .addOption(new Option('--ci <provider>', 'write a CI job that gates pull requests on new findings').choices(['github', 'gitlab']))
    .option('--baseline', 'record today\'s findings in .agentos-baseline.json so the first commit passes', false)
    .addHelpText('after', '\nExamples:\n  $ agentos init\n  $ agentos init --yes --hooks --ci github --baseline')
    .action(async (opts) => {
      const { initCommand } = await import('./init.js');
      await initCommand(opts);
    });
  program
    .command('uninstall-hooks')
    .description('remove the agentos pre-commit hook and put back the hook that was there before')
    .action(async () => {
      const { uninstallHooksCommand } = await import('./hooks.js');
      await uninstallHooksCommand();
    });
}

export async function main(argv: string[]): Promise<void> {
  markPhase('CLI loaded');
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
