import type { FrameworkModel } from './types.js';

const requestMembers = (objects: string[], members: string[]): NonNullable<FrameworkModel['memberSources']> =>
  objects.flatMap((o) => members.map((m) => ({ name: `${o}.${m}**`, kind: 'request-input' as const })));

/**
 * Inbound web requests in Express- and Fastify-style handlers (`req.body`, `request.query`,
 * `request.params`, `req.headers`): the handler's request object, by the names both frameworks'
 * documentation and nearly all code give it, or by its declared type (`req: Request` from
 * `express`, `FastifyRequest`).
 */
export const webJs: FrameworkModel = {
  id: 'web-js',
  title: 'Express / Fastify request input',
  languages: ['javascript'],
  // (a NestJS handler's `@Req() req` is the platform's request object: Express's by default)
  enablers: ['express', 'fastify', 'fastify.*', '@fastify/*', 'koa', '@nestjs/common'],
  memberSources: [
    { name: '?.req.body**', kind: 'request-input' },
    // by name, and by declared type where TypeScript gives one (`(req: Request, res: Response) =>`)
    ...requestMembers(['req', 'request', 'express.Request()', 'fastify.FastifyRequest()'], ['body', 'query', 'params', 'headers']),
  ],
};

/**
 * Hono: every handler and middleware gets a context `c` whose `req` is the request
 * (`c.req.query('q')`, `c.req.param('id')`, `await c.req.json()`, `c.req.formData()`,
 * `c.req.header('x')`, `c.req.valid('json')`). Only `c.req` is input: `c.env` and `c.var` hold
 * the deployment's bindings and what the program's own middleware set.
 */
export const webHono: FrameworkModel = {
  id: 'web-hono',
  title: 'Hono request input',
  languages: ['javascript'],
  enablers: ['hono', 'hono.*', '@hono/*'],
  memberSources: [{ name: '*.req', kind: 'request-input' }],
};

const nestParams = (module: string, names: string[]): NonNullable<FrameworkModel['sources']> =>
  names.map((n) => ({ callee: `${module}.${n}`, kind: 'request-input' as const }));

/**
 * NestJS: a controller method's parameters decorated `@Body()`, `@Param('id')`, `@Query('q')`,
 * `@Headers('x')`, `@HostParam()`, `@UploadedFile()` and `@UploadedFiles()`, and a gateway's
 * `@MessageBody()`, are filled from the request. The decorator factories are the sources; the
 * parameter a decorator marks takes its taint (javascript.ts, `walkFunction`). A pipe that parses
 * the value (`ParseIntPipe`, `ParseUUIDPipe`...) leaves no text to inject.
 */
export const webNest: FrameworkModel = {
  id: 'web-nest',
  title: 'NestJS request input',
  languages: ['javascript'],
  enablers: ['@nestjs/common', '@nestjs/websockets'],
  sources: [
    ...nestParams('@nestjs/common', ['Body', 'Param', 'Query', 'Headers', 'HostParam', 'UploadedFile', 'UploadedFiles']),
    ...nestParams('@nestjs/websockets', ['MessageBody']),
  ],
};
