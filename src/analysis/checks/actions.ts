/**
 * The runtime action a sink call performs, whatever a check concludes about it: what the
 * kernel would be asked if the call ran under `KernelSpace`. Holes are filled with a
 * harmless placeholder; a value with no text at all (an opaque variable) has no action.
 * The agreement test uses it to hold the kernel to the examples the static check accepts.
 */
import type { Action, ActionKind } from '../../policy/types.js';
import { constString } from '../values.js';
import { spawnShape } from './commands.js';
import { fillHoles } from './common.js';
import { ormStatement } from './orm.js';
import { fileOp } from './paths.js';
import type { CallFact } from '../facts.js';
import type { SinkHit } from './types.js';

const PLACEHOLDER = 'x';

function execAction(hit: SinkHit): Action | undefined {
  // shell scripts: the call is the program itself
  if (hit.call.callee.startsWith('shell.')) {
    const args: string[] = [];
    for (const a of hit.call.args) {
      const t = fillHoles(a, PLACEHOLDER);
      if (t === undefined) return undefined;
      args.push(t);
    }
    return { kind: 'exec', command: hit.call.method, args };
  }
  const shape = spawnShape(hit);
  if (shape.line !== undefined) {
    const line = fillHoles(shape.line, PLACEHOLDER);
    return line === undefined ? undefined : { kind: 'exec', command: line, shell: true };
  }
  const program = fillHoles(shape.program, PLACEHOLDER);
  if (program === undefined) return undefined;
  const args: string[] = [];
  for (const a of shape.args) {
    const t = fillHoles(a, PLACEHOLDER) ?? constString(a);
    if (t === undefined) return undefined;
    args.push(t);
  }
  return shape.shell === true ? { kind: 'exec', command: [program, ...args].join(' '), shell: true } : { kind: 'exec', command: program, args };
}

/** `calls`: the file's calls, for ORM chains whose filter is a later step. */
export function sinkAction(kind: ActionKind, hit: SinkHit, calls: readonly CallFact[] = []): Action | undefined {
  switch (kind) {
    case 'sql': {
      if (hit.call.tagged) return undefined;
      if (hit.sink.with?.op !== undefined) {
        const st = ormStatement(hit, calls);
        return st && { kind: 'sql', sql: st.sql };
      }
      const sql = fillHoles(hit.value, PLACEHOLDER);
      return sql === undefined ? undefined : { kind: 'sql', sql };
    }
    case 'file': {
      const path = fillHoles(hit.value, PLACEHOLDER);
      return path === undefined ? undefined : { kind: 'file', path, op: fileOp(hit) };
    }
    case 'http': {
      const url = fillHoles(hit.value, PLACEHOLDER);
      return url === undefined ? undefined : { kind: 'http', url };
    }
    case 'exec':
      return execAction(hit);
    default:
      return undefined;
  }
}
