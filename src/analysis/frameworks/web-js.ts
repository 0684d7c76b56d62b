import type { FrameworkModel } from './types.js';

/** Inbound web requests in Express-style handlers (`req.body`, `req.query`, `req.params`). */
export const webJs: FrameworkModel = {
  id: 'web-js',
  title: 'Express request input',
  languages: ['javascript'],
  enablers: ['express', 'fastify', 'koa'],
  memberSources: [
    { name: '?.req.body**', kind: 'request-input' },
    { name: 'req.body**', kind: 'request-input' },
    { name: 'req.query**', kind: 'request-input' },
    { name: 'req.params**', kind: 'request-input' },
    { name: 'request.body**', kind: 'request-input' },
    { name: 'request.query**', kind: 'request-input' },
  ],
};
