import type { FrameworkModel } from './types.js';

/** Standard-library calls that make a value safe for one kind of sink. Always enabled. */
export const stdlibSanitizers: FrameworkModel = {
  id: 'stdlib',
  title: 'Standard-library sanitizers',
  languages: ['python', 'javascript', 'shell'],
  enablers: [],
  sanitizers: [
    { callee: 'shlex.quote', kind: 'shell-quoted' },
    { callee: 'pipes.quote', kind: 'shell-quoted' },
    // cmd.exe's quoting (PyPI `mslex`), as `shlex.quote` is a POSIX shell's
    { callee: 'mslex.quote', kind: 'shell-quoted' },
    { callee: 'int', kind: 'integer' },
    { callee: 'float', kind: 'integer' },
    { callee: 'Number', kind: 'integer' },
    { callee: 'parseInt', kind: 'integer' },
    { callee: 'parseFloat', kind: 'integer' },
    { callee: 'os.path.basename', kind: 'path-basename' },
    { callee: 'path.basename', kind: 'path-basename' },
    // a file's extension (`.png`) holds no separator
    { callee: 'path.extname', kind: 'path-basename' },
    { callee: 'psycopg2.sql.Identifier', kind: 'sql-identifier' },
    { callee: 'psycopg.sql.Identifier', kind: 'sql-identifier' },
    // SQLAlchemy's dialect quoting of a name (`engine.dialect.identifier_preparer.quote(table)`), bound to a local name or not
    { callee: '**.identifier_preparer.quote', kind: 'sql-identifier' },
    { callee: 'shell-quote.quote', kind: 'shell-quoted' },
    { callee: 'shell-escape', kind: 'shell-quoted' },
  ],
};
