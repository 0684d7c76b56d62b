/** A step of the bundle's build (bundle.mjs): how its files export to each other. */

/** What rolldown writes for each name a file of the bundle exports to the others: a getter, which keeps the binding live. */
const EXPORT_GETTER = /^Object\.defineProperty\(exports, "([\w$]+)", \{\n\tenumerable: true,\n\tget: function\(\) \{\n\t\treturn ([\w$]+);\n\t\}\n\}\);$/gm;
/** Declarations at the top level of a file whose binding never changes once the file has run. */
const FIXED_BINDING = /^(?:(?:async )?function\*? ?|class |const )([\w$]+)\b/gm;
/** A class declaration as rolldown writes it: a `var`, fixed unless the file assigns it again. */
const CLASS_BINDING = /^var ([\w$]+) = class\b/gm;

/**
 * The exports between the bundle's files as plain properties where the binding cannot change:
 * a getter costs a call at every use of the name in another file (`values.unknown(...)` is two
 * calls), which V8's interpreter and baseline code, where most of a check runs, do not inline.
 * Exported `let` and `var` bindings (which a module may reassign) keep their getters, but for
 * the `var` rolldown makes of a class declaration when nothing else assigns it. The
 * exports are set where the getters were defined, at the end of the file, after every
 * declaration has run.
 */
export function plainExports(code) {
  const fixed = new Set(Array.from(code.matchAll(FIXED_BINDING), (m) => m[1]));
  for (const [, name] of code.matchAll(CLASS_BINDING)) {
    const assigned = code.match(new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}\\s*=(?![=>])`, 'g'));
    if (assigned?.length === 1) fixed.add(name);
  }
  return code.replace(EXPORT_GETTER, (getter, name, binding) => (fixed.has(binding) ? `exports.${name} = ${binding};` : getter));
}
