import type { FrameworkModel } from './types.js';

/** Inbound web requests in Flask, Django, FastAPI/Starlette, Sanic and aiohttp. */
export const webPython: FrameworkModel = {
  id: 'web-python',
  title: 'Flask / Django / FastAPI / Sanic / aiohttp request input',
  languages: ['python'],
  enablers: ['flask*', 'django*', 'fastapi*', 'starlette*', 'sanic*', 'aiohttp*'],
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
    // Sanic: a handler's first parameter is the request, the others the path's parts
    'sanic.Sanic().route',
    'sanic.Sanic().get',
    'sanic.Sanic().post',
    'sanic.Sanic().put',
    'sanic.Sanic().patch',
    'sanic.Sanic().delete',
    'sanic.Blueprint().route',
    'sanic.Blueprint().get',
    'sanic.Blueprint().post',
    // aiohttp's route table
    'aiohttp.web.RouteTableDef().get',
    'aiohttp.web.RouteTableDef().post',
    'aiohttp.web.RouteTableDef().put',
    'aiohttp.web.RouteTableDef().patch',
    'aiohttp.web.RouteTableDef().delete',
    'aiohttp.web.RouteTableDef().route',
  ],
  // Django views routed in a URLconf: `path("search/<slug>/", views.search)`
  toolFactories: [
    { callee: 'django.urls.path', where: [1, { index: 1, key: 'view' }], input: 'request-input' },
    { callee: 'django.urls.re_path', where: [1, { index: 1, key: 'view' }], input: 'request-input' },
    { callee: 'django.conf.urls.url', where: [1], input: 'request-input' },
    // handlers registered by call: Sanic's `app.add_route(handler, "/api/x")`, aiohttp's `app.router.add_get("/x", handler)`
    { callee: 'sanic.Sanic().add_route', where: [0, { index: 0, key: 'handler' }], input: 'request-input' },
    { callee: 'sanic.Blueprint().add_route', where: [0, { index: 0, key: 'handler' }], input: 'request-input' },
    { callee: 'aiohttp.web.Application().router.add_get', where: [1, { index: 1, key: 'handler' }], input: 'request-input' },
    { callee: 'aiohttp.web.Application().router.add_post', where: [1, { index: 1, key: 'handler' }], input: 'request-input' },
    { callee: 'aiohttp.web.Application().router.add_route', where: [2, { index: 2, key: 'handler' }], input: 'request-input' },
  ],
  // the body Flask parsed (`request.get_json()`, `get_data()`): the sender's data as a whole, iterated or read by key
  sources: [
    { callee: 'flask.request.get_json', kind: 'request-input' },
    { callee: 'flask.request.get_data', kind: 'request-input' },
  ],
  memberSources: [
    { name: 'flask.request.**', kind: 'request-input' },
    { name: 'flask.request', kind: 'request-input' },
  ],
};
