import assert from 'node:assert/strict';
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
