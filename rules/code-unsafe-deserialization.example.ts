import serialize from 'node-serialize';

export function load(text: string): unknown {
  // expect: code-unsafe-deserialization
  return serialize.unserialize(text);
}

export function loadJson(text: string): unknown {
  // ok: code-unsafe-deserialization
  return JSON.parse(text);
}
