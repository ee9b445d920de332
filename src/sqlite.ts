import type Database from 'better-sqlite3';

/**
 * Prepares each SQL text once per connection. Preparing compiles the statement; the log writes an
 * answer with the same few statements every time, and a review page runs the same queries per page.
 * The statements are shared: do not switch one's mode (`pluck`, `raw`, `expand`).
 */
export function statementCache(db: Database.Database): (sql: string) => Database.Statement {
  const statements = new Map<string, Database.Statement>();
  return (sql) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };
}
