/** A plain async function used as a tool, governed by the kernel: here an HTTP status check. */
import type { KernelSpace } from '../../../src/kernel/index.js';

export async function fetchStatus({ url }: { url: string }): Promise<{ status: number; body: string }> {
  // redirect: 'manual' so a redirect cannot take the call somewhere the kernel did not decide on
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, body: await res.text() };
}

export function governedFetchStatus(kernel: KernelSpace) {
  return kernel.wrapTool(fetchStatus, { action: 'http', from: 'url', agent: 'status-checker' });
}
