/** Hazards specific to shell scripts, on the facts of the shell front end (`shell.<program>` calls). */
import type { Value } from '../facts.js';
import { constString, fillHoleMarkers, HOLE_MARKER, REQUIRED_EXPANSION, skeleton } from '../values.js';
import { isCiRunnerScript } from '../contexts.js';
import { CI_RUNNER_NOTE } from './common.js';
import { programSource } from '../../policy/commands.js';
import type { Check, SinkHit } from './types.js';

interface Word {
  text: string;
  dynamic: boolean;
  /** the word with every expansion empty (`"$DIR/"` -> `/`); undefined for an unquoted bare `$X` */
  emptied?: string;
}

function words(hit: SinkHit): Word[] {
  return hit.call.args.map((a: Value) => {
    const c = constString(a);
    if (c !== undefined) return { text: c, dynamic: false };
    const sk = skeleton(a);
    if (!sk) return { text: '', dynamic: true };
    // (`${DIR:?}` stops the script when DIR is unset or empty: it is never emptied)
    return { text: sk.text, dynamic: true, emptied: sk.text.replace(HOLE_MARKER, (_m, i: string) => (required(sk.holes[Number(i)]) ? 'x' : '')) };
  });
}

function required(v: Value | undefined): boolean {
  return v?.kind === 'unknown' && v.ref === REQUIRED_EXPANSION;
}

/**
 * What an empty or unset variable turns a delete target into: dangerous when the rest is an
 * absolute or home path (`"$DIR/"` -> `/`, `$PREFIX/lib` -> `/lib`, `$D/*` -> `/*`), or when the
 * variable stands unquoted on its own (word splitting and globbing). `"$DIR"` alone becomes
 * `''`, which rm refuses.
 */
function collapses(w: Word): boolean {
  if (w.emptied === undefined) return true;
  return /^(?:\/|~)/.test(w.emptied) || w.emptied === '*' || w.emptied === '.' || w.emptied === '..';
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'python', 'python3', 'perl', 'ruby', 'node']);
const FETCHERS = new Set(['curl', 'wget', 'fetch']);

/**
 * Whether the program runs what was fetched, as `curl … | bash` does: the policy's reading of the interpreter's options
 * says where its program comes from (`programSource`, the one the kernel's verdicts use); a word that is not written in
 * the script (`python3 "$SCRIPT"`, `bash -c "$(curl …)"`) up to where the program is named may be what was fetched.
 */
function runsFetched(program: string, ws: readonly Word[]): boolean {
  const source = programSource(program, ws.map((w) => w.text));
  if (!source || source.from === 'stdin') return true;
  const upTo = source.index === undefined ? ws.length : source.index + 1;
  return ws.slice(0, upTo).some((w) => w.dynamic);
}

export const shellPipeToShell: Check = {
  kind: 'sink',
  judge(hit) {
    if (!SHELLS.has(hit.call.method)) return undefined;
    const from = constString(hit.call.kwargs.pipedFrom);
    if (!from || !FETCHERS.has(from)) return undefined;
    // (`curl … | python3 -m json.tool`, `| python3 -c "import json…"`: the response is data to a program of the script's own)
    if (!runsFetched(hit.call.method, words(hit))) return undefined;
    return {
      message: `Output of \`${from}\` is piped into \`${hit.call.method}\`: whatever the server returns runs unreviewed; download, verify a checksum or signature, then run.`,
      action: { kind: 'exec', command: hit.call.method, args: [] },
    };
  },
};

export const shellRecursiveDelete: Check = {
  kind: 'sink',
  judge(hit) {
    const ws = words(hit);
    let recursive = false;
    let force = false;
    const targets: Word[] = [];
    let endOfOptions = false;
    for (const w of ws) {
      if (!endOfOptions && w.text === '--') endOfOptions = true;
      else if (!endOfOptions && /^--recursive$/.test(w.text)) recursive = true;
      else if (!endOfOptions && /^--force$/.test(w.text)) force = true;
      else if (!endOfOptions && /^-[a-zA-Z]+$/.test(w.text) && !w.dynamic) {
        if (/[rR]/.test(w.text)) recursive = true;
        if (/f/.test(w.text)) force = true;
      } else targets.push(w);
    }
    if (!recursive || !force) return undefined;
    const root = targets.find((t) => !t.dynamic && /^\/+\*?$|^~\/?$|^\/\*$/.test(t.text));
    if (root) return { message: `\`rm -rf ${root.text}\` deletes the whole ${root.text.startsWith('~') ? 'home directory' : 'filesystem'}.`, severity: 'critical' };
    const dyn = targets.find((t) => t.dynamic && collapses(t));
    if (!dyn) return undefined;
    return {
      message:
        dyn.emptied === undefined
          ? '`rm -rf` on an unquoted variable: its value is split on spaces and expanded as a glob, so it can name any file; quote it, use `${VAR:?}` and `set -u`, and check the path first.'
          : `\`rm -rf\` on a path built from variables (${fillHoleMarkers(dyn.text, '$…')}): an empty or unset variable turns it into \`rm -rf ${dyn.emptied}\`; use \`\${VAR:?}\` and \`set -u\`, and check the path first.`,
    };
  },
};

export const shellSudo: Check = {
  kind: 'sink',
  judge(hit, ctx) {
    const all = words(hit);
    const ws = all.filter((w) => !w.text.startsWith('-'));
    const what = `\`sudo${ws[0] ? ' ' + ws[0].text : ''}\` runs with root privileges`;
    if (isCiRunnerScript(ctx.facts.file)) return { message: `${what} ${CI_RUNNER_NOTE}; agents and their own scripts should still run unprivileged.`, severity: 'low' };
    // a command written out in full (`sudo apt-get install -y jq`): an installer's or a set-up script's step, with
    // nothing in it for an injection to become; a program or an argument that a variable fills keeps the grade
    if (ws.length && all.every((w) => !w.dynamic)) {
      return { message: `${what} for a command written out in full (no variable in it), so it is graded low; agents and their scripts should still run unprivileged.`, severity: 'low' };
    }
    return { message: `${what}; agents and their scripts should run unprivileged.` };
  },
};

/** numeric modes whose "other" digit has the write bit, or symbolic modes adding w for others/all */
const WORLD_WRITABLE = /^(0*[0-7]?[0-7]{2}[2367]|(a|[ug]*o[ug]*)\+[rxXst]*w[rxXst]*)$/;

export const shellWorldWritable: Check = {
  kind: 'sink',
  judge(hit) {
    const ws = words(hit);
    const mode = ws.find((w) => !w.dynamic && WORLD_WRITABLE.test(w.text));
    if (!mode) return undefined;
    return { message: `\`chmod ${mode.text}\` makes files writable by every user on the machine; grant only the owner (e.g. 750/640).` };
  },
};
