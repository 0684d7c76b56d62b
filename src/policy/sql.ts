/** SQL classification: the single place that decides whether SQL is destructive. */

export type SqlDialect = 'generic' | 'postgres' | 'mysql' | 'sqlite';

export interface SqlStatementVerdict {
  /** lower-case leading verb after CTEs are unwrapped: select, insert, update, delete, drop, truncate, alter, create, grant, ... */
  kind: string;
  destructive: boolean;
  /** one sentence for a user, e.g. "DELETE without a WHERE clause removes every row of `users`" */
  reason?: string;
  /** affected object when known (`users`) */
  target?: string;
  /** the statement's text span in the input, 0-based [start, end) offsets */
  start: number;
  end: number;
  /** the statement contains a hole whose content could change the verdict */
  uncertain?: boolean;
}

export interface SqlVerdict {
  /** false when the text does not parse as SQL (fail closed in the kernel) */
  parsed: boolean;
  error?: string;
  statements: SqlStatementVerdict[];
  /** any statement destructive */
  destructive: boolean;
  /** first destructive statement's reason, or the parse error */
  reason?: string;
  /** more than one statement */
  stacked: boolean;
}

export interface ClassifySqlOptions {
  dialect?: SqlDialect;
  /** identifiers starting with this prefix are holes of unknown content (see analysis/values.ts skeleton) */
  holePrefix?: string;
}

export function classifySql(text: string, options: ClassifySqlOptions = {}): SqlVerdict {
  void text; void options;
  throw new Error('classifySql: not implemented');
}

/** Cheap test: does this string look like SQL at all (a leading SQL keyword)? Used to pick SQL out of arbitrary strings. */
export function looksLikeSql(text: string): boolean {
  void text;
  throw new Error('looksLikeSql: not implemented');
}
