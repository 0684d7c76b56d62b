/**
 * sql-destructive-orm: an ORM or query-builder call that deletes, updates, truncates or drops
 * every row, because its filter is missing or empty (`deleteMany({})`, `destroy({ where: {} })`,
 * `knex("t").del()`, `session.query(M).delete()`, `M.objects.all().delete()`).
 *
 * A sink names what the call does in `with.op` (delete, update, truncate, drop). Calls whose
 * filter sits in an options object name it: `with.filter` (the key, `where`) and
 * `with.optionsIndex` (the argument); an options object that is not a literal is not judged.
 * Calls without options are matched by their chain alone: the sink's callee pattern has no
 * filtering step (`knex()().del` is not `knex()().where().del`). Query builders that take the
 * filter after the operation (Drizzle `db.delete(t).where(...)`, `db.update(t).set(...).where(...)`)
 * name it in `with.chain`: the call is filtered when a later step of its own chain (a call
 * starting where it starts) is that method; `with.needs` names a step the statement needs to
 * exist at all (`set`). `with.dbReceiver` limits a sink matched only by its method to receivers
 * named like a database handle (`db`, `tx`, `this.db`, `tenantDb`).
 */
import type { Action } from '../../policy/types.js';
import type { CallFact } from '../facts.js';
import { dictGet } from '../values.js';
import { calleeText } from './common.js';
import type { Check, SinkHit } from './types.js';

const PROBE = 'agentos_probe';

const FILTER = 'add the filter that names the rows (`where`, `.where(...)`, `.filter(...)`)';
const MIGRATION = 'keep schema changes and bulk deletes in reviewed migrations, not in code an agent runs';

const OPS: Record<string, { sql: string; what: string; advice: string }> = {
  delete: { sql: `DELETE FROM ${PROBE}`, what: 'deletes every row', advice: FILTER },
  update: { sql: `UPDATE ${PROBE} SET agentos_probe = 1`, what: 'updates every row', advice: FILTER },
  truncate: { sql: `TRUNCATE TABLE ${PROBE}`, what: 'empties the table', advice: MIGRATION },
  drop: { sql: `DROP TABLE ${PROBE}`, what: 'drops the table', advice: MIGRATION },
};

const DB_HANDLE = /^(?:db|tx|trx|database|drizzle|orm)$|(?:Db|DB|Database|Tx)$/;

/** The method names of the later steps of a call's own chain: the calls that start where it starts and enclose it. */
function laterSteps(call: CallFact, calls: readonly CallFact[]): Set<string> {
  const steps = new Set<string>();
  const r = call.range;
  for (const c of calls) {
    const o = c.range;
    if (o.line !== r.line || o.column !== r.column) continue;
    if (o.endLine > r.endLine || (o.endLine === r.endLine && o.endColumn > r.endColumn)) steps.add(c.method);
  }
  return steps;
}

/** The receiver's last name as written (`this.db.delete` -> `db`). */
function receiverName(calleeText: string): string {
  const parts = calleeText.split('.');
  return parts.length >= 2 ? parts[parts.length - 2]!.replace(/\?$/, '') : '';
}

/**
 * What an ORM sink call asks the database for, as the kernel would see it: the statement of its
 * operation, with a WHERE when the call is filtered. Undefined when the options cannot be read,
 * or when the call is not the operation the sink means (a chain without its `needs` step, a
 * receiver that is not a database handle, a chain built step by step with `$dynamic()`).
 * `calls` are the file's calls, for sinks whose filter is a later step of the chain.
 */
export function ormStatement(hit: SinkHit, calls: readonly CallFact[], calleeText?: string): { sql: string; why: string; filtered: boolean } | undefined {
  const w = hit.sink.with ?? {};
  const op = OPS[String(w.op)];
  if (!op) return undefined;
  const unfiltered = (why: string) => ({ sql: op.sql, why, filtered: false });
  if (typeof w.chain === 'string') {
    if (w.dbReceiver && !(calleeText !== undefined && DB_HANDLE.test(receiverName(calleeText)))) return undefined;
    if (hit.call.args[0]?.kind === 'const') return undefined;
    const steps = laterSteps(hit.call, calls);
    if (steps.has('$dynamic') || (typeof w.needs === 'string' && !steps.has(w.needs))) return undefined;
    if (steps.has(w.chain)) return { sql: `${op.sql} WHERE ${PROBE}.id = 1`, why: '', filtered: true };
    return unfiltered(` (no \`.${w.chain}(...)\`)`);
  }
  if (typeof w.filter !== 'string') return unfiltered('');
  const options = hit.call.args[typeof w.optionsIndex === 'number' ? w.optionsIndex : 0];
  const truncate = dictGet(options, 'truncate');
  if (truncate?.kind === 'const' && truncate.value === true) return unfiltered(' (`truncate: true`)');
  if (options === undefined) return unfiltered(` (no \`${w.filter}\`)`);
  if (options.kind !== 'dict') return undefined;
  const filter = options.entries[w.filter];
  if (filter === undefined) return unfiltered(` (no \`${w.filter}\`)`);
  if (filter.kind === 'dict' && Object.keys(filter.entries).length === 0) return unfiltered(` (empty \`${w.filter}\`)`);
  return { sql: `${op.sql} WHERE ${PROBE}.id = 1`, why: '', filtered: true };
}

/** Columns that mark the one row chosen among others: the default, selected, current or primary one. */
const CHOICE_FLAG = /^(?:is_?)?(?:default|selected|current|primary)$/i;

/**
 * An update of every row that only sets a flag marking the chosen row to false (`query(M).update({"default":
 * False})`, `.update(is_default=False)`, Prisma's `updateMany({ data: { isDefault: false } })`): the first step of
 * making another row the chosen one, not a loss of data.
 */
function clearedChoiceFlag(call: CallFact): string | undefined {
  const arg = call.args[0];
  const values = arg?.kind === 'dict' && arg.entries['data']?.kind === 'dict' ? arg.entries['data'] : arg?.kind === 'dict' ? arg : undefined;
  const entries = values?.kind === 'dict' ? Object.entries(values.entries) : Object.entries(call.kwargs);
  if (entries.length !== 1) return undefined;
  const [key, v] = entries[0]!;
  return CHOICE_FLAG.test(key) && v.kind === 'const' && v.value === false ? key : undefined;
}

export const ormUnfiltered: Check = {
  kind: 'sink',
  judge(hit, ctx) {
    const st = ormStatement(hit, ctx.facts.calls, calleeText(ctx, hit.call));
    if (!st || st.filtered) return undefined;
    const op = OPS[String(hit.sink.with!.op)]!;
    const action: Action = { kind: 'sql', sql: st.sql };
    const flag = hit.sink.with!.op === 'update' ? clearedChoiceFlag(hit.call) : undefined;
    if (flag) {
      return {
        message: `\`${calleeText(ctx, hit.call)}\` sets \`${flag}\` to false on every row, clearing the one chosen before another is: expected there; make sure the update names only that flag.`,
        severity: 'low',
        action,
      };
    }
    return { message: `\`${calleeText(ctx, hit.call)}\` ${op.what}${st.why}; ${op.advice}.`, action };
  },
};
