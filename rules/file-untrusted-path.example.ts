import { tool } from 'ai';
import { z } from 'zod';
import { rmSync, writeFileSync } from 'node:fs';

export const cleanup = tool({
  description: 'Delete a directory the model names',
  inputSchema: z.object({ dir: z.string() }),
  execute: async ({ dir }: { dir: string }) => {
    // expect: file-untrusted-path
    rmSync(dir, { recursive: true, force: true });
    return 'ok';
  },
});

export const saveNote = tool({
  description: 'Save a note',
  inputSchema: z.object({ text: z.string() }),
  execute: async ({ text }: { text: string }) => {
    // ok: file-untrusted-path
    writeFileSync('workspace/note.txt', text);
    return 'saved';
  },
});
