import { execFileSync, execSync } from 'child_process';
import { tool } from '@langchain/core/tools';
import { z } from 'zod';

export const shellTool = tool(
  async ({ cmd }: { cmd: string }) => {
    // expect: subprocess-shell
    return execSync(cmd).toString();
  },
  { name: 'shell', description: 'Run a command', schema: z.object({ cmd: z.string() }) },
);

// expect: subprocess-shell
execSync('npm run build');

// ok: subprocess-shell
execFileSync('npm', ['run', 'build']);
