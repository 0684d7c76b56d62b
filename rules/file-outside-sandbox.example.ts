import { readFile, writeFile } from 'node:fs/promises';

export async function loadConfig(): Promise<string> {
  // expect: file-outside-sandbox
  const ssh = await readFile('/root/.ssh/config', 'utf8');
  // ok: file-outside-sandbox
  await writeFile('./workspace/ssh-summary.txt', String(ssh.length));
  return ssh;
}
