import type { FrameworkModel } from './types.js';

/** Inbound web requests in Flask, Django and FastAPI/Starlette. */
export const webPython: FrameworkModel = {
  id: 'web-python',
  title: 'Flask / Django / FastAPI request input',
  languages: ['python'],
  enablers: ['flask*', 'django*', 'fastapi*', 'starlette*'],
  memberSources: [
    { name: 'flask.request.**', kind: 'request-input' },
    { name: 'flask.request', kind: 'request-input' },
  ],
};
