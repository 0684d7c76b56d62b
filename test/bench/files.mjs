/** The source files of a benchmark corpus: by extension, declaration files and dependency/cache directories left out. */
import { readdirSync } from 'node:fs';
import path from 'node:path';

export function listFiles(dir, exts) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!['node_modules', '__pycache__', '.git'].includes(e.name)) walk(p);
      } else if (e.isFile() && exts.some((x) => e.name.endsWith(x)) && !/\.d\.[cm]?ts$/.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}
