import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The files under dir (sorted, depth first) that `keep` accepts by name and size, skipping the directories named in `skip`. */
export function filesUnder(dir: string, keep: (name: string, size: number) => boolean, skip: ReadonlySet<string> = new Set(), out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    const p = path.join(dir, name);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) {
      if (!skip.has(name)) filesUnder(p, keep, skip, out);
    } else if (keep(name, st.size)) out.push(p);
  }
  return out;
}
