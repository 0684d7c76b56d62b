import type { FrameworkModel } from './types.js';

const requestMembers = (objects: string[], members: string[]): NonNullable<FrameworkModel['memberSources']> =>
  objects.flatMap((o) => members.map((m) => ({ name: `${o}.${m}**`, kind: 'request-input' as const })));

/**
 * Inbound web requests in Express- and Fastify-style handlers (`req.body`, `request.query`,
 * `request.params`, `req.headers`): the handler's request object, by the names both frameworks'
 * documentation and nearly all code give it.
 */
export const webJs: FrameworkModel = {
  id: 'web-js',
  title: 'Express / Fastify request input',
  languages: ['javascript'],
  enablers: ['express', 'fastify', 'fastify.*', '@fastify/*', 'koa'],
  memberSources: [{ name: '?.req.body**', kind: 'request-input' }, ...requestMembers(['req', 'request'], ['body', 'query', 'params', 'headers'])],
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
