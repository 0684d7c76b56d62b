import vm from 'node:vm';

export function evaluate(expr) {
  // expect: code-eval
  return eval(expr);
}

export function compile(body) {
  // expect: code-eval
  return new Function('x', body);
}

export function sandboxed(code) {
  // expect: code-eval
  return vm.runInNewContext(code, {});
}

// ok: code-eval
setTimeout(() => console.log('tick'), 1000);

export function later(source) {
  // expect: code-eval
  setTimeout('run(' + source + ')', 10);
  // ok: code-eval
  return JSON.parse(source);
}

export async function pause(ms) {
  // ok: code-eval
  await new Promise((resolve) => setTimeout(resolve, ms));
}
