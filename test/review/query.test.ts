import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ReviewQueries } from '../../src/review/query.js';
import { entry, fixture, type Fixture } from './helpers.js';

describe('ReviewQueries.exportRows', () => {
  let fx: Fixture;
  beforeEach(() => {
    fx = fixture();
  });
  afterEach(() => fx.cleanup());

  it('works out a text search once per export, not once per chunk, and keeps the order', () => {
    // 250 answers, every other one about rockets, several to a second (ordered by time, then id).
    for (let i = 0; i < 250; i++) {
      fx.log.record(
        entry(fx.log, {
          createdAt: new Date(Date.UTC(2024, 0, 1, 0, 0, Math.floor(i / 3))),
          question: i % 2 ? `How many rockets fell, ${i}?` : `Who spoke, ${i}?`,
        }),
      );
    }
    const run: string[] = [];
    const queries = new ReviewQueries(fx.log.file, { trace: (sql) => run.push(sql) });
    try {
      const ids = [...queries.exportRows({ q: 'rockets' }, 10)].map((r) => r.id);
      const expected = Array.from({ length: 250 }, (_, i) => i + 1)
        .filter((id) => (id - 1) % 2)
        .reverse();
      assert.deepEqual(ids, expected);
      assert.equal(run.filter((sql) => sql.includes('answers_fts')).length, 1, run.join('\n'));
    } finally {
      queries.close();
    }
  });

  it('leaves out an answer deleted while the export is read', () => {
    for (let d = 1; d <= 5; d++) fx.log.record(entry(fx.log, { createdAt: new Date(Date.UTC(2024, 5, d)) }));
    const queries = new ReviewQueries(fx.log.file);
    try {
      const rows = queries.exportRows({}, 2);
      const first = rows.next();
      assert.equal(first.value?.id, 5);
      // 10 June 12:00 less 7.5 days: answers before 2 June 24:00 go.
      fx.log.purge(7.5);
      assert.deepEqual(
        [...rows].map((r) => r.id),
        [4, 3],
      );
    } finally {
      queries.close();
    }
  });
});

describe('ReviewQueries.queue', () => {
  let fx: Fixture;
  beforeEach(() => {
    fx = fixture();
  });
  afterEach(() => fx.cleanup());

  it('lists a text search newest first without sorting every answer that matches', () => {
    fx.log.record(entry(fx.log, { question: 'How many rockets fell?' }));
    const run: string[] = [];
    const queries = new ReviewQueries(fx.log.file, { trace: (sql) => run.push(sql) });
    try {
      assert.equal(queries.queue({ q: 'rockets' }).rows.length, 1);
    } finally {
      queries.close();
    }
    // The statement as it ran (its values in place), and how SQLite runs it: by the created_at index,
    // whatever the number of matches, not by reading each match and sorting them all.
    const plan = queryPlan(fx.log.file, run, 'answers_fts');
    assert.ok(
      plan.some((d) => /^SCAN answers USING (COVERING )?INDEX answers_created_at/.test(d)),
      plan.join('\n'),
    );
    assert.ok(!plan.some((d) => /TEMP B-TREE FOR ORDER BY/.test(d)), plan.join('\n'));
  });

  it('lists the oldest first by the same indexes, without sorting the matches', () => {
    for (let i = 0; i < 5; i++) {
      fx.log.record(
        entry(fx.log, { createdAt: new Date(Date.UTC(2024, 0, 1, 0, i)), question: `rockets ${i}` }),
      );
    }
    for (const [filters, index] of [
      [{ q: 'rockets' }, 'answers_created_at'],
      [{ state: 'unreviewed' }, 'answers_review_state_created'],
    ] as const) {
      const run: string[] = [];
      const queries = new ReviewQueries(fx.log.file, { trace: (sql) => run.push(sql) });
      try {
        assert.deepEqual(
          queries.queue({ ...filters, order: 'oldest' }).rows.map((r) => r.id),
          [1, 2, 3, 4, 5],
        );
      } finally {
        queries.close();
      }
      const plan = queryPlan(fx.log.file, run, 'ASC');
      assert.ok(
        plan.some((d) => new RegExp(`^(SCAN|SEARCH) answers USING (COVERING )?INDEX ${index}`).test(d)),
        plan.join('\n'),
      );
      assert.ok(!plan.some((d) => /TEMP B-TREE FOR ORDER BY/.test(d)), plan.join('\n'));
    }
  });

  it('lists the answers Telegram did not deliver by an index of them alone, whatever the page', () => {
    for (let i = 0; i < 120; i++) {
      const id = fx.log.record(entry(fx.log, { createdAt: new Date(Date.UTC(2024, 0, 1, 0, i)) }));
      if (i % 40 === 0) fx.log.markUndelivered(id, 'Forbidden: bot was blocked by the user');
    }
    const run: string[] = [];
    const queries = new ReviewQueries(fx.log.file, { trace: (sql) => run.push(sql) });
    try {
      assert.deepEqual(
        queries.queue({ undelivered: true }).rows.map((r) => r.id),
        [81, 41, 1],
      );
    } finally {
      queries.close();
    }
    const plan = queryPlan(fx.log.file, run, 'undelivered IS NOT NULL');
    assert.ok(
      plan.some((d) => /^SCAN answers USING (COVERING )?INDEX answers_undelivered_created/.test(d)),
      plan.join('\n'),
    );
  });
});

/** How SQLite runs the traced statement that holds `needle` (as it ran, its values in place). */
function queryPlan(file: string, traced: readonly string[], needle: string): string[] {
  const sql = traced.find((s) => s.includes(needle));
  assert.ok(sql, traced.join('\n'));
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail);
  } finally {
    db.close();
  }
}
