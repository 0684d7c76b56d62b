export async function ping(): Promise<number> {
  // expect: egress-not-allowlisted
  const res = await fetch('https://example.com/status');
  // ok: egress-not-allowlisted
  const ok = await fetch('https://status.example.com/health');
  return res.status + ok.status;
}
