/**
 * The environment variables that pick a parser or back end (`AGENTOS_JS_PARSER`,
 * `AGENTOS_PY_PARSER`, `AGENTOS_TREE_SITTER`) are read the same way: trimmed, any case, unset
 * or empty meaning the default, anything else not in the list an error that names the variable,
 * the value given and the values expected.
 */
export function envChoice<T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  choices: readonly T[],
  fallback: T,
  unavailable: (message: string) => Error,
): T {
  const raw = env[name];
  const v = (raw ?? '').trim().toLowerCase();
  if (v === '') return fallback;
  if ((choices as readonly string[]).includes(v)) return v as T;
  const expected = choices.length > 1 ? `${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}` : choices.join('');
  throw unavailable(`${name}=${raw}: expected ${expected}`);
}
