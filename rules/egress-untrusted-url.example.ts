import { tool } from 'ai';
import { z } from 'zod';

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
