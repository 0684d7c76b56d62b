/**
 * Code contexts: what kind of code a file is (production, a test, an example, a migration...),
 * from its path and a little of its content. Pure: a path and a text in, a context out.
 */
import type { Severity } from '../policy/types.js';

export const CONTEXTS = ['production', 'test', 'example', 'docs', 'migration', 'script', 'eval', 'generated', 'vendored'] as const;
export type CodeContext = (typeof CONTEXTS)[number];

/** What findings in one context get: a severity ceiling (or off) by default and per rule. */
export interface ContextLevel {
  /** `off`: not reported; a severity: reported at most at it; undefined: as the rule says */
  default?: Severity | 'off';
  rules: Record<string, Severity | 'off'>;
}

export interface ContextSettings {
  levels: Record<CodeContext, ContextLevel>;
  /** `paths:` overrides, in the order written: the first matching glob wins */
  paths: { glob: string; context: CodeContext }[];
  /** the top-level folders of a collection of tutorial projects (collection.ts): their production code is `example` */
  collection?: ReadonlySet<string>;
}

/** The defaults DESIGN.md shows: non-production code at most `low`, generated and vendored code skipped. */
export function defaultContextSettings(): ContextSettings {
  return {
    levels: {
      production: { rules: {} },
      test: { default: 'low', rules: {} },
      example: { default: 'low', rules: {} },
      docs: { default: 'low', rules: {} },
      // its own remediation recommends a reviewed migration for destructive SQL
      migration: { default: 'low', rules: { 'sql-destructive': 'off' } },
      script: { rules: {} },
      eval: { default: 'low', rules: {} },
      generated: { default: 'off', rules: {} },
      vendored: { default: 'off', rules: {} },
    },
    paths: [],
  };
}

const VENDORED_DIRS = new Set(['vendor', 'vendored', '_vendor', 'third_party', 'third-party', 'thirdparty', 'site-packages', 'bower_components']);
/** (`mock/`, `mocks/`: test doubles, a mock server standing in for a provider during development and tests) */
const TEST_DIRS = new Set(['test', 'tests', '__tests__', '__mocks__', 'mock', 'mocks', 'testing', 'spec', 'specs', 'e2e', 'fixtures', '__fixtures__', 'testdata']);
/** a directory named for a kind of tests or for testing something: `integration-tests`, `unit_tests`, `tests-e2e`, `langbot-testing` */
const KIND_OF_TESTS_DIR = /^(?:[a-z0-9]+[-_]test(?:s|ing)|tests[-_][a-z0-9]+)$/;
/**
 * a package or folder of helpers for tests (`test-utils`, `test_helpers`, `test-support`), of servers stood up for them
 * (`test-servers`: an OAuth or MCP server an inspector is tried against) or of hand testing (`manual-testing-sandbox`)
 */
const TEST_HELPERS_DIR = /^(?:test|testing)[-_]?(?:utils?|utilities|helpers?|support|kit|servers?)$|^(?:manual|integration|e2e)[-_]testing(?:[-_][a-z0-9]+)?$/;
const EVAL_DIRS = new Set(['eval', 'evals', 'evaluation', 'evaluations', 'benchmark', 'benchmarks', 'bench']);
/** a directory named for a kind of evaluation: `auto_eval`, `human-evals`, `eval_harness`, `benchmarks-v2` */
const KIND_OF_EVAL_DIR = /^(?:[a-z0-9]+[-_](?:evals?|evaluations?|benchmarks?)|(?:evals?|evaluations?|benchmarks?)[-_][a-z0-9]+)$/;
/** (`spikes/`: throwaway prototypes that try an idea before it is built for real; `showcase/`: demo apps of a library's integrations) */
const EXAMPLE_DIRS = new Set(['example', 'examples', 'samples', 'sample', 'demo', 'demos', 'cookbook', 'cookbooks', 'playground', 'quickstart', 'quickstarts', 'tutorials', 'tutorial', 'spikes', 'spike', 'showcase', 'showcases', 'sample-app', 'sample_app', 'sample-apps', 'sample_apps', 'example-app', 'example_app', 'example-apps', 'example_apps', 'demo-app', 'demo_app', 'demo-apps', 'demo_apps']);
/** a folder of use cases the community sent in (`community_usecase`; not `usecases/`, a layer of an application), or a file named as an example (`config.example.json`, `settings.sample.yaml`, `mcp_config_example.json`) */
const USE_CASES_DIR = /^community[-_]?use[-_]?cases?$/;
/**
 * a folder named for a demo, an example or a tutorial of something (`computer_use_demo`, `rag_examples`, `strands-agents-demo`,
 * `rag_tutorials`, `google_adk_crash_course`), or a demo server or project (`demoserver`, `example_agent`)
 */
const KIND_OF_EXAMPLE_DIR = /^[a-z0-9]+(?:[-_][a-z0-9]+)*[-_](?:demos?|examples?|samples?|tutorials?|crash[-_]course)$|^(?:demo|example|sample)s?[-_]?(?:servers?|projects?|agents?|clients?|apps?)$/;
/** Storybook stories (`Button.stories.tsx`): a component shown with sample data, for the component's catalogue and its visual tests. */
const STORY_FILE = /\.stories\.[cm]?[jt]sx?$|\.story\.[cm]?[jt]sx?$/i;
const EXAMPLE_FILE = /[._-](?:examples?|samples?|demo)\.(?:json|jsonc|ya?ml|toml|ini|env)$|^(?:[\w.-]*\.)?env(?:\.[\w-]+)?\.(?:example|sample|template|dist)$|^(?:example|sample)\.env$/i;
const TEMPLATE_DIRS = new Set(['templates', 'template', 'scaffold', 'scaffolds', 'boilerplate', 'boilerplates', 'starter', 'starters']);
const CONFIG_FILE = /\.(?:json|jsonc|ya?ml|toml|ini|env)$|^\.env(?:\.|$)|^Dockerfile/i;
const DOCS_DIRS = new Set(['docs', 'doc', 'documentation', 'docs_src', 'website', 'docs-site', 'docs_site']);
// not `tools/`: that is where agent tools live; a dev container and release tooling set up the developer's machine
/** (an `installers/` folder holds the scripts that install the project on a user's machine: `sudo apt`, `curl … | sh` of a toolchain are what they are for) */
/** (`.claude/` holds a coding assistant's hooks and commands for the developers of the project: their machine's set-up) */
const SCRIPT_DIRS = new Set(['scripts', 'script', '.github', 'hack', '.devcontainer', 'devtools', 'dev-tools', 'dev_tools', 'installers', 'installer', '.claude']);
/**
 * Folders at the top of a repository holding how it is deployed (`deploy/sync_readme.js`, `deploy/docker/searxng/settings.yml`):
 * release and deployment tooling, run by its maintainers (a `deploy` folder deeper in, `cli/commands/deploy/`, is the
 * program's own code: a deploy command)
 */
const DEPLOY_DIRS = new Set(['deploy', 'deployment', 'deployments']);
/** Folders of a hosted CI service's jobs: the scripts there run on a runner machine made for one job and thrown away. */
const CI_DIRS = new Set(['.github', '.gitlab', '.circleci', '.buildkite']);

/** The file is a script of a CI job (`.github/scripts/setup.sh`, `.gitlab/ci/install.sh`). */
export function isCiRunnerScript(file: string): boolean {
  return file.split(/[\\/]/).slice(0, -1).some((d) => CI_DIRS.has(d));
}
/**
 * A container's start-up script (it runs inside the image it ships with), a set-up or install script (`setup.sh`,
 * `dev-setup.sh`, `uv_setup.sh`, `install-deps.sh`; not in `tools/`, where an agent's tools live), and build files at
 * the top of a project.
 */
const SCRIPT_FILE = /^(?:(?:docker-)?entrypoint(?:[-_][\w-]+)?\.sh|[\w-]+-entrypoint\.sh)$/i;
const SETUP_SCRIPT = /^(?:[a-z0-9]+[-_])?(?:setup|install)(?:[-_][\w-]+)?\.sh$/i;
const TOP_BUILD_FILE = /^(?:setup|build|build_[\w]+|noxfile|fabfile)\.py$/i;
/** A machine's or image's provisioning or deployment script (`provision.sh`, `provision-vm.sh`, `redeploy.sh`), or any shell script in a `setup/` or `provisioning/` folder: it configures the system it runs on (as root, writing `/etc` is its job). */
const MACHINE_SCRIPT = /^(?:provision(?:ing)?|(?:re)?deploy)(?:[-_][\w-]+)?\.sh$/i;
const PROVISION_DIRS = new Set(['setup', 'provision', 'provisioning']);
/** A `setup.py` that builds a package (it imports setuptools or distutils), at any depth: a monorepo's packages each have one. */
const SETUPTOOLS_IMPORT = /^\s*(?:from|import)\s+(?:setuptools|distutils)\b/m;
/** A project's developer set-up script in a `bin/` folder (Rails' `bin/setup`, `bin/bootstrap.sh`): it prepares a checkout for work. */
const BIN_SETUP_FILE = /^(?:setup|bootstrap|dev[-_]?setup)(?:\.sh)?$/i;
/** (`drizzle`: Drizzle Kit's default output folder, `drizzle/0002_dear_night_thrasher.sql` beside `drizzle/meta/`) */
const MIGRATION_DIRS = new Set(['migrations', 'migration', 'migrate', 'alembic', 'drizzle']);
const SCHEMA_SCRIPT = /^(?:init|initdb|init[-_]db|schema|setup|bootstrap|create|seed|seeds)(?:[-_.][\w-]+)?\.sql$/i;
const INIT_DB_DIRS = new Set(['docker-entrypoint-initdb.d', 'initdb', 'initdb.d', 'init-db', 'init_db']);
/** a folder for one upgrade step: `v1_to_v2`, `0.4-to-0.5`, `v2` */
const VERSION_STEP_DIR = /^v?\d+(?:[._]\d+)*(?:[-_]to[-_]v?\d+(?:[._]\d+)*)?$/;

/** pytest, vitest/jest/mocha, go-style file names */
const TEST_FILE = /^(?:test_.*\.py|.*_test\.py|conftest\.py|.*\.(?:test|spec|vitest|jest)(?:-d)?\.[cm]?[jt]sx?|.*[._-]test\.[cm]?[jt]sx?|test\.[cm]?[jt]s|.*_test\.(?:go|sh)|test_.*\.sh)$/i;
const GENERATED_FILE = /(?:_pb2(?:_grpc)?\.pyi?|\.pb\.[jt]s|\.generated\.[cm]?[jt]sx?|\.gen\.[cm]?[jt]s|\.min\.js|-bundle\.js|\.bundle\.js)$/i;
/** A web framework's build output folder, committed with the app that serves it (Next.js' `_next/static/chunks`, Nuxt's `.nuxt`). */
const BUILD_OUTPUT_DIRS = new Set(['_next', '.next', '.nuxt', '.svelte-kit']);
/**
 * A bundler's output file, named with a content hash before `.js`: lowercase hexadecimal of 8 to
 * 20 characters (`5880.26da9676624c2c0f.js` from webpack, `workbox-f1770938.js`) or esbuild's 8
 * capitals and digits (`main-JAAWEV7F.js`), with at least one digit and one letter either way.
 * TypeScript is never such output; `file-uploader.js`, `utils-v2.js` have no such segment.
 */
const HASHED_BUNDLE = /[.-](?:(?=[a-f]*\d)(?=\d*[a-f])[0-9a-f]{8,20}|(?=[A-Z]*\d)(?=\d*[A-Z])[0-9A-Z]{8})\.[cm]?js$/;
/**
 * Vite's and Rollup's output in its assets folder, `[name]-[hash].js` with an 8-character base64url hash holding a
 * digit and a capital (`html-B4dTfUY8.js`, `index-DnTpCebm.js` is left out: no digit, so a word may look like it).
 */
const ROLLUP_ASSET = /-(?=[A-Za-z_-]*\d)(?=[a-z0-9_-]*[A-Z])[A-Za-z0-9_-]{8}\.[cm]?js$/;
const ASSET_DIRS = new Set(['assets', 'dist', 'build', 'static']);
/** Folders a web app serves as they are. */
const SERVED_DIRS = new Set(['public', 'static']);
const PLAIN_JS = /\.[cm]?js$/i;
/** Minified JavaScript: a long file whose lines average a thousand characters or more (no hand-written file in the corpora this was measured on comes near). */
function isMinified(text: string): boolean {
  if (text.length < 10_000) return false;
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1 && lines * 1000 <= text.length; i = text.indexOf('\n', i + 1)) lines++;
  return lines * 1000 <= text.length;
}

/** The banner webpack and terser write at the top of a bundle whose licences they moved out (`/*! For license information please see redoc.standalone.js.LICENSE.txt *\/`). */
const BUNDLE_BANNER = /^\s*\/\*! For license information please see [\w.@-]+\.LICENSE\.txt \*\//;

/** The comment esbuild and Bun write before each module they inline into a bundle: `// node_modules/cross-spawn/index.js`. */
const BUNDLED_MODULE = /^\/\/ (?:\.\.\/)*node_modules\/\S+$/gm;

/** A bundler's output: two or more inlined modules of `node_modules` (one such comment may be a hand-written note). */
function bundledModules(text: string): boolean {
  BUNDLED_MODULE.lastIndex = 0;
  return BUNDLED_MODULE.test(text) && BUNDLED_MODULE.test(text);
}

/** Generated-code markers in a comment, looked for near the top of the file only. */
const GENERATED_HEADER = /^[ \t]*(?:#|\/\/|\/\*+|\*|--)[^\n]*(?:@generated\b|\bDO NOT EDIT\b|\bauto-?generated\b|\b(?:code )?generated (?:by|from|with)\b)/im;

/**
 * A file that says in its first lines that it is another project's file, with where it comes from
 * (`// Original source: https://github.com/whitlockjc/json-refs/blob/master/dist/json-refs-min.js`):
 * vendored code, as in a `vendor/` folder. (`adapted from` is not: that code was changed into the project's own.)
 */
const VENDORED_HEADER = /^[ \t]*(?:#|\/\/|\/\*+|\*)[ \t]*(?:original source|vendored from|copied(?: verbatim)? from)\b[ \t:]*https?:\/\/\S+/im;

/**
 * The banner a JavaScript library's distribution opens with, naming it with its version and licence (jQuery's
 * `/*! jQuery JavaScript Library v1.12.4` … `Released under the MIT license`, Modernizr's `Modernizr 2.8.1 (Custom
 * Build) | MIT & BSD`): a copy of that library, vendored, wherever it is kept. Only the first comment, at the very top,
 * is read.
 */
function libraryBanner(text: string): boolean {
  const first = /^\uFEFF?\s*\/\*[\s\S]{0,600}?\*\//.exec(text.slice(0, 800))?.[0];
  return !!first && LIBRARY_VERSION.test(first) && LICENCE_WORD.test(first);
}

/** A library's name and version at the start of a banner line (`jQuery JavaScript Library v1.12.4`, `Modernizr 2.8.1`). */
const LIBRARY_VERSION = /^[\s*!\/]*[A-Za-z][\w.\- ]{0,60}?\s+v?\d+\.\d+(?:\.\d+)?\b/m;
const LICENCE_WORD = /\b(?:MIT|BSD|Apache|GPL|MPL|licen[cs]ed?)\b|\(c\)|©|\bcopyright\b/i;

/** Migration frameworks, by what the file imports or exports. */
const MIGRATION_CONTENT = [
  /^\s*from alembic import\b/m, // Alembic revision
  /^\s*from django\.db import\b.*\bmigrations\b/m, // Django migration
  /\bclass Migration\(migrations\.Migration\)/,
  /\bexports\.up\s*=\s*(?:async\s*)?(?:function\s*)?\(\s*knex\b/, // Knex
  /\bexport\s+(?:async\s+)?function\s+up\s*\(\s*knex\b/,
  /\bimplements\s+MigrationInterface\b/, // TypeORM
];

/** The context a path names by its directories and file name alone, undefined for production. */
function contextOfPath(rel: string): CodeContext | undefined {
  const parts = rel.split('/').filter((p) => p && p !== '.' && p !== '..');
  const base = parts[parts.length - 1] ?? '';
  const dirs = parts.slice(0, -1).map((d) => d.toLowerCase());
  if (dirs.some((d) => VENDORED_DIRS.has(d))) return 'vendored';
  // a library's distribution copied into the folder a web app serves as it is (`public/vditor/dist/js/…/sre_browser.js`)
  const served = dirs.findIndex((d) => SERVED_DIRS.has(d));
  if (served >= 0 && PLAIN_JS.test(base) && dirs.indexOf('dist', served + 1) > served) return 'vendored';
  // a scoped npm package's published build committed with the project (`package/@stackframe/react/dist/esm/…`)
  const scope = dirs.findIndex((d) => /^@[a-z0-9][\w.-]*$/.test(d));
  if (scope >= 0 && PLAIN_JS.test(base) && dirs.indexOf('dist', scope + 2) >= scope + 2) return 'vendored';
  if (GENERATED_FILE.test(base) || dirs.some((d) => BUILD_OUTPUT_DIRS.has(d)) || HASHED_BUNDLE.test(base)) return 'generated';
  if (ROLLUP_ASSET.test(base) && dirs.some((d) => ASSET_DIRS.has(d))) return 'generated';
  // a migration folder holds numbered or dated revisions (`0001_initial.py`, `20240101_init/migration.sql`,
  // Alembic's `versions/`); a framework's own `migrations` package (Django's executor, autodetector) is code
  // (or an upgrade between two versions: `migrations/v1_to_v2/migrate_tables.py`)
  const revision = /^\d/.test(base) || /\.sql$/i.test(base) || dirs.includes('versions') || /^\d/.test(parts[parts.length - 2] ?? '') || VERSION_STEP_DIR.test(dirs[dirs.length - 1] ?? '');
  if (revision && (dirs.some((d) => MIGRATION_DIRS.has(d)) || (dirs.includes('db') && dirs.includes('migrate')))) return 'migration';
  // a database's set-up script (`init.sql`, `schema.sql`, a `docker-entrypoint-initdb.d/` folder): it makes the schema
  // of a new database, as a first migration does, so dropping what it replaces is what it is for
  if (SCHEMA_SCRIPT.test(base) || (/\.sql$/i.test(base) && dirs.some((d) => INIT_DB_DIRS.has(d)))) return 'migration';
  if (TEST_FILE.test(base) || dirs.some((d) => TEST_DIRS.has(d) || KIND_OF_TESTS_DIR.test(d) || TEST_HELPERS_DIR.test(d))) return 'test';
  if (dirs.some((d) => EVAL_DIRS.has(d) || KIND_OF_EVAL_DIR.test(d))) return 'eval';
  if (dirs.some((d) => EXAMPLE_DIRS.has(d) || USE_CASES_DIR.test(d) || KIND_OF_EXAMPLE_DIR.test(d)) || EXAMPLE_FILE.test(base) || STORY_FILE.test(base)) return 'example';
  // a configuration file in a folder of templates is a scaffold users copy and adapt (code there may be a program's own)
  if (CONFIG_FILE.test(base) && dirs.some((d) => TEMPLATE_DIRS.has(d))) return 'example';
  if (dirs.some((d) => DOCS_DIRS.has(d))) return 'docs';
  // (a shell script in a `docker/` folder sets up or starts the image it is copied into)
  if (dirs.some((d) => SCRIPT_DIRS.has(d)) || DEPLOY_DIRS.has(dirs[0] ?? '') || (dirs.includes('docker') && base.endsWith('.sh')) || SCRIPT_FILE.test(base) || (SETUP_SCRIPT.test(base) && !dirs.includes('tools')) || (!dirs.length && TOP_BUILD_FILE.test(base)) || (dirs[dirs.length - 1] === 'bin' && BIN_SETUP_FILE.test(base)) || (base.endsWith('.sh') && (MACHINE_SCRIPT.test(base) || dirs.some((d) => PROVISION_DIRS.has(d))))) return 'script';
  return undefined;
}

/**
 * A file whose opening docstring or comment calls it a test harness (`"""Local headless test harness for ...`), after a
 * shebang line if any: the code that stands a program up to run its tests, wherever it is kept.
 */
const HARNESS_DOC = /^(?:#![^\n]*\n)?\s*(?:[rRuU]?"""|[rRuU]?'''|\/\*\*?|\/\/|#)[^\n]*\b(?:test|testing|e2e|end-to-end) harness\b/i;

/**
 * The context of a file: `rel` is its path relative to the project (forward slashes),
 * `text` its content (only the head is read for generated markers; imports for migrations).
 */
export function classifyContext(rel: string, text = ''): CodeContext {
  const byPath = contextOfPath(rel);
  if (byPath === 'vendored' || byPath === 'generated') return byPath;
  if (GENERATED_HEADER.test(text.slice(0, 1000)) || (PLAIN_JS.test(rel) && (isMinified(text) || BUNDLE_BANNER.test(text.slice(0, 300)) || bundledModules(text)))) return 'generated';
  if (VENDORED_HEADER.test(text.slice(0, 300)) || (PLAIN_JS.test(rel) && libraryBanner(text))) return 'vendored';
  if (byPath) return byPath;
  const head = text.slice(0, 4000);
  if (MIGRATION_CONTENT.some((re) => re.test(head))) return 'migration';
  if (/(?:^|\/)setup\.py$/.test(rel) && SETUPTOOLS_IMPORT.test(head)) return 'script';
  if (HARNESS_DOC.test(head)) return 'test';
  return 'production';
}

export interface ContextVerdict {
  /** `off`: drop the finding */
  severity: Severity | 'off';
  /** counts toward the exit code */
  gating: boolean;
}

const RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

/**
 * What a finding of `ruleId` at `severity` becomes in `context`. Non-production code never
 * fails the gate; a configured ceiling lowers the severity; `off` drops it.
 */
export function applyContext(settings: ContextSettings, context: CodeContext, ruleId: string, severity: Severity): ContextVerdict {
  const level = settings.levels[context];
  const ceiling = level.rules[ruleId] ?? level.default;
  const gating = context === 'production';
  if (ceiling === 'off') return { severity: 'off', gating };
  if (ceiling && RANK[ceiling] < RANK[severity]) return { severity: ceiling, gating };
  return { severity, gating };
}

/** Whether a context turns every rule off, so its files need not be analyzed at all. */
export function contextSkipped(settings: ContextSettings, context: CodeContext): boolean {
  const level = settings.levels[context];
  return level.default === 'off' && Object.values(level.rules).every((v) => v === 'off');
}
