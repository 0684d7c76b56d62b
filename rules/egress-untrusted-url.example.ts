import { tool } from 'ai';
import { z } from 'zod';
import got from 'got';
import ky from 'ky';
import { stream } from 'undici';

export const browse = tool({
  description: 'Open a URL',
  inputSchema: z.object({ url: z.string() }),
  execute: async ({ url }: { url: string }) => {
    // expect: egress-untrusted-url
    const res = await fetch(url);
    return res.text();
  },
});

export const weather = tool({
  description: 'Weather for a city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }: { city: string }) => {
    // ok: egress-untrusted-url
    const res = await fetch(`https://api.example.com/weather?city=${encodeURIComponent(city)}`);
    return res.json();
  },
});

export const mirror = tool({
  description: 'Copy a page and its feed',
  inputSchema: z.object({ page: z.string(), feed: z.string() }),
  execute: async ({ page, feed }: { page: string; feed: string }) => {
    // expect: egress-untrusted-url
    await got.delete(page);
    // expect: egress-untrusted-url
    await ky.put(feed, { json: {} });
    // expect: egress-untrusted-url
    await stream(page, { method: 'GET' }, () => process.stdout);
    // ok: egress-untrusted-url
    return ky.get(`https://api.example.com/feeds?name=${encodeURIComponent(feed)}`).text();
  },
});

export const report = tool({
  description: 'A saved report, by id or by link',
  inputSchema: z.object({ id: z.string(), link: z.string() }),
  execute: async ({ id, link }: { id: string; link: string }) => {
    // a path on the origin the code runs on: the input picks the path, not the host
    // ok: egress-untrusted-url
    const saved = await fetch(`/api/reports/${id}`);
    // `//host/...` names a host, and so can a value right after the slash
    // expect: egress-untrusted-url
    await fetch(`//${link}`);
    // expect: egress-untrusted-url
    await fetch(`/${link}`);
    return saved.json();
  },
});
