import type { FrameworkModel } from './types.js';

/** Inbound web requests in Flask, Django and FastAPI/Starlette. */
export const webPython: FrameworkModel = {
  id: 'web-python',
  title: 'Flask / Django / FastAPI request input',
  languages: ['python'],
  enablers: ['flask*', 'django*', 'fastapi*', 'starlette*'],
  // route handlers: path, query and body parameters arrive from the request
  routeDecorators: [
    'fastapi.FastAPI().get',
    'fastapi.FastAPI().post',
    'fastapi.FastAPI().put',
    'fastapi.FastAPI().patch',
    'fastapi.FastAPI().delete',
    'fastapi.FastAPI().api_route',
    'fastapi.FastAPI().websocket',
    'fastapi.APIRouter().get',
    'fastapi.APIRouter().post',
    'fastapi.APIRouter().put',
    'fastapi.APIRouter().patch',
    'fastapi.APIRouter().delete',
    'fastapi.APIRouter().api_route',
    'flask.Flask().route',
    'flask.Flask().get',
    'flask.Flask().post',
    'flask.Flask().put',
    'flask.Flask().patch',
    'flask.Flask().delete',
    'flask.Blueprint().route',
    'flask.Blueprint().get',
    'flask.Blueprint().post',
  ],
  // Django views routed in a URLconf: `path("search/<slug>/", views.search)`
  toolFactories: [
    { callee: 'django.urls.path', where: [1, { index: 1, key: 'view' }], input: 'request-input' },
    { callee: 'django.urls.re_path', where: [1, { index: 1, key: 'view' }], input: 'request-input' },
    { callee: 'django.conf.urls.url', where: [1], input: 'request-input' },
  ],
  memberSources: [
    { name: 'flask.request.**', kind: 'request-input' },
    { name: 'flask.request', kind: 'request-input' },
  ],
};
