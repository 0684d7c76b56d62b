/** Request entry points that are not decorated routes: Next.js server actions and pages, Django views. */
import { describe, expect, it } from 'vitest';
import { factsFor } from '../../src/analysis/engine.js';
import type { Language } from '../../src/analysis/facts.js';

async function inputs(file: string, source: string, language: Language): Promise<Record<string, string | undefined>> {
  const facts = await factsFor(file, source, language);
  return Object.fromEntries(facts.functions.map((f) => [f.name, f.tool?.input]));
}

describe('web input', () => {
  it("takes every export of a 'use server' module as a server action, and nothing else", async () => {
    const src = "'use server';\nexport async function save(formData: FormData) {}\nexport const rename = async (name: string) => name;\nfunction internal(x: string) { return x; }\n";
    expect(await inputs('app/actions.ts', src, 'typescript')).toEqual({ save: 'request-input', rename: 'request-input', internal: undefined });
    expect(await inputs('app/plain.ts', src.replace("'use server';\n", ''), 'typescript')).toEqual({ save: undefined, rename: undefined, internal: undefined });
  });

  it("takes a function with its own 'use server' directive as a server action", async () => {
    const src = "export default function Form() {\n  async function submit(data: FormData) {\n    'use server';\n  }\n  function local(x: string) {}\n  return null;\n}\n";
    expect(await inputs('app/form.tsx', src, 'typescript')).toMatchObject({ submit: 'request-input', local: undefined });
  });

  it('takes the params of a page component from the URL, in page files only', async () => {
    const src = 'export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string>> }) { return null; }\n';
    expect(await inputs('app/search/page.tsx', src, 'typescript')).toEqual({ Page: 'request-input' });
    expect(await inputs('app/search/view.tsx', src, 'typescript')).toEqual({ Page: undefined });
  });

  it('takes the Django views a URLconf routes as request entry points, not other functions taking a request', async () => {
    const src = 'from django.urls import path, re_path\ndef search(request, slug):\n    pass\ndef legacy(request):\n    pass\ndef helper(request, level):\n    pass\nurlpatterns = [path("s/<slug>/", search), re_path(r"^old/$", view=legacy)]\n';
    expect(await inputs('urls.py', src, 'python')).toEqual({ search: 'request-input', legacy: 'request-input', helper: undefined });
  });
});
