/** Request entry points that are not decorated routes: Next.js server actions and pages, Django views. */
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../src/analysis/analyze.js';
import { CHECK_NAMES } from '../../src/analysis/checks/index.js';
import { factsFor, languageOf } from '../../src/analysis/engine.js';
import type { Language } from '../../src/analysis/facts.js';
import { activeRules } from '../../src/analysis/run.js';
import { defaultConfig } from '../../src/config/load.js';
import { loadRules } from '../../src/policy/rules.js';

const rules = loadRules(undefined, CHECK_NAMES);

/** Every rule over one file, with the default configuration: `line rule-id origin-kind`. */
async function check(rel: string, text: string): Promise<string[]> {
  const config = defaultConfig('/p');
  const r = await analyzeFile({ rel, text, language: languageOf(rel)! }, activeRules(rules, config), config);
  return r.findings.map((f) => `${f.line} ${f.ruleId} ${/request input/.test(f.message) ? 'request-input' : 'other'}`);
}

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

  it('takes Sanic and aiohttp handlers, decorated or registered by call, as request entry points (Python)', async () => {
    const sanic = `import os
from sanic import Sanic
app = Sanic("qa")

@app.post("/api/run")
async def run(request):
    os.system(request.json["cmd"])

async def delete_kb(req):
    os.system(req.json["cmd"])

def helper(req):
    os.system(req)

app.add_route(delete_kb, "/api/delete_kb", methods=["POST"])
`;
    expect(await check('app/api.py', sanic)).toEqual(['7 subprocess-shell request-input', '10 subprocess-shell request-input', '13 subprocess-shell other']);
    const aiohttp = `import os
from aiohttp import web
routes = web.RouteTableDef()

@routes.post("/run")
async def run(request):
    body = await request.json()
    os.system(body["cmd"])

async def other(request):
    os.system(request.query["cmd"])

app = web.Application()
app.router.add_get("/other", other)
`;
    expect(await check('app/web.py', aiohttp)).toEqual(['8 subprocess-shell request-input', '11 subprocess-shell request-input']);
  });

  it('takes what a Hono context request carries as input, and not the bindings or variables of the context', async () => {
    const src = [
      "import { Hono } from 'hono';",
      "import { exec } from 'node:child_process';",
      'const app = new Hono<{ Bindings: { DEPLOY_SCRIPT: string } }>();',
      "app.post('/jobs/:id', async (c) => {",
      "  exec(`deploy ${c.req.param('id')}`);",
      '  const body = await c.req.json();',
      '  exec(`deploy ${body.target}`);',
      "  const form = await c.req.formData();",
      "  exec(`deploy ${form.get('target')}`);",
      "  exec(`deploy ${c.req.header('x-target')} ${c.req.query('q')}`);",
      '  exec(`deploy ${c.env.DEPLOY_SCRIPT}`);',
      "  exec(`deploy ${c.get('tenant')}`);",
      '  return c.json({ ok: true });',
      '});',
      '',
    ].join('\n');
    expect(await check('src/index.ts', src)).toEqual([
      '5 subprocess-shell request-input',
      '7 subprocess-shell request-input',
      '9 subprocess-shell request-input',
      '10 subprocess-shell request-input',
      '11 subprocess-shell other',
      '12 subprocess-shell other',
    ]);
    // the same member names mean nothing in a file that does not use Hono
    expect(await check('src/plain.ts', src.replace("import { Hono } from 'hono';", "import { Hono } from './own-router';"))).not.toContain('5 subprocess-shell request-input');
  });

  it('takes Fastify request body, query, params and headers as input', async () => {
    const src = [
      "import Fastify from 'fastify';",
      "import { readFile } from 'node:fs/promises';",
      'const fastify = Fastify();',
      "fastify.get('/files/:name', async (request, reply) => {",
      '  const { name } = request.params as { name: string };',
      '  const text = await readFile(`/srv/files/${name}`);',
      "  const other = await readFile(String(request.query.path) + String(request.headers['x-suffix']));",
      '  return reply.send(text + other);',
      '});',
      "fastify.post('/upload', async (req) => readFile(req.body.path));",
      '',
    ].join('\n');
    expect(await check('src/server.ts', src)).toEqual(['6 file-untrusted-path request-input', '7 file-untrusted-path request-input', '10 file-untrusted-path request-input']);
  });

  it('takes the request of an Express or Fastify handler as input by its declared type, whatever its name', async () => {
    const src = [
      "import express, { type Request as Req, type Response } from 'express';",
      "import type { FastifyRequest } from 'fastify';",
      "import { exec } from 'node:child_process';",
      'const app = express();',
      "app.post('/a', (incoming: Req, res: Response) => {",
      '  exec(`deploy ${incoming.body.target} ${incoming.query.q}`);',
      '});',
      'export async function handler(r: FastifyRequest) {',
      '  exec(`deploy ${(r.params as { id: string }).id}`);',
      '}',
      '',
    ].join('\n');
    expect(await check('src/server.ts', src)).toEqual(['6 subprocess-shell request-input', '9 subprocess-shell request-input']);
    const express = (await analyzeFile({ rel: 'src/server.ts', text: src, language: 'typescript' }, activeRules(rules, defaultConfig('/p')), defaultConfig('/p'))).findings[0]!;
    // named as the code reads it
    expect(express.message).toContain('`incoming.body`');
  });

  it('takes the NestJS parameters a request fills as input: body, route params, query, headers, uploads, gateway messages', async () => {
    const src = [
      "import { Body, Controller, Get, Headers, Param, ParseIntPipe, Post, Query, Req, UploadedFile } from '@nestjs/common';",
      "import { MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';",
      "import { exec } from 'node:child_process';",
      "import type { Request } from 'express';",
      "@Controller('jobs')",
      'export class JobsController {',
      "  constructor(private readonly root: string) {}",
      "  @Post(':id')",
      "  run(@Param('id') id: string, @Body() dto: { target: string }, @Query('q') q: string, @Headers('x-target') h: string) {",
      '    exec(`deploy ${id}`);',
      '    exec(`deploy ${dto.target}`);',
      '    exec(`deploy ${q} ${h}`);',
      '  }',
      "  @Get(':n')",
      "  nth(@Param('n', ParseIntPipe) n: number, @Query('m', new ParseIntPipe()) m: number, @Req() req: Request) {",
      '    exec(`deploy ${n} ${m}`);',
      '    exec(`deploy ${req.body.target}`);',
      '  }',
      "  @Post('upload')",
      '  upload(@UploadedFile() file: { originalname: string }) {',
      '    exec(`unzip ${file.originalname}`);',
      '  }',
      '  helper(target: string) {',
      '    exec(`deploy ${target}`);',
      '  }',
      '}',
      '@WebSocketGateway()',
      'export class JobsGateway {',
      "  @SubscribeMessage('run')",
      '  onRun(@MessageBody() data: { target: string }) {',
      '    exec(`deploy ${data.target}`);',
      '  }',
      '}',
      '',
    ].join('\n');
    const found = await check('src/jobs.controller.ts', src);
    expect(found.filter((f) => f.endsWith('request-input'))).toEqual([
      '10 subprocess-shell request-input',
      '11 subprocess-shell request-input',
      '12 subprocess-shell request-input',
      '17 subprocess-shell request-input',
      '21 subprocess-shell request-input',
      '31 subprocess-shell request-input',
    ]);
    // parsed by a pipe (line 16) or a plain method's parameter (line 24): not request input
    expect(found.filter((f) => /^(16|24) /.test(f) && f.endsWith('request-input'))).toEqual([]);
    // the same decorators from a module of the program's own are not NestJS's
    expect((await check('src/plain.ts', src.replace("from '@nestjs/common'", "from './own-decorators'"))).filter((f) => /^1[012] /.test(f) && f.endsWith('request-input'))).toEqual([]);
  });

  it('takes the payloads of Slack Bolt and discord.py handlers as input (Python)', async () => {
    const src = [
      'import subprocess',
      'import discord',
      'from discord.ext import commands',
      'from slack_bolt import App',
      'app = App()',
      'bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())',
      '@app.command("/deploy")',
      'def deploy(ack, command, respond):',
      '    subprocess.run(f"deploy {command[\'text\']}", shell=True)',
      '@app.event("app_mention")',
      'def mention(event, say):',
      '    subprocess.run(event["text"], shell=True)',
      '@bot.command()',
      'async def run(ctx, *, arg):',
      '    subprocess.run(arg, shell=True)',
      'class Watcher(discord.Client):',
      '    async def on_message(self, message):',
      '        subprocess.run(message.content, shell=True)',
      '    async def announce(self, text):',
      '        subprocess.run(text, shell=True)',
      'def unrelated(event):',
      '    subprocess.run(event["text"], shell=True)',
      '',
    ].join('\n');
    expect(await check('bot.py', src)).toEqual([
      '9 subprocess-shell request-input',
      '12 subprocess-shell request-input',
      '15 subprocess-shell request-input',
      '18 subprocess-shell request-input',
      '20 subprocess-shell other',
      '22 subprocess-shell other',
    ]);
  });

  it('takes the payloads of Slack Bolt and discord.js handlers as input (TypeScript)', async () => {
    const src = [
      "import { App } from '@slack/bolt';",
      "import { Client, Events, GatewayIntentBits } from 'discord.js';",
      "import { execSync } from 'node:child_process';",
      'const app = new App({ token: process.env.SLACK_BOT_TOKEN });',
      "app.command('/run', async ({ command, ack }) => { await ack(); execSync(command.text); });",
      "app.message(/deploy/, async ({ message, say }) => { execSync(`deploy ${(message as { text: string }).text}`); await say('ok'); });",
      'const client = new Client({ intents: [GatewayIntentBits.Guilds] });',
      "client.on('messageCreate', (msg) => { execSync(msg.content); });",
      "client.on(Events.InteractionCreate, (interaction) => { if (interaction.isChatInputCommand()) execSync(interaction.options.getString('cmd') ?? ''); });",
      "client.once(Events.ClientReady, () => { execSync('git pull'); });",
      '',
    ].join('\n');
    const found = await check('bot.ts', src);
    expect(found.filter((f) => f.endsWith('request-input'))).toEqual([
      '5 subprocess-shell request-input',
      '6 subprocess-shell request-input',
      '8 subprocess-shell request-input',
      '9 subprocess-shell request-input',
    ]);
    expect(found.some((f) => f.startsWith('10 ') && f.endsWith('request-input'))).toBe(false);
  });

  it('does not take the CDN URLs discord.js builds for a user as destinations the user chose', async () => {
    const src = [
      "import { Client, Events } from 'discord.js';",
      "import { request } from 'undici';",
      'const client = new Client({ intents: [] });',
      'client.on(Events.InteractionCreate, async (interaction) => {',
      "  const avatar = await request(interaction.user.displayAvatarURL({ extension: 'png' }));",
      "  const linked = await request(interaction.options.getString('url') ?? '');",
      '  return [avatar, linked];',
      '});',
      '',
    ].join('\n');
    expect(await check('bot.ts', src)).toEqual(['6 egress-untrusted-url request-input']);
  });
});

