/** hardcoded-secret: credentials written into source. */
import { ascendingRun, classifySecretAssignment, findSecrets, isProviderKeyFormat, isSecretName, looksLikeSecretValue } from '../../policy/secrets.js';
import type { StringFact } from '../facts.js';
import { isLoopbackHost } from '../../policy/urls.js';
import { nameWords } from '../../policy/words.js';
import type { Check, CheckContext, Verdict } from './types.js';

/** Names of strings that hold documentation, not configuration. */
const DOC_NAME = /^(?:examples?|documentation|docs?|return|usage|help|readme|samples?|__doc__)$/i;

/**
 * The default of an environment lookup is a value bound to the variable's name:
 * `os.environ.get("K", "...")`, `os.getenv("K", default="...")`, `os.environ.setdefault("K", "...")`,
 * `os.getenv("K") or "..."`, `process.env.K ?? "..."`, `process.env["K"] || "..."`.
 */
const ENV_DEFAULT = [
  /(?:environ\.get|getenv|environ\.setdefault|environ\.pop)\(\s*['"]([A-Za-z_]\w*)['"]\s*,\s*(?:default\s*=\s*)?[rRbBuU]?$/,
  /(?:environ\.get|getenv)\(\s*['"]([A-Za-z_]\w*)['"]\s*\)\s*or\s*[rRbBuU]?$/,
  /(?:process|import\.meta|Bun)\.env(?:\.([A-Za-z_]\w*)|\[\s*['"]([A-Za-z_]\w*)['"]\s*\])\s*(?:\?\?|\|\|)\s*$/,
];

function envDefaultName(ctx: CheckContext, s: StringFact): string | undefined {
  if (s.range.column < 12) return undefined;
  const before = ctx.text({ line: s.range.line, column: 1, endLine: s.range.line, endColumn: s.range.column });
  if (!before.includes('env')) return undefined;
  for (const re of ENV_DEFAULT) {
    const m = re.exec(before);
    if (m) return m[1] ?? m[2];
  }
  return undefined;
}

/**
 * Folders of an interface's translations (`locales/da/common.js`, `i18n/`, `translations/`): their values are the words
 * a screen shows in each language (`instancePassword: "Instansadgangskode"`), so a name that sounds like a credential says
 * nothing there; a key of a provider's own format is still a key wherever it is written.
 */
const TRANSLATION_DIRS = new Set(['locales', 'locale', 'i18n', 'l10n', 'translations']);

function translationTable(file: string): boolean {
  return file.split(/[\\/]/).slice(0, -1).some((d) => TRANSLATION_DIRS.has(d.toLowerCase()));
}

/** A Docker Compose file (`docker-compose.yml`, `compose.dev.yaml`, `docker-compose-neo4j.yml`). */
const COMPOSE_FILE = /(?:^|\/)(?:docker-)?compose(?:[-.][\w.-]+)?\.ya?ml$/i;

/**
 * A deployment's default settings: the `.env` file a Compose set-up in a `docker/` or `deploy/` folder reads
 * (`docker/.env`), a Helm chart's values (`helm/values.yaml`, `charts/app/values-dev.yaml`).
 */
const DEPLOYMENT_DEFAULTS = /(?:^|\/)(?:docker|deploy(?:ment)?s?)\/(?:[\w.-]+\/)?\.env(?:\.[\w-]+)?$|(?:^|\/)(?:helm|charts?)\/(?:[\w.-]+\/)*values[\w.-]*\.ya?ml$/i;

/**
 * Words of a name that say its value identifies something public: a token's mint or contract address, an id, a digest
 * (`"mint": "F9Tg…pump"` beside `"dexscreener_token": "F9Tg…pump"` in one record).
 */
const IDENTIFIER_WORDS = new Set(['mint', 'address', 'addr', 'contract', 'id', 'uuid', 'guid', 'hash', 'sha', 'digest', 'slug', 'pubkey']);

/**
 * The values of the file bound to a name `IDENTIFIER_WORDS` says identifies something, and that says nothing of a
 * credential (`HASH_TEST_USER_PASSWORD` and `idToken` name secrets, whatever else they say).
 */
function identifierValues(strings: readonly { name?: string; value: string }[]): Set<string> {
  const out = new Set<string>();
  for (const s of strings) if (s.name && !isSecretName(s.name) && nameWords(s.name).some((w) => IDENTIFIER_WORDS.has(w.toLowerCase()))) out.add(s.value);
  return out;
}

export const secret: Check = {
  kind: 'file',
  run(ctx) {
    const out: Verdict[] = [];
    let identifiers: Set<string> | undefined;
    const translations = translationTable(ctx.facts.file);
    const compose = COMPOSE_FILE.test(ctx.facts.file);
    const defaults = !compose && DEPLOYMENT_DEFAULTS.test(ctx.facts.file);
    for (const s of ctx.facts.strings) {
      // module documentation (Ansible's DOCUMENTATION/EXAMPLES, usage texts) shows sample values
      if (s.name && DOC_NAME.test(s.name)) continue;
      // only a value that could be a credential is worth the look at the text before it
      const name = (s.name === undefined || s.name === 'default') && s.value.length >= 8 && !/\s/.test(s.value) && looksLikeSecretValue(s.value) ? (envDefaultName(ctx, s) ?? s.name) : s.name;
      const match = (name && !translations ? classifySecretAssignment(name, s.value) : undefined) ?? findSecrets(s.value)[0];
      if (!match) continue;
      // a value the file also names an address or an id (a crypto token's mint, under `dexscreener_token` too): public,
      // no credential (a key of a provider's own format is one whatever else it is called)
      if (match.kind === 'generic-assignment' && (identifiers ??= identifierValues(ctx.facts.strings)).has(s.value)) continue;
      // documentation samples (`xoxb-1234-56789abcdefghijklmnop`) are not leaks; the kernel still redacts them
      if (ascendingRun(s.value.slice(match.start, match.end), 8)) continue;
      const what = match.kind.replace(/-/g, ' ');
      // a password a Compose file gives the containers it starts (`NEO4J_AUTH=neo4j/password`, `mysql://root:pw@db`):
      // a local set-up's own, in every judged case; a provider's key is a key wherever it is written
      // (a deployment's defaults: the same passwords in the settings a Compose set-up or a Helm chart deploys with)
      const where = compose
        ? `in a Compose file, most often the password of a service it runs itself (a local set-up), so it is graded low; load it from an \`.env\` file if the file is used beyond a developer's machine`
        : defaults
          ? `in a deployment's default settings (a Compose set-up's \`.env\`, a Helm chart's values), most often the password of a service the deployment runs itself, so it is graded low; make sure every deployment sets its own`
          : undefined;
      // (a database URL for this machine, `postgresql://postgres:123456@127.0.0.1:5432/postgres`: a local set-up's default)
      const local = !where && match.kind === 'url-credentials' && match.host !== undefined && isLoopbackHost(match.host)
        ? `for a service on the machine the program runs on (\`${match.host}\`), most often a local set-up's default, so it is graded low; load it from the environment if it is used beyond a developer's machine`
        : undefined;
      if ((where ?? local) && !isProviderKeyFormat(match.kind)) {
        out.push({ message: `${name ? `\`${name}\` holds` : 'String holds'} a hard-coded credential (${what}) ${where ?? local}.`, range: s.range, severity: 'low' });
        continue;
      }
      out.push({
        message: `${name ? `\`${name}\` holds` : 'String holds'} a hard-coded credential (${what}); load it from the environment or a secret manager, and rotate it.`,
        range: s.range,
        ...(isProviderKeyFormat(match.kind) ? { keepInEveryContext: true } : {}),
      });
    }
    return out;
  },
};
