import { tool } from 'ai';
import { z } from 'zod';
import { rmSync, writeFileSync } from 'node:fs';
import Fastify from 'fastify';
import path from 'node:path';
import { readFile } from 'node:fs/promises';

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

// Functions the model's tool calls are dispatched to through a table: their parameters are tool parameters.
function removeUpload({ upload }: { upload: string }): void {
  // expect: file-untrusted-path
  rmSync(upload, { force: true });
}

function saveMemo(args: { file: string; text: string }): void {
  // expect: file-untrusted-path
  writeFileSync(args.file, args.text);
}

// a helper outside the table: its callers decide what it writes
// ok: file-untrusted-path
export const saveLog = (file: string, text: string): void => writeFileSync(file, text);

const handlers: Record<string, (args: never) => void> = { remove_upload: removeUpload, save_memo: saveMemo };

export function dispatchToolCall(call: { function: { name: string; arguments: string } }): void {
  handlers[call.function.name](JSON.parse(call.function.arguments) as never);
}

// A Next.js server action: the browser sends its arguments.
export async function saveDraft(formData: FormData): Promise<void> {
  'use server';
  // expect: file-untrusted-path
  writeFileSync(String(formData.get('path')), String(formData.get('body')));
}

// Fastify: request body, query, params and headers come from the client
const server = Fastify();
const UPLOADS = '/srv/uploads';

server.get('/files/:name', async (request, reply) => {
  const { name } = request.params as { name: string };
  // expect: file-untrusted-path
  const text = await readFile(path.join(UPLOADS, name), 'utf8');
  // ok: file-untrusted-path
  const safe = await readFile(path.join(UPLOADS, path.basename(name)), 'utf8');
  return reply.send(text + safe);
});

server.post('/notes', async (request) => {
  const body = request.body as { file: string; text: string };
  // expect: file-untrusted-path
  writeFileSync(body.file, body.text);
  return { ok: true };
});
