import serialize from 'node-serialize';

export function restore(cookie) {
  // expect: code-unsafe-deserialization
  return serialize.unserialize(Buffer.from(cookie, 'base64').toString());
}

export function restoreJson(cookie) {
  // ok: code-unsafe-deserialization
  return JSON.parse(Buffer.from(cookie, 'base64').toString());
}
