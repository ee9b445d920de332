import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { statementCache } from '../src/sqlite.js';

test('statementCache prepares each SQL text once per connection', () => {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (x INTEGER)');
  const stmt = statementCache(db);
  const insert = stmt('INSERT INTO t (x) VALUES (?)');
  assert.equal(stmt('INSERT INTO t (x) VALUES (?)'), insert);
  insert.run(1);
  stmt('INSERT INTO t (x) VALUES (?)').run(2);
  assert.notEqual(stmt('SELECT x FROM t'), insert);
  assert.deepEqual(stmt('SELECT x FROM t ORDER BY x').all(), [{ x: 1 }, { x: 2 }]);
  // Another connection has statements of its own.
  const other = new Database(':memory:');
  other.exec('CREATE TABLE t (x INTEGER)');
  assert.notEqual(statementCache(other)('INSERT INTO t (x) VALUES (?)'), insert);
  db.close();
  other.close();
});
