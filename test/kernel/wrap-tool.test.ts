/** kernel.wrapTool with the real frameworks: the Vercel AI SDK, LangChain.js, the MCP SDK, and a plain function. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DynamicStructuredTool, StructuredTool } from '@langchain/core/tools';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { generateText, stepCountIs } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KernelSpace, Policy, PolicyViolation, readAuditRecords } from '../../src/kernel/index.js';
import { registerAnalyst } from './examples/openai-agent.js';
import { governedReadFileTool } from './examples/langchain-tool.js';
import { createGovernedMcpServer } from './examples/mcp-server.js';
import { governedFetchStatus } from './examples/plain-function.js';
import { governedSqlTool } from './examples/vercel-ai-tool.js';
import { FakePgClient, seedUsers } from './fake-sql.js';

let tmp: string;
let root: string;
let n = 0;
beforeAll(() => {
  tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'agentos-wrap-')));
  root = path.join(tmp, 'ws');
  mkdirSync(root);
  writeFileSync(path.join(root, 'notes.txt'), 'quarterly notes');
  writeFileSync(path.join(tmp, 'secret.txt'), 'TOP SECRET');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const recFile = () => path.join(tmp, `wrap-${++n}.jsonl`);

const usage = { inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } };

describe('Vercel AI SDK tool()', () => {
  it('keeps the tool shape and denies destructive SQL inside generateText', async () => {
    const file = recFile();
    const kernel = new KernelSpace({ policies: [Policy.noDestructiveSql()], recorder: { path: file } });
    const db = new FakePgClient();
    seedUsers(db.db);
    const runSql = governedSqlTool(kernel, db);
    expect(typeof runSql.execute).toBe('function');
    expect(runSql.inputSchema).toBeDefined();
    expect(runSql.description).toMatch(/SQL/);

    let call = 0;
    const model = new MockLanguageModelV3({
      doGenerate: async () => {
        if (++call === 1)
          return {
            content: [
              { type: 'tool-call', toolCallId: 'c1', toolName: 'run_sql', input: JSON.stringify({ query: 'DROP TABLE users' }) },
              { type: 'tool-call', toolCallId: 'c2', toolName: 'run_sql', input: JSON.stringify({ query: 'SELECT name FROM users' }) },
            ],
            finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
            usage,
            warnings: [],
          };
        return { content: [{ type: 'text', text: 'done' }], finishReason: { unified: 'stop', raw: 'stop' }, usage, warnings: [] };
      },
    });
    const result = await generateText({ model, tools: { run_sql: runSql }, prompt: 'clean up', stopWhen: stepCountIs(3) });
    expect(result.text).toBe('done');
    const parts = result.steps[0]!.content;
    const error = parts.find((p) => p.type === 'tool-error');
    const ok = parts.find((p) => p.type === 'tool-result');
    expect(error && 'error' in error && error.error).toBeInstanceOf(PolicyViolation);
    expect(ok && 'output' in ok && ok.output).toEqual([{ name: 'ada' }, { name: 'bob' }]);
    expect(db.db.tables.has('users')).toBe(true);
    const recs = readAuditRecords(file);
    expect(recs.map((r) => [r.agent, r.verdict])).toEqual([
      ['vercel-analyst', 'deny'],
      ['vercel-analyst', 'allow'],
    ]);
  });

  it('calling execute directly rejects with PolicyViolation', async () => {
    const kernel = new KernelSpace({ policies: [Policy.noDestructiveSql()] });
    const runSql = governedSqlTool(kernel, new FakePgClient());
    await expect(runSql.execute!({ query: 'TRUNCATE users' }, { toolCallId: 'x', messages: [] })).rejects.toBeInstanceOf(PolicyViolation);
  });
});

describe('LangChain.js tool()', () => {
  it('stays a DynamicStructuredTool, runs allowed calls, rejects paths outside the sandbox', async () => {
    const file = recFile();
    const kernel = new KernelSpace({ policies: [Policy.fileAccess(root)], recorder: { path: file } });
    const readFileTool = governedReadFileTool(kernel, root);
    expect(readFileTool).toBeInstanceOf(DynamicStructuredTool);
    expect(readFileTool).toBeInstanceOf(StructuredTool);
    expect(readFileTool.name).toBe('read_file');
    await expect(readFileTool.invoke({ path: 'notes.txt' })).resolves.toBe('quarterly notes');
    // a tool call from a model, as an agent executor passes it
    const msg = await readFileTool.invoke({ name: 'read_file', args: { path: 'notes.txt' }, id: 'call_1', type: 'tool_call' });
    expect(msg.content).toBe('quarterly notes');
    expect(msg.tool_call_id).toBe('call_1');
    const err = await readFileTool.invoke({ path: '../secret.txt' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PolicyViolation);
    expect((err as PolicyViolation).ruleId).toBe('file-outside-sandbox');
    expect(readAuditRecords(file).map((r) => r.verdict)).toEqual(['allow', 'allow', 'deny']);
  });

  it('the input schema still applies before the decision', async () => {
    const kernel = new KernelSpace({ policies: [Policy.fileAccess(root)] });
    const readFileTool = governedReadFileTool(kernel, root);
    await expect(readFileTool.invoke({ nope: 1 } as unknown as { path: string })).rejects.toThrow(/schema|expected/i);
  });
});

describe('MCP server tool handler', () => {
  it('a denied call returns isError naming the rule; an allowed one runs', async () => {
    const file = recFile();
    const kernel = new KernelSpace({ policies: [Policy.noShell(), Policy.allowCommands(['echo'])], recorder: { path: file } });
    const server = createGovernedMcpServer(kernel);
    const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'test-client', version: '1.0.0' });
    await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
    try {
      const ok = await client.callTool({ name: 'run_program', arguments: { command: 'echo', args: ['hi'] } });
      expect(ok.isError).toBeFalsy();
      expect(ok.content).toEqual([{ type: 'text', text: 'hi\n' }]);
      const shell = await client.callTool({ name: 'run_program', arguments: { command: 'sh', args: ['-c', 'id'] } });
      expect(shell.isError).toBe(true);
      expect(JSON.stringify(shell.content)).toContain('subprocess-shell');
      const other = await client.callTool({ name: 'run_program', arguments: { command: 'id', args: [] } });
      expect(other.isError).toBe(true);
      expect(JSON.stringify(other.content)).toContain('subprocess-not-allowlisted');
      expect(readAuditRecords(file).map((r) => [r.agent, r.verdict])).toEqual([
        ['mcp-runner', 'allow'],
        ['mcp-runner', 'deny'],
        ['mcp-runner', 'deny'],
      ]);
    } finally {
      await client.close();
      await server.close();
    }
  });
});

describe('plain async function', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end('up'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('stays a function; allowed calls run, others reject', async () => {
    const kernel = new KernelSpace({ policies: [Policy.allowDomains(['127.0.0.1'])] });
    const check = governedFetchStatus(kernel);
    expect(typeof check).toBe('function');
    expect(check.name).toBe('fetchStatus');
    await expect(check({ url: `${base}/health` })).resolves.toEqual({ status: 200, body: 'up' });
    await expect(check({ url: 'http://169.254.169.254/latest/meta-data/' })).rejects.toBeInstanceOf(PolicyViolation);
  });
});

describe('wrapTool options', () => {
  it('builds the action with a function; a missing field fails closed; bad shapes throw', async () => {
    const kernel = new KernelSpace({ policies: [Policy.noShell(), Policy.allowCommands(['git'])] });
    const runGit = kernel.wrapTool(async (input: { sub: string }) => `git ${input.sub}`, {
      action: (input: { sub: string }) => ({ kind: 'exec', command: 'git', args: [input.sub] }),
    });
    await expect(runGit({ sub: 'status' })).resolves.toBe('git status');
    // a string command line without an args list is read as a shell command line (fail closed)
    const runLine = kernel.wrapTool(async (input: { command: string }) => input.command, { action: 'exec' });
    await expect(runLine({ command: 'git status' })).rejects.toMatchObject({ ruleId: 'subprocess-shell' });
    const sqlKernel = new KernelSpace({ policies: [Policy.noDestructiveSql()] });
    const noField = sqlKernel.wrapTool(async (_input: { text: string }) => 'ran', { action: 'sql' });
    await expect(noField({ text: 'SELECT 1' })).rejects.toBeInstanceOf(PolicyViolation);
    expect(() => kernel.wrapTool(42, { action: 'sql' })).toThrow(TypeError);
    expect(() => kernel.wrapTool(async () => 1, { action: 'smtp' as 'sql' })).toThrow(TypeError);
  });

  it('inside kernel.execute the decision belongs to the running agent and honours its signals', async () => {
    const file = recFile();
    const kernel = new KernelSpace({ policies: [Policy.noDestructiveSql()], recorder: { path: file } });
    const db = new FakePgClient();
    seedUsers(db.db);
    const runSql = governedSqlTool(kernel, db);
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const agent = kernel.register(async () => {
      await runSql.execute!({ query: 'SELECT name FROM users' }, { toolCallId: '1', messages: [] });
      release();
      await new Promise((r) => setTimeout(r, 20));
      return runSql.execute!({ query: 'SELECT email FROM users' }, { toolCallId: '2', messages: [] });
    }, { id: 'tool-user' });
    const p = kernel.execute(agent, null);
    await first;
    kernel.signal('tool-user', 'SIGSTOP');
    await new Promise((r) => setTimeout(r, 100));
    expect(readAuditRecords(file).filter((r) => r.action.kind === 'sql')).toHaveLength(1);
    kernel.signal('tool-user', 'SIGCONT');
    await expect(p).resolves.toHaveLength(2);
    expect(readAuditRecords(file).filter((r) => r.action.kind === 'sql').map((r) => r.agent)).toEqual(['tool-user', 'tool-user']);
  });
});

describe('the README agent: OpenAI chat completions with tools', () => {
  it('carries out the model’s tool calls through the governed context and reports denials back to the model', async () => {
    const requests: { messages: { role: string; content?: string; tool_call_id?: string }[] }[] = [];
    const fake = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        const parsed = JSON.parse(body) as (typeof requests)[number];
        requests.push(parsed);
        const toolCall = (id: string, name: string, args: object) => ({ id, type: 'function', function: { name, arguments: JSON.stringify(args) } });
        const message =
          requests.length === 1
            ? {
                role: 'assistant',
                content: null,
                tool_calls: [
                  toolCall('call_1', 'run_sql', { sql: 'DROP TABLE users' }),
                  toolCall('call_2', 'run_sql', { sql: 'SELECT name FROM users' }),
                  toolCall('call_3', 'read_file', { path: '../secret.txt' }),
                  toolCall('call_4', 'read_file', { path: 'notes.txt' }),
                ],
              }
            : { role: 'assistant', content: 'There are 2 users.' };
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            id: `chatcmpl-${requests.length}`,
            object: 'chat.completion',
            created: 0,
            model: 'gpt-4o-mini',
            choices: [{ index: 0, message, finish_reason: requests.length === 1 ? 'tool_calls' : 'stop' }],
            usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
          }),
        );
      });
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    try {
      const file = recFile();
      const kernel = new KernelSpace({ preset: 'standard', sandbox: { roots: [root] }, recorder: { path: file } });
      const openai = new OpenAI({ apiKey: 'test', baseURL: `http://127.0.0.1:${(fake.address() as AddressInfo).port}/v1`, maxRetries: 0 });
      const db = new FakePgClient();
      seedUsers(db.db);
      const analyst = registerAnalyst(kernel, openai, db);
      await expect(kernel.execute(analyst, 'How many users are there?')).resolves.toBe('There are 2 users.');
      const toolMessages = requests[1]!.messages.filter((m) => m.role === 'tool');
      expect(toolMessages.map((m) => m.tool_call_id)).toEqual(['call_1', 'call_2', 'call_3', 'call_4']);
      expect(toolMessages[0]!.content).toMatch(/^denied by policy sql-destructive/);
      expect(toolMessages[1]!.content).toBe(JSON.stringify([{ name: 'ada' }, { name: 'bob' }]));
      expect(toolMessages[2]!.content).toMatch(/^denied by policy file-outside-sandbox/);
      expect(toolMessages[3]!.content).toBe('quarterly notes');
      expect(db.db.tables.has('users')).toBe(true);
      expect(readAuditRecords(file).map((r) => `${r.agent} ${r.verdict} ${r.ruleId ?? ''}`.trim())).toEqual([
        'analyst deny sql-destructive',
        'analyst allow',
        'analyst deny file-outside-sandbox',
        'analyst allow',
      ]);
    } finally {
      fake.close();
    }
  });
});
