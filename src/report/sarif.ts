/** SARIF 2.1.0 for GitHub code scanning and other SARIF consumers. */
import { pathToFileURL } from 'node:url';
import type { CheckResult } from '../analysis/findings.js';
import type { Severity } from '../policy/types.js';

export const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
export const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
/** The top of every SARIF log agentos writes. */
export const SARIF_LOG = { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0' } as const;
export const INFORMATION_URI = 'https://www.npmjs.com/package/agentos';

export function formatSarif(result: CheckResult, toolVersion: string, cwd: string): string {
  const rules = result.rules;
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const srcRoot = pathToFileURL(cwd.endsWith('/') ? cwd : cwd + '/').href;
  const region = (l: { line: number; column: number; endLine: number; endColumn: number }) => ({
    startLine: l.line,
    startColumn: l.column,
    endLine: l.endLine,
    endColumn: Math.max(l.endColumn, l.endLine === l.line ? l.column + 1 : 1),
  });
  const doc = {
    ...SARIF_LOG,
    runs: [
      {
        tool: {
          driver: {
            name: 'agentos',
            version: toolVersion,
            informationUri: INFORMATION_URI,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_m, _d, ch: string) => ch.toUpperCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: r.description.replace(/\s+/g, ' ') },
              help: { text: r.remediation.replace(/\s+/g, ' '), markdown: `${r.description}\n\n**What to do:** ${r.remediation}` },
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: {
                tags: ['security', r.category, ...r.references.filter((x) => /^CWE-\d+/.test(x)).map((x) => `external/cwe/${x.split(' ')[0]!.toLowerCase()}`)],
                'security-severity': SECURITY_SEVERITY[r.severity],
                precision: 'high',
              },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: srcRoot } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: result.errors.map((e) => ({
              level: 'warning',
              message: { text: e.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: e.file, uriBaseId: '%SRCROOT%' } } }],
            })),
          },
        ],
        results: result.findings.map((f) => {
          const res: Record<string, unknown> = {
            ruleId: f.ruleId,
            level: LEVEL[f.severity],
            message: { text: f.message },
            locations: [{ physicalLocation: { artifactLocation: { uri: f.file, uriBaseId: '%SRCROOT%' }, region: region(f) } }],
            partialFingerprints: { 'agentosFingerprint/v1': f.fingerprint },
            properties: { category: f.category, severity: f.severity, 'security-severity': SECURITY_SEVERITY[f.severity] },
          };
          if (f.context) (res.properties as Record<string, unknown>).context = f.context;
          const ri = index.get(f.ruleId);
          if (ri !== undefined) res.ruleIndex = ri;
          if (f.trace?.length) {
            res.codeFlows = [
              {
                threadFlows: [
                  {
                    locations: f.trace.map((t) => ({
                      location: {
                        physicalLocation: { artifactLocation: { uri: t.file, uriBaseId: '%SRCROOT%' }, region: { startLine: t.line } },
                        message: { text: t.message },
                      },
                    })),
                  },
                ],
              },
            ];
          }
          return res;
        }),
      },
    ],
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
