/**
 * sql-destructive-orm: an ORM or query-builder call that deletes, updates, truncates or drops
 * every row, because its filter is missing or empty (`deleteMany({})`, `destroy({ where: {} })`,
 * `knex("t").del()`, `session.query(M).delete()`, `M.objects.all().delete()`).
 *
 * A sink names what the call does in `with.op` (delete, update, truncate, drop). Calls whose
 * filter sits in an options object name it: `with.filter` (the key, `where`) and
 * `with.optionsIndex` (the argument); an options object that is not a literal is not judged.
 * Calls without options are matched by their chain alone: the sink's callee pattern has no
 * filtering step (`knex()().del` is not `knex()().where().del`).
 */
import type { Action } from '../../policy/types.js';
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

/**
 * What an ORM sink call asks the database for, as the kernel would see it: the statement of its
 * operation, with a WHERE when the call is filtered. Undefined when the options cannot be read.
 */
export function ormStatement(hit: SinkHit): { sql: string; why: string; filtered: boolean } | undefined {
  const w = hit.sink.with ?? {};
  const op = OPS[String(w.op)];
  if (!op) return undefined;
  const unfiltered = (why: string) => ({ sql: op.sql, why, filtered: false });
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

export const ormUnfiltered: Check = {
  kind: 'sink',
  judge(hit, ctx) {
    const st = ormStatement(hit);
    if (!st || st.filtered) return undefined;
    const op = OPS[String(hit.sink.with!.op)]!;
    const action: Action = { kind: 'sql', sql: st.sql };
    return { message: `\`${calleeText(ctx, hit.call)}\` ${op.what}${st.why}; ${op.advice}.`, action };
  },
};
