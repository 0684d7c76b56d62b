/**
 * Where a short run's time goes, phase by phase: with `AGENTOS_PHASE_TIMES=1` the CLI prints on
 * stderr, at exit, each phase's end as milliseconds since the process started (wall clock) and
 * the CPU time (user + system, main thread and V8's helpers) the process had used by then, with
 * the difference to the phase before. Unset, `markPhase` is an empty function: nothing is
 * recorded or printed.
 */
const enabled = process.env.AGENTOS_PHASE_TIMES === '1';

interface Mark {
  name: string;
  wall: number;
  cpu: number;
}

const marks: Mark[] = [];

function record(name: string): void {
  const cpu = process.cpuUsage();
  marks.push({ name, wall: performance.now(), cpu: (cpu.user + cpu.system) / 1000 });
  if (marks.length === 1)
    process.once('exit', () => {
      // (the last phase: from the last mark to the exit handlers, the code cache's among them)
      record('exit');
      process.stderr.write(formatPhases(marks));
    });
}

/** The table printed at exit: phase, wall ms since start (+ since the previous mark), CPU ms (+ since the previous mark). */
export function formatPhases(list: readonly Mark[]): string {
  const lines = ['agentos phase times (ms since start: wall +delta, cpu +delta)'];
  let before: Mark = { name: 'start', wall: 0, cpu: 0 };
  for (const m of list) {
    const col = (v: number, d: number) => `${v.toFixed(1).padStart(7)} +${d.toFixed(1).padEnd(6)}`;
    lines.push(`  ${m.name.padEnd(28)} wall ${col(m.wall, m.wall - before.wall)} cpu ${col(m.cpu, m.cpu - before.cpu)}`);
    before = m;
  }
  return lines.join('\n') + '\n';
}

/** Note that a phase ended now (nothing happens unless `AGENTOS_PHASE_TIMES=1`). */
export const markPhase: (name: string) => void = enabled ? record : () => {};
